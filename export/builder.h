#pragma once
/// @file builder.h
/// @brief Lays out a WorkbookModel as sheets, tables and charts (export library internal).

#include "export/layout.h"
#include "export/workbook_model.h"

#include <string>
#include <vector>

namespace evidence::xlsx {

/// The layout and any problems found in the model while laying it out (e.g. a citation of a case study
/// that is not in the workbook).
struct BuildResult
{
    /// The sheets and their contents, ready to be written by XlsxWorkbook.
    Layout layout;
    /// What the model holds that cannot be shown as it is, one sentence each; empty when nothing.
    std::vector<std::string> problems;
};

/// Builds the layout of @p model. @p valuesOnly and @p charts as in WriteOptions.
BuildResult buildLayout(const WorkbookModel& model, bool valuesOnly, bool charts);

/// The one order of areas in every table: police force areas, then regions, nations and groupings of nations
/// (larger areas last, as totals are), each alphabetically by name.
bool areaBefore(const Area& a, const Area& b);

/// "28 June 2019" from "2019-06-28" or "2019-06-28T09:00:00Z"; "June 2019" from "2019-06"; other text unchanged.
std::string readableDate(std::string_view iso);

/// Seconds since the epoch of an ISO 8601 UTC date or date-time ("2019-06-28T09:00:00Z", "2019-06-28");
/// 0 when it cannot be read.
std::time_t parseIsoTime(std::string_view iso);

} // namespace evidence::xlsx
