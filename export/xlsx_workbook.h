#pragma once
/// @file xlsx_workbook.h
/// @brief A thin RAII wrapper over libxlsxwriter 1.1.4: checked calls, cached formats, name rules.
///
/// Every libxlsxwriter call that can fail goes through check(), which turns an `lxw_error` into an
/// evidence::Error carrying `lxw_strerror()` text. The file is only written by close(), which throws
/// evidence::FileError when libxlsxwriter cannot write it; the destructor of an unclosed workbook frees it
/// without writing anything.
///
/// @code
/// evidence::xlsx::NumericLocaleGuard c; // numbers as "0.5", whatever the locale
/// evidence::xlsx::XlsxWorkbook wb(path, created);
/// lxw_worksheet* ws = wb.addWorksheet("Cover");
/// worksheet_write_string(ws, 0, 0, "Title", wb.format({.size = 16, .bold = true}));
/// wb.close(); // throws on failure
/// @endcode

#include "core/platform.h"

#include <clocale>
#include <ctime>
#include <filesystem>
#include <locale.h>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>
#include <xlsxwriter.h>

namespace evidence::xlsx {

/// Throws evidence::Error("<what>: <lxw_strerror(err)>") unless @p err is LXW_NO_ERROR.
void check(lxw_error err, std::string_view what);

/// Keeps LC_NUMERIC at "C" for the calling thread while alive (libxlsxwriter formats doubles with
/// `%.16G`, which a decimal-comma locale would corrupt). Thread-safe: the locale is the thread's own.
using NumericLocaleGuard = platform::ThreadCNumericLocale;

/// The look of a cell. Every cell of the workbook is Arial; colour is automatic except links.
struct FormatKey
{
    /// The font size in points, bold, and whether the text wraps within the column.
    double size = 12;
    bool bold = false;
    bool wrap = false;
    bool right = false;    ///< right-aligned (numbers); otherwise left
    bool link = false;     ///< underlined, link colour
    std::string numFormat; ///< e.g. "#,##0", empty for General
    bool top = true;       ///< vertical alignment top (so wrapped rows read from the top)
    int indent = 0;        ///< indent level (keeps left-aligned text clear of a number to its left)

    friend auto operator<=>(const FormatKey&, const FormatKey&) = default;
};

/// Document properties (libxlsxwriter cannot write a document language).
struct DocumentProperties
{
    /// The workbook's document properties, as a spreadsheet's File > Properties shows them; empty ones are not
    /// written.
    std::string title;
    std::string subject;
    std::string author;
    std::string company;
    std::string category;
    std::string keywords;
    std::string comments;
    std::string status;
    std::time_t created = 0;                                 ///< must be non-zero for reproducible files
    std::vector<std::pair<std::string, std::string>> custom; ///< custom text properties, in order
};

/// An open libxlsxwriter workbook. Move-only; nothing is written until close().
class XlsxWorkbook
{
public:
    /// Prepares a workbook that close() will write to @p file.
    /// @throws evidence::Error when libxlsxwriter cannot allocate the workbook.
    explicit XlsxWorkbook(const std::filesystem::path& file);
    ~XlsxWorkbook();
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    /// Adds a worksheet after checking @p name with validateSheetName() and libxlsxwriter's own check.
    /// @throws evidence::DataError for an invalid or repeated name.
    lxw_worksheet* addWorksheet(const std::string& name);
    /// The format for @p key, created once per workbook.
    lxw_format* format(const FormatKey& key);
    /// The keys of the formats format() has created, in the order it created them.
    const std::vector<FormatKey>& formatKeys() const noexcept { return m_formatKeys; }
    /// Gives the formats of @p keys, in that order, the style numbers (xf indexes) a cell refers to, which
    /// libxlsxwriter otherwise hands out in the order its close meets them. Two workbooks that do this with
    /// the same keys first number those formats alike.
    void numberFormats(const std::vector<FormatKey>& keys);

    /// The texts of the shared-string table, in the order libxlsxwriter numbered them (the order cells first
    /// gave them).
    std::vector<std::string> sharedStrings() const;
    /// Numbers @p texts 0, 1, ... in the shared-string table, which must be empty, without counting them as
    /// cells that refer to them. @throws evidence::Error when the table was not empty.
    void numberSharedStrings(const std::vector<std::string>& texts);
    /// How many cells refer to a shared string: the table's `count`, which libxlsxwriter counts as cells
    /// are written.
    std::uint64_t sharedStringReferences() const noexcept;
    /// Counts @p cells more (or fewer) cells as referring to shared strings: those of a worksheet whose
    /// cells another workbook wrote (see layout.h, render()).
    void countSharedStringReferences(std::int64_t cells);
    /// A new chart of @p type (LXW_CHART_LINE, LXW_CHART_COLUMN, ...). @throws evidence::Error.
    lxw_chart* addChart(std::uint8_t type);
    /// Sets the document and custom properties. @throws evidence::Error.
    void setProperties(const DocumentProperties& properties);

    /// Writes the file and frees the workbook. Call once.
    /// @throws evidence::FileError naming the file and libxlsxwriter's reason, with the errno of the failed write.
    void close();

    /// The libxlsxwriter workbook, for writing worksheets and charts; owned by this object, null after close().
    lxw_workbook* handle() const noexcept { return m_workbook; }

private:
    std::filesystem::path m_file;
    lxw_workbook* m_workbook = nullptr;
    std::map<FormatKey, lxw_format*> m_formats;
    std::vector<FormatKey> m_formatKeys;
    std::set<std::string> m_sheetNamesLower;
};

/// Problems with a worksheet name under Excel's rules (empty when valid): at most 31 characters, none of
/// `[ ] : * ? / \`, no leading or trailing apostrophe or space, not "History", valid UTF-8. Does not check
/// uniqueness.
std::vector<std::string> sheetNameProblems(std::string_view name);
/// Problems with a table name: `^[A-Za-z_][A-Za-z0-9_.]*$`, at most 255 characters, not "C" or "R", and not
/// something Excel reads as a cell reference ("A1", "FY2019", "R1C1"). Does not check uniqueness.
std::vector<std::string> tableNameProblems(std::string_view name);
/// Length of @p text as Excel counts characters (UTF-16 code units). @p text must be valid UTF-8.
std::size_t excelLength(std::string_view text) noexcept;
/// Escapes literal `_xHHHH_` sequences (which Excel would read as an escaped character) as `_x005F_xHHHH_`.
std::string escapeForXlsx(std::string_view text);
/// "A", "B", ..., "Z", "AA", ... for a zero-based column.
std::string columnName(std::size_t col);
/// columnName() appended to @p out, for callers that spell a million references into one buffer.
void appendColumnName(std::string& out, std::size_t col);
/// "'Table 1'" (quoted when needed, apostrophes doubled) for use in formulas and links.
std::string quotedSheetName(std::string_view name);

/// The workbook's Normal font, that of every cell written.
inline constexpr const char* kDefaultFontName = "Arial";
inline constexpr double kDefaultFontPoints = 12;
/// Width in pixels of a digit of the Normal font (Arial 12 at 96 dpi), Excel's column width unit.
inline constexpr double kDefaultDigitPx = 9;

/// Sets columns @p first..@p last to @p px pixels wide under the Normal font (Arial 12), which
/// worksheet_set_column_pixels() would make too wide (it assumes Calibri 11). @throws evidence::Error.
void setColumnWidthPx(lxw_worksheet* ws, lxw_col_t first, lxw_col_t last, double px);

/// Excel's limits and the ones we keep.
inline constexpr std::size_t kMaxCellChars = 32767;
inline constexpr std::size_t kMaxUrlChars = 2079;
inline constexpr std::size_t kMaxUrlsPerSheet = 65530;
inline constexpr std::size_t kMaxFormulaChars = 8192;
inline constexpr std::size_t kMaxHeaderChars = 255;
inline constexpr std::size_t kMaxRows = 1048576;
inline constexpr std::size_t kMaxCols = 16384;

} // namespace evidence::xlsx
