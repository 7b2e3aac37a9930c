#pragma once
/// @file layout.h
/// @brief The workbook as a plain description (sheets, lines above tables, tables, cells, charts), built from
/// the model, validated as a whole, then rendered with libxlsxwriter.
///
/// Cells refer to other cells symbolically (sheet index, table body row, column), so formulas and links can
/// be built before the number of lines above each table is known; render() resolves them to A1 references.

#include "export/workbook_writer.h"
#include "export/xlsx_workbook.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace evidence::xlsx {

/// A cell of a table body: sheet index in Layout::sheets, body row (0 = first row under the header), column.
struct Ref
{
    /// The sheet (index into Layout::sheets), the body row of its table and the column.
    std::size_t sheet = 0;
    std::size_t row = 0;
    std::size_t col = 0;
    friend bool operator==(const Ref&, const Ref&) = default;
};

/// A formula made of literal text and references, resolved to A1 notation when written.
class Formula
{
public:
    /// Literal text, a cell, or a range of cells.
    struct Part
    {
        std::string_view text;    ///< literal text (when no reference)
        std::optional<Ref> first; ///< a cell, or the first cell of a range
        std::optional<Ref> last;  ///< the last cell of a range
    };

    Formula() = default;
    /// A formula that starts with the literal @p text (e.g. "=SUM(").
    explicit Formula(std::string_view text) { add(text); }
    /// Appends literal text; returns the formula, so that calls chain. @throws std::length_error past 4 GiB of text.
    Formula& add(std::string_view text);
    /// @throws std::length_error for a sheet, row or column past 4,294,967,295 (Excel's limits are far lower).
    Formula& add(Ref cell);
    /// Appends the range from @p first to @p last; throws as add(Ref).
    Formula& add(Ref first, Ref last);
    /// Adds the cells separated by commas, merging runs of consecutive rows of one column into ranges.
    Formula& addList(const std::vector<Ref>& cells);

    /// Calls @p visit with each Part in order.
    template <class Visit>
    void forEachPart(Visit&& visit) const
    {
        for (std::size_t i = 0; i < m_codes.size();) {
            Part p;
            switch (m_codes[i]) {
            case kText:
                p.text = std::string_view(m_text).substr(m_codes[i + 1], m_codes[i + 2]);
                i += 3;
                break;
            case kCell:
                p.first = Ref{m_codes[i + 1], m_codes[i + 2], m_codes[i + 3]};
                i += 4;
                break;
            default:
                p.first = Ref{m_codes[i + 1], m_codes[i + 2], m_codes[i + 3]};
                p.last = Ref{m_codes[i + 4], m_codes[i + 5], m_codes[i + 6]};
                i += 7;
                break;
            }
            visit(p);
        }
    }
    /// Whether nothing has been added.
    bool empty() const noexcept { return m_codes.empty(); }
    /// Moves every reference to a body row of @p sheet to @p newRow[row] (rows were split or inserted).
    void remapRows(std::size_t sheet, const std::vector<std::size_t>& newRow);

private:
    // A table at L holds a million formulas: each is a few numbers and a short text, not a list of
    // strings and optional references (about 160 bytes instead of 500 for a share's formula).
    enum : std::uint32_t { kText, kCell, kRange };
    void push(Ref r);
    std::vector<std::uint32_t> m_codes; ///< kText offset length | kCell sheet row col | kRange 6 numbers
    std::string m_text;                 ///< every literal text, one after another
};

/// Where a link goes: a web or mail address, or A1 of a sheet, or the first cell of a table body row.
struct LinkTarget
{
    std::string url;                  ///< "https://...", "mailto:..."; empty for an internal link
    std::optional<std::size_t> sheet; ///< internal: the sheet
    std::optional<std::size_t> row;   ///< internal: a body row of the sheet's table (A1 when absent)
};

/// One cell.
struct Cell
{
    /// What the cell holds: text, a number, a formula (with its cached result) or a link.
    enum class Kind : unsigned char { Text, Number, Formula, Link };
    /// What the cell holds; formula() and link() are set only for their kinds.
    Kind kind = Kind::Text;
    bool textResult = false; ///< a formula whose result is text
    std::string text;        ///< the text, the link text, or a formula's cached text result
    double number = 0;       ///< the number, or a formula's cached number result

    Cell() = default;
    Cell(const Cell& other);
    Cell& operator=(const Cell& other);
    Cell(Cell&&) noexcept = default;
    Cell& operator=(Cell&&) noexcept = default;
    ~Cell() = default;

    /// For Kind::Formula; empty otherwise.
    const class Formula& formula() const noexcept;
    /// For Kind::Link; empty otherwise.
    const LinkTarget& link() const noexcept;
    /// Moves a formula's references and a link's target row on @p sheet to @p newRow[row].
    void remapRows(std::size_t sheet, const std::vector<std::size_t>& newRow);

    /// A text cell.
    static Cell makeText(std::string text);
    /// A number cell; the number must be finite (validate() says so otherwise).
    static Cell makeNumber(double value);
    /// A formula cell whose cached (shown until recalculation) result is the number @p cached.
    static Cell makeFormula(class Formula f, double cached);
    /// A formula cell whose result is text, @p cached.
    static Cell makeFormulaText(class Formula f, std::string cached);
    /// A link cell showing @p text.
    static Cell makeLink(std::string text, LinkTarget target);

private:
    // A table at size L holds 8.5 million cells and nearly all are text or numbers: keeping the formula or
    // the link behind a pointer makes a cell 56 bytes instead of 144, which the layout's peak memory and
    // its page faults follow.
    using Extra = std::variant<class Formula, LinkTarget>;
    std::unique_ptr<Extra> m_extra;
};

/// How a column's cells look.
enum class ColumnType {
    Text,     ///< left-aligned text, wrapped when wider than the column's cap
    LongText, ///< left-aligned text in a wide wrapped column (accounts, answers)
    Count,    ///< #,##0
    Whole,    ///< 0: whole numbers that are not amounts (ages, years), no thousands separator
    Decimal1, ///< #,##0.0
    Decimal2, ///< #,##0.00
    Percent,  ///< 0.0% (the cell holds a fraction)
    Ratio     ///< #,##0.00
};

/// True for the numeric column types (right-aligned, shorthand allowed instead of numbers).
bool isNumeric(ColumnType type) noexcept;

/// Said above a table whose long texts go on in continuation rows.
inline constexpr const char* kContinuedRows =
    "A row whose first cell ends \"(continued)\" goes on with the text of the row above; its other cells are "
    "left empty.";

/// The widest table (in pixels at 100%) printed one page wide: on A3 landscape (about 1,450 pixels wide) its
/// text is at half size. A wider table prints across more pages.
inline constexpr double kMaxPagePrintPx = 2900;
/// Width of a chart on the Charts sheet, and of the column its lines wrap in: a printed A4 page holds both.
inline constexpr double kChartWidthPx = 768;

/// One column of a table: its header, how its cells look, and what an empty cell of it means.
struct Column
{
    Column() = default;
    /// A column headed @p header_ (the trailing underscores only avoid shadowing the members).
    Column(std::string header_, ColumnType type_ = ColumnType::Text, std::string emptyMeans_ = {})
        : header(std::move(header_)), type(type_), emptyMeans(std::move(emptyMeans_))
    {
    }

    /// The header as written in the header row (unique within its table), and how the column's cells look.
    std::string header;
    ColumnType type = ColumnType::Text;
    /// What an empty cell of this column means ("the row has no note"); the sheet states it above the table.
    /// Empty: every cell must hold text, a number or shorthand.
    std::string emptyMeans;
};

/// An Excel table (ListObject) with one header row, no filter buttons, no banding.
struct Table
{
    std::string name; ///< e.g. "Table_1_Figures_by_area"
    /// The columns in order, and the body rows, each with one cell per column.
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;

    /// Appends a column; @return its index, by which the rows' cells are placed.
    std::size_t addColumn(std::string header, ColumnType type)
    {
        columns.emplace_back(std::move(header), type);
        return columns.size() - 1;
    }
};

/// A line in column A above a table (or on the cover).
struct Line
{
    /// How a line looks: the sheet's title, a heading, body text, or a link.
    enum class Style { Title, Heading, Body, Link };
    /// How the line looks, and its text.
    Style style = Style::Body;
    std::string text;
    LinkTarget link; ///< for Style::Link
};

/// One series of a chart: categories and values as lists of cells (several runs are written as a union).
struct ChartSeries
{
    /// The series' name (its legend entry), and the cells of its categories and of its values, in order.
    std::string name;
    std::vector<Ref> categories;
    std::vector<Ref> values;
};

/// A chart placed below a sheet's lines, plotting cells of the workbook's tables.
struct Chart
{
    /// A line chart (a series over periods) or a column chart (categories side by side).
    enum class Type { Line, Column };
    /// The kind of chart, its title and the titles of its axes.
    Type type = Type::Line;
    std::string title;
    std::string xAxis;
    std::string yAxis;
    std::string numFormat; ///< of the value axis
    std::string altText;   ///< the chart's description (alternative text); never empty
    /// The series plotted, in legend order.
    std::vector<ChartSeries> series;
};

/// One worksheet: lines in column A from A1, then an optional table, then charts below the lines.
struct Sheet
{
    /// The sheet's name (its tab, at most 31 characters, unique).
    std::string name;
    std::string description; ///< for the contents table
    std::vector<Line> lines; ///< lines[0] is the title in A1
    /// The sheet's table, when it has one, and the charts placed below its lines.
    std::optional<Table> table;
    std::vector<Chart> charts;
    bool wrapLines = false;     ///< wrap the lines (cover), in a column of coverWidthPx
    double coverWidthPx = 0;    ///< width of column A when wrapLines
    bool listInContents = true; ///< has a row in the contents table
};

/// The whole workbook: its sheets in tab order and its document properties.
struct Layout
{
    /// The sheets in tab order, and the workbook's document properties (title, author, ...).
    std::vector<Sheet> sheets;
    DocumentProperties properties;
};

/// Every problem that would make the workbook invalid or break the checklist: sheet and table names,
/// headers, text (UTF-8, 32,767 characters, no line breaks in headers), finite numbers, references and
/// link targets that exist, URL lengths. Empty when the layout can be written.
std::vector<std::string> validate(const Layout& layout);

/// Where and whether render() writes the largest tables in a workbook of their own (WriteOptions::helperFile).
struct WrittenApart
{
    /// The second file; empty: the workbook is written in one piece.
    std::filesystem::path helperFile;
    std::size_t minCells = kApartMinCells; ///< the fewest cells of a table written apart
    bool numberingOnly = false;            ///< tests: WriteOptions::apartNumberingOnly
};

/// Writes @p layout to @p file. @p valuesOnly writes formulas' cached results as plain values.
/// @p step is called with the name of each step before it runs (progress, cancellation, fault injection).
/// Taken by value (pass an rvalue): it frees each table row once written, unless a chart plots it.
/// @p whileClosing, if set, runs on this thread while another one has libxlsxwriter write a file (most of
/// a large export's time); an error from either is rethrown once both are done, a failed write's first.
///
/// With @p apart, the largest tables (of at least WrittenApart::minCells cells, on sheets with no chart or
/// external link, until they hold half the workbook's table cells) are written by a second libxlsxwriter
/// workbook, which compresses them on another core while this thread writes the rest of the workbook with a
/// placeholder for each of those worksheets (its table, print setup and the rows charts plot), then runs
/// @p whileClosing. A worksheet refers to its strings and formats by number: this workbook numbers first the
/// strings and formats the second one gave those sheets, in the same order, and counts their cells' strings
/// as its own. The second workbook's members then replace the placeholders, compressed as they are
/// (workbook_join.h).
void render(Layout layout, const std::filesystem::path& file, bool valuesOnly,
            const std::function<void(const std::string& step, std::size_t index, std::size_t count)>& step,
            const WhileClosing& whileClosing = {}, const WrittenApart& apart = {});

/// Splits tall lines and table rows as render() does before writing (moving the references to them), so
/// that each body row of @p layout is then the row the written file holds. render() does this itself.
void settleRows(Layout& layout);

/// The 1-based row number a spreadsheet shows for body row @p bodyRow of @p sheet's table.
inline std::size_t sheetRowNumber(const Sheet& sheet, std::size_t bodyRow) noexcept
{
    return sheet.lines.size() + 2 + bodyRow;
}

/// Excel's tallest row (409 points): a taller one is cut to that height and its text hidden.
inline constexpr double kMaxRowHeightPt = 409;

/// The A1 row index (0-based) of the header of @p sheet's table.
inline std::size_t headerRow(const Sheet& sheet) noexcept
{
    return sheet.lines.size();
}

} // namespace evidence::xlsx
