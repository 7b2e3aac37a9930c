#include "csv/prefetch.h"

#include <utility>

namespace evidence::csv {
namespace {

// Records per hand-over: enough that the lock is taken rarely, few enough that the caller starts at
// once. At most kBatches are parsed ahead, so memory stays that of a few thousand records.
constexpr std::size_t kBatchRecords = 1024;
constexpr std::size_t kBatches = 4;

} // namespace

Prefetcher::Prefetcher(Reader& reader) : m_reader(reader), m_thread([this] { produce(); }) {}

Prefetcher::~Prefetcher()
{
    finish();
}

void Prefetcher::produce()
{
    for (;;) {
        Batch batch;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stop || m_full.size() < kBatches; });
            if (m_stop)
                return;
            if (!m_empty.empty()) {
                batch = std::move(m_empty.back());
                m_empty.pop_back();
            }
        }
        // The records handed back keep their strings' capacity: next() swaps into them.
        batch.resize(kBatchRecords);
        std::size_t n = 0;
        std::exception_ptr error;
        bool end = false;
        try {
            while (n < kBatchRecords && !(end = !m_reader.next(batch[n])))
                ++n;
        } catch (...) {
            error = std::current_exception();
        }
        batch.resize(n);
        const bool last = error || end;
        {
            const std::lock_guard lock(m_mutex);
            if (n > 0)
                m_full.push_back(std::move(batch));
            if (last) {
                // Moved, not copied: the caller alone then holds the exception it rethrows.
                m_error = std::move(error);
                m_done = true;
            }
        }
        m_changed.notify_all();
        if (last)
            return;
    }
}

bool Prefetcher::next(Record& out)
{
    while (m_position == m_current.size()) {
        std::unique_lock lock(m_mutex);
        if (!m_current.empty()) {
            m_empty.push_back(std::move(m_current));
            m_current.clear();
        }
        m_position = 0;
        m_changed.notify_all();
        m_changed.wait(lock, [&] { return !m_full.empty() || m_done; });
        if (m_full.empty()) {
            if (m_error)
                std::rethrow_exception(std::exchange(m_error, nullptr));
            return false;
        }
        m_current = std::move(m_full.front());
        m_full.pop_front();
    }
    std::swap(out, m_current[m_position++]);
    return true;
}

void Prefetcher::finish()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true; // no effect once everything is read; otherwise the thread stops after its batch
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace evidence::csv
