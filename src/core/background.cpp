#include "core/background.h"

namespace evidence {

std::size_t workerCount(std::size_t items) noexcept
{
    return std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), items);
}

void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work)
{
    std::vector<std::exception_ptr> errors(count);
    std::atomic<std::size_t> next{0};
    auto run = [&] {
        for (std::size_t i; (i = next++) < count;) {
            try {
                work(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (std::size_t t = 1; t < workerCount(count); ++t)
            helpers.emplace_back(run);
        run();
    } // the helpers join here
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace evidence
