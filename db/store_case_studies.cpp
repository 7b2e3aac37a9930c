// The store's case studies: their text, consent or citation, review, and the questions they answer.

#include "core/errors.h"
#include "core/text.h"
#include "core/timestamp.h"
#include "core/uuid.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

#include <map>

namespace evidence::db {

namespace {

std::vector<std::string> caseStudyQuestionNumbers(SQLite::Database& db, RowId caseStudyId)
{
    SQLite::Statement q(db, "SELECT q.number FROM case_study_questions c JOIN questions q ON q.id = c.question_id "
                            "WHERE c.case_study_id = ? ORDER BY q.position");
    q.bind(1, caseStudyId);
    std::vector<std::string> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getString());
    return out;
}

// The question numbers of every case study in @p all, in one query instead of one per case study.
void attachQuestionNumbers(SQLite::Database& db, std::vector<CaseStudy>& all)
{
    std::map<RowId, CaseStudy*> byId;
    for (auto& c : all)
        byId[c.id] = &c;
    SQLite::Statement q(db, "SELECT c.case_study_id, q.number FROM case_study_questions c JOIN questions q ON "
                            "q.id = c.question_id ORDER BY c.case_study_id, q.position");
    while (q.executeStep())
        if (const auto it = byId.find(q.getColumn(0).getInt64()); it != byId.end())
            it->second->questionNumbers.push_back(q.getColumn(1).getString());
}

/// A workbook cell holds at most 32,767 characters; a longer text would be accepted now and refused
/// at export.
void checkCaseStudyText(const CaseStudy& c)
{
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"title", &c.title},
                                      {"narrative", &c.narrative},
                                      {"outcome", &c.outcome}})
        if (text::codePointCount(*value) > 32767)
            throw DataError(std::string("the case study's ") + name + " is " +
                            std::to_string(text::codePointCount(*value)) +
                            " characters long: an Excel cell holds at most 32,767");
}

void checkCaseStudyRegion(const Store& store, const CaseStudy& c)
{
    checkCaseStudyText(c);
    if (!c.regionAreaId)
        return;
    const auto a = store.area(c.regionAreaId);
    if (!a || a->itl1Code.empty())
        throw DataError("a case study's location must be an ITL1 region or a nation (e.g. South West, Wales), "
                        "never a town or a police force area");
}

void saveCaseStudyQuestions(Store& store, SQLite::Database& db, const CaseStudy& c)
{
    SQLite::Statement del(db, "DELETE FROM case_study_questions WHERE case_study_id = ?");
    del.bind(1, c.id);
    del.exec();
    if (c.questionNumbers.empty())
        return;
    const auto consultations = store.consultations();
    if (consultations.size() != 1)
        throw DataError("the store holds " + std::to_string(consultations.size()) +
                        " consultations, so question numbers are ambiguous");
    SQLite::Statement ins(db, "INSERT OR IGNORE INTO case_study_questions (uuid, case_study_id, question_id) "
                              "VALUES (?,?,?)");
    for (const auto& number : c.questionNumbers) {
        const auto q = store.questionByNumber(consultations[0].id, number);
        if (!q)
            throw DataError("question '" + number + "' is not a question of " + consultations[0].title);
        ins.reset();
        ins.bind(1, newUuid());
        ins.bind(2, c.id);
        ins.bind(3, q->id);
        ins.exec();
    }
}

} // namespace

std::vector<CaseStudy> Store::caseStudies() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kCaseStudyCols + " FROM case_studies ORDER BY reference");
        auto all = readAll<CaseStudy>(q, readCaseStudy);
        attachQuestionNumbers(*m_impl->db, all);
        return all;
    });
}

std::optional<CaseStudy> Store::caseStudy(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kCaseStudyCols + " FROM case_studies WHERE id = ?");
        q.bind(1, id);
        auto c = readOne<CaseStudy>(q, readCaseStudy);
        if (c)
            c->questionNumbers = caseStudyQuestionNumbers(*m_impl->db, c->id);
        return c;
    });
}

std::optional<CaseStudy> Store::caseStudyByReference(std::string_view reference) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kCaseStudyCols +
                                             " FROM case_studies WHERE reference = ? COLLATE NOCASE");
        q.bind(1, std::string(text::trim(reference)));
        auto c = readOne<CaseStudy>(q, readCaseStudy);
        if (c)
            c->questionNumbers = caseStudyQuestionNumbers(*m_impl->db, c->id);
        return c;
    });
}

RowId Store::insert(CaseStudy& c)
{
    return writeInTransaction(*this, path(), [&] {
        if (auto existing = caseStudyByReference(c.reference))
            throw DataError("a case study with reference '" + existing->reference + "' already exists");
        checkCaseStudyRegion(*this, c);
        if (c.uuid.empty())
            c.uuid = newUuid();
        SQLite::Statement q(*m_impl->db,
                            "INSERT INTO case_studies (uuid, reference, title, narrative, age, age_band, gender, "
                            "region_area_id, year, harm_types, platform_types, outcome, consent, consent_recorded_by, "
                            "consent_date, review_state, reviewed_by, reviewed_at, basis, citation_publisher, "
                            "citation_title, citation_date, citation_url) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        bindCaseStudy(q, c);
        q.exec();
        c.id = m_impl->db->getLastInsertRowid();
        saveCaseStudyQuestions(*this, *m_impl->db, c);
        return c.id;
    });
}

void Store::update(const CaseStudy& changed)
{
    writeInTransaction(*this, path(), [&] {
        const auto before = caseStudy(changed.id);
        if (!before)
            throw NotFoundError("case study " + std::to_string(changed.id) + " does not exist");
        if (auto other = caseStudyByReference(changed.reference); other && other->id != changed.id)
            throw DataError("another case study already has reference '" + other->reference + "'");
        checkCaseStudyRegion(*this, changed);
        CaseStudy c = changed;
        // The citation is printed beside the text and says what the account rests on: a review covers it too.
        const bool textChanged = c.title != before->title || c.narrative != before->narrative ||
                                 c.outcome != before->outcome || c.basis != before->basis ||
                                 c.citation.publisher != before->citation.publisher ||
                                 c.citation.title != before->citation.title;
        if (textChanged && before->review == ReviewState::Reviewed) {
            c.review = ReviewState::Draft;
            c.reviewedBy.clear();
            c.reviewedAt.clear();
        }
        SQLite::Statement q(*m_impl->db,
                            "UPDATE case_studies SET uuid = ?, reference = ?, title = ?, narrative = ?, age = ?, "
                            "age_band = ?, gender = ?, region_area_id = ?, year = ?, harm_types = ?, "
                            "platform_types = ?, outcome = ?, consent = ?, consent_recorded_by = ?, "
                            "consent_date = ?, review_state = ?, reviewed_by = ?, reviewed_at = ?, basis = ?, "
                            "citation_publisher = ?, citation_title = ?, citation_date = ?, citation_url = ? "
                            "WHERE id = ?");
        bindCaseStudy(q, c);
        q.bind(24, c.id);
        q.exec();
        saveCaseStudyQuestions(*this, *m_impl->db, c);
    });
}

void Store::removeCaseStudy(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "DELETE FROM case_studies WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "case study", id);
    });
}

void Store::setReviewState(RowId id, ReviewState state, const std::string& role, const std::string& on)
{
    writeInTransaction(*this, path(), [&] {
        if (state == ReviewState::Reviewed && text::trim(role).empty())
            throw DataError("say which role reviewed the case study (e.g. Policy officer)");
        const std::string now = m_impl->options.clock();
        if (!on.empty()) {
            if (!isCalendarDate(on))
                throw DataError("the review date '" + text::quoteForMessage(on, 40) +
                                "' is not a date of the calendar written as 2019-10-02");
            // ISO dates compare as text; the clock's time starts with its date.
            if (on > now.substr(0, 10))
                throw DataError("the review date " + on + " is in the future (today is " + now.substr(0, 10) +
                                "): give the date the review happened");
        }
        SQLite::Statement q(*m_impl->db,
                            "UPDATE case_studies SET review_state = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?");
        q.bind(1, std::string(reviewStateCode(state)));
        bindText(q, 2, state == ReviewState::Reviewed ? std::string(text::trim(role)) : std::string());
        q.bind(3, state == ReviewState::Reviewed ? (on.empty() ? now : on) : std::string());
        q.bind(4, id);
        q.exec();
        requireRow(*m_impl->db, "case study", id);
    });
}

std::vector<CaseStudy> Store::selectedCaseStudyRecords(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kCaseStudyCols +
                                             " FROM case_studies WHERE id IN (SELECT case_study_id FROM "
                                             "submission_case_studies WHERE submission_id = ?) ORDER BY reference");
        q.bind(1, submissionId);
        auto all = readAll<CaseStudy>(q, readCaseStudy);
        attachQuestionNumbers(*m_impl->db, all);
        return all;
    });
}

} // namespace evidence::db
