#include "export/suppression.h"

#include "core/disclosure.h"
#include "core/errors.h"
#include "export/workbook_writer.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

namespace evidence::xlsx {

namespace {

using disclosure::Cell;
using disclosure::Relation;

// One reason for every hidden count, whichever rule hid it: saying which counts are below the threshold
// would undo the secondary suppression. The label comes last: a category such as "Male" or "Female" before
// "is" reads to the anonymisation guard's re-read of the workbook like a person's name.
trends::Figure confidential(const std::string& what)
{
    return trends::Figure::notComputable(trends::code::kSuppressed, "Confidential [c]: " + what);
}

std::size_t computableCount(std::initializer_list<const trends::Figure*> figures)
{
    std::size_t n = 0;
    for (const auto* f : figures)
        n += f->computable();
    return n;
}

std::size_t changeFigures(const trends::SeriesFigures& f)
{
    return computableCount({&f.first, &f.last, &f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate,
                            &f.ciLower, &f.ciUpper, &f.slopePerYear, &f.rSquared});
}

class Suppressor
{
public:
    Suppressor(WorkbookModel& model, const SuppressionOptions& options) : m_model(model), m_options(options) {}

    SuppressionSummary run()
    {
        for (auto& sec : m_model.measures)
            if (sec.measure.unit == Unit::Count)
                describe(sec);
        const disclosure::Protection protection = disclosure::protect(m_cells, m_relations);
        SuppressionSummary summary;
        for (std::size_t c = 0; c < m_cells.size(); ++c)
            if (protection.hidden[c]) {
                m_hide[c]();
                summary.hiddenCounts.push_back(m_cells[c].value);
            }
        std::sort(summary.hiddenCounts.begin(), summary.hiddenCounts.end());
        summary.hiddenCounts.erase(std::unique(summary.hiddenCounts.begin(), summary.hiddenCounts.end()),
                                   summary.hiddenCounts.end());
        summary.threshold = m_options.threshold;
        summary.primary = protection.primary;
        summary.secondary = protection.secondary;
        for (auto& sec : m_model.measures)
            if (sec.measure.unit == Unit::Count)
                summary.dependent += recompute(sec);
        return summary;
    }

private:
    WorkbookModel& m_model;
    const SuppressionOptions& m_options;
    std::vector<Cell> m_cells;
    std::vector<Relation> m_relations;
    std::vector<std::function<void()>> m_hide; // one per cell: replaces the model's figure with "[c]"

    std::size_t add(double value, bool primary, Cell::Role role, std::function<void()> hide)
    {
        m_cells.push_back(Cell{value, primary, role});
        m_hide.push_back(std::move(hide));
        return m_cells.size() - 1;
    }

    bool small(double v) const { return v > 0 && v < m_options.threshold; }

    // A relation is published only when the members really add up to the total; anything else (a region's
    // figure from another source, say) lets nobody work a count out exactly.
    void relate(std::vector<std::size_t> members, std::size_t total)
    {
        double sum = 0;
        for (std::size_t m : members)
            sum += m_cells[m].value;
        if (!members.empty() && sum == m_cells[total].value)
            m_relations.push_back(Relation{std::move(members), total});
    }

    void describe(MeasureSection& sec)
    {
        // Figures by area and period.
        std::map<std::pair<RowId, std::int64_t>, std::size_t> statsCell;
        for (auto& s : sec.series) {
            const auto role = s.area.kind == AreaKind::PoliceForceArea ? Cell::Role::Figure : Cell::Role::Total;
            for (auto& pt : s.figures.points)
                if (pt.value.computable()) {
                    trends::SeriesPoint* point = &pt;
                    const double v = pt.value.value();
                    statsCell[{s.area.id, pt.period.sortKey()}] = add(v, small(v), role, [point] {
                        point->value = confidential("the " + point->period.label() + " figure");
                    });
                }
        }
        auto cellsOf = [&](const std::vector<RowId>& areas, const Period& p, bool& all) {
            std::vector<std::size_t> out;
            all = true;
            for (RowId id : areas) {
                const auto it = statsCell.find({id, p.sortKey()});
                if (it == statsCell.end())
                    all = false;
                else
                    out.push_back(it->second);
            }
            return out;
        };

        // A region, nation or grouping shown beside its members.
        for (auto& s : sec.series) {
            const auto members = m_options.aggregateMembers.find(s.area.id);
            if (members == m_options.aggregateMembers.end())
                continue;
            for (const auto& pt : s.figures.points)
                if (const auto it = statsCell.find({s.area.id, pt.period.sortKey()}); it != statsCell.end()) {
                    bool all = false;
                    relate(cellsOf(members->second, pt.period, all), it->second);
                }
        }

        // Totals and like-for-like totals of each period.
        if (sec.totals) {
            auto& res = sec.totals->result;
            std::vector<RowId> scope;
            for (const auto& a : sec.totals->scope)
                scope.push_back(a.id);
            for (auto& pt : res.periods)
                if (pt.total.computable()) {
                    trends::PeriodTotal* total = &pt;
                    const double v = pt.total.value();
                    const std::size_t cell = add(v, small(v), Cell::Role::Total, [total] {
                        total->total = confidential("the total for " + total->period.label());
                    });
                    bool all = false;
                    relate(cellsOf(scope, pt.period, all), cell);
                }
            for (auto& lp : res.likeForLike.figures.points)
                if (lp.value.computable()) {
                    trends::SeriesPoint* point = &lp;
                    const double v = lp.value.value();
                    const std::size_t cell = add(v, small(v), Cell::Role::Total, [point] {
                        point->value = confidential("the like-for-like total for " + point->period.label());
                    });
                    bool all = false;
                    const auto members = cellsOf(res.likeForLike.areaIds, lp.period, all);
                    if (all)
                        relate(members, cell);
                }
        }

        // Breakdowns: categories, their totals, and the area's figure when the categories add up to it.
        for (auto& ad : sec.distributions) {
            trends::Distribution* d = &ad.distribution;
            std::vector<std::size_t> recorded, notRecorded, under;
            bool complete = true;
            auto categoryCells = [&](std::vector<trends::CategoryCount>& categories, std::vector<std::size_t>& out) {
                for (auto& cc : categories) {
                    if (!cc.count.computable()) {
                        complete = false;
                        continue;
                    }
                    trends::CategoryCount* category = &cc;
                    const double v = cc.count.value();
                    // Zeros too: "none aged 10 to 12" tells about the child who was 13.
                    const std::size_t cell = add(v, v < m_options.threshold, Cell::Role::Detail, [category] {
                        category->count = confidential("the count for " + category->category);
                    });
                    out.push_back(cell);
                    if (&categories == &d->categories && d->threshold && cc.range && cc.range->high &&
                        *cc.range->high <= *d->threshold)
                        under.push_back(cell);
                }
            };
            categoryCells(d->categories, recorded);
            categoryCells(d->notRecordedCategories, notRecorded);
            if (!complete)
                continue;
            // The summary figures, related as the workbook shows them: the recorded and the not recorded
            // categories add up to their totals, and those add up to the area's figure.
            auto summaryCell = [&](trends::Figure& figure, const std::string& what,
                                   std::vector<std::size_t> members) -> std::optional<std::size_t> {
                if (!figure.computable() || members.empty())
                    return std::nullopt;
                trends::Figure* f = &figure;
                const double v = figure.value();
                const std::size_t cell = add(v, small(v), Cell::Role::Summary, [f, what] { *f = confidential(what); });
                relate(std::move(members), cell);
                return cell;
            };
            const auto recordedTotal = summaryCell(d->recordedTotal, "the total of the recorded categories", recorded);
            const auto notRecordedTotal = summaryCell(d->notRecorded, "the count not recorded", notRecorded);
            summaryCell(d->atOrUnderCount, "the count at or under the threshold", under);
            if (!d->total.computable() || !recordedTotal || (!notRecorded.empty() && !notRecordedTotal))
                continue;
            std::vector<std::size_t> parts = {*recordedTotal};
            if (notRecordedTotal)
                parts.push_back(*notRecordedTotal);
            const auto it = statsCell.find({ad.area.id, d->period.sortKey()});
            if (it != statsCell.end() && m_cells[it->second].value == d->total.value())
                relate(parts, it->second);
            else
                summaryCell(d->total, "the total of the categories", parts);
        }
    }

    // Recomputes what depends on a hidden count; returns how many computed figures became "[c]".
    std::size_t recompute(MeasureSection& sec)
    {
        std::size_t dependent = 0;
        auto refresh = [&](trends::SeriesFigures& f) {
            std::size_t hiddenInputs = 0;
            bool anyHidden = false;
            for (const auto& p : f.points)
                if (p.value.code() == trends::code::kSuppressed) {
                    anyHidden = true;
                    hiddenInputs += p.period == f.from || p.period == f.to;
                }
            if (!anyHidden)
                return;
            const std::size_t before = changeFigures(f);
            f = trends::computeFromPoints(f.points, trends::CompareOptions{f.from, f.to, f.unit});
            const std::size_t after = changeFigures(f);
            // The first and last figures are the hidden counts themselves, not figures computed from them.
            if (before > after + hiddenInputs)
                dependent += before - after - hiddenInputs;
        };
        for (auto& s : sec.series)
            refresh(s.figures);
        if (sec.totals)
            refresh(sec.totals->result.likeForLike.figures);

        auto hidden = [](const trends::Figure& f) { return f.code() == trends::code::kSuppressed; };
        for (auto& ad : sec.distributions) {
            auto& d = ad.distribution;
            const bool baseHidden = hidden(d.recordedTotal);
            // The note on what shares leave out quotes the not recorded count and the total: keep only its words.
            bool anyHidden = hidden(d.notRecorded) || hidden(d.total) || baseHidden;
            for (const auto* list : {&d.categories, &d.notRecordedCategories})
                for (const auto& cc : *list)
                    anyHidden = anyHidden || hidden(cc.count);
            for (const auto& s : sec.series)
                if (s.area.id == ad.area.id)
                    for (const auto& p : s.figures.points)
                        anyHidden = anyHidden || (p.period == d.period && hidden(p.value));
            if (anyHidden && !d.exclusionNote.empty())
                d.exclusionNote = "Shares exclude cases with " + d.dimension + " not recorded.";
            for (auto& cc : d.categories)
                if (cc.share.computable() && (baseHidden || cc.count.code() == trends::code::kSuppressed)) {
                    cc.share = trends::Figure::notComputable(trends::code::kSuppressed, {});
                    ++dependent;
                }
            if (d.atOrUnderShare.computable() && (baseHidden || d.atOrUnderCount.code() == trends::code::kSuppressed)) {
                d.atOrUnderShare = confidential("the share at or under the threshold");
                ++dependent;
            }
            bool modeHidden = false;
            for (const auto& cc : d.categories)
                for (const auto& name : d.mostCommon)
                    modeHidden = modeHidden || (cc.category == name && cc.count.code() == trends::code::kSuppressed);
            if (d.mostCommonCount.computable() && modeHidden) {
                d.mostCommonCount = confidential("the count in the most common category");
                ++dependent;
            }
        }
        return dependent;
    }
};

} // namespace

SuppressionSummary suppressSmallCounts(WorkbookModel& model, const SuppressionOptions& options)
{
    if (options.threshold < 2 || options.threshold > kMaxSuppressionThreshold)
        throw DataError("the suppression threshold must be a whole number from 2 to " +
                        std::to_string(kMaxSuppressionThreshold) + ", not " + std::to_string(options.threshold));
    SuppressionSummary summary = Suppressor(model, options).run();
    model.suppression = summary;
    return summary;
}

std::string suppressionRule(const SuppressionSummary& s)
{
    const std::string t = std::to_string(s.threshold);
    auto counts = [](std::size_t n, const std::string& one, const std::string& many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    return "Counts below " + t +
           " are shown as [c] (confidential) to protect the people they describe; in breakdowns by category, "
           "zeros are shown as [c] too. Further counts are shown as [c] where a total would otherwise let a reader "
           "work out a suppressed count by subtraction (secondary suppression), and figures computed from a count "
           "shown as [c] (changes, shares, the most common count) are [c] as well. Totals include the counts shown "
           "as [c]. Rates and percentages are shown as given. In this workbook " +
           counts(s.primary, "count is", "counts are") + " below the threshold or zero in a breakdown, " +
           counts(s.secondary, "further count is", "further counts are") + " suppressed, and " +
           counts(s.dependent, "computed figure depends", "computed figures depend") + " on a suppressed count.";
}

} // namespace evidence::xlsx
