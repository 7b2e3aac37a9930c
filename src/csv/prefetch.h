#pragma once
/// @file prefetch.h
/// @brief Reads a CSV file's records on a second thread while the caller works on earlier ones.

#include "csv/csv_reader.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace evidence::csv {

/// Hands out the records of @p reader as Reader::next() would, in the same order and with the same
/// errors at the same record, while a thread of its own parses the ones after. Parsing a large file
/// (quoting, UTF-8 checks, the SHA-256) then overlaps the caller's validation and database work.
///
/// The reader belongs to the thread until finish() or destruction: use it again (for its SHA-256 or
/// byte count) only after finish().
class Prefetcher
{
public:
    /// Starts the thread that reads from @p reader, which must outlive the Prefetcher and which the caller
    /// must not use until finish().
    explicit Prefetcher(Reader& reader);
    ~Prefetcher(); ///< stops the thread early if the caller did not read to the end
    Prefetcher(const Prefetcher&) = delete;
    Prefetcher& operator=(const Prefetcher&) = delete;

    /// Fills @p out with the next record; false at the end. Rethrows the reader's error where it
    /// stopped, after every record before it.
    bool next(Record& out);
    /// Stops the thread (at once if it has read everything, else after its current batch) and waits
    /// for it; the reader is the caller's again.
    void finish();

private:
    using Batch = std::vector<Record>;
    void produce();

    Reader& m_reader;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_full;   ///< parsed, in file order
    std::vector<Batch> m_empty; ///< read by the caller, handed back for their buffers
    std::exception_ptr m_error; ///< the reader's, after the last full batch
    bool m_done = false;        ///< the thread has read everything (or failed)
    bool m_stop = false;        ///< the caller no longer wants records
    Batch m_current;            ///< the batch the caller is reading
    std::size_t m_position = 0; ///< next record of m_current
    std::thread m_thread;
};

} // namespace evidence::csv
