#include "core/outliers.h"

#include "core/numbers.h"

#include <algorithm>
#include <cmath>

namespace evidence {

std::optional<Outlier> findOutlier(const std::vector<std::optional<double>>& series, std::size_t index, double value)
{
    if (!(value > 0) || index >= series.size())
        return std::nullopt;
    std::vector<double> neighbours;
    auto take = [&](std::size_t i) {
        if (series[i] && *series[i] > 0) {
            neighbours.push_back(*series[i]);
            return true;
        }
        return false;
    };
    std::size_t found = 0;
    for (std::size_t i = index; i > 0 && found < kOutlierNeighbours;)
        found += take(--i) ? 1 : 0;
    found = 0;
    for (std::size_t i = index + 1; i < series.size() && found < kOutlierNeighbours; ++i)
        found += take(i) ? 1 : 0;
    if (neighbours.empty())
        return std::nullopt;
    std::sort(neighbours.begin(), neighbours.end());
    const std::size_t mid = neighbours.size() / 2;
    const double typical = neighbours.size() % 2 ? neighbours[mid] : (neighbours[mid - 1] + neighbours[mid]) / 2.0;
    const double ratio = value / typical;
    if (ratio < kOutlierFactor && ratio > 1.0 / kOutlierFactor)
        return std::nullopt;
    return Outlier{value, typical, ratio};
}

std::string describeOutlier(const Outlier& o)
{
    const bool larger = o.ratio >= 1.0;
    const double times = larger ? o.ratio : 1.0 / o.ratio;
    const std::string howFar = std::to_string(static_cast<long long>(std::llround(times)));
    return formatFigure(o.value) + " is about " +
           (larger ? howFar + " times the figures beside it" : "1/" + howFar + " of the figures beside it") +
           " in the series (typically " + formatFigure(o.typical) +
           "): check it is not a slip (a digit too many or too few). It is saved as typed.";
}

} // namespace evidence
