#include "build_context.h"

namespace evidence::xlsx {

std::string Builder::commonNoun() const
{
    std::string noun;
    for (const auto& sec : m_model.measures)
        if (sec.totals) {
            const std::string n =
                sec.totals->result.periods.empty() ? "areas" : sec.totals->result.periods.front().coverage.noun;
            if (noun.empty())
                noun = n;
            else if (noun != n)
                return "areas";
        }
    return noun.empty() ? "areas" : noun;
}

void Builder::buildTotals()
{
    const std::size_t si = m_totals;
    Table t;
    t.name = tableName(si, "Totals");
    const std::string noun = commonNoun();
    std::set<ColumnType> types;
    for (const auto& sec : m_model.measures)
        if (sec.totals)
            types.insert(unitColumn(sec.measure.unit));
    const ColumnType valueType = types.size() == 1 ? *types.begin() : ColumnType::Decimal2;
    const std::size_t measureCol = m_multiMeasure ? t.addColumn("Measure", ColumnType::Text) : kNone;
    const std::size_t scopeCol = m_multiMeasure ? t.addColumn("Areas in scope", ColumnType::Text) : kNone;
    const std::size_t periodCol = t.addColumn("Period", ColumnType::Text);
    const std::size_t totalCol = t.addColumn("Sum of the figures of the " + noun + " with one", valueType);
    const std::size_t coveredCol = t.addColumn(upperFirst(noun) + " with a figure", ColumnType::Count);
    const std::size_t inScopeCol = t.addColumn(upperFirst(noun) + " in scope", ColumnType::Count);
    const std::size_t missingCol = t.addColumn(upperFirst(noun) + " without a figure", ColumnType::LongText);
    std::string lflHeaderNote;
    bool anyCompared = false;
    for (const auto& sec : m_model.measures)
        if (sec.totals && trends::comparesPeriods(sec.totals->result)) {
            lflHeaderNote += " " + lflNote(sec);
            anyCompared = true;
        }
    const std::size_t lflCol = t.addColumn("Like-for-like total" + lflHeaderNote, valueType);
    if (periodCol != m_totalsPeriodCol || totalCol != m_totalsTotalCol || lflCol != m_totalsLflCol)
        m_problems.push_back("internal: the totals table's columns differ from the planned ones");

    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        if (!sec.totals)
            continue;
        const auto& res = sec.totals->result;
        // Statistics cells of the areas in scope, per period column.
        std::map<RowId, std::size_t> rowOfArea;
        for (std::size_t ai = 0; ai < sec.series.size(); ++ai)
            rowOfArea[sec.series[ai].area.id] = ai;
        auto refsFor = [&](const Period& p, const std::vector<RowId>& areas) {
            std::vector<Ref> refs;
            const auto pi = periodIndex(sec, p);
            if (!pi || m_stats[mi] == kNone)
                return refs;
            for (RowId id : areas)
                if (const auto it = rowOfArea.find(id); it != rowOfArea.end())
                    refs.push_back(Ref{m_stats[mi], it->second, statsPeriodCol(*pi)});
            std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.row < b.row; });
            return refs;
        };
        std::vector<RowId> scopeIds;
        for (const auto& a : sec.totals->scope)
            scopeIds.push_back(a.id);

        for (const auto& pt : res.periods) {
            std::vector<Cell> row(t.columns.size());
            if (measureCol != kNone) {
                row[measureCol] = Cell::makeText(sec.measure.name);
                row[scopeCol] = Cell::makeText(sec.totals->scopeName);
            }
            row[periodCol] = Cell::makeText(pt.period.label());
            const auto refs = refsFor(pt.period, scopeIds);
            const bool hiddenMembers = anyConfidential(refs);
            if (pt.total.computable()) {
                if (refs.empty() || hiddenMembers)
                    row[totalCol] = Cell::makeNumber(pt.total.value());
                else
                    row[totalCol] = Cell::makeFormula(Formula("SUM(").addList(refs).add(")"), pt.total.value());
            } else {
                row[totalCol] = Cell::makeText(pt.total.code());
            }
            const double covered = static_cast<double>(pt.coverage.covered);
            if (refs.empty() || hiddenMembers)
                row[coveredCol] = Cell::makeNumber(covered);
            else
                row[coveredCol] = Cell::makeFormula(Formula("COUNT(").addList(refs).add(")"), covered);
            row[inScopeCol] = Cell::makeNumber(static_cast<double>(pt.coverage.inScope));
            // Named when a reader can take them in; else counted (those with a figure are in the
            // statistics table).
            std::vector<std::string> missing;
            for (const auto& gap : pt.missing)
                missing.push_back(gap.areaName + (gap.code == trends::code::kMissing ? "" : " " + gap.code));
            constexpr std::size_t kNamedGaps = 5;
            if (missing.empty())
                row[missingCol] = Cell::makeText("None: every one in scope has a figure");
            else if (pt.coverage.covered == 0 && missing.size() > kNamedGaps)
                row[missingCol] = Cell::makeText("All " + std::to_string(missing.size()) + ": none has a figure for " +
                                                 pt.period.label());
            else if (missing.size() <= kNamedGaps)
                row[missingCol] = Cell::makeText(text::join(missing, "; "));
            else
                row[missingCol] =
                    Cell::makeText(std::to_string(missing.size()) + " of " + std::to_string(pt.coverage.inScope) + " " +
                                   noun + " (those with a figure are in " +
                                   (m_stats[mi] != kNone ? tableNumber(m_stats[mi]) : std::string("Table 1")) + ")");

            const trends::SeriesPoint* lp = nullptr;
            for (const auto& p : res.likeForLike.figures.points)
                if (p.period == pt.period)
                    lp = &p;
            if (!trends::comparesPeriods(res)) {
                row[lflCol] = Cell::makeText(std::string(trends::code::kZero)); // one period: nothing to compare
            } else if (lp && lp->value.computable()) {
                const auto lrefs = refsFor(pt.period, res.likeForLike.areaIds);
                if (lrefs.empty() || anyConfidential(lrefs))
                    row[lflCol] = Cell::makeNumber(lp->value.value());
                else
                    row[lflCol] = Cell::makeFormula(Formula("SUM(").addList(lrefs).add(")"), lp->value.value());
            } else {
                row[lflCol] = Cell::makeText(lp ? lp->value.code() : std::string(trends::code::kMissing));
            }
            if (m_totalsRow[{mi, pt.period.sortKey()}] != t.rows.size())
                m_problems.push_back("internal: the totals table's rows differ from the planned ones");
            t.rows.push_back(std::move(row));
        }
    }
    m_layout.sheets[si].table = std::move(t);

    std::vector<std::string> extra;
    for (const auto& sec : m_model.measures)
        if (sec.totals && !m_multiMeasure)
            extra.push_back("Totals add up the " + std::to_string(sec.totals->scope.size()) + " " + noun + " of " +
                            sec.totals->scopeName + " (the areas in scope), using the figures in " +
                            tableNumber(m_stats[0]) + ". Rows that are themselves totals are not added in again.");
    std::vector<std::string> emptyRows;
    for (const auto& sec : m_model.measures)
        if (sec.totals)
            for (const auto& pt : sec.totals->result.periods)
                if (pt.coverage.covered == 0)
                    emptyRows.push_back(pt.period.label() +
                                        (m_multiMeasure ? " (" + sec.measure.name + ")" : std::string()));
    if (!emptyRows.empty())
        extra.push_back("No area in scope has a figure for " + listAnd(emptyRows) +
                        (emptyRows.size() == 1 ? ": its row is kept" : ": their rows are kept") +
                        ", so that the periods are in sequence.");
    // Totals add up counts only, so their like-for-like rows are all in the change table of counts.
    std::vector<std::string> lflTables;
    std::size_t lflRows = 0;
    for (const auto& [mi, row] : m_lflChangeRow) {
        ++lflRows;
        const std::string table = tableNumber(m_changeOf[mi]);
        if (std::find(lflTables.begin(), lflTables.end(), table) == lflTables.end())
            lflTables.push_back(table);
    }
    if (anyCompared)
        extra.push_back("Totals cover different " + noun +
                        " in different periods, so do not compare them between periods: compare the like-for-like "
                        "totals, whose " +
                        (lflRows > 1 ? "changes are in the last rows of " : "change is in the last row of ") +
                        (lflTables.empty() ? std::string("the change table") : listAnd(lflTables)) + ".");
    else
        extra.push_back("With figures for one period only there is nothing to compare, so there is no like-for-like "
                        "total.");
    finishTableSheet(si,
                     tableNumber(si) + ": Totals by period, with coverage and like-for-like totals" + suppressionNote(),
                     "Totals by period, with coverage and like-for-like totals", extra);
}

} // namespace evidence::xlsx
