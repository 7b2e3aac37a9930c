#include "app/trend_analysis.h"

#include "core/area_order.h"
#include "core/background.h"
#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <exception>
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

namespace {

/// What every measure's analysis reads besides its own observations: read once for several measures.
struct SharedInputs
{
    std::map<RowId, Area> areas;
    Members members;
    std::optional<Measure> population;
    std::vector<Observation> populationTotals; ///< the population measure's totals, if it has one
    std::map<RowId, std::string> publishers;   ///< each source's publisher (its title when it names none)
};

SharedInputs readSharedInputs(const db::Store& store)
{
    SharedInputs in;
    for (auto& a : store.areas())
        in.areas.emplace(a.id, std::move(a));
    in.members = store.allAreaMembers();
    for (const auto& src : store.sources())
        in.publishers.emplace(src.id, src.publisher.empty() ? src.title : src.publisher);
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
/// @p all is the measure's observations, in any order.
MeasureAnalysis compute(const Measure& measure, const db::AnalysisRows& all, const SharedInputs& in,
                        const AnalysisOptions& options)
{
    MeasureAnalysis out;
    out.measure = measure;
    const RowId measureId = measure.id;
    const auto& areas = in.areas;
    const auto& rows = all.rows;

    // The order the analysis goes through the rows: by area, its totals first in period order, then
    // its breakdowns in period and dimension order, each by category. Texts are compared through their
    // numbers, which are in byte order.
    struct Key
    {
        RowId area;
        bool breakdown;
        std::int64_t period;
        std::uint32_t dimension, category;
        RowId source;
        std::uint32_t index; ///< in rows
        auto operator<=>(const Key&) const = default;
    };
    std::vector<Key> keys;
    keys.reserve(rows.size());
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        keys.push_back(Key{r.areaId, !r.isTotal(), r.periodKey, r.dimension, r.category, r.sourceId, i});
    }
    // One kind of period per measure: its table has one row of period columns, its totals add up one period
    // at a time, and no trend compares a year with a quarter. Said with the figures that differ, so that the
    // officer can find them.
    if (!rows.empty()) {
        const Period first = Period::fromSortKey(rows[0].periodKey);
        for (std::uint32_t i = 1; i < rows.size(); ++i) {
            if (rows[i].periodKey == rows[i - 1].periodKey)
                continue;
            const Period p = Period::fromSortKey(rows[i].periodKey);
            if (p.kind() != first.kind())
                throw DataError("measure '" + measure.name + "' mixes kinds of period: " +
                                areas.at(rows[0].areaId).name + " has a figure for " + first.toString() + " (a " +
                                std::string(Period::kindName(first.kind())) + ") and " + areas.at(rows[i].areaId).name +
                                " one for " + p.toString() + " (a " + std::string(Period::kindName(p.kind())) +
                                "): give all of its figures for one kind of period, or put the others under a "
                                "measure of their own");
        }
    }
    // Rows of one area are usually together, areas in ascending order, as an import writes them: then
    // sorting each area's run alone is enough, and cheaper than sorting all of them at once.
    bool runsAscending = true;
    std::vector<std::size_t> runStarts{0};
    for (std::size_t i = 1; i < keys.size(); ++i) {
        if (keys[i].area == keys[i - 1].area)
            continue;
        runsAscending = runsAscending && keys[i].area > keys[i - 1].area;
        runStarts.push_back(i);
    }
    runStarts.push_back(keys.size());
    if (runsAscending) {
        for (std::size_t r = 0; r + 1 < runStarts.size(); ++r) {
            const auto begin = keys.begin() + static_cast<std::ptrdiff_t>(runStarts[r]);
            const auto end = keys.begin() + static_cast<std::ptrdiff_t>(runStarts[r + 1]);
            if (!std::is_sorted(begin, end))
                std::sort(begin, end);
        }
    } else {
        std::sort(keys.begin(), keys.end());
    }

    // The sources in order of first appearance in identity order (area, dimension, category, period,
    // source): each source's first row in that order, then the sources by it. A measure has a handful.
    using IdentityKey = std::tuple<RowId, std::uint32_t, std::uint32_t, std::int64_t>;
    std::vector<std::pair<IdentityKey, RowId>> firstOfSource;
    for (const auto& r : rows) {
        const IdentityKey key{r.areaId, r.dimension, r.category, r.periodKey};
        auto it = std::find_if(firstOfSource.begin(), firstOfSource.end(),
                               [&](const auto& s) { return s.second == r.sourceId; });
        if (it == firstOfSource.end())
            firstOfSource.emplace_back(key, r.sourceId);
        else if (key < it->first)
            it->first = key;
    }
    std::sort(firstOfSource.begin(), firstOfSource.end());
    for (const auto& [key, source] : firstOfSource)
        out.sourceIds.push_back(source);

    // Totals by area, in period order; breakdowns as runs of `keys` (one area, period and dimension
    // each), in area, period and dimension order.
    std::map<RowId, std::vector<Observation>> byArea;
    struct Run
    {
        std::size_t begin = 0, end = 0;
    };
    std::vector<Run> byBreakdown;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const Key& k = keys[i];
        if (!k.breakdown) {
            byArea[k.area].push_back(all.observation(rows[k.index]));
            continue;
        }
        if (options.areaId && *options.areaId != k.area)
            continue;
        const bool sameBreakdown = !byBreakdown.empty() && byBreakdown.back().end == i && keys[i - 1].breakdown &&
                                   keys[i - 1].area == k.area && keys[i - 1].period == k.period &&
                                   keys[i - 1].dimension == k.dimension;
        if (!sameBreakdown)
            byBreakdown.push_back(Run{i, i});
        ++byBreakdown.back().end;
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
        // A published figure for a larger area says whose it is.
        if (areas.at(id).kind != AreaKind::PoliceForceArea) {
            const auto pub = in.publishers.find(obs.front().sourceId);
            if (pub != in.publishers.end())
                row.context.attribution = pub->second;
        }
        out.seriesAreas.push_back(areas.at(id));
        out.series.push_back(std::move(row));
    }

    std::set<RowId> forces, others;
    for (const auto& [id, obs] : byArea)
        if (isTerritorialForce(areas.at(id)))
            forces.insert(id);
        else if (areas.at(id).kind != AreaKind::PoliceForceArea)
            others.insert(id);
    const Members& members = in.members;
    std::optional<Area> scope;
    if (options.scopeAreaId)
        scope = areas.at(*options.scopeAreaId);
    else if (!forces.empty())
        scope = chooseScope(members, areas, forces, others);
    if (scope) {
        out.scope = scope;
        for (RowId m : membersOf(members, scope->id))
            if (isTerritorialForce(areas.at(m)))
                out.scopeMembers.push_back(areas.at(m));
        if (!out.scopeMembers.empty()) {
            std::vector<Observation> memberObs;
            for (const auto& member : out.scopeMembers)
                for (const auto& o : byArea[member.id])
                    memberObs.push_back(o);
            if (!memberObs.empty() && trends::addsUp(measure.unit)) {
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
                out.totalsContext.coverageThreshold = *options.coverageThreshold;
            }
        }
    }

    trends::DistributionOptions d;
    d.threshold = options.threshold;
    out.breakdowns.reserve(byBreakdown.size());
    std::vector<Observation> obs; // one breakdown at a time
    for (const Run& run : byBreakdown) {
        obs.resize(run.end - run.begin);
        for (std::size_t i = run.begin; i < run.end; ++i)
            obs[i - run.begin] = all.observation(rows[keys[i].index]);
        // The breakdown is of the area's own total for the period, when the store holds it.
        d.areaTotal.reset();
        const auto totals = byArea.find(obs.front().areaId);
        if (totals != byArea.end())
            for (const auto& t : totals->second)
                if (t.period == obs.front().period && t.value && !t.markers.hasReplacing())
                    d.areaTotal = *t.value;
        out.breakdowns.push_back({areas.at(obs.front().areaId), trends::computeDistribution(obs, d)});
    }
    for (auto& [id, totals] : byArea) // by area id: identity order
        for (auto& o : totals)
            out.totalObservations.push_back(std::move(o));
    return out;
}

/// @p options with the store's coverage threshold where the caller gave none.
AnalysisOptions withThreshold(const db::Store& store, AnalysisOptions options)
{
    if (!options.coverageThreshold)
        options.coverageThreshold = submissionCoverageThreshold(store);
    return options;
}

} // namespace

double submissionCoverageThreshold(const db::Store& store, RowId submissionId)
{
    if (submissionId) {
        if (const auto s = store.submission(submissionId))
            return s->coverageThreshold;
        throw NotFoundError("there is no submission " + std::to_string(submissionId));
    }
    const auto all = store.submissions();
    return all.size() == 1 ? all.front().coverageThreshold : trends::kDefaultCoverageThreshold;
}

MeasureAnalysis analyseMeasure(const db::Store& store, RowId measureId, const AnalysisOptions& options)
{
    const auto measure = store.measure(measureId);
    if (!measure)
        throw NotFoundError("measure " + std::to_string(measureId) + " does not exist");
    const db::Store::ReadSnapshot snapshot(store);
    const SharedInputs in = readSharedInputs(store);
    return compute(*measure, store.observationsForAnalysis(measureId), in, withThreshold(store, options));
}

std::vector<MeasureAnalysis> analyseMeasures(const db::Store& store, const std::vector<RowId>& measureIds,
                                             const AnalysisOptions& givenOptions,
                                             const std::function<void()>& afterReading)
{
    const db::Store::ReadSnapshot snapshot(store);
    const AnalysisOptions options = withThreshold(store, givenOptions);
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
    auto analyse = [&](db::AnalysisRows& rows) {
        for (std::size_t at : positions.at(rows.measureId)) {
            try {
                out[at] = compute(measures[at], rows, in, options);
            } catch (...) {
                errors[at] = std::current_exception();
            }
        }
    };
    WorkQueue<db::AnalysisRows> queue(positions.size(), analyse);
    // If reading fails, the queue drops what it holds and its workers are joined as it goes.
    store.forEachMeasureForAnalysis(measureIds, [&](db::AnalysisRows rows) { queue.push(std::move(rows)); });
    if (afterReading)
        afterReading();
    queue.finish();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
    return out;
}

} // namespace evidence::app
