// list and show: read-only views of a store.

#include "app/lookup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/table.h"
#include "cli/writable_store.h"
#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"
#include "db/store.h"

#include <algorithm>
#include <map>
#include <memory>

namespace evidence::cli {
namespace {

const std::vector<std::string> kKinds = {"sources",      "measures",  "areas",      "observations",
                                         "case-studies", "questions", "submissions"};

std::string figureText(const Observation& o)
{
    std::string s = o.value ? formatFigure(*o.value) : o.markers.replacingCode();
    const auto q = o.markers.qualifiers();
    return q.empty() ? s : s + " " + q.toString();
}

TextTable listTable(const db::Store& store, const std::string& kind, const std::string& measure,
                    const std::string& area, const std::string& period)
{
    TextTable t;
    if (kind == "sources") {
        t.header = {"title", "publisher", "published", "url"};
        for (const auto& s : store.sources())
            t.rows.push_back({s.title, s.publisher, s.datePublished, s.url});
    } else if (kind == "measures") {
        t.header = {"name", "unit", "population", "observations"};
        t.rightAligned = {false, false, false, true};
        for (const auto& m : store.measures()) {
            db::ObservationFilter f;
            f.measureId = m.id;
            t.rows.push_back(
                {m.name, std::string(unitLabel(m.unit)), m.population, std::to_string(store.observationCount(f))});
        }
    } else if (kind == "areas") {
        t.header = {"code", "name", "kind", "ITL1", "region", "country"};
        for (const auto& a : store.areas())
            t.rows.push_back({a.code, a.name, std::string(areaKindLabel(a.kind)), a.itl1Code, a.regionName, a.country});
    } else if (kind == "observations") {
        db::ObservationFilter f;
        if (!measure.empty())
            f.measureId = app::findMeasure(store, measure).id;
        if (!area.empty())
            f.areaId = app::findArea(store, area).id;
        if (!period.empty())
            f.period = Period::parse(period);
        std::map<RowId, std::string> measures;
        std::map<RowId, Source> sources;
        std::map<RowId, Area> areas;
        for (const auto& m : store.measures())
            measures[m.id] = m.name;
        for (const auto& s : store.sources())
            sources[s.id] = s;
        for (const auto& a : store.areas())
            areas[a.id] = a;
        t.header = {"measure", "area",   "code",  "period", "dimension", "category",
                    "value",   "source", "as at", "round",  "note"};
        t.rightAligned = {false, false, false, false, false, false, true, false, false, false, false};
        for (const auto& o : store.observations(f)) {
            const auto& a = areas[o.areaId];
            const Source& s = sources[o.sourceId];
            t.rows.push_back({measures[o.measureId], a.name, a.code, o.period.toString(), o.dimension, o.category,
                              figureText(o), s.title, figureAsAt(o, s), o.round, o.note});
        }
    } else if (kind == "case-studies") {
        t.header = {"reference", "title", "age", "region", "year", "review", "basis", "consent"};
        for (const auto& c : store.caseStudies()) {
            const std::string region = c.regionAreaId ? store.area(c.regionAreaId)->name : "";
            const bool published = c.basis == CaseStudyBasis::PublishedAccount;
            t.rows.push_back({c.reference, c.title, c.age ? std::to_string(*c.age) : c.ageBand, region,
                              c.year ? std::to_string(*c.year) : "", std::string(reviewStateCode(c.review)),
                              std::string(caseStudyBasisCode(c.basis)),
                              published ? "not applicable" : std::string(consentCode(c.consent))});
        }
    } else if (kind == "questions") {
        t.header = {"consultation", "number", "answer type", "question"};
        for (const auto& c : store.consultations())
            for (const auto& q : store.questions(c.id))
                t.rows.push_back({c.code, q.number, std::string(answerTypeCode(q.answerType)), q.text});
    } else if (kind == "submissions") {
        t.header = {"id", "title", "organisation", "as at", "coverage threshold", "case studies", "answers"};
        for (const auto& s : store.submissions())
            t.rows.push_back({std::to_string(s.id), s.title, s.organisation, s.asAt,
                              formatFigure(s.coverageThreshold * 100.0, 1) + "%",
                              std::to_string(store.selectedCaseStudies(s.id).size()),
                              std::to_string(store.answers(s.id).size())});
    }
    return t;
}

void field(std::ostream& out, const char* name, const std::string& value)
{
    if (!value.empty())
        out << name << ": " << value << '\n';
}

bool showRecord(const db::Store& store, const std::string& ref, std::ostream& out)
{
    if (auto c = store.caseStudyByReference(ref)) {
        field(out, "Case study", c->reference);
        field(out, "Title", c->title);
        field(out, "Age", c->age ? std::to_string(*c->age) : c->ageBand);
        field(out, "Gender", c->gender);
        field(out, "Region", c->regionAreaId ? store.area(c->regionAreaId)->name : "");
        field(out, "Year", c->year ? std::to_string(*c->year) : "");
        field(out, "Harm types", text::join(c->harmTypes, "; "));
        field(out, "Platform types", text::join(c->platformTypes, "; "));
        field(out, "Narrative", c->narrative);
        field(out, "Outcome", c->outcome);
        if (c->basis == CaseStudyBasis::PublishedAccount) {
            field(out, "Basis", "published account (no consent is held or claimed)");
            const auto& cite = c->citation;
            field(out, "Citation",
                  cite.publisher + ", \"" + cite.title + "\"" + (cite.date.empty() ? "" : ", " + cite.date) +
                      (cite.url.empty() ? "" : ", " + cite.url));
        } else {
            field(out, "Basis", "consent");
            field(out, "Consent",
                  std::string(consentCode(c->consent)) +
                      (c->consentRecordedBy.empty() ? "" : ", recorded by " + c->consentRecordedBy) +
                      (c->consentDate.empty() ? "" : " on " + c->consentDate));
        }
        field(out, "Review",
              std::string(reviewStateCode(c->review)) +
                  (c->reviewedBy.empty() ? "" : " by " + c->reviewedBy + " on " + c->reviewedAt));
        field(out, "Supports questions", text::join(c->questionNumbers, ", "));
        field(out, "UUID", c->uuid);
        return true;
    }
    if (auto m = store.measureByName(ref)) {
        field(out, "Measure", m->name);
        field(out, "Definition", m->definition);
        field(out, "Unit", std::string(unitLabel(m->unit)));
        field(out, "Population", m->population);
        std::vector<std::string> periods;
        for (const auto& p : store.periods(m->id))
            periods.push_back(p.toString());
        field(out, "Periods", text::join(periods, ", "));
        field(out, "UUID", m->uuid);
        return true;
    }
    if (auto s = store.sourceByTitle(ref)) {
        field(out, "Source", s->title);
        field(out, "Publisher", s->publisher);
        field(out, "Method", s->method);
        field(out, "Published", s->datePublished);
        field(out, "Retrieved", s->dateRetrieved);
        field(out, "URL", s->url);
        field(out, "Licence", s->licence);
        field(out, "Quality notes", s->qualityNotes);
        field(out, "UUID", s->uuid);
        return true;
    }
    for (const auto& c : store.consultations()) {
        std::string number = ref;
        if (number.size() > 1 && (number[0] == 'Q' || number[0] == 'q'))
            number = number.substr(1);
        if (auto q = store.questionByNumber(c.id, number)) {
            field(out, "Question", q->number + " of " + c.title + " (" + c.code + ")");
            field(out, "Text", q->text);
            field(out, "Answer type", std::string(answerTypeCode(q->answerType)));
            field(out, "Choices", text::join(q->choices, "; "));
            for (const auto& s : store.submissions())
                if (auto a = store.answer(s.id, q->id))
                    field(out, ("Answer in submission " + std::to_string(s.id)).c_str(),
                          (a->choice.empty() ? "" : "[" + a->choice + "] ") + a->text);
            return true;
        }
    }
    for (const auto& s : store.submissions()) {
        if (ref == std::to_string(s.id) || ref == s.uuid || text::iequals(ref, s.title)) {
            field(out, "Submission", std::to_string(s.id) + ": " + s.title);
            field(out, "Consultation", store.consultation(s.consultationId)->title);
            field(out, "Organisation", s.organisation);
            field(out, "Contact", s.contactRole + (s.contactEmail.empty() ? "" : ", " + s.contactEmail));
            field(out, "As at", s.asAt);
            field(out, "Coverage threshold",
                  formatFigure(s.coverageThreshold * 100.0, 1) +
                      "% of the areas in scope for a like-for-like change to be stated");
            field(out, "Summary", s.summary);
            field(out, "Caveats", s.caveats);
            std::vector<std::string> refs;
            for (RowId id : store.selectedCaseStudies(s.id))
                refs.push_back(store.caseStudy(id)->reference);
            field(out, "Case studies", text::join(refs, ", "));
            field(out, "Answers", std::to_string(store.answers(s.id).size()));
            field(out, "UUID", s.uuid);
            return true;
        }
    }
    try {
        const Area a = app::findArea(store, ref);
        field(out, "Area", a.name);
        field(out, "Code", a.code);
        field(out, "Kind", std::string(areaKindLabel(a.kind)));
        field(out, "ITL1", a.itl1Code);
        field(out, "Region", a.regionName);
        field(out, "Country", a.country);
        std::vector<std::string> members;
        for (RowId id : store.areaMembers(a.id))
            members.push_back(store.area(id)->name);
        field(out, "Members", text::join(members, ", "));
        field(out, "UUID", a.uuid);
        return true;
    } catch (const NotFoundError&) {
    }
    return false;
}

} // namespace

Command addListCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, kind, measure, area, period;
        bool csv = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("list", "List the records of one kind");
    sub->add_option("STORE", a->store, "The store")->required();
    // The other verbs name a kind in the singular (add measure, include case-study): either is taken here.
    sub->add_option("KIND", a->kind, "What to list")
        ->required()
        ->transform([](std::string kind) {
            kind = text::toLowerAscii(text::trim(kind));
            std::replace(kind.begin(), kind.end(), '_', '-');
            if (kind == "case-study")
                return std::string("case-studies");
            if (kind == "figure" || kind == "figures")
                return std::string("observations");
            const bool singular = std::find(kKinds.begin(), kKinds.end(), kind + "s") != kKinds.end();
            return singular ? kind + "s" : kind;
        })
        ->check(CLI::IsMember(kKinds));
    sub->add_option("--measure", a->measure, "observations: only this measure (name)");
    sub->add_option("--area", a->area, "observations: only this area (GSS code or name)");
    sub->add_option("--period", a->period, "observations: only this period (e.g. 2018/19)");
    sub->add_flag("--csv", a->csv, "Write CSV instead of an aligned table");
    return {sub, [=] {
                if (a->kind != "observations" && (!a->measure.empty() || !a->area.empty() || !a->period.empty()))
                    throw CLI::ValidationError("--measure, --area and --period filter observations only");
                auto store = openForReading(a->store);
                const auto t = listTable(store, a->kind, a->measure, a->area, a->period);
                if (a->csv)
                    t.printCsv(io.out);
                else
                    t.print(io.out);
                return kOk;
            }};
}

Command addShowCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, ref;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "show", "Show one record: a case-study reference (CS-001), a measure or source name, a question (Q7a), a "
                "submission id, or an area code or name");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("REF", a->ref, "What to show")->required();
    return {sub, [=] {
                auto store = openForReading(a->store);
                if (!showRecord(store, a->ref, io.out))
                    throw NotFoundError("nothing in the store is called '" + a->ref +
                                        "': try a case-study reference, a measure or source name, a question number, "
                                        "a submission id, or an area code");
                return kOk;
            }};
}

} // namespace evidence::cli
