#include "app/anonymisation.h"

#include "app/document_text.h"
#include "app/workbook_text.h"
#include "core/background.h"
#include "core/errors.h"
#include "core/text.h"
#include "core/trends/methodology.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

namespace evidence::app {
namespace {

/// "2019-04-08", "8 April 2019", "8 Apr 2019" or "08/04/2019" as year * 10000 + month * 100 + day; 0 if none.
int dateKey(std::string_view s)
{
    static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    const std::string t = text::toLowerAscii(text::trim(s));
    int y = 0, m = 0, d = 0;
    char monthName[16] = {};
    if (std::sscanf(t.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 ||
        std::sscanf(t.c_str(), "%2d/%2d/%4d", &d, &m, &y) == 3)
        return y * 10000 + m * 100 + d;
    if (std::sscanf(t.c_str(), "%2d %15s %4d", &d, monthName, &y) == 3)
        for (int i = 0; i < 12; ++i)
            if (std::string_view(monthName).substr(0, 3) == months[i])
                return y * 10000 + (i + 1) * 100 + d;
    return 0;
}

/// The texts of one scan: gathered first, which reads the store, then scanned on every core (the
/// scanner reads nothing but its text). Findings come back in the order the texts were added.
class ScanBatch
{
public:
    /// Adds one text; its findings are split into open and acknowledged by @p acks.
    void add(const std::vector<FindingAcknowledgement>& acks, FieldFindings where, const std::string& value,
             const anon::ScanContext& ctx, bool keepEmpty)
    {
        if (value.empty() && !keepEmpty)
            return;
        Job job{{}, std::move(where), value, ctx, keepEmpty};
        for (const auto& a : acks)
            if (a.field == anon::fieldCode(job.where.field))
                job.fingerprints.insert(a.fingerprint);
        m_jobs.push_back(std::move(job));
    }

    std::vector<FieldFindings> run()
    {
        std::vector<std::optional<FieldFindings>> results(m_jobs.size());
        parallelFor(m_jobs.size(), [&](std::size_t i) {
            Job& job = m_jobs[i];
            for (auto& f : anon::scanText(job.value, job.ctx)) {
                if (f.severity == anon::Severity::Warn && job.fingerprints.count(f.fingerprint()))
                    job.where.acknowledged.push_back(std::move(f));
                else
                    job.where.open.push_back(std::move(f));
            }
            if (job.keepEmpty || !job.where.open.empty() || !job.where.acknowledged.empty())
                results[i] = std::move(job.where);
        });
        m_jobs.clear();
        std::vector<FieldFindings> out;
        for (auto& r : results)
            if (r)
                out.push_back(std::move(*r));
        return out;
    }

private:
    struct Job
    {
        std::set<std::string> fingerprints;
        FieldFindings where;
        std::string value;
        anon::ScanContext ctx;
        bool keepEmpty;
    };
    std::vector<Job> m_jobs;
};

FieldFindings fieldOf(const std::string& table, const std::string& uuid, RowId id, std::string label, anon::Field field,
                      std::string fieldLabel)
{
    FieldFindings f;
    f.recordTable = table;
    f.recordUuid = uuid;
    f.recordId = id;
    f.recordLabel = std::move(label);
    f.field = field;
    f.fieldLabel = std::move(fieldLabel);
    return f;
}

void scanCaseStudyInto(ScanBatch& out, const std::vector<FindingAcknowledgement>& acks, const CaseStudy& c,
                       bool keepEmpty)
{
    const std::string label = "Case study " + c.reference;
    struct Part
    {
        anon::Field field;
        const char* name;
        const std::string* value;
    };
    for (const Part& p : {Part{anon::Field::CaseStudyTitle, "title", &c.title},
                          Part{anon::Field::CaseStudyNarrative, "narrative", &c.narrative},
                          Part{anon::Field::CaseStudyOutcome, "outcome", &c.outcome}}) {
        anon::ScanContext ctx;
        ctx.field = p.field;
        out.add(acks, fieldOf("case_studies", c.uuid, c.id, label, p.field, p.name), *p.value, ctx, keepEmpty);
    }
    // The short fields are free text too: a name typed as the role that recorded consent is exported
    // like the narrative.
    const std::string harmTypes = text::join(c.harmTypes, "; "), platformTypes = text::join(c.platformTypes, "; ");
    for (const Part& p :
         {Part{anon::Field::Other, "gender", &c.gender}, Part{anon::Field::Other, "age band", &c.ageBand},
          Part{anon::Field::Other, "harm types", &harmTypes},
          Part{anon::Field::Other, "platform types", &platformTypes},
          Part{anon::Field::Other, "consent recorded by", &c.consentRecordedBy},
          Part{anon::Field::Other, "reviewed by", &c.reviewedBy}}) {
        anon::ScanContext ctx;
        out.add(acks, fieldOf("case_studies", c.uuid, c.id, label, p.field, p.name), *p.value, ctx, false);
    }
}

void scanSubmissionInto(ScanBatch& out, const db::Store& store, const Submission& s)
{
    const auto acks = store.acknowledgements(s.uuid);
    const std::string label = "Submission '" + s.title + "'";
    auto scan = [&](anon::Field field, const char* name, const std::string& value) {
        anon::ScanContext ctx;
        ctx.field = field;
        out.add(acks, fieldOf("submissions", s.uuid, s.id, label, field, name), value, ctx, false);
    };
    scan(anon::Field::SubmissionTitle, "title", s.title);
    scan(anon::Field::SubmissionSummary, "summary", s.summary);
    scan(anon::Field::SubmissionCaveats, "caveats", s.caveats);
    scan(anon::Field::Other, "organisation", s.organisation);
    const std::string contact = s.contactRole + (s.contactEmail.empty() ? "" : "\n" + s.contactEmail);
    out.add(acks, fieldOf("submissions", s.uuid, s.id, label, anon::Field::SubmissionContact, "contact"), contact,
            contactContext(s), false);
    for (const auto& a : store.answers(s.id)) {
        const auto q = store.question(a.questionId);
        anon::ScanContext ctx;
        ctx.field = anon::Field::AnswerText;
        out.add(store.acknowledgements(a.uuid),
                fieldOf("answers", a.uuid, a.id, "Answer to question " + (q ? q->number : "?"), anon::Field::AnswerText,
                        "answer"),
                a.text, ctx, false);
    }
    for (const auto& p : store.additionalPoints(s.id)) {
        anon::ScanContext ctx;
        ctx.field = anon::Field::AnswerText;
        out.add(store.acknowledgements(p.uuid),
                fieldOf("submission_points", p.uuid, p.id, "Additional point " + std::to_string(p.position),
                        anon::Field::AnswerText, "point"),
                p.text, ctx, false);
    }
}

void scanSourceInto(ScanBatch& out, const db::Store& store, const Source& src)
{
    anon::ScanContext ctx;
    const auto acks = store.acknowledgements(src.uuid);
    const std::string label = "Source '" + src.title + "'";
    out.add(acks, fieldOf("sources", src.uuid, src.id, label, anon::Field::Other, "quality notes"), src.qualityNotes,
            ctx, false);
    out.add(acks, fieldOf("sources", src.uuid, src.id, label, anon::Field::Other, "method"), src.method, ctx, false);
}

// The notes of the figures of @p measureIds, and the sources those figures cite.
void scanFigureNotesInto(ScanBatch& out, const db::Store& store, const std::vector<RowId>& measureIds, bool withSources)
{
    std::set<RowId> sources;
    for (RowId m : measureIds) {
        if (withSources)
            for (RowId id : store.observationSourceIds(m))
                sources.insert(id);
        for (const auto& o : store.observationsWithNotes(m)) {
            const auto area = store.area(o.areaId);
            anon::ScanContext ctx;
            out.add(store.acknowledgements(o.uuid),
                    fieldOf("observations", o.uuid, o.id,
                            "Figure for " + (area ? area->name : "?") + ", " + o.period.toString(), anon::Field::Other,
                            "note"),
                    o.note, ctx, false);
        }
    }
    if (withSources)
        for (RowId id : sources)
            if (const auto src = store.source(id))
                scanSourceInto(out, store, *src);
}

/// How a generic free-text column is labelled and limited to what a submission exports (?1).
struct ColumnScope
{
    std::string_view table;
    std::string_view label;    ///< SQL giving the record's label
    std::string_view exported; ///< SQL condition: the record is exported by submission ?1
};

constexpr std::string_view kSelectedMeasures = "SELECT measure_id FROM submission_measures WHERE submission_id = ?1";

const ColumnScope* scopeOf(std::string_view table)
{
    static const std::string measures(kSelectedMeasures);
    static const std::string sourcesOf =
        "id IN (SELECT DISTINCT source_id FROM observations WHERE measure_id IN (" + measures + "))";
    static const std::string measureIds = "id IN (" + measures + ")";
    static const std::string observationIds = "measure_id IN (" + measures + ")";
    static const ColumnScope kScopes[] = {
        {"case_studies", "'Case study ' || reference",
         "id IN (SELECT case_study_id FROM submission_case_studies WHERE submission_id = ?1)"},
        {"submissions", "'Submission ' || id", "id = ?1"},
        {"answers", "'Answer to question ' || coalesce((SELECT number FROM questions q WHERE q.id = question_id), '?')",
         "submission_id = ?1"},
        {"sources", "'Source ' || id", sourcesOf},
        {"measures", "'Measure ' || id", measureIds},
        {"observations", "'Figures of measure ' || measure_id", observationIds},
        {"finding_acknowledgements", "'Acknowledgement of a finding in ' || record_table",
         "record_uuid IN (SELECT uuid FROM case_studies WHERE id IN (SELECT case_study_id FROM "
         "submission_case_studies WHERE submission_id = ?1) UNION SELECT uuid FROM submissions WHERE id = ?1 "
         "UNION SELECT uuid FROM answers WHERE submission_id = ?1 UNION SELECT uuid FROM submission_points WHERE "
         "submission_id = ?1)"},
        {"submission_points", "'Additional point ' || position", "submission_id = ?1"},
        // The wording of each question the submission answers goes out with the answer.
        {"questions", "'Question ' || number", "id IN (SELECT question_id FROM answers WHERE submission_id = ?1)"},
    };
    for (const auto& s : kScopes)
        if (s.table == table)
            return &s;
    return nullptr;
}

/// The free-text columns the typed scans above read, each with the scanner field that fits it.
bool scannedByName(std::string_view table, std::string_view column)
{
    static const std::set<std::pair<std::string_view, std::string_view>> kTyped = {
        {"case_studies", "title"},          {"case_studies", "narrative"},
        {"case_studies", "outcome"},        {"case_studies", "gender"},
        {"case_studies", "age_band"},       {"case_studies", "harm_types"},
        {"case_studies", "platform_types"}, {"case_studies", "consent_recorded_by"},
        {"case_studies", "reviewed_by"},    {"submissions", "title"},
        {"submissions", "summary"},         {"submissions", "caveats"},
        {"submissions", "organisation"},    {"submissions", "contact_role"},
        {"submissions", "contact_email"},   {"answers", "text"},
        {"submission_points", "text"},      {"observations", "note"},
        {"sources", "quality_notes"},       {"sources", "method"},
    };
    return kTyped.count({table, column}) != 0;
}

/// The free-text columns of the figures that no typed scan reads (breakdown labels, FOI rounds). They repeat
/// on every figure, so each distinct value of a measure is scanned once, as the measure's; all of them are
/// read in one pass over the figures, which at a million figures costs what one column read alone did.
void scanFigureColumnsInto(ScanBatch& out, const db::Store& store, const std::vector<std::string_view>& columns,
                           std::optional<RowId> submissionId)
{
    if (columns.empty())
        return;
    std::string sql = "SELECT DISTINCT measure_id";
    for (const auto column : columns)
        sql += ", \"" + std::string(column) + "\"";
    sql += " FROM observations";
    if (submissionId)
        sql += " WHERE " + std::string(scopeOf("observations")->exported);
    SQLite::Statement q(store.database(), sql);
    if (submissionId)
        q.bind(1, static_cast<std::int64_t>(*submissionId));
    // Per column, in the order of measure then value, as SQLite's DISTINCT on that column alone gave them.
    std::vector<std::set<std::pair<std::int64_t, std::string>>> values(columns.size());
    while (q.executeStep())
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (std::string v = q.getColumn(static_cast<int>(i + 1)).getString(); !v.empty())
                values[i].emplace(q.getColumn(0).getInt64(), std::move(v));
    SQLite::Statement measureUuid(store.database(), "SELECT uuid FROM measures WHERE id = ?");
    std::map<std::int64_t, std::string> uuids;
    auto uuidOf = [&](std::int64_t measureId) -> const std::string& {
        auto it = uuids.find(measureId);
        if (it == uuids.end()) {
            measureUuid.bind(1, measureId);
            it = uuids.emplace(measureId, measureUuid.executeStep() ? measureUuid.getColumn(0).getString() : "").first;
            measureUuid.reset();
        }
        return it->second;
    };
    for (std::size_t i = 0; i < columns.size(); ++i) {
        std::string fieldLabel(columns[i]);
        std::replace(fieldLabel.begin(), fieldLabel.end(), '_', ' ');
        for (const auto& [measureId, value] : values[i]) {
            const std::string& uuid = uuidOf(measureId);
            anon::ScanContext ctx;
            out.add(store.acknowledgements(uuid),
                    fieldOf("observations", uuid, measureId, "Figures of measure " + std::to_string(measureId),
                            anon::Field::Other, fieldLabel),
                    value, ctx, false);
        }
    }
}

/// Every other free-text column (db::textColumns()), read generically: a column added to the schema
/// is scanned once it is classified as free text, which a test makes sure of.
void scanOtherColumnsInto(ScanBatch& out, const db::Store& store, std::optional<RowId> submissionId)
{
    std::vector<std::string_view> figureColumns;
    for (const auto& col : db::textColumns()) {
        if (col.kind != db::TextKind::FreeText || scannedByName(col.table, col.column))
            continue;
        const ColumnScope* scope = scopeOf(col.table);
        if (!scope)
            throw Error("internal error: the guard does not know how to scan " + std::string(col.table));
        if (col.table == "observations") {
            figureColumns.push_back(col.column);
            continue;
        }
        const std::string column = "\"" + std::string(col.column) + "\"";
        const std::string sql = "SELECT uuid, id, " + std::string(scope->label) + ", " + column + " FROM \"" +
                                std::string(col.table) + "\" WHERE " + column + " <> ''" +
                                (submissionId ? " AND " + std::string(scope->exported) : std::string());
        SQLite::Statement q(store.database(), sql);
        if (submissionId)
            q.bind(1, static_cast<std::int64_t>(*submissionId));
        std::string fieldLabel(col.column);
        std::replace(fieldLabel.begin(), fieldLabel.end(), '_', ' ');
        while (q.executeStep()) {
            const std::string uuid = q.getColumn(0).getString();
            anon::ScanContext ctx;
            out.add(store.acknowledgements(uuid),
                    fieldOf(std::string(col.table), uuid, q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                            anon::Field::Other, fieldLabel),
                    q.getColumn(3).getString(), ctx, false);
        }
    }
    scanFigureColumnsInto(out, store, figureColumns, submissionId);
}

/// Whether @p needle occurs in @p haystack as whole words, ignoring ASCII case.
bool containsWords(std::string_view haystack, std::string_view needle)
{
    const std::string h = text::toLowerAscii(haystack), n = text::toLowerAscii(text::trim(needle));
    if (n.empty())
        return false;
    auto word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
    for (auto pos = h.find(n); pos != std::string::npos; pos = h.find(n, pos + 1)) {
        const bool startOk = pos == 0 || !word(static_cast<unsigned char>(h[pos - 1]));
        const bool endOk = pos + n.size() == h.size() || !word(static_cast<unsigned char>(h[pos + n.size()]));
        if (startOk && endOk)
            return true;
    }
    return false;
}

/// Whether bytes [begin, end) of @p text lie inside an occurrence of one of @p names (lower case),
/// the occurrence being whole words: "Kent" in "Kent Police" is the area, "Ken" is not.
bool insideReferenceName(std::string_view text, std::size_t begin, std::size_t end,
                         const std::vector<std::string>& names)
{
    const std::string lower = text::toLowerAscii(text);
    auto word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
    for (const auto& name : names) {
        if (name.empty())
            continue;
        for (auto pos = lower.find(name); pos != std::string::npos; pos = lower.find(name, pos + 1)) {
            const std::size_t stop = pos + name.size();
            if (pos > begin || stop < end)
                continue;
            if ((pos == 0 || !word(static_cast<unsigned char>(lower[pos - 1]))) &&
                (stop == lower.size() || !word(static_cast<unsigned char>(lower[stop]))))
                return true;
        }
    }
    return false;
}

} // namespace

std::string maskText(std::string_view value)
{
    const std::size_t n = text::codePointCount(value);
    if (n == 0)
        return "(empty)";
    std::size_t first = 1;
    while (first < value.size() && (static_cast<unsigned char>(value[first]) & 0xC0) == 0x80)
        ++first;
    return std::string(value.substr(0, first)) + "\u2026 (" + std::to_string(n) +
           (n == 1 ? " character)" : " characters)");
}

std::string describeFinding(const anon::Finding& f)
{
    return std::string(anon::severityName(f.severity)) + " " + std::string(anon::kindName(f.kind)) + " at characters " +
           std::to_string(f.charBegin + 1) + "-" + std::to_string(f.charEnd) + " ('" + maskText(f.matched) + "')";
}

std::size_t FieldFindings::blocking() const
{
    return static_cast<std::size_t>(std::count_if(
        open.begin(), open.end(), [](const anon::Finding& f) { return f.severity == anon::Severity::Block; }));
}

anon::ScanContext contactContext(const Submission& submission)
{
    anon::ScanContext ctx;
    ctx.field = anon::Field::SubmissionContact;
    if (!submission.contactEmail.empty())
        ctx.allowedContacts.push_back(submission.contactEmail);
    return ctx;
}

std::vector<FieldFindings> scanCaseStudy(const db::Store& store, const CaseStudy& caseStudy)
{
    ScanBatch batch;
    scanCaseStudyInto(batch, store.acknowledgements(caseStudy.uuid), caseStudy, true);
    return batch.run();
}

std::vector<FieldFindings> scanCaseStudy(const CaseStudy& caseStudy, const std::vector<FindingAcknowledgement>& acks)
{
    ScanBatch batch;
    scanCaseStudyInto(batch, acks, caseStudy, true);
    return batch.run();
}

std::vector<FieldFindings> scanStore(const db::Store& store, std::optional<RowId> submissionId)
{
    ScanBatch out;
    if (submissionId) {
        const auto sub = store.submission(*submissionId);
        if (!sub)
            throw NotFoundError("there is no submission " + std::to_string(*submissionId));
        scanSubmissionInto(out, store, *sub);
        for (const auto& c : store.selectedCaseStudyRecords(sub->id))
            scanCaseStudyInto(out, store.acknowledgements(c.uuid), c, false);
        scanFigureNotesInto(out, store, store.selectedMeasures(sub->id), true);
        scanOtherColumnsInto(out, store, submissionId);
        return out.run();
    }
    for (const auto& s : store.submissions())
        scanSubmissionInto(out, store, s);
    for (const auto& c : store.caseStudies())
        scanCaseStudyInto(out, store.acknowledgements(c.uuid), c, false);
    std::vector<RowId> measures;
    for (const auto& m : store.measures())
        measures.push_back(m.id);
    scanFigureNotesInto(out, store, measures, false);
    for (const auto& src : store.sources())
        scanSourceInto(out, store, src);
    scanOtherColumnsInto(out, store, std::nullopt);
    return out.run();
}

ReviewCheck checkReview(const db::Store& store, RowId caseStudyId)
{
    const auto c = store.caseStudy(caseStudyId);
    if (!c)
        throw NotFoundError("case study " + std::to_string(caseStudyId) + " does not exist");
    ReviewCheck check;
    for (const auto& field : scanCaseStudy(store, *c)) {
        for (const auto& f : field.open) {
            if (f.severity == anon::Severity::Block)
                ++check.blocking;
            else
                ++check.unacknowledgedWarnings;
            check.reasons.push_back(c->reference + " " + field.fieldLabel + ": " + describeFinding(f) + ": " +
                                    (f.severity == anon::Severity::Block ? "change the text (" + f.suggestion + ")"
                                                                         : "fix it, or acknowledge it with a reason"));
        }
    }
    check.allowed = check.blocking == 0 && check.unacknowledgedWarnings == 0;
    return check;
}

namespace {

/// Refuses a role that the scanner finds anything in: roles are exported, and a name is not a role.
void checkRole(const std::string& role, const std::string& what)
{
    const auto findings = anon::scanText(role, anon::ScanContext{});
    if (!findings.empty())
        throw DataError(what + " must be a role such as Policy officer, not a person: the guard finds " +
                        describeFinding(findings.front()) + " in it");
}

} // namespace

void markReviewed(db::Store& store, RowId caseStudyId, const std::string& role, const std::string& on)
{
    checkRole(role, "the reviewer");
    db::Store::Transaction tx(store);
    const auto check = checkReview(store, caseStudyId);
    if (!check.allowed) {
        std::vector<std::string> problems = {"the case study cannot be marked reviewed yet:"};
        problems.insert(problems.end(), check.reasons.begin(), check.reasons.end());
        throw DataError(std::move(problems));
    }
    store.setReviewState(caseStudyId, ReviewState::Reviewed, role, on);
    tx.commit();
}

void acknowledgeFinding(db::Store& store, const FieldFindings& where, const anon::Finding& finding,
                        const std::string& reason, const std::string& role)
{
    if (finding.severity == anon::Severity::Block)
        throw DataError(describeFinding(finding) + " identifies someone and cannot be acknowledged: change the text (" +
                        finding.suggestion + ")");
    checkRole(role, "who acknowledges a finding");
    for (const auto& f : anon::scanText(reason, anon::ScanContext{}))
        if (f.severity == anon::Severity::Block)
            throw DataError("the reason for an acknowledgement must not identify anyone: the guard finds " +
                            describeFinding(f) + " in it");
    FindingAcknowledgement a;
    a.recordTable = where.recordTable;
    a.recordUuid = where.recordUuid;
    a.field = std::string(anon::fieldCode(where.field));
    a.kind = std::string(anon::kindCode(finding.kind));
    a.matchedText = finding.matched;
    a.fingerprint = finding.fingerprint();
    a.reason = reason;
    a.acknowledgedBy = role;
    store.acknowledge(a);
}

std::vector<std::string> exportBlockers(const db::Store& store, RowId submissionId, bool allowUnreviewed)
{
    std::vector<std::string> reasons;
    for (RowId id : store.selectedCaseStudies(submissionId)) {
        const auto c = store.caseStudy(id);
        if (c->review != ReviewState::Reviewed && !allowUnreviewed)
            reasons.push_back("Case study " + c->reference +
                              " is a draft: review it (or export with --allow-unreviewed if it has no BLOCK finding)");
    }
    for (const auto& field : scanStore(store, submissionId))
        for (const auto& f : field.open)
            if (f.severity == anon::Severity::Block)
                reasons.push_back(field.recordLabel + ", " + field.fieldLabel + ": " + describeFinding(f) +
                                  " must be changed before export (" + f.suggestion + ")");
    return reasons;
}

PostWriteScan prepareWorkbookRescan(const db::Store& store, RowId submissionId, bool acceptDraftWarnings,
                                    std::optional<std::vector<FieldFindings>> storeFindings,
                                    std::vector<std::string> expectedTexts)
{
    auto sub = store.submission(submissionId);
    if (!sub)
        throw NotFoundError("there is no submission " + std::to_string(submissionId));
    // A workbook cell does not say which record it came from, so an acknowledged WARN passes when its
    // kind and text match an acknowledgement of any record this submission exports.
    std::set<std::string> acknowledged;
    auto addAcks = [&](const std::string& uuid) {
        for (const auto& a : store.acknowledgements(uuid))
            acknowledged.insert(a.kind + "|" +
                                anon::normaliseForFingerprint(anon::parseKindCode(a.kind), a.matchedText));
    };
    const std::vector<CaseStudy> caseStudies = store.selectedCaseStudyRecords(sub->id);
    addAcks(sub->uuid);
    for (const auto& a : store.answers(sub->id))
        addAcks(a.uuid);
    for (const auto& p : store.additionalPoints(sub->id))
        addAcks(p.uuid);
    for (const auto& c : caseStudies)
        addAcks(c.uuid);
    for (RowId m : store.selectedMeasures(sub->id)) {
        for (const auto& o : store.observationsWithNotes(m))
            addAcks(o.uuid);
        for (RowId id : store.observationSourceIds(m))
            if (const auto src = store.source(id))
                addAcks(src->uuid);
    }
    if (acceptDraftWarnings)
        for (const auto& c : caseStudies) {
            if (c.review == ReviewState::Reviewed)
                continue;
            for (const auto& field : scanCaseStudy(store, c))
                for (const auto& f : field.open)
                    if (f.severity == anon::Severity::Warn)
                        acknowledged.insert(std::string(anon::kindCode(f.kind)) + "|" +
                                            anon::normaliseForFingerprint(f.kind, f.matched));
        }
    // Reference facts the workbook must show: area names and the dates typed into date fields. The names of
    // the selected measures too: the workbook's own words around them ("change in Measure 0") can make a
    // finding of a name the store's scan found clean, and whatever that scan did find in one is looked for
    // again below (openDetails), excused or not.
    std::vector<std::string> referenceNames;
    for (const auto& a : store.areas())
        referenceNames.push_back(text::toLowerAscii(a.name));
    for (RowId m : store.selectedMeasures(sub->id))
        if (const auto measure = store.measure(m))
            referenceNames.push_back(text::toLowerAscii(measure->name));
    std::vector<std::string> enteredDates = {sub->asAt};
    if (const auto c = store.consultation(sub->consultationId)) {
        enteredDates.push_back(c->opens);
        enteredDates.push_back(c->closes);
    }
    for (const auto& src : store.sources()) {
        enteredDates.push_back(src.datePublished);
        enteredDates.push_back(src.dateRetrieved);
    }
    for (const auto& c : caseStudies) {
        enteredDates.push_back(c.consentDate);
        enteredDates.push_back(c.reviewedAt);
        enteredDates.push_back(c.citation.date);
    }
    // What the scan of the store finds open: looked for again in the file, in any case.
    std::vector<std::pair<std::string, std::string>> openDetails; // (description, matched text)
    const std::vector<FieldFindings> fields =
        storeFindings ? std::move(*storeFindings) : scanStore(store, submissionId);
    for (const auto& field : fields)
        for (const auto& f : field.open) {
            const std::string key =
                std::string(anon::kindCode(f.kind)) + "|" + anon::normaliseForFingerprint(f.kind, f.matched);
            if (f.severity == anon::Severity::Warn && acknowledged.count(key))
                continue;
            openDetails.emplace_back(field.recordLabel + ", " + field.fieldLabel + ": " + describeFinding(f),
                                     f.matched);
        }
    std::set<int> enteredDateKeys;
    for (const auto& d : enteredDates)
        if (const int k = dateKey(d.substr(0, 10)))
            enteredDateKeys.insert(k);
    // What the scan needs, read now; the scan itself reads only the written file.
    struct Facts
    {
        Submission sub;
        std::vector<std::string> ownIdentifiers; ///< the store's and the submission's random ids, lower case
        std::set<std::string> acknowledged;
        std::vector<std::string> referenceNames;
        std::set<int> enteredDateKeys;
        std::vector<std::pair<std::string, std::string>> openDetails;
        std::unordered_map<std::string, std::vector<anon::Finding>> scanned; ///< findings of expected texts
    };
    std::vector<std::string> ownIdentifiers = {text::toLowerAscii(store.storeId()), text::toLowerAscii(sub->uuid)};
    auto facts = std::make_shared<Facts>(Facts{std::move(*sub),
                                               std::move(ownIdentifiers),
                                               std::move(acknowledged),
                                               std::move(referenceNames),
                                               std::move(enteredDateKeys),
                                               std::move(openDetails),
                                               {}});
    // How the scan reads a text of the file: the submission's own organisational address is allowed where
    // the file shows the contact.
    auto contextFor = [facts, contact = contactContext(facts->sub)](std::string_view text) {
        anon::ScanContext ctx;
        ctx.allowedContacts = contact.allowedContacts;
        const std::string& email = facts->sub.contactEmail;
        ctx.field = !email.empty() && text.find(email) != std::string_view::npos ? anon::Field::SubmissionContact
                                                                                 : anon::Field::Other;
        return ctx;
    };
    // The findings depend on nothing but the text and its context: a text of the file equal to one scanned
    // ahead of it (here, or as the file is written) is not scanned again.
    auto scanAhead = [facts, contextFor](std::string text) {
        if (!facts->scanned.count(text)) {
            auto findings = anon::scanText(text, contextFor(text));
            facts->scanned.emplace(std::move(text), std::move(findings));
        }
    };
    for (auto& text : expectedTexts)
        scanAhead(std::move(text));
    auto expect = [scanAhead](const std::vector<WorkbookText>& texts) {
        for (const auto& t : texts)
            scanAhead(t.text);
    };
    auto scan = [facts, contextFor](const std::filesystem::path& workbook, WorkbookPrereading* prereading) {
        const std::string_view methodology = methodologyText();
        auto isReferenceFact = [&](const anon::Finding& f, std::string_view cell) {
            const std::string m = text::toLowerAscii(text::trim(f.matched));
            if (m.empty())
                return false;
            // The tool's own methodology text (e.g. "1 April", the start of the police year) is about no one.
            if (methodology.find(f.matched) != std::string_view::npos)
                return true;
            if (f.kind == anon::FindingKind::Date)
                return facts->enteredDateKeys.count(dateKey(f.matched)) != 0;
            // Only where the cell names the area itself: a first name inside an area's name ("Ken" in
            // "Kent") is still a name wherever else it stands.
            if (f.kind == anon::FindingKind::Place || f.kind == anon::FindingKind::PersonName ||
                f.kind == anon::FindingKind::StreetAddress)
                return insideReferenceName(cell, f.byteBegin, f.byteEnd, facts->referenceNames);
            return false;
        };
        // A cell's context can carry an acknowledged detail on into the next word ("Bournemouth" acknowledged
        // in a newspaper's name is matched as "Bournemouth Echo" where the cell reads "by the Bournemouth
        // Echo"): a finding that holds an acknowledged text of its kind as whole words is that detail.
        auto holdsAcknowledged = [&](const anon::Finding& f) {
            const std::string kind = std::string(anon::kindCode(f.kind)) + "|";
            const std::string m = anon::normaliseForFingerprint(f.kind, f.matched);
            for (auto it = facts->acknowledged.lower_bound(kind);
                 it != facts->acknowledged.end() && it->compare(0, kind.size(), kind) == 0; ++it)
                if (containsWords(m, std::string_view(*it).substr(kind.size())))
                    return true;
            return false;
        };
        const std::string written = "the written " + std::string(submissionFileNoun(workbook)) + " holds ";
        auto check = [&](const WorkbookText& t, std::vector<std::string>& found) {
            const auto known = facts->scanned.find(t.text);
            std::vector<anon::Finding> fresh;
            if (known == facts->scanned.end())
                fresh = anon::scanText(t.text, contextFor(t.text));
            const std::vector<anon::Finding>& findings = known != facts->scanned.end() ? known->second : fresh;
            std::vector<std::string> reported;
            for (const auto& f : findings) {
                // The workbook names the store and the submission by their random ids, whose digit groups
                // can pass for a card or a phone number: they are about no one, whatever a rule reads in them.
                if (insideReferenceName(t.text, f.byteBegin, f.byteEnd, facts->ownIdentifiers))
                    continue;
                // A table's name cannot hold a space, so the workbook joins its words with '_'
                // ("Table_1_Figures_by_area"; an .ods lists such names as "name"): that shape is a user
                // name's only in what people wrote.
                if ((t.where == "table name" || t.where == "name") && f.rule == "handle.underscore")
                    continue;
                const std::string key =
                    std::string(anon::kindCode(f.kind)) + "|" + anon::normaliseForFingerprint(f.kind, f.matched);
                if (f.severity == anon::Severity::Warn &&
                    (facts->acknowledged.count(key) || holdsAcknowledged(f) || isReferenceFact(f, t.text)))
                    continue;
                reported.push_back(text::toLowerAscii(f.matched));
                found.push_back(written + describeFinding(f) + " in a " + t.where + " (" + t.part + ")");
            }
            for (const auto& [description, matched] : facts->openDetails) {
                if (!containsWords(t.text, matched) ||
                    std::find(reported.begin(), reported.end(), text::toLowerAscii(matched)) != reported.end())
                    continue;
                found.push_back(written + "what the store's scan found (" + description + ") in a " + t.where + " (" +
                                t.part + ")");
            }
        };
        // Each member is checked as soon as it is read, while the largest (a worksheet of numbers, which
        // holds no text) may still be being read. A member of many texts (the shared strings, a document's
        // body) is checked on every core. The same scan reads a response document or an .ods.
        InOrder<std::string> problems; // per member, so that the order is the file's
        forEachSubmissionFileMember(
            workbook,
            [&](std::size_t member, std::vector<WorkbookText>&& texts) {
                InOrder<std::string> found; // per text
                auto checkText = [&](std::size_t i) {
                    std::vector<std::string> mine;
                    check(texts[i], mine);
                    found.put(i, std::move(mine));
                };
                if (texts.size() >= 256)
                    parallelFor(texts.size(), checkText);
                else
                    for (std::size_t i = 0; i < texts.size(); ++i)
                        checkText(i);
                problems.put(member, found.join());
            },
            prereading);
        return problems.join();
    };
    return PostWriteScan(std::move(scan), std::move(expect));
}

std::vector<std::string> rescanWorkbook(const db::Store& store, RowId submissionId,
                                        const std::filesystem::path& workbook, bool acceptDraftWarnings)
{
    return prepareWorkbookRescan(store, submissionId, acceptDraftWarnings)(workbook, nullptr);
}

} // namespace evidence::app
