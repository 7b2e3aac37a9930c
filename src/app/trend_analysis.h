#pragma once
/// @file trend_analysis.h
/// @brief The trends of one measure as the store holds them: one place that decides which series,
/// which scope and which breakdowns are analysed, for the CLI, the GUI and the workbook alike.

#include "core/trends/distribution.h"
#include "core/trends/headline.h"
#include "core/trends/report.h"
#include "core/trends/series.h"
#include "core/trends/totals.h"
#include "db/store.h"

#include <functional>
#include <optional>
#include <vector>

namespace evidence::app {

/// What to analyse and how (analyseMeasure()); every member has a usable default.
struct AnalysisOptions
{
    std::optional<Period> from; ///< the earlier compared period; default: trends::comparisonStart()
    /// The later of the compared periods; default: the latest with values.
    std::optional<Period> to;
    std::optional<RowId> areaId; ///< only this area's series (totals still use the whole scope)
    /// The area whose member police force areas are totalled. Default: the aggregate, nation or region
    /// that has figures of its own for this measure (the published total the forces add up to), else
    /// the smallest one that contains every area with figures.
    std::optional<RowId> scopeAreaId;
    /// Threshold for "at or under" in distributions (e.g. 10 for "aged 10 and under").
    std::optional<long long> threshold = 10;
    /// The share of the areas in scope a like-for-like total must cover for its change to be stated.
    /// Default: the store's submission's (see submissionCoverageThreshold()).
    std::optional<double> coverageThreshold;
};

/// The coverage threshold the submission @p submissionId records; with 0, that of the store's only submission,
/// or trends::kDefaultCoverageThreshold when the store holds none or several.
double submissionCoverageThreshold(const db::Store& store, RowId submissionId = 0);

/// The distribution of one breakdown of one area in one period.
struct BreakdownAnalysis
{
    /// The area, and the breakdown's distribution (from trends::computeDistribution()).
    Area area;
    trends::Distribution distribution;
};

/// Everything computed for one measure.
struct MeasureAnalysis
{
    /// The measure analysed.
    Measure measure;
    std::vector<Area> seriesAreas;         ///< the area of each series row, same order
    std::vector<trends::SeriesRow> series; ///< one per area with figures (totals only), in area order
    std::optional<Area> scope;             ///< the totals' scope, if one applies
    std::vector<Area> scopeMembers;        ///< the areas summed (territorial police force areas only)
    /// The like-for-like totals over the scope; absent when no scope applies.
    std::optional<trends::TotalsResult> totals;
    trends::HeadlineContext totalsContext; ///< subject and scope name for the totals headline
    /// The distribution of each breakdown of each area and period.
    std::vector<BreakdownAnalysis> breakdowns;
    /// The measure's totals (no breakdown) as the store holds them, in identity order (area, period,
    /// source), without their uuids: the figures the statistics table shows, with their notes.
    std::vector<Observation> totalObservations;
    /// The sources of all its observations, totals and breakdowns, in order of first appearance in
    /// identity order.
    std::vector<RowId> sourceIds;
};

/// Analyses @p measureId. Series that cannot be computed (one period only) are kept with their codes.
MeasureAnalysis analyseMeasure(const db::Store& store, RowId measureId, const AnalysisOptions& options = {});

/// analyseMeasure() for each of @p measureIds, in that order, with the same results: the store is
/// read once for all of them and the analyses run on every processor core. @p afterReading, when set,
/// is called on this thread once the figures have been read, while the last analyses still run: what
/// the caller reads next from the store is then read in the same snapshot, in time no core had a use for.
std::vector<MeasureAnalysis> analyseMeasures(const db::Store& store, const std::vector<RowId>& measureIds,
                                             const AnalysisOptions& options = {},
                                             const std::function<void()>& afterReading = {});

/// The measure used for rates per 10,000, if the store has one: a count measure whose name starts
/// with "Population".
std::optional<Measure> populationMeasure(const db::Store& store);

} // namespace evidence::app
