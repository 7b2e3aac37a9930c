#include "layout.h"

#include "core/background.h"
#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"
#include "core/trends/figure.h"
#include "text_metrics.h"
#include "workbook_join.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>

namespace evidence::xlsx {

// ---------------------------------------------------------------------------------------------------
// Formula and cells

Formula& Formula::add(std::string_view text)
{
    if (text.size() > UINT32_MAX || m_text.size() > UINT32_MAX - text.size())
        throw std::length_error("a formula's text is too long");
    m_codes.insert(m_codes.end(),
                   {kText, static_cast<std::uint32_t>(m_text.size()), static_cast<std::uint32_t>(text.size())});
    m_text += text;
    return *this;
}

void Formula::push(Ref r)
{
    for (const std::size_t n : {r.sheet, r.row, r.col})
        if (n > UINT32_MAX)
            throw std::length_error("a formula refers to a cell past the largest sheet");
    m_codes.insert(m_codes.end(), {static_cast<std::uint32_t>(r.sheet), static_cast<std::uint32_t>(r.row),
                                   static_cast<std::uint32_t>(r.col)});
}

Formula& Formula::add(Ref cell)
{
    m_codes.push_back(kCell);
    push(cell);
    return *this;
}

Formula& Formula::add(Ref first, Ref last)
{
    if (first == last)
        return add(first);
    m_codes.push_back(kRange);
    push(first);
    push(last);
    return *this;
}

Formula& Formula::addList(const std::vector<Ref>& cells)
{
    for (std::size_t i = 0; i < cells.size();) {
        std::size_t j = i;
        while (j + 1 < cells.size() && cells[j + 1].sheet == cells[i].sheet && cells[j + 1].col == cells[i].col &&
               cells[j + 1].row == cells[j].row + 1)
            ++j;
        if (i > 0)
            add(",");
        add(cells[i], cells[j]);
        i = j + 1;
    }
    return *this;
}

void Formula::remapRows(std::size_t sheet, const std::vector<std::size_t>& newRow)
{
    auto remap = [&](std::size_t at) {
        if (m_codes[at] == sheet)
            m_codes[at + 1] = static_cast<std::uint32_t>(newRow.at(m_codes[at + 1]));
    };
    for (std::size_t i = 0; i < m_codes.size();) {
        switch (m_codes[i]) {
        case kText:
            i += 3;
            break;
        case kCell:
            remap(i + 1);
            i += 4;
            break;
        default:
            remap(i + 1);
            remap(i + 4);
            i += 7;
            break;
        }
    }
}

void Cell::remapRows(std::size_t sheet, const std::vector<std::size_t>& newRow)
{
    if (!m_extra)
        return;
    if (auto* f = std::get_if<class Formula>(m_extra.get()))
        f->remapRows(sheet, newRow);
    else if (auto* l = std::get_if<LinkTarget>(m_extra.get()); l && l->sheet == sheet && l->row)
        l->row = newRow.at(*l->row);
}

Cell::Cell(const Cell& other)
    : kind(other.kind), textResult(other.textResult), text(other.text), number(other.number),
      m_extra(other.m_extra ? std::make_unique<Extra>(*other.m_extra) : nullptr)
{
}

Cell& Cell::operator=(const Cell& other)
{
    if (this != &other)
        *this = Cell(other);
    return *this;
}

const Formula& Cell::formula() const noexcept
{
    static const class Formula none;
    const auto* f = m_extra ? std::get_if<class Formula>(m_extra.get()) : nullptr;
    return f ? *f : none;
}

const LinkTarget& Cell::link() const noexcept
{
    static const LinkTarget none;
    const auto* l = m_extra ? std::get_if<LinkTarget>(m_extra.get()) : nullptr;
    return l ? *l : none;
}

Cell Cell::makeText(std::string text)
{
    Cell c;
    c.kind = Kind::Text;
    c.text = std::move(text);
    return c;
}

Cell Cell::makeNumber(double value)
{
    Cell c;
    c.kind = Kind::Number;
    c.number = value;
    return c;
}

Cell Cell::makeFormula(class Formula f, double cached)
{
    Cell c;
    c.kind = Kind::Formula;
    c.m_extra = std::make_unique<Extra>(std::move(f));
    c.number = cached;
    return c;
}

Cell Cell::makeFormulaText(class Formula f, std::string cached)
{
    Cell c;
    c.kind = Kind::Formula;
    c.m_extra = std::make_unique<Extra>(std::move(f));
    c.text = std::move(cached);
    c.textResult = true;
    return c;
}

Cell Cell::makeLink(std::string text, LinkTarget target)
{
    Cell c;
    c.kind = Kind::Link;
    c.text = std::move(text);
    c.m_extra = std::make_unique<Extra>(std::move(target));
    return c;
}

bool isNumeric(ColumnType type) noexcept
{
    return type != ColumnType::Text && type != ColumnType::LongText;
}

namespace {

// ---------------------------------------------------------------------------------------------------
// Resolution of references

// A table at L has more than a million formulas, each written once and checked once: they are spelled
// into one reused buffer rather than through temporary strings.
void appendNumber(std::string& out, std::size_t value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

/// The cell's column and row ("D5", or "$D$5"), without its sheet.
void appendCell(std::string& out, const Layout& layout, const Ref& ref, bool absolute)
{
    if (absolute)
        out += '$';
    appendColumnName(out, ref.col);
    if (absolute)
        out += '$';
    appendNumber(out, headerRow(layout.sheets.at(ref.sheet)) + 2 + ref.row);
}

void appendA1(std::string& out, const Layout& layout, const Ref& ref, std::size_t fromSheet, bool absolute)
{
    if (ref.sheet != fromSheet || absolute) {
        out += quotedSheetName(layout.sheets.at(ref.sheet).name);
        out += '!';
    }
    appendCell(out, layout, ref, absolute);
}

std::string a1(const Layout& layout, const Ref& ref, std::size_t fromSheet, bool absolute)
{
    std::string out;
    appendA1(out, layout, ref, fromSheet, absolute);
    return out;
}

/// The formula in A1 notation, as written in sheet @p fromSheet, into @p out.
void resolveInto(std::string& out, const Layout& layout, const Formula& f, std::size_t fromSheet)
{
    out.assign("=");
    f.forEachPart([&](const Formula::Part& p) {
        if (!p.first) {
            out += p.text;
            return;
        }
        appendA1(out, layout, *p.first, fromSheet, false);
        if (p.last) {
            out += ':';
            appendCell(out, layout, *p.last, false);
        }
    });
}

// "'Table 1'!$D$5:$D$9" or "('Table 1'!$D$5,'Table 1'!$D$7:$D$8)" for a chart.
std::string chartRange(const Layout& layout, const std::vector<Ref>& refs)
{
    std::vector<std::string> runs;
    for (std::size_t i = 0; i < refs.size();) {
        std::size_t j = i;
        while (j + 1 < refs.size() && refs[j + 1].sheet == refs[i].sheet &&
               ((refs[j + 1].col == refs[i].col && refs[j + 1].row == refs[j].row + 1) ||
                (refs[j + 1].row == refs[i].row && refs[j + 1].col == refs[j].col + 1)))
            ++j;
        std::string run = a1(layout, refs[i], static_cast<std::size_t>(-1), true);
        if (j > i) {
            run += ':';
            appendCell(run, layout, refs[j], true);
        }
        runs.push_back(run);
        i = j + 1;
    }
    if (runs.size() == 1)
        return "=" + runs.front();
    return "=(" + text::join(runs, ",") + ")";
}

std::string internalUrl(const Layout& layout, const LinkTarget& t)
{
    const Sheet& sheet = layout.sheets.at(*t.sheet);
    const std::size_t row = t.row ? headerRow(sheet) + 2 + *t.row : 1;
    return "internal:" + quotedSheetName(sheet.name) + "!A" + std::to_string(row);
}

// ---------------------------------------------------------------------------------------------------
// Validation

struct Problems
{
    std::vector<std::string> list;
    void add(std::string p) { list.push_back(std::move(p)); }
};

// Most texts hold no "_xHHHH_" that needs escaping: they are written as they are, without a copy.
const char* escapedText(const std::string& s, std::string& buffer)
{
    if (s.find("_x") == std::string::npos)
        return s.c_str();
    buffer = escapeForXlsx(s);
    return buffer.c_str();
}

// @p where names the place, or is a function that names it: a table's millions of cells name theirs only
// when there is a problem.
template <typename Where>
void checkText(Problems& p, const Where& where, const std::string& s)
{
    auto place = [&]() -> std::string {
        if constexpr (std::is_invocable_v<Where>)
            return where();
        else
            return where;
    };
    if (!text::isValidUtf8(s)) {
        p.add(place() + ": the text is not valid UTF-8 (save it as UTF-8 and import it again)");
        return;
    }
    // Valid UTF-8 takes at least as many bytes as UTF-16 units, and only an escape makes a text longer:
    // most cells need no count.
    if (s.size() <= kMaxCellChars && s.find("_x") == std::string::npos)
        return;
    std::string buffer;
    const std::size_t n = excelLength(escapedText(s, buffer));
    if (n > kMaxCellChars)
        p.add(place() + ": the text is " + formatFixed(static_cast<double>(n), 0) +
              " characters long, and an Excel cell holds at most 32,767: shorten it");
}

bool refValid(const Layout& layout, const Ref& r)
{
    return r.sheet < layout.sheets.size() && layout.sheets[r.sheet].table &&
           r.row < layout.sheets[r.sheet].table->rows.size() && r.col < layout.sheets[r.sheet].table->columns.size();
}

bool isShorthand(const std::string& s)
{
    if (s.empty())
        return false;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] != '[')
            return false;
        const auto close = s.find(']', i);
        if (close == std::string::npos || close == i + 1)
            return false;
        for (std::size_t k = i + 1; k < close; ++k)
            if (s[k] < 'a' || s[k] > 'z')
                return false;
        i = close + 1;
    }
    return true;
}

// Checks row @p r of sheet @p si's table: adds its problems to @p rp and counts its links in @p rowUrls.
void checkRow(const Layout& layout, std::size_t si, std::size_t r, Problems& rp, std::size_t& rowUrls)
{
    const Sheet& sheet = layout.sheets[si];
    const Table& t = *sheet.table;
    const auto& row = t.rows[r];
    auto rowWhere = [&] { return "sheet '" + sheet.name + "' table row " + std::to_string(r + 1); };
    if (row.size() != t.columns.size()) {
        rp.add(rowWhere() + " has " + std::to_string(row.size()) + " cells for " + std::to_string(t.columns.size()) +
               " columns");
        return;
    }
    for (std::size_t c = 0; c < row.size(); ++c) {
        const Cell& cell = row[c];
        auto cellWhere = [&] { return rowWhere() + " column '" + t.columns[c].header + "'"; };
        switch (cell.kind) {
        case Cell::Kind::Text:
            checkText(rp, cellWhere, cell.text);
            if (text::trim(cell.text).empty() && (!cell.text.empty() || t.columns[c].emptyMeans.empty()))
                rp.add(cellWhere() + " is empty: write a shorthand code or a sentence saying why");
            if (isNumeric(t.columns[c].type) && !isShorthand(cell.text))
                rp.add(cellWhere() + ": a numeric column holds the text '" + cell.text + "'");
            break;
        case Cell::Kind::Number:
            if (!std::isfinite(cell.number))
                rp.add(cellWhere() + " holds a number that is not finite");
            break;
        case Cell::Kind::Formula: {
            if (cell.textResult) {
                checkText(rp, cellWhere, cell.text);
                if (cell.text.empty())
                    rp.add(cellWhere() + ": a formula has an empty result");
            } else if (!std::isfinite(cell.number)) {
                rp.add(cellWhere() + ": a formula's result is not finite");
            }
            bool refsOk = true;
            cell.formula().forEachPart([&](const Formula::Part& part) {
                for (const auto* ref : {&part.first, &part.last})
                    if (*ref && !refValid(layout, **ref))
                        refsOk = false;
            });
            if (!refsOk) {
                rp.add(cellWhere() + ": a formula refers to a cell that does not exist");
                break;
            }
            thread_local std::string formulaText; // one buffer per validating thread
            resolveInto(formulaText, layout, cell.formula(), si);
            if (formulaText.size() > kMaxFormulaChars)
                rp.add(cellWhere() + ": a formula is longer than 8,192 characters");
            break;
        }
        case Cell::Kind::Link: {
            checkText(rp, cellWhere, cell.text);
            if (text::trim(cell.text).empty())
                rp.add(cellWhere() + " is a link without text");
            ++rowUrls;
            const LinkTarget& link = cell.link();
            if (link.sheet) {
                const bool ok = *link.sheet < layout.sheets.size() &&
                                (!link.row || (layout.sheets[*link.sheet].table &&
                                               *link.row < layout.sheets[*link.sheet].table->rows.size()));
                if (!ok)
                    rp.add(cellWhere() + " links to a place that does not exist");
            } else if (link.url.empty()) {
                rp.add(cellWhere() + " is a link without an address");
            } else if (link.url.size() > kMaxUrlChars) {
                rp.add(cellWhere() + ": the web address is longer than 2,079 characters");
            }
            break;
        }
        }
    }
}

} // namespace

std::vector<std::string> validate(const Layout& layout)
{
    Problems p;
    // Every table's rows, millions at L, are checked first, on every core, a block at a time; the problems
    // keep the rows' order.
    constexpr std::size_t kBlock = 2048;
    std::vector<std::pair<std::size_t, std::size_t>> blocks; // (sheet, first row)
    for (std::size_t si = 0; si < layout.sheets.size(); ++si)
        if (const auto& t = layout.sheets[si].table)
            for (std::size_t r = 0; r < t->rows.size(); r += kBlock)
                blocks.emplace_back(si, r);
    std::vector<Problems> blockProblems(blocks.size());
    std::vector<std::size_t> blockUrls(blocks.size(), 0);
    parallelFor(blocks.size(), [&](std::size_t b) {
        const auto [si, first] = blocks[b];
        const std::size_t last = std::min(layout.sheets[si].table->rows.size(), first + kBlock);
        for (std::size_t r = first; r < last; ++r)
            checkRow(layout, si, r, blockProblems[b], blockUrls[b]);
    });
    std::vector<Problems> rowProblems(layout.sheets.size());
    std::vector<std::size_t> rowUrls(layout.sheets.size(), 0);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        for (auto& problem : blockProblems[b].list)
            rowProblems[blocks[b].first].add(std::move(problem));
        rowUrls[blocks[b].first] += blockUrls[b];
    }
    const auto& props = layout.properties;
    if (props.title.empty())
        p.add("the workbook has no title");
    if (props.title.find_first_of("-_") != std::string::npos)
        p.add("the workbook title '" + props.title + "' contains a dash or an underscore");
    if (props.author.empty())
        p.add("the workbook has no author (the organisation)");
    if (props.created == 0)
        p.add("the workbook has no fixed creation time (the submission's as-at time)");
    for (const std::string* s : {&props.title, &props.subject, &props.author, &props.company, &props.keywords,
                                 &props.comments, &props.category})
        checkText(p, "document properties", *s);

    std::set<std::string> sheetNames, tableNames;
    for (std::size_t si = 0; si < layout.sheets.size(); ++si) {
        const Sheet& sheet = layout.sheets[si];
        for (auto& problem : sheetNameProblems(sheet.name))
            p.add(problem);
        if (!sheetNames.insert(text::toLowerAscii(sheet.name)).second)
            p.add("the sheet name '" + sheet.name + "' is used twice (Excel ignores case)");
        const std::string where = "sheet '" + sheet.name + "'";
        if (sheet.lines.empty() || sheet.lines.front().text.empty())
            p.add(where + " has no title in A1");
        std::size_t urls = 0;
        for (std::size_t li = 0; li < sheet.lines.size(); ++li) {
            const Line& line = sheet.lines[li];
            checkText(p, where + " cell A" + std::to_string(li + 1), line.text);
            if (line.text.empty())
                p.add(where + " cell A" + std::to_string(li + 1) + " is empty (no blank rows above a table)");
            if (line.style == Line::Style::Link) {
                ++urls;
                if (line.link.sheet && *line.link.sheet >= layout.sheets.size())
                    p.add(where + " cell A" + std::to_string(li + 1) + " links to a sheet that does not exist");
                if (!line.link.sheet && line.link.url.empty())
                    p.add(where + " cell A" + std::to_string(li + 1) + " is a link without an address");
                if (line.link.url.size() > kMaxUrlChars)
                    p.add(where + " cell A" + std::to_string(li + 1) +
                          ": the web address is longer than 2,079 characters");
            }
        }
        for (const auto& chart : sheet.charts) {
            if (chart.altText.empty())
                p.add(where + ": the chart '" + chart.title + "' has no alternative text");
            checkText(p, where + " chart '" + chart.title + "'", chart.altText);
            for (const auto& s : chart.series)
                for (const auto* refs : {&s.categories, &s.values})
                    for (const auto& r : *refs)
                        if (!refValid(layout, r))
                            p.add(where + ": the chart '" + chart.title + "' refers to a cell that does not exist");
        }
        if (!sheet.table)
            continue;
        const Table& t = *sheet.table;
        for (auto& problem : tableNameProblems(t.name))
            p.add(problem);
        if (!tableNames.insert(text::toLowerAscii(t.name)).second)
            p.add("the table name '" + t.name + "' is used twice");
        if (t.columns.empty())
            p.add(where + ": the table has no columns");
        if (t.rows.empty())
            p.add(where + ": the table has no rows (Excel tables need one)");
        if (t.columns.size() > kMaxCols || headerRow(sheet) + 1 + t.rows.size() > kMaxRows)
            p.add(where + ": the table is larger than an Excel sheet");
        std::set<std::string> headers;
        for (const auto& c : t.columns) {
            checkText(p, where + " header '" + c.header + "'", c.header);
            if (c.header.empty())
                p.add(where + ": a column has no header");
            if (excelLength(c.header) > kMaxHeaderChars)
                p.add(where + ": the header '" + c.header + "' is longer than 255 characters");
            if (c.header.find_first_of("\r\n") != std::string::npos)
                p.add(where + ": the header '" + c.header + "' holds a line break");
            if (!headers.insert(text::toLowerAscii(c.header)).second)
                p.add(where + ": the header '" + c.header + "' is used twice");
            if (c.header.starts_with("Column") && c.header.find_first_not_of("0123456789 ", 6) == std::string::npos)
                p.add(where + ": the header '" + c.header + "' is Excel's default name");
        }
        for (auto& problem : rowProblems[si].list)
            p.add(std::move(problem));
        urls += rowUrls[si];
        if (urls > kMaxUrlsPerSheet)
            p.add(where + " holds more than 65,530 links");
    }
    return std::move(p.list);
}

// ---------------------------------------------------------------------------------------------------
// Rendering

namespace {

constexpr double kBodyPt = 12;
constexpr double kTitlePt = 16;
constexpr double kHeadingPt = 14;

double linePoints(Line::Style s)
{
    return s == Line::Style::Title ? kTitlePt : s == Line::Style::Heading ? kHeadingPt : kBodyPt;
}

std::string numFormat(ColumnType t)
{
    switch (t) {
    case ColumnType::Count:
        return "#,##0";
    case ColumnType::Whole:
        return "0";
    case ColumnType::Decimal1:
        return "#,##0.0";
    case ColumnType::Decimal2:
    case ColumnType::Ratio:
        return "#,##0.00";
    case ColumnType::Percent:
        return "0.0%";
    case ColumnType::Text:
    case ColumnType::LongText:
        break;
    }
    return {};
}

/// The decimals a column of @p t shows, or -1 for a column whose figures are not shown to fixed decimals.
int columnDecimals(ColumnType t)
{
    switch (t) {
    case ColumnType::Decimal1:
        return 1;
    case ColumnType::Decimal2:
    case ColumnType::Ratio:
        return 2;
    default:
        return -1;
    }
}

/// The decimals that show @p v to two significant digits when the column's @p decimals would show it as
/// zero; at most 6; @p decimals for any other value.
int shownDecimals(double v, int decimals)
{
    constexpr double kScale[] = {1, 10, 100};
    if (decimals < 0 || decimals > 2 || v == 0 || !std::isfinite(v))
        return decimals;
    const double a = std::fabs(v);
    int d = decimals;
    double scaled = a * kScale[d];
    if (scaled >= 0.5)
        return decimals;
    while (d < 6 && std::round(scaled) < 10) {
        ++d;
        scaled *= 10;
    }
    return d;
}

bool holdsNumber(const Cell& c)
{
    return c.kind == Cell::Kind::Number || (c.kind == Cell::Kind::Formula && !c.textResult);
}

/// The decimals column @p c of @p t needs (-1 where its type shows none to fixed decimals): its type's, or
/// more where one of its figures would read as zero. A rate of 0.003 per 10,000 reads "0.0030", not "0.00",
/// which a reviewer would take for none.
int neededDecimals(const Table& t, std::size_t c)
{
    const int base = columnDecimals(t.columns[c].type);
    int decimals = base;
    if (base >= 0)
        for (const auto& row : t.rows)
            if (holdsNumber(row[c]))
                decimals = std::max(decimals, shownDecimals(row[c].number, base));
    return decimals;
}

/// The number format of a column of @p t showing @p decimals.
std::string numFormat(ColumnType t, int decimals)
{
    if (decimals < 0)
        return numFormat(t);
    return "#,##0." + std::string(static_cast<std::size_t>(decimals), '0');
}

/// How a cell of a column of @p t showing @p decimals reads on screen, for its width: into @p buffer, which
/// is reused from cell to cell (a table has millions), or a view of the cell's own text.
std::string_view display(const Cell& c, ColumnType t, int decimals, std::string& buffer)
{
    if (!holdsNumber(c))
        return c.text;
    if (decimals >= 0) {
        formatFixedInto(buffer, c.number, decimals);
        return buffer;
    }
    switch (t) {
    case ColumnType::Count:
    case ColumnType::Whole:
        formatFixedInto(buffer, c.number, 0);
        break;
    case ColumnType::Percent:
        formatFixedInto(buffer, c.number * 100.0, 1);
        buffer += '%';
        break;
    default: // text columns holding a number
        formatFixedInto(buffer, c.number, 2);
        break;
    }
    return buffer;
}

// Column widths in pixels and whether each column wraps.
struct ColumnLayout
{
    double widthPx = 64;
    bool wrap = false;
    bool wrapHeader = false;
    int indent = 0;    ///< left-aligned column after a right-aligned one
    int decimals = -1; ///< the decimals its figures show (-1: not to fixed decimals)
};

ColumnLayout columnLayout(const Table& t, std::size_t c, int decimals)
{
    const ColumnType type = t.columns[c].type;
    double content = 0;
    std::string buffer;
    bool hasLink = false;
    // A column repeats itself down the rows (a measure, an area, a breakdown's note): a text the row above
    // showed is not measured again.
    std::string above;
    double aboveWidth = -1;
    for (const auto& row : t.rows) {
        const std::string_view shown = display(row[c], type, decimals, buffer);
        if (aboveWidth < 0 || shown != above) {
            above.assign(shown);
            aboveWidth = textWidthPx(shown, kBodyPt);
        }
        content = std::max(content, aboveWidth);
        hasLink = hasLink || row[c].kind == Cell::Kind::Link;
    }
    const double header = textWidthPx(t.columns[c].header, kBodyPt, true);
    double cap = 0, headerCap = 0, minimum = 48;
    switch (type) {
    case ColumnType::LongText:
        cap = 620;
        headerCap = 620;
        minimum = 320;
        break;
    case ColumnType::Text:
        cap = 340;
        headerCap = 220;
        break;
    default:
        cap = 400;
        headerCap = 130;
        break;
    }
    // LibreOffice does not wrap links: a column of links is as wide as its longest link.
    if (hasLink)
        cap = std::max(cap, 760.0);
    double w = std::max({std::min(content, cap), std::min(header, headerCap), minimum});
    if (type == ColumnType::LongText && content < cap)
        w = std::max(std::min(content, cap), std::min(header, headerCap));
    ColumnLayout l;
    l.decimals = decimals;
    l.wrap = content > w;
    l.wrapHeader = header > w;
    l.widthPx = std::ceil(w + kCellPaddingPx);
    if (c > 0 && !isNumeric(type) && isNumeric(t.columns[c - 1].type)) {
        l.indent = 1;
        l.widthPx += 9; // one indent level
    }
    return l;
}

/// Every table's columns, measured on every core: at L this reads 8.5 million cells, while only one core
/// can hand cells to libxlsxwriter afterwards. The largest columns go first, so that neither core is
/// left with a big one at the end.
std::vector<std::vector<ColumnLayout>> columnLayouts(const Layout& layout)
{
    std::vector<std::vector<ColumnLayout>> out(layout.sheets.size());
    std::vector<std::pair<std::size_t, std::size_t>> columns; // (sheet, column)
    for (std::size_t si = 0; si < layout.sheets.size(); ++si)
        if (const auto& t = layout.sheets[si].table) {
            out[si].resize(t->columns.size());
            for (std::size_t c = 0; c < t->columns.size(); ++c)
                columns.emplace_back(si, c);
        }
    std::stable_sort(columns.begin(), columns.end(), [&](const auto& a, const auto& b) {
        return layout.sheets[a.first].table->rows.size() > layout.sheets[b.first].table->rows.size();
    });
    // One precision for the figures of one kind in a table, however small one of them is (WORKBOOK.md C6):
    // a row reads 2.5000 to 3.7500 beside 0.0030 to 1.2500, not 2.5 to 3.75.
    std::vector<std::vector<int>> decimals(layout.sheets.size());
    for (std::size_t si = 0; si < layout.sheets.size(); ++si)
        if (const auto& t = layout.sheets[si].table)
            decimals[si].resize(t->columns.size());
    parallelFor(columns.size(), [&](std::size_t i) {
        const auto [si, c] = columns[i];
        decimals[si][c] = neededDecimals(*layout.sheets[si].table, c);
    });
    for (std::size_t si = 0; si < layout.sheets.size(); ++si) {
        const auto& t = layout.sheets[si].table;
        if (!t)
            continue;
        std::map<ColumnType, int> shared;
        for (std::size_t c = 0; c < t->columns.size(); ++c)
            if (const auto [it, first] = shared.try_emplace(t->columns[c].type, decimals[si][c]); !first)
                it->second = std::max(it->second, decimals[si][c]);
        for (std::size_t c = 0; c < t->columns.size(); ++c)
            decimals[si][c] = shared.at(t->columns[c].type);
    }
    parallelFor(columns.size(), [&](std::size_t i) {
        const auto [si, c] = columns[i];
        out[si][c] = columnLayout(*layout.sheets[si].table, c, decimals[si][c]);
    });
    return out;
}

/// Each table's row heights in lines: the lines of the row's tallest wrapped cell, counted on every core
/// (at L the case studies' narratives are 72 MB). Empty for a table where no column wraps.
std::vector<std::vector<int>> rowLineCounts(const Layout& layout, const std::vector<std::vector<ColumnLayout>>& cols)
{
    constexpr std::size_t kBlock = 1024;
    std::vector<std::vector<int>> out(layout.sheets.size());
    std::vector<std::pair<std::size_t, std::size_t>> blocks; // (sheet, first row)
    for (std::size_t si = 0; si < layout.sheets.size(); ++si) {
        const auto& t = layout.sheets[si].table;
        if (!t || std::none_of(cols[si].begin(), cols[si].end(), [](const ColumnLayout& c) { return c.wrap; }))
            continue;
        out[si].assign(t->rows.size(), 1);
        for (std::size_t r = 0; r < t->rows.size(); r += kBlock)
            blocks.emplace_back(si, r);
    }
    parallelFor(blocks.size(), [&](std::size_t b) {
        const auto [si, first] = blocks[b];
        const Table& t = *layout.sheets[si].table;
        std::string buffer;
        // As in columnLayout(): a text the row above showed in the column takes as many lines again.
        std::vector<std::string> above(t.columns.size());
        std::vector<int> aboveLines(t.columns.size(), -1);
        for (std::size_t r = first; r < std::min(first + kBlock, t.rows.size()); ++r)
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                if (cols[si][c].wrap) {
                    const std::string_view shown =
                        display(t.rows[r][c], t.columns[c].type, cols[si][c].decimals, buffer);
                    if (aboveLines[c] < 0 || shown != above[c]) {
                        above[c].assign(shown);
                        aboveLines[c] = wrappedLineCount(shown, cols[si][c].widthPx - kCellPaddingPx, kBodyPt);
                    }
                    out[si][r] = std::max(out[si][r], aboveLines[c]);
                }
    });
    return out;
}

/// The most lines of body text a row can show within Excel's 409-point limit.
int maxLinesPerRow(double points)
{
    return std::max(1, static_cast<int>(std::floor((kMaxRowHeightPt - 2) / lineHeightPt(points))));
}

/// The height of a row showing @p lines lines of @p points text, at most Excel's limit.
double rowHeightPt(int lines, double points)
{
    return std::min(kMaxRowHeightPt, lineHeightPt(points) * lines + (lines > 1 ? 2 : 0));
}

/// Splits every table row taller than Excel can show (a long account) into that row and continuation rows,
/// each holding the next paragraphs of the long text, so that Excel shows all of it (LibreOffice would, but
/// Excel cuts a row at 409 points and hides the rest). A continuation row repeats the first column's text
/// with "(continued)", its first column widened to show it, and its other cells are empty, as a line above the
/// table says (checklist item C5). References to later rows are moved down. @p rowLines is updated to match.
void splitTallRows(Layout& layout, std::vector<std::vector<ColumnLayout>>& cols,
                   std::vector<std::vector<int>>& rowLines)
{
    const int maxLines = maxLinesPerRow(kBodyPt);
    for (std::size_t si = 0; si < layout.sheets.size(); ++si) {
        auto& lines = rowLines[si];
        if (std::none_of(lines.begin(), lines.end(), [&](int n) { return n > maxLines; }))
            continue;
        Table& t = *layout.sheets[si].table;
        // Where each tall row's long texts are cut, on every core (at L, thousands of accounts).
        std::vector<std::size_t> tall;
        for (std::size_t r = 0; r < t.rows.size(); ++r)
            if (lines[r] > maxLines)
                tall.push_back(r);
        struct Cut
        {
            std::vector<std::vector<std::string>> pieces; ///< per column: the text of each row it is cut into
            std::vector<std::vector<int>> lines;          ///< per column: each piece's lines
        };
        std::vector<Cut> cuts(tall.size());
        parallelFor(tall.size(), [&](std::size_t k) {
            const std::size_t r = tall[k];
            Cut& cut = cuts[k];
            cut.pieces.resize(t.columns.size());
            cut.lines.resize(t.columns.size());
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                if (cols[si][c].wrap && t.rows[r][c].kind == Cell::Kind::Text) {
                    const double width = cols[si][c].widthPx - kCellPaddingPx;
                    cut.pieces[c] = splitToFit(t.rows[r][c].text, width, kBodyPt, maxLines);
                    for (const auto& piece : cut.pieces[c])
                        cut.lines[c].push_back(wrappedLineCount(piece, width, kBodyPt));
                }
        });
        std::vector<std::vector<Cell>> rows;
        std::vector<int> newLines;
        std::vector<std::size_t> newRow(t.rows.size());
        std::size_t nextTall = 0;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            newRow[r] = rows.size();
            if (lines[r] <= maxLines) {
                rows.push_back(std::move(t.rows[r]));
                newLines.push_back(lines[r]);
                continue;
            }
            Cut cut = std::move(cuts[nextTall++]);
            auto& pieces = cut.pieces;
            std::size_t count = 1;
            for (const auto& p : pieces)
                count = std::max(count, p.size());
            const std::size_t first = rows.size();
            rows.resize(first + count);
            newLines.resize(first + count, 1);
            for (std::size_t k = 0; k < count; ++k) {
                auto& row = rows[first + k];
                row.resize(t.columns.size());
                for (std::size_t c = 0; c < t.columns.size(); ++c) {
                    if (k < pieces[c].size()) {
                        row[c] = Cell::makeText(std::move(pieces[c][k]));
                        newLines[first + k] = std::max(newLines[first + k], cut.lines[c][k]);
                        continue;
                    }
                    if (!pieces[c].empty())
                        row[c] = Cell::makeText(std::string());
                    else if (k == 0)
                        row[c] = std::move(t.rows[r][c]);
                    else if (c == 0 && rows[first][0].kind == Cell::Kind::Text) {
                        row[c] = Cell::makeText(rows[first][0].text + " (continued)");
                        if (!cols[si][0].wrap)
                            cols[si][0].widthPx =
                                std::max(cols[si][0].widthPx,
                                         std::ceil(textWidthPx(row[c].text, kBodyPt, false) + kCellPaddingPx));
                    } else
                        row[c] = Cell::makeText(std::string());
                    if (cols[si][c].wrap && row[c].kind == Cell::Kind::Text)
                        newLines[first + k] =
                            std::max(newLines[first + k],
                                     wrappedLineCount(row[c].text, cols[si][c].widthPx - kCellPaddingPx, kBodyPt));
                }
            }
        }
        t.rows = std::move(rows);
        lines = std::move(newLines);
        layout.sheets[si].lines.push_back(Line{Line::Style::Body, kContinuedRows, {}});
        for (auto& sheet : layout.sheets) {
            if (sheet.table)
                for (auto& row : sheet.table->rows)
                    for (auto& cell : row)
                        cell.remapRows(si, newRow);
            for (auto& line : sheet.lines)
                if (line.link.sheet == si && line.link.row)
                    line.link.row = newRow.at(*line.link.row);
            for (auto& chart : sheet.charts)
                for (auto& series : chart.series)
                    for (auto* refs : {&series.categories, &series.values})
                        for (auto& ref : *refs)
                            if (ref.sheet == si)
                                ref.row = newRow.at(ref.row);
        }
    }
}

/// Cuts each wrapped line above a table (the cover's) that would be taller than Excel shows into several.
void splitTallLines(Sheet& sheet)
{
    if (!sheet.wrapLines)
        return;
    std::vector<Line> lines;
    for (auto& line : sheet.lines) {
        const double pt = linePoints(line.style);
        const bool bold = line.style == Line::Style::Title || line.style == Line::Style::Heading;
        const int maxLines = maxLinesPerRow(pt);
        if (line.style == Line::Style::Link ||
            wrappedLineCount(line.text, sheet.coverWidthPx - kCellPaddingPx, pt, bold) <= maxLines) {
            lines.push_back(std::move(line));
            continue;
        }
        for (auto& piece : splitToFit(line.text, sheet.coverWidthPx - kCellPaddingPx, pt, maxLines, bold))
            lines.push_back(Line{line.style, std::move(piece), {}});
    }
    sheet.lines = std::move(lines);
}

struct Renderer
{
    const Layout& layout;
    bool valuesOnly;
    XlsxWorkbook& wb;
    /// When set, receives each text of kLongTextBytes or more as the file will hold it, up to
    /// kLongTextsBudgetBytes in all.
    std::vector<std::string>* longTexts = nullptr;
    std::size_t longTextBytes = 0;

    /// @p text: what libxlsxwriter was given for @p s; moved from @p s when @p s is no longer needed.
    void keepLongText(std::string& s, const char* text, bool sourceNeeded)
    {
        if (!longTexts || s.size() < kLongTextBytes || longTextBytes + s.size() > kLongTextsBudgetBytes)
            return;
        longTextBytes += s.size();
        if (text == s.c_str() && !sourceNeeded)
            longTexts->push_back(std::move(s));
        else
            longTexts->emplace_back(text);
    }

    lxw_format* fmt(double size, bool bold, bool wrap, bool right, bool link, const std::string& num = {},
                    int indent = 0)
    {
        FormatKey k;
        k.indent = indent;
        k.size = size;
        k.bold = bold;
        k.wrap = wrap;
        k.right = right;
        k.link = link;
        k.numFormat = num;
        return wb.format(k);
    }

    static lxw_row_t row32(std::size_t r) { return static_cast<lxw_row_t>(r); }
    static lxw_col_t col16(std::size_t c) { return static_cast<lxw_col_t>(c); }

    void writeLines(lxw_worksheet* ws, const Sheet& sheet, double columnAPx)
    {
        for (std::size_t i = 0; i < sheet.lines.size(); ++i) {
            const Line& line = sheet.lines[i];
            const double pt = linePoints(line.style);
            const bool bold = line.style == Line::Style::Title || line.style == Line::Style::Heading;
            const bool isLink = line.style == Line::Style::Link;
            lxw_format* f = fmt(pt, bold, sheet.wrapLines, false, isLink);
            std::string text = escapeForXlsx(line.text);
            if (isLink) {
                const std::string url = line.link.sheet ? internalUrl(layout, line.link) : line.link.url;
                check(worksheet_write_url_opt(ws, row32(i), 0, url.c_str(), f, text.c_str(), nullptr),
                      "cannot write a link on sheet '" + sheet.name + "'");
            } else {
                check(worksheet_write_string(ws, row32(i), 0, text.c_str(), f),
                      "cannot write text on sheet '" + sheet.name + "'");
                keepLongText(text, text.c_str(), false);
            }
            int lines = 1;
            if (sheet.wrapLines)
                lines = wrappedLineCount(line.text, columnAPx - kCellPaddingPx, pt, bold);
            check(worksheet_set_row(ws, row32(i), rowHeightPt(lines, pt), nullptr), "cannot set a row height");
        }
    }

    /// Frees each row's cells once written (unless @p freeRows is false: they are written again), except the
    /// rows marked in @p keepRows, which a chart plots. @p rowLines: the lines of each row's tallest cell, or
    /// empty when none wraps. With @p placeholder, only the table and the rows in @p keepRows, whose values
    /// a chart's cache reads from this workbook while another one writes the sheet (render()).
    void writeTable(std::size_t si, lxw_worksheet* ws, Sheet& sheet, const std::vector<ColumnLayout>& cols,
                    const std::vector<int>& rowLines, const std::vector<bool>& keepRows, bool placeholder,
                    bool freeRows)
    {
        Table& t = *sheet.table;
        const std::size_t hr = headerRow(sheet);
        std::vector<lxw_table_column> columns(t.columns.size());
        std::vector<lxw_table_column*> pointers;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            columns[c] = lxw_table_column{};
            columns[c].header = const_cast<char*>(t.columns[c].header.c_str());
            columns[c].header_format =
                fmt(kBodyPt, true, cols[c].wrapHeader, isNumeric(t.columns[c].type), false, {}, cols[c].indent);
            pointers.push_back(&columns[c]);
        }
        pointers.push_back(nullptr);
        lxw_table_options options{};
        options.name = const_cast<char*>(t.name.c_str());
        options.no_autofilter = LXW_TRUE;
        options.no_banded_rows = LXW_TRUE;
        options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
        options.style_type_number = 0; // "Light 0": no style at all
        options.columns = pointers.data();
        check(worksheet_add_table(ws, row32(hr), 0, row32(hr + t.rows.size()), col16(t.columns.size() - 1), &options),
              "cannot add the table '" + t.name + "' on sheet '" + sheet.name + "'");

        int headerLines = 1;
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            headerLines = std::max(
                headerLines, wrappedLineCount(t.columns[c].header, cols[c].widthPx - kCellPaddingPx, kBodyPt, true));
        check(worksheet_set_row(ws, row32(hr), rowHeightPt(headerLines, kBodyPt), nullptr), "cannot set a row height");

        // Each column's formats, looked up at first use: the workbook creates its formats in the same order
        // as a lookup per cell would, so styles.xml does not change.
        std::vector<lxw_format*> bodyFormats(t.columns.size(), nullptr), linkFormats(t.columns.size(), nullptr);
        auto written = [&](lxw_error err) {
            if (err != LXW_NO_ERROR)
                check(err, "cannot write a cell on sheet '" + sheet.name + "'");
        };
        std::string buffer, formula;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            if (placeholder && !keepRows[r])
                continue;
            const lxw_row_t xr = row32(hr + 1 + r);
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                Cell& cell = t.rows[r][c];
                const ColumnType type = t.columns[c].type;
                const bool right = isNumeric(type);
                if (!bodyFormats[c])
                    bodyFormats[c] = fmt(kBodyPt, false, cols[c].wrap, right, false, numFormat(type, cols[c].decimals),
                                         cols[c].indent);
                lxw_format* f = bodyFormats[c];
                const lxw_col_t xc = col16(c);
                switch (cell.kind) {
                case Cell::Kind::Text: {
                    const char* text = escapedText(cell.text, buffer);
                    written(worksheet_write_string(ws, xr, xc, text, f));
                    if (!placeholder)
                        keepLongText(cell.text, text, keepRows[r] || !freeRows);
                    break;
                }
                case Cell::Kind::Number:
                    written(worksheet_write_number(ws, xr, xc, cell.number, f));
                    break;
                case Cell::Kind::Formula: {
                    if (valuesOnly) {
                        if (cell.textResult)
                            written(worksheet_write_string(ws, xr, xc, escapedText(cell.text, buffer), f));
                        else
                            written(worksheet_write_number(ws, xr, xc, cell.number, f));
                        break;
                    }
                    resolveInto(formula, layout, cell.formula(), si);
                    if (cell.textResult)
                        written(worksheet_write_formula_str(ws, xr, xc, formula.c_str(), f,
                                                            escapedText(cell.text, buffer)));
                    else
                        written(worksheet_write_formula_num(ws, xr, xc, formula.c_str(), f, cell.number));
                    break;
                }
                case Cell::Kind::Link: {
                    if (!linkFormats[c])
                        linkFormats[c] = fmt(kBodyPt, false, cols[c].wrap, right, true, {}, cols[c].indent);
                    const std::string url = cell.link().sheet ? internalUrl(layout, cell.link()) : cell.link().url;
                    written(worksheet_write_url_opt(ws, xr, xc, url.c_str(), linkFormats[c],
                                                    escapedText(cell.text, buffer), nullptr));
                    break;
                }
                }
            }
            const int lines = rowLines.empty() ? 1 : rowLines[r];
            check(worksheet_set_row(ws, xr, rowHeightPt(lines, kBodyPt), nullptr), "cannot set a row height");
            if (freeRows && !keepRows[r])
                std::vector<Cell>().swap(t.rows[r]);
        }
        // Codes, question numbers and shorthand beside numbers are text on purpose: no "number stored as text"
        // warnings.
        const std::string range = "A" + std::to_string(hr + 1) + ":" + columnName(t.columns.size() - 1) +
                                  std::to_string(hr + 1 + t.rows.size());
        check(worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range.c_str()),
              "cannot mark the table's text cells");
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            setColumnWidthPx(ws, col16(c), col16(c), cols[c].widthPx);
    }

    bool refersToFormula(const std::vector<Ref>& refs) const
    {
        for (const auto& r : refs)
            if (layout.sheets[r.sheet].table->rows[r.row][r.col].kind == Cell::Kind::Formula)
                return true;
        return false;
    }

    void writeCharts(lxw_worksheet* ws, const Sheet& sheet)
    {
        std::size_t row = sheet.lines.size() + 1;
        // A printed page for each chart after the first.
        std::vector<lxw_row_t> breaks;
        for (std::size_t i = 1; i < sheet.charts.size(); ++i)
            breaks.push_back(row32(row + 24 * i - 1));
        breaks.push_back(0);
        if (breaks.size() > 1)
            check(worksheet_set_h_pagebreaks(ws, breaks.data()), "cannot set page breaks");
        for (const auto& c : sheet.charts) {
            lxw_chart* chart = wb.addChart(c.type == Chart::Type::Line ? LXW_CHART_LINE : LXW_CHART_COLUMN);
            lxw_chart_font titleFont{};
            titleFont.name = const_cast<char*>("Arial");
            titleFont.size = 14;
            titleFont.bold = LXW_TRUE;
            lxw_chart_font axisFont{};
            axisFont.name = const_cast<char*>("Arial");
            axisFont.size = 12;
            chart_title_set_name(chart, c.title.c_str());
            chart_title_set_name_font(chart, &titleFont);
            chart_axis_set_name(chart->x_axis, c.xAxis.c_str());
            chart_axis_set_name(chart->y_axis, c.yAxis.c_str());
            chart_axis_set_name_font(chart->x_axis, &axisFont);
            chart_axis_set_name_font(chart->y_axis, &axisFont);
            chart_axis_set_num_font(chart->x_axis, &axisFont);
            chart_axis_set_num_font(chart->y_axis, &axisFont);
            if (!c.numFormat.empty())
                chart_axis_set_num_format(chart->y_axis, c.numFormat.c_str());
            chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
            if (c.series.size() < 2)
                chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
            else
                chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
            chart_legend_set_font(chart, &axisFont);
            for (const auto& s : c.series) {
                const std::string cats = chartRange(layout, s.categories);
                const std::string vals = chartRange(layout, s.values);
                lxw_chart_series* series = chart_add_series(chart, cats.c_str(), vals.c_str());
                if (!series)
                    throw Error("libxlsxwriter could not add a chart series");
                chart_series_set_name(series, s.name.c_str());
                if (c.type == Chart::Type::Line) {
                    chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
                    chart_series_set_marker_size(series, 8);
                }
                // libxlsxwriter 1.1.4 caches formula cells as 0: better no cache than a wrong one.
                if (!valuesOnly && refersToFormula(s.values))
                    series->values->ignore_cache = LXW_TRUE;
            }
            lxw_chart_options options{};
            options.x_scale = kChartWidthPx / 480; // libxlsxwriter's charts are 480 pixels wide
            options.y_scale = 1.5;
            options.description = const_cast<char*>(c.altText.c_str());
            check(worksheet_insert_chart_opt(ws, row32(row), 0, chart, &options),
                  "cannot insert a chart on sheet '" + sheet.name + "'");
            row += 24;
        }
    }
};

} // namespace

namespace {

// Closes @p wb on a thread of its own; @p written becomes true when it has returned or thrown.
Task<void> closeInBackground(XlsxWorkbook& wb, std::atomic<bool>& written)
{
    return runInBackground([&wb, &written] {
        struct Said
        {
            std::atomic<bool>& written;
            ~Said() { written.store(true); } // also when the close fails
        } said{written};
        // libxlsxwriter writes the numbers as it closes, with printf, in the thread's locale: a desktop
        // whose locale writes a decimal comma would turn 1.93 into "1,93".
        NumericLocaleGuard cNumbers;
        wb.close();
    });
}

// Runs @p meanwhile (when set) while @p closing goes on. The failed write's error (which carries its errno)
// is rethrown before the other work's: it is what the caller must report.
void waitWhile(Task<void>& closing, const std::function<void()>& meanwhile)
{
    std::exception_ptr meanwhileError;
    try {
        if (meanwhile)
            meanwhile();
    } catch (...) {
        meanwhileError = std::current_exception();
    }
    closing.get();
    if (meanwhileError)
        std::rethrow_exception(meanwhileError);
}

bool hasExternalLink(const Sheet& sheet)
{
    for (const auto& line : sheet.lines)
        if (line.style == Line::Style::Link && !line.link.sheet)
            return true;
    if (sheet.table)
        for (const auto& row : sheet.table->rows)
            for (const auto& cell : row)
                if (cell.kind == Cell::Kind::Link && !cell.link().sheet)
                    return true;
    return false;
}

// The sheets whose tables render() has a second workbook write: the largest tables of at least minCells
// cells, until they hold half the workbook's table cells (the rest of the close, the store's check and the
// guard's reading are this thread's share); none on the first sheet (which libxlsxwriter selects), or on a
// sheet with a chart or an external link (whose relationships the placeholder would have to repeat). In
// the workbook's order.
std::vector<std::size_t> sheetsWrittenApart(const Layout& layout, const WrittenApart& apart)
{
    std::vector<std::size_t> chosen;
    if (apart.helperFile.empty())
        return chosen;
    auto cellsOf = [&](std::size_t si) {
        const Sheet& sheet = layout.sheets[si];
        return sheet.table ? sheet.table->rows.size() * sheet.table->columns.size() : std::size_t{0};
    };
    std::size_t total = 0;
    std::vector<std::size_t> candidates;
    for (std::size_t si = 0; si < layout.sheets.size(); ++si) {
        total += cellsOf(si);
        if (si > 0 && cellsOf(si) >= apart.minCells && layout.sheets[si].charts.empty() &&
            !hasExternalLink(layout.sheets[si]))
            candidates.push_back(si);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](std::size_t a, std::size_t b) { return cellsOf(a) > cellsOf(b); });
    std::size_t taken = 0;
    for (const std::size_t si : candidates) {
        if (2 * taken >= total)
            break;
        chosen.push_back(si);
        taken += cellsOf(si);
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

std::string worksheetMember(std::size_t index)
{
    return "xl/worksheets/sheet" + std::to_string(index + 1) + ".xml";
}

} // namespace

void settleRows(Layout& layout)
{
    for (auto& sheet : layout.sheets)
        splitTallLines(sheet);
    std::vector<std::vector<ColumnLayout>> tableColumns = columnLayouts(layout);
    std::vector<std::vector<int>> tableRowLines = rowLineCounts(layout, tableColumns);
    splitTallRows(layout, tableColumns, tableRowLines);
}

void render(Layout layout, const std::filesystem::path& file, bool valuesOnly,
            const std::function<void(const std::string& step, std::size_t index, std::size_t count)>& step,
            const WhileClosing& whileClosing, const WrittenApart& apart)
{
    // libxlsxwriter keeps its own copy of every cell until close(): a table's rows are freed as they are
    // written, so the two copies are not held whole at once; except the rows a chart plots, which
    // writeCharts() reads later.
    for (auto& sheet : layout.sheets)
        splitTallLines(sheet);
    std::vector<std::vector<ColumnLayout>> tableColumns = columnLayouts(layout);
    std::vector<std::vector<int>> tableRowLines = rowLineCounts(layout, tableColumns);
    splitTallRows(layout, tableColumns, tableRowLines);
    std::vector<std::vector<bool>> plotted(layout.sheets.size());
    for (std::size_t si = 0; si < layout.sheets.size(); ++si)
        if (layout.sheets[si].table)
            plotted[si].assign(layout.sheets[si].table->rows.size(), false);
    for (const auto& sheet : layout.sheets)
        for (const auto& chart : sheet.charts)
            for (const auto& series : chart.series)
                for (const auto* refs : {&series.categories, &series.values})
                    for (const auto& ref : *refs)
                        plotted.at(ref.sheet).at(ref.row) = true;
    const std::size_t steps = layout.sheets.size() + 1;
    auto writeSheet = [&](Renderer& r, std::size_t si, lxw_worksheet* ws, bool placeholder, bool freeRows) {
        Sheet& sheet = layout.sheets[si];
        worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
        const std::vector<ColumnLayout>& cols = tableColumns[si];
        double columnA = sheet.coverWidthPx;
        double tableWidth = sheet.coverWidthPx;
        if (sheet.table) {
            columnA = cols.front().widthPx;
            tableWidth = 0;
            for (const auto& c : cols)
                tableWidth += c.widthPx;
        }
        // A line above the table runs on into the columns to its right: the printed page must be as wide
        // as the widest line, or its end is cut off.
        double widestLine = 0;
        if (!sheet.wrapLines)
            for (const auto& line : sheet.lines)
                widestLine = std::max(
                    widestLine, textWidthPx(line.text, linePoints(line.style),
                                            line.style == Line::Style::Title || line.style == Line::Style::Heading) +
                                    kCellPaddingPx);
        if (!sheet.charts.empty())
            widestLine = std::max(widestLine, kChartWidthPx + kCellPaddingPx);
        const double printWidth = std::max(tableWidth, widestLine);
        // Printing and PDF: landscape, the header row on every page, A3 for wide tables (no effect on
        // screen). One page wide, unless the table is so wide that its text would shrink below half size on
        // A3: then as many pages wide as keep it at least that, printed across before down so that a row goes
        // on to the next page, with the first column (the row's label) repeated on each.
        const int pagesWide = std::max(1, static_cast<int>(std::ceil(tableWidth / kMaxPagePrintPx)));
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, printWidth > 1500 ? 8 : 9);
        worksheet_fit_to_pages(ws, static_cast<std::uint16_t>(pagesWide), 0);
        if (pagesWide > 1 && sheet.table) {
            worksheet_print_across(ws);
            check(worksheet_repeat_columns(ws, 0, 0), "cannot repeat the first column on sheet '" + sheet.name + "'");
        }
        if (!placeholder)
            r.writeLines(ws, sheet, columnA);
        if (sheet.table) {
            r.writeTable(si, ws, sheet, cols, tableRowLines[si], plotted[si], placeholder, freeRows);
            const lxw_row_t hr = Renderer::row32(headerRow(sheet));
            check(worksheet_repeat_rows(ws, hr, hr), "cannot repeat the header row on sheet '" + sheet.name + "'");
            if (widestLine > tableWidth) {
                const lxw_col_t extra = Renderer::col16(cols.size());
                setColumnWidthPx(ws, extra, extra, widestLine - tableWidth);
                check(worksheet_print_area(ws, 0, 0, Renderer::row32(hr + sheet.table->rows.size()), extra),
                      "cannot set the print area of sheet '" + sheet.name + "'");
            }
        } else if (sheet.wrapLines) {
            setColumnWidthPx(ws, 0, 0, sheet.coverWidthPx);
        } else if (widestLine > 0) {
            setColumnWidthPx(ws, 0, 0, widestLine);
        }
        r.writeCharts(ws, sheet);
    };

    std::vector<std::string> longTexts;
    std::vector<std::string>* keptTexts = whileClosing ? &longTexts : nullptr;

    // The largest tables first, in a workbook of their own, whose close then starts on another core.
    const std::vector<std::size_t> apartSheets = sheetsWrittenApart(layout, apart);
    const bool joined = !apartSheets.empty() && !apart.numberingOnly;
    std::vector<bool> isApart(layout.sheets.size(), false);
    for (const std::size_t si : apartSheets)
        isApart[si] = true;
    std::optional<XlsxWorkbook> helper;
    std::vector<FormatKey> helperFormats;
    std::vector<std::string> helperStrings;
    std::uint64_t helperReferences = 0;
    std::size_t keptBytes = 0;
    // Each worksheet of the helper, and the one of the workbook whose place it takes.
    std::vector<std::pair<std::string, std::string>> moved;
    if (!apartSheets.empty()) {
        helper.emplace(apart.helperFile);
        // libxlsxwriter selects a workbook's first sheet: a blank one, so that the others are written unselected.
        std::string blank = "Blank";
        for (const std::size_t si : apartSheets)
            if (text::iequals(layout.sheets[si].name, blank))
                blank += "_";
        helper->addWorksheet(blank);
        Renderer hr{layout, valuesOnly, *helper, keptTexts};
        for (std::size_t k = 0; k < apartSheets.size(); ++k) {
            const std::size_t si = apartSheets[k];
            if (step)
                step("sheet " + layout.sheets[si].name, si, steps);
            writeSheet(hr, si, helper->addWorksheet(layout.sheets[si].name), false, joined);
            moved.emplace_back(worksheetMember(k + 1), worksheetMember(si));
        }
        keptBytes = hr.longTextBytes;
        helperFormats = helper->formatKeys();
        helper->numberFormats(helperFormats);
        helperStrings = helper->sharedStrings();
        helperReferences = helper->sharedStringReferences();
    }
    std::atomic<bool> helperWritten{false};
    Task<void> helperClosing;
    if (joined)
        helperClosing = closeInBackground(*helper, helperWritten);

    XlsxWorkbook wb(file);
    wb.setProperties(layout.properties);
    std::vector<lxw_worksheet*> sheets;
    for (const auto& sheet : layout.sheets)
        sheets.push_back(wb.addWorksheet(sheet.name));
    if (helper) {
        wb.numberFormats(helperFormats);
        wb.numberSharedStrings(helperStrings);
    }
    Renderer r{layout, valuesOnly, wb, keptTexts};
    r.longTextBytes = keptBytes;
    std::uint64_t placeholderReferences = 0;
    for (std::size_t si = 0; si < layout.sheets.size(); ++si) {
        if (step && !isApart[si])
            step("sheet " + layout.sheets[si].name, si, steps);
        const bool placeholder = isApart[si] && joined;
        const std::uint64_t before = wb.sharedStringReferences();
        writeSheet(r, si, sheets[si], placeholder, true);
        if (placeholder)
            placeholderReferences += wb.sharedStringReferences() - before;
    }
    if (joined)
        wb.countSharedStringReferences(static_cast<std::int64_t>(helperReferences) -
                                       static_cast<std::int64_t>(placeholderReferences));
    if (step)
        step("close", layout.sheets.size(), steps);
    std::atomic<bool> written{false};
    std::vector<FileBeingWritten> files{{file, &written, {}}};
    if (joined)
        files.push_back({apart.helperFile, &helperWritten, moved});
    std::function<void()> meanwhile;
    if (whileClosing)
        meanwhile = [&] { whileClosing(std::move(longTexts), files); };
    if (joined) {
        // The helper's close has a core to itself: this one writes the rest of the workbook, then does what
        // waits on the files while the helper goes on. A third thread would take turns with both.
        wb.close();
        written.store(true);
        waitWhile(helperClosing, meanwhile);
        replaceMembers(file, apart.helperFile, moved);
    } else if (meanwhile) {
        Task<void> closing = closeInBackground(wb, written);
        waitWhile(closing, meanwhile);
    } else {
        wb.close();
    }
}

} // namespace evidence::xlsx
