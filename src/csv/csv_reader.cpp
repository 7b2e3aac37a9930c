#include "csv/csv_reader.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <csv.h>

namespace evidence::csv {
namespace {
constexpr std::size_t kChunk = 1 << 16;
}

Reader::Reader(const std::filesystem::path& path) : m_name(platform::utf8(path.filename()))
{
    // Before opening: opening a named pipe waits for a writer, and a device such as /dev/zero never
    // ends. A link to a file is read as the file.
    const platform::FileKind kind = platform::fileKind(path);
    if (kind == platform::FileKind::Folder)
        throw FileError(platform::utf8(path) + " is a folder, not a CSV file");
    if (kind != platform::FileKind::Regular && kind != platform::FileKind::Missing)
        throw FileError(platform::utf8(path) + " is not a file but " +
                        (kind == platform::FileKind::NamedPipe ? "a named pipe"
                         : kind == platform::FileKind::Socket  ? "a socket"
                                                               : "a device") +
                        ": import reads CSV files only");
    m_file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*m_file)
        throw FileError("cannot read " + platform::utf8(path) + ": the file does not exist or is not readable");
    init();
}

Reader::Reader(std::string data, std::string displayName) : m_name(std::move(displayName)), m_memory(std::move(data))
{
    init();
}

Reader::~Reader()
{
    if (m_parser)
        csv_free(m_parser.get());
}

void Reader::init()
{
    m_parser = std::make_unique<csv_parser>();
    // CSV_REPALL_NL reports every line end, which keeps line numbers exact across blank lines and CRLF.
    if (csv_init(m_parser.get(), CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        throw Error("could not start the CSV parser");
    // libcsv grows its field buffer by 128 bytes at a time by default; a field near the 1 MiB limit then
    // costs thousands of reallocations, each a copy where the allocator cannot grow in place.
    csv_set_blk_size(m_parser.get(), 64 * 1024);
}

void Reader::onField(void* s, std::size_t len, void* selfPtr)
{
    auto* self = static_cast<Reader*>(selfPtr);
    // Fields are assigned into the strings of a recycled record, so a row costs no allocations.
    auto& fields = self->m_current.fields;
    if (self->m_fieldCount == fields.size())
        fields.emplace_back();
    std::string& field = fields[self->m_fieldCount++];
    ++self->m_fieldCallbacks;
    field.assign(s ? static_cast<const char*>(s) : "", s ? len : 0);
    const std::size_t line = self->m_line + self->m_fieldNewlines;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\n' || (field[i] == '\r' && (i + 1 == field.size() || field[i + 1] != '\n')))
            ++self->m_fieldNewlines;
    }
    // libcsv is C: no exception may cross it, so the error waits until csv_parse returns.
    if (self->m_pendingError.empty() && !text::isValidUtf8(field))
        self->m_pendingError = self->m_name + ":" + std::to_string(line) +
                               ": the text is not valid UTF-8: save the file as \"CSV UTF-8\" and import it again";
}

void Reader::onRecord(int c, void* selfPtr)
{
    auto* self = static_cast<Reader*>(selfPtr);
    ++self->m_callbacks;
    const std::size_t count = self->m_fieldCount;
    self->m_fieldCount = 0;
    const bool empty = count == 0 || (count == 1 && self->m_current.fields[0].empty());
    // The LF of a CRLF arrives as its own empty record: it ends no line of its own.
    const bool crlfTail = empty && c == '\n' && self->m_lastWasCr;
    self->m_lastWasCr = (c == '\r');
    if (crlfTail)
        return;
    if (!empty) {
        self->m_current.fields.resize(count);
        self->m_current.line = self->m_line;
        self->m_ready.push_back(std::move(self->m_current));
        self->m_current = Record{};
        if (!self->m_spare.empty()) {
            self->m_current = std::move(self->m_spare.back());
            self->m_spare.pop_back();
        }
    }
    self->m_line += self->m_fieldNewlines + (c == -1 ? 0 : 1);
    self->m_fieldNewlines = 0;
}

bool Reader::feed()
{
    if (m_finished)
        return false;
    std::array<char, kChunk> buf{};
    std::size_t got = 0;
    if (m_file) {
        m_file->read(buf.data(), static_cast<std::streamsize>(buf.size()));
        got = static_cast<std::size_t>(m_file->gcount());
        if (m_file->bad())
            throw FileError("cannot read " + m_name + ": a read error occurred");
    } else {
        got = std::min(kChunk, m_memory.size() - m_memoryPos);
        std::copy_n(m_memory.data() + m_memoryPos, got, buf.data());
        m_memoryPos += got;
    }
    const char* data = buf.data();
    m_hash.update(std::string_view(data, got));
    // No text may hold a NUL (SQLite and Excel cut the text there): refused on the raw bytes, so a
    // stream of NULs is refused at once rather than read as one endless field.
    if (m_firstChunk && got >= 2 &&
        ((static_cast<unsigned char>(data[0]) == 0xFF && static_cast<unsigned char>(data[1]) == 0xFE) ||
         (static_cast<unsigned char>(data[0]) == 0xFE && static_cast<unsigned char>(data[1]) == 0xFF)))
        throw DataError(m_name + ":1: the text is not valid UTF-8 but UTF-16: save the file as \"CSV UTF-8\" and "
                                 "import it again");
    if (const void* nul = std::memchr(data, 0, got)) {
        const auto* end = static_cast<const char*>(nul);
        const auto newlines = static_cast<std::size_t>(std::count(data, end, '\n'));
        throw DataError(m_name + ":" + std::to_string(m_line + m_fieldNewlines + newlines) +
                        ": the file holds a NUL byte, which no text may contain: is it a CSV file saved as text?");
    }
    if (m_firstChunk) {
        m_firstChunk = false;
        if (got >= 3 && static_cast<unsigned char>(data[0]) == 0xEF && static_cast<unsigned char>(data[1]) == 0xBB &&
            static_cast<unsigned char>(data[2]) == 0xBF) {
            data += 3;
            got -= 3;
        }
    }
    if (got == 0) {
        m_finished = true;
        const int fini = csv_fini(m_parser.get(), onField, onRecord, this);
        if (!m_pendingError.empty())
            throw DataError(m_pendingError);
        if (fini != 0)
            throw DataError(m_name + ":" + std::to_string(m_line) +
                            ": the file ends inside a quoted field: a closing \" is missing");
        return !m_ready.empty();
    }
    m_callbacks = 0;
    const std::size_t used = csv_parse(m_parser.get(), data, got, onField, onRecord, this);
    if (!m_pendingError.empty())
        throw DataError(m_pendingError);
    // libcsv holds a field until it ends: bytes read since the last record ended bound a line (with
    // its quoted line breaks), and those since the last field ended bound a field. Counted per chunk,
    // so a limit is checked to within 64 KiB.
    m_sinceField = m_fieldCallbacks ? 0 : m_sinceField + got;
    m_sinceRecord = m_callbacks ? 0 : m_sinceRecord + got;
    m_fieldCallbacks = 0;
    if (m_sinceField > kMaxFieldBytes)
        throw DataError(m_name + ":" + std::to_string(m_line + m_fieldNewlines) +
                        ": a field is longer than 1 MiB (1,048,576 bytes), the most a field may hold: is a closing "
                        "quote missing, or is it not a CSV file?");
    if (m_sinceRecord > kMaxLineBytes)
        throw DataError(m_name + ":" + std::to_string(m_line) +
                        ": a row is longer than 4 MiB (4,194,304 bytes), the most a row may hold: is it a CSV "
                        "file with line ends?");
    if (used != got) {
        const std::string reason = csv_error(m_parser.get()) == CSV_EPARSE
                                       ? "a quote (\") is misplaced: quote the whole field and double any quote "
                                         "inside it, e.g. \"say \"\"hi\"\"\""
                                       : std::string(csv_strerror(csv_error(m_parser.get())));
        throw DataError(m_name + ":" + std::to_string(m_line + m_fieldNewlines) + ": " + reason);
    }
    return true;
}

bool Reader::next(Record& out)
{
    while (m_ready.empty()) {
        if (!feed() && m_ready.empty())
            return false;
    }
    std::swap(out, m_ready.front());
    // The caller's previous record comes back as a spare, keeping its strings' capacity.
    if (m_spare.size() < 4)
        m_spare.push_back(std::move(m_ready.front()));
    m_ready.pop_front();
    return true;
}

} // namespace evidence::csv
