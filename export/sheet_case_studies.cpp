#include "build_context.h"

namespace evidence::xlsx {

// The questions whose answers cite a case study, in question order: what the Responses sheet shows,
// not the tags the case study was filed under.
std::string Builder::citingQuestions(RowId caseStudyId) const
{
    std::vector<std::string> numbers;
    for (const auto& r : m_model.responses)
        if (std::find(r.answer.citedCaseStudies.begin(), r.answer.citedCaseStudies.end(), caseStudyId) !=
            r.answer.citedCaseStudies.end())
            numbers.push_back(r.question.number);
    return numbers.empty() ? std::string("None: no answer cites it") : text::join(numbers, "; ");
}

void Builder::buildCaseStudies()
{
    const std::size_t si = m_cases;
    Table t;
    t.name = "Case_studies";
    t.columns = {{"Reference", ColumnType::Text},
                 {"Title", ColumnType::Text},
                 {"Age or age band", ColumnType::Whole},
                 {"Gender", ColumnType::Text},
                 {"Region", ColumnType::Text},
                 {"Year", ColumnType::Whole},
                 {"Types of harm", ColumnType::Text},
                 {"Types of platform", ColumnType::Text},
                 {"Account", ColumnType::LongText},
                 {"Outcome or support", ColumnType::Text},
                 {"Basis", ColumnType::Text},
                 {"Consent", ColumnType::Text},
                 {"Review", ColumnType::Text},
                 {"Questions whose answers cite it", ColumnType::Text}};
    for (const auto& e : m_model.caseStudies) {
        const CaseStudy& c = e.caseStudy;
        std::string ref = c.reference;
        if (!e.overrideNote.empty())
            ref += " " + note(e.overrideNote);
        // A published account rests on its publication, not on a consent the charity could hold. Its
        // address is left out: the re-read of the written workbook reports any web address in a cell.
        std::string basis = "Consent of the child or family";
        if (c.basis == CaseStudyBasis::PublishedAccount) {
            std::vector<std::string> cite;
            for (const auto* part : {&c.citation.publisher, &c.citation.title})
                if (!part->empty())
                    cite.push_back(*part);
            if (!c.citation.date.empty())
                cite.push_back(readableDate(c.citation.date));
            basis = "Published account: " + (cite.empty() ? std::string("[x]") : text::join(cite, ", "));
        }
        std::string consent;
        switch (c.consent) {
        case Consent::Obtained:
            consent = "Given";
            break;
        case Consent::NotObtained:
            consent = "Not given";
            break;
        case Consent::Unknown:
            consent = c.basis == CaseStudyBasis::PublishedAccount ? "[z]" : "Not recorded";
            break;
        }
        // Roles stand after a colon, as typed: a sentence that had to change their case would alter
        // what the user wrote (and hide a name typed in it from a case-sensitive reader).
        if (c.consent == Consent::Obtained) {
            if (!c.consentDate.empty())
                consent += ", recorded on " + readableDate(c.consentDate);
            if (!c.consentRecordedBy.empty())
                consent += "; recorded by: " + c.consentRecordedBy;
        }
        std::string review = "Draft: not reviewed";
        if (c.review == ReviewState::Reviewed) {
            review = "Reviewed";
            if (!c.reviewedAt.empty())
                review += " on " + readableDate(c.reviewedAt);
            if (!c.reviewedBy.empty())
                review += "; reviewer: " + c.reviewedBy;
        }
        auto orX = [](const std::string& s) { return s.empty() ? std::string("[x]") : s; };
        m_caseRow[c.id] = t.rows.size();
        t.rows.push_back({Cell::makeText(ref), Cell::makeText(orX(c.title)),
                          c.age ? Cell::makeNumber(*c.age) : Cell::makeText(orX(c.ageBand)),
                          Cell::makeText(orX(upperFirst(c.gender))), Cell::makeText(orX(e.regionName)),
                          c.year ? Cell::makeNumber(*c.year) : Cell::makeText("[x]"),
                          Cell::makeText(orX(upperFirst(text::join(c.harmTypes, "; ")))),
                          Cell::makeText(orX(upperFirst(text::join(c.platformTypes, "; ")))),
                          Cell::makeText(orX(c.narrative)), Cell::makeText(orX(c.outcome)), Cell::makeText(basis),
                          Cell::makeText(consent), Cell::makeText(review), Cell::makeText(citingQuestions(c.id))});
    }
    m_layout.sheets[si].table = std::move(t);
    const std::string pseudonyms =
        note("Names marked * have been changed to protect identities (for example Molly*). Case studies are "
             "anonymised: places are given no more precisely than the region.");
    finishTableSheet(si, "Case studies selected for this response " + pseudonyms,
                     "Anonymised case studies selected for this response",
                     {"Names marked * have been changed to protect identities.",
                      "The Basis column says whether an account is told with the consent of the child or "
                      "family or retold from a published account, with its citation; a published account's "
                      "consent is not applicable.",
                      "Each row is one child's account, as selected for this response and reviewed before "
                      "export. Ages are in years."});
}

} // namespace evidence::xlsx
