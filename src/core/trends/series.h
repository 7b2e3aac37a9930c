#pragma once
/// @file series.h
/// @brief Figures for one series: a measure for one area (and optionally one breakdown category) over periods.
///
/// @code
/// evidence::trends::SeriesFigures f = evidence::trends::computeSeries(observations);
/// if (f.percentChange)
///     use(f.percentChange.value()); // 1.9286 for Dorset 28 -> 82
/// else
///     show(f.percentChange.code(), f.percentChange.reason()); // "[z]", "the 2015/16 figure is zero ..."
/// @endcode

#include "core/domain.h"
#include "core/trends/figure.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace evidence::trends {

/// The two-sided 95% normal quantile used by every confidence interval of the engine.
inline constexpr double kZ95 = 1.96;

/// Which two periods to compare, and what kind of figure the series holds.
struct CompareOptions
{
    std::optional<Period> from; ///< default: the earliest period that has a value
    std::optional<Period> to;   ///< default: the latest period that has a value
    Unit unit = Unit::Count;    ///< the Poisson interval applies to counts only
};

/// One period of a series.
struct SeriesPoint
{
    Period period = Period::financialYear(2000); ///< the period of the figure
    Figure value;    ///< the observed value, or not computable with the replacing marker ("[c]", "[low]", ...)
    Markers markers; ///< the observation's markers as stored (qualifiers such as [p] included)
};

/// Whether the 95% confidence interval of the rate ratio excludes 1.
enum class Significance {
    Significant,    ///< "[s]": the interval excludes 1
    NotSignificant, ///< "[ns]": the interval includes 1
    NotComputable   ///< the interval could not be computed; see SeriesFigures::ciLower
};

/// Every figure of one series for one compared pair of periods. Fractions are not multiplied by 100:
/// a percentChange of 1.5 means +150%.
struct SeriesFigures
{
    std::vector<SeriesPoint> points;           ///< every period of the series, in time order
    Period from = Period::financialYear(2000); ///< the earlier compared period
    Period to = Period::financialYear(2000);   ///< the later compared period
    Unit unit = Unit::Count;                   ///< what the values are
    double years = 0;                          ///< years between from and to (2015/16 to 2018/19 is 3)
    Figure first;                              ///< the value in `from`
    Figure last;                               ///< the value in `to`
    Figure absoluteChange;                     ///< last - first
    Figure percentChange;                      ///< (last - first) / first, as a fraction
    Figure foldChange;                         ///< last / first
    Figure annualRate;                         ///< (last / first)^(1 / years) - 1, as a fraction
    Figure slopePerYear;                       ///< least-squares slope of value on years, from..to inclusive
    Figure rSquared;                           ///< coefficient of determination of that fit
    std::size_t regressionPoints = 0;          ///< periods with values used for the slope
    Figure ciLower;                            ///< lower 95% limit of the rate ratio last / first (Poisson, log)
    Figure ciUpper;                            ///< upper 95% limit
    /// Whether the rate ratio's 95% interval excludes 1 ([s]) or not ([ns]), or why it could not be computed.
    Significance significance = Significance::NotComputable;
    /// What a reader of the change must know that its figures do not say, or empty: quarters of different
    /// seasons compared ("Jan to Mar 2019 and Jul to Sep 2019 are different quarters of the year, so the change
    /// may be one of season"), which only happens when the figures cover less than a year.
    std::string caveat;

    /// "[s]", "[ns]", or the code of the interval when it is not computable.
    std::string significanceCode() const;
    /// True when a change could be computed (both values present and the periods differ).
    bool hasChange() const noexcept { return absoluteChange.computable(); }
};

/// The period a comparison to @p to starts from when none is chosen: the earliest of @p withFigures (in time
/// order), or for quarters the earliest that is the same quarter of the year as @p to, so that the change is
/// not one of season (2017 Q4 to 2018 Q4, not 2017 Q1 to 2018 Q4). Quarters less than a year apart are all
/// there is when no earlier one is that quarter: then the earliest.
std::optional<Period> comparisonStart(const std::vector<Period>& withFigures, const Period& to);

/// Computes the figures of one series.
/// @param observations one measure, one area, one dimension and category; at most one per period
/// @param options the compared periods (default: the latest with a value, and comparisonStart()) and the unit
/// @throws DataError when there are no observations, when they belong to more than one series, when a period
///         repeats, when periods of different kinds are mixed (including @p options), or when from is after to.
SeriesFigures computeSeries(const std::vector<Observation>& observations, const CompareOptions& options = {});

/// Shorthand for computeSeries(observations, {from, to, Unit::Count}).
SeriesFigures computeSeries(const std::vector<Observation>& observations, std::optional<Period> from,
                            std::optional<Period> to);

/// Computes the figures from ready-made points (used for totals and rates).
/// @param points one per period, any order
/// @throws DataError as computeSeries(), except that points carry no series identity.
SeriesFigures computeFromPoints(std::vector<SeriesPoint> points, const CompareOptions& options = {});

/// The rate ratio interval on its own: exp(ln(last / first) ± 1.96 · sqrt(1/first + 1/last)).
/// Both counts must be above zero; otherwise both limits are "[z]" with a reason.
/// @param fromLabel, toLabel period names used in reasons
std::pair<Figure, Figure> rateRatioInterval(double first, double last, const std::string& fromLabel,
                                            const std::string& toLabel);

/// Every period from the earliest to the latest of @p periods (of one kind), in time order, including those
/// between that none of them is: a table whose columns skip a year would read as if the years were adjacent.
std::vector<Period> periodSpan(const std::vector<Period>& periods);

/// The periods of @p span that are not in @p periods: the columns a table must say are empty.
std::vector<Period> periodsWithout(const std::vector<Period>& span, const std::vector<Period>& periods);

/// @throws DataError naming both kinds when @p periods mix financial years, calendar years or quarters.
void requireOneKind(const std::vector<Period>& periods);

} // namespace evidence::trends
