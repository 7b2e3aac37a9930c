#pragma once
/// @file suppression.h
/// @brief Small-count suppression of the counts a workbook publishes (docs/anonymisation.md §6.4).
///
/// Every count the workbook shows (a figure by area and period, a period's total and like-for-like total, a
/// category of a breakdown and its totals) below the threshold becomes "[c]". In breakdowns by category a
/// zero is hidden too, because "no victims aged 10 to 12" says something about the one who was (§3.5).
/// Secondary suppression (core/disclosure.h) then hides further counts until none of the hidden ones can be
/// worked out from what the workbook adds up: the areas of a period and their total, the like-for-like
/// areas and their total, a region or nation shown beside its own members, the categories of a breakdown
/// and the area's figure. The changes, shares and most common counts computed from a hidden count become
/// "[c]" as well. Totals keep their values: they include the hidden counts.
///
/// Only measures counted in numbers are suppressed; rates and percentages are shown as given.

#include "core/domain.h"
#include "export/workbook_model.h"

#include <map>
#include <vector>

namespace evidence::xlsx {

/// How to suppress small counts: the threshold, and which aggregate rows are sums of which areas.
struct SuppressionOptions
{
    int threshold = 0; ///< counts below this become "[c]"; at least 2 (common choices: 3, 5, 10)
    /// The member areas of each region, nation or grouping that may be a row of a statistics table. Where
    /// such a row's figure equals the sum of its members' figures, that sum is published too.
    std::map<RowId, std::vector<RowId>> aggregateMembers;
};

/// The largest threshold accepted.
inline constexpr int kMaxSuppressionThreshold = 1000;

/// Suppresses small counts in @p model (in place) and records what it did in model.suppression.
/// @throws DataError when the threshold is below 2 or above kMaxSuppressionThreshold
SuppressionSummary suppressSmallCounts(WorkbookModel& model, const SuppressionOptions& options);

/// The rule as the Notes sheet states it, e.g. "Counts below 5 are shown as [c] ...".
std::string suppressionRule(const SuppressionSummary& summary);

} // namespace evidence::xlsx
