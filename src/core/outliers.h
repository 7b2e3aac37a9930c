#pragma once
/// @file outliers.h
/// @brief The typing-slip check of a figure against its neighbours in a series (a warning, never a refusal).
///
/// A figure about ten times, or a tenth of, the figures beside it is most often a slip (a digit too many or
/// too few, a rate typed as a count). The check only warns: real series do jump, and the person entering the
/// figure decides.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace evidence {

/// A figure that stands out from its neighbours.
struct Outlier
{
    double value = 0;   ///< the figure checked
    double typical = 0; ///< the median of its neighbours
    double ratio = 0;   ///< value / typical (above 1: larger; below 1: smaller)
};

/// How far from its neighbours a figure must be to be flagged: this many times larger, or smaller.
inline constexpr double kOutlierFactor = 8.0;
/// How many figures on each side of it a figure is compared with.
inline constexpr std::size_t kOutlierNeighbours = 2;

/// Checks @p value as the figure at @p index of @p series (the series' figures in period order; empty where a
/// period has no figure; whatever is at @p index now is ignored). It is compared with the median of the up to
/// kOutlierNeighbours figures nearest to it on each side. Zero and negative figures, and series with no other
/// figure, are never flagged: zero is a real count, and one figure alone has nothing to stand out from.
std::optional<Outlier> findOutlier(const std::vector<std::optional<double>>& series, std::size_t index, double value);

/// "1,493 is about 10 times the figures beside it (typically 150): check it is not a slip."
std::string describeOutlier(const Outlier& outlier);

} // namespace evidence
