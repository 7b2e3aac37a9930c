#include "csv/prefetch.h"

#include <optional>
#include <utility>

namespace evidence::csv {
namespace {

// Records per hand-over: enough that the lock is taken rarely, few enough that the caller starts at
// once. At most kBatches are parsed ahead, so memory stays that of a few thousand records.
constexpr std::size_t kBatchRecords = 1024;
constexpr std::size_t kBatches = 4;

} // namespace

// One batch is parsed while kBatches - 1 wait: the thread runs at most kBatches ahead.
Prefetcher::Prefetcher(Reader& reader)
    : m_reader(reader), m_full(kBatches - 1), m_thread(runInBackground([this] { produce(); }))
{
}

Prefetcher::~Prefetcher()
{
    finish();
}

void Prefetcher::produce()
{
    for (;;) {
        // The records handed back keep their strings' capacity: next() swaps into them.
        Batch batch = m_empty.tryPop().value_or(Batch{});
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
        if (n > 0 && !m_full.push(std::move(batch)))
            return; // the caller stopped reading
        if (error || end) {
            m_full.close(std::move(error));
            return;
        }
    }
}

bool Prefetcher::next(Record& out)
{
    while (m_position == m_current.size()) {
        if (!m_current.empty()) {
            m_empty.push(std::move(m_current));
            m_current.clear();
        }
        m_position = 0;
        std::optional<Batch> batch = m_full.pop(); // rethrows the reader's error after the last batch
        if (!batch)
            return false;
        m_current = std::move(*batch);
    }
    std::swap(out, m_current[m_position++]);
    return true;
}

void Prefetcher::finish()
{
    m_full.stop(); // no effect once everything is read; otherwise the thread stops after its batch
    m_thread.wait();
}

} // namespace evidence::csv
