#pragma once
/// @file prefetch.h
/// @brief Reads a CSV file's records on a second thread while the caller works on earlier ones.

#include "core/background.h"
#include "csv/csv_reader.h"

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
    Channel<Batch> m_full;      ///< parsed, in file order; then the reader's error, if any
    Channel<Batch> m_empty;     ///< read by the caller, handed back for their buffers
    Batch m_current;            ///< the batch the caller is reading
    std::size_t m_position = 0; ///< next record of m_current
    Task<void> m_thread;        ///< last: started once the channels exist
};

} // namespace evidence::csv
