#include "core/errors.h"
#include "core/period.h"
#include "db/store_impl.h"
#include "support/old_store.h"
#include "support/store_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>

using namespace evidence;
using evidence::test::makeStoreAtVersion;
using evidence::test::readFile;
using evidence::test::registerAuditFunctions;
using evidence::test::TempDir;
using evidence::test::writeFile;

namespace {

// Opening must refuse @p path with a FileError mentioning @p words, and leave its bytes unchanged.
void expectRefusedUnchanged(const std::filesystem::path& path, const std::string& words)
{
    const std::string before = std::filesystem::is_regular_file(path) ? readFile(path) : "";
    try {
        db::Store::open(path);
        BOOST_FAIL("opened " + path.string());
    } catch (const FileError& e) {
        BOOST_TEST_INFO(e.what());
        BOOST_TEST(std::string(e.what()).find(words) != std::string::npos);
    }
    if (std::filesystem::is_regular_file(path))
        BOOST_TEST((readFile(path) == before));
}

} // namespace

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_AUTO_TEST_CASE(fresh_store_has_latest_schema_and_audit_triggers)
{
    test::StoreFixture f;
    BOOST_TEST(f.store.schemaVersion() == db::Store::latestSchemaVersion());
    const int triggers =
        f.store.database()
            .execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
            .getInt();
    const int tables = f.store.database()
                           .execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                                       "('audit_log', 'store_info') AND name NOT LIKE 'sqlite_%'")
                           .getInt();
    BOOST_TEST(triggers == 3 * tables);
}

BOOST_AUTO_TEST_CASE(upgrade_from_each_earlier_version_keeps_data)
{
    for (int v = 1; v < db::Store::latestSchemaVersion(); ++v) {
        BOOST_TEST_CONTEXT("from version " << v)
        {
            TempDir dir;
            const auto path = dir.file("old.evidence");
            makeStoreAtVersion(path, v);
            {
                SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
                registerAuditFunctions(raw);
                raw.exec("INSERT INTO measures (uuid, name) VALUES ('11111111-1111-4111-8111-111111111111', 'Kept')");
            }
            auto store = db::Store::open(path);
            BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
            BOOST_TEST(store.measureByName("Kept").has_value());
            Measure m;
            m.name = "New";
            store.insert(m);
            BOOST_TEST(store.auditLog({m.uuid, std::nullopt, 0}).size() == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_a_store_from_a_newer_version)
{
    TempDir dir;
    const auto path = dir.file("newer.evidence");
    db::Store::create(path);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = " + std::to_string(db::Store::latestSchemaVersion() + 1));
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    expectRefusedUnchanged(path, "newer version of Evidence Desk");
}

BOOST_AUTO_TEST_CASE(refuses_non_sqlite_files)
{
    TempDir dir;
    writeFile(dir.file("notes.evidence"), "measure,area\nthis is a CSV file\n");
    expectRefusedUnchanged(dir.file("notes.evidence"), "not a SQLite database");
    writeFile(dir.file("empty.evidence"), "");
    expectRefusedUnchanged(dir.file("empty.evidence"), "not a SQLite database");
    expectRefusedUnchanged(dir.file("missing.evidence"), "does not exist");
    std::filesystem::create_directory(dir.file("folder.evidence"));
    expectRefusedUnchanged(dir.file("folder.evidence"), "is a folder");
}

BOOST_AUTO_TEST_CASE(refuses_a_sqlite_file_that_is_not_a_store)
{
    TempDir dir;
    const auto path = dir.file("other.db");
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE t (x)");
    }
    expectRefusedUnchanged(path, "not an Evidence Desk store");
}

BOOST_AUTO_TEST_CASE(refuses_a_corrupt_store)
{
    TempDir dir;
    const auto path = dir.file("corrupt.evidence");
    {
        auto store = db::Store::create(path);
    }
    std::string bytes = readFile(path);
    BOOST_REQUIRE(bytes.size() > 8192);
    // Damage the b-tree pages (not the header), as a bad disk or a half-copied file would.
    for (std::size_t i = 4096 + 8; i < bytes.size(); i += 97)
        bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
    writeFile(path, bytes);
    expectRefusedUnchanged(path, "damaged");

    const auto truncated = dir.file("truncated.evidence");
    writeFile(truncated, bytes.substr(0, 10));
    expectRefusedUnchanged(truncated, "not a SQLite database");
}

BOOST_AUTO_TEST_CASE(a_failing_migration_leaves_the_file_as_it_was)
{
    TempDir dir;
    const auto path = dir.file("clash.evidence");
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA application_id = " + std::to_string(db::Store::kApplicationId));
        raw.exec("CREATE TABLE sources (x)"); // migration 1 will clash with it
    }
    expectRefusedUnchanged(path, "");
    SQLite::Database raw(path.string(), SQLite::OPEN_READONLY);
    BOOST_TEST(raw.execAndGet("PRAGMA user_version").getInt() == 0);
    BOOST_TEST(raw.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 1);
}

BOOST_AUTO_TEST_CASE(a_version_2_store_gains_the_import_record)
{
    TempDir dir;
    const auto path = dir.file("v2.evidence");
    makeStoreAtVersion(path, 2);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        registerAuditFunctions(raw);
        raw.exec("INSERT INTO measures (uuid, name) VALUES ('11111111-1111-4111-8111-111111111111', 'Kept')");
        BOOST_TEST(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'imports'").getInt() == 0);
    }
    auto store = db::Store::open(path);
    BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
    BOOST_TEST(store.measureByName("Kept").has_value());
    auto& db = store.database();
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM imports").getInt() == 0);
    // The new table is audited like every other, and the old tables keep their triggers.
    BOOST_TEST(
        db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'imports'").getInt() ==
        3);
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = "
                             "'audit_observations_insert'")
                   .getInt() == 1);
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    BOOST_TEST(!fk.executeStep());
}

BOOST_AUTO_TEST_CASE(a_version_3_store_keeps_its_observations_under_one_identity_index)
{
    TempDir dir;
    const auto path = dir.file("v3.evidence");
    makeStoreAtVersion(path, 3);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        registerAuditFunctions(raw);
        raw.exec(
            "INSERT INTO measures (id, uuid, name) VALUES (7, '11111111-1111-4111-8111-111111111111', 'Offences')");
        raw.exec("INSERT INTO sources (id, uuid, title) VALUES (3, '22222222-2222-4222-8222-222222222222', 'FOI')");
        raw.exec("INSERT INTO areas (id, uuid, code, name, kind) VALUES (5, '33333333-3333-4333-8333-333333333333', "
                 "'E23000039', 'Dorset', 'police_force_area')");
        raw.exec("INSERT INTO observations (id, uuid, measure_id, area_id, period, period_key, dimension, category, "
                 "value, markers, source_id, note) VALUES (41, '44444444-4444-4444-8444-444444444444', 7, 5, "
                 "'2015/16', " +
                 std::to_string(Period::parse("2015/16").sortKey()) +
                 ", '', '', 28, '', 3, 'kept'), (42, '55555555-5555-4555-8555-555555555555', 7, 5, '2018/19', " +
                 std::to_string(Period::parse("2018/19").sortKey()) + ", 'victim age', '13', NULL, '[c]', 3, '')");
    }
    auto store = db::Store::open(path);
    BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
    auto& db = store.database();
    BOOST_TEST(db.execAndGet("SELECT group_concat(id || ' ' || uuid || ' ' || ifnull(value, '-') || ' ' || markers || "
                             "' ' || note, '; ') FROM (SELECT * FROM observations ORDER BY id)")
                   .getString() == "41 44444444-4444-4444-8444-444444444444 28.0  kept; "
                                   "42 55555555-5555-4555-8555-555555555555 - [c] ");
    // The only indexes left are the uuid's, the identity in series order, (schema 5) the same order for the
    // figures with a note, which holds only those, and (schema 9) each measure's figures by breakdown.
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM pragma_index_list('observations')").getInt() == 4);
    BOOST_TEST(db.execAndGet("SELECT group_concat(i.name, ',') FROM pragma_index_list('observations') l, "
                             "pragma_index_info(l.name) i WHERE l.partial AND NOT l.\"unique\" ORDER BY i.seqno")
                   .getString() == "measure_id,area_id,dimension,category,period_key,source_id");
    BOOST_TEST(
        db.execAndGet("SELECT count(*) FROM observations INDEXED BY observations_noted WHERE note <> ''").getInt() ==
        1);
    BOOST_TEST(db.execAndGet("SELECT group_concat(c, ',') FROM (SELECT i.name AS c FROM "
                             "pragma_index_list('observations') l, pragma_index_info(l.name) i WHERE l.\"unique\" "
                             "AND l.name IN (SELECT name FROM pragma_index_list('observations') WHERE name NOT IN "
                             "(SELECT l2.name FROM pragma_index_list('observations') l2, pragma_index_info(l2.name) "
                             "i2 WHERE i2.name = 'uuid')) ORDER BY i.seqno)")
                   .getString() == "measure_id,area_id,dimension,category,period_key,source_id");
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                             "'observations' AND name LIKE 'audit_%'")
                   .getInt() == 3);
    Observation again = *store.observation(41);
    again.id = 0;
    again.uuid.clear();
    BOOST_CHECK_THROW(store.insert(again), DataError);
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    BOOST_TEST(!fk.executeStep());
}

BOOST_AUTO_TEST_CASE(a_version_2_store_that_cannot_be_upgraded_is_left_as_it_was)
{
    TempDir dir;
    const auto path = dir.file("clash3.evidence");
    makeStoreAtVersion(path, 2);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("CREATE TABLE imports (x)"); // migration 3 will clash with it
        raw.exec("PRAGMA journal_mode = DELETE");
    }
    expectRefusedUnchanged(path, "upgrading it to this version of Evidence Desk failed");
    SQLite::Database raw(path.string(), SQLite::OPEN_READONLY);
    BOOST_TEST(raw.execAndGet("PRAGMA user_version").getInt() == 2);
}

BOOST_AUTO_TEST_CASE(a_version_2_store_is_not_upgraded_read_only)
{
    TempDir dir;
    const auto path = dir.file("ro2.evidence");
    makeStoreAtVersion(path, 2);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA journal_mode = DELETE");
    }
    const std::string before = readFile(path);
    BOOST_CHECK_THROW(db::Store::open(path, db::OpenMode::ReadOnly), FileError);
    BOOST_TEST((readFile(path) == before));
}

BOOST_AUTO_TEST_CASE(a_version_6_store_keeps_every_case_study_reference_when_case_studies_are_rebuilt)
{
    TempDir dir;
    const auto path = dir.file("six.evidence");
    makeStoreAtVersion(path, 6);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        registerAuditFunctions(raw);
        raw.exec("PRAGMA foreign_keys = ON");
        raw.exec("INSERT INTO consultations (id, uuid, title) VALUES (1, 'c1', 'Consultation')");
        raw.exec("INSERT INTO questions (id, uuid, consultation_id, number, position, text, answer_type) "
                 "VALUES (1, 'q1', 1, '3', 1, 'Question', 'free_text')");
        raw.exec("INSERT INTO case_studies (id, uuid, reference, title, consent, consent_recorded_by, review_state, "
                 "reviewed_by, reviewed_at) VALUES (7, 'cs-uuid-7', 'CS-007', 'Told', 'yes', 'Policy officer', "
                 "'reviewed', 'Policy officer', '2019-06-27T10:00:00Z'), (9, 'cs-uuid-9', 'CS-009', 'Other', "
                 "'unknown', '', 'draft', '', '')");
        raw.exec("INSERT INTO case_study_questions (uuid, case_study_id, question_id) VALUES ('csq', 7, 1)");
        raw.exec("INSERT INTO submissions (id, uuid, consultation_id, title) VALUES (1, 's1', 1, 'Response')");
        raw.exec("INSERT INTO submission_case_studies (uuid, submission_id, case_study_id) VALUES ('scs7', 1, 7), "
                 "('scs9', 1, 9)");
        raw.exec("INSERT INTO answers (id, uuid, submission_id, question_id, text) VALUES (1, 'a1', 1, 1, 'A')");
        raw.exec("INSERT INTO answer_evidence (uuid, answer_id, case_study_id) VALUES ('ae', 1, 7)");
        raw.exec("INSERT INTO finding_acknowledgements (uuid, record_table, record_uuid, field, kind, matched_text, "
                 "fingerprint, reason, acknowledged_by, acknowledged_at) VALUES ('ack', 'case_studies', 'cs-uuid-7', "
                 "'case_study.title', 'place', 'Told', 'place|told', 'Not a place', 'Policy officer', 'now')");
        raw.exec("INSERT INTO measures (id, uuid, name) VALUES (1, 'm1', 'Offences')");
        raw.exec("INSERT INTO sources (id, uuid, title, date_published) VALUES (1, 'src1', 'FOI', '2019-06')");
        raw.exec("INSERT INTO areas (id, uuid, name, kind) VALUES (1, 'ar1', 'Dorset', 'police_force_area')");
        raw.exec("INSERT INTO observations (uuid, measure_id, area_id, period, period_key, value, source_id) "
                 "VALUES ('o1', 1, 1, '2018/19', " +
                 std::to_string(Period::parse("2018/19").sortKey()) + ", 82, 1)");
    }
    auto store = db::Store::open(path, db::OpenMode::ReadWrite, test::fixedOptions());
    BOOST_TEST(store.schemaVersion() == db::Store::latestSchemaVersion());
    auto& db = store.database();
    auto count = [&](const std::string& sql) { return db.execAndGet(sql).getInt(); };
    // Every row and every reference to a case study survives the rebuild of its table.
    BOOST_TEST(count("SELECT count(*) FROM case_studies") == 2);
    BOOST_TEST(count("SELECT count(*) FROM case_study_questions") == 1);
    BOOST_TEST(count("SELECT count(*) FROM submission_case_studies") == 2);
    BOOST_TEST(count("SELECT count(*) FROM answer_evidence WHERE case_study_id = 7") == 1);
    BOOST_TEST(count("SELECT count(*) FROM finding_acknowledgements") == 1);
    const auto told = store.caseStudyByReference("cs-007"); // found through the re-created NOCASE index
    BOOST_REQUIRE(told);
    BOOST_TEST(told->id == 7);
    BOOST_TEST(told->uuid == "cs-uuid-7");
    BOOST_TEST((told->basis == CaseStudyBasis::Consent));
    BOOST_TEST((told->consent == Consent::Obtained));
    BOOST_TEST(told->reviewedAt == "2019-06-27T10:00:00Z");
    BOOST_TEST((told->questionNumbers == std::vector<std::string>{"3"}));
    BOOST_TEST(count("SELECT count(*) FROM sqlite_master WHERE name = 'case_studies_reference_nocase'") == 1);
    BOOST_TEST(count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_studies'") == 5);
    BOOST_TEST(count("PRAGMA foreign_keys") == 1);
    // Figures and submissions gain their new fields with the defaults that keep them true.
    const auto o = store.observations().at(0);
    BOOST_TEST(o.asAt.empty());
    BOOST_TEST(o.round.empty());
    BOOST_TEST(figureAsAt(o, *store.source(o.sourceId)) == "2019-06");
    BOOST_TEST(store.submission(1)->coverageThreshold == 0.5);

    // The rebuilt table is audited and still cascades to what refers to it.
    CaseStudy c = *told;
    c.basis = CaseStudyBasis::PublishedAccount;
    c.consent = Consent::Unknown;
    c.citation = {"Bournemouth Echo", "A report", "2019-06-25", ""};
    store.update(c);
    const auto log = store.auditLog({std::string("cs-uuid-7"), std::nullopt, 1});
    BOOST_REQUIRE(log.size() == 1u);
    BOOST_TEST(log[0].newValues.find("\"basis\":\"published_account\"") != std::string::npos);
    BOOST_TEST(log[0].newValues.find("\"consent\":\"not_applicable\"") != std::string::npos);
    store.removeCaseStudy(7);
    BOOST_TEST(count("SELECT count(*) FROM submission_case_studies") == 1);
    BOOST_TEST(count("SELECT count(*) FROM answer_evidence") == 0);
    BOOST_TEST(count("SELECT count(*) FROM finding_acknowledgements") == 0);
}

// Schema 12: an update marks each text it edits, even one that kept its length; the entries logged before
// it, which give a length only, are known by the first id the store records.
BOOST_AUTO_TEST_CASE(a_version_11_store_marks_text_edits_from_its_next_entry)
{
    TempDir dir;
    const auto path = dir.file("v11.evidence");
    makeStoreAtVersion(path, 11);
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        registerAuditFunctions(raw);
        raw.exec("INSERT INTO sources (uuid, title) VALUES ('22222222-2222-4222-8222-222222222222', 'FOI')");
        raw.exec("UPDATE sources SET title = 'FOX'");
        // As version 11's triggers logged it (the helper's triggers are today's).
        raw.exec("UPDATE audit_log SET new_values = replace(new_values, ' characters, edited]', ' characters]')");
    }
    auto store = db::Store::open(path);
    auto& db = store.database();
    const auto before = db.execAndGet("SELECT max(id) FROM audit_log").getInt64();
    BOOST_TEST(db.execAndGet("SELECT value FROM store_info WHERE key = 'audit_marks_text_edits_from'").getInt64() ==
               before + 1);
    db.exec("UPDATE sources SET title = 'FOY', publisher = 'Home Office'");
    const std::string after = db.execAndGet("SELECT new_values FROM audit_log ORDER BY id DESC LIMIT 1").getString();
    BOOST_TEST(after.find("\"title\":\"[redacted: 3 characters, edited]\"") != std::string::npos, after);
    BOOST_TEST(after.find("\"publisher\":\"[redacted: 11 characters, edited]\"") != std::string::npos, after);
    BOOST_TEST(after.find("\"method\":\"[redacted: 0 characters]\"") != std::string::npos, after);
}

BOOST_AUTO_TEST_SUITE_END()
