#pragma once
/// @file parallel.h
/// @brief Independent pieces of work spread over the processor's cores.

#include <cstddef>
#include <functional>

namespace evidence {

/// Calls @p work(i) for every i in [0, count), on as many threads as the machine has cores (this one
/// included), and returns when all calls have returned. Calls must not depend on each other's order.
/// If any throw, the exception of the lowest i is rethrown once all have finished, so the caller sees
/// what a plain loop would have reported first.
void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work);

} // namespace evidence
