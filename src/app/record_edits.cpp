#include "app/record_edits.h"

#include "app/anonymisation.h"
#include "app/importer.h"
#include "app/lookup.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/timestamp.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <map>

namespace evidence::app {
namespace {

constexpr std::uintmax_t kMaxTextFile = 4u << 20;

std::string_view tableOf(RecordKind kind) noexcept
{
    switch (kind) {
    case RecordKind::Submission:
        return "submissions";
    case RecordKind::Source:
        return "sources";
    case RecordKind::Measure:
        return "measures";
    case RecordKind::Area:
        return "areas";
    case RecordKind::CaseStudy:
        return "case_studies";
    }
    return "";
}

bool isFreeText(RecordKind kind, std::string_view field)
{
    // A case study's region and questions are stored elsewhere but are no free text either.
    for (const auto& c : db::textColumns())
        if (c.table == tableOf(kind) && c.column == field)
            return c.kind != db::TextKind::Fixed;
    return false;
}

std::string fieldName(RecordKind kind, std::string_view field)
{
    return std::string(recordKindName(kind)) + "." + std::string(field);
}

/// A value as a message may show it: free text masked (messages end up in logs), the rest quoted.
std::string shown(RecordKind kind, std::string_view field, std::string_view value)
{
    if (isFreeText(kind, field))
        return "'" + maskText(value) + "'";
    return "'" + text::quoteForMessage(value, 60) + "'";
}

[[noreturn]] void refuse(RecordKind kind, std::string_view field, std::string_view value, std::string_view reason)
{
    throw DataError(fieldName(kind, field) + " value " + shown(kind, field, value) + ": " + std::string(reason));
}

/// The field named without its kind ("submission.organisation" is "organisation"), '-' read as '_'.
std::string bareField(RecordKind kind, std::string_view typed)
{
    std::string f(text::trim(typed));
    const std::string prefix = std::string(recordKindName(kind)) + ".";
    if (f.starts_with(prefix))
        f.erase(0, prefix.size());
    else if (kind == RecordKind::CaseStudy && f.starts_with("case_study."))
        f.erase(0, 11);
    std::replace(f.begin(), f.end(), '-', '_');
    const auto& fields = recordFields(kind);
    if (std::none_of(fields.begin(), fields.end(), [&](const FieldSpec& s) { return s.name == f; })) {
        std::string names;
        for (const auto& s : fields)
            names += (names.empty() ? "" : ", ") + std::string(s.name);
        throw DataError("'" + text::quoteForMessage(typed, 60) + "' is not a field of a " +
                        std::string(recordKindName(kind)) + ": its fields are " + names);
    }
    return f;
}

/// A store's refusal, said of the record it was about.
[[noreturn]] void rethrowAbout(const std::string& label, const DataError& e)
{
    std::vector<std::string> problems;
    for (const auto& p : e.problems())
        problems.push_back(label + ": " + p);
    throw DataError(problems);
}

bool isUtcTime(std::string_view s)
{
    if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
        !isCalendarDate(s.substr(0, 10)))
        return false;
    auto two = [&](std::size_t at, int max) {
        if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
            return false;
        return (s[at] - '0') * 10 + (s[at + 1] - '0') <= max;
    };
    return two(11, 23) && two(14, 59) && two(17, 59);
}

void applyField(Submission& s, const std::string& f, const std::string& v, const Submission& before)
{
    const RecordKind k = RecordKind::Submission;
    if (f == "title")
        s.title = v;
    else if (f == "organisation")
        s.organisation = v;
    else if (f == "contact_role")
        s.contactRole = v;
    else if (f == "contact_email")
        s.contactEmail = std::string(text::trim(v));
    else if (f == "summary")
        s.summary = v;
    else if (f == "caveats")
        s.caveats = v;
    else if (f == "as_at") {
        const std::string t(text::trim(v));
        // A day, as the Submission view takes it, keeps the time already held for that day.
        if (t.empty() || isUtcTime(t))
            s.asAt = t;
        else if (isCalendarDate(t))
            s.asAt = before.asAt.substr(0, 10) == t ? before.asAt : t + "T00:00:00Z";
        else
            refuse(k, f, v, "is not a date written 2019-06-28 or a UTC time written 2019-06-28T09:00:00Z");
    } else if (f == "coverage_threshold") {
        const auto share = parsePercent(v);
        if (!share)
            refuse(k, f, v, "is not a percentage from 0 to 100, e.g. 50");
        s.coverageThreshold = *share;
    }
}

void checkDate(RecordKind k, const std::string& f, const std::string& v)
{
    if (!v.empty() && !isCalendarDate(v, true))
        refuse(k, f, v, "is not a date of the calendar written as 2019-06-25 (or 2019-06)");
}

void applyField(Source& s, const std::string& f, const std::string& v)
{
    const std::string t(text::trim(v));
    if (f == "title")
        s.title = v;
    else if (f == "publisher")
        s.publisher = v;
    else if (f == "method")
        s.method = v;
    else if (f == "date_published")
        checkDate(RecordKind::Source, f, t), s.datePublished = t;
    else if (f == "date_retrieved")
        checkDate(RecordKind::Source, f, t), s.dateRetrieved = t;
    else if (f == "url")
        s.url = t;
    else if (f == "licence")
        s.licence = v;
    else if (f == "quality_notes")
        s.qualityNotes = v;
}

void applyField(Measure& m, const std::string& f, const std::string& v)
{
    if (f == "name")
        m.name = v;
    else if (f == "definition")
        m.definition = v;
    else if (f == "population")
        m.population = v;
    else if (f == "unit") {
        try {
            m.unit = parseUnit(v);
        } catch (const DataError&) {
            refuse(RecordKind::Measure, f, v, "is not a unit: use count, rate per 10,000 or percentage");
        }
    }
}

void applyField(Area& a, const std::string& f, const std::string& v, bool adding)
{
    const std::string t(text::trim(v));
    if (f == "name")
        a.name = t;
    else if (f == "code")
        a.code = t;
    else if (f == "itl1_code")
        a.itl1Code = t;
    else if (f == "region")
        a.regionName = t;
    else if (f == "country")
        a.country = t;
    else if (f == "kind") {
        if (!adding)
            refuse(RecordKind::Area, f, v, "an area's kind is fixed when it is added");
        try {
            a.kind = parseAreaKind(t);
        } catch (const DataError&) {
            refuse(RecordKind::Area, f, v,
                   "is not a kind of area: use police_force_area, region, country or aggregate");
        }
    }
}

/// The members an add or set names ("members" field), written after the area itself.
void setMembers(db::Store& store, const Area& area, const std::vector<std::pair<std::string, std::string>>& typed)
{
    for (const auto& [f, v] : typed) {
        if (f != "members")
            continue;
        std::vector<RowId> ids;
        for (const auto& name : text::splitList(v)) {
            try {
                ids.push_back(findArea(store, name).id);
            } catch (const Error& e) {
                refuse(RecordKind::Area, f, name, e.what());
            }
        }
        try {
            store.setAreaMembers(area.id, ids);
        } catch (const DataError& e) {
            rethrowAbout("area " + areaLabel(area), e);
        }
    }
}

// A case study is added and changed through the CSV import, one row: its rules (ages, bands, regions, years,
// consent, citations, questions) are then the import's, word for word.
std::map<std::string, std::string> caseStudyRow(const db::Store& store, const CaseStudy& c)
{
    const bool published = c.basis == CaseStudyBasis::PublishedAccount;
    return {{"reference", c.reference},
            {"title", c.title},
            {"age", c.age ? std::to_string(*c.age) : ""},
            {"age_band", c.ageBand},
            {"gender", c.gender},
            {"region", c.regionAreaId ? store.area(c.regionAreaId)->name : ""},
            {"year", c.year ? std::to_string(*c.year) : ""},
            {"harm_types", text::join(c.harmTypes, ";")},
            {"platform_types", text::join(c.platformTypes, ";")},
            {"narrative", c.narrative},
            {"outcome", c.outcome},
            {"consent", published ? "" : std::string(consentCode(c.consent))},
            {"consent_recorded_by", c.consentRecordedBy},
            {"consent_date", c.consentDate},
            {"questions", text::join(c.questionNumbers, ";")},
            {"basis", std::string(caseStudyBasisCode(c.basis))},
            {"citation_publisher", c.citation.publisher},
            {"citation_title", c.citation.title},
            {"citation_date", c.citation.date},
            {"citation_url", c.citation.url}};
}

std::string csvField(const std::string& v)
{
    std::string out = "\"";
    for (char ch : v)
        out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

void importCaseStudyRow(db::Store& store, const std::map<std::string, std::string>& row, bool replace)
{
    std::string csv, line;
    for (const auto& col : caseStudyColumns()) {
        csv += (csv.empty() ? "" : ",") + col;
        line += (line.empty() ? "" : ",") + csvField(row.at(col));
    }
    csv += "\n" + line + "\n";
    const std::string label = "case study " + row.at("reference");
    ImportOptions options;
    options.replace = replace;
    try {
        importCsvText(store, csv, label, options);
    } catch (const DataError& e) {
        // The import says "NAME:2: column 'age' value ...": the line is the only row's.
        std::vector<std::string> problems;
        for (auto p : e.problems()) {
            if (p.starts_with(label + ":2: "))
                p = label + ": " + p.substr(label.size() + 4);
            problems.push_back(p);
        }
        throw DataError(problems);
    }
}

CaseStudy findCaseStudy(const db::Store& store, std::string_view key)
{
    if (auto c = store.caseStudyByReference(text::trim(key)))
        return *c;
    for (const auto& c : store.caseStudies())
        if (c.uuid == key)
            return c;
    throw NotFoundError("there is no case study with reference '" + text::quoteForMessage(key, 40) +
                        "' (list them with: evidence-cli list STORE case-studies)");
}

Source findSource(const db::Store& store, std::string_view key)
{
    if (auto s = store.sourceByTitle(key))
        return *s;
    for (const auto& s : store.sources())
        if (s.uuid == key)
            return s;
    throw NotFoundError("there is no source titled '" + text::quoteForMessage(key, 60) +
                        "' (list them with: evidence-cli list STORE sources)");
}

Submission findSubmissionByKey(const db::Store& store, std::string_view key)
{
    const std::string k(text::trim(key));
    if (k.empty())
        return findSubmission(store, 0);
    for (const auto& s : store.submissions())
        if (std::to_string(s.id) == k || s.uuid == k)
            return s;
    throw NotFoundError("there is no submission '" + text::quoteForMessage(k, 40) +
                        "' (list them with: evidence-cli list STORE submissions)");
}

std::string sourceLabel(const Source& s)
{
    return "source '" + s.title + "'";
}
std::string measureLabel(const Measure& m)
{
    return "measure '" + m.name + "'";
}

} // namespace

std::optional<double> parsePercent(std::string_view typed)
{
    const std::string_view t = text::trim(typed);
    double percent = 0;
    // from_chars reads a decimal point whatever the locale; a percent sign may follow the number.
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), percent, std::chars_format::fixed);
    const std::string_view rest =
        text::trim(std::string_view(end, static_cast<std::size_t>(t.data() + t.size() - end)));
    if (t.empty() || ec != std::errc() || !(rest.empty() || rest == "%") || percent < 0 || percent > 100)
        return std::nullopt;
    return percent / 100.0;
}

std::string_view recordKindName(RecordKind kind) noexcept
{
    switch (kind) {
    case RecordKind::Submission:
        return "submission";
    case RecordKind::Source:
        return "source";
    case RecordKind::Measure:
        return "measure";
    case RecordKind::Area:
        return "area";
    case RecordKind::CaseStudy:
        return "case-study";
    }
    return "";
}

namespace {

/// @p word as the singular the commands name kinds by: "measures" and "Measure" are "measure",
/// "case_studies" is "case-study". `list` names them in the plural, so either comes to hand.
std::string singularKind(std::string_view word)
{
    std::string w = text::toLowerAscii(text::trim(word));
    std::replace(w.begin(), w.end(), '_', '-');
    if (w.ends_with("ies"))
        w.replace(w.size() - 3, 3, "y");
    else if (w.ends_with('s') && w.size() > 1)
        w.pop_back();
    return w;
}

} // namespace

RecordKind parseRecordKind(std::string_view word)
{
    const std::string w = singularKind(word);
    for (auto k :
         {RecordKind::Submission, RecordKind::Source, RecordKind::Measure, RecordKind::Area, RecordKind::CaseStudy})
        if (w == recordKindName(k))
            return k;
    throw DataError("'" + text::quoteForMessage(word, 40) +
                    "' is not a kind of record: use submission, source, measure, area or case-study");
}

const std::vector<FieldSpec>& recordFields(RecordKind kind)
{
    static const std::vector<FieldSpec> submission = {
        {"title", "the submission's title, the workbook's title"},
        {"organisation", "the organisation that submits the response (the workbook's author)"},
        {"contact_role", "who to contact, as a role (e.g. Policy officer)"},
        {"contact_email", "an organisational e-mail address"},
        {"as_at", "the date the figures are correct at, 2019-06-28 (midnight UTC) or 2019-06-28T09:00:00Z; it "
                  "dates the workbook"},
        {"summary", "the response's summary, on the cover"},
        {"caveats", "the key caveats, on the cover"},
        {"coverage_threshold", "% of the areas in scope a like-for-like total must cover for its change to be "
                               "stated, 0 to 100 (default 50)"}};
    static const std::vector<FieldSpec> source = {{"title", "unique in the store"},
                                                  {"publisher", "who published the figures"},
                                                  {"method", "how they were collected"},
                                                  {"date_published", "YYYY-MM-DD or YYYY-MM"},
                                                  {"date_retrieved", "YYYY-MM-DD or YYYY-MM"},
                                                  {"url", "where they were published"},
                                                  {"licence", "on what terms they may be quoted"},
                                                  {"quality_notes", "what a reader must know about their quality"}};
    static const std::vector<FieldSpec> measure = {{"name", "unique in the store"},
                                                   {"definition", "what is counted"},
                                                   {"unit", "count, rate per 10,000 or percentage"},
                                                   {"population", "of whom, e.g. children under 18"}};
    static const std::vector<FieldSpec> area = {
        {"name", "the area's name"},
        {"code", "its ONS GSS code, if it has one"},
        {"kind", "police_force_area, region, country or aggregate (when added; default police_force_area)"},
        {"itl1_code", "the ITL1 code of a region or nation"},
        {"region", "a police force area's region"},
        {"country", "England, Wales, Scotland, Northern Ireland or a grouping"},
        {"members", "the areas it adds up, by code or name, separated by ';' (e.g. a grouping of forces)"}};
    static const std::vector<FieldSpec> caseStudy = {
        {"reference", "e.g. CS-005 (when added)"},
        {"title", "its title"},
        {"age", "age in whole years, 0 to 25 (or age_band)"},
        {"age_band", "e.g. 13-15, under 10, 16 and over"},
        {"gender", "as the child describes it, up to 30 characters"},
        {"region", "an ITL1 region or a nation, never a town"},
        {"year", "the year only, e.g. 2019"},
        {"harm_types", "separated by ';'"},
        {"platform_types", "separated by ';'"},
        {"narrative", "the anonymised account (Name* marks a changed name)"},
        {"outcome", "the support given or the outcome"},
        {"consent", "yes, no or unknown"},
        {"consent_recorded_by", "the role that recorded the consent"},
        {"consent_date", "YYYY-MM-DD or YYYY-MM"},
        {"questions", "the consultation's question numbers it supports, separated by ';'"},
        {"basis", "consent, or published_account with its citation"},
        {"citation_publisher", "who published the account"},
        {"citation_title", "the title it was published under"},
        {"citation_date", "YYYY-MM-DD or YYYY-MM"},
        {"citation_url", "where it was published"}};
    static const auto marked = [](std::vector<FieldSpec> specs, RecordKind k) {
        for (auto& s : specs)
            s.freeText = isFreeText(k, s.name);
        return specs;
    };
    static const std::vector<FieldSpec> all[] = {
        marked(submission, RecordKind::Submission), marked(source, RecordKind::Source),
        marked(measure, RecordKind::Measure), marked(area, RecordKind::Area), marked(caseStudy, RecordKind::CaseStudy)};
    return all[static_cast<int>(kind)];
}

EditResult addRecord(db::Store& store, RecordKind kind, const std::vector<FieldValue>& values)
{
    db::Store::Transaction tx(store);
    EditResult r;
    std::vector<std::pair<std::string, std::string>> typed;
    for (const auto& v : values)
        typed.emplace_back(bareField(kind, v.field), v.value);
    switch (kind) {
    case RecordKind::Submission: {
        const auto consultations = store.consultations();
        if (consultations.empty())
            throw DataError("the store holds no consultation for a submission to answer");
        Submission s;
        s.consultationId = consultations.front().id;
        s.title = "Response to " + consultations.front().title;
        for (const auto& [f, v] : typed)
            applyField(s, f, v, s);
        try {
            store.insert(s);
        } catch (const DataError& e) {
            rethrowAbout("the new submission", e);
        }
        r = {"submission " + std::to_string(s.id), s.uuid, s.id, {}};
        break;
    }
    case RecordKind::Source: {
        Source s;
        for (const auto& [f, v] : typed)
            applyField(s, f, v);
        try {
            store.insert(s);
        } catch (const DataError& e) {
            rethrowAbout("the new source", e);
        }
        r = {sourceLabel(s), s.uuid, s.id, {}};
        break;
    }
    case RecordKind::Measure: {
        Measure m;
        for (const auto& [f, v] : typed)
            applyField(m, f, v);
        try {
            store.insert(m);
        } catch (const DataError& e) {
            rethrowAbout("the new measure", e);
        }
        r = {measureLabel(m), m.uuid, m.id, {}};
        break;
    }
    case RecordKind::Area: {
        Area a;
        for (const auto& [f, v] : typed)
            applyField(a, f, v, true);
        try {
            store.insert(a);
        } catch (const DataError& e) {
            rethrowAbout("the new area", e);
        }
        setMembers(store, a, typed);
        r = {"area " + areaLabel(a), a.uuid, a.id, {}};
        break;
    }
    case RecordKind::CaseStudy: {
        std::map<std::string, std::string> row;
        for (const auto& col : caseStudyColumns())
            row[col] = "";
        for (const auto& [f, v] : typed)
            row[f] = v;
        if (text::trim(row["reference"]).empty())
            throw DataError("case-study.reference: a case study needs a reference, e.g. CS-005");
        if (store.caseStudyByReference(row["reference"]))
            refuse(kind, "reference", row["reference"], "a case study with this reference is already in the store");
        importCaseStudyRow(store, row, false);
        const auto c = store.caseStudyByReference(row["reference"]);
        r = {"case study " + c->reference, c->uuid, c->id, {}};
        break;
    }
    }
    tx.commit();
    return r;
}

EditResult setFields(db::Store& store, RecordKind kind, std::string_view key, const std::vector<FieldValue>& values)
{
    if (values.empty())
        throw DataError("give at least one field and its value");
    db::Store::Transaction tx(store);
    EditResult r;
    std::vector<std::pair<std::string, std::string>> typed;
    for (const auto& v : values)
        typed.emplace_back(bareField(kind, v.field), v.value);
    auto save = [&](const std::string& label, auto& record, auto&& apply) {
        for (const auto& [f, v] : typed)
            apply(record, f, v);
        try {
            store.update(record);
        } catch (const DataError& e) {
            rethrowAbout(label, e);
        }
        r = {label, record.uuid, record.id, {}};
    };
    switch (kind) {
    case RecordKind::Submission: {
        Submission s = findSubmissionByKey(store, key);
        const Submission before = s;
        save("submission " + std::to_string(s.id), s,
             [&](Submission& x, const std::string& f, const std::string& v) { applyField(x, f, v, before); });
        break;
    }
    case RecordKind::Source: {
        Source s = findSource(store, key);
        save(sourceLabel(s), s, [](Source& x, const std::string& f, const std::string& v) { applyField(x, f, v); });
        break;
    }
    case RecordKind::Measure: {
        Measure m = findMeasure(store, key);
        save(measureLabel(m), m, [](Measure& x, const std::string& f, const std::string& v) { applyField(x, f, v); });
        break;
    }
    case RecordKind::Area: {
        Area a = findArea(store, key);
        if (a.reference)
            throw DataError("area " + areaLabel(a) +
                            " is reference data shipped with every store and cannot be changed: add an area of "
                            "your own instead");
        save("area " + areaLabel(a), a,
             [](Area& x, const std::string& f, const std::string& v) { applyField(x, f, v, false); });
        setMembers(store, a, typed);
        break;
    }
    case RecordKind::CaseStudy: {
        const CaseStudy c = findCaseStudy(store, key);
        auto row = caseStudyRow(store, c);
        for (const auto& [f, v] : typed) {
            if (f == "reference" && text::trim(v) != c.reference)
                refuse(kind, f, v, "a case study keeps its reference: add a new one and delete this one instead");
            row[f] = v;
        }
        importCaseStudyRow(store, row, true);
        r = {"case study " + c.reference, c.uuid, c.id, {}};
        break;
    }
    }
    tx.commit();
    return r;
}

EditResult deleteRecord(db::Store& store, std::string_view kindWord, std::string_view key, RowId submissionId)
{
    db::Store::Transaction tx(store);
    EditResult r;
    const std::string word = singularKind(kindWord);
    auto guarded = [&](const std::string& label, auto&& remove) {
        try {
            remove();
        } catch (const DataError& e) {
            rethrowAbout(label, e);
        }
    };
    if (word == "figure" || word == "observation") {
        std::optional<Observation> found;
        for (const auto& o : store.observations())
            if (o.uuid == key)
                found = o;
        if (!found)
            throw NotFoundError("there is no figure with UUID '" + text::quoteForMessage(key, 40) +
                                "' (figures are named by UUID: see evidence-cli show STORE AREA)");
        store.removeObservation(found->id);
        r = {"the figure", found->uuid, found->id, {}};
    } else if (word == "acknowledgement") {
        std::optional<FindingAcknowledgement> found;
        for (const auto& a : store.allAcknowledgements())
            if (a.uuid == key)
                found = a;
        if (!found)
            throw NotFoundError("there is no acknowledgement with UUID '" + text::quoteForMessage(key, 40) + "'");
        store.removeAcknowledgement(found->id);
        r = {"the acknowledgement", found->uuid, found->id, {}};
    } else if (word == "answer") {
        const Submission sub = findSubmission(store, submissionId);
        const Question q = findQuestion(store, sub.id, key);
        const auto answer = store.answer(sub.id, q.id);
        if (!answer)
            throw NotFoundError("question " + q.number + " has no answer to delete");
        // Its citations go with it.
        SQLite::Statement del(store.database(), "DELETE FROM answers WHERE id = ?");
        del.bind(1, answer->id);
        del.exec();
        r = {"the answer to question " + q.number, answer->uuid, answer->id, {}};
    } else {
        RecordKind kind;
        try {
            kind = parseRecordKind(word);
        } catch (const DataError&) {
            throw DataError("'" + text::quoteForMessage(kindWord, 40) +
                            "' is not a kind of record that can be deleted: use source, measure, area, case-study, "
                            "figure, answer or acknowledgement");
        }
        switch (kind) {
        case RecordKind::Source: {
            const Source s = findSource(store, key);
            guarded(sourceLabel(s), [&] { store.removeSource(s.id); });
            r = {sourceLabel(s), s.uuid, s.id, {}};
            break;
        }
        case RecordKind::Measure: {
            const Measure m = findMeasure(store, key);
            guarded(measureLabel(m), [&] { store.removeMeasure(m.id); });
            r = {measureLabel(m), m.uuid, m.id, {}};
            break;
        }
        case RecordKind::CaseStudy: {
            const CaseStudy c = findCaseStudy(store, key);
            guarded("case study " + c.reference, [&] { store.removeCaseStudy(c.id); });
            r = {"case study " + c.reference, c.uuid, c.id, {}};
            break;
        }
        case RecordKind::Area: {
            const Area a = findArea(store, key);
            const std::string label = "area " + areaLabel(a);
            if (a.reference)
                throw DataError(label + " is reference data shipped with every store and cannot be deleted");
            db::ObservationFilter usedBy;
            usedBy.areaId = a.id;
            const auto figures = store.observationCount(usedBy);
            SQLite::Statement cases(store.database(), "SELECT count(*) FROM case_studies WHERE region_area_id = ?");
            cases.bind(1, a.id);
            cases.executeStep();
            const auto caseStudies = cases.getColumn(0).getInt64();
            if (figures || caseStudies) {
                std::vector<std::string> users;
                if (figures)
                    users.push_back(text::counted(static_cast<std::size_t>(figures), "figure", "figures"));
                if (caseStudies)
                    users.push_back(text::counted(static_cast<std::size_t>(caseStudies), "case study", "case studies"));
                throw DataError(label + " is used by " + text::join(users, " and ") +
                                (figures + caseStudies == 1 ? ": delete it or give it" : ": delete them or give them") +
                                " another area first");
            }
            // Its membership of groups, and a group's list of members, go with it.
            SQLite::Statement del(store.database(), "DELETE FROM areas WHERE id = ?");
            del.bind(1, a.id);
            del.exec();
            r = {label, a.uuid, a.id, {}};
            break;
        }
        case RecordKind::Submission:
            throw DataError("a submission cannot be deleted: the store keeps its submission");
        }
    }
    tx.commit();
    return r;
}

EditResult setIncluded(db::Store& store, RowId submissionId, RecordKind kind, std::string_view key, bool included)
{
    db::Store::Transaction tx(store);
    const Submission sub = findSubmission(store, submissionId);
    EditResult r;
    if (kind == RecordKind::Measure) {
        const Measure m = findMeasure(store, key);
        store.setMeasureSelected(sub.id, m.id, included);
        r = {measureLabel(m), m.uuid, m.id, {}};
    } else if (kind == RecordKind::CaseStudy) {
        const CaseStudy c = findCaseStudy(store, key);
        store.setCaseStudySelected(sub.id, c.id, included);
        r = {"case study " + c.reference, c.uuid, c.id, {}};
    } else {
        throw DataError("only measures and case studies are included in a submission, not a " +
                        std::string(recordKindName(kind)));
    }
    if (!included)
        for (const auto& a : store.answers(sub.id)) {
            const auto& cited = kind == RecordKind::Measure ? a.citedMeasures : a.citedCaseStudies;
            if (std::find(cited.begin(), cited.end(), r.id) == cited.end())
                continue;
            const auto q = store.question(a.questionId);
            r.notes.push_back("The answer to question " + q->number + " cites " + r.label +
                              ": the export is refused until it is included again or the citation is removed "
                              "(evidence-cli cite STORE " +
                              q->number + (kind == RecordKind::Measure ? " --measure NAME" : " --case-study REF") +
                              " --remove).");
        }
    tx.commit();
    return r;
}

Question findQuestion(const db::Store& store, RowId submissionId, std::string_view number)
{
    const Submission sub = findSubmission(store, submissionId);
    std::string n(text::trim(number));
    if (n.size() > 1 && (n[0] == 'Q' || n[0] == 'q'))
        n.erase(0, 1);
    if (auto q = store.questionByNumber(sub.consultationId, n))
        return *q;
    throw NotFoundError("question '" + text::quoteForMessage(number, 20) +
                        "' is not a question of the consultation this submission answers (list them with: "
                        "evidence-cli list STORE questions)");
}

Answer writeAnswer(db::Store& store, RowId submissionId, std::string_view questionNumber,
                   const std::optional<std::string>& choice, const std::optional<std::string>& textValue)
{
    db::Store::Transaction tx(store);
    const Submission sub = findSubmission(store, submissionId);
    const Question q = findQuestion(store, sub.id, questionNumber);
    const std::string where = "the answer to question " + q.number;
    const bool yesNo = q.answerType == AnswerType::YesNo || q.answerType == AnswerType::YesNoFreeText;
    const bool takesText = q.answerType == AnswerType::YesNoFreeText || q.answerType == AnswerType::FreeText ||
                           q.answerType == AnswerType::MultiChoiceFreeText;
    Answer a;
    if (auto existing = store.answer(sub.id, q.id))
        a = *existing;
    a.submissionId = sub.id;
    a.questionId = q.id;
    if (choice) {
        const std::string typed(text::trim(*choice));
        auto canonical = [&](const std::string& word) -> std::optional<std::string> {
            for (const auto& c : q.choices)
                if (text::iequals(c, word))
                    return c;
            return std::nullopt;
        };
        auto bad = [&](const std::string& reason) {
            throw DataError(where + ": choice '" + text::quoteForMessage(typed, 60) + "' " + reason);
        };
        if (typed.empty()) {
            a.choice.clear();
        } else if (yesNo) {
            const std::string lower = text::toLowerAscii(typed);
            if (lower != "yes" && lower != "no")
                bad("is not an answer to a yes/no question: use yes or no");
            a.choice = lower;
        } else if (q.answerType == AnswerType::Choice) {
            const auto c = canonical(typed);
            if (!c)
                bad("is not one of its choices: " + text::join(q.choices, "; "));
            a.choice = *c;
        } else if (q.answerType == AnswerType::MultiChoiceFreeText) {
            std::vector<std::string> chosen;
            for (const auto& word : text::splitList(typed)) {
                const auto c = canonical(word);
                if (!c)
                    bad("names '" + text::quoteForMessage(word, 40) +
                        "', which is not one of its choices: " + text::join(q.choices, "; "));
                chosen.push_back(*c);
            }
            a.choice = text::join(chosen, ";");
        } else {
            bad("is given, but the question asks for text only: leave --choice out");
        }
    }
    if (textValue) {
        if (!takesText && !text::trim(*textValue).empty())
            throw DataError(where + ": the question takes " + (yesNo ? "yes or no" : "one of its choices") +
                            " only, no text (" + maskText(*textValue) + " given)");
        a.text = *textValue;
    }
    try {
        store.save(a);
    } catch (const DataError& e) {
        rethrowAbout(where, e);
    }
    tx.commit();
    return a;
}

Answer cite(db::Store& store, RowId submissionId, std::string_view questionNumber,
            const std::vector<std::string>& measures, const std::vector<std::string>& caseStudies, bool remove)
{
    if (measures.empty() && caseStudies.empty())
        throw DataError("name a measure or a case study to cite");
    db::Store::Transaction tx(store);
    const Submission sub = findSubmission(store, submissionId);
    const Question q = findQuestion(store, sub.id, questionNumber);
    Answer a;
    if (auto existing = store.answer(sub.id, q.id))
        a = *existing;
    a.submissionId = sub.id;
    a.questionId = q.id;
    const auto includedMeasures = store.selectedMeasures(sub.id);
    const auto includedCases = store.selectedCaseStudies(sub.id);
    auto change = [&](std::vector<RowId>& cited, RowId id, const std::vector<RowId>& included, const std::string& label,
                      const std::string& includeHint) {
        const auto at = std::find(cited.begin(), cited.end(), id);
        if (remove) {
            if (at != cited.end())
                cited.erase(at);
            return;
        }
        // The Responses view offers only the evidence the workbook holds: an answer citing more is refused at export.
        if (std::find(included.begin(), included.end(), id) == included.end())
            throw DataError("the answer to question " + q.number + " cannot cite " + label +
                            ": the submission does not include it (include it first: evidence-cli include STORE " +
                            includeHint + ")");
        if (at == cited.end())
            cited.push_back(id);
    };
    for (const auto& name : measures) {
        const Measure m = findMeasure(store, name);
        change(a.citedMeasures, m.id, includedMeasures, measureLabel(m), "measure '" + m.name + "'");
    }
    for (const auto& ref : caseStudies) {
        const CaseStudy c = findCaseStudy(store, ref);
        change(a.citedCaseStudies, c.id, includedCases, "case study " + c.reference, "case-study " + c.reference);
    }
    store.save(a);
    tx.commit();
    return a;
}

std::string readTextFile(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw FileError("the file " + platform::utf8(path) + " does not exist");
    if (!std::filesystem::is_regular_file(status))
        throw FileError(platform::utf8(path) + " is not a regular file (a device, a pipe or a folder cannot be read)");
    if (std::filesystem::file_size(path, ec) > kMaxTextFile)
        throw FileError(platform::utf8(path) + " is over 4 MiB: a text field holds no more");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError("the file " + platform::utf8(path) + " cannot be read");
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw FileError("the file " + platform::utf8(path) + " cannot be read");
    if (data.ends_with("\r\n"))
        data.resize(data.size() - 2);
    else if (data.ends_with('\n'))
        data.pop_back();
    return data;
}

} // namespace evidence::app
