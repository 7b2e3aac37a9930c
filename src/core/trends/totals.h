#pragma once
/// @file totals.h
/// @brief Totals over the areas in scope, their coverage, the like-for-like change, and rates per 10,000.
///
/// Published national figures compare only the areas that reported in both periods (like-for-like):
/// the total of all responding areas changes with coverage and must not be compared across periods.

#include "core/domain.h"
#include "core/trends/series.h"

#include <optional>
#include <string>
#include <vector>

namespace evidence::trends {

/// How many of the areas in scope a figure covers: "40 of 44 forces".
struct Coverage
{
    std::size_t covered = 0;    ///< areas with a value
    std::size_t inScope = 0;    ///< areas in scope
    std::string noun = "areas"; ///< plural noun for the areas, e.g. "forces"

    /// True when every area in scope has a value.
    bool complete() const noexcept { return covered == inScope; }
    /// "40 of 44 forces".
    std::string text() const;
};

/// The share of the areas in scope a like-for-like total must cover for its change to be given as a
/// number (the submission's setting; 0.5 unless it says otherwise).
inline constexpr double kDefaultCoverageThreshold = 0.5;

/// True when @p coverage covers less than @p threshold of the areas in scope: the change of a total over
/// so few areas says little about the whole, so it is shown with the low-reliability marker "[u]" and a
/// note, never as a number or in a headline.
bool belowCoverageThreshold(const Coverage& coverage, double threshold = kDefaultCoverageThreshold) noexcept;

/// The plural noun for @p areas: "forces" when all are police force areas, "regions", "countries", else "areas".
std::string areaNoun(const std::vector<Area>& areas);

/// An area in scope without a usable value, and why.
struct AreaGap
{
    RowId areaId = 0;     ///< Area::id
    std::string areaName; ///< Area::name
    std::string code;     ///< "[x]" (no figure or not available), "[c]", "[z]" or "[low]"
    std::string reason;   ///< e.g. "no figure for 2015/16"
};

/// The total of one period over the areas in scope that have a value.
struct PeriodTotal
{
    Period period = Period::financialYear(2000); ///< the period totalled
    Figure total;                                ///< sum over areas with a value; "[x]" when none has one
    Coverage coverage;                           ///< areas with a value out of the areas in scope
    std::vector<AreaGap> missing;                ///< areas in scope without a value, in scope order
    Figure ratePer10000; ///< total / population × 10,000 over the covered areas; "[x]" without population
};

/// The change over the areas that have values in both compared periods.
struct LikeForLike
{
    Coverage coverage;                  ///< areas with values in both periods, out of the areas in scope
    std::vector<RowId> areaIds;         ///< the areas included, in scope order
    std::vector<std::string> areaNames; ///< their names
    std::vector<AreaGap> excluded;      ///< areas in scope left out, with the period that lacks a value
    SeriesFigures figures;              ///< the figures of the like-for-like totals (one point per period)
};

/// What a like-for-like total covers, never the name of the larger area: "Like-for-like total of 3 forces
/// with figures for both 2015/16 and 2018/19 (of 44)".
std::string likeForLikeLabel(const LikeForLike& likeForLike, const Period& from, const Period& to);

/// True when the compared periods of @p figures are not all the same pair: such changes (Dorset 2015/16
/// to 2018/19 beside Sussex 2017/18 to 2018/19) must not be set side by side.
bool spansIncomparablePeriods(const std::vector<SeriesFigures>& figures) noexcept;

/// True when figures in @p unit may be added up across areas: counts only. A sum of rates or percentages
/// means nothing, and the total's rate or share needs the counts (and populations) behind them.
constexpr bool addsUp(Unit unit) noexcept
{
    return unit == Unit::Count;
}

/// Why figures in @p unit are not added up across areas (a sentence), for a unit for which addsUp() is false.
std::string whyNotAddedUp(Unit unit);

/// Options of computeTotals().
struct TotalsOptions
{
    std::optional<Period> from; ///< default: comparisonStart() of the periods in which an area in scope has a value
    std::optional<Period> to;   ///< default: the latest such period
    Unit unit = Unit::Count;    ///< the unit of the summed measure (sums of rates are not meaningful; use counts)
    /// Population observations (a population measure) for rates per 10,000; empty for none.
    std::vector<Observation> population{};
};

/// Totals per period, coverage and the like-for-like change.
struct TotalsResult
{
    std::vector<PeriodTotal> periods;          ///< every period with an observation for an area in scope, in time order
    Period from = Period::financialYear(2000); ///< the earlier compared period
    Period to = Period::financialYear(2000);   ///< the later compared period
    LikeForLike likeForLike;                   ///< the comparison to quote
    bool hasPopulation = false;                ///< population observations were given
};

/// True when @p totals span two periods, so that a like-for-like total compares something: with figures
/// for one period only there is a total, and no change and no like-for-like total to state.
inline bool comparesPeriods(const TotalsResult& totals) noexcept
{
    return totals.from != totals.to;
}

/// The like-for-like figures of @p totals as they may be reported: below @p threshold every change figure
/// (absolute, percentage, fold, annual rate, slope, interval) is "[u]" (low reliability), with the reason, so that no
/// table, chart or sentence can state a change over too few of the areas.
SeriesFigures reportableLikeForLike(const TotalsResult& totals, double threshold = kDefaultCoverageThreshold);

/// Sums one measure over the areas in @p scope.
/// @param observations figures of one measure, dimension and category; observations for areas outside
///        @p scope are ignored (so an aggregate row such as a national total is never double counted)
/// @param scope the areas in scope (e.g. the 44 police force areas of England, Wales and Northern Ireland)
/// @throws DataError when @p scope is empty or repeats an area, when the observations mix measures or categories,
///         repeat an area and period, mix period kinds, or when no period can be determined; when the
///         unit does not add up (addsUp()).
TotalsResult computeTotals(const std::vector<Observation>& observations, const std::vector<Area>& scope,
                           const TotalsOptions& options = {});

/// A rate per 10,000: count / population × 10,000, or "[z]" for a zero population and the inputs' codes
/// when either is not computable.
Figure ratePer10000(const Figure& count, const Figure& population);

/// Rates per 10,000 for each count, matched to the population observation of the same area, period,
/// dimension and category. Each result is a copy of the count observation whose value is the rate, or
/// which carries a replacing marker ([x] without a population figure, [z] for a zero population, else the
/// marker of the count or the population).
/// Feed the result to computeSeries() with Unit::RatePer10000.
/// @throws DataError when the population repeats an area, period and category.
std::vector<Observation> ratesPer10000(const std::vector<Observation>& counts,
                                       const std::vector<Observation>& population);

} // namespace evidence::trends
