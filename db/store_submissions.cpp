// The store's submissions: what each selects as evidence and how it answers each question.

#include "core/errors.h"
#include "core/uuid.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

#include <algorithm>

namespace evidence::db {

std::vector<Submission> Store::submissions() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSubmissionCols + " FROM submissions ORDER BY id");
        return readAll<Submission>(q, readSubmission);
    });
}

std::optional<Submission> Store::submission(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSubmissionCols + " FROM submissions WHERE id = ?");
        q.bind(1, id);
        return readOne<Submission>(q, readSubmission);
    });
}

namespace {
std::vector<RowId> selectedIds(SQLite::Database& db, const char* sql, RowId submissionId)
{
    SQLite::Statement q(db, sql);
    q.bind(1, submissionId);
    std::vector<RowId> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getInt64());
    return out;
}

void setSelected(SQLite::Database& db, const std::string& table, const std::string& column, RowId submissionId,
                 RowId id, bool selected)
{
    if (selected) {
        SQLite::Statement q(db,
                            "INSERT OR IGNORE INTO " + table + " (uuid, submission_id, " + column + ") VALUES (?,?,?)");
        q.bind(1, newUuid());
        q.bind(2, submissionId);
        q.bind(3, id);
        q.exec();
    } else {
        SQLite::Statement q(db, "DELETE FROM " + table + " WHERE submission_id = ? AND " + column + " = ?");
        q.bind(1, submissionId);
        q.bind(2, id);
        q.exec();
    }
}
} // namespace

RowId Store::insert(Submission& s)
{
    return writeInTransaction(*this, path(), [&] {
        if (!consultation(s.consultationId))
            throw DataError("choose the consultation this submission answers");
        if (s.uuid.empty())
            s.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO submissions (uuid, consultation_id, title, organisation, "
                                         "contact_role, contact_email, as_at, summary, caveats, coverage_threshold) "
                                         "VALUES (?,?,?,?,?,?,?,?,?,?)");
        bindSubmission(q, s);
        q.exec();
        s.id = m_impl->db->getLastInsertRowid();
        return s.id;
    });
}

void Store::update(const Submission& s)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "UPDATE submissions SET uuid = ?, consultation_id = ?, title = ?, "
                                         "organisation = ?, contact_role = ?, contact_email = ?, as_at = ?, "
                                         "summary = ?, caveats = ?, coverage_threshold = ? WHERE id = ?");
        bindSubmission(q, s);
        q.bind(11, s.id);
        q.exec();
        requireRow(*m_impl->db, "submission", s.id);
    });
}

std::vector<RowId> Store::selectedCaseStudies(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        return selectedIds(*m_impl->db,
                           "SELECT s.case_study_id FROM submission_case_studies s JOIN case_studies c ON "
                           "c.id = s.case_study_id WHERE s.submission_id = ? ORDER BY c.reference",
                           submissionId);
    });
}

void Store::setCaseStudySelected(RowId submissionId, RowId caseStudyId, bool selected)
{
    writeInTransaction(*this, path(), [&] {
        setSelected(*m_impl->db, "submission_case_studies", "case_study_id", submissionId, caseStudyId, selected);
    });
}

std::vector<RowId> Store::selectedMeasures(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        return selectedIds(*m_impl->db,
                           "SELECT s.measure_id FROM submission_measures s JOIN measures m ON m.id = s.measure_id "
                           "WHERE s.submission_id = ? ORDER BY m.name",
                           submissionId);
    });
}

void Store::setMeasureSelected(RowId submissionId, RowId measureId, bool selected)
{
    writeInTransaction(*this, path(), [&] {
        setSelected(*m_impl->db, "submission_measures", "measure_id", submissionId, measureId, selected);
    });
}

std::vector<Answer> Store::answers(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT a.id, a.uuid, a.submission_id, a.question_id, a.choice, a.text "
                                         "FROM answers a JOIN questions q ON q.id = a.question_id "
                                         "WHERE a.submission_id = ? ORDER BY q.position");
        q.bind(1, submissionId);
        std::vector<Answer> out;
        while (q.executeStep())
            out.push_back(readAnswer(*m_impl->db, q));
        return out;
    });
}

std::optional<Answer> Store::answer(RowId submissionId, RowId questionId) const
{
    return readTranslated(path(), [&]() -> std::optional<Answer> {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAnswerCols +
                                             " FROM answers WHERE submission_id = ? AND question_id = ?");
        q.bind(1, submissionId);
        q.bind(2, questionId);
        if (q.executeStep())
            return readAnswer(*m_impl->db, q);
        return std::nullopt;
    });
}

RowId Store::save(Answer& a)
{
    return writeInTransaction(*this, path(), [&] {
        const auto sub = submission(a.submissionId);
        const auto q = question(a.questionId);
        if (!sub || !q || q->consultationId != sub->consultationId)
            throw DataError("this question does not belong to the submission's consultation");
        if (auto existing = answer(a.submissionId, a.questionId)) {
            a.id = existing->id;
            a.uuid = existing->uuid;
            SQLite::Statement u(*m_impl->db, "UPDATE answers SET choice = ?, text = ? WHERE id = ?");
            bindText(u, 1, a.choice);
            bindText(u, 2, a.text);
            u.bind(3, a.id);
            u.exec();
        } else {
            if (a.uuid.empty())
                a.uuid = newUuid();
            SQLite::Statement i(*m_impl->db, "INSERT INTO answers (uuid, submission_id, question_id, choice, text) "
                                             "VALUES (?,?,?,?,?)");
            i.bind(1, a.uuid);
            i.bind(2, a.submissionId);
            i.bind(3, a.questionId);
            bindText(i, 4, a.choice);
            bindText(i, 5, a.text);
            i.exec();
            a.id = m_impl->db->getLastInsertRowid();
        }
        // Replace the citations only where they changed, so the audit log shows real edits.
        const auto before = answer(a.submissionId, a.questionId);
        auto sync = [&](const std::vector<RowId>& wanted, const std::vector<RowId>& have, const char* column) {
            for (RowId id : have)
                if (std::find(wanted.begin(), wanted.end(), id) == wanted.end()) {
                    SQLite::Statement d(*m_impl->db, std::string("DELETE FROM answer_evidence WHERE answer_id = ? "
                                                                 "AND ") +
                                                         column + " = ?");
                    d.bind(1, a.id);
                    d.bind(2, id);
                    d.exec();
                }
            for (RowId id : wanted)
                if (std::find(have.begin(), have.end(), id) == have.end()) {
                    SQLite::Statement i(*m_impl->db, std::string("INSERT INTO answer_evidence (uuid, answer_id, ") +
                                                         column + ") VALUES (?,?,?)");
                    i.bind(1, newUuid());
                    i.bind(2, a.id);
                    i.bind(3, id);
                    i.exec();
                }
        };
        sync(a.citedMeasures, before->citedMeasures, "measure_id");
        sync(a.citedCaseStudies, before->citedCaseStudies, "case_study_id");
        return a.id;
    });
}

} // namespace evidence::db
