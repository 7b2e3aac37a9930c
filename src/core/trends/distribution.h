#pragma once
/// @file distribution.h
/// @brief Counts and shares over a breakdown (e.g. victim age) for one measure, area and period.
///
/// "Not recorded" categories are counted separately and left out of the shares; the exclusion is stated
/// in Distribution::exclusionNote. Ordered numeric categories ("0-5", "6-10", "11", "16 and over") give a
/// median and a count at or under a threshold.

#include "core/domain.h"
#include "core/trends/figure.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::trends {

/// A whole-number range read from a category label: "10" is [10, 10], "0-5" and "0 to 5" are [0, 5],
/// "10 and under" and "under 11" are [0, 10], "16 and over", "16+" and "over 15" are [16, no upper end].
/// A leading "aged " or "age " is ignored.
struct CategoryRange
{
    long long low = 0;             ///< lowest value in the range
    std::optional<long long> high; ///< empty: no upper end
    /// True when the range is one value ("10").
    bool single() const noexcept { return high && *high == low; }
};

/// Reads a category label as a range; nothing when it is not one.
std::optional<CategoryRange> parseCategoryRange(std::string_view label);

/// Options of computeDistribution().
struct DistributionOptions
{
    /// Category labels meaning "not recorded" (compared case-insensitively).
    std::vector<std::string> notRecordedLabels = {"not recorded", "unknown", "not known", "not stated", "missing"};
    /// Order for categories that are not numeric ranges; unlisted categories follow in input order.
    std::vector<std::string> order;
    /// Count and share at or under this value (e.g. 10 for "aged 10 and under"); numeric categories only.
    std::optional<long long> threshold;
    /// The area's own total for the period (the figure the breakdown divides), when the store holds one.
    /// Shares are then of it, "not recorded" is it minus the recorded categories, and the most common,
    /// median and threshold figures are withheld when less than half of it is recorded.
    std::optional<double> areaTotal;
};

/// One category of a breakdown.
struct CategoryCount
{
    std::string category; ///< the label as stored
    Figure count;         ///< the observed count, or its replacing marker
    Figure share;         ///< count / recorded total, as a fraction; not computable when the total is not known
    std::optional<CategoryRange> range; ///< when the label is a numeric range
    std::string note;                   ///< the observation's note, as stored (empty when none)
};

/// A breakdown's distribution.
struct Distribution
{
    std::string dimension;                            ///< e.g. "victim age"
    Period period = Period::financialYear(2000);      ///< the period of the breakdown
    std::vector<CategoryCount> categories;            ///< recorded categories, numeric ranges in ascending order
    Figure recordedTotal;                             ///< sum of the recorded categories (the base of the shares)
    Figure notRecorded;                               ///< sum of the "not recorded" categories; 0 when there are none
    std::vector<CategoryCount> notRecordedCategories; ///< "not recorded" categories; their share is "[z]"
    Figure total;                                     ///< recorded + not recorded
    std::vector<std::string> mostCommon;              ///< the most common categories (several when tied)
    Figure mostCommonCount;             ///< their count; not computable (and mostCommon empty) when unknown
    bool numeric = false;               ///< every recorded category is a whole-number range, none overlap
    Figure median;                      ///< a number when every category is a single value
    std::string medianCategory;         ///< the category holding the median (the half-way count)
    std::optional<long long> threshold; ///< as given in the options
    Figure atOrUnderCount;              ///< count at or under the threshold
    Figure atOrUnderShare;              ///< that count / recorded total
    /// A sentence stating what the shares exclude, e.g. "Shares exclude 12 not recorded (6.9% of all 174)."
    /// Empty when nothing is excluded.
    std::string exclusionNote;
    /// The area's total the shares are of (DistributionOptions::areaTotal); empty when none was given
    /// or when the categories add up to more than it.
    std::optional<double> areaTotal;
    /// Less than half of the whole has a recorded category (the whole is the area's total, or without one
    /// the recorded and not recorded cases together): no most common, median or threshold figure is given.
    /// Shares are of the area's total when there is one.
    bool partial = false;
    /// The categories add up to more than the area's total (a case in several categories, or counts
    /// from different sources); shares are then of the categories given. Says so in exclusionNote.
    bool exceedsTotal = false;
};

/// True when less than half of the area's total has a recorded category (Distribution::partial): a reader
/// must not take the categories for the whole.
bool breakdownIsPartial(const Distribution& distribution) noexcept;

/// Computes the distribution of one breakdown.
/// @param observations one measure, area, period and dimension (non-empty), one observation per category
/// @throws DataError when empty, when the observations mix measures, areas, periods or dimensions, when a
///         category repeats, or when a dimension is empty (a total is not a breakdown).
Distribution computeDistribution(const std::vector<Observation>& observations, const DistributionOptions& options = {});

} // namespace evidence::trends
