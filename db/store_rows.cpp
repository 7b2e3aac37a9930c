// How each record is read from a row and bound to a statement (store_rows.h).

#include "db/store_rows.h"

#include "core/errors.h"
#include "core/text.h"
#include "core/timestamp.h"

#include <cmath>

namespace evidence::db {

namespace {

Consent parseConsent(const std::string& s)
{
    if (s == "yes")
        return Consent::Obtained;
    if (s == "no")
        return Consent::NotObtained;
    return Consent::Unknown;
}

} // namespace

Area readArea(SQLite::Statement& q)
{
    Area a;
    a.id = q.getColumn(0).getInt64();
    a.uuid = q.getColumn(1).getString();
    a.code = q.getColumn(2).getString();
    a.name = q.getColumn(3).getString();
    a.kind = parseAreaKind(q.getColumn(4).getString());
    a.itl1Code = q.getColumn(5).getString();
    a.regionName = q.getColumn(6).getString();
    a.country = q.getColumn(7).getString();
    a.reference = q.getColumn(8).getInt() != 0;
    return a;
}

Source readSource(SQLite::Statement& q)
{
    Source s;
    s.id = q.getColumn(0).getInt64();
    s.uuid = q.getColumn(1).getString();
    s.title = q.getColumn(2).getString();
    s.publisher = q.getColumn(3).getString();
    s.method = q.getColumn(4).getString();
    s.datePublished = q.getColumn(5).getString();
    s.dateRetrieved = q.getColumn(6).getString();
    s.url = q.getColumn(7).getString();
    s.licence = q.getColumn(8).getString();
    s.qualityNotes = q.getColumn(9).getString();
    return s;
}

Measure readMeasure(SQLite::Statement& q)
{
    Measure m;
    m.id = q.getColumn(0).getInt64();
    m.uuid = q.getColumn(1).getString();
    m.name = q.getColumn(2).getString();
    m.definition = q.getColumn(3).getString();
    m.unit = parseUnit(q.getColumn(4).getString());
    m.population = q.getColumn(5).getString();
    return m;
}

Observation readObservation(SQLite::Statement& q)
{
    Observation o;
    o.id = q.getColumn(0).getInt64();
    o.uuid = q.getColumn(1).getString();
    o.measureId = q.getColumn(2).getInt64();
    o.areaId = q.getColumn(3).getInt64();
    o.period = Period::fromSortKey(q.getColumn(4).getInt64());
    o.dimension = q.getColumn(5).getString();
    o.category = q.getColumn(6).getString();
    if (!q.getColumn(7).isNull())
        o.value = q.getColumn(7).getDouble();
    o.markers = Markers::parse(q.getColumn(8).getString());
    o.sourceId = q.getColumn(9).getInt64();
    o.note = q.getColumn(10).getString();
    o.asAt = q.getColumn(11).getString();
    o.round = q.getColumn(12).getString();
    return o;
}

Consultation readConsultation(SQLite::Statement& q)
{
    Consultation c;
    c.id = q.getColumn(0).getInt64();
    c.uuid = q.getColumn(1).getString();
    c.code = q.getColumn(2).getString();
    c.title = q.getColumn(3).getString();
    c.publisher = q.getColumn(4).getString();
    c.opens = q.getColumn(5).getString();
    c.closes = q.getColumn(6).getString();
    c.url = q.getColumn(7).getString();
    return c;
}

Question readQuestion(SQLite::Statement& q)
{
    Question x;
    x.id = q.getColumn(0).getInt64();
    x.uuid = q.getColumn(1).getString();
    x.consultationId = q.getColumn(2).getInt64();
    x.number = q.getColumn(3).getString();
    x.position = q.getColumn(4).getInt();
    x.text = q.getColumn(5).getString();
    x.answerType = parseAnswerType(q.getColumn(6).getString());
    x.choices = text::splitList(q.getColumn(7).getString());
    if (!q.getColumn(8).isNull())
        x.wordLimit = q.getColumn(8).getInt();
    if (!q.getColumn(9).isNull())
        x.formCharLimit = q.getColumn(9).getInt();
    x.required = q.getColumn(10).getInt() != 0;
    return x;
}

Submission readSubmission(SQLite::Statement& q)
{
    Submission s;
    s.id = q.getColumn(0).getInt64();
    s.uuid = q.getColumn(1).getString();
    s.consultationId = q.getColumn(2).getInt64();
    s.title = q.getColumn(3).getString();
    s.organisation = q.getColumn(4).getString();
    s.contactRole = q.getColumn(5).getString();
    s.contactEmail = q.getColumn(6).getString();
    s.asAt = q.getColumn(7).getString();
    s.summary = q.getColumn(8).getString();
    s.caveats = q.getColumn(9).getString();
    s.coverageThreshold = q.getColumn(10).getDouble();
    return s;
}

CaseStudy readCaseStudy(SQLite::Statement& q)
{
    CaseStudy c;
    c.id = q.getColumn(0).getInt64();
    c.uuid = q.getColumn(1).getString();
    c.reference = q.getColumn(2).getString();
    c.title = q.getColumn(3).getString();
    c.narrative = q.getColumn(4).getString();
    if (!q.getColumn(5).isNull())
        c.age = q.getColumn(5).getInt();
    c.ageBand = q.getColumn(6).getString();
    c.gender = q.getColumn(7).getString();
    c.regionAreaId = q.getColumn(8).isNull() ? 0 : q.getColumn(8).getInt64();
    if (!q.getColumn(9).isNull())
        c.year = q.getColumn(9).getInt();
    c.harmTypes = text::splitList(q.getColumn(10).getString());
    c.platformTypes = text::splitList(q.getColumn(11).getString());
    c.outcome = q.getColumn(12).getString();
    c.consent = parseConsent(q.getColumn(13).getString());
    c.consentRecordedBy = q.getColumn(14).getString();
    c.consentDate = q.getColumn(15).getString();
    c.review = q.getColumn(16).getString() == "reviewed" ? ReviewState::Reviewed : ReviewState::Draft;
    c.reviewedBy = q.getColumn(17).getString();
    c.reviewedAt = q.getColumn(18).getString();
    c.basis = parseCaseStudyBasis(q.getColumn(19).getString());
    c.citation.publisher = q.getColumn(20).getString();
    c.citation.title = q.getColumn(21).getString();
    c.citation.date = q.getColumn(22).getString();
    c.citation.url = q.getColumn(23).getString();
    return c;
}

Answer readAnswer(SQLite::Database& db, SQLite::Statement& q)
{
    Answer a;
    a.id = q.getColumn(0).getInt64();
    a.uuid = q.getColumn(1).getString();
    a.submissionId = q.getColumn(2).getInt64();
    a.questionId = q.getColumn(3).getInt64();
    a.choice = q.getColumn(4).getString();
    a.text = q.getColumn(5).getString();
    SQLite::Statement e(db, "SELECT measure_id, case_study_id FROM answer_evidence WHERE answer_id = ? ORDER BY rowid");
    e.bind(1, a.id);
    while (e.executeStep()) {
        if (!e.getColumn(0).isNull())
            a.citedMeasures.push_back(e.getColumn(0).getInt64());
        else
            a.citedCaseStudies.push_back(e.getColumn(1).getInt64());
    }
    return a;
}

FindingAcknowledgement readAck(SQLite::Statement& q)
{
    FindingAcknowledgement a;
    a.id = q.getColumn(0).getInt64();
    a.uuid = q.getColumn(1).getString();
    a.recordTable = q.getColumn(2).getString();
    a.recordUuid = q.getColumn(3).getString();
    a.field = q.getColumn(4).getString();
    a.kind = q.getColumn(5).getString();
    a.matchedText = q.getColumn(6).getString();
    a.fingerprint = q.getColumn(7).getString();
    a.reason = q.getColumn(8).getString();
    a.acknowledgedBy = q.getColumn(9).getString();
    a.acknowledgedAt = q.getColumn(10).getString();
    return a;
}

void bindText(SQLite::Statement& q, int i, const std::string& s)
{
    if (!text::isValidUtf8(s))
        throw DataError("text is not valid UTF-8 and cannot be saved");
    // SQLite's text functions, the scanner's callers and Excel all stop at a NUL: the text after it
    // would be kept unseen by the guard and cut from the workbook.
    if (s.find('\0') != std::string::npos)
        throw DataError("text holds a NUL character, which no text may contain, and cannot be saved");
    q.bind(i, s);
}

void requireRow(SQLite::Database& db, const char* what, RowId id)
{
    if (db.getChanges() == 0)
        throw NotFoundError(std::string(what) + " " + std::to_string(id) +
                            " does not exist (it may have been deleted)");
}

void bindSource(SQLite::Statement& q, const Source& s)
{
    if (text::trim(s.title).empty())
        throw DataError("a source needs a title");
    bindText(q, 1, s.uuid);
    bindText(q, 2, std::string(text::trim(s.title)));
    bindText(q, 3, s.publisher);
    bindText(q, 4, s.method);
    bindText(q, 5, s.datePublished);
    bindText(q, 6, s.dateRetrieved);
    bindText(q, 7, s.url);
    bindText(q, 8, s.licence);
    bindText(q, 9, s.qualityNotes);
}

void bindMeasure(SQLite::Statement& q, const Measure& m)
{
    if (text::trim(m.name).empty())
        throw DataError("a measure needs a name");
    bindText(q, 1, m.uuid);
    bindText(q, 2, std::string(text::trim(m.name)));
    bindText(q, 3, m.definition);
    q.bind(4, std::string(unitCode(m.unit)));
    bindText(q, 5, m.population);
}

void validateObservation(const Observation& o)
{
    if (o.dimension.empty() != o.category.empty())
        throw DataError("a breakdown needs both a dimension and a category (or neither, for a total)");
    if (o.value && (!std::isfinite(*o.value) || *o.value < 0))
        throw DataError("a figure cannot be negative");
    if (!o.value && !o.markers.hasReplacing())
        throw DataError("a figure needs a value or a marker that replaces it: [x] not available, [c] confidential, "
                        "[z] not applicable or [low]");
    if (o.value && o.markers.hasReplacing())
        throw DataError("a figure cannot have both a value and " + o.markers.replacingCode() +
                        ", which stands instead of a value");
    if (!o.asAt.empty() && !isCalendarDate(o.asAt, true))
        throw DataError("a figure's as-at date '" + text::quoteForMessage(o.asAt, 40) +
                        "' is not a date of the calendar written as 2019-06-10 (or 2019-06 for a month)");
}

void bindObservation(SQLite::Statement& q, const Observation& o)
{
    bindText(q, 1, o.uuid);
    q.bind(2, o.measureId);
    q.bind(3, o.areaId);
    q.bind(4, o.period.toString());
    q.bind(5, o.period.sortKey());
    bindText(q, 6, o.dimension);
    bindText(q, 7, o.category);
    if (o.value)
        q.bind(8, *o.value);
    else
        q.bind(8);
    q.bind(9, o.markers.toString());
    q.bind(10, o.sourceId);
    bindText(q, 11, o.note);
    bindText(q, 12, o.asAt);
    bindText(q, 13, std::string(text::trim(o.round)));
}

void bindCaseStudy(SQLite::Statement& q, const CaseStudy& c)
{
    if (text::trim(c.reference).empty())
        throw DataError("a case study needs a reference, e.g. CS-005");
    if (c.age && !c.ageBand.empty())
        throw DataError("give an age or an age band, not both");
    bindText(q, 1, c.uuid);
    bindText(q, 2, std::string(text::trim(c.reference)));
    bindText(q, 3, c.title);
    bindText(q, 4, c.narrative);
    if (c.age)
        q.bind(5, *c.age);
    else
        q.bind(5);
    bindText(q, 6, c.ageBand);
    bindText(q, 7, c.gender);
    if (c.regionAreaId)
        q.bind(8, c.regionAreaId);
    else
        q.bind(8);
    if (c.year)
        q.bind(9, *c.year);
    else
        q.bind(9);
    bindText(q, 10, text::join(c.harmTypes, ";"));
    bindText(q, 11, text::join(c.platformTypes, ";"));
    bindText(q, 12, c.outcome);
    // A published account rests on its citation, not on a consent: the charity holds none for it.
    const bool published = c.basis == CaseStudyBasis::PublishedAccount;
    if (published && (c.consent == Consent::Obtained || c.consent == Consent::NotObtained))
        throw DataError("a published account has no consent of the charity's to record: clear the consent, or "
                        "record the case study as told with consent");
    if (published && (text::trim(c.citation.publisher).empty() || text::trim(c.citation.title).empty() ||
                      (c.citation.date.empty() && text::trim(c.citation.url).empty())))
        throw DataError("a published account needs its citation: the publisher, the title, and the date published "
                        "or the address");
    if (!c.citation.date.empty() && !isCalendarDate(c.citation.date, true))
        throw DataError("the citation's date '" + text::quoteForMessage(c.citation.date, 40) +
                        "' is not a date of the calendar written as 2019-06-10 (or 2019-06)");
    q.bind(13, published ? std::string("not_applicable") : std::string(consentCode(c.consent)));
    bindText(q, 14, published ? std::string() : c.consentRecordedBy);
    bindText(q, 15, published ? std::string() : c.consentDate);
    q.bind(16, std::string(reviewStateCode(c.review)));
    bindText(q, 17, c.reviewedBy);
    bindText(q, 18, c.reviewedAt);
    q.bind(19, std::string(caseStudyBasisCode(c.basis)));
    bindText(q, 20, std::string(text::trim(c.citation.publisher)));
    bindText(q, 21, std::string(text::trim(c.citation.title)));
    bindText(q, 22, c.citation.date);
    bindText(q, 23, std::string(text::trim(c.citation.url)));
}

void bindConsultation(SQLite::Statement& q, const Consultation& c)
{
    if (text::trim(c.title).empty())
        throw DataError("a consultation needs a title");
    bindText(q, 1, c.uuid);
    bindText(q, 2, c.code);
    bindText(q, 3, c.title);
    bindText(q, 4, c.publisher);
    bindText(q, 5, c.opens);
    bindText(q, 6, c.closes);
    bindText(q, 7, c.url);
}
void bindQuestion(SQLite::Statement& q, const Question& x)
{
    if (text::trim(x.number).empty())
        throw DataError("a question needs a number, e.g. 7a");
    bindText(q, 1, x.uuid);
    q.bind(2, x.consultationId);
    bindText(q, 3, std::string(text::trim(x.number)));
    q.bind(4, x.position);
    bindText(q, 5, x.text);
    q.bind(6, std::string(answerTypeCode(x.answerType)));
    bindText(q, 7, text::join(x.choices, ";"));
    for (auto [column, limit] : {std::pair{8, x.wordLimit}, {9, x.formCharLimit}}) {
        if (limit && *limit <= 0)
            throw DataError("question " + x.number + ": a limit must be a positive number");
        if (limit)
            q.bind(column, *limit);
        else
            q.bind(column);
    }
    q.bind(10, x.required ? 1 : 0);
}

void bindSubmission(SQLite::Statement& q, const Submission& s)
{
    if (text::trim(s.title).empty())
        throw DataError("a submission needs a title");
    bindText(q, 1, s.uuid);
    q.bind(2, s.consultationId);
    bindText(q, 3, s.title);
    bindText(q, 4, s.organisation);
    bindText(q, 5, s.contactRole);
    bindText(q, 6, s.contactEmail);
    bindText(q, 7, s.asAt);
    bindText(q, 8, s.summary);
    bindText(q, 9, s.caveats);
    if (!std::isfinite(s.coverageThreshold) || s.coverageThreshold < 0 || s.coverageThreshold > 1)
        throw DataError("the coverage threshold must be a share from 0 to 1 (0.5 for half of the areas in scope)");
    q.bind(10, s.coverageThreshold);
}

} // namespace evidence::db
