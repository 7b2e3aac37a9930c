#include "build_context.h"

namespace evidence::xlsx {
namespace {

/// "counts", "rates per 10,000", "percentages".
std::string unitsNoun(Unit unit)
{
    switch (unit) {
    case Unit::Count:
        return "counts";
    case Unit::RatePer10000:
        return "rates per 10,000";
    case Unit::Percentage:
        return "percentages";
    }
    return {};
}

} // namespace

Builder::ChangeCols Builder::changeColumns(Table& t, ColumnType valueType, bool fractionalYears,
                                           const std::string& ciNote)
{
    ChangeCols c;
    if (m_multiMeasure) {
        c.measure = t.addColumn("Measure", ColumnType::Text);
    }
    c.area = t.addColumn("Area", ColumnType::Text);
    c.code = t.addColumn("Area code", ColumnType::Text);
    c.from = t.addColumn("Compared from", ColumnType::Text);
    c.to = t.addColumn("Compared to", ColumnType::Text);
    c.years = t.addColumn("Years between", fractionalYears ? ColumnType::Decimal2 : ColumnType::Count);
    c.first = t.addColumn("First figure", valueType);
    c.last = t.addColumn("Last figure", valueType);
    c.change = t.addColumn("Change", valueType);
    c.percent = t.addColumn("Change (%)", ColumnType::Percent);
    c.fold = t.addColumn("Fold change", ColumnType::Ratio);
    c.annual = t.addColumn("Compound annual rate of change (%)", ColumnType::Percent);
    c.lower = t.addColumn("Rate ratio lower 95% limit " + ciNote, ColumnType::Ratio);
    c.upper = t.addColumn("Rate ratio upper 95% limit", ColumnType::Ratio);
    c.significance = t.addColumn("Significance", ColumnType::Text);
    c.notes = t.addColumn("Notes", ColumnType::LongText);
    t.columns.back().emptyMeans = kNoNote;
    return c;
}

// Fills the computed cells of one change row whose first and last figures are already in place.
void Builder::fillChangeRow(std::vector<Cell>& row, std::size_t si, std::size_t rowIndex, const ChangeCols& c,
                            const trends::SeriesFigures& f)
{
    const Ref first{si, rowIndex, c.first}, last{si, rowIndex, c.last};
    const Ref years{si, rowIndex, c.years};
    const Ref lower{si, rowIndex, c.lower}, upper{si, rowIndex, c.upper};
    auto put = [&](std::size_t col, const trends::Figure& fig, Formula formula) {
        row[col] = fig.computable() ? Cell::makeFormula(std::move(formula), fig.value()) : Cell::makeText(fig.code());
    };
    put(c.change, f.absoluteChange, Formula().add(last).add("-").add(first));
    put(c.percent, f.percentChange, Formula("(").add(last).add("-").add(first).add(")/").add(first));
    put(c.fold, f.foldChange, Formula().add(last).add("/").add(first));
    put(c.annual, f.annualRate, Formula("(").add(last).add("/").add(first).add(")^(1/").add(years).add(")-1"));
    const std::string z = trends::formatFull(trends::kZ95);
    put(c.lower, f.ciLower,
        Formula("EXP(LN(")
            .add(last)
            .add("/")
            .add(first)
            .add(")-" + z + "*SQRT(1/")
            .add(first)
            .add("+1/")
            .add(last)
            .add("))"));
    put(c.upper, f.ciUpper,
        Formula("EXP(LN(")
            .add(last)
            .add("/")
            .add(first)
            .add(")+" + z + "*SQRT(1/")
            .add(first)
            .add("+1/")
            .add(last)
            .add("))"));
    if (f.significance == trends::Significance::NotComputable)
        row[c.significance] = Cell::makeText(f.significanceCode());
    else
        row[c.significance] = Cell::makeFormulaText(
            Formula("IF(OR(").add(lower).add(">1,").add(upper).add("<1),\"[s]\",\"[ns]\")"), f.significanceCode());
    std::vector<std::string> reasons;
    if (!f.caveat.empty() && f.hasChange())
        reasons.push_back(f.caveat);
    for (const auto* fig : {&f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate, &f.ciLower})
        if (!fig->computable() && !fig->reason().empty() &&
            std::find(reasons.begin(), reasons.end(), fig->reason()) == reasons.end())
            reasons.push_back(fig->reason());
    row[c.notes] = Cell::makeText(joinSentences(reasons));
}

void Builder::buildChange(std::size_t si)
{
    Table t;
    t.name = tableName(si, "Change_by_area");
    // The measures of this table, all in one unit.
    const auto here = [&](std::size_t mi) { return m_changeOf[mi] == si; };
    std::optional<Unit> unit;
    bool fractional = false;
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        if (!here(mi))
            continue;
        const MeasureSection& sec = m_model.measures[mi];
        unit = sec.measure.unit;
        for (const auto& s : sec.series)
            fractional = fractional || s.figures.years != static_cast<double>(static_cast<long long>(s.figures.years));
    }
    const ColumnType valueType = unitColumn(unit.value_or(Unit::Count));
    const std::string ciNote =
        note("The 95% confidence interval of the rate ratio (last figure divided by first figure) treats each count "
             "as a Poisson count: exp(ln(last / first) \xE2\x88\x93 1.96 \xC3\x97 \xE2\x88\x9A(1 / first + 1 / "
             "last)). It shows chance variation only, not changes in recording or reporting; see the Methodology "
             "worksheet. It is given for counts above zero only.");
    const ChangeCols c = changeColumns(t, valueType, fractional, ciNote);
    std::vector<std::string> single; // areas with a figure for one period only
    m_changeAreaCol = c.area;
    m_changePercentCol = c.percent;

    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        if (!here(mi) || m_stats[mi] == kNone)
            continue;
        for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
            const auto& s = sec.series[ai];
            const auto& f = s.figures;
            if (f.from == f.to) { // one period: nothing to compare
                single.push_back(m_multiMeasure ? s.area.name + " (" + sec.measure.name + ")" : s.area.name);
                continue;
            }
            const std::size_t r = t.rows.size();
            std::vector<Cell> row(t.columns.size());
            if (c.measure != kNone)
                row[c.measure] = Cell::makeText(sec.measure.name);
            // A published total for a larger area covers whichever forces answered in each period, which may not
            // be the same ones: its change may come from who answered as much as from what was recorded.
            row[c.area] = Cell::makeText(
                s.area.kind == AreaKind::PoliceForceArea
                    ? s.area.name
                    : s.area.name + " " +
                          note("This row's figures are totals published for the whole area, not added up here. The "
                               "areas they count may differ between the compared periods (see the figures' notes in " +
                               tableNumber(m_stats[mi]) +
                               "), so its change may come from which areas answered as well as from what was "
                               "recorded; its confidence interval shows chance variation only."));
            row[c.code] = Cell::makeText(s.area.code.empty() ? "[z]" : s.area.code);
            row[c.from] = Cell::makeText(f.from.label());
            row[c.to] = Cell::makeText(f.to.label());
            row[c.years] = Cell::makeNumber(f.years);
            auto statsCell = [&](const Period& p, const trends::Figure& fig, std::size_t col) {
                const auto pi = periodIndex(sec, p);
                if (!pi) {
                    row[col] = Cell::makeText(fig.computable() ? std::string(trends::code::kMissing) : fig.code());
                    if (fig.computable())
                        m_problems.push_back("internal: the period " + p.toString() + " of " + s.area.name +
                                             " is not a column of " + tableNumber(m_stats[mi]));
                    return;
                }
                Formula ref;
                ref.add(Ref{m_stats[mi], ai, statsPeriodCol(*pi)});
                row[col] =
                    fig.computable() ? Cell::makeFormula(ref, fig.value()) : Cell::makeFormulaText(ref, fig.code());
            };
            statsCell(f.from, f.first, c.first);
            statsCell(f.to, f.last, c.last);
            fillChangeRow(row, si, r, c, f);
            m_changeRow[{mi, ai}] = r;
            t.rows.push_back(std::move(row));
        }
    }
    // Like-for-like totals last (totals at the edge of the table).
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        if (!here(mi) || !sec.totals || m_totals == kNone || !trends::comparesPeriods(sec.totals->result))
            continue; // with one period, a like-for-like total compares nothing
        const auto& res = sec.totals->result;
        // Below the coverage threshold the change figures are "[u]", never numbers.
        const trends::SeriesFigures f = trends::reportableLikeForLike(res, m_model.coverageThreshold);
        const std::size_t r = t.rows.size();
        std::vector<Cell> row(t.columns.size());
        if (c.measure != kNone)
            row[c.measure] = Cell::makeText(sec.measure.name);
        row[c.area] = Cell::makeText(trends::likeForLikeLabel(res.likeForLike, res.from, res.to) + " in " +
                                     sec.totals->scopeName + " " + lflNote(sec));
        row[c.code] = Cell::makeText("[z]");
        row[c.from] = Cell::makeText(f.from.label());
        row[c.to] = Cell::makeText(f.to.label());
        row[c.years] = Cell::makeNumber(f.years);
        auto totalsCell = [&](const Period& p, const trends::Figure& fig, std::size_t col) {
            const auto it = m_totalsRow.find({mi, p.sortKey()});
            if (it == m_totalsRow.end()) {
                row[col] = Cell::makeText(fig.computable() ? std::string(trends::code::kMissing) : fig.code());
                return;
            }
            Formula ref;
            ref.add(Ref{m_totals, it->second, m_totalsLflCol});
            row[col] = fig.computable() ? Cell::makeFormula(ref, fig.value()) : Cell::makeFormulaText(ref, fig.code());
        };
        totalsCell(f.from, f.first, c.first);
        totalsCell(f.to, f.last, c.last);
        fillChangeRow(row, si, r, c, f);
        m_lflChangeRow[mi] = r;
        t.rows.push_back(std::move(row));
    }
    m_layout.sheets[si].table = std::move(t);
    if (c.area != 0)
        m_noteColumns[si] = c.area; // the like-for-like rows' labels carry notes

    bool quarters = false;
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const auto& periods = m_model.measures[mi].periods;
        quarters = quarters || (here(mi) && !periods.empty() && periods.front().kind() == Period::Kind::Quarter);
    }
    std::vector<std::string> extra = {
        "The first and last figures and the change are " + unitsNoun(unit.value_or(Unit::Count)) + ".",
        std::string("Each row compares an area's first and last figures (the earliest and latest periods with a "
                    "figure") +
            (quarters ? "; for quarters, the latest and the earliest of the same quarter of the year where there is "
                        "one, so that a change is not one of season, and a row whose figures cover less than a year "
                        "says so"
                      : "") +
            "). Computed cells are " +
            std::string(m_valuesOnly ? "values computed by Evidence Desk"
                                     : "formulas that refer to the figures they use, stored with their results") +
            "; the Methodology worksheet defines each.",
        "Percentages are fractions shown as percentages: a change of 100% is a doubling."};
    // 45.5% to 40.05% is a change of -5.45 and of -12.0%: which is which must be said.
    if (unit == Unit::Percentage)
        extra.push_back("The figures are percentages, so the change is in percentage points, and the change (%) is "
                        "relative to the first percentage: 45.5% to 40.0% is a change of -5.5 points, or -12.1%.");
    if (!single.empty())
        extra.push_back("Not listed, because they have a figure for one period only and so nothing to compare: " +
                        listAnd(single) + ".");
    std::size_t lflRows = 0;
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi)
        lflRows += here(mi) && m_lflChangeRow.count(mi);
    if (lflRows > 0)
        extra.push_back(std::string(lflRows == 1 ? "The like-for-like total in the last row compares"
                                                 : "The like-for-like totals in the last rows compare") +
                        " only the areas with figures for both periods.");
    // With measures in several units, each table says which it holds.
    const std::string what = "Change between the first and last period with a figure, by area" +
                             (m_changeSheets.size() > 1 ? ", " + unitsNoun(unit.value_or(Unit::Count)) : std::string());
    finishTableSheet(si, tableNumber(si) + ": " + what + suppressionNote(), what, extra);
}

std::string Builder::lflNote(const MeasureSection& sec)
{
    const auto& r = sec.totals->result;
    const auto& lfl = r.likeForLike;
    std::string s = "Like-for-like totals add up only the areas in scope that have figures for both " + r.from.label() +
                    " and " + r.to.label() +
                    ", so that a change is not caused by areas that gave figures for one period only.";
    s += " For " + sec.measure.name + " in " + sec.totals->scopeName + " these are " +
         (lfl.areaNames.empty() ? std::string("none of the areas") : listAnd(lfl.areaNames)) + " (" +
         lfl.coverage.text() + ").";
    return note(s);
}

} // namespace evidence::xlsx
