#include "app/workbook_text.h"

#include "core/background.h"
#include "core/errors.h"
#include "core/platform.h"

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <expat.h>
#include <memory>
#include <mutex>
#include <string_view>
#include <zip.h>

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

    /// How many bytes to read at a time: a piece, or the whole member when it is smaller (most are a few
    /// kilobytes, and a piece-sized buffer for each was tens of megabytes written for nothing at size S).
    std::size_t pieceSize() const { return static_cast<std::size_t>(std::min<zip_uint64_t>(kPiece, m_size + 1)); }

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

// Whether worksheet @p index may hold text (detail::sheetMayHoldText() over the whole member), read a
// piece at a time: each piece is checked with the last bytes of the one before, which a spelling can
// straddle (the longest is six bytes).
bool memberMayHoldText(zip_t* archive, zip_uint64_t index, const std::string& name, const std::filesystem::path& xlsx)
{
    constexpr std::size_t kCarry = 5;
    Member member(archive, index, name, xlsx);
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

void collectMember(zip_t* archive, zip_uint64_t index, const std::string& name, PartKind kind,
                   const std::filesystem::path& xlsx, std::vector<WorkbookText>& out)
{
    Member member(archive, index, name, xlsx);
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

void forEachWorkbookMember(const std::filesystem::path& xlsx, const MemberTexts& onMember)
{
    struct Part
    {
        zip_uint64_t index;
        std::string name;
        PartKind kind;
        zip_uint64_t size;
    };
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
            if (name.size() < 4 || (name.compare(name.size() - 4, 4, ".xml") != 0))
                continue;
            const PartKind kind = classify(name);
            parts.push_back({static_cast<zip_uint64_t>(i), std::move(name), kind, st.size});
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
        if (part.kind != PartKind::Sheet || memberMayHoldText(archive.get(), part.index, part.name, xlsx))
            collectMember(archive.get(), part.index, part.name, part.kind, xlsx, texts);
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
