#include "app/anonymisation.h"

#include "app/workbook_text.h"
#include "core/errors.h"
#include "core/parallel.h"
#include "core/text.h"
#include "core/trends/methodology.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>

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

std::string describeFinding(const anon::Finding& f)
{
    return std::string(anon::severityName(f.severity)) + " " + std::string(anon::kindName(f.kind)) + " '" +
           text::quoteForMessage(f.matched) + "'";
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

void scanCaseStudyInto(ScanBatch& out, const db::Store& store, const CaseStudy& c, bool keepEmpty)
{
    const auto acks = store.acknowledgements(c.uuid);
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

/// True when @p needle occurs in @p haystack as whole words: "somerset" in "avon and somerset", but not
/// "ken" in "kent" or "nottingham" in "nottinghamshire" (a name or a city inside an area's name is no area).
bool containsWholeWords(std::string_view haystack, std::string_view needle)
{
    const auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos; pos = haystack.find(needle, pos + 1)) {
        const std::size_t end = pos + needle.size();
        if ((pos == 0 || !alnum(haystack[pos - 1])) && (end == haystack.size() || !alnum(haystack[end])))
            return true;
    }
    return false;
}

} // namespace

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
    scanCaseStudyInto(batch, store, caseStudy, true);
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
            scanCaseStudyInto(out, store, c, false);
        scanFigureNotesInto(out, store, store.selectedMeasures(sub->id), true);
        return out.run();
    }
    for (const auto& s : store.submissions())
        scanSubmissionInto(out, store, s);
    for (const auto& c : store.caseStudies())
        scanCaseStudyInto(out, store, c, false);
    std::vector<RowId> measures;
    for (const auto& m : store.measures())
        measures.push_back(m.id);
    scanFigureNotesInto(out, store, measures, false);
    for (const auto& src : store.sources())
        scanSourceInto(out, store, src);
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

void markReviewed(db::Store& store, RowId caseStudyId, const std::string& role)
{
    db::Store::Transaction tx(store);
    const auto check = checkReview(store, caseStudyId);
    if (!check.allowed) {
        std::vector<std::string> problems = {"the case study cannot be marked reviewed yet:"};
        problems.insert(problems.end(), check.reasons.begin(), check.reasons.end());
        throw DataError(std::move(problems));
    }
    store.setReviewState(caseStudyId, ReviewState::Reviewed, role);
    tx.commit();
}

void acknowledgeFinding(db::Store& store, const FieldFindings& where, const anon::Finding& finding,
                        const std::string& reason, const std::string& role)
{
    if (finding.severity == anon::Severity::Block)
        throw DataError(describeFinding(finding) + " identifies someone and cannot be acknowledged: change the text (" +
                        finding.suggestion + ")");
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

std::function<std::vector<std::string>(const std::filesystem::path&)>
prepareWorkbookRescan(const db::Store& store, RowId submissionId, bool acceptDraftWarnings)
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
    // Reference facts the workbook must show: area names and the dates typed into date fields.
    std::vector<std::string> areaNames;
    for (const auto& a : store.areas())
        areaNames.push_back(text::toLowerAscii(a.name));
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
    }
    std::set<int> enteredDateKeys;
    for (const auto& d : enteredDates)
        if (const int k = dateKey(d.substr(0, 10)))
            enteredDateKeys.insert(k);
    // What the scan needs, read now; the scan itself reads only the written file.
    struct Facts
    {
        Submission sub;
        std::set<std::string> acknowledged;
        std::vector<std::string> areaNames;
        std::set<int> enteredDateKeys;
    };
    auto facts = std::make_shared<Facts>(
        Facts{std::move(*sub), std::move(acknowledged), std::move(areaNames), std::move(enteredDateKeys)});
    return [facts](const std::filesystem::path& workbook) {
        const Submission& submission = facts->sub;
        const std::string_view methodology = methodologyText();
        auto isReferenceFact = [&](const anon::Finding& f) {
            const std::string m = text::toLowerAscii(text::trim(f.matched));
            if (m.empty())
                return false;
            // The tool's own methodology text (e.g. "1 April", the start of the police year) is about no one.
            if (methodology.find(f.matched) != std::string_view::npos)
                return true;
            if (f.kind == anon::FindingKind::Date)
                return facts->enteredDateKeys.count(dateKey(f.matched)) != 0;
            if (f.kind == anon::FindingKind::Place || f.kind == anon::FindingKind::PersonName ||
                f.kind == anon::FindingKind::StreetAddress)
                return std::any_of(facts->areaNames.begin(), facts->areaNames.end(),
                                   [&](const std::string& a) { return containsWholeWords(a, m); });
            return false;
        };
        const auto contact = contactContext(submission);
        const auto texts = readWorkbookText(workbook);
        std::vector<std::vector<std::string>> found(texts.size()); // per text, so the order is the file's
        parallelFor(texts.size(), [&](std::size_t i) {
            const WorkbookText& t = texts[i];
            anon::ScanContext ctx;
            ctx.allowedContacts = contact.allowedContacts;
            // The submission's own organisational address is allowed where the workbook shows the contact.
            ctx.field = t.text.find(submission.contactEmail) != std::string::npos && !submission.contactEmail.empty()
                            ? anon::Field::SubmissionContact
                            : anon::Field::Other;
            for (const auto& f : anon::scanText(t.text, ctx)) {
                const std::string key =
                    std::string(anon::kindCode(f.kind)) + "|" + anon::normaliseForFingerprint(f.kind, f.matched);
                if (f.severity == anon::Severity::Warn && (facts->acknowledged.count(key) || isReferenceFact(f)))
                    continue;
                found[i].push_back("the written workbook holds " + describeFinding(f) + " in a " + t.where + " (" +
                                   t.part + ")");
            }
        });
        std::vector<std::string> problems;
        for (auto& f : found)
            for (auto& p : f)
                problems.push_back(std::move(p));
        return problems;
    };
}

std::vector<std::string> rescanWorkbook(const db::Store& store, RowId submissionId,
                                        const std::filesystem::path& workbook, bool acceptDraftWarnings)
{
    return prepareWorkbookRescan(store, submissionId, acceptDraftWarnings)(workbook);
}

} // namespace evidence::app
