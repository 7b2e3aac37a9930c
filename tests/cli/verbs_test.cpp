// The editing verbs (add, set, delete, include, exclude, answer, cite, acknowledge of any record), run as a separate
// process: what each changes, and that each refusal names the field and value, exits as documented and changes
// nothing in the store.
#define BOOST_TEST_MODULE verbs
#include "cli/cli_process.h"
#include "db/edit_lock.h"
#include "db/store.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>

using namespace evidence;
using test::cli;
using test::contains;
using test::TempDir;

namespace {

/// Every row of every table, audit log included: equal before and after means nothing was written.
std::string content(const std::string& path)
{
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    std::string out;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (tables.executeStep()) {
        const std::string name = tables.getColumn(0).getString();
        SQLite::Statement rows(db, "SELECT * FROM \"" + name + "\"");
        out += "[" + name + "]\n";
        while (rows.executeStep()) {
            for (int i = 0; i < rows.getColumnCount(); ++i)
                out += rows.getColumn(i).getString() + "|";
            out += "\n";
        }
    }
    return out;
}

struct Sample
{
    TempDir dir;
    std::string store = dir.file("s.evidence").string();
    Sample() { BOOST_REQUIRE(cli({"sample", store}).exitCode == 0); }
    db::Store open() const { return db::Store::open(store, db::OpenMode::ReadOnly); }
};

/// Runs a command that must be refused with @p code, naming @p words in its message, and change nothing.
void refused(const std::string& store, const std::vector<std::string>& args, int code,
             const std::vector<std::string>& words)
{
    const auto before = content(store);
    const auto r = cli(args);
    BOOST_TEST(r.exitCode == code, args[0] << " " << args.back() << ": " << r.out << r.err);
    for (const auto& w : words)
        BOOST_TEST(contains(r.err, w), "'" << w << "' not in: " << r.err);
    BOOST_TEST(content(store) == before, "the refused " << args[0] << " changed the store");
}

} // namespace

BOOST_AUTO_TEST_SUITE(verbs)

BOOST_AUTO_TEST_CASE(add_and_set_sources_measures_and_areas_with_audit_entries)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"init", store}).exitCode == 0);
    auto r =
        cli({"add", store, "source", "title", "FOI round", "publisher", "Our charity", "date_published", "2019-06"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "Added source 'FOI round'"));
    r = cli({"set", store, "source.url", "https://example.org/foi", "source.date_retrieved", "2019-06-25", "--record",
             "FOI round"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "Changed 2 fields of source 'FOI round'"));
    BOOST_TEST(cli({"add", store, "measure", "name", "Rate", "unit", "rate per 10,000"}).exitCode == 0);
    BOOST_TEST(
        cli({"add", store, "area", "name", "Our patch", "kind", "aggregate", "members", "Dorset;E23000038"}).exitCode ==
        0);
    {
        const auto s = db::Store::open(store, db::OpenMode::ReadOnly);
        const auto src = s.sourceByTitle("FOI round");
        BOOST_REQUIRE(src);
        BOOST_TEST(src->publisher == "Our charity");
        BOOST_TEST(src->url == "https://example.org/foi");
        BOOST_TEST(src->dateRetrieved == "2019-06-25");
        BOOST_TEST((s.measureByName("Rate")->unit == Unit::RatePer10000));
        const auto patch = s.areasByName("Our patch");
        BOOST_REQUIRE(patch.size() == 1);
        BOOST_TEST(s.areaMembers(patch.front().id).size() == 2);
        db::AuditFilter f;
        f.recordUuid = src->uuid;
        const auto log = s.auditLog(f);
        BOOST_REQUIRE(log.size() == 2);
        BOOST_TEST(log[0].action == "update");
        BOOST_TEST(log[1].action == "insert");
    }
    // The refusals: each names the field and its value and writes nothing.
    refused(store, {"set", store, "source.date_published", "2019-13-01", "--record", "FOI round"}, 2,
            {"source.date_published value '2019-13-01'", "not a date"});
    refused(store, {"set", store, "measure.unit", "furlongs", "--record", "Rate"}, 2,
            {"measure.unit value 'furlongs'", "count, rate per 10,000 or percentage"});
    refused(store, {"set", store, "source.colour", "red", "--record", "FOI round"}, 2,
            {"'source.colour' is not a field of a source", "quality_notes"});
    refused(store, {"add", store, "source", "title", "foi ROUND"}, 2, {"already exists"});
    refused(store, {"set", store, "area.name", "Elsewhere", "--record", "Dorset"}, 2, {"reference data"});
    refused(store, {"set", store, "area.kind", "region", "--record", "Our patch"}, 2, {"area.kind", "fixed"});
    refused(store, {"add", store, "planet", "name", "Mars"}, 2, {"'planet' is not a kind of record"});
    refused(store, {"set", store, "area.members", "Dorset;Atlantis", "--record", "Our patch"}, 2,
            {"area.members value 'Atlantis'"});
    refused(store, {"add", store, "source", "title"}, 1, {"has no value"});
    refused(store, {"set", store, "source.publisher", "X"}, 1, {"--record is required"});
    refused(store, {"set", store, "source.publisher", "X", "measure.name", "Y", "--record", "FOI round"}, 1,
            {"one set changes one record"});
    refused(store, {"set", store, "source.publisher", "X", "--record", "No such source"}, 2,
            {"no source titled 'No such source'"});
}

BOOST_AUTO_TEST_CASE(set_submission_fields_is_one_transaction_and_masks_free_text)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"init", store}).exitCode == 0);
    const auto text = dir.file("summary.txt");
    test::writeFile(text, "Our summary.\n");
    auto r = cli({"set", store, "submission.organisation", "Our charity", "submission.as_at", "2019-06-28",
                  "submission.coverage_threshold", "40", "--file", "submission.summary=" + text.string()});
    BOOST_TEST(r.exitCode == 0, r.err);
    {
        const auto s = db::Store::open(store, db::OpenMode::ReadOnly).submissions().front();
        BOOST_TEST(s.organisation == "Our charity");
        BOOST_TEST(s.asAt == "2019-06-28T00:00:00Z");
        BOOST_TEST(s.coverageThreshold == 0.4);
        BOOST_TEST(s.summary == "Our summary."); // the file's final line break dropped
    }
    // One bad value refuses the whole command: the organisation before it is not changed either.
    refused(store, {"set", store, "submission.organisation", "Other", "submission.as_at", "28/06/2019"}, 2,
            {"submission.as_at value '28/06/2019'"});
    refused(store, {"set", store, "submission.coverage_threshold", "150"}, 2,
            {"submission.coverage_threshold value '150'", "0 to 100"});
    refused(store, {"set", store, "submission.title", "  "}, 2, {"submission 1: a submission needs a title"});
    refused(store, {"set", store, "--file", "submission.summary=" + dir.file("missing.txt").string()}, 2,
            {"does not exist"});
    refused(store, {"set", store, "--file", "submission.summary=/dev/zero"}, 2, {"not a regular file"});
    // A child's details in a refused free-text value are never echoed: the case study's gender is over 30 characters.
    Sample sample;
    refused(sample.store,
            {"set", sample.store, "case-study.gender", "Jo Smith of Riverside Academy, aged 13", "--record", "CS-002"},
            2, {"case study CS-002", "column 'gender'", "longer than 30 characters"});
    const auto r2 =
        cli({"set", sample.store, "case-study.gender", "Jo Smith of Riverside Academy, aged 13", "--record", "CS-002"});
    BOOST_TEST(!contains(r2.err, "Smith"), r2.err);
}

BOOST_AUTO_TEST_CASE(case_studies_are_added_and_changed_under_the_import_rules)
{
    Sample s;
    auto r = cli({"add",
                  s.store,
                  "case-study",
                  "reference",
                  "CS-009",
                  "title",
                  "A new account",
                  "age_band",
                  "13-15",
                  "region",
                  "Wales",
                  "year",
                  "2019",
                  "narrative",
                  "Molly* was contacted online.",
                  "consent",
                  "yes",
                  "consent_recorded_by",
                  "Helpline manager",
                  "questions",
                  "7;17"});
    BOOST_TEST(r.exitCode == 0, r.err);
    {
        const auto c = s.open().caseStudyByReference("CS-009");
        BOOST_REQUIRE(c);
        BOOST_TEST(c->ageBand == "13-15");
        BOOST_TEST(c->questionNumbers.size() == 2);
        BOOST_TEST((c->consent == Consent::Obtained));
    }
    refused(s.store, {"set", s.store, "case-study.age", "30", "--record", "CS-009"}, 2,
            {"case study CS-009", "column 'age' value '30'", "0 to 25"});
    refused(s.store, {"set", s.store, "case-study.region", "Swindon", "--record", "CS-009"}, 2,
            {"column 'region'", "not an ITL1 region"});
    refused(s.store, {"set", s.store, "case-study.questions", "99", "--record", "CS-009"}, 2, {"column 'questions'"});
    refused(s.store, {"set", s.store, "case-study.reference", "CS-010", "--record", "CS-009"}, 2,
            {"keeps its reference"});
    refused(s.store, {"add", s.store, "case-study", "reference", "CS-001"}, 2, {"already in the store"});
    // A reviewed case study whose text changes returns to draft, as in the editor.
    BOOST_TEST((s.open().caseStudyByReference("CS-001")->review == ReviewState::Reviewed));
    r = cli({"set", s.store, "case-study.title", "A retitled account", "--record", "CS-001"});
    BOOST_TEST(r.exitCode == 0, r.err);
    const auto c = s.open().caseStudyByReference("CS-001");
    BOOST_TEST(c->title == "A retitled account");
    BOOST_TEST((c->review == ReviewState::Draft));
    BOOST_TEST((c->basis == CaseStudyBasis::PublishedAccount)); // the fields not named keep their values
}

BOOST_AUTO_TEST_CASE(include_exclude_answer_and_cite)
{
    Sample s;
    refused(s.store, {"include", s.store, "case-study", "CS-404"}, 2, {"no case study with reference 'CS-404'"});
    refused(s.store, {"include", s.store, "source", "x"}, 2, {"only measures and case studies"});
    // CS-004 has BLOCK findings, but may be included (the export then refuses): include does what the tick does.
    BOOST_TEST(cli({"include", s.store, "case-study", "CS-004"}).exitCode == 0);
    BOOST_TEST(s.open().selectedCaseStudies(1).size() == 4);
    BOOST_TEST(cli({"exclude", s.store, "case-study", "CS-004"}).exitCode == 0);
    BOOST_TEST(s.open().selectedCaseStudies(1).size() == 3);
    // Leaving out what an answer cites is allowed, as in the desktop app, and said: the export stops on it.
    auto left = cli({"exclude", s.store, "case-study", "CS-001"});
    BOOST_TEST(left.exitCode == 0, left.err);
    BOOST_TEST(contains(left.out, "The answer to question 17 cites case study CS-001"), left.out);
    BOOST_TEST(cli({"include", s.store, "case-study", "CS-001"}).exitCode == 0);
    // Several at once are one transaction: one unknown reference and none is included.
    refused(s.store, {"include", s.store, "case-study", "CS-004", "CS-404"}, 2, {"CS-404"});

    // Choices are those the question offers; text only where it has a text box.
    refused(s.store, {"answer", s.store, "Q2", "--choice", "maybe"}, 2,
            {"question 2: choice 'maybe'", "use yes or no"});
    refused(s.store, {"answer", s.store, "2", "--text", "Because."}, 2, {"question 2", "no text"});
    refused(s.store, {"answer", s.store, "3", "--choice", "yes"}, 2, {"text only"});
    refused(s.store, {"answer", s.store, "10", "--choice", "(iii) nobody"}, 2, {"not one of its choices"});
    refused(s.store, {"answer", s.store, "Q99", "--text", "x"}, 2, {"question 'Q99'"});
    refused(s.store, {"answer", s.store, "3"}, 1, {"give --choice, --text or --text-file"});
    auto r = cli({"answer", s.store, "Q2", "--choice", "Yes"});
    BOOST_TEST(r.exitCode == 0, r.err);
    auto db = s.open();
    const auto q2 = db.questionByNumber(1, "2");
    BOOST_TEST(db.answer(1, q2->id)->choice == "yes");

    // A new text keeps the answer's choice and citations.
    const auto q17 = db.questionByNumber(1, "17");
    const auto before = *db.answer(1, q17->id);
    r = cli({"answer", s.store, "17", "--text", "Yes, and more."});
    BOOST_TEST(r.exitCode == 0, r.err);
    auto after = *s.open().answer(1, q17->id);
    BOOST_TEST(after.text == "Yes, and more.");
    BOOST_TEST(after.choice == "yes");
    BOOST_TEST(after.citedCaseStudies == before.citedCaseStudies);
    BOOST_TEST(after.citedMeasures == before.citedMeasures);

    // Only included evidence can be cited, as in the Responses view.
    refused(s.store, {"cite", s.store, "17", "--case-study", "CS-004"}, 2,
            {"cannot cite case study CS-004", "include it first"});
    refused(s.store, {"cite", s.store, "17", "--measure", "No such measure"}, 2, {"No such measure"});
    refused(s.store, {"cite", s.store, "17"}, 1, {"give --measure or --case-study"});
    r = cli({"cite", s.store, "17", "--case-study", "CS-003", "--case-study", "CS-001"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "cites 1 measure and 2 case studies"), r.out);
    r = cli({"cite", s.store, "17", "--case-study", "CS-001", "--remove"});
    BOOST_TEST(r.exitCode == 0, r.err);
    after = *s.open().answer(1, q17->id);
    BOOST_TEST(after.citedCaseStudies == std::vector<RowId>{s.open().caseStudyByReference("CS-003")->id});
}

BOOST_AUTO_TEST_CASE(delete_refuses_what_figures_use_and_audits_what_it_removes)
{
    Sample s;
    refused(s.store, {"delete", s.store, "source", "NSPCC FOI requests to police forces (2019)"}, 2,
            {"source 'NSPCC FOI requests to police forces (2019)'", "cannot be deleted", "figures cite it"});
    refused(s.store, {"delete", s.store, "measure", "Sexual offences against under-18s recorded with an online flag"},
            2, {"cannot be deleted"});
    refused(s.store, {"delete", s.store, "area", "Dorset"}, 2, {"cannot be deleted"});
    refused(s.store, {"delete", s.store, "figure", "not-a-uuid"}, 2, {"no figure with UUID 'not-a-uuid'"});
    const auto cs = s.open().caseStudyByReference("CS-004");
    auto r = cli({"delete", s.store, "case-study", "CS-004"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(!s.open().caseStudyByReference("CS-004"));
    db::AuditFilter f;
    f.recordUuid = cs->uuid;
    BOOST_TEST(s.open().auditLog(f).front().action == "delete");
    const auto figure = s.open().observations().front();
    r = cli({"delete", s.store, "figure", figure.uuid});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(!s.open().observation(figure.id));
}

BOOST_AUTO_TEST_CASE(delete_removes_an_answer_with_its_citations_and_an_area_of_ones_own)
{
    Sample s;
    const auto q17 = s.open().questionByNumber(s.open().submissions().at(0).consultationId, "17");
    BOOST_REQUIRE(q17.has_value());
    const auto answer = s.open().answer(1, q17->id);
    BOOST_REQUIRE(answer.has_value());
    BOOST_REQUIRE(!answer->citedCaseStudies.empty());
    refused(s.store, {"delete", s.store, "answer", "99z"}, 2, {"question '99z'"});
    auto r = cli({"delete", s.store, "answer", "Q17"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "Deleted the answer to question 17"), r.out);
    BOOST_TEST(!s.open().answer(1, q17->id).has_value());
    db::AuditFilter f;
    f.recordUuid = answer->uuid;
    BOOST_TEST(s.open().auditLog(f).front().action == "delete");
    {
        SQLite::Database db(s.store, SQLite::OPEN_READONLY);
        BOOST_TEST(
            db.execAndGet("SELECT count(*) FROM answer_evidence").getInt() ==
            db.execAndGet("SELECT count(*) FROM answer_evidence WHERE answer_id IN (SELECT id FROM answers)").getInt());
        BOOST_TEST(db.execAndGet("SELECT count(*) FROM audit_log WHERE table_name = 'answer_evidence' AND action = "
                                 "'delete'")
                       .getInt() >= 1);
    }
    refused(s.store, {"delete", s.store, "answer", "17"}, 2, {"question 17 has no answer"});

    BOOST_REQUIRE(cli({"add", s.store, "area", "name", "Our patch", "kind", "aggregate", "members", "Dorset;Wiltshire"})
                      .exitCode == 0);
    const auto patch = s.open().areasByName("Our patch").at(0);
    r = cli({"delete", s.store, "area", "Our patch"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(s.open().areasByName("Our patch").empty());
    BOOST_TEST(s.open().areaMembers(patch.id).empty());
    f.recordUuid = patch.uuid;
    BOOST_TEST(s.open().auditLog(f).front().action == "delete");
    refused(s.store, {"delete", s.store, "area", "Our patch"}, 2, {"Our patch"});
}

BOOST_AUTO_TEST_CASE(acknowledge_reaches_every_record_and_refuses_what_matches_nothing)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"init", store}).exitCode == 0);
    BOOST_REQUIRE(cli({"add", store, "source", "title", "Bournemouth Echo, June 2019", "publisher", "Bournemouth Echo"})
                      .exitCode == 0);
    refused(store, {"acknowledge", store, "Bournemouth Echo, June 2019", "--kind", "place", "--reason", "x"}, 1,
            {"--role"});
    refused(
        store,
        {"acknowledge", store, "Bournemouth Echo, June 2019", "--reason", "A newspaper", "--role", "Policy officer"}, 1,
        {"give --text, --kind or both"});
    refused(store,
            {"acknowledge", store, "Bournemouth Echo, June 2019", "--kind", "phone", "--reason", "A newspaper",
             "--role", "Policy officer"},
            2, {"no open finding of source 'Bournemouth Echo, June 2019' matches of kind phone"});
    refused(store,
            {"acknowledge", store, "Bournemouth Echo, June 2019", "--kind", "planet", "--reason", "A newspaper",
             "--role", "Policy officer"},
            2, {"planet"});
    auto r = cli({"acknowledge", store, "Bournemouth Echo, June 2019", "--kind", "place", "--field", "publisher",
                  "--reason", "A newspaper's name", "--role", "Policy officer"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "Acknowledged 1 finding of source"), r.out);
    BOOST_TEST(db::Store::open(store, db::OpenMode::ReadOnly).allAcknowledgements().size() == 1);
}

BOOST_AUTO_TEST_CASE(a_store_open_for_editing_elsewhere_is_refused_with_exit_5_and_left_alone)
{
    Sample s;
    const auto lock = db::EditLock::acquire(s.store, "officer");
    const std::vector<std::vector<std::string>> writes = {
        {"set", s.store, "submission.organisation", "Other"},
        {"add", s.store, "measure", "name", "Another"},
        {"include", s.store, "case-study", "CS-004"},
        {"answer", s.store, "3", "--text", "Other"},
        {"cite", s.store, "3", "--case-study", "CS-001"},
        {"delete", s.store, "case-study", "CS-004"},
        // The set- verbs wrote without the lock.
        {"set-submission", s.store, "--coverage-threshold", "40"},
        {"set-case-study", s.store, "CS-002", "--basis", "consent"},
        {"set-figure", s.store, "--measure", "Sexual offences against under-18s recorded with an online flag", "--area",
         "Dorset", "--period", "2018/19", "--round", "Other"}};
    for (const auto& args : writes)
        refused(s.store, args, 5, {"officer"});
}

BOOST_AUTO_TEST_CASE(help_lists_the_verbs_and_the_fields)
{
    auto r = cli({"--help"});
    for (const char* verb : {"add", "set", "delete", "include", "exclude", "answer", "cite", "acknowledge"})
        BOOST_TEST(contains(r.out, verb));
    for (const char* kind : {"an area of your own", "an answer (with its citations)"})
        BOOST_TEST(contains(r.out, kind), kind);
    r = cli({"set", "--help"});
    BOOST_TEST(r.exitCode == 0);
    for (const char* field : {"submission.organisation", "source.quality_notes", "measure.unit", "case-study.basis"})
        BOOST_TEST(contains(r.out, field), field);
}

BOOST_AUTO_TEST_SUITE_END()
