// The background module: parallelFor() spreads independent work over the cores, a Task runs work on a
// thread of its own, a WorkQueue processes what the caller produces, a Channel carries items from one
// thread to another. Every index or item exactly once, errors reported as a plain loop would report them
// first, and cancellation that reaches the work.

#include "core/background.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

/// A gate that opens once, for what std::latch(1) would do here: std::latch waits with std::atomic::wait,
/// which in libstdc++ 12 for Windows (no futex) now and then misses the wake-up and waits for ever.
class Gate
{
public:
    void open()
    {
        {
            std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_opened.notify_all();
    }
    void wait()
    {
        std::unique_lock lock(m_mutex);
        m_opened.wait(lock, [&] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_opened;
    bool m_open = false;
};

} // namespace

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

BOOST_AUTO_TEST_CASE(pieces_handed_in_from_many_threads_are_joined_in_their_places_order)
{
    // Piece i holds i items valued i; the later pieces are handed in first.
    evidence::InOrder<int> pieces;
    evidence::parallelFor(40, [&](std::size_t k) {
        const std::size_t i = 39 - k;
        pieces.put(i, std::vector<int>(i, static_cast<int>(i)));
    });
    std::vector<int> expected;
    for (int i = 0; i < 40; ++i)
        expected.insert(expected.end(), static_cast<std::size_t>(i), i);
    BOOST_TEST(pieces.join() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(task)

BOOST_AUTO_TEST_CASE(the_result_comes_back_to_the_caller_and_the_task_is_then_empty)
{
    auto task = evidence::runInBackground([] { return std::string("done"); });
    BOOST_TEST(task.valid());
    BOOST_TEST(task.get() == "done");
    BOOST_TEST(!task.valid());
    BOOST_TEST(!task.ready());
}

BOOST_AUTO_TEST_CASE(ready_says_whether_get_would_wait)
{
    Gate release;
    auto task = evidence::runInBackground([&] {
        release.wait();
        return 7;
    });
    BOOST_TEST(!task.ready()); // the work cannot finish before the gate opens
    release.open();
    task.wait();
    BOOST_TEST(task.ready());
    BOOST_TEST(task.get() == 7);
}

BOOST_AUTO_TEST_CASE(the_works_exception_is_rethrown_by_get)
{
    auto task = evidence::runInBackground([]() -> int { throw std::runtime_error("the disk is full"); });
    try {
        task.get();
        BOOST_ERROR("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "the disk is full");
    }
    BOOST_TEST(!task.valid());
}

BOOST_AUTO_TEST_CASE(the_destructor_waits_for_the_work)
{
    Gate started;
    std::atomic<bool> finished{false};
    {
        auto task = evidence::runInBackground([&] {
            started.open();
            std::this_thread::yield();
            finished = true;
        });
        started.wait();
    }
    BOOST_TEST(finished.load());
}

BOOST_AUTO_TEST_CASE(cancel_reaches_the_work_through_its_token)
{
    // The work runs until it is cancelled: without cancellation this test would never end.
    Gate started;
    auto task = evidence::runInBackground(
        [&](const evidence::CancellationToken& token) {
            started.open();
            long rounds = 0;
            while (!token.cancelled())
                ++rounds;
            return rounds >= 0;
        },
        evidence::CancellationToken{});
    started.wait();
    task.cancel();
    BOOST_TEST(task.get());
}

BOOST_AUTO_TEST_CASE(copies_of_a_token_share_one_flag)
{
    const evidence::CancellationToken token;
    const evidence::CancellationToken copy = token;
    BOOST_TEST(!copy.cancelled());
    BOOST_TEST(!copy.flag()->load());
    token.cancel();
    BOOST_TEST(copy.cancelled());
    BOOST_TEST(copy.flag()->load());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(work_queue)

BOOST_AUTO_TEST_CASE(every_item_pushed_is_processed_exactly_once)
{
    for (const std::size_t count : {0u, 1u, 2u, 7u, 1000u}) {
        std::vector<std::atomic<int>> calls(count);
        evidence::WorkQueue<std::size_t> queue(count, [&](std::size_t& i) { ++calls.at(i); });
        for (std::size_t i = 0; i < count; ++i)
            queue.push(i);
        queue.finish();
        for (std::size_t i = 0; i < count; ++i)
            BOOST_TEST(calls[i].load() == 1, "item " << i << " of " << count);
    }
}

BOOST_AUTO_TEST_CASE(the_error_of_the_earliest_item_is_rethrown_after_all_have_run)
{
    std::atomic<int> ran{0};
    evidence::WorkQueue<int> queue(100, [&](int& i) {
        ++ran;
        if (i == 97 || i == 41 || i == 63)
            throw std::runtime_error("failed at " + std::to_string(i));
    });
    for (int i = 0; i < 100; ++i)
        queue.push(i);
    try {
        queue.finish();
        BOOST_ERROR("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "failed at 41");
    }
    BOOST_TEST(ran.load() == 100);
}

BOOST_AUTO_TEST_CASE(a_producer_that_fails_leaves_no_thread_behind)
{
    std::atomic<int> ran{0};
    try {
        evidence::WorkQueue<int> queue(100, [&](int&) { ++ran; });
        for (int i = 0; i < 10; ++i)
            queue.push(i);
        throw std::runtime_error("cannot read the store");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "cannot read the store");
    }
    BOOST_TEST(ran.load() <= 10);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(channel)

BOOST_AUTO_TEST_CASE(items_arrive_in_order_and_the_producer_stays_within_the_capacity)
{
    constexpr int kItems = 10000;
    constexpr int kCapacity = 3;
    evidence::Channel<int> channel(kCapacity);
    std::atomic<int> produced{0};
    auto producer = evidence::runInBackground([&] {
        for (int i = 0; i < kItems; ++i) {
            if (!channel.push(i))
                return;
            ++produced;
        }
        channel.close();
    });
    int consumed = 0;
    bool inOrder = true, withinCapacity = true;
    while (const auto item = channel.pop()) {
        inOrder = inOrder && *item == consumed;
        ++consumed;
        withinCapacity = withinCapacity && produced.load() <= consumed + kCapacity;
    }
    producer.get();
    BOOST_TEST(consumed == kItems);
    BOOST_TEST(inOrder);
    BOOST_TEST(withinCapacity);
}

BOOST_AUTO_TEST_CASE(the_producers_error_comes_after_every_item_before_it_and_once)
{
    evidence::Channel<int> channel;
    auto producer = evidence::runInBackground([&] {
        // As the CSV prefetcher does: the error is handed over once its catch block has let go of it, so that
        // the consumer, reading its message, holds the last reference (ThreadSanitizer does not see the
        // reference counting inside libstdc++).
        std::exception_ptr error;
        try {
            for (int i = 0; i < 5; ++i)
                channel.push(i);
            throw std::runtime_error("line 6: not UTF-8");
        } catch (...) {
            error = std::current_exception();
        }
        channel.close(std::move(error));
    });
    std::vector<int> got;
    try {
        while (const auto item = channel.pop())
            got.push_back(*item);
        BOOST_ERROR("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "line 6: not UTF-8");
    }
    BOOST_TEST(got == (std::vector<int>{0, 1, 2, 3, 4}));
    BOOST_TEST(!channel.pop());
    producer.get();
}

BOOST_AUTO_TEST_CASE(stop_releases_a_producer_waiting_for_room)
{
    evidence::Channel<int> channel(1);
    auto producer = evidence::runInBackground([&] {
        int pushed = 0;
        while (channel.push(pushed)) // the second push waits until stop()
            ++pushed;
        return pushed;
    });
    BOOST_TEST(*channel.pop() == 0);
    channel.stop();
    BOOST_TEST(producer.get() >= 1);
}

BOOST_AUTO_TEST_SUITE_END()
