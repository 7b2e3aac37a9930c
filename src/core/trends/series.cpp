#include "core/trends/series.h"

#include "core/errors.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace evidence::trends {
namespace {

SeriesPoint pointFrom(const Observation& o)
{
    SeriesPoint p;
    p.period = o.period;
    p.markers = o.markers;
    const std::string label = o.period.label();
    if (o.markers.hasReplacing()) {
        const std::string replacing = o.markers.replacingCode();
        p.value = Figure::notComputable(replacing, "the " + label + " figure is " + markerDescription(replacing));
    } else if (o.value) {
        p.value = Figure::of(*o.value);
    } else {
        p.value = Figure::notComputable(code::kMissing, "the " + label + " figure is not available [x]");
    }
    return p;
}

// The value in @p period, or "[x]" when the series has no figure for it.
const SeriesPoint* findPoint(const std::vector<SeriesPoint>& points, const Period& period)
{
    for (const auto& p : points)
        if (p.period == period)
            return &p;
    return nullptr;
}

Figure valueAt(const std::vector<SeriesPoint>& points, const Period& period)
{
    if (const auto* p = findPoint(points, period))
        return p->value;
    return Figure::notComputable(code::kMissing, "there is no figure for " + period.label() + " [x]");
}

// A figure derived from an unavailable input: the input's code mapped to [x]/[c]/[z], and why.
Figure unavailableBase(const Figure& input, const Markers& markers, const std::string& what)
{
    std::string_view derived = code::kMissing;
    if (input.code() == code::kSuppressed || markers.has(Marker::Confidential))
        derived = code::kSuppressed;
    else if (input.code() == code::kZero)
        derived = code::kZero;
    return Figure::notComputable(derived, input.reason() + ", so " + what + " cannot be computed");
}

Markers markersAt(const std::vector<SeriesPoint>& points, const Period& period)
{
    if (const auto* p = findPoint(points, period))
        return p->markers;
    return Markers{};
}

} // namespace

std::string SeriesFigures::significanceCode() const
{
    switch (significance) {
    case Significance::Significant:
        return std::string(code::kSignificant);
    case Significance::NotSignificant:
        return std::string(code::kNotSignificant);
    case Significance::NotComputable:
        break;
    }
    return ciLower.code();
}

void requireOneKind(const std::vector<Period>& periods)
{
    for (const auto& p : periods) {
        if (p.kind() != periods.front().kind())
            throw DataError("the series mixes periods of different kinds (" + periods.front().toString() + " is a " +
                            std::string(Period::kindName(periods.front().kind())) + ", " + p.toString() + " is a " +
                            std::string(Period::kindName(p.kind())) +
                            "): a trend compares periods of one kind only, so choose one kind for the series");
    }
}

std::pair<Figure, Figure> rateRatioInterval(double first, double last, const std::string& fromLabel,
                                            const std::string& toLabel)
{
    if (first <= 0 || last <= 0) {
        const std::string which = first <= 0 ? fromLabel : toLabel;
        const Figure nc = Figure::notComputable(
            code::kZero,
            "the " + which +
                " count is zero, and the interval of the rate ratio needs counts above zero in both periods");
        return {nc, nc};
    }
    const double logRatio = std::log(last / first);
    const double se = std::sqrt(1.0 / first + 1.0 / last);
    return {Figure::of(std::exp(logRatio - kZ95 * se)), Figure::of(std::exp(logRatio + kZ95 * se))};
}

std::optional<Period> comparisonStart(const std::vector<Period>& withFigures, const Period& to)
{
    if (withFigures.empty())
        return std::nullopt;
    if (to.kind() == Period::Kind::Quarter)
        for (const auto& p : withFigures)
            if (p.kind() == to.kind() && p.quarterNumber() == to.quarterNumber() && p.year() < to.year())
                return p;
    return withFigures.front();
}

SeriesFigures computeFromPoints(std::vector<SeriesPoint> points, const CompareOptions& options)
{
    std::vector<Period> periods;
    for (const auto& p : points)
        periods.push_back(p.period);
    if (options.from)
        periods.push_back(*options.from);
    if (options.to)
        periods.push_back(*options.to);
    if (periods.empty())
        throw DataError("the series has no figures for any period, so no trend can be computed");
    requireOneKind(periods);

    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.period < b.period; });
    for (std::size_t i = 1; i < points.size(); ++i)
        if (points[i].period == points[i - 1].period)
            throw DataError("the series has two figures for " + points[i].period.toString() +
                            ": keep one figure per period");

    SeriesFigures f;
    f.unit = options.unit;

    // The compared periods: as chosen, else the latest with a figure and where comparisonStart() puts the
    // first, else the first and last. A figure that rounds to zero ([low]) is a figure: a series from [low]
    // to 28 has two periods, and its change is not computable rather than absent.
    std::vector<Period> withFigures;
    for (const auto& p : points)
        if (p.value.computable() || p.value.code() == code::kLow)
            withFigures.push_back(p.period);
    const Period fallbackFrom = points.empty() ? *(options.from ? options.from : options.to) : points.front().period;
    const Period fallbackTo = points.empty() ? *(options.to ? options.to : options.from) : points.back().period;
    f.to = options.to.value_or(withFigures.empty() ? fallbackTo : withFigures.back());
    f.from = options.from.value_or(comparisonStart(withFigures, f.to).value_or(fallbackFrom));
    if (options.from && !options.to && f.to < f.from)
        f.to = f.from;
    if (options.to && !options.from && f.to < f.from)
        f.from = f.to;
    if (f.to < f.from)
        throw DataError("the period to compare from (" + f.from.toString() + ") is after the period to compare to (" +
                        f.to.toString() + "): choose the earlier period first");

    const std::string fromLabel = f.from.label();
    const std::string toLabel = f.to.label();
    f.points = std::move(points);
    f.years = f.from.yearsUntil(f.to);
    if (f.from.kind() == Period::Kind::Quarter && f.from.quarterNumber() != f.to.quarterNumber())
        f.caveat = fromLabel + " and " + toLabel +
                   " are different quarters of the year, so the change may be one of "
                   "season";
    f.first = valueAt(f.points, f.from);
    f.last = valueAt(f.points, f.to);

    auto setChanges = [&f](const Figure& value) {
        f.absoluteChange = f.percentChange = f.foldChange = f.annualRate = f.ciLower = f.ciUpper = value;
    };
    auto forWhat = [&](const std::string& what) {
        if (!f.first.computable())
            return unavailableBase(f.first, markersAt(f.points, f.from), what);
        if (!f.last.computable())
            return unavailableBase(f.last, markersAt(f.points, f.to), what);
        const bool onlyOne = !options.from && !options.to;
        return Figure::notComputable(
            code::kZero, (onlyOne ? "only " + fromLabel + " has a figure" : "both compared periods are " + fromLabel) +
                             ", and " + what + " needs figures for two different periods");
    };

    if (f.from == f.to || !f.first.computable() || !f.last.computable()) {
        setChanges(forWhat("a change"));
        f.ciLower = f.ciUpper = forWhat("the confidence interval");
    } else {
        const double a = f.first.value();
        const double b = f.last.value();
        f.absoluteChange = Figure::of(b - a);
        if (a == 0) {
            const Figure zero =
                Figure::notComputable(code::kZero, "the " + fromLabel +
                                                       " figure is zero, so a percentage change, a fold change and an "
                                                       "annual rate cannot be computed");
            f.percentChange = f.foldChange = f.annualRate = zero;
        } else {
            f.percentChange = Figure::of((b - a) / a);
            f.foldChange = Figure::of(b / a);
            const double ratio = b / a;
            if (ratio < 0)
                f.annualRate = Figure::notComputable(code::kZero,
                                                     "the figures for " + fromLabel + " and " + toLabel +
                                                         " have different signs, so an annual rate cannot be computed");
            else if (f.years < 1)
                // Compounding one quarter's change over a year turns +50% into +406%, and a change between
                // quarters may be seasonal: an annual rate is given for periods a year or more apart only.
                f.annualRate = Figure::notComputable(code::kZero, fromLabel + " and " + toLabel +
                                                                      " are less than a year apart, so an annual rate "
                                                                      "would magnify a short-term change");
            else
                f.annualRate = Figure::of(std::pow(ratio, 1.0 / f.years) - 1.0);
        }
        if (options.unit != Unit::Count) {
            const Figure notCounts = Figure::notComputable(
                code::kZero, "the confidence interval uses a Poisson model, which applies to counts only, and this "
                             "series is a " +
                                 std::string(unitLabel(options.unit)));
            f.ciLower = f.ciUpper = notCounts;
        } else {
            std::tie(f.ciLower, f.ciUpper) = rateRatioInterval(a, b, fromLabel, toLabel);
        }
    }
    if (f.ciLower.computable() && f.ciUpper.computable())
        f.significance = (f.ciLower.value() > 1.0 || f.ciUpper.value() < 1.0) ? Significance::Significant
                                                                              : Significance::NotSignificant;

    // Least-squares slope and R² over the periods from..to that have values.
    std::vector<const SeriesPoint*> inRange, withValue;
    for (const auto& p : f.points) {
        if (p.period < f.from || f.to < p.period)
            continue;
        inRange.push_back(&p);
        if (p.value.computable())
            withValue.push_back(&p);
    }
    f.regressionPoints = withValue.size();
    const std::string span = fromLabel + " to " + toLabel;
    if (inRange.size() < 3) {
        f.slopePerYear = f.rSquared =
            Figure::notComputable(code::kZero, "a slope needs three or more periods, and there are only " +
                                                   std::to_string(inRange.size()) + " from " + span);
        f.regressionPoints = 0;
    } else if (withValue.size() < 3) {
        const SeriesPoint* gap = nullptr;
        for (const auto* p : inRange)
            if (!p->value.computable() && (!gap || p->value.code() == code::kSuppressed))
                gap = p;
        const Figure derived = unavailableBase(gap->value, gap->markers, "it");
        f.slopePerYear = f.rSquared = Figure::notComputable(
            derived.code(), "a slope needs values for three or more periods, and only " +
                                std::to_string(withValue.size()) + " of the " + std::to_string(inRange.size()) +
                                " periods from " + span + " have one (" + gap->value.reason() + ")");
        f.regressionPoints = 0;
    } else {
        double sx = 0, sy = 0;
        for (const auto* p : withValue) {
            sx += f.from.yearsUntil(p->period);
            sy += p->value.value();
        }
        const double n = static_cast<double>(withValue.size());
        const double mx = sx / n, my = sy / n;
        double sxx = 0, sxy = 0, syy = 0;
        for (const auto* p : withValue) {
            const double dx = f.from.yearsUntil(p->period) - mx;
            const double dy = p->value.value() - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        f.slopePerYear = Figure::of(sxy / sxx);
        if (syy == 0)
            f.rSquared =
                Figure::notComputable(code::kZero, "the values do not vary from " + span + ", so R² is not defined");
        else
            f.rSquared = Figure::of((sxy * sxy) / (sxx * syy));
    }
    return f;
}

SeriesFigures computeSeries(const std::vector<Observation>& observations, const CompareOptions& options)
{
    if (observations.empty())
        throw DataError("the series has no observations, so no trend can be computed");
    const Observation& head = observations.front();
    std::vector<SeriesPoint> points;
    points.reserve(observations.size());
    for (const auto& o : observations) {
        if (o.measureId != head.measureId || o.areaId != head.areaId || o.dimension != head.dimension ||
            o.category != head.category)
            throw DataError("the observations belong to more than one series (a series is one measure for one area "
                            "and one breakdown category): compute each series on its own");
        points.push_back(pointFrom(o));
    }
    return computeFromPoints(std::move(points), options);
}

SeriesFigures computeSeries(const std::vector<Observation>& observations, std::optional<Period> from,
                            std::optional<Period> to)
{
    return computeSeries(observations, CompareOptions{from, to, Unit::Count});
}

std::vector<Period> periodSpan(const std::vector<Period>& periods)
{
    if (periods.empty())
        return {};
    requireOneKind(periods);
    const Period first = *std::min_element(periods.begin(), periods.end());
    const Period last = *std::max_element(periods.begin(), periods.end());
    std::vector<Period> out;
    for (Period p = first; p <= last;) {
        out.push_back(p);
        switch (p.kind()) {
        case Period::Kind::FinancialYear:
            p = Period::financialYear(p.year() + 1);
            break;
        case Period::Kind::CalendarYear:
            p = Period::calendarYear(p.year() + 1);
            break;
        case Period::Kind::Quarter:
            p = p.quarterNumber() == 4 ? Period::quarter(p.year() + 1, 1)
                                       : Period::quarter(p.year(), p.quarterNumber() + 1);
            break;
        }
    }
    return out;
}

std::vector<Period> periodsWithout(const std::vector<Period>& span, const std::vector<Period>& periods)
{
    std::vector<Period> out;
    for (const auto& p : span)
        if (std::find(periods.begin(), periods.end(), p) == periods.end())
            out.push_back(p);
    return out;
}

} // namespace evidence::trends
