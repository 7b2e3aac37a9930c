#include "app/trend_analysis.h"

#include "core/area_order.h"
#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

namespace evidence::app {
namespace {

/// The members of each area, read from the store once per analysis.
class MemberCache
{
public:
    explicit MemberCache(const db::Store& store) : m_store(store) {}
    const std::vector<RowId>& members(RowId parentId)
    {
        auto it = m_members.find(parentId);
        if (it == m_members.end())
            it = m_members.emplace(parentId, m_store.areaMembers(parentId)).first;
        return it->second;
    }

private:
    const db::Store& m_store;
    std::map<RowId, std::vector<RowId>> m_members;
};

std::optional<Area> chooseScope(MemberCache& memberCache, const std::map<RowId, Area>& areas,
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
            const auto& members = memberCache.members(id);
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

    // In area, period, dimension, category and source order: each breakdown (one area, period and
    // dimension) is a run of consecutive observations, and the runs come in breakdown order.
    auto all = store.observationsForAnalysis(measureId);

    // Totals (no breakdown) grouped by area; breakdowns as runs of `all`.
    std::map<RowId, std::vector<Observation>> byArea;
    struct Run
    {
        std::size_t begin = 0, end = 0;
    };
    std::vector<Run> byBreakdown;
    for (std::size_t i = 0; i < all.size(); ++i) {
        auto& o = all[i];
        if (o.isTotal()) {
            byArea[o.areaId].push_back(std::move(o)); // totals are not read from `all` again
            continue;
        }
        if (!byBreakdown.empty()) {
            Run& last = byBreakdown.back();
            const Observation& head = all[last.begin];
            if (last.end == i && head.areaId == o.areaId && head.period.sortKey() == o.period.sortKey() &&
                head.dimension == o.dimension) {
                last.end = i + 1;
                continue;
            }
        }
        byBreakdown.push_back(Run{i, i + 1});
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
    MemberCache memberCache(store);
    std::optional<Area> scope;
    if (options.scopeAreaId)
        scope = areas.at(*options.scopeAreaId);
    else if (!forces.empty())
        scope = chooseScope(memberCache, areas, forces, others);
    if (scope) {
        out.scope = scope;
        for (RowId m : memberCache.members(scope->id))
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
        const RowId areaId = all[run.begin].areaId;
        if (options.areaId && *options.areaId != areaId)
            continue;
        obs.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(run.begin)),
                   std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(run.end)));
        out.breakdowns.push_back({areas[areaId], trends::computeDistribution(obs, d)});
    }
    return out;
}

} // namespace evidence::app
