#pragma once
/// @file csv_reader.h
/// @brief Streaming RFC 4180 reader over Debian's libcsv, with the line number of every record.
///
/// libcsv does the quoting rules (quoted fields, embedded commas, quotes and newlines, CR, LF or
/// CRLF); this class adds what our messages need: the physical line each record starts on, UTF-8
/// validation per field, a UTF-8 BOM skip, and blank lines ignored.

#include "csv/sha256.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct csv_parser;

namespace evidence::csv {

/// One record: its fields and the line of the file it starts on (1-based).
struct Record
{
    /// The line of the file the record starts on (1-based; a quoted field may run over several lines), and its
    /// fields as read, unquoted.
    std::size_t line = 0;
    std::vector<std::string> fields;
};

/// Reads records one at a time from a file or from memory.
///
/// @code
/// Reader reader("observations.csv");
/// Record r;
/// while (reader.next(r)) { ... }
/// @endcode
/// @throws DataError `file:LINE: ...` for malformed quoting, invalid UTF-8, a NUL byte, a field over
///         kMaxFieldBytes or a row over kMaxLineBytes; FileError when the file cannot be read or is not a
///         regular file (a device such as /dev/zero, a named pipe, a socket).
class Reader
{
public:
    static constexpr std::size_t kMaxFieldBytes = std::size_t(1) << 20; ///< 1 MiB: a narrative is at most 128 KiB
    static constexpr std::size_t kMaxLineBytes = std::size_t(4) << 20;  ///< 4 MiB for a whole row

    /// Reads @p path; messages name it by its file name.
    explicit Reader(const std::filesystem::path& path);
    /// Reads @p data held in memory; messages name it @p displayName.
    Reader(std::string data, std::string displayName);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /// Fills @p out with the next non-blank record; false at the end.
    bool next(Record& out);
    /// The name used in messages.
    const std::string& displayName() const noexcept { return m_name; }
    /// How many bytes of the file have been read so far (all of them once next() returned false).
    std::uint64_t bytesRead() const noexcept { return m_hash.size(); }
    /// SHA-256 of every byte read, as 64 hex digits: call once, after next() returned false.
    std::string sha256() { return m_hash.hex(); }

private:
    void init();
    bool feed();
    static void onField(void* s, std::size_t len, void* self);
    static void onRecord(int c, void* self);

    std::string m_name;
    std::unique_ptr<std::ifstream> m_file;
    std::string m_memory;
    std::size_t m_memoryPos = 0;
    std::unique_ptr<csv_parser> m_parser;
    std::deque<Record> m_ready;
    Record m_current;
    std::size_t m_fieldCount = 0;    ///< fields of m_current filled so far (its strings are reused)
    std::vector<Record> m_spare;     ///< records handed back by next(), reused for their buffers
    std::size_t m_line = 1;          ///< line where the next record starts
    std::size_t m_fieldNewlines = 0; ///< newlines inside quoted fields of the current record
    std::string m_pendingError;
    bool m_lastWasCr = false;
    bool m_firstChunk = true;
    bool m_finished = false;
    std::size_t m_callbacks = 0;      ///< records ended during the current chunk
    std::size_t m_fieldCallbacks = 0; ///< fields ended during the current chunk
    std::size_t m_sinceField = 0;     ///< bytes read since a field last ended (to within a chunk)
    std::size_t m_sinceRecord = 0;    ///< bytes read since a record last ended (to within a chunk)
    Sha256 m_hash;
};

} // namespace evidence::csv
