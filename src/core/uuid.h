#pragma once
/// @file uuid.h
/// @brief Random (version 4) UUIDs for record identity.

#include <string>

namespace evidence {

/// A new random UUID in canonical lower-case form.
std::string newUuid();

} // namespace evidence
