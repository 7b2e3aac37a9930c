#pragma once
/// @file report.h
/// @brief Renders trend figures for the command line: aligned text tables, CSV (RFC 4180) and headlines.
///
/// Tables show percentages to one decimal place; CSV keeps full precision (the shortest text that reads back
/// to the same double). Figures that are not computable show their shorthand code, and the reasons follow
/// the table (text) or fill a Notes column (CSV).
///
/// @code
/// std::vector<SeriesRow> rows = {{{"Recorded offences", "Dorset"}, computeSeries(dorset)}};
/// std::cout << formatSeriesTable(rows);          // or formatSeriesCsv(rows)
/// for (const auto& line : headlines(rows)) std::cout << line << '\n';
/// @endcode

#include "core/trends/distribution.h"
#include "core/trends/headline.h"
#include "core/trends/series.h"
#include "core/trends/totals.h"

#include <string>
#include <string_view>
#include <vector>

namespace evidence::trends {

/// One row of a series table: what it is about (the area is the row label) and its figures.
struct SeriesRow
{
    HeadlineContext context; ///< subject, area (the row label) and coverage
    SeriesFigures figures;   ///< from computeSeries() or a like-for-like total
};

/// How numbers are written in a table.
enum class Precision {
    Display, ///< for people: percentages to 1 decimal place, folds and intervals to 2, R² to 3
    Full     ///< for machines: every digit of the double
};

/// A rectangular table of text cells.
struct TextTable
{
    std::vector<std::string> headers;           ///< column headers, single-line
    std::vector<bool> rightAligned;             ///< per column; numbers are right-aligned
    std::vector<std::vector<std::string>> rows; ///< each as long as headers
    std::vector<std::string> notes;             ///< reasons for codes, one sentence each (not part of CSV)
};

/// The series figures as a table: Area, [Measure,] From, To, First, Last, Change, Change (%), Fold change,
/// Annual rate (%), Slope per year, R², 95% CI lower, 95% CI upper, Significance, [Coverage,] and with
/// Precision::Full a final Notes column holding the reasons of the row's codes.
TextTable seriesTable(const std::vector<SeriesRow>& rows, Precision precision);
/// Totals per period: Period, Total, Coverage, Missing, [Rate per 10,000].
TextTable totalsTable(const TotalsResult& totals, Precision precision);
/// One breakdown: Category, Count, Share (%); the summary (most common, median, threshold, not recorded,
/// exclusion) goes into the notes.
TextTable distributionTable(const Distribution& distribution, Precision precision);

/// Columns padded to their widest cell (counted in code points), two spaces apart, a dashed rule under the
/// header, then a key of the shorthand codes used and the notes. Ends with a newline.
std::string renderAligned(const TextTable& table);
/// RFC 4180 CSV: comma-separated, CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes doubled.
std::string renderCsv(const TextTable& table);

/// renderAligned(seriesTable(rows, Precision::Display)).
std::string formatSeriesTable(const std::vector<SeriesRow>& rows);
/// renderCsv(seriesTable(rows, Precision::Full)).
std::string formatSeriesCsv(const std::vector<SeriesRow>& rows);
/// The totals per period, then the like-for-like comparison as a series table, as aligned text.
std::string formatTotalsTable(const TotalsResult& totals, const HeadlineContext& context);
/// The headline of every row, in order.
std::vector<std::string> headlines(const std::vector<SeriesRow>& rows);

/// One CSV field, quoted when RFC 4180 requires it.
std::string csvField(std::string_view value);

/// The key of the shorthand codes that appear in @p cells, e.g. "[z] not applicable; [c] confidential".
/// Only the codes used are listed; empty when none.
std::string shorthandKey(const std::vector<std::vector<std::string>>& cells);

} // namespace evidence::trends
