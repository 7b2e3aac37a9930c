// parallelFor() spreads independent work over the cores: every index exactly once, and an error
// reported as a plain loop would report it first.

#include "core/parallel.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

BOOST_AUTO_TEST_SUITE(parallel_for)

BOOST_AUTO_TEST_CASE(every_index_runs_exactly_once)
{
    for (const std::size_t count : {0u, 1u, 2u, 7u, 1000u}) {
        std::vector<std::atomic<int>> calls(count);
        evidence::parallelFor(count, [&](std::size_t i) { ++calls.at(i); });
        for (std::size_t i = 0; i < count; ++i)
            BOOST_TEST(calls[i].load() == 1, "index " << i << " of " << count);
    }
}

BOOST_AUTO_TEST_CASE(the_work_runs_on_more_than_one_thread_when_there_are_cores)
{
    if (std::thread::hardware_concurrency() < 2)
        return; // nothing to show on one core
    std::mutex mutex;
    std::set<std::thread::id> threads;
    std::atomic<int> waiting{0};
    // Each of the first two calls waits (briefly) for the other: only two threads get both past it.
    evidence::parallelFor(2, [&](std::size_t) {
        ++waiting;
        for (int spin = 0; waiting.load() < 2 && spin < 2000; ++spin)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
    });
    BOOST_TEST(threads.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_error_of_the_lowest_index_is_rethrown_after_all_have_run)
{
    std::atomic<int> ran{0};
    try {
        evidence::parallelFor(100, [&](std::size_t i) {
            ++ran;
            if (i == 97 || i == 41 || i == 63)
                throw std::runtime_error("failed at " + std::to_string(i));
        });
        BOOST_ERROR("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "failed at 41");
    }
    BOOST_TEST(ran.load() == 100);
}

BOOST_AUTO_TEST_SUITE_END()
