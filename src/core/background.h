#pragma once
/// @file background.h
/// @brief The one way work runs off the calling thread: a loop spread over the cores, a task on a worker whose
/// result the caller collects, a queue the caller fills while workers empty it, a bounded channel from one
/// producing thread, and a cancellation token.
///
/// Errors cross threads only as exceptions, and always reach the caller in the order a plain loop on one
/// thread would have met them, whatever the threads' timing. Nothing here outlives its owner: every
/// destructor waits for the threads it started.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace evidence {

/// Asks work in progress to stop at its next check. Copies share one flag, so the copy given to the work
/// and the one kept by whoever may cancel it are the same token.
class CancellationToken
{
public:
    CancellationToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}

    /// Asks the work to stop; it stops at its next check of cancelled().
    void cancel() const noexcept { m_flag->store(true); }
    /// True once cancel() has been called on any copy.
    bool cancelled() const noexcept { return m_flag->load(); }
    /// The flag itself, for the options of long tasks (import, export) that poll a std::atomic<bool>.
    std::atomic<bool>* flag() const noexcept { return m_flag.get(); }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

/// The threads worth running for @p items independent pieces of work: one per core, this one included,
/// and never more than there are pieces (none for none).
std::size_t workerCount(std::size_t items) noexcept;

/// Calls @p work(i) for every i in [0, count), on as many threads as the machine has cores (this one
/// included), and returns when all calls have returned. Calls must not depend on each other's order.
/// If any throw, the exception of the lowest i is rethrown once all have finished, so the caller sees
/// what a plain loop would have reported first.
void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work);

/// The pieces of one result, handed in from several threads with each piece's place, joined in the order of
/// the places whatever the order they came in.
template <class T>
class InOrder
{
public:
    /// Sets piece @p place (thread-safe).
    void put(std::size_t place, std::vector<T>&& items)
    {
        const std::lock_guard hold(m_lock);
        if (m_pieces.size() <= place)
            m_pieces.resize(place + 1);
        m_pieces[place] = std::move(items);
    }
    /// Every piece's items, in the order of the places; call once every put() has returned.
    std::vector<T> join()
    {
        std::vector<T> all;
        for (auto& piece : m_pieces)
            for (auto& item : piece)
                all.push_back(std::move(item));
        return all;
    }

private:
    std::mutex m_lock;
    std::vector<std::vector<T>> m_pieces;
};

/// Work running on a thread of its own, and its result once it has finished. Like std::future, but its
/// destructor always waits for the work, and ready() asks without waiting (for a GUI's timer or idle
/// handler, which then collects the result on its own thread with get()).
template <class T>
class Task
{
public:
    /// No work: valid() is false.
    Task() = default;
    /// Starts @p work() on a new thread; @p token is what cancel() sets.
    template <class F>
    requires std::is_invocable_r_v<T, F&>
    explicit Task(F work, CancellationToken token = {}) : m_token(std::move(token))
    {
        std::promise<T> promise;
        m_result = promise.get_future();
        m_thread = std::jthread([work = std::move(work), promise = std::move(promise)]() mutable {
            try {
                if constexpr (std::is_void_v<T>) {
                    work();
                    promise.set_value();
                } else {
                    promise.set_value(work());
                }
            } catch (...) {
                promise.set_exception(std::current_exception());
            }
        });
    }
    Task(Task&&) noexcept = default;
    /// Waits for the work this task held before taking @p other's.
    Task& operator=(Task&& other) noexcept
    {
        wait();
        m_token = std::move(other.m_token);
        m_result = std::move(other.m_result);
        m_thread = std::move(other.m_thread);
        return *this;
    }
    ~Task() { wait(); }

    /// True from the start of the work until get() has returned its result.
    bool valid() const noexcept { return m_result.valid(); }
    /// True when the work has finished (returned or thrown): get() will not wait.
    bool ready() const { return valid() && m_result.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }
    /// Waits for the work to finish, without taking its result.
    void wait()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    /// Waits for the work, then returns its result or rethrows its exception; valid() is false afterwards.
    T get()
    {
        wait();
        return m_result.get();
    }
    /// Asks the work to stop, through the token it was given.
    void cancel() const noexcept { m_token.cancel(); }

private:
    CancellationToken m_token;
    std::future<T> m_result;
    std::jthread m_thread; ///< last: joined before the result it sets is destroyed
};

/// Starts @p work() on a thread of its own.
template <class F>
auto runInBackground(F work)
{
    return Task<std::invoke_result_t<F>>(std::move(work));
}

/// Starts @p work(token) on a thread of its own; Task::cancel() (or @p token.cancel()) asks it to stop.
template <class F>
auto runInBackground(F work, CancellationToken token)
{
    using Result = std::invoke_result_t<F, const CancellationToken&>;
    return Task<Result>([work = std::move(work), token]() mutable { return work(token); }, token);
}

/// Items that the calling thread produces one by one (reading them from a store, say) and that workers
/// process as soon as each arrives, on every other core; once the caller has produced the last, finish()
/// has this thread help too. Items are processed in no particular order.
template <class T>
class WorkQueue
{
public:
    /// Starts workerCount(@p expected) - 1 workers, which call @p work on each item pushed.
    WorkQueue(std::size_t expected, std::function<void(T&)> work) : m_work(std::move(work))
    {
        for (std::size_t w = 1; w < workerCount(expected); ++w)
            m_workers.emplace_back([this] { drain(); });
    }
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;
    /// Drops the items not yet started (the producer failed) and waits for the workers.
    ~WorkQueue()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
    }

    /// Hands @p item to a worker, or processes it here when there are none (one core, or one item).
    void push(T item)
    {
        if (m_workers.empty()) {
            run(m_pushed++, item);
            return;
        }
        {
            const std::lock_guard lock(m_mutex);
            m_queue.emplace_back(m_pushed++, std::move(item));
        }
        m_wake.notify_one();
    }
    /// No more items: processes what is left on this thread too and waits for the workers. If any
    /// processing threw, rethrows the exception of the earliest item pushed.
    void finish()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_producing = false;
        }
        m_wake.notify_all();
        drain();
        for (auto& w : m_workers)
            w.join();
        m_workers.clear();
        if (m_error)
            std::rethrow_exception(std::exchange(m_error, nullptr));
    }

private:
    void drain()
    {
        for (;;) {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || !m_queue.empty() || !m_producing; });
            if (m_stop || m_queue.empty())
                return;
            auto job = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            run(job.first, job.second);
        }
    }
    void run(std::size_t index, T& item)
    {
        try {
            m_work(item);
        } catch (...) {
            const std::lock_guard lock(m_mutex);
            if (!m_error || index < m_errorIndex) {
                m_error = std::current_exception();
                m_errorIndex = index;
            }
        }
    }

    std::function<void(T&)> m_work;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::pair<std::size_t, T>> m_queue; ///< with the order each was pushed in
    std::size_t m_pushed = 0;                      ///< read and written by the producing thread only
    bool m_producing = true;
    bool m_stop = false;
    std::exception_ptr m_error; ///< of the earliest item that failed
    std::size_t m_errorIndex = 0;
    std::vector<std::jthread> m_workers; ///< last: joined before the members they use go
};

/// Items from one producing thread to one consuming thread, in order, at most @p capacity waiting: the
/// producer waits for room, so it runs at most that far ahead. The producer's error reaches the consumer
/// after every item produced before it.
template <class T>
class Channel
{
public:
    /// @p capacity items may wait; 0 means no limit.
    explicit Channel(std::size_t capacity = 0) : m_capacity(capacity) {}

    /// Producer: waits for room, then hands @p item over. False (and @p item dropped) once the consumer has
    /// called stop().
    bool push(T item)
    {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stopped || m_capacity == 0 || m_items.size() < m_capacity; });
            if (m_stopped)
                return false;
            m_items.push_back(std::move(item));
        }
        m_changed.notify_all();
        return true;
    }
    /// Producer: there are no more items; @p error, if any, is rethrown by pop() after the last.
    void close(std::exception_ptr error = nullptr)
    {
        {
            const std::lock_guard lock(m_mutex);
            m_closed = true;
            m_error = std::move(error);
        }
        m_changed.notify_all();
    }
    /// Consumer: waits for the next item; nothing at the end. Rethrows the producer's error once, after the
    /// last item.
    std::optional<T> pop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_items.empty() || m_closed; });
        return takeLocked(lock);
    }
    /// Consumer: the next item if one is waiting, without waiting; the producer's error as pop() does.
    std::optional<T> tryPop()
    {
        std::unique_lock lock(m_mutex);
        return takeLocked(lock);
    }
    /// Consumer: wants no more items; the producer's push() returns false from now on.
    void stop()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_changed.notify_all();
    }

private:
    std::optional<T> takeLocked(std::unique_lock<std::mutex>& lock)
    {
        if (m_items.empty()) {
            if (m_error) {
                // Moved, not copied: the consumer alone then holds the exception it rethrows.
                std::exception_ptr error = std::exchange(m_error, nullptr);
                lock.unlock();
                std::rethrow_exception(error);
            }
            return std::nullopt;
        }
        std::optional<T> item(std::move(m_items.front()));
        m_items.pop_front();
        lock.unlock();
        m_changed.notify_all();
        return item;
    }

    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<T> m_items;
    std::exception_ptr m_error;
    bool m_closed = false;
    bool m_stopped = false;
};

} // namespace evidence
