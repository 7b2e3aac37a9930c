#include "build_context.h"

namespace evidence::xlsx {

const MeasureSection* Builder::measureById(RowId id, std::size_t& index) const
{
    for (std::size_t i = 0; i < m_model.measures.size(); ++i)
        if (m_model.measures[i].measure.id == id) {
            index = i;
            return &m_model.measures[i];
        }
    return nullptr;
}

const CaseStudyEntry* Builder::caseById(RowId id) const
{
    for (const auto& e : m_model.caseStudies)
        if (e.caseStudy.id == id)
            return &e;
    return nullptr;
}

void Builder::buildResponses()
{
    const std::size_t si = m_responses;
    Table t;
    t.name = "Responses";
    t.columns = {{"Question number", ColumnType::Text},
                 {"Question", ColumnType::LongText},
                 {"Answer", ColumnType::Text},
                 {"Response", ColumnType::LongText},
                 {"Evidence cited", ColumnType::Text}};
    for (std::size_t ri = 0; ri < m_model.responses.size(); ++ri) {
        const auto& r = m_model.responses[ri];
        std::vector<std::string> cited;
        for (RowId id : r.answer.citedMeasures) {
            std::size_t mi = 0;
            if (const auto* sec = measureById(id, mi); sec && m_stats[mi] != kNone)
                cited.push_back(tableNumber(m_stats[mi]) +
                                (m_changeOf[mi] != kNone ? " and " + tableNumber(m_changeOf[mi]) : ""));
            else
                m_problems.push_back("question " + r.question.number +
                                     " cites a measure that is not in the workbook: select it for the "
                                     "submission or remove the citation");
        }
        std::vector<std::string> cases;
        for (RowId id : r.answer.citedCaseStudies) {
            if (const auto* e = caseById(id))
                cases.push_back(e->caseStudy.reference);
            else
                m_problems.push_back("question " + r.question.number +
                                     " cites a case study that is not selected for the submission: select it "
                                     "or remove the citation");
        }
        if (!cases.empty())
            cited.push_back((cases.size() == 1 ? "case study " : "case studies ") + listAnd(cases));
        std::string answer = r.answer.choice;
        if (!answer.empty()) {
            auto choices = text::splitList(answer);
            for (auto& c : choices)
                c = upperFirst(c);
            answer = text::join(choices, "; ");
        }
        Cell evidence = Cell::makeText("None");
        if (!cited.empty()) {
            const auto it = m_evidenceRow.find(ri);
            if (it != m_evidenceRow.end()) {
                LinkTarget target;
                target.sheet = m_evidence;
                target.row = it->second;
                evidence = Cell::makeLink(upperFirst(text::join(cited, "; ")), target);
            } else {
                evidence = Cell::makeText(upperFirst(text::join(cited, "; ")));
            }
        }
        t.rows.push_back({Cell::makeText(r.question.number), Cell::makeText(r.question.text),
                          Cell::makeText(answer.empty() ? "[z]" : answer),
                          Cell::makeText(r.answer.text.empty() ? "[z]" : r.answer.text), std::move(evidence)});
    }
    m_layout.sheets[si].table = std::move(t);
    std::vector<std::string> extra = {"Questions are those of the " + m_model.consultation.title + " consultation (" +
                                      m_model.consultation.code +
                                      "), in the order it asks them; only answered questions are listed."};
    if (m_evidence != kNone)
        extra.push_back("Select the evidence cited to go to its rows on the Evidence cited worksheet, which links to "
                        "each table and case study.");
    finishTableSheet(si, "Responses to the consultation questions, with the evidence each cites",
                     "Responses to the consultation questions", extra);
}

void Builder::buildEvidence()
{
    const std::size_t si = m_evidence;
    Table t;
    t.name = "Evidence_cited";
    t.columns = {{"Question number", ColumnType::Text},
                 {"Type of evidence", ColumnType::Text},
                 {"Evidence (link)", ColumnType::Text}};
    for (std::size_t ri = 0; ri < m_model.responses.size(); ++ri) {
        const auto& r = m_model.responses[ri];
        m_evidenceRow.emplace(ri, t.rows.size());
        for (RowId id : r.answer.citedMeasures) {
            std::size_t mi = 0;
            const auto* sec = measureById(id, mi);
            if (!sec || m_stats[mi] == kNone)
                continue;
            // The figure an answer about the whole area rests on is the published figure for the area in
            // scope: link to its row, not to the top of the table.
            std::optional<std::size_t> scopeRow;
            for (std::size_t ai = 0; ai < sec->series.size() && sec->totals; ++ai)
                if (sec->series[ai].area.name == sec->totals->scopeName)
                    scopeRow = ai;
            const std::string where = scopeRow ? ", row for " + sec->totals->scopeName : std::string();
            LinkTarget target;
            target.sheet = m_stats[mi];
            target.row = scopeRow;
            t.rows.push_back(
                {Cell::makeText(r.question.number), Cell::makeText("Figures"),
                 Cell::makeLink(tableNumber(m_stats[mi]) + ": " + sec->measure.name + ", by area" + where, target)});
            if (m_changeOf[mi] != kNone) {
                LinkTarget change;
                change.sheet = m_changeOf[mi];
                if (scopeRow)
                    if (const auto it = m_changeRow.find({mi, *scopeRow}); it != m_changeRow.end())
                        change.row = it->second;
                t.rows.push_back({Cell::makeText(r.question.number), Cell::makeText("Figures"),
                                  Cell::makeLink(tableNumber(m_changeOf[mi]) + ": change by area, " +
                                                     sec->measure.name + (change.row ? where : std::string()),
                                                 change)});
            }
        }
        for (RowId id : r.answer.citedCaseStudies) {
            const auto* e = caseById(id);
            if (!e)
                continue;
            LinkTarget target;
            target.sheet = m_cases;
            target.row = m_caseRow.at(id);
            t.rows.push_back(
                {Cell::makeText(r.question.number), Cell::makeText("Case study"),
                 Cell::makeLink("Case study " + e->caseStudy.reference + ": " + e->caseStudy.title, target)});
        }
    }
    if (t.rows.empty())
        t.rows.push_back({Cell::makeText("[z]"), Cell::makeText("[z]"), Cell::makeText("None")});
    m_layout.sheets[si].table = std::move(t);
    finishTableSheet(si, "Evidence cited by each response", "Evidence cited by each response, with links",
                     {"One row for each piece of evidence a response cites. Select a link to go to the table or "
                      "to the case study's row."});
}

} // namespace evidence::xlsx
