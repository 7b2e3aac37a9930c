#pragma once
// Internal to evidence_db: how each record is read from a row and bound to a statement, shared by the
// files that implement Store (one per area of the store). Binding checks what the schema cannot: text is
// UTF-8 without NUL, and a record has the fields it needs.

#include "db/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <optional>
#include <string>
#include <vector>

namespace evidence::db {

// The columns each reader below expects, in its order.
inline constexpr const char* kAreaCols = "id, uuid, code, name, kind, itl1_code, region_name, country, reference";
inline constexpr const char* kSourceCols =
    "id, uuid, title, publisher, method, date_published, date_retrieved, url, licence, quality_notes";
inline constexpr const char* kMeasureCols = "id, uuid, name, definition, unit, population";
inline constexpr const char* kObservationCols =
    "id, uuid, measure_id, area_id, period_key, dimension, category, value, markers, source_id, note, as_at, round";
inline constexpr const char* kCaseStudyCols =
    "id, uuid, reference, title, narrative, age, age_band, gender, region_area_id, year, harm_types, "
    "platform_types, outcome, consent, consent_recorded_by, consent_date, review_state, reviewed_by, reviewed_at, "
    "basis, citation_publisher, citation_title, citation_date, citation_url";
inline constexpr const char* kConsultationCols = "id, uuid, code, title, publisher, opens, closes, url";
inline constexpr const char* kQuestionCols =
    "id, uuid, consultation_id, number, position, text, answer_type, choices, word_limit, form_char_limit, required";
inline constexpr const char* kSubmissionCols = "id, uuid, consultation_id, title, organisation, contact_role, "
                                               "contact_email, as_at, summary, caveats, coverage_threshold";
inline constexpr const char* kAnswerCols = "id, uuid, submission_id, question_id, choice, text";
inline constexpr const char* kAckCols = "id, uuid, record_table, record_uuid, field, kind, matched_text, "
                                        "fingerprint, reason, acknowledged_by, acknowledged_at";

/// Each reader turns the current row of a statement that selects its record's columns (kAreaCols, ...)
/// into the record.
Area readArea(SQLite::Statement& q);
/// The current row of @p q as a Source (kSourceCols).
Source readSource(SQLite::Statement& q);
/// The current row of @p q as a Measure (kMeasureCols).
Measure readMeasure(SQLite::Statement& q);
/// The current row of @p q as an Observation (kObservationCols).
Observation readObservation(SQLite::Statement& q);
/// The current row of @p q as a Consultation (kConsultationCols).
Consultation readConsultation(SQLite::Statement& q);
/// The current row of @p q as a Question (kQuestionCols).
Question readQuestion(SQLite::Statement& q);
/// The current row of @p q as a Submission (kSubmissionCols).
Submission readSubmission(SQLite::Statement& q);
/// Without its question numbers, which are rows of their own.
CaseStudy readCaseStudy(SQLite::Statement& q);
/// With the evidence it cites, read from @p db.
Answer readAnswer(SQLite::Database& db, SQLite::Statement& q);
/// The current row of @p q as a FindingAcknowledgement (kAckCols).
FindingAcknowledgement readAck(SQLite::Statement& q);

/// Every row @p q returns, each read by @p reader.
template <typename T, typename Reader>
std::vector<T> readAll(SQLite::Statement& q, Reader reader)
{
    std::vector<T> out;
    while (q.executeStep())
        out.push_back(reader(q));
    return out;
}

/// The first row @p q returns, read by @p reader, or nothing when there is none.
template <typename T, typename Reader>
std::optional<T> readOne(SQLite::Statement& q, Reader reader)
{
    if (q.executeStep())
        return reader(q);
    return std::nullopt;
}

/// Binds @p s to parameter @p i. @throws DataError when it is not UTF-8 or holds a NUL.
void bindText(SQLite::Statement& q, int i, const std::string& s);
/// @throws NotFoundError naming @p what and @p id when the last statement changed no row.
void requireRow(SQLite::Database& db, const char* what, RowId id);

/// Each binds a record's columns from parameter 1 in the order of its INSERT and UPDATE statements, and
/// throws DataError for a record the store must not hold.
void bindSource(SQLite::Statement& q, const Source& s);
/// Binds a Measure's columns. @throws DataError without a name.
void bindMeasure(SQLite::Statement& q, const Measure& m);
/// @throws DataError for a figure the store must not hold (the bulk writer checks with it too).
void validateObservation(const Observation& o);
/// Binds an Observation's columns after validateObservation().
void bindObservation(SQLite::Statement& q, const Observation& o);
/// Binds a CaseStudy's columns. @throws DataError without a reference, with both an age and an age band, or
/// for a published account with a consent or without its citation.
void bindCaseStudy(SQLite::Statement& q, const CaseStudy& c);
/// Binds a Consultation's columns. @throws DataError without a title.
void bindConsultation(SQLite::Statement& q, const Consultation& c);
/// Binds a Question's columns. @throws DataError without a number, or for a limit that is not positive.
void bindQuestion(SQLite::Statement& q, const Question& x);
/// Binds a Submission's columns. @throws DataError without a title, or for a coverage threshold outside 0 to 1.
void bindSubmission(SQLite::Statement& q, const Submission& s);

} // namespace evidence::db
