#include "build_context.h"

namespace evidence::xlsx {

// The statistics-table cell of an area's total for a period, when it holds a number.
std::optional<Ref> Builder::areaTotalRef(std::size_t mi, RowId areaId, const Period& period) const
{
    const MeasureSection& sec = m_model.measures[mi];
    if (m_stats[mi] == kNone)
        return std::nullopt;
    const auto pi = periodIndex(sec, period);
    if (!pi)
        return std::nullopt;
    for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
        if (sec.series[ai].area.id != areaId)
            continue;
        const Cell& target = m_layout.sheets[m_stats[mi]].table->rows[ai][statsPeriodCol(*pi)];
        if (target.kind == Cell::Kind::Number)
            return Ref{m_stats[mi], ai, statsPeriodCol(*pi)};
    }
    return std::nullopt;
}

void Builder::buildBreakdowns()
{
    const std::size_t si = m_breakdowns;
    Table t;
    t.name = tableName(si, "Breakdowns");
    const std::size_t measureCol = m_multiMeasure ? t.addColumn("Measure", ColumnType::Text) : kNone;
    const std::size_t areaCol = t.addColumn("Area", ColumnType::Text);
    const std::size_t periodCol = t.addColumn("Period", ColumnType::Text);
    const std::size_t dimCol = t.addColumn("Breakdown", ColumnType::Text);
    const std::size_t catCol = t.addColumn("Category", ColumnType::Text);
    const std::size_t countCol = t.addColumn("Count", ColumnType::Count);
    const std::size_t shareCol = t.addColumn("Share (%)", ColumnType::Percent);
    const std::size_t notesCol = t.addColumn("Notes", ColumnType::LongText);
    t.columns[notesCol].emptyMeans = kNoNote;
    m_distCategoryCol = catCol;
    m_distCountCol = countCol;

    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        for (const std::size_t di : m_distOrder[mi]) {
            const auto& ad = sec.distributions[di];
            const auto& d = ad.distribution;
            DistRows rows;
            rows.first = t.rows.size();
            rows.recorded = d.categories.size();
            rows.notRecorded = d.notRecordedCategories.size();
            std::vector<Ref> recordedRefs;
            for (std::size_t k = 0; k < rows.recorded; ++k)
                recordedRefs.push_back(Ref{si, rows.first + k, countCol});
            bool hiddenCategory = false;
            for (const auto& cc : d.categories)
                hiddenCategory = hiddenCategory || cc.count.code() == trends::code::kSuppressed;
            // The same in every row of the distribution: formatted once.
            const std::string period = d.period.label();
            const std::string dimension = upperFirst(d.dimension);
            // Shares are of the area's total where the store holds it, else of the recorded categories.
            const std::optional<Ref> totalRef =
                d.areaTotal ? areaTotalRef(mi, ad.area.id, d.period) : std::optional<Ref>{};
            auto addRow = [&](const trends::CategoryCount& cc, bool recorded) {
                const std::size_t r = t.rows.size();
                std::vector<Cell> row(t.columns.size());
                if (measureCol != kNone)
                    row[measureCol] = Cell::makeText(sec.measure.name);
                row[areaCol] = Cell::makeText(ad.area.name);
                row[periodCol] = Cell::makeText(period);
                row[dimCol] = Cell::makeText(dimension);
                row[catCol] = Cell::makeText(cc.category);
                row[countCol] =
                    cc.count.computable() ? Cell::makeNumber(cc.count.value()) : Cell::makeText(cc.count.code());
                std::vector<std::string> reasons;
                if (!recorded && !d.areaTotal) {
                    row[shareCol] = Cell::makeText(cc.share.computable() ? "[z]" : cc.share.code());
                    reasons.push_back("Not recorded: left out of the shares");
                } else if (cc.share.computable() && (hiddenCategory || (d.areaTotal && !totalRef))) {
                    row[shareCol] = Cell::makeNumber(cc.share.value());
                } else if (cc.share.computable() && totalRef) {
                    row[shareCol] = Cell::makeFormula(Formula().add(Ref{si, r, countCol}).add("/").add(*totalRef),
                                                      cc.share.value());
                } else if (cc.share.computable()) {
                    row[shareCol] = Cell::makeFormula(
                        Formula().add(Ref{si, r, countCol}).add("/SUM(").addList(recordedRefs).add(")"),
                        cc.share.value());
                } else {
                    row[shareCol] = Cell::makeText(cc.share.code());
                }
                for (const auto* fig : {&cc.count, &cc.share})
                    if (!fig->computable() && !fig->reason().empty() && (recorded || fig != &cc.share || d.areaTotal))
                        reasons.push_back(fig->reason());
                // Read alone, this table would not say why such shares are of the categories' sum rather than
                // of the area's total: the first row of the breakdown says so.
                if (recorded && d.exceedsTotal && &cc == &d.categories.front() && !d.exclusionNote.empty())
                    reasons.push_back(d.exclusionNote);
                if (recorded && d.partial)
                    reasons.push_back(d.areaTotal ? "A share of the area's total, not of the cases whose " +
                                                        d.dimension + " is recorded: most cases have none"
                                                  : "A share of the cases whose " + d.dimension +
                                                        " is recorded, fewer than half of all: it need not hold "
                                                        "for the rest");
                if (!cc.note.empty() && cc.count.code() != trends::code::kSuppressed)
                    reasons.push_back(cc.note);
                row[notesCol] = Cell::makeText(joinSentences(reasons));
                t.rows.push_back(std::move(row));
            };
            for (const auto& cc : d.categories)
                addRow(cc, true);
            for (const auto& cc : d.notRecordedCategories)
                addRow(cc, false);
            m_distRows[{mi, di}] = rows;
        }
    }
    m_layout.sheets[si].table = std::move(t);
    finishTableSheet(si, tableNumber(si) + ": Breakdowns by category, with each category's share" + suppressionNote(),
                     "Breakdowns by category, with each category's share",
                     {"Shares are of the area's total for the period where the statistics table holds it, so "
                      "that a breakdown recorded for a few cases is not read as the whole; otherwise they are of "
                      "the categories whose value is recorded, and categories such as \"not recorded\" are left "
                      "out. Each row's notes say which. Summaries of each breakdown are in " +
                      tableNumber(m_breakdownSummary) + "."});
}

void Builder::buildBreakdownSummary()
{
    const std::size_t si = m_breakdownSummary;
    Table t;
    t.name = tableName(si, "Breakdown_summaries");
    const std::size_t measureCol = m_multiMeasure ? t.addColumn("Measure", ColumnType::Text) : kNone;
    const std::size_t areaCol = t.addColumn("Area", ColumnType::Text);
    const std::size_t periodCol = t.addColumn("Period", ColumnType::Text);
    const std::size_t dimCol = t.addColumn("Breakdown", ColumnType::Text);
    const std::size_t recordedCol = t.addColumn("Total of recorded categories", ColumnType::Count);
    const std::size_t notRecordedCol = t.addColumn("Not recorded", ColumnType::Count);
    const std::size_t modeCol = t.addColumn("Most common category", ColumnType::Text);
    const std::size_t modeCountCol = t.addColumn("Count in the most common category", ColumnType::Count);
    const std::size_t medianCol = t.addColumn("Median", ColumnType::Text);
    bool anyThreshold = false;
    for (const auto& sec : m_model.measures)
        for (const auto& ad : sec.distributions)
            anyThreshold = anyThreshold || ad.distribution.threshold.has_value();
    const std::size_t thresholdCol = anyThreshold ? t.addColumn("Threshold", ColumnType::Count) : kNone;
    const std::size_t underCol =
        anyThreshold ? t.addColumn("Count at or under the threshold", ColumnType::Count) : kNone;
    const std::size_t underShareCol =
        anyThreshold ? t.addColumn("Share at or under the threshold (%)", ColumnType::Percent) : kNone;
    const std::size_t allCol = t.addColumn("Total for the area and period", ColumnType::Count);
    const std::size_t notesCol = t.addColumn("Notes", ColumnType::LongText);
    t.columns[notesCol].emptyMeans = kNoNote;

    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        for (const std::size_t di : m_distOrder[mi]) {
            const auto& ad = sec.distributions[di];
            const auto& d = ad.distribution;
            const DistRows rows = m_distRows.at({mi, di});
            std::vector<Ref> recorded, notRecorded;
            for (std::size_t k = 0; k < rows.recorded; ++k)
                recorded.push_back(Ref{m_breakdowns, rows.first + k, m_distCountCol});
            for (std::size_t k = 0; k < rows.notRecorded; ++k)
                notRecorded.push_back(Ref{m_breakdowns, rows.first + rows.recorded + k, m_distCountCol});
            std::vector<Cell> row(t.columns.size());
            if (measureCol != kNone)
                row[measureCol] = Cell::makeText(sec.measure.name);
            row[areaCol] = Cell::makeText(ad.area.name);
            row[periodCol] = Cell::makeText(d.period.label());
            row[dimCol] = Cell::makeText(upperFirst(d.dimension));
            auto formulaOrCode = [&](const trends::Figure& fig, const std::string& fn, const std::vector<Ref>& refs) {
                if (!fig.computable())
                    return Cell::makeText(fig.code());
                if (refs.empty() || anyConfidential(refs))
                    return Cell::makeNumber(fig.value());
                return Cell::makeFormula(Formula(fn + "(").addList(refs).add(")"), fig.value());
            };
            row[recordedCol] = formulaOrCode(d.recordedTotal, "SUM", recorded);
            const std::size_t summaryRow = t.rows.size();
            const std::optional<Ref> totalRef =
                d.areaTotal ? areaTotalRef(mi, ad.area.id, d.period) : std::optional<Ref>{};
            if (d.areaTotal && totalRef && d.notRecorded.computable() && !anyConfidential(recorded))
                // What the recorded categories leave of the area's total.
                row[notRecordedCol] = Cell::makeFormula(
                    Formula().add(Ref{si, summaryRow, allCol}).add("-").add(Ref{si, summaryRow, recordedCol}),
                    d.notRecorded.value());
            else if (d.areaTotal)
                row[notRecordedCol] = d.notRecorded.computable() ? Cell::makeNumber(d.notRecorded.value())
                                                                 : Cell::makeText(d.notRecorded.code());
            else
                row[notRecordedCol] = formulaOrCode(d.notRecorded, "SUM", notRecorded);
            row[modeCol] = Cell::makeText(
                d.mostCommon.empty()
                    ? (d.mostCommonCount.computable() ? std::string(trends::code::kMissing) : d.mostCommonCount.code())
                    : listAnd(d.mostCommon));
            row[modeCountCol] = formulaOrCode(d.mostCommonCount, "MAX", recorded);
            // Single values have a median of their own, the two middle cases averaged when their number is
            // even (13.5 from 13 and 14), as the trend engine and the Methodology sheet give it; bands have the
            // band holding the middle case.
            row[medianCol] = Cell::makeText(
                d.median.computable() ? figureText(d.median.value())
                : d.medianCategory.empty()
                    ? (d.numeric ? (d.median.computable() ? "[x]" : d.median.code()) : std::string("[z]"))
                    : d.medianCategory);
            if (anyThreshold) {
                const std::size_t r = t.rows.size();
                if (!d.threshold) {
                    row[thresholdCol] = Cell::makeText("[z]");
                    row[underCol] = Cell::makeText("[z]");
                    row[underShareCol] = Cell::makeText("[z]");
                } else {
                    // A threshold of ages says nothing of offence types: their count at or under it is [z], and
                    // so is the threshold itself.
                    row[thresholdCol] =
                        d.numeric ? Cell::makeNumber(static_cast<double>(*d.threshold)) : Cell::makeText("[z]");
                    // The categories that lie wholly at or under the threshold (as the trend engine counts).
                    std::vector<Ref> under;
                    for (std::size_t k = 0; k < rows.recorded; ++k) {
                        const auto& range = d.categories[k].range;
                        if (range && range->high && *range->high <= *d.threshold)
                            under.push_back(recorded[k]);
                    }
                    row[underCol] = formulaOrCode(d.atOrUnderCount, "SUM", under);
                    if (d.atOrUnderShare.computable())
                        row[underShareCol] = Cell::makeFormula(Formula()
                                                                   .add(Ref{si, r, underCol})
                                                                   .add("/")
                                                                   .add(Ref{si, r, d.areaTotal ? allCol : recordedCol}),
                                                               d.atOrUnderShare.value());
                    else
                        row[underShareCol] = Cell::makeText(d.atOrUnderShare.code());
                }
            }
            // The area's total for the period, from the statistics table.
            std::optional<double> all;
            row[allCol] = Cell::makeText("[x]");
            if (m_stats[mi] != kNone) {
                for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
                    if (sec.series[ai].area.id != ad.area.id)
                        continue;
                    const auto pi = periodIndex(sec, d.period);
                    if (!pi)
                        break;
                    const Ref ref{m_stats[mi], ai, statsPeriodCol(*pi)};
                    const Cell& target = m_layout.sheets[m_stats[mi]].table->rows[ai][statsPeriodCol(*pi)];
                    if (target.kind == Cell::Kind::Number) {
                        all = target.number;
                        row[allCol] = Cell::makeFormula(Formula().add(ref), target.number);
                    } else {
                        row[allCol] = Cell::makeFormulaText(Formula().add(ref), target.text);
                    }
                }
            }
            std::vector<std::string> notes;
            if (!d.exclusionNote.empty())
                notes.push_back(d.exclusionNote);
            if (!d.areaTotal && !d.exceedsTotal && all && d.total.computable() && d.total.value() < *all)
                notes.push_back("The categories given add up to " + figureText(d.total.value()) + " of the " +
                                figureText(*all) + " recorded for " + ad.area.name + " in " + d.period.label() +
                                ": the breakdown is incomplete, so shares are of the categories given only");
            else if (!d.areaTotal && !d.exceedsTotal && all && d.total.computable() && d.total.value() > *all)
                notes.push_back("The categories given add up to " + figureText(d.total.value()) + ", more than the " +
                                figureText(*all) + " recorded for " + ad.area.name + " in " + d.period.label() +
                                ": a case may be counted in more than one category, so shares are of the "
                                "categories given only");
            if (d.partial) {
                const std::string& r = d.mostCommonCount.reason();
                notes.push_back(r.substr(0, r.rfind(", so ")) + ", so no most common category, median or " +
                                "count at or under a threshold is given: the few recorded cases need not be "
                                "like the rest");
            } else {
                for (const auto* fig : {&d.recordedTotal, &d.mostCommonCount, &d.atOrUnderCount})
                    if (!fig->computable() && !fig->reason().empty() && (fig != &d.atOrUnderCount || d.threshold))
                        notes.push_back(fig->reason());
            }
            for (const auto* cats : {&d.categories, &d.notRecordedCategories})
                for (const auto& cc : *cats)
                    if (!cc.note.empty() && cc.count.code() != trends::code::kSuppressed)
                        notes.push_back(cc.category + ": " + cc.note);
            row[notesCol] = Cell::makeText(joinSentences(notes));
            t.rows.push_back(std::move(row));
        }
    }
    m_layout.sheets[si].table = std::move(t);
    finishTableSheet(
        si, tableNumber(si) + ": Summary of each breakdown" + suppressionNote(),
        "Summary of each breakdown: recorded total, most common category and median",
        {"Totals and the most common count are computed from the counts in " + tableNumber(m_breakdowns) + ".",
         "The median is the middle recorded case's value where the categories are single values (the average of "
         "the two middle cases when their number is even), and the band holding the middle case where they are "
         "bands."});
}

} // namespace evidence::xlsx
