#include "xlsx_workbook.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"

#include <cctype>
#include <cerrno>

namespace evidence::xlsx {

void check(lxw_error err, std::string_view what)
{
    if (err != LXW_NO_ERROR)
        throw Error(std::string(what) + ": " + lxw_strerror(err));
}

XlsxWorkbook::XlsxWorkbook(const std::filesystem::path& file) : m_file(file)
{
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE; // tables need the full in-memory mode
    options.tmpdir = nullptr;
    options.use_zip64 = LXW_FALSE;
    // libxlsxwriter takes UTF-8 names on Windows too (it opens them with _wfopen).
    m_workbook = workbook_new_opt(platform::utf8(m_file).c_str(), &options);
    if (!m_workbook)
        throw Error("cannot create a workbook in memory (libxlsxwriter could not allocate it)");
    // The "Normal" style is the workbook's first format, which libxlsxwriter 1.1.4 makes Calibri 11 and offers
    // no call to change: its public struct is changed instead, so that a cell a reviewer types into, and the
    // column width unit, follow the Arial 12 of every written cell.
    lxw_format* normal = STAILQ_FIRST(m_workbook->formats);
    if (!normal) {
        lxw_workbook_free(m_workbook);
        m_workbook = nullptr;
        throw Error("cannot create a workbook in memory (libxlsxwriter made no default format)");
    }
    format_set_font_name(normal, kDefaultFontName);
    format_set_font_size(normal, kDefaultFontPoints);
}

XlsxWorkbook::~XlsxWorkbook()
{
    if (m_workbook)
        lxw_workbook_free(m_workbook); // writes nothing
}

lxw_worksheet* XlsxWorkbook::addWorksheet(const std::string& name)
{
    auto problems = sheetNameProblems(name);
    if (!m_sheetNamesLower.insert(text::toLowerAscii(name)).second)
        problems.push_back("the sheet name '" + name + "' is used twice (Excel ignores case)");
    if (!problems.empty())
        throw DataError(problems);
    check(workbook_validate_sheet_name(m_workbook, name.c_str()), "invalid sheet name '" + name + "'");
    lxw_worksheet* ws = workbook_add_worksheet(m_workbook, name.c_str());
    if (!ws)
        throw Error("libxlsxwriter refused the sheet name '" + name + "'");
    return ws;
}

lxw_format* XlsxWorkbook::format(const FormatKey& key)
{
    const auto it = m_formats.find(key);
    if (it != m_formats.end())
        return it->second;
    lxw_format* f = workbook_add_format(m_workbook);
    if (!f)
        throw Error("libxlsxwriter could not allocate a cell format");
    format_set_font_name(f, "Arial");
    format_set_font_size(f, key.size);
    if (key.bold)
        format_set_bold(f);
    if (key.wrap)
        format_set_text_wrap(f);
    format_set_align(f, key.right ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
    format_set_align(f, key.top ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_BOTTOM);
    if (key.indent > 0)
        format_set_indent(f, static_cast<std::uint8_t>(key.indent));
    if (key.link) {
        format_set_underline(f, LXW_UNDERLINE_SINGLE);
        format_set_font_color(f, 0x0000FF); // the gptables link colour: 8.6:1 contrast on white
    }
    if (!key.numFormat.empty())
        format_set_num_format(f, key.numFormat.c_str());
    m_formats.emplace(key, f);
    m_formatKeys.push_back(key);
    return f;
}

void XlsxWorkbook::numberFormats(const std::vector<FormatKey>& keys)
{
    for (const auto& key : keys)
        lxw_format_get_xf_index(format(key));
}

std::vector<std::string> XlsxWorkbook::sharedStrings() const
{
    std::vector<std::string> texts;
    texts.reserve(m_workbook->sst->unique_count);
    struct sst_element* e = nullptr;
    STAILQ_FOREACH(e, m_workbook->sst->order_list, sst_order_pointers)
    {
        if (e->is_rich_string)
            throw Error("internal error: a workbook holds a rich string, which cannot be numbered again");
        texts.emplace_back(e->string);
    }
    return texts;
}

void XlsxWorkbook::numberSharedStrings(const std::vector<std::string>& texts)
{
    lxw_sst* sst = m_workbook->sst;
    if (sst->unique_count != 0)
        throw Error("internal error: shared strings numbered after others");
    for (const auto& text : texts) {
        const struct sst_element* e = lxw_get_sst_index(sst, text.c_str(), LXW_FALSE);
        if (!e)
            throw Error("cannot number the shared strings (libxlsxwriter could not allocate them)");
        if (e->index + 1 != sst->unique_count)
            throw Error("internal error: a shared string is given twice");
    }
    sst->string_count -= static_cast<std::uint32_t>(texts.size());
}

std::uint64_t XlsxWorkbook::sharedStringReferences() const noexcept
{
    return m_workbook->sst->string_count;
}

void XlsxWorkbook::countSharedStringReferences(std::int64_t cells)
{
    lxw_sst* sst = m_workbook->sst;
    const std::int64_t count = static_cast<std::int64_t>(sst->string_count) + cells;
    if (count < 0 || count > std::int64_t{UINT32_MAX})
        throw Error("internal error: a count of shared-string cells out of range");
    sst->string_count = static_cast<std::uint32_t>(count);
}

lxw_chart* XlsxWorkbook::addChart(std::uint8_t type)
{
    lxw_chart* chart = workbook_add_chart(m_workbook, type);
    if (!chart)
        throw Error("libxlsxwriter could not create a chart");
    return chart;
}

void XlsxWorkbook::setProperties(const DocumentProperties& p)
{
    // libxlsxwriter copies the strings; it only needs them during the call.
    auto c = [](const std::string& s) { return const_cast<char*>(s.c_str()); };
    lxw_doc_properties props{};
    props.title = c(p.title);
    props.subject = c(p.subject);
    props.author = c(p.author);
    props.company = c(p.company);
    props.category = c(p.category);
    props.keywords = c(p.keywords);
    props.comments = c(p.comments);
    props.status = p.status.empty() ? nullptr : c(p.status);
    props.created = p.created;
    check(workbook_set_properties(m_workbook, &props), "cannot set the document properties");
    for (const auto& [name, value] : p.custom)
        check(workbook_set_custom_property_string(m_workbook, name.c_str(), value.c_str()),
              "cannot set the custom property '" + name + "'");
}

void XlsxWorkbook::close()
{
    if (!m_workbook)
        throw Error("internal error: the workbook was already closed");
    lxw_workbook* wb = m_workbook;
    m_workbook = nullptr; // workbook_close() frees it, whatever happens
    const lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        const int failed = errno; // before anything else can change it
        throw FileError("cannot write the workbook " + platform::utf8(m_file) + ": " + lxw_strerror(err), failed);
    }
}

std::vector<std::string> sheetNameProblems(std::string_view name)
{
    std::vector<std::string> p;
    const std::string quoted = "the sheet name '" + std::string(name) + "'";
    if (!text::isValidUtf8(name)) {
        p.push_back("a sheet name is not valid UTF-8");
        return p;
    }
    if (name.empty())
        p.push_back("a sheet name is empty");
    if (text::codePointCount(name) > 31)
        p.push_back(quoted + " is longer than 31 characters");
    if (name.find_first_of("[]:*?/\\") != std::string_view::npos)
        p.push_back(quoted + " contains one of [ ] : * ? / \\");
    if (!name.empty() && (name.front() == '\'' || name.back() == '\''))
        p.push_back(quoted + " starts or ends with an apostrophe");
    if (!name.empty() && (name.front() == ' ' || name.back() == ' '))
        p.push_back(quoted + " starts or ends with a space");
    if (text::iequals(name, "History"))
        p.push_back(quoted + " is reserved by Excel");
    return p;
}

namespace {

bool allDigits(std::string_view s)
{
    if (s.empty())
        return false;
    for (char ch : s)
        if (!std::isdigit(static_cast<unsigned char>(ch)))
            return false;
    return true;
}

// "A1", "FY2019", "XFD1048576": up to three letters then digits.
bool looksLikeA1(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])))
        ++i;
    return i >= 1 && i <= 3 && allDigits(s.substr(i));
}

// "R", "C", "R1", "C12", "R1C1", "RC", "R2C": Excel's R1C1 references.
bool looksLikeR1C1(std::string_view s)
{
    std::size_t i = 0;
    auto digits = [&] {
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
            ++i;
    };
    if (i < s.size() && (s[i] == 'R' || s[i] == 'r')) {
        ++i;
        digits();
    }
    if (i < s.size() && (s[i] == 'C' || s[i] == 'c')) {
        ++i;
        digits();
    }
    return i == s.size() && i > 0;
}

} // namespace

std::vector<std::string> tableNameProblems(std::string_view name)
{
    std::vector<std::string> p;
    const std::string quoted = "the table name '" + std::string(name) + "'";
    if (name.empty()) {
        p.push_back("a table name is empty");
        return p;
    }
    if (name.size() > 255)
        p.push_back(quoted + " is longer than 255 characters");
    const unsigned char first = static_cast<unsigned char>(name.front());
    if (!(std::isalpha(first) || first == '_'))
        p.push_back(quoted + " must start with a letter or an underscore");
    for (char ch : name) {
        const unsigned char u = static_cast<unsigned char>(ch);
        if (!(std::isalnum(u) || u == '_')) {
            p.push_back(quoted + " may hold only letters, digits and underscores");
            break;
        }
    }
    if (looksLikeA1(name) || looksLikeR1C1(name))
        p.push_back(quoted + " reads as a cell reference");
    return p;
}

std::size_t excelLength(std::string_view s) noexcept
{
    std::size_t units = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) == 0x80)
            continue;                 // continuation byte
        units += (c >= 0xF0) ? 2 : 1; // four-byte sequences are surrogate pairs in UTF-16
    }
    return units;
}

std::string escapeForXlsx(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
            bool hex = true;
            for (std::size_t k = i + 2; k < i + 6; ++k)
                hex = hex && std::isxdigit(static_cast<unsigned char>(s[k]));
            if (hex) {
                out += "_x005F_"; // the '_' itself, escaped; "xHHHH_" follows as plain text
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

void appendColumnName(std::string& out, std::size_t col)
{
    char letters[16];
    std::size_t n = 0;
    for (++col; col > 0; col = (col - 1) / 26)
        letters[n++] = static_cast<char>('A' + (col - 1) % 26);
    while (n > 0)
        out += letters[--n];
}

std::string columnName(std::size_t col)
{
    std::string name;
    appendColumnName(name, col);
    return name;
}

std::string quotedSheetName(std::string_view name)
{
    bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front()));
    for (char ch : name)
        plain = plain && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    if (plain && !looksLikeA1(name) && !looksLikeR1C1(name))
        return std::string(name);
    std::string out = "'";
    for (char ch : name) {
        out += ch;
        if (ch == '\'')
            out += '\'';
    }
    return out + "'";
}

void setColumnWidthPx(lxw_worksheet* ws, lxw_col_t first, lxw_col_t last, double px)
{
    // libxlsxwriter writes a width of w characters as (round(7w) + 5) / 7, assuming Calibri 11's 7-pixel
    // digits; Excel and LibreOffice draw a width W as W times the Normal font's digit width.
    const double chars = std::max(1.0, px / kDefaultDigitPx - 5.0 / 7.0);
    check(worksheet_set_column(ws, first, last, chars, nullptr), "cannot set a column width");
}

} // namespace evidence::xlsx
