#include "build_context.h"

namespace evidence::xlsx {

Builder::Builder(const WorkbookModel& model, bool valuesOnly, bool charts)
    : m_model(model), m_valuesOnly(valuesOnly), m_chartsWanted(charts)
{
    m_multiMeasure = model.measures.size() > 1;
    // Breakdowns in the rows' one order: by area, then period, then breakdown.
    for (const auto& sec : model.measures) {
        std::vector<std::size_t> order(sec.distributions.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            const auto &a = sec.distributions[x], &b = sec.distributions[y];
            if (areaBefore(a.area, b.area) || areaBefore(b.area, a.area))
                return areaBefore(a.area, b.area);
            if (a.distribution.period != b.distribution.period)
                return a.distribution.period < b.distribution.period;
            return a.distribution.dimension < b.distribution.dimension;
        });
        m_distOrder.push_back(std::move(order));
    }
}

BuildResult Builder::build()
{
    plan();
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi)
        if (m_stats[mi] != kNone)
            buildStatistics(mi);
    for (const std::size_t si : m_changeSheets)
        buildChange(si);
    if (m_totals != kNone)
        buildTotals();
    if (m_breakdowns != kNone) {
        buildBreakdowns();
        buildBreakdownSummary();
    }
    if (m_cases != kNone)
        buildCaseStudies();
    if (m_evidence != kNone)
        buildEvidence(); // before the responses, which link to its rows
    if (m_responses != kNone)
        buildResponses();
    if (m_sources != kNone)
        buildSources();
    buildMethodology();
    if (m_chartsSheet != kNone)
        buildCharts();
    renumberNotes();
    buildNotes();
    buildCover();
    buildContents();
    buildProperties();
    return BuildResult{std::move(m_layout), std::move(m_problems)};
}

std::size_t Builder::addSheet(std::string name, bool listed)
{
    Sheet s;
    s.name = std::move(name);
    s.listInContents = listed;
    m_layout.sheets.push_back(std::move(s));
    return m_layout.sheets.size() - 1;
}

bool Builder::anyChart() const
{
    for (const auto& sec : m_model.measures) {
        if (!sec.distributions.empty())
            return true;
        for (const auto& s : sec.series)
            if (s.figures.percentChange.computable())
                return true;
        if (sec.totals)
            for (const auto& p : sec.totals->result.likeForLike.figures.points)
                if (p.value.computable())
                    return true;
    }
    return false;
}

void Builder::plan()
{
    m_cover = addSheet("Cover");
    m_contents = addSheet("Contents", false);
    m_notes = addSheet("Notes");
    int table = 0;
    auto next = [&] { return addSheet("Table " + std::to_string(++table)); };
    // The change table has a row for each area with figures for two periods, and one for each like-for-like
    // total that compares two: with one period only, it would have none.
    bool anyChange = false, anyTotals = false, anyDistributions = false;
    std::vector<bool> changeRows; // per measure: an area or a like-for-like total compares two periods
    for (const auto& sec : m_model.measures) {
        m_stats.push_back(sec.series.empty() ? kNone : next());
        const bool seriesChange = std::any_of(sec.series.begin(), sec.series.end(),
                                              [](const AreaSeries& s) { return s.figures.from != s.figures.to; });
        anyChange = anyChange || seriesChange;
        changeRows.push_back(seriesChange || (sec.totals && trends::comparesPeriods(sec.totals->result)));
        anyTotals = anyTotals || (sec.totals && !sec.totals->result.periods.empty());
        anyDistributions = anyDistributions || !sec.distributions.empty();
    }
    m_changeOf.assign(m_model.measures.size(), kNone);
    if (anyChange) {
        // A change table for each unit that some measure has change rows in, in the order the measures first use
        // them; a measure without change rows belongs to its unit's table too, which lists its areas as having
        // nothing to compare.
        std::set<Unit> unitsWithRows;
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi)
            if (changeRows[mi])
                unitsWithRows.insert(m_model.measures[mi].measure.unit);
        std::map<Unit, std::size_t> sheetOfUnit;
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const Unit unit = m_model.measures[mi].measure.unit;
            if (m_stats[mi] == kNone || !unitsWithRows.count(unit))
                continue;
            auto it = sheetOfUnit.find(unit);
            if (it == sheetOfUnit.end()) {
                it = sheetOfUnit.emplace(unit, next()).first;
                m_changeSheets.push_back(it->second);
            }
            m_changeOf[mi] = it->second;
        }
    }
    if (anyTotals) {
        m_totals = next();
        // Rows and columns of the totals table, which the change table refers to.
        std::size_t col = m_multiMeasure ? 2 : 0;
        m_totalsPeriodCol = col;
        m_totalsTotalCol = col + 1;
        m_totalsLflCol = col + 5;
        std::size_t row = 0;
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi)
            if (const auto& t = m_model.measures[mi].totals)
                for (const auto& pt : t->result.periods)
                    m_totalsRow[{mi, pt.period.sortKey()}] = row++;
    }
    if (anyDistributions) {
        m_breakdowns = next();
        m_breakdownSummary = next();
    }
    if (!m_model.caseStudies.empty())
        m_cases = addSheet("Case studies");
    if (!m_model.responses.empty())
        m_responses = addSheet("Responses");
    bool cites = false;
    for (const auto& r : m_model.responses)
        cites = cites || !r.answer.citedMeasures.empty() || !r.answer.citedCaseStudies.empty();
    if (cites)
        m_evidence = addSheet("Evidence cited");
    if (!m_model.sources.empty())
        m_sources = addSheet("Sources");
    m_methodology = addSheet("Methodology");
    if (m_chartsWanted && anyChart())
        m_chartsSheet = addSheet("Charts");
}

std::string Builder::tableName(std::size_t sheet, const std::string& what) const
{
    std::string n = m_layout.sheets[sheet].name;
    std::replace(n.begin(), n.end(), ' ', '_');
    return n + "_" + what;
}

void Builder::finishTableSheet(std::size_t si, const std::string& title, const std::string& description,
                               const std::vector<std::string>& extra)
{
    Sheet& s = m_layout.sheets[si];
    s.description = description;
    s.lines.push_back(Line{Line::Style::Title, title, {}});
    bool notes = title.find("[note ") != std::string::npos;
    std::set<std::string> codes;
    const Table& t = *s.table;
    for (const auto& c : t.columns)
        notes = notes || c.header.find("[note ") != std::string::npos;
    for (const auto& row : t.rows) {
        notes = notes || row.front().text.find("[note ") != std::string::npos;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const Cell& cell = row[c];
            // Shorthand is looked for in numeric columns, in short text cells and in formula results,
            // not inside free text such as accounts and answers.
            const bool shortText = cell.kind == Cell::Kind::Text && cell.text.size() <= 60;
            if (cell.kind == Cell::Kind::Formula || isNumeric(t.columns[c].type) || shortText ||
                t.columns[c].header.starts_with("Qualifiers"))
                collectCodes(cell.text, codes);
        }
    }
    s.lines.push_back(Line{Line::Style::Body,
                           std::string("This worksheet contains one table.") +
                               (notes ? " Some cells refer to notes, which can be found on the Notes worksheet." : ""),
                           {}});
    if (!codes.empty()) {
        std::vector<std::string> parts;
        for (const auto& [code, meaning] : shorthandMeanings())
            if (codes.count(code))
                parts.push_back(code + " = " + meaning);
        s.lines.push_back(Line{
            Line::Style::Body, "Some cells hold shorthand instead of a figure: " + text::join(parts, "; ") + ".", {}});
    }
    // An empty cell is left only where the sheet says what it means (checklist item C5).
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (t.columns[c].emptyMeans.empty())
            continue;
        const bool anyEmpty = std::any_of(t.rows.begin(), t.rows.end(), [&](const std::vector<Cell>& row) {
            return row[c].kind == Cell::Kind::Text && row[c].text.empty();
        });
        if (anyEmpty)
            s.lines.push_back(Line{Line::Style::Body,
                                   "An empty " + t.columns[c].header + " cell means " + t.columns[c].emptyMeans + ".",
                                   {}});
    }
    for (const auto& e : extra)
        if (!e.empty())
            s.lines.push_back(Line{Line::Style::Body, e, {}});
}

BuildResult buildLayout(const WorkbookModel& model, bool valuesOnly, bool charts)
{
    // Every table lists areas in one order; the rows of the statistics tables are the series, so a model whose
    // series are in another order is laid out from a sorted copy.
    const auto inOrder = [](const MeasureSection& sec) {
        return std::is_sorted(sec.series.begin(), sec.series.end(),
                              [](const AreaSeries& a, const AreaSeries& b) { return areaBefore(a.area, b.area); });
    };
    if (std::all_of(model.measures.begin(), model.measures.end(), inOrder))
        return Builder(model, valuesOnly, charts).build();
    WorkbookModel sorted = model;
    for (auto& sec : sorted.measures)
        std::stable_sort(sec.series.begin(), sec.series.end(),
                         [](const AreaSeries& a, const AreaSeries& b) { return areaBefore(a.area, b.area); });
    return Builder(sorted, valuesOnly, charts).build();
}

} // namespace evidence::xlsx
