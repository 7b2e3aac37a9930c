#include "app/trend_analysis.h"

#include "core/area_order.h"
#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

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

namespace {

/// What every measure's analysis reads besides its own observations: read once for several measures.
struct SharedInputs
{
    std::map<RowId, Area> areas;
    Members members;
    std::optional<Measure> population;
    std::vector<Observation> populationTotals; ///< the population measure's totals, if it has one
};

SharedInputs readSharedInputs(const db::Store& store)
{
    SharedInputs in;
    for (auto& a : store.areas())
        in.areas.emplace(a.id, std::move(a));
    in.members = store.allAreaMembers();
    in.population = populationMeasure(store);
    if (in.population) {
        db::ObservationFilter pf;
        pf.measureId = in.population->id;
        pf.dimension = "";
        in.populationTotals = store.observations(pf);
    }
    return in;
}

/// The analysis itself: reads nothing from the store, so several measures can be analysed at once.
/// @p all is the measure's observations; @p order their positions in identity order (see
/// db::identityOrder()), or empty when they are in that order already.
MeasureAnalysis compute(const Measure& measure, std::vector<Observation> all, const std::vector<std::size_t>& order,
                        const SharedInputs& in, const AnalysisOptions& options)
{
    MeasureAnalysis out;
    out.measure = measure;
    const RowId measureId = measure.id;
    const auto& areas = in.areas;

    // In identity order (area, dimension, category, period, source): each area's observations are
    // consecutive, its totals first (their dimension is empty) in period order, then each dimension's
    // categories with every period of one category before the next category.
    auto at = [&](std::size_t i) -> Observation& { return all[order.empty() ? i : order[i]]; };

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
    RowId lastSource = 0;
    for (std::size_t begin = 0; begin < all.size();) {
        const RowId areaId = at(begin).areaId;
        std::size_t end = begin;
        areaRows.clear();
        for (std::size_t dimension = 0; end < all.size() && at(end).areaId == areaId; ++end) {
            auto& o = at(end);
            if (o.sourceId != lastSource &&
                std::find(out.sourceIds.begin(), out.sourceIds.end(), o.sourceId) == out.sourceIds.end())
                out.sourceIds.push_back(o.sourceId); // a measure has a handful of sources
            lastSource = o.sourceId;
            if (o.isTotal()) {
                byArea[areaId].push_back(std::move(o)); // totals are not read from `all` again
                continue;
            }
            if (!areaRows.empty() && at(areaRows.back().index).dimension != o.dimension)
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

    std::vector<RowId> seriesOrder;
    for (const auto& [id, obs] : byArea)
        seriesOrder.push_back(id);
    std::sort(seriesOrder.begin(), seriesOrder.end(), [&](RowId a, RowId b) {
        const auto &x = areas.at(a), &y = areas.at(b);
        if (areaKindRank(x.kind) != areaKindRank(y.kind))
            return areaKindRank(x.kind) < areaKindRank(y.kind);
        return x.name < y.name;
    });

    trends::CompareOptions compare;
    compare.from = options.from;
    compare.to = options.to;
    compare.unit = measure.unit;
    for (RowId id : seriesOrder) {
        if (options.areaId && *options.areaId != id)
            continue;
        const auto& obs = byArea[id];
        // One figure per period: several sources for one area and period are not a series.
        std::map<std::int64_t, int> perPeriod;
        for (const auto& o : obs)
            if (++perPeriod[o.period.sortKey()] > 1)
                throw DataError("the measure '" + measure.name + "' has two figures for " + areas.at(id).name + " in " +
                                o.period.toString() + " (from different sources): keep one before comparing");
        trends::SeriesRow row;
        row.context.subject = measure.name;
        row.context.areaName = areas.at(id).name;
        row.figures = trends::computeSeries(obs, compare);
        out.seriesAreas.push_back(areas.at(id));
        out.series.push_back(std::move(row));
    }

    std::set<RowId> forces, others;
    for (const auto& [id, obs] : byArea)
        (areas.at(id).kind == AreaKind::PoliceForceArea ? forces : others).insert(id);
    const Members& members = in.members;
    std::optional<Area> scope;
    if (options.scopeAreaId)
        scope = areas.at(*options.scopeAreaId);
    else if (!forces.empty())
        scope = chooseScope(members, areas, forces, others);
    if (scope) {
        out.scope = scope;
        for (RowId m : membersOf(members, scope->id))
            out.scopeMembers.push_back(areas.at(m));
        if (!out.scopeMembers.empty()) {
            std::vector<Observation> memberObs;
            for (const auto& member : out.scopeMembers)
                for (const auto& o : byArea[member.id])
                    memberObs.push_back(o);
            if (!memberObs.empty()) {
                trends::TotalsOptions t;
                t.from = options.from;
                t.to = options.to;
                t.unit = measure.unit;
                if (in.population && in.population->id != measureId)
                    t.population = in.populationTotals;
                out.totals = trends::computeTotals(memberObs, out.scopeMembers, t);
                out.totalsContext.subject = measure.name;
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
            obs.push_back(std::move(at(breakdownRows[i])));
        out.breakdowns.push_back({areas.at(obs.front().areaId), trends::computeDistribution(obs, d)});
    }
    for (auto& [id, totals] : byArea) // by area id: identity order
        for (auto& o : totals)
            out.totalObservations.push_back(std::move(o));
    return out;
}

} // namespace

MeasureAnalysis analyseMeasure(const db::Store& store, RowId measureId, const AnalysisOptions& options)
{
    const auto measure = store.measure(measureId);
    if (!measure)
        throw NotFoundError("measure " + std::to_string(measureId) + " does not exist");
    const db::Store::ReadSnapshot snapshot(store);
    const SharedInputs in = readSharedInputs(store);
    return compute(*measure, store.observationsForAnalysis(measureId), {}, in, options);
}

std::vector<MeasureAnalysis> analyseMeasures(const db::Store& store, const std::vector<RowId>& measureIds,
                                             const AnalysisOptions& options)
{
    const db::Store::ReadSnapshot snapshot(store);
    std::vector<Measure> measures;
    std::map<RowId, std::vector<std::size_t>> positions; // where each measure is in measureIds
    for (RowId id : measureIds) {
        auto m = store.measure(id);
        if (!m)
            throw NotFoundError("measure " + std::to_string(id) + " does not exist");
        positions[id].push_back(measures.size());
        measures.push_back(std::move(*m));
    }
    const SharedInputs in = readSharedInputs(store);

    // The analyses read nothing from the store and are independent of each other, so each runs as
    // soon as its measure has been read: on other cores while this thread reads the rest, then on this
    // one too. An error is reported for the first measure in the caller's order that has one, as a
    // loop over analyseMeasure() would.
    std::vector<MeasureAnalysis> out(measures.size());
    std::vector<std::exception_ptr> errors(measures.size());
    auto analyse = [&](RowId id, std::vector<Observation> rows) {
        const auto order = db::identityOrder(rows);
        const auto& at = positions.at(id);
        for (std::size_t k = 0; k < at.size(); ++k) {
            try {
                out[at[k]] = compute(measures[at[k]], k + 1 < at.size() ? rows : std::move(rows), order, in, options);
            } catch (...) {
                errors[at[k]] = std::current_exception();
            }
        }
    };
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::pair<RowId, std::vector<Observation>>> queue;
    bool reading = true, stop = false;
    auto work = [&] {
        for (;;) {
            std::unique_lock lock(mutex);
            wake.wait(lock, [&] { return stop || !queue.empty() || !reading; });
            if (stop || queue.empty())
                return;
            auto job = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            analyse(job.first, std::move(job.second));
        }
    };
    {
        std::vector<std::jthread> workers;
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        for (unsigned w = 1; w < std::min<std::size_t>(cores, positions.size()); ++w)
            workers.emplace_back(work);
        try {
            store.forEachMeasureForAnalysis(measureIds, [&](RowId id, std::vector<Observation> rows) {
                if (workers.empty())
                    return analyse(id, std::move(rows));
                {
                    const std::lock_guard lock(mutex);
                    queue.emplace_back(id, std::move(rows));
                }
                wake.notify_one();
            });
        } catch (...) {
            {
                const std::lock_guard lock(mutex);
                stop = true;
            }
            wake.notify_all();
            throw; // the workers are joined first, as `workers` goes
        }
        {
            const std::lock_guard lock(mutex);
            reading = false;
        }
        wake.notify_all();
        work();
    }
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
    return out;
}

} // namespace evidence::app
