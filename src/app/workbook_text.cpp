#include "app/workbook_text.h"

#include "core/background.h"
#include "core/errors.h"
#include "core/platform.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <expat.h>
#include <fstream>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <zip.h>
#include <zlib.h>

namespace evidence::app {
namespace {

enum class PartKind { SharedStrings, Sheet, Workbook, Table, Chart, Drawing, Properties, Comments, Other };

PartKind classify(const std::string& name)
{
    auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
    if (name == "xl/sharedStrings.xml")
        return PartKind::SharedStrings;
    if (starts("xl/worksheets/") && name.find("_rels") == std::string::npos)
        return PartKind::Sheet;
    if (name == "xl/workbook.xml")
        return PartKind::Workbook;
    if (starts("xl/tables/"))
        return PartKind::Table;
    if (starts("xl/charts/"))
        return PartKind::Chart;
    if (starts("xl/drawings/") && name.find("_rels") == std::string::npos)
        return PartKind::Drawing;
    if (starts("docProps/"))
        return PartKind::Properties;
    if (starts("xl/comments"))
        return PartKind::Comments;
    return PartKind::Other;
}

// Local name of a (possibly prefixed) element or attribute name.
std::string_view localName(const char* qname)
{
    const char* colon = std::strrchr(qname, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(qname);
}

struct Collector
{
    std::string part;
    PartKind kind = PartKind::Other;
    std::vector<WorkbookText>* out = nullptr;
    // How many open elements are an inline string ("is") or a chart's string cache ("strCache"): the only
    // ancestors a text depends on. Counted, not stacked: a worksheet has millions of elements.
    std::size_t insideInline = 0, insideStrCache = 0;
    std::vector<bool> textCells; ///< per open <c>: whether its t attribute makes its value text
    std::string text;
    bool capturing = false;

    void add(const char* where, std::string_view value)
    {
        if (!value.empty())
            out->push_back({part, where, std::string(value)});
    }

    // Which element's character data is text a reader sees (numbers in cells and charts are not text).
    bool wantsText(std::string_view element) const
    {
        switch (kind) {
        case PartKind::SharedStrings:
        case PartKind::Comments:
            return element == "t";
        case PartKind::Sheet:
            if (element == "t")
                return insideInline > 0;
            if (element == "v")
                return !textCells.empty() && textCells.back();
            return element == "oddHeader" || element == "oddFooter" || element == "evenHeader" ||
                   element == "evenFooter" || element == "firstHeader" || element == "firstFooter";
        case PartKind::Workbook:
            return element == "definedName";
        case PartKind::Chart:
            return element == "t" || (element == "v" && insideStrCache > 0);
        case PartKind::Drawing:
            return element == "t";
        case PartKind::Properties:
            // The file's own creation and modification times are not about anyone.
            return element != "created" && element != "modified";
        case PartKind::Table:
        case PartKind::Other:
            return false;
        }
        return false;
    }

    static void onStart(void* self, const XML_Char* qname, const XML_Char** attrs)
    {
        auto* c = static_cast<Collector*>(self);
        const std::string_view name = localName(qname);
        if (name == "is")
            ++c->insideInline;
        else if (name == "strCache")
            ++c->insideStrCache;
        bool textCell = false;
        for (int i = 0; attrs[i]; i += 2) {
            const std::string_view attr = localName(attrs[i]);
            const std::string_view value = attrs[i + 1];
            if (name == "c" && attr == "t")
                textCell = value == "str" || value == "inlineStr";
            if (c->kind == PartKind::Workbook && name == "sheet" && attr == "name")
                c->add("sheet name", value);
            if (c->kind == PartKind::Table && (attr == "name" || attr == "displayName"))
                c->add(name == "tableColumn" ? "table header" : "table name", value);
            if ((c->kind == PartKind::Drawing || c->kind == PartKind::Chart) &&
                (attr == "descr" || attr == "title" || attr == "name"))
                c->add("alt text", value);
        }
        if (name == "c")
            c->textCells.push_back(textCell);
        if (c->wantsText(name)) {
            c->capturing = true;
            c->text.clear();
        }
    }

    static void onEnd(void* self, const XML_Char* qname)
    {
        auto* c = static_cast<Collector*>(self);
        const std::string_view name = localName(qname);
        if (c->capturing && c->wantsText(name)) {
            const char* where = c->kind == PartKind::Properties ? "property"
                                : c->kind == PartKind::Chart    ? "chart text"
                                : c->kind == PartKind::Workbook ? "defined name"
                                : c->kind == PartKind::Sheet && name.find("Header") != std::string_view::npos
                                    ? "header or footer"
                                    : "text cell";
            c->add(where, c->text);
            c->capturing = false;
        }
        if (name == "c" && !c->textCells.empty())
            c->textCells.pop_back();
        else if (name == "is" && c->insideInline > 0)
            --c->insideInline;
        else if (name == "strCache" && c->insideStrCache > 0)
            --c->insideStrCache;
    }

    static void onText(void* self, const XML_Char* s, int len)
    {
        auto* c = static_cast<Collector*>(self);
        if (c->capturing)
            c->text.append(s, static_cast<std::size_t>(len));
    }
};

// Whether a worksheet part can hold text the Collector keeps: a cell of type "str" or "inlineStr", an
// inline string ("is") or a header or footer. Without a document type declaration ("<!") or a character
// reference ("&#"), XML spells element names and attribute values only with their literal bytes, and a
// UTF-16 or UTF-32 part holds NUL bytes; so a part that holds none of these bytes holds no such text, and
// the largest parts (numbers and shared-string indexes only) need not be parsed.
bool mayHoldTextBytewise(std::string_view xml)
{
    // One pass, looking further only at a byte that can start one of those spellings.
    const std::size_t n = xml.size();
    auto next = [&](std::size_t i, char a, char b) { return i + 2 < n && xml[i + 1] == a && xml[i + 2] == b; };
    for (std::size_t i = 0; i < n; ++i) {
        switch (xml[i]) {
        case 's':
        case 'S':
            if (next(i, 't', 'r'))
                return true;
            break;
        case '&':
            if (i + 1 < n && xml[i + 1] == '#')
                return true;
            break;
        case '<':
            if ((i + 1 < n && xml[i + 1] == '!') || next(i, 'i', 's'))
                return true;
            break;
        case ':':
            if (next(i, 'i', 's'))
                return true;
            break;
        case 'H':
            if (xml.substr(i, 6) == "Header")
                return true;
            break;
        case 'F':
            if (xml.substr(i, 6) == "Footer")
                return true;
            break;
        case '\0':
            return true;
        default:
            break;
        }
    }
    return false;
}

struct ZipCloser
{
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ParserFree
{
    void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

} // namespace

namespace detail {

bool sheetMayHoldText(std::string_view xml)
{
    std::size_t i = 0;
#if defined(__SSE2__)
    // The largest parts hold none of the spellings, and bytes that start one ('<', 's') are in every cell,
    // so the byte-wise pass mispredicts a branch every few bytes (1.4 s for the 400 MB breakdown sheet
    // at a million figures). Sixteen positions at a time, the first two or three bytes of every spelling
    // are compared at once; a block where one matches is checked byte-wise, with the five bytes after it
    // that a spelling starting in the block can reach ("Header" and "Footer" are six bytes long).
    const char* p = xml.data();
    const std::size_t n = xml.size();
    auto load = [&](std::size_t at) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at)); };
    auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    for (; i + 18 <= n; i += 16) {
        const __m128i b0 = load(i), b1 = load(i + 1), b2 = load(i + 2);
        const __m128i is = _mm_and_si128(eq(b1, 'i'), eq(b2, 's'));
        __m128i m = _mm_and_si128(_mm_or_si128(eq(b0, 's'), eq(b0, 'S')), _mm_and_si128(eq(b1, 't'), eq(b2, 'r')));
        m = _mm_or_si128(m, _mm_and_si128(eq(b0, '&'), eq(b1, '#')));
        m = _mm_or_si128(m, _mm_and_si128(eq(b0, '<'), _mm_or_si128(eq(b1, '!'), is)));
        m = _mm_or_si128(m, _mm_and_si128(eq(b0, ':'), is));
        m = _mm_or_si128(m, _mm_and_si128(eq(b0, 'H'), _mm_and_si128(eq(b1, 'e'), eq(b2, 'a'))));
        m = _mm_or_si128(m, _mm_and_si128(eq(b0, 'F'), _mm_and_si128(eq(b1, 'o'), eq(b2, 'o'))));
        m = _mm_or_si128(m, eq(b0, '\0'));
        if (_mm_movemask_epi8(m) != 0 && mayHoldTextBytewise(xml.substr(i, 16 + 5)))
            return true;
    }
#endif
    return mayHoldTextBytewise(xml.substr(i));
}

} // namespace detail

namespace {

constexpr std::size_t kPiece = 1 << 20;

/// How many bytes of a member of @p size to read at a time: a piece, or the whole member when it is smaller
/// (most are a few kilobytes, and a piece-sized buffer for each was tens of megabytes written for nothing at
/// size S).
std::size_t pieceFor(std::uint64_t size)
{
    return static_cast<std::size_t>(std::min<std::uint64_t>(kPiece, size + 1));
}

/// Whether zip member @p name is an XML part, the only parts that hold text.
bool isXmlPart(const std::string& name)
{
    return name.size() >= 4 && name.compare(name.size() - 4, 4, ".xml") == 0;
}

// One zip member, inflated a piece at a time: the largest worksheet is 400 MB at a million figures.
class Member
{
public:
    Member(zip_t* archive, zip_uint64_t index, const std::string& name, const std::filesystem::path& xlsx)
        : m_name(name), m_xlsx(xlsx)
    {
        zip_stat_t st;
        if (zip_stat_index(archive, index, 0, &st) != 0)
            fail("");
        m_size = st.size;
        m_file = zip_fopen_index(archive, index, 0);
        if (!m_file)
            fail("");
    }
    ~Member() { zip_fclose(m_file); }
    Member(const Member&) = delete;
    Member& operator=(const Member&) = delete;

    /// How many bytes to read at a time.
    std::size_t pieceSize() const { return pieceFor(m_size); }

    /// Up to @p capacity bytes into @p buffer; 0 at the end.
    std::size_t read(char* buffer, std::size_t capacity)
    {
        const zip_int64_t got = zip_fread(m_file, buffer, capacity);
        if (got < 0 || m_read + static_cast<zip_uint64_t>(got) > m_size || (got == 0 && m_read != m_size))
            fail(": the file is damaged");
        m_read += static_cast<zip_uint64_t>(got);
        return static_cast<std::size_t>(got);
    }
    [[noreturn]] void fail(const std::string& why) const
    {
        throw FileError("cannot read " + m_name + " in " + platform::utf8(m_xlsx) + why);
    }

private:
    std::string m_name;
    std::filesystem::path m_xlsx;
    zip_file_t* m_file = nullptr;
    zip_uint64_t m_size = 0, m_read = 0;
};

// The bytes a file being written on another thread holds so far.
class GrowingFile
{
public:
    explicit GrowingFile(const std::filesystem::path& path) : m_in(path, std::ios::binary) {}
    bool isOpen() const { return m_in.is_open(); }
    /// Exactly @p n bytes at @p offset into @p out; false when the file does not hold them yet.
    bool readAt(std::uint64_t offset, void* out, std::size_t n)
    {
        m_in.clear(); // past the end last time; the file may have grown since
        m_in.seekg(static_cast<std::streamoff>(offset));
        m_in.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(m_in.gcount()) == n;
    }

private:
    std::ifstream m_in;
};

// A member the file being written has finished, inflated a piece at a time as Member does, with the CRC-32
// of what it inflated. Anything unexpected throws Unfinished: the member is then read from the finished file.
class FollowedMember
{
public:
    struct Unfinished
    {
    };

    FollowedMember(GrowingFile& file, std::uint64_t dataStart, std::uint64_t compressedSize, std::uint64_t size,
                   bool deflated)
        : m_file(file), m_at(dataStart), m_compressedLeft(compressedSize), m_size(size), m_deflated(deflated)
    {
        if (m_deflated && inflateInit2(&m_zip, -MAX_WBITS) != Z_OK)
            throw Unfinished{};
    }
    ~FollowedMember()
    {
        if (m_deflated)
            inflateEnd(&m_zip);
    }
    FollowedMember(const FollowedMember&) = delete;
    FollowedMember& operator=(const FollowedMember&) = delete;

    /// How many bytes to read at a time.
    std::size_t pieceSize() const { return pieceFor(m_size); }

    /// Up to @p capacity bytes into @p buffer; 0 at the end.
    std::size_t read(char* buffer, std::size_t capacity)
    {
        std::size_t got = 0;
        if (!m_deflated) {
            got = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, m_compressedLeft));
            if (got > 0 && !m_file.readAt(m_at, buffer, got))
                throw Unfinished{};
            m_at += got;
            m_compressedLeft -= got;
        } else {
            m_zip.next_out = reinterpret_cast<Bytef*>(buffer);
            m_zip.avail_out = static_cast<uInt>(capacity);
            while (m_zip.avail_out > 0 && !m_ended) {
                if (m_zip.avail_in == 0 && m_compressedLeft > 0) {
                    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(m_input.size(), m_compressedLeft));
                    if (!m_file.readAt(m_at, m_input.data(), n))
                        throw Unfinished{};
                    m_at += n;
                    m_compressedLeft -= n;
                    m_zip.next_in = reinterpret_cast<Bytef*>(m_input.data());
                    m_zip.avail_in = static_cast<uInt>(n);
                }
                const int z = inflate(&m_zip, Z_NO_FLUSH);
                if (z == Z_STREAM_END)
                    m_ended = true;
                else if (z != Z_OK)
                    throw Unfinished{};
            }
            got = capacity - m_zip.avail_out;
        }
        m_read += got;
        if (m_read > m_size || (got == 0 && m_read != m_size))
            throw Unfinished{};
        m_crc = crc32(m_crc, reinterpret_cast<const Bytef*>(buffer), static_cast<uInt>(got));
        return got;
    }
    [[noreturn]] void fail(const std::string&) const { throw Unfinished{}; }
    /// Whether every byte was read; crc() is then their CRC-32.
    bool finished() const { return m_read == m_size && m_compressedLeft == 0 && (!m_deflated || m_ended); }
    std::uint32_t crc() const { return static_cast<std::uint32_t>(m_crc); }

private:
    GrowingFile& m_file;
    std::uint64_t m_at, m_compressedLeft, m_size, m_read = 0;
    bool m_deflated, m_ended = false;
    z_stream m_zip{};
    std::string m_input = std::string(std::size_t{64} << 10, '\0');
    uLong m_crc = crc32(0, nullptr, 0);
};

// Whether a worksheet may hold text (detail::sheetMayHoldText() over the whole of @p member, a Member or a
// FollowedMember), read a piece at a time: each piece is checked with the last bytes of the one before,
// which a spelling can straddle (the longest is six bytes).
template <class Reader>
bool memberMayHoldText(Reader& member)
{
    constexpr std::size_t kCarry = 5;
    const std::size_t piece = member.pieceSize();
    std::string buffer(kCarry + piece, '\0');
    std::size_t carried = 0;
    while (const std::size_t got = member.read(buffer.data() + carried, piece)) {
        const std::size_t filled = carried + got;
        if (detail::sheetMayHoldText(std::string_view(buffer.data(), filled)))
            return true;
        carried = std::min(kCarry, filled);
        std::memmove(buffer.data(), buffer.data() + filled - carried, carried);
    }
    return false;
}

template <class Reader>
void collectMember(Reader& member, const std::string& name, PartKind kind, std::vector<WorkbookText>& out)
{
    Collector collector;
    collector.part = name;
    collector.kind = kind;
    collector.out = &out;
    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate("UTF-8"));
    XML_SetUserData(parser.get(), &collector);
    XML_SetElementHandler(parser.get(), Collector::onStart, Collector::onEnd);
    XML_SetCharacterDataHandler(parser.get(), Collector::onText);
    std::string buffer(member.pieceSize(), '\0');
    bool last = false;
    while (!last) {
        const std::size_t got = member.read(buffer.data(), buffer.size());
        last = got == 0;
        if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(got), last ? 1 : 0) == XML_STATUS_ERROR)
            member.fail(std::string(": ") + XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
}

using Archive = std::unique_ptr<zip_t, ZipCloser>;

Archive openArchive(const std::filesystem::path& xlsx)
{
    int error = 0;
    Archive archive(zip_open(platform::utf8(xlsx).c_str(), ZIP_RDONLY, &error)); // UTF-8 on Windows too
    if (!archive)
        throw FileError("cannot read " + platform::utf8(xlsx) + " as a workbook (it is not a valid .xlsx zip file)");
    return archive;
}

} // namespace

WorkbookPrereading followWrittenWorkbook(const std::filesystem::path& xlsx, const std::atomic<bool>& writerDone,
                                         std::size_t textBudgetBytes,
                                         const std::function<void(const WorkbookPrereading::Member&)>& onRead,
                                         const std::vector<std::pair<std::string, std::string>>& members)
{
    constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50;
    constexpr std::size_t kHeaderBytes = 30;
    auto le16 = [](const unsigned char* p) { return static_cast<std::uint32_t>(p[0] | p[1] << 8); };
    auto le32 = [](const unsigned char* p) {
        return static_cast<std::uint32_t>(p[0] | p[1] << 8 | p[2] << 16) | static_cast<std::uint32_t>(p[3]) << 24;
    };
    WorkbookPrereading out;
    GrowingFile file(xlsx);
    if (!file.isOpen())
        return out;
    std::size_t textBytes = 0;
    std::uint64_t at = 0; // the next member's local header
    // Waits for the writer to add to the file; false once it has finished, when the rest is read from the
    // finished file on every core.
    auto waited = [&] {
        if (writerDone.load())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return true;
    };
    // A file already written is read whole: the caller has this thread to spare while another is written.
    const bool finished = writerDone.load();
    while (finished || !writerDone.load()) {
        unsigned char h[kHeaderBytes];
        if (!file.readAt(at, h, 4)) {
            if (waited())
                continue;
            break;
        }
        if (le32(h) != kLocalHeader)
            break; // the central directory: every member is finished
        if (!file.readAt(at, h, sizeof h)) {
            if (waited())
                continue;
            break;
        }
        const std::uint32_t flags = le16(h + 6), method = le16(h + 8);
        // Encrypted, sizes after the data, or neither stored nor deflated: not what libxlsxwriter writes.
        if ((flags & 0x9) != 0 || (method != 0 && method != 8))
            break;
        const std::uint32_t crc = le32(h + 14), compressed = le32(h + 18), size = le32(h + 22);
        // Sizes of zero: the header minizip writes first, before the member's bytes (none of libxlsxwriter's
        // members is empty).
        if (compressed == 0) {
            if (waited())
                continue;
            break;
        }
        const std::uint64_t dataStart = at + kHeaderBytes + le16(h + 26) + le16(h + 28);
        const std::uint64_t next = dataStart + compressed;
        // minizip writes a member's CRC and sizes into its header before it begins the next record: a member
        // is finished when the record after it has begun where its header says it ends.
        unsigned char sig[4];
        if (!file.readAt(next, sig, sizeof sig) || (le32(sig) != kLocalHeader && le32(sig) != kCentralHeader)) {
            if (waited())
                continue;
            break;
        }
        unsigned char again[kHeaderBytes];
        if (!file.readAt(at, again, sizeof again) || std::memcmp(h, again, sizeof h) != 0)
            continue; // the header changed between the two reads: read it again
        std::string name(le16(h + 26), '\0');
        if (!file.readAt(at + kHeaderBytes, name.data(), name.size()))
            break;
        at = next;
        if (!members.empty()) {
            const auto it =
                std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == name; });
            if (it == members.end())
                continue;
            name = it->second;
        }
        if (!isXmlPart(name))
            continue;
        const PartKind kind = classify(name);
        try {
            WorkbookPrereading::Member m;
            bool mayHoldText = kind != PartKind::Sheet;
            std::uint32_t readCrc = 0;
            if (!mayHoldText) {
                FollowedMember member(file, dataStart, compressed, size, method == 8);
                mayHoldText = memberMayHoldText(member);
                if (!mayHoldText) {
                    if (!member.finished())
                        continue;
                    readCrc = member.crc();
                }
            }
            if (mayHoldText) {
                // Its texts, no longer than the member, could take the total over the budget: not read here,
                // while libxlsxwriter's own copy of them is still held (at L, 72 MB of accounts).
                if (size > textBudgetBytes - textBytes)
                    continue;
                FollowedMember member(file, dataStart, compressed, size, method == 8);
                collectMember(member, name, kind, m.texts);
                if (!member.finished())
                    continue;
                readCrc = member.crc();
            }
            if (readCrc != crc)
                continue;
            for (const auto& t : m.texts)
                textBytes += t.text.size();
            m.name = std::move(name);
            m.compressedSize = compressed;
            m.size = size;
            m.crc32 = readCrc;
            out.members.push_back(std::move(m));
            if (onRead)
                onRead(out.members.back());
        } catch (const FollowedMember::Unfinished&) {
            // read from the finished file
        }
    }
    return out;
}

void forEachWorkbookMember(const std::filesystem::path& xlsx, const MemberTexts& onMember,
                           WorkbookPrereading* prereading)
{
    struct Part
    {
        zip_uint64_t index;
        std::string name;
        PartKind kind;
        zip_uint64_t size;
        WorkbookPrereading::Member* read = nullptr; ///< the same bytes, read while the file was written
    };
    // A name can come twice: a worksheet written apart, and the placeholder that its bytes replaced.
    std::unordered_multimap<std::string_view, WorkbookPrereading::Member*> prereadByName;
    if (prereading)
        for (auto& m : prereading->members)
            prereadByName.emplace(m.name, &m);
    std::vector<Part> parts;
    // The handle that lists the members is the pool's first (see below).
    std::vector<Archive> pool;
    pool.push_back(openArchive(xlsx));
    {
        const Archive& archive = pool.front();
        const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
        for (zip_int64_t i = 0; i < count; ++i) {
            zip_stat_t st;
            if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !st.name)
                continue;
            std::string name = st.name;
            if (!isXmlPart(name))
                continue;
            const PartKind kind = classify(name);
            // The directory's CRC-32 and sizes are the finished member's: equal to those of the bytes read
            // while the file was written, they are the same bytes.
            WorkbookPrereading::Member* read = nullptr;
            constexpr zip_uint64_t kKnown = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC;
            for (auto [it, end] = prereadByName.equal_range(name); it != end && (st.valid & kKnown) == kKnown; ++it) {
                WorkbookPrereading::Member* m = it->second;
                if (!m->used && st.size == m->size && st.comp_size == m->compressedSize && st.crc == m->crc32) {
                    m->used = true;
                    read = m;
                    break;
                }
            }
            parts.push_back({static_cast<zip_uint64_t>(i), std::move(name), kind, st.size, read});
        }
    }
    // The largest first, so that no core is left with a large member at the end.
    std::vector<std::size_t> order(parts.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return parts[a].size > parts[b].size; });
    // The members on every core. A zip_t serves one thread at a time, so each member borrows a handle from
    // a pool. Handles are opened under the pool's lock: opening one converts every member's time with
    // mktime(), whose time-zone state glibc guards with a lock that ThreadSanitizer cannot see.
    std::mutex poolLock;
    parallelFor(order.size(), [&](std::size_t k) {
        const std::size_t i = order[k];
        if (parts[i].read) {
            onMember(i, std::move(parts[i].read->texts));
            return;
        }
        Archive archive;
        {
            const std::lock_guard lock(poolLock);
            if (pool.empty()) {
                archive = openArchive(xlsx);
            } else {
                archive = std::move(pool.back());
                pool.pop_back();
            }
        }
        const Part& part = parts[i];
        std::vector<WorkbookText> texts;
        bool mayHoldText = part.kind != PartKind::Sheet;
        if (!mayHoldText) {
            Member member(archive.get(), part.index, part.name, xlsx);
            mayHoldText = memberMayHoldText(member);
        }
        if (mayHoldText) {
            Member member(archive.get(), part.index, part.name, xlsx);
            collectMember(member, part.name, part.kind, texts);
        }
        {
            const std::lock_guard lock(poolLock);
            pool.push_back(std::move(archive));
        }
        onMember(i, std::move(texts));
    });
}

std::vector<WorkbookText> readWorkbookText(const std::filesystem::path& xlsx)
{
    InOrder<WorkbookText> members;
    forEachWorkbookMember(
        xlsx, [&](std::size_t member, std::vector<WorkbookText>&& texts) { members.put(member, std::move(texts)); });
    return members.join();
}

} // namespace evidence::app
