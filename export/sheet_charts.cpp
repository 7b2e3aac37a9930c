#include "build_context.h"

namespace evidence::xlsx {

void Builder::buildCharts()
{
    Sheet& s = m_layout.sheets[m_chartsSheet];
    std::vector<Chart> charts;
    std::vector<std::string> chartNotes;                                         // what is not charted, and why
    bool totalsCharted = false, changeCharted = false, breakdownCharted = false; // for the contents
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        const std::string measureName = m_multiMeasure ? ", " + sec.measure.name : std::string();
        // Line chart of the like-for-like totals (totals of all responding areas must not be compared).
        if (sec.totals && m_totals != kNone && !trends::comparesPeriods(sec.totals->result))
            chartNotes.push_back("The total of " + sec.measure.name + " is not charted: it has figures for " +
                                 sec.totals->result.from.label() + " only.");
        else if (sec.totals && m_totals != kNone &&
                 trends::belowCoverageThreshold(sec.totals->result.likeForLike.coverage, m_model.coverageThreshold))
            chartNotes.push_back("The like-for-like total of " + sec.measure.name + " is not charted: it covers " +
                                 sec.totals->result.likeForLike.coverage.text() +
                                 ", too few for its change to be given.");
        else if (sec.totals && m_totals != kNone) {
            const auto& res = sec.totals->result;
            const auto& lfl = res.likeForLike;
            ChartSeries series;
            series.name = trends::likeForLikeLabel(lfl, res.from, res.to);
            std::vector<std::string> points, gaps;
            // A line joins only neighbouring periods: one with no figure in between breaks the chart.
            const double step = res.from.kind() == Period::Kind::Quarter ? 0.25 : 1.0;
            std::optional<Period> previous;
            bool broken = false;
            for (const auto& p : lfl.figures.points) {
                const auto it = m_totalsRow.find({mi, p.period.sortKey()});
                if (it == m_totalsRow.end())
                    continue;
                if (p.value.computable()) {
                    broken = broken || (previous && previous->yearsUntil(p.period) > step + 1e-9);
                    previous = p.period;
                    series.categories.push_back(Ref{m_totals, it->second, m_totalsPeriodCol});
                    series.values.push_back(Ref{m_totals, it->second, m_totalsLflCol});
                    points.push_back(figureText(p.value.value()) + " in " + p.period.label());
                } else {
                    gaps.push_back(p.period.label());
                }
            }
            if (broken)
                chartNotes.push_back("The like-for-like total of " + sec.measure.name +
                                     " is not charted: a line would join periods that are not neighbours (" +
                                     listAnd(points) + "), so the figures are in " + tableNumber(m_totals) + " only.");
            else if (!series.values.empty()) {
                Chart c;
                c.type = Chart::Type::Line;
                c.title = "Chart " + std::to_string(++m_chartCount) + ": " +
                          lowerFirst(trends::likeForLikeLabel(lfl, res.from, res.to)) + " in " + sec.totals->scopeName +
                          ", by period" + measureName + " (" + tableNumber(m_totals) + ")";
                c.xAxis = "Period";
                c.yAxis = sec.measure.unit == Unit::Count ? "Number" : std::string(unitLabel(sec.measure.unit));
                c.numFormat = "#,##0";
                c.altText =
                    "Line chart of the like-for-like total of " + sec.measure.name + " in " + sec.totals->scopeName +
                    ", over the " + lfl.coverage.text() + " with figures for both compared periods (" +
                    (lfl.areaNames.empty() ? std::string("none") : listAnd(lfl.areaNames)) + "): " + listAnd(points) +
                    "." +
                    (gaps.empty()
                         ? std::string()
                         : " Left out because not every one of these areas has a figure: " + listAnd(gaps) + ".") +
                    " The figures are in " + tableNumber(m_totals) + ".";
                c.series.push_back(std::move(series));
                totalsCharted = true;
                charts.push_back(std::move(c));
            }
        }
        // Column chart of the percentage change by area.
        if (const std::size_t change = m_changeOf[mi]; change != kNone) {
            ChartSeries series;
            series.name = "Change (%)";
            std::vector<std::string> points, left;
            // Like with like: territorial police force areas only (not British Transport Police or Police
            // Scotland, which count other offences or count them otherwise), each once, over one pair of
            // periods (the totals' when there are totals, else the pair most forces share).
            std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> pairs;
            for (const auto& as : sec.series)
                if (isTerritorialForce(as.area) && as.figures.percentChange.computable())
                    ++pairs[{as.figures.from.sortKey(), as.figures.to.sortKey()}];
            std::optional<std::pair<std::int64_t, std::int64_t>> pair;
            if (sec.totals)
                pair = {sec.totals->result.from.sortKey(), sec.totals->result.to.sortKey()};
            for (const auto& [key, n] : pairs)
                if (!pair || (!sec.totals && n > pairs[*pair]))
                    pair = key;
            std::set<RowId> charted;
            auto consider = [&](const std::string& label, const trends::SeriesFigures& f, std::size_t row) {
                const bool same = pair && f.from.sortKey() == pair->first && f.to.sortKey() == pair->second;
                if (f.percentChange.computable() && same) {
                    series.categories.push_back(Ref{change, row, m_changeAreaCol});
                    series.values.push_back(Ref{change, row, m_changePercentCol});
                    points.push_back(label + " " + signedPercent(f.percentChange.value()) + " (" + f.from.label() +
                                     " to " + f.to.label() + ")");
                } else {
                    left.push_back(label);
                }
            };
            for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
                const auto& as = sec.series[ai];
                if (!isTerritorialForce(as.area) || !charted.insert(as.area.id).second)
                    continue;
                if (const auto it = m_changeRow.find({mi, ai}); it != m_changeRow.end())
                    consider(as.area.name, as.figures, it->second);
            }
            if (!series.values.empty()) {
                const std::string span =
                    Period::fromSortKey(pair->first).label() + " to " + Period::fromSortKey(pair->second).label();
                Chart c;
                c.type = Chart::Type::Column;
                c.title = "Chart " + std::to_string(++m_chartCount) + ": change from " + span +
                          " by police force area" + measureName + " (" + tableNumber(change) + ")";
                c.xAxis = "Police force area";
                c.yAxis = "Change (%)";
                c.numFormat = "0%";
                c.altText =
                    "Column chart of the percentage change in " + sec.measure.name + " from " + span +
                    " in each police force area with figures for both: " + listAnd(points) + "." +
                    (left.empty()
                         ? std::string()
                         : " Left out because they have no change over the same periods: " + listAnd(left) + ".") +
                    " Regions and national figures are not charted beside forces. The figures are in " +
                    tableNumber(change) + ".";
                c.series.push_back(std::move(series));
                changeCharted = true;
                charts.push_back(std::move(c));
            } else {
                chartNotes.push_back("The change by police force area of " + sec.measure.name +
                                     " is not charted: no police force area has a change " +
                                     (pair ? "from " + Period::fromSortKey(pair->first).label() + " to " +
                                                 Period::fromSortKey(pair->second).label() + " "
                                           : std::string()) +
                                     "that can be given" + (left.empty() ? std::string() : " (" + listAnd(left) + ")") +
                                     ".");
            }
        }
        // Column charts of up to three breakdowns.
        for (std::size_t n = 0; n < m_distOrder[mi].size() && n < 3; ++n) {
            const std::size_t di = m_distOrder[mi][n];
            const auto& ad = sec.distributions[di];
            const auto& d = ad.distribution;
            const DistRows rows = m_distRows.at({mi, di});
            // A few recorded cases, or the categories beside one whose count is not known, drawn alone would
            // read as the whole distribution.
            const trends::Figure& unknownShape = d.partial ? d.mostCommonCount : d.recordedTotal;
            const std::string which =
                "The breakdown by " + d.dimension + " for " + ad.area.name + " in " + d.period.label();
            if (d.partial || !d.recordedTotal.computable()) {
                chartNotes.push_back(which + " is not charted: " +
                                     unknownShape.reason().substr(0, unknownShape.reason().rfind(", so ")) + ".");
                continue;
            }
            // So are the categories beside those shown as [c], where the recorded total is still known.
            std::vector<std::string> confidential;
            for (std::size_t k = 0; k < rows.recorded; ++k)
                if (!d.categories[k].count.computable())
                    confidential.push_back("'" + d.categories[k].category + "'");
            if (!confidential.empty()) {
                chartNotes.push_back(which + " is not charted: the " +
                                     (confidential.size() == 1 ? "count for " : "counts for ") + listAnd(confidential) +
                                     (confidential.size() == 1 ? " is" : " are") + " confidential [c].");
                continue;
            }
            ChartSeries series;
            series.name = "Count";
            std::vector<std::string> points;
            for (std::size_t k = 0; k < rows.recorded; ++k) {
                const auto& cc = d.categories[k];
                series.categories.push_back(Ref{m_breakdowns, rows.first + k, m_distCategoryCol});
                series.values.push_back(Ref{m_breakdowns, rows.first + k, m_distCountCol});
                points.push_back(cc.category + ": " + figureText(cc.count.value()));
            }
            if (series.values.empty()) {
                chartNotes.push_back(which + " is not charted: none of its categories is recorded.");
                continue;
            }
            Chart c;
            c.type = Chart::Type::Column;
            c.title = "Chart " + std::to_string(++m_chartCount) + ": " + d.dimension + ", " + ad.area.name + ", " +
                      d.period.label() + measureName + " (" + tableNumber(m_breakdowns) + ")";
            c.xAxis = upperFirst(d.dimension);
            c.yAxis = "Number";
            c.numFormat = "#,##0";
            c.altText = "Column chart of " + sec.measure.name + " by " + d.dimension + " in " + ad.area.name + ", " +
                        d.period.label() + ": " + listAnd(points) + "." +
                        (rows.notRecorded > 0 ? " The categories that are not recorded are left out." : std::string()) +
                        " The figures are in " + tableNumber(m_breakdowns) + ".";
            c.series.push_back(std::move(series));
            breakdownCharted = true;
            charts.push_back(std::move(c));
        }
    }
    std::vector<std::string> kinds;
    if (totalsCharted)
        kinds.push_back("the like-for-like totals");
    if (changeCharted)
        kinds.push_back("the change by area");
    if (breakdownCharted)
        kinds.push_back("the breakdowns");
    s.description = kinds.empty() ? "Why no figure is charted" : "Charts of " + listAnd(kinds);
    // The reasons are long: wrapped to the charts' width, they print on the page with them, not cut off.
    s.wrapLines = true;
    s.coverWidthPx = kChartWidthPx;
    s.lines.push_back(Line{Line::Style::Title, "Charts of the figures", {}});
    if (charts.empty()) {
        s.lines.push_back(Line{Line::Style::Body, "This worksheet contains no charts and no tables.", {}});
    } else {
        s.lines.push_back(Line{Line::Style::Body,
                               "This worksheet contains " + std::to_string(charts.size()) +
                                   (charts.size() == 1 ? " chart" : " charts") +
                                   " and no tables. Each chart has alternative text, and its title names the table "
                                   "that holds its figures.",
                               {}});
        s.lines.push_back(Line{Line::Style::Body,
                               "Periods or areas without a figure are left out of the charts; their alternative "
                               "text lists them.",
                               {}});
    }
    for (const auto& n : chartNotes)
        s.lines.push_back(Line{Line::Style::Body, n, {}});
    s.charts = std::move(charts);
    if (s.charts.empty() && chartNotes.empty())
        s.lines.push_back(Line{Line::Style::Body, "There is nothing to chart.", {}});
}

} // namespace evidence::xlsx
