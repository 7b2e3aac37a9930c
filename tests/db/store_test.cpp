#include "core/errors.h"
#include "db/store_impl.h"
#include "support/store_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

using namespace evidence;
using evidence::test::StoreFixture;

namespace {

/// The words of the DataError @p write throws; empty when it throws none.
template <typename Write>
std::string refusal(Write write)
{
    try {
        write();
    } catch (const DataError& e) {
        return e.what();
    }
    return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(store)

BOOST_FIXTURE_TEST_CASE(reference_data_counts, StoreFixture)
{
    std::size_t forces = 0, regions = 0, countries = 0, aggregates = 0, itl1 = 0;
    for (const auto& a : store.areas()) {
        forces += a.kind == AreaKind::PoliceForceArea;
        regions += a.kind == AreaKind::Region;
        countries += a.kind == AreaKind::Country;
        aggregates += a.kind == AreaKind::Aggregate;
        itl1 += !a.itl1Code.empty();
        BOOST_TEST(a.reference);
        BOOST_TEST(!a.uuid.empty());
    }
    BOOST_TEST(forces == 46u); // 43 England and Wales + PSNI + Police Scotland + British Transport Police
    BOOST_TEST(regions == 9u);
    BOOST_TEST(countries == 4u);
    BOOST_TEST(aggregates == 4u); // E&W, GB, UK, England Wales and Northern Ireland
    BOOST_TEST(itl1 == 12u);
    const auto ewni = store.areasByName("England, Wales and Northern Ireland");
    BOOST_REQUIRE(ewni.size() == 1u);
    BOOST_TEST(ewni[0].code.empty());
    BOOST_TEST(store.areaMembers(ewni[0].id).size() == 44u); // the 44 forces asked in 2019
    BOOST_TEST(store.areaMembers(store.areasByName("South West").at(0).id).size() == 5u);
    BOOST_TEST(store.areaMembers(store.areasByName("Wales").at(0).id).size() == 4u);
    BOOST_TEST(store.areaMembers(store.areasByName("United Kingdom").at(0).id).size() == 46u);

    const auto consultations = store.consultations();
    BOOST_REQUIRE(consultations.size() == 1u);
    BOOST_TEST(consultations[0].code == "CP 57");
    BOOST_TEST(consultations[0].opens == "2019-04-08");
    BOOST_TEST(consultations[0].closes == "2019-07-01");
    const auto questions = store.questions(consultations[0].id);
    BOOST_TEST(questions.size() == 23u);
    BOOST_TEST(questions.front().number == "1");
    BOOST_TEST(questions.back().number == "18");
    BOOST_TEST(store.questionByNumber(consultations[0].id, "14b")->choices.size() == 2u);
    BOOST_TEST((store.questionByNumber(consultations[0].id, "2")->answerType == AnswerType::YesNo));
}

BOOST_FIXTURE_TEST_CASE(new_store_is_owner_only_wal_and_marked, StoreFixture)
{
    struct stat st
    {
    };
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600);
    BOOST_TEST(store.database().execAndGet("PRAGMA journal_mode").getString() == "wal");
    BOOST_TEST(store.database().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
    BOOST_TEST(store.storeId().size() == 36u);
    // no temporary file left beside it
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        files += e.path().filename().string().find(".creating-") != std::string::npos;
    BOOST_TEST(files == 0u);
}

// A command that only read a store (an export without overrides) switched it to write-ahead mode on the way
// in and back on the way out: its header rewritten and the file synced each time, for nothing written.
BOOST_AUTO_TEST_CASE(a_store_opened_to_write_only_leaves_rollback_mode_at_its_first_write)
{
    test::TempDir dir;
    const std::filesystem::path path = dir.file("at-rest.evidence");
    {
        auto created = db::Store::create(path, test::fixedOptions());
        Submission s;
        s.consultationId = created.consultations().at(0).id;
        s.title = "Response";
        created.insert(s);
    } // closed: at rest in rollback-journal mode
    const std::string before = test::readFile(path);
    db::StoreOptions options = test::fixedOptions();
    options.writeAheadFromFirstWrite = true;
    {
        auto reader = db::Store::open(path, db::OpenMode::ReadWrite, options);
        BOOST_TEST(reader.submissions().size() == 1u);
        BOOST_TEST(reader.database().execAndGet("PRAGMA journal_mode").getString() == "delete");
    }
    BOOST_TEST((test::readFile(path) == before), "reading changed the store's bytes");
    BOOST_TEST(!std::filesystem::exists(path.string() + "-wal"));

    auto writer = db::Store::open(path, db::OpenMode::ReadWrite, options);
    Submission s = writer.submissions().at(0);
    s.caveats = "Saved after opening";
    writer.update(s);
    BOOST_TEST(writer.database().execAndGet("PRAGMA journal_mode").getString() == "wal");
    BOOST_TEST(writer.submissions().at(0).caveats == "Saved after opening");
}

BOOST_FIXTURE_TEST_CASE(create_refuses_an_existing_file, StoreFixture)
{
    BOOST_CHECK_THROW(db::Store::create(path), FileError);
    BOOST_CHECK_THROW(db::Store::create(dir.file("missing-folder/x.evidence")), FileError);
}

BOOST_FIXTURE_TEST_CASE(crud_and_audit_log, StoreFixture)
{
    Source s;
    s.title = "FOI 2019";
    s.publisher = "NSPCC";
    store.insert(s);
    BOOST_TEST(s.id > 0);
    BOOST_CHECK_THROW(store.insert(s), DataError); // same title
    Source dup;
    dup.title = "foi 2019";
    BOOST_CHECK_THROW(store.insert(dup), DataError); // titles are case-insensitive

    Measure m;
    m.name = "Offences";
    store.insert(m);
    Observation o;
    o.measureId = m.id;
    o.areaId = store.areasByCode("E23000039").at(0).id;
    o.period = Period::parse("2015/16");
    o.value = 28;
    o.sourceId = s.id;
    store.insert(o);
    o.value = 29;
    store.update(o);
    BOOST_TEST(*store.observation(o.id)->value == 29.0);
    store.removeObservation(o.id);
    BOOST_TEST(!store.observation(o.id));

    const auto log = store.auditLog({o.uuid, std::nullopt, 0});
    BOOST_REQUIRE(log.size() == 3u);
    BOOST_TEST(log[0].action == "delete");
    BOOST_TEST(log[1].action == "update");
    BOOST_TEST(log[2].action == "insert");
    BOOST_TEST(log[1].osUser == "tester");
    BOOST_TEST(log[1].at == "2019-06-28T09:00:00Z");
    BOOST_TEST(log[1].table == "observations");
    BOOST_TEST(log[1].oldValues.find("\"value\":28.0") != std::string::npos);
    BOOST_TEST(log[1].newValues.find("\"value\":29.0") != std::string::npos);
    BOOST_TEST(log[0].newValues.empty());
}

BOOST_FIXTURE_TEST_CASE(an_update_that_changes_nothing_is_not_logged, StoreFixture)
{
    Measure m;
    m.name = "Offences";
    store.insert(m);
    store.update(m);
    BOOST_TEST(store.auditLog({m.uuid, std::nullopt, 0}).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(observation_rules, StoreFixture)
{
    Source s;
    s.title = "S";
    store.insert(s);
    Measure m;
    m.name = "M";
    store.insert(m);
    Observation o;
    o.measureId = m.id;
    o.areaId = store.areasByCode("E23000039").at(0).id;
    o.period = Period::parse("2015/16");
    o.sourceId = s.id;
    BOOST_CHECK_THROW(store.insert(o), DataError); // no value, no marker
    o.value = -1;
    BOOST_CHECK_THROW(store.insert(o), DataError);
    o.value = 5;
    o.markers = Markers::parse("[x]");
    BOOST_CHECK_THROW(store.insert(o), DataError); // value and a replacing marker
    o.value.reset();
    store.insert(o);
    Observation again = o;
    again.id = 0;
    again.uuid.clear();
    BOOST_CHECK_THROW(store.insert(again), DataError); // one observation per identity
    o.dimension = "victim age";
    BOOST_CHECK_THROW(store.insert(o), DataError);          // dimension without category
    BOOST_CHECK_THROW(store.removeSource(s.id), DataError); // cited by a figure
}

// The importer refused 1.5 offences, but an edit in the grid, a paste or any other single write saved
// it. The store refuses it on every write, naming the cell, and a rate may still hold a fraction.
BOOST_FIXTURE_TEST_CASE(a_count_is_a_whole_number_on_every_write, StoreFixture)
{
    Source s;
    s.title = "S";
    store.insert(s);
    Measure count;
    count.name = "Offences recorded";
    store.insert(count);
    Measure rate;
    rate.name = "Rate";
    rate.unit = Unit::RatePer10000;
    store.insert(rate);
    Observation o;
    o.measureId = count.id;
    o.areaId = store.areasByCode("E23000039").at(0).id;
    o.period = Period::parse("2015/16");
    o.sourceId = s.id;
    o.value = 1.5;
    std::string message = refusal([&] { store.insert(o); });
    BOOST_TEST(message.find("Dorset") != std::string::npos, message);
    BOOST_TEST(message.find("2015/16") != std::string::npos, message);
    BOOST_TEST(message.find("'Offences recorded'") != std::string::npos, message);
    BOOST_TEST(message.find("cannot be 1.5") != std::string::npos, message);
    BOOST_TEST(message.find("not a whole number") != std::string::npos, message);
    BOOST_TEST(store.observations().empty());

    o.value = 12;
    store.insert(o);
    Observation edited = o;
    edited.value = 12.25;
    BOOST_CHECK_THROW(store.update(edited), DataError);
    BOOST_TEST(*store.observation(o.id)->value == 12.0);

    Observation r = o;
    r.id = 0;
    r.uuid.clear();
    r.measureId = rate.id;
    r.value = 1.5;
    store.insert(r); // a rate is not a count
    BOOST_TEST(*store.observation(r.id)->value == 1.5);

    // Nor may a rate holding a fraction become a count.
    rate.unit = Unit::Count;
    message = refusal([&] { store.update(rate); });
    BOOST_TEST(message == "measure 'Rate' cannot be a count: its figure for Dorset, 2015/16 is 1.5, which is not a "
                          "whole number");
    BOOST_TEST((store.measureByName("Rate")->unit == Unit::RatePer10000));
}

// A percentage measure is a share of a whole: 140 was accepted from the grid, and charted as a share.
BOOST_FIXTURE_TEST_CASE(a_percentage_is_at_most_100_on_every_write, StoreFixture)
{
    Source s;
    s.title = "S";
    store.insert(s);
    Measure share;
    share.name = "Share flagged online";
    share.unit = Unit::Percentage;
    store.insert(share);
    Observation o;
    o.measureId = share.id;
    o.areaId = store.areasByCode("E23000039").at(0).id;
    o.period = Period::parse("2015/16");
    o.sourceId = s.id;
    o.value = 140;
    std::string message = refusal([&] { store.insert(o); });
    BOOST_TEST(message ==
               "the figure for Dorset, 2015/16, measure 'Share flagged online' cannot be 140: the measure is "
               "a percentage, which cannot be above 100; give the share of the whole, or enter the figure "
               "under a count or rate measure");
    BOOST_TEST(store.observations().empty());

    o.value = 100; // all of them
    store.insert(o);
    Observation edited = o;
    edited.value = 100.5;
    BOOST_CHECK_THROW(store.update(edited), DataError);
    BOOST_TEST(*store.observation(o.id)->value == 100.0);

    // A count over 100 stays a count until it is made a percentage, which is refused.
    Measure count;
    count.name = "Offences";
    store.insert(count);
    Observation c = o;
    c.id = 0;
    c.uuid.clear();
    c.measureId = count.id;
    c.value = 563;
    store.insert(c);
    count.unit = Unit::Percentage;
    message = refusal([&] { store.update(count); });
    BOOST_TEST(message == "measure 'Offences' cannot be a percentage: its figure for Dorset, 2015/16 is 563, and a "
                          "percentage is at most 100");
    BOOST_TEST((store.measureByName("Offences")->unit == Unit::Count));
}

// Every lookup of an area by name or code ignores letter case, so two areas of a kind named or coded alike
// but for case leave an import's row two areas to go to. A new area coded e23000039 beside Dorset's
// E23000039 was kept, and renaming an area to another's name in capitals too.
BOOST_FIXTURE_TEST_CASE(areas_of_a_kind_differ_in_more_than_letter_case, StoreFixture)
{
    Area lower;
    lower.name = "Dorset (copy)";
    lower.code = "e23000039";
    BOOST_TEST(refusal([&] { store.insert(lower); }) == "the code E23000039 is already the code of Dorset");
    Area kent;
    kent.name = "Kent and Medway";
    kent.kind = AreaKind::Aggregate;
    store.insert(kent);
    Area medway;
    medway.name = "Medway";
    medway.kind = AreaKind::Aggregate;
    medway.code = "X1";
    store.insert(medway);
    medway.name = "KENT AND MEDWAY";
    BOOST_TEST(refusal([&] { store.update(medway); }) == "an area named 'Kent and Medway' already exists");
    medway.name = "Medway";
    medway.code = "x1";
    store.update(medway); // its own code, in other letters
    BOOST_TEST(store.area(medway.id)->code == "x1");
    // An area of another kind may share a name: a grouping named after the force is not the force.
    Area dorsetGroup;
    dorsetGroup.name = "dorset";
    dorsetGroup.kind = AreaKind::Aggregate;
    BOOST_TEST(refusal([&] { store.insert(dorsetGroup); }).empty());
}

BOOST_FIXTURE_TEST_CASE(nested_transactions_roll_back_as_a_unit, StoreFixture)
{
    {
        db::Store::Transaction outer(store);
        Measure a;
        a.name = "A";
        store.insert(a); // nested savepoint, released
        Measure b;
        b.name = "B";
        store.insert(b);
        // outer not committed
    }
    BOOST_TEST(store.measures().empty());
    {
        db::Store::Transaction outer(store);
        Measure a;
        a.name = "A";
        store.insert(a);
        Measure bad;
        BOOST_CHECK_THROW(store.insert(bad), DataError); // inner failure rolls back only itself
        outer.commit();
    }
    BOOST_TEST(store.measures().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(case_study_text_edit_returns_it_to_draft, StoreFixture)
{
    CaseStudy c;
    c.reference = "CS-1";
    c.title = "T";
    c.narrative = "Sam* was contacted.";
    c.regionAreaId = store.areasByName("South West").at(0).id;
    c.questionNumbers = {"3", "7a"};
    store.insert(c);
    store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer");
    auto reviewed = *store.caseStudy(c.id);
    BOOST_TEST((reviewed.review == ReviewState::Reviewed));
    BOOST_TEST(reviewed.reviewedBy == "Policy officer");
    BOOST_TEST((reviewed.questionNumbers == std::vector<std::string>{"3", "7a"}));
    reviewed.gender = "female"; // not text: stays reviewed
    store.update(reviewed);
    BOOST_TEST((store.caseStudy(c.id)->review == ReviewState::Reviewed));
    reviewed.narrative += " More.";
    store.update(reviewed);
    BOOST_TEST((store.caseStudy(c.id)->review == ReviewState::Draft));
    BOOST_TEST(store.caseStudy(c.id)->reviewedBy.empty());

    CaseStudy town = c;
    town.id = 0;
    town.uuid.clear();
    town.reference = "CS-2";
    town.regionAreaId = store.areasByCode("E23000039").at(0).id; // a police force area is not a region
    BOOST_CHECK_THROW(store.insert(town), DataError);
}

BOOST_FIXTURE_TEST_CASE(a_figure_records_its_round_and_as_at_date_and_defaults_to_its_source, StoreFixture)
{
    Source s;
    s.title = "FOI";
    s.datePublished = "2019-10";
    store.insert(s);
    Measure m;
    m.name = "M";
    store.insert(m);
    Observation o;
    o.measureId = m.id;
    o.areaId = store.areasByCode("E23000038").at(0).id;
    o.period = Period::parse("2018/19");
    o.sourceId = s.id;
    o.value = 54;
    store.insert(o);
    BOOST_TEST(figureAsAt(*store.observation(o.id), s) == "2019-10"); // the source's date by default

    o.asAt = "2019-06-14";
    o.round = "June 2019 round";
    store.update(o);
    const auto back = *store.observation(o.id);
    BOOST_TEST(back.asAt == "2019-06-14");
    BOOST_TEST(back.round == "June 2019 round");
    BOOST_TEST(figureAsAt(back, s) == "2019-06-14");
    const auto log = store.auditLog({o.uuid, std::nullopt, 1});
    BOOST_REQUIRE(log.size() == 1u);
    BOOST_TEST(log[0].newValues.find("\"as_at\":\"2019-06-14\"") != std::string::npos);
    BOOST_TEST(log[0].newValues.find("\"round\":\"[redacted: 15 characters, edited]\"") != std::string::npos);

    for (const char* bad : {"2019-02-31", "June 2019", "2019-13", "19-06-14"}) {
        o.asAt = bad;
        BOOST_CHECK_THROW(store.update(o), DataError);
    }
    BOOST_TEST(store.observation(o.id)->asAt == "2019-06-14");
    o.asAt = "2019-06"; // a month is enough when the round gives no day
    store.update(o);
    BOOST_TEST(store.observation(o.id)->asAt == "2019-06");
}

BOOST_FIXTURE_TEST_CASE(a_submission_keeps_its_coverage_threshold, StoreFixture)
{
    Submission s;
    s.consultationId = store.consultations().at(0).id;
    s.title = "Response";
    store.insert(s);
    BOOST_TEST(store.submission(s.id)->coverageThreshold == 0.5);
    s.coverageThreshold = 0.75;
    store.update(s);
    BOOST_TEST(store.submission(s.id)->coverageThreshold == 0.75);
    for (double bad : {-0.1, 1.5, 75.0}) {
        s.coverageThreshold = bad;
        BOOST_CHECK_THROW(store.update(s), DataError);
    }
    BOOST_TEST(store.submission(s.id)->coverageThreshold == 0.75);
}

BOOST_FIXTURE_TEST_CASE(a_published_account_rests_on_its_citation_not_on_consent, StoreFixture)
{
    CaseStudy c;
    c.reference = "CS-1";
    c.title = "Molly*";
    c.narrative = "Molly* was contacted.";
    c.basis = CaseStudyBasis::PublishedAccount;
    BOOST_CHECK_THROW(store.insert(c), DataError); // no citation
    c.citation = {"Bournemouth Echo", "NSPCC reveals increase", "", ""};
    BOOST_CHECK_THROW(store.insert(c), DataError); // neither a date nor an address
    c.citation.date = "2019-06-31";
    BOOST_CHECK_THROW(store.insert(c), DataError); // not a day of the calendar
    c.citation.date = "2019-06-25";
    c.consent = Consent::Obtained;
    BOOST_CHECK_THROW(store.insert(c), DataError); // no consent of the charity's to claim
    c.consent = Consent::Unknown;
    store.insert(c);
    const auto back = *store.caseStudy(c.id);
    BOOST_TEST((back.basis == CaseStudyBasis::PublishedAccount));
    BOOST_TEST(back.citation.publisher == "Bournemouth Echo");
    BOOST_TEST(back.citation.date == "2019-06-25");
    BOOST_TEST((back.consent == Consent::Unknown));
    BOOST_TEST(store.database()
                   .execAndGet("SELECT consent FROM case_studies WHERE id = " + std::to_string(c.id))
                   .getString() == "not_applicable");

    // Told with consent again: the citation may stay as a note of where it also appeared.
    CaseStudy told = back;
    told.basis = CaseStudyBasis::Consent;
    told.consent = Consent::Obtained;
    told.consentRecordedBy = "Policy officer";
    store.update(told);
    BOOST_TEST((store.caseStudy(c.id)->consent == Consent::Obtained));
}

BOOST_FIXTURE_TEST_CASE(a_review_carries_the_date_it_happened, StoreFixture)
{
    CaseStudy c;
    c.reference = "CS-1";
    c.title = "T";
    c.narrative = "Sam* was contacted.";
    store.insert(c);
    store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer", "2019-06-20");
    BOOST_TEST(store.caseStudy(c.id)->reviewedAt == "2019-06-20");
    // The store's clock reads 2019-06-28: a later review has not happened yet.
    BOOST_CHECK_THROW(store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer", "2019-06-29"), DataError);
    BOOST_CHECK_THROW(store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer", "2019-02-30"), DataError);
    BOOST_CHECK_THROW(store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer", "20 June 2019"), DataError);
    BOOST_TEST(store.caseStudy(c.id)->reviewedAt == "2019-06-20");
    store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer", "2019-06-28"); // today is allowed
    BOOST_TEST(store.caseStudy(c.id)->reviewedAt == "2019-06-28");
    store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer"); // no date: now
    BOOST_TEST(store.caseStudy(c.id)->reviewedAt == "2019-06-28T09:00:00Z");
}

BOOST_FIXTURE_TEST_CASE(answers_and_citations, StoreFixture)
{
    Submission s;
    s.consultationId = store.consultations().at(0).id;
    s.title = "Response";
    store.insert(s);
    Measure m;
    m.name = "M";
    store.insert(m);
    Answer a;
    a.submissionId = s.id;
    a.questionId = store.questionByNumber(s.consultationId, "17")->id;
    a.choice = "yes";
    a.text = "Yes.";
    a.citedMeasures = {m.id};
    store.save(a);
    a.text = "Yes, because.";
    store.save(a);
    const auto back = store.answers(s.id);
    BOOST_REQUIRE(back.size() == 1u);
    BOOST_TEST(back[0].text == "Yes, because.");
    BOOST_TEST((back[0].citedMeasures == std::vector<RowId>{m.id}));
}

BOOST_AUTO_TEST_CASE(read_only_store_refuses_writes)
{
    evidence::test::TempDir dir;
    const auto path = dir.file("r.evidence");
    db::Store::create(path);
    auto ro = db::Store::open(path, db::OpenMode::ReadOnly);
    Measure m;
    m.name = "x";
    BOOST_CHECK_THROW(ro.insert(m), FileError);
}

BOOST_AUTO_TEST_CASE(a_store_another_program_keeps_locked_is_not_called_damaged)
{
    // The check on opening meets a store that another program holds locked for longer than it waits. That
    // is no damage: the first write must not be refused with "restore it from a backup".
    evidence::test::TempDir dir;
    const auto path = dir.file("locked.evidence");
    db::Store::create(path);
    sqlite3* other = nullptr;
    BOOST_REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_exec(other,
                               "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
                               "CREATE TABLE held_by_another_program(x);",
                               nullptr, nullptr, nullptr) == SQLITE_OK);
    {
        const db::BackgroundIntegrityCheck check(path, 20);
        BOOST_CHECK_NO_THROW(check.awaitSound());
        std::string problem;
        BOOST_TEST((check.state(&problem) == db::Integrity::Unchecked));
        BOOST_TEST(problem.empty());
    }
    BOOST_REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);
    const db::BackgroundIntegrityCheck again(path, 20);
    again.awaitSound();
    BOOST_TEST((again.state() == db::Integrity::Sound));
}

BOOST_AUTO_TEST_CASE(a_second_writer_gets_a_clear_busy_error)
{
    evidence::test::TempDir dir;
    const auto path = dir.file("b.evidence");
    auto options = evidence::test::fixedOptions();
    options.busyTimeoutMs = 50;
    auto first = db::Store::create(path, options);
    auto second = db::Store::open(path, db::OpenMode::ReadWrite, options);
    db::Store::Transaction hold(first);
    Measure m;
    m.name = "x";
    try {
        second.insert(m);
        BOOST_FAIL("the second writer was not refused");
    } catch (const BusyError& e) {
        BOOST_TEST(std::string(e.what()).find("is busy") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(acknowledgements)

BOOST_FIXTURE_TEST_CASE(acknowledge_replace_and_remove, StoreFixture)
{
    FindingAcknowledgement a;
    a.recordTable = "case_studies";
    a.recordUuid = "rec-1";
    a.field = "case_study.narrative";
    a.kind = "person_name";
    a.matchedText = "Jade";
    a.fingerprint = "person_name|case_study.narrative|jade";
    a.acknowledgedBy = "Policy officer";
    BOOST_CHECK_THROW(store.acknowledge(a), DataError); // no reason
    a.reason = "A common word here, not a name";
    store.acknowledge(a);
    BOOST_TEST(a.acknowledgedAt == "2019-06-28T09:00:00Z");
    FindingAcknowledgement again = a;
    again.id = 0;
    again.uuid.clear();
    again.reason = "Changed reason";
    store.acknowledge(again);
    BOOST_TEST(again.id == a.id); // same finding of the same record: one acknowledgement
    const auto all = store.acknowledgements("rec-1");
    BOOST_REQUIRE(all.size() == 1u);
    BOOST_TEST(all[0].reason == "Changed reason");
    store.removeAcknowledgement(a.id);
    BOOST_TEST(store.allAcknowledgements().empty());
    BOOST_TEST(store.auditLog({a.uuid, std::nullopt, 0}).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
