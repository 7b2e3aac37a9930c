#pragma once
/// @file workbook_dump.h
/// @brief Reads a written .xlsx back into a flat "dump" that the export peers replay, so they write exactly the
/// cells, formats, tables, row heights and column widths our workbook holds (see docs/performance.md).

#include <cstddef>
#include <filesystem>

namespace evidence::bench {

/// What a dump holds, for the benchmark's fairness notes.
struct DumpCounts
{
    std::size_t sheets = 0, cells = 0, formulas = 0, links = 0, tables = 0, formats = 0, charts = 0;
};

/// Unzips @p xlsx and writes the dump to @p out, one tab-separated record a line:
///
///     X id size bold underline rgb halign valign wrap indent numfmt font   a cell format (cellXfs index)
///     S name                                                               a worksheet, gridlines hidden
///     W firstcol lastcol width                                             a column width in characters
///     R row height                                                         a row height in points
///     T firstrow firstcol lastrow lastcol name                             a table without filter or banding
///     H header format                                                      the next column header of that table
///     C row col format kind value [formula-or-url]                         kind s, n, b (blank), f (number
///                                                                          result), g (text result), u (link)
///
/// Strings escape backslash, tab, CR and LF as \\, \t, \r and \n. Header cells of tables are left out (the
/// table writes them). Charts, document properties, page setup and "ignore error" ranges are not dumped.
/// @throws std::runtime_error when the file cannot be read.
DumpCounts dumpWorkbook(const std::filesystem::path& xlsx, const std::filesystem::path& out);

} // namespace evidence::bench
