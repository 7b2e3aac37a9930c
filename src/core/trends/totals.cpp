#include "core/trends/totals.h"

#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace evidence::trends {
namespace {

using AreaPeriod = std::pair<RowId, std::int64_t>;

// An observation's usable value, or the gap it leaves.
Figure valueOf(const Observation* o, const Period& period)
{
    const std::string label = period.label();
    if (!o)
        return Figure::notComputable(code::kMissing, "no figure for " + label);
    if (o->markers.hasReplacing()) {
        const std::string replacing = o->markers.replacingCode();
        return Figure::notComputable(replacing, "the " + label + " figure is " + markerDescription(replacing));
    }
    if (!o->value)
        return Figure::notComputable(code::kMissing, "the " + label + " figure is not available [x]");
    return Figure::of(*o->value);
}

// "forces" -> "force", "countries" -> "country".
std::string singular(const std::string& noun)
{
    if (noun.size() > 3 && noun.ends_with("ies"))
        return noun.substr(0, noun.size() - 3) + "y";
    if (noun.size() > 1 && noun.back() == 's')
        return noun.substr(0, noun.size() - 1);
    return noun;
}

} // namespace

std::string Coverage::text() const
{
    return std::to_string(covered) + " of " + std::to_string(inScope) + " " + noun;
}

bool belowCoverageThreshold(const Coverage& coverage, double threshold) noexcept
{
    return static_cast<double>(coverage.covered) < threshold * static_cast<double>(coverage.inScope);
}

std::string likeForLikeLabel(const LikeForLike& lfl, const Period& from, const Period& to)
{
    const std::size_t n = lfl.coverage.covered;
    const std::string noun = n == 1 ? singular(lfl.coverage.noun) : lfl.coverage.noun;
    return "Like-for-like total of " + std::to_string(n) + " " + noun + " with figures for both " + from.label() +
           " and " + to.label() + " (of " + std::to_string(lfl.coverage.inScope) + ")";
}

SeriesFigures reportableLikeForLike(const TotalsResult& totals, double threshold)
{
    SeriesFigures f = totals.likeForLike.figures;
    const Coverage& cov = totals.likeForLike.coverage;
    if (!belowCoverageThreshold(cov, threshold))
        return f;
    const Figure low = Figure::notComputable(
        "[u]", "low reliability: the like-for-like total covers " + cov.text() + ", fewer than " +
                   (threshold == 0.5 ? std::string("half") : formatFixed(threshold * 100.0, 0) + "%") +
                   " of those in scope, so its change is not given");
    for (Figure* x : {&f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate, &f.slopePerYear, &f.rSquared,
                      &f.ciLower, &f.ciUpper})
        *x = low;
    f.significance = Significance::NotComputable;
    return f;
}

bool spansIncomparablePeriods(const std::vector<SeriesFigures>& figures) noexcept
{
    for (const auto& f : figures)
        if (f.from != figures.front().from || f.to != figures.front().to)
            return true;
    return false;
}

std::string areaNoun(const std::vector<Area>& areas)
{
    if (areas.empty())
        return "areas";
    const AreaKind kind = areas.front().kind;
    for (const auto& a : areas)
        if (a.kind != kind)
            return "areas";
    switch (kind) {
    case AreaKind::PoliceForceArea:
        return "forces";
    case AreaKind::Region:
        return "regions";
    case AreaKind::Country:
        return "countries";
    case AreaKind::Aggregate:
        break;
    }
    return "areas";
}

Figure ratePer10000(const Figure& count, const Figure& population)
{
    if (!count.computable())
        return Figure::notComputable(count.code(), count.reason() + ", so a rate cannot be computed");
    if (!population.computable())
        return Figure::notComputable(
            population.code() == code::kSuppressed ? code::kSuppressed : code::kMissing,
            "the population " + (population.reason().empty() ? "is not available" : "figure: " + population.reason()) +
                ", so a rate cannot be computed");
    if (population.value() <= 0)
        return Figure::notComputable(code::kZero, "the population is zero, so a rate cannot be computed");
    return Figure::of(count.value() / population.value() * 10000.0);
}

std::vector<Observation> ratesPer10000(const std::vector<Observation>& counts,
                                       const std::vector<Observation>& population)
{
    using Key = std::tuple<RowId, std::int64_t, std::string, std::string>;
    std::map<Key, const Observation*> pop;
    for (const auto& p : population) {
        const Key key{p.areaId, p.period.sortKey(), p.dimension, p.category};
        if (!pop.emplace(key, &p).second)
            throw DataError("the population has two figures for one area in " + p.period.toString() +
                            (p.category.empty() ? "" : " (category '" + p.category + "')") +
                            ": keep one population figure per area and period");
    }
    std::vector<Observation> out;
    out.reserve(counts.size());
    for (const auto& c : counts) {
        Observation r = c;
        const auto it = pop.find(Key{c.areaId, c.period.sortKey(), c.dimension, c.category});
        const Figure rate =
            ratePer10000(valueOf(&c, c.period),
                         it == pop.end() ? Figure::notComputable(code::kMissing, "") : valueOf(it->second, c.period));
        r.value.reset();
        r.markers = c.markers.qualifiers();
        if (rate.computable()) {
            r.value = rate.value();
        } else {
            r.markers.add(rate.code() == "[c]"     ? Marker::Confidential
                          : rate.code() == "[z]"   ? Marker::NotApplicable
                          : rate.code() == "[low]" ? Marker::Low
                                                   : Marker::NotAvailable);
            r.note = rate.reason();
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string whyNotAddedUp(Unit unit)
{
    return unit == Unit::Percentage
               ? "Percentages are not added up or averaged across areas: a total's percentage needs the counts "
                 "behind each area's."
               : "Rates per 10,000 are not added up or averaged across areas: a total's rate needs the counts and "
                 "populations behind each area's.";
}

TotalsResult computeTotals(const std::vector<Observation>& observations, const std::vector<Area>& scope,
                           const TotalsOptions& options)
{
    if (!addsUp(options.unit))
        throw DataError("no totals: " + whyNotAddedUp(options.unit));
    if (scope.empty())
        throw DataError("no areas are in scope, so no totals can be computed: choose the areas to add up");
    std::map<RowId, std::size_t> index;
    for (std::size_t i = 0; i < scope.size(); ++i)
        if (!index.emplace(scope[i].id, i).second)
            throw DataError("the area '" + scope[i].name + "' is in scope twice: list each area once");
    const std::string noun = areaNoun(scope);

    std::map<AreaPeriod, const Observation*> byAreaPeriod;
    std::vector<Period> periods;
    const Observation* head = nullptr;
    for (const auto& o : observations) {
        const auto it = index.find(o.areaId);
        if (it == index.end())
            continue;
        if (!head)
            head = &o;
        if (o.measureId != head->measureId || o.dimension != head->dimension || o.category != head->category)
            throw DataError("the observations to add up mix measures or breakdown categories: a total adds up one "
                            "measure and one category over the areas in scope");
        if (!byAreaPeriod.emplace(AreaPeriod{o.areaId, o.period.sortKey()}, &o).second)
            throw DataError("there are two figures for " + scope[it->second].name + " in " + o.period.toString() +
                            ": keep one figure per area and period");
        periods.push_back(o.period);
    }
    if (options.from)
        periods.push_back(*options.from);
    if (options.to)
        periods.push_back(*options.to);
    if (periods.empty())
        throw DataError("no area in scope has a figure for this measure, so no totals can be computed");
    requireOneKind(periods);
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    // Every period of the span has a total, an empty one "[x]": a table or chart of totals that skipped
    // 2016/17 would put 2015/16 and 2017/18 side by side as if they were a year apart.
    periods = periodSpan(periods);

    auto lookup = [&](RowId area, const Period& p) -> const Observation* {
        const auto it = byAreaPeriod.find(AreaPeriod{area, p.sortKey()});
        return it == byAreaPeriod.end() ? nullptr : it->second;
    };

    // Population per area and period, for the areas in scope and the same category.
    std::map<AreaPeriod, Figure> population;
    for (const auto& p : options.population) {
        if (!index.count(p.areaId) || !head || p.dimension != head->dimension || p.category != head->category)
            continue;
        if (!population.emplace(AreaPeriod{p.areaId, p.period.sortKey()}, valueOf(&p, p.period)).second)
            throw DataError("the population has two figures for " + scope[index[p.areaId]].name + " in " +
                            p.period.toString() + ": keep one population figure per area and period");
    }

    TotalsResult result;
    result.hasPopulation = !options.population.empty();
    std::vector<Period> withTotals;
    for (const auto& period : periods) {
        PeriodTotal t;
        t.period = period;
        t.coverage = Coverage{0, scope.size(), noun};
        double sum = 0, popSum = 0;
        std::string popGap, popCode = std::string(code::kMissing);
        for (const auto& area : scope) {
            const Figure v = valueOf(lookup(area.id, period), period);
            if (!v.computable()) {
                t.missing.push_back(AreaGap{area.id, area.name, v.code(), v.reason()});
                continue;
            }
            ++t.coverage.covered;
            sum += v.value();
            const auto pit = population.find(AreaPeriod{area.id, period.sortKey()});
            if (pit == population.end() || !pit->second.computable()) {
                if (popGap.empty()) {
                    popGap = "there is no population figure for " + area.name + " in " + period.label();
                    if (pit != population.end() && pit->second.code() == code::kSuppressed)
                        popCode = code::kSuppressed;
                }
            } else {
                popSum += pit->second.value();
            }
        }
        if (t.coverage.covered == 0) {
            t.total = Figure::notComputable(code::kMissing,
                                            "no " + singular(noun) + " in scope has a figure for " + period.label());
        } else {
            t.total = Figure::of(sum);
            withTotals.push_back(period);
        }
        if (!result.hasPopulation)
            t.ratePer10000 = Figure::notComputable(code::kMissing, "no population figures were given");
        else if (!t.total.computable())
            t.ratePer10000 = Figure::notComputable(t.total.code(), t.total.reason());
        else if (!popGap.empty())
            t.ratePer10000 = Figure::notComputable(popCode, popGap + ", so a rate cannot be computed");
        else
            t.ratePer10000 = ratePer10000(t.total, Figure::of(popSum));
        result.periods.push_back(std::move(t));
    }

    // As a series' comparison chooses its periods (comparisonStart()).
    result.to = options.to.value_or(withTotals.empty() ? periods.back() : withTotals.back());
    result.from = options.from.value_or(comparisonStart(withTotals, result.to).value_or(periods.front()));
    if (options.from && !options.to && result.to < result.from)
        result.to = result.from;
    if (options.to && !options.from && result.to < result.from)
        result.from = result.to;
    if (result.to < result.from)
        throw DataError("the period to compare from (" + result.from.toString() +
                        ") is after the period to compare to (" + result.to.toString() +
                        "): choose the earlier period first");

    // Like-for-like: the areas with values in both compared periods.
    LikeForLike& lfl = result.likeForLike;
    lfl.coverage = Coverage{0, scope.size(), noun};
    for (const auto& area : scope) {
        const Figure a = valueOf(lookup(area.id, result.from), result.from);
        const Figure b = valueOf(lookup(area.id, result.to), result.to);
        if (a.computable() && b.computable()) {
            lfl.areaIds.push_back(area.id);
            lfl.areaNames.push_back(area.name);
            ++lfl.coverage.covered;
        } else {
            const Figure& gap = a.computable() ? b : a;
            lfl.excluded.push_back(AreaGap{area.id, area.name, gap.code(), gap.reason()});
        }
    }
    std::vector<SeriesPoint> points;
    for (const auto& period : periods) {
        SeriesPoint p;
        p.period = period;
        if (lfl.areaIds.empty()) {
            p.value = Figure::notComputable(code::kMissing, "no " + singular(noun) + " in scope has figures for both " +
                                                                result.from.label() + " and " + result.to.label());
            points.push_back(std::move(p));
            continue;
        }
        double sum = 0;
        std::vector<std::string> gaps;
        bool suppressed = false;
        for (std::size_t i = 0; i < lfl.areaIds.size(); ++i) {
            const Figure v = valueOf(lookup(lfl.areaIds[i], period), period);
            if (v.computable()) {
                sum += v.value();
            } else {
                gaps.push_back(lfl.areaNames[i] + " " + v.code());
                suppressed = suppressed || v.code() == code::kSuppressed;
            }
        }
        if (gaps.empty())
            p.value = Figure::of(sum);
        else
            p.value = Figure::notComputable(suppressed ? code::kSuppressed : code::kMissing,
                                            "the like-for-like total for " + period.label() + " is incomplete (" +
                                                std::to_string(gaps.size()) + " " +
                                                (gaps.size() == 1 ? singular(noun) : noun) +
                                                " without a figure: " + text::join(gaps, ", ") + ")");
        points.push_back(std::move(p));
    }
    lfl.figures = computeFromPoints(std::move(points), CompareOptions{result.from, result.to, options.unit});
    return result;
}

} // namespace evidence::trends
