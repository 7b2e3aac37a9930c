#include "app/trend_analysis.h"

#include "core/area_order.h"
#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <map>
#include <set>

namespace evidence::app {
namespace {

using Members = std::map<RowId, std::vector<RowId>>;

const std::vector<RowId>& membersOf(const Members& members, RowId parentId)
{
    static const std::vector<RowId> none;
    const auto it = members.find(parentId);
    return it == members.end() ? none : it->second;
}

std::optional<Area> chooseScope(const Members& allMembers, const std::map<RowId, Area>& areas,
                                const std::set<RowId>& forcesWithFigures, const std::set<RowId>& otherWithFigures)
{
    std::optional<Area> best;
    std::size_t bestMembers = 0;
    // Prefer an aggregate with figures of its own: the published total the forces are part of.
    for (int pass = 0; pass < 2 && !best; ++pass) {
        for (const auto& [id, area] : areas) {
            if (area.kind == AreaKind::PoliceForceArea)
                continue;
            if (pass == 0 && !otherWithFigures.count(id))
                continue;
            const auto& members = membersOf(allMembers, id);
            if (members.empty())
                continue;
            const std::set<RowId> memberSet(members.begin(), members.end());
            const bool containsAll = std::all_of(forcesWithFigures.begin(), forcesWithFigures.end(),
                                                 [&](RowId f) { return memberSet.count(f) != 0; });
            if (!containsAll)
                continue;
            const bool better =
                !best ||
                (pass == 0 ? areaKindRank(area.kind) > areaKindRank(best->kind) ||
                                 (areaKindRank(area.kind) == areaKindRank(best->kind) && members.size() > bestMembers)
                           : members.size() < bestMembers);
            if (better) {
                best = area;
                bestMembers = members.size();
            }
        }
    }
    return best;
}

} // namespace

std::optional<Measure> populationMeasure(const db::Store& store)
{
    for (const auto& m : store.measures())
        if (m.unit == Unit::Count && text::toLowerAscii(m.name).starts_with("population"))
            return m;
    return std::nullopt;
}

MeasureAnalysis analyseMeasure(const db::Store& store, RowId measureId, const AnalysisOptions& options)
{
    MeasureAnalysis out;
    const auto measure = store.measure(measureId);
    if (!measure)
        throw NotFoundError("measure " + std::to_string(measureId) + " does not exist");
    out.measure = *measure;

    std::map<RowId, Area> areas;
    for (const auto& a : store.areas())
        areas[a.id] = a;

    // In identity order (area, dimension, category, period, source): each area's observations are
    // consecutive, its totals first (their dimension is empty) in period order, then each dimension's
    // categories with every period of one category before the next category.
    auto all = store.observationsForAnalysis(measureId);

    // Totals grouped by area. The breakdowns (one area, period and dimension each) are regrouped
    // within each area into runs of `breakdownRows`, in area, period and dimension order, each keeping
    // the store's category and source order.
    std::map<RowId, std::vector<Observation>> byArea;
    std::vector<std::size_t> breakdownRows;
    struct Run
    {
        std::size_t begin = 0, end = 0;
    };
    std::vector<Run> byBreakdown;
    struct Row
    {
        std::int64_t periodKey;
        std::size_t dimension; ///< rank of the dimension within its area
        std::size_t index;     ///< in `all`
        auto operator<=>(const Row&) const = default;
    };
    std::vector<Row> areaRows;
    for (std::size_t begin = 0; begin < all.size();) {
        const RowId areaId = all[begin].areaId;
        std::size_t end = begin;
        areaRows.clear();
        for (std::size_t dimension = 0; end < all.size() && all[end].areaId == areaId; ++end) {
            auto& o = all[end];
            if (o.isTotal()) {
                byArea[areaId].push_back(std::move(o)); // totals are not read from `all` again
                continue;
            }
            if (!areaRows.empty() && all[areaRows.back().index].dimension != o.dimension)
                ++dimension;
            areaRows.push_back(Row{o.period.sortKey(), dimension, end});
        }
        begin = end;
        if (options.areaId && *options.areaId != areaId)
            continue;
        std::sort(areaRows.begin(), areaRows.end());
        for (std::size_t i = 0; i < areaRows.size(); ++i) {
            const bool sameBreakdown = i > 0 && areaRows[i - 1].periodKey == areaRows[i].periodKey &&
                                       areaRows[i - 1].dimension == areaRows[i].dimension;
            if (!sameBreakdown)
                byBreakdown.push_back(Run{breakdownRows.size(), breakdownRows.size()});
            breakdownRows.push_back(areaRows[i].index);
            ++byBreakdown.back().end;
        }
    }

    std::vector<RowId> order;
    for (const auto& [id, obs] : byArea)
        order.push_back(id);
    std::sort(order.begin(), order.end(), [&](RowId a, RowId b) {
        const auto &x = areas[a], &y = areas[b];
        if (areaKindRank(x.kind) != areaKindRank(y.kind))
            return areaKindRank(x.kind) < areaKindRank(y.kind);
        return x.name < y.name;
    });

    trends::CompareOptions compare;
    compare.from = options.from;
    compare.to = options.to;
    compare.unit = measure->unit;
    for (RowId id : order) {
        if (options.areaId && *options.areaId != id)
            continue;
        const auto& obs = byArea[id];
        // One figure per period: several sources for one area and period are not a series.
        std::map<std::int64_t, int> perPeriod;
        for (const auto& o : obs)
            if (++perPeriod[o.period.sortKey()] > 1)
                throw DataError("the measure '" + measure->name + "' has two figures for " + areas[id].name + " in " +
                                o.period.toString() + " (from different sources): keep one before comparing");
        trends::SeriesRow row;
        row.context.subject = measure->name;
        row.context.areaName = areas[id].name;
        row.figures = trends::computeSeries(obs, compare);
        out.seriesAreas.push_back(areas[id]);
        out.series.push_back(std::move(row));
    }

    std::set<RowId> forces, others;
    for (const auto& [id, obs] : byArea)
        (areas[id].kind == AreaKind::PoliceForceArea ? forces : others).insert(id);
    const Members members = store.allAreaMembers();
    std::optional<Area> scope;
    if (options.scopeAreaId)
        scope = areas.at(*options.scopeAreaId);
    else if (!forces.empty())
        scope = chooseScope(members, areas, forces, others);
    if (scope) {
        out.scope = scope;
        for (RowId m : membersOf(members, scope->id))
            out.scopeMembers.push_back(areas[m]);
        if (!out.scopeMembers.empty()) {
            std::vector<Observation> memberObs;
            for (const auto& member : out.scopeMembers)
                for (const auto& o : byArea[member.id])
                    memberObs.push_back(o);
            if (!memberObs.empty()) {
                trends::TotalsOptions t;
                t.from = options.from;
                t.to = options.to;
                t.unit = measure->unit;
                if (const auto pop = populationMeasure(store); pop && pop->id != measureId) {
                    db::ObservationFilter pf;
                    pf.measureId = pop->id;
                    pf.dimension = "";
                    t.population = store.observations(pf);
                }
                out.totals = trends::computeTotals(memberObs, out.scopeMembers, t);
                out.totalsContext.subject = measure->name;
                out.totalsContext.areaName = scope->name;
                out.totalsContext.coverage = out.totals->likeForLike.coverage;
            }
        }
    }

    trends::DistributionOptions d;
    d.threshold = options.threshold;
    out.breakdowns.reserve(byBreakdown.size());
    std::vector<Observation> obs; // one breakdown at a time, moved out of `all` (read nowhere else)
    for (const Run& run : byBreakdown) {
        obs.clear();
        for (std::size_t i = run.begin; i < run.end; ++i)
            obs.push_back(std::move(all[breakdownRows[i]]));
        out.breakdowns.push_back({areas[obs.front().areaId], trends::computeDistribution(obs, d)});
    }
    return out;
}

} // namespace evidence::app
