// Nothing identifying leaves, stays behind or is echoed: every free-text column is scanned, edits
// leave no copy in the store file or its log, messages mask free text, and bad input is refused.

#include "app/anonymisation.h"
#include "app/importer.h"
#include "app/sample.h"
#include "core/errors.h"
#include "db/store_impl.h"
#include "support/old_store.h"
#include "support/store_fixture.h"
#include "support/text_workbook.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <set>
#include <sys/stat.h>

using namespace evidence;
using namespace std::string_literals;

namespace {

struct SampleFixture
{
    test::TempDir dir;
    std::filesystem::path path = dir.file("sample.evidence");
    std::optional<db::Store> store = app::createSampleStore(path, test::fixedOptions());
    RowId submission = store->submissions().at(0).id;
};

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// The bytes of the store file and of its write-ahead log, as `strings` would read them.
std::string storeBytes(const std::filesystem::path& store)
{
    std::string bytes = test::readFile(store);
    for (const char* suffix : {"-wal", "-journal"}) {
        const std::filesystem::path side = store.string() + suffix;
        if (std::filesystem::exists(side))
            bytes += test::readFile(side);
    }
    return bytes;
}

bool anyFindingIn(const std::vector<app::FieldFindings>& fields, const std::string& table, const std::string& label,
                  const std::string& matched)
{
    for (const auto& f : fields)
        if (f.recordTable == table && f.fieldLabel == label)
            for (const auto& x : f.open)
                if (contains(x.matched, matched))
                    return true;
    return false;
}

std::vector<std::string> importProblems(db::Store& store, const std::string& csv, app::ImportOptions options = {})
{
    try {
        app::importCsvText(store, csv, "in.csv", options);
    } catch (const DataError& e) {
        return e.problems();
    }
    return {};
}

const std::string kCaseHeader = "reference,title,narrative,outcome,consent,consent_recorded_by,consent_date\n";

} // namespace

BOOST_AUTO_TEST_SUITE(leaks)

// ---- every free-text field is scanned -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_text_column_of_the_schema_is_classified)
{
    test::StoreFixture f;
    std::set<std::pair<std::string, std::string>> schema, listed;
    SQLite::Statement tables(f.store.database(),
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (tables.executeStep()) {
        const std::string table = tables.getColumn(0).getString();
        SQLite::Statement cols(f.store.database(), "SELECT name FROM pragma_table_info(?) WHERE upper(type) = 'TEXT'");
        cols.bind(1, table);
        while (cols.executeStep())
            schema.emplace(table, cols.getColumn(0).getString());
    }
    for (const auto& c : db::textColumns()) {
        BOOST_TEST(listed.emplace(std::string(c.table), std::string(c.column)).second,
                   c.table << "." << c.column << " is listed twice");
        if (c.kind == db::TextKind::Fixed)
            BOOST_TEST(!c.why.empty(), c.table << "." << c.column << " is not free text but says not why");
    }
    for (const auto& c : schema)
        BOOST_TEST(listed.count(c), c.first << "." << c.second << " is a TEXT column that db::textColumns() misses");
    for (const auto& c : listed)
        BOOST_TEST(schema.count(c), c.first << "." << c.second << " is listed but not in the schema");
}

BOOST_FIXTURE_TEST_CASE(a_name_in_any_free_text_column_is_found, SampleFixture)
{
    // Each free-text column in turn (of a new sample store) holds a full name; the scan of the whole
    // store must report it there.
    for (const auto& c : db::textColumns()) {
        if (c.kind != db::TextKind::FreeText)
            continue;
        BOOST_TEST_CONTEXT(c.table << "." << c.column)
        {
            store.reset();
            std::filesystem::remove(path);
            store.emplace(app::createSampleStore(path, test::fixedOptions()));
            auto& db = store->database();
            const std::string table(c.table), column(c.column);
            if (table == "submission_points") { // the sample has no additional point
                AdditionalPoint p;
                p.submissionId = store->submissions().front().id;
                p.text = "A point.";
                store->insert(p);
            }
            const std::string name = "Helen Marsh";
            std::string set = "\"" + column + "\" = '" + name + "'";
            if (table == "observations" && column == "dimension")
                set += ", category = 'x'";
            if (table == "observations" && column == "category")
                set += ", dimension = 'x'";
            const int changed = db.exec("UPDATE \"" + table + "\" SET " + set +
                                        " WHERE rowid = (SELECT min(rowid) FROM \"" + table + "\")");
            BOOST_REQUIRE_MESSAGE(changed == 1, "the sample store has no row in " << table);
            bool found = false;
            for (const auto& field : app::scanStore(*store))
                if (field.recordTable == table)
                    for (const auto& x : field.open)
                        found = found || contains(x.matched, "Helen") || contains(x.matched, "Marsh");
            BOOST_TEST(found);
        }
    }
}

BOOST_FIXTURE_TEST_CASE(names_typed_as_roles_are_found_before_export_and_in_the_written_workbook, SampleFixture)
{
    auto c = *store->caseStudyByReference("CS-002"); // told with consent (CS-001 is a published account)
    c.consent = Consent::Obtained;
    c.consentRecordedBy = "Helen Marsh";
    store->update(c);
    store->setReviewState(c.id, ReviewState::Reviewed, "Mr Patel");
    c = *store->caseStudy(c.id);

    const auto fields = app::scanStore(*store, submission);
    BOOST_TEST(anyFindingIn(fields, "case_studies", "consent recorded by", "Helen Marsh"));
    BOOST_TEST(anyFindingIn(fields, "case_studies", "reviewed by", "Patel"));
    const auto blockers = app::exportBlockers(*store, submission, false);
    BOOST_TEST(!blockers.empty());
    for (const auto& b : blockers) // refusals name the field and mask the text
        BOOST_TEST(!contains(b, "Helen Marsh"), b);

    // The workbook lower-cases a role's first letter ("recorded by the helen Marsh"): the re-read must
    // still find both, though the scanner alone does not see a lower-case first name.
    const auto book = dir.file("book.xlsx");
    test::writeTextWorkbook(book, "Case studies",
                            {"Consent obtained, recorded by the helen Marsh.", "Reviewed by the mr Patel."});
    const auto problems = app::rescanWorkbook(*store, submission, book);
    bool sawConsent = false, sawReviewer = false;
    for (const auto& p : problems) {
        sawConsent = sawConsent || contains(p, "consent recorded by");
        sawReviewer = sawReviewer || contains(p, "reviewed by");
        BOOST_TEST(!contains(p, "Marsh"), p);
    }
    BOOST_TEST(sawConsent);
    BOOST_TEST(sawReviewer);

    // A name is not a role: reviewing and acknowledging refuse it.
    BOOST_CHECK_THROW(app::markReviewed(*store, c.id, "Mr Patel"), DataError);
}

BOOST_FIXTURE_TEST_CASE(a_name_inside_an_area_name_is_still_found_in_the_workbook, SampleFixture)
{
    const auto book = dir.file("book.xlsx");
    test::writeTextWorkbook(book, "Case studies", {"Kent" /* the area itself */, "Gender: Ken"});
    const auto problems = app::rescanWorkbook(*store, submission, book);
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(contains(problems[0], "personal name"), problems[0]);
}

// ---- no copy stays behind -----------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(an_edit_leaves_no_copy_of_removed_text_in_the_store_file, SampleFixture)
{
    auto c = *store->caseStudyByReference("CS-001");
    const std::string secret = "Quillon Marchbanks-Ottery";
    c.narrative += " Her brother " + secret + " lived in Doncaster.";
    c.consentRecordedBy = "Policy officer";
    store->update(c);
    // Acknowledge the town, so its text is copied into the acknowledgements.
    bool acknowledged = false;
    for (const auto& field : app::scanCaseStudy(*store, *store->caseStudy(c.id)))
        for (const auto& f : field.open)
            if (f.matched == "Doncaster" && f.severity == anon::Severity::Warn) {
                app::acknowledgeFinding(*store, field, f, "A large city", "Policy officer");
                acknowledged = true;
            }
    BOOST_REQUIRE(acknowledged);
    BOOST_REQUIRE(contains(storeBytes(path), secret)); // so the test can fail

    c = *store->caseStudy(c.id);
    c.narrative = c.narrative.substr(0, c.narrative.find(" Her brother "));
    store->update(c);
    for (const auto& a : store->acknowledgements(c.uuid)) // its text is gone, so is its acknowledgement
        BOOST_TEST(a.matchedText != "Doncaster");
    const auto log = store->auditLog({});
    BOOST_REQUIRE(!log.empty());
    bool sawRedacted = false;
    for (const auto& e : log) {
        BOOST_TEST(!contains(e.oldValues, secret));
        sawRedacted = sawRedacted || contains(e.oldValues, "[redacted: ");
    }
    BOOST_TEST(sawRedacted); // who changed which field when stays; the text does not
    store.reset();           // the command ends
    const std::string bytes = storeBytes(path);
    BOOST_TEST(!contains(bytes, secret));
    BOOST_TEST(!contains(bytes, "Doncaster"));
    BOOST_TEST(!contains(bytes, "Marchbanks"));
}

BOOST_AUTO_TEST_CASE(a_store_from_before_redaction_has_its_audit_log_redacted_on_upgrade)
{
    test::TempDir dir;
    const auto path = dir.file("old.evidence");
    {
        // A store at schema 5, made by the real migrations.
        auto raw = test::openStoreAtVersion(path, 5);
        // As an earlier version logged it: the text itself.
        raw.exec("INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, old_values, "
                 "new_values) VALUES ('2019-01-01', 'x', 'case_studies', 'u', 'update', "
                 "json_object('narrative', 'Zephyrine Oakwright-Bell'), json_object('narrative', ''))");
    }
    {
        auto store = db::Store::open(path);
        BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
        const std::string old =
            store.database().execAndGet("SELECT old_values FROM audit_log WHERE record_uuid = 'u'").getString();
        BOOST_TEST(old == "{\"narrative\":\"[redacted: 24 characters]\"}");
    }
    BOOST_TEST(!contains(storeBytes(path), "Zephyrine"));
}

// Earlier versions kept an imported file's name in imports and in the import's audit entry; the upgrade
// to schema 8 withholds it there too.
BOOST_AUTO_TEST_CASE(a_store_from_before_schema_8_has_its_import_file_names_withheld_on_upgrade)
{
    test::TempDir dir;
    const auto path = dir.file("old.evidence");
    {
        auto store = db::Store::create(path, test::fixedOptions());
        // As an earlier version recorded it (its audit trigger copies the row into the log).
        store.database().exec(
            "INSERT INTO imports (uuid, file_name, file_size, sha256, kind, rows, inserted, replaced) "
            "VALUES ('u', '/home/officer/Evangeline Thistlewood-Marr.csv', 10, '" +
            std::string(64, 'a') + "', 'case_studies', 1, 1, 0)");
        BOOST_REQUIRE(contains(
            store.database().execAndGet("SELECT new_values FROM audit_log WHERE record_uuid = 'u'").getString(),
            "Thistlewood"));
        // A store of schema 7 has none of what later schemas add.
        store.database().exec("DROP TABLE consultation_profiles");
        store.database().exec("DROP TABLE submission_points");
        for (const char* t : {"audit_questions_insert", "audit_questions_update", "audit_questions_delete",
                              "acknowledgements_questions_update", "acknowledgements_questions_delete"})
            store.database().exec(std::string("DROP TRIGGER IF EXISTS ") + t);
        for (const char* c : {"word_limit", "form_char_limit", "required"})
            store.database().exec(std::string("ALTER TABLE questions DROP COLUMN ") + c);
        store.database().exec("PRAGMA user_version = 7");
    }
    {
        auto store = db::Store::open(path);
        BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
        auto& db = store.database();
        BOOST_TEST(db.execAndGet("SELECT file_name FROM imports").getString() ==
                   "[file name withheld: 31 characters].csv");
        BOOST_TEST(db.execAndGet("SELECT count(*) FROM audit_log WHERE new_values LIKE '%Thistlewood%' OR "
                                 "old_values LIKE '%Thistlewood%'")
                       .getInt() == 0);
        BOOST_TEST(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'audit_imports_update'").getInt() ==
                   1);
    }
    BOOST_TEST(!contains(storeBytes(path), "Thistlewood"));
    BOOST_TEST(!contains(storeBytes(path), "Evangeline"));
}

// ---- no echo ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(import_errors_mask_free_text)
{
    test::StoreFixture f;
    const std::string narrative = "Rosalind Featherstonehaugh told her teacher.";
    const auto problems =
        importProblems(f.store, kCaseHeader + "CS-1," + std::string(32768, 'a') + "," + narrative + ",,maybe,,\n");
    BOOST_REQUIRE(!problems.empty());
    for (const auto& p : problems) {
        BOOST_TEST(!contains(p, "Featherstonehaugh"), p);
        BOOST_TEST(!contains(p, "aaaaaaaaaa"), p);
    }
    BOOST_TEST(contains(problems.at(0), "in.csv:2: column 'title' value 'a\u2026 (32768 characters)'"), problems.at(0));
}

BOOST_AUTO_TEST_CASE(finding_descriptions_mask_the_matched_text)
{
    anon::Finding f;
    f.kind = anon::FindingKind::PersonName;
    f.severity = anon::Severity::Block;
    f.matched = "Helen Marsh";
    f.charBegin = 4;
    f.charEnd = 15;
    BOOST_TEST(app::describeFinding(f) == "BLOCK personal name at characters 5-15 ('H\u2026 (11 characters)')");
}

// ---- bad input is refused, nothing changed -------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_case_study_values_are_refused_with_line_and_reason)
{
    test::StoreFixture f;
    auto one = [&](const std::string& row) {
        const auto before = f.store.caseStudies().size();
        const auto p = importProblems(f.store, kCaseHeader + row);
        BOOST_TEST(f.store.caseStudies().size() == before);
        BOOST_REQUIRE_MESSAGE(p.size() == 1u, "expected one problem for " << row.substr(0, 60) << ", got " << p.size());
        return p[0];
    };
    BOOST_TEST(contains(one("CS-1,Title,Text,Outcome,yes,Policy officer,2019-02-31\n"),
                        "in.csv:2: column 'consent_date' value '2019-02-31': is not a date of the calendar"));
    BOOST_TEST(one("CS-1,Title,Text,Outcome,yes,Policy officer,2019-02-29\n").find("consent_date") !=
               std::string::npos);
    BOOST_TEST(
        importProblems(f.store, kCaseHeader + "CS-1,Title,Text,Outcome,yes,Policy officer,2020-02-29\n").empty());
    BOOST_TEST(contains(one("CS-2,Title,Text," + std::string(32768, 'o') + ",no,,\n"),
                        "column 'outcome' value 'o\u2026 (32768 characters)': is longer than 32,767 characters"));
    BOOST_TEST(contains(one("CS-3," + std::string(32768, 't') + ",Text,,no,,\n"), "column 'title'"));
    const auto nul = one("CS-4,Title,Before\0after,,no,,\n"s);
    BOOST_TEST(contains(nul, "in.csv:2: the file holds a NUL byte"), nul);
}

BOOST_AUTO_TEST_CASE(a_fraction_of_a_count_is_refused)
{
    test::StoreFixture f;
    test::addOffencesAndFoi(f.store);
    const std::string header = "measure,area_code,period,value,source\n";
    const auto p =
        importProblems(f.store, header + "Offences,E23000013,2019/20,12,FOI\nOffences,E23000014,2019/20,1.5,FOI\n");
    BOOST_REQUIRE(p.size() == 1u);
    BOOST_TEST(contains(p[0], "in.csv:3: column 'value' value '1.5': is not a whole number"), p[0]);
    BOOST_TEST(f.store.observationCount() == 0u);
}

BOOST_AUTO_TEST_CASE(the_store_refuses_a_nul_and_an_overlong_title_on_edit)
{
    test::StoreFixture f;
    CaseStudy c;
    c.reference = "CS-1";
    c.title = "Title";
    c.narrative = "Text";
    f.store.insert(c);
    auto bad = c;
    bad.narrative = "Before"s + '\0' + "after";
    BOOST_CHECK_THROW(f.store.update(bad), DataError);
    bad = c;
    bad.title = std::string(32768, 't');
    BOOST_CHECK_THROW(f.store.update(bad), DataError);
    bad = c;
    bad.outcome = std::string(32768, 'o');
    BOOST_CHECK_THROW(f.store.update(bad), DataError);
    BOOST_TEST(f.store.caseStudy(c.id)->title == "Title");
    BOOST_TEST(f.store.caseStudy(c.id)->narrative == "Text");
}

BOOST_AUTO_TEST_CASE(files_that_are_not_files_and_endless_fields_are_refused)
{
    test::StoreFixture f;
    auto refused = [&](const std::filesystem::path& file) -> std::string {
        try {
            app::importCsv(f.store, file, {});
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    };
    BOOST_TEST(contains(refused("/dev/zero"), "/dev/zero is not a file but a device"));
    const auto fifo = f.dir.file("pipe.csv");
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    BOOST_TEST(contains(refused(fifo), "is not a file but a named pipe"));
    // A field that never ends (an unclosed quote over 1 MiB) is refused at the limit, not read to the end.
    const auto longField = f.dir.file("long.csv");
    test::writeFile(longField, kCaseHeader + "CS-1,Title,\"" + std::string(3u << 20, 'x') + "\n");
    BOOST_TEST(contains(refused(longField), "long.csv:2: a field is longer than 1 MiB"), refused(longField));
    // Fields under the limit that make a row over 4 MiB.
    const auto longRow = f.dir.file("row.csv");
    std::string row = "CS-1";
    for (int i = 0; i < 5; ++i)
        row += "," + std::string(900u << 10, 'y');
    test::writeFile(longRow, kCaseHeader + row + "\n");
    BOOST_TEST(contains(refused(longRow), "row.csv:2: a row is longer than 4 MiB"), refused(longRow));
    BOOST_TEST(f.store.caseStudies().empty());
}

// ---- files the tool writes ----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE_END()
