// A bulk import is audited as one entry (file, size, SHA-256, counts)
// instead of one per row, while single edits and replaced rows stay audited row by row.

#include "app/importer.h"
#include "core/errors.h"
#include "csv/sha256.h"
#include "support/store_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>

using namespace evidence;
using app::importCsvText;
using app::ImportOptions;

namespace {

const std::string kCsv = "measure,area_code,period,value,marker,source\n"
                         "Offences,E23000039,2016/17,30,,FOI\n"
                         "Offences,E23000039,2017/18,,[x],FOI\n"
                         "Offences,E23000039,2018/19,41,[p],FOI\n";

struct BulkFixture : test::StoreFixture
{
    BulkFixture() { test::addOffencesAndFoi(store); }
    std::size_t auditCount(const std::string& table) { return store.auditLog({std::nullopt, table, 0}).size(); }
    bool insertTriggerPresent()
    {
        return store.database()
                   .execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = "
                               "'audit_observations_insert'")
                   .getInt() == 1;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(bulk_audit)

BOOST_AUTO_TEST_CASE(sha256_matches_the_standard_vectors)
{
    BOOST_TEST(csv::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(csv::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(csv::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // Fed in odd pieces, across block boundaries.
    const std::string million(1000000, 'a');
    csv::Sha256 h;
    for (std::size_t i = 0; i < million.size(); i += 7)
        h.update(std::string_view(million).substr(i, 7));
    BOOST_TEST(h.size() == 1000000u);
    BOOST_TEST(h.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_FIXTURE_TEST_CASE(an_import_is_one_audit_entry_naming_the_file_by_its_hash, BulkFixture)
{
    const auto before = store.auditLog().size();
    const auto r = importCsvText(store, kCsv, "figures.csv", {});
    BOOST_TEST(r.inserted == 3u);
    BOOST_TEST(store.auditLog().size() == before + 1);
    BOOST_TEST(auditCount("observations") == 0u);
    const auto entries = store.auditLog({std::nullopt, std::string("imports"), 0});
    BOOST_REQUIRE(entries.size() == 1u);
    const auto& e = entries.front();
    BOOST_TEST(e.action == "insert");
    BOOST_TEST(e.osUser == "tester");
    BOOST_TEST_INFO(e.newValues);
    BOOST_TEST(e.newValues.find("\"file_name\":\"[file name withheld: 11 characters].csv\"") != std::string::npos);
    BOOST_TEST(e.newValues.find("\"sha256\":\"" + csv::sha256Hex(kCsv) + "\"") != std::string::npos);
    BOOST_TEST(e.newValues.find("\"file_size\":" + std::to_string(kCsv.size())) != std::string::npos);
    BOOST_TEST(e.newValues.find("\"kind\":\"observations\"") != std::string::npos);
    BOOST_TEST(e.newValues.find("\"rows\":3,\"inserted\":3,\"replaced\":0") != std::string::npos);
    BOOST_TEST(insertTriggerPresent());

    // Figures entered one at a time afterwards are audited row by row as before.
    Observation o;
    o.measureId = store.measureByName("Offences")->id;
    o.sourceId = store.sourceByTitle("FOI")->id;
    o.areaId = store.areasByCode("E23000039").front().id;
    o.period = Period::parse("2019/20");
    o.value = 5;
    store.insert(o);
    BOOST_TEST(store.auditLog({o.uuid, std::nullopt, 0}).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(imported_rows_get_distinct_ordered_uuids, BulkFixture)
{
    importCsvText(store, kCsv, "figures.csv", {});
    const auto all = store.observations();
    BOOST_REQUIRE(all.size() == 3u);
    std::vector<std::string> uuids;
    for (const auto& o : all) {
        BOOST_TEST(o.uuid.size() == 36u);
        BOOST_TEST(o.uuid[14] == '7'); // RFC 9562 version 7
        BOOST_TEST((o.uuid[19] == '8' || o.uuid[19] == '9' || o.uuid[19] == 'a' || o.uuid[19] == 'b'));
        uuids.push_back(o.uuid);
    }
    std::sort(uuids.begin(), uuids.end());
    BOOST_TEST((std::adjacent_find(uuids.begin(), uuids.end()) == uuids.end()));
}

BOOST_FIXTURE_TEST_CASE(an_imports_entry_names_the_figures_it_added_and_no_other, BulkFixture)
{
    Observation before;
    before.measureId = store.measureByName("Offences")->id;
    before.sourceId = store.sourceByTitle("FOI")->id;
    before.areaId = store.areasByCode("E23000039").front().id;
    before.period = Period::parse("2015/16");
    before.value = 25;
    store.insert(before);
    auto replacing = ImportOptions{};
    replacing.replace = true;
    importCsvText(store, "measure,area_code,period,value,source\nOffences,E23000039,2015/16,26,FOI\n", "fix.csv",
                  replacing);
    importCsvText(store, kCsv, "figures.csv", {});
    SQLite::Statement q(store.database(),
                        "SELECT json_extract(new_values, '$.added.table'), (SELECT group_concat(o.period, ' ') FROM "
                        "(SELECT period FROM observations WHERE uuid BETWEEN json_extract(new_values, "
                        "'$.added.first_uuid') AND json_extract(new_values, '$.added.last_uuid') ORDER BY period) "
                        "AS o) FROM audit_log WHERE table_name = 'imports' ORDER BY id");
    // An import that only replaced a figure added none: the figure keeps its uuid and its own entries.
    BOOST_REQUIRE(q.executeStep());
    BOOST_TEST(q.getColumn(0).isNull());
    BOOST_REQUIRE(q.executeStep());
    BOOST_TEST(q.getColumn(0).getString() == "observations");
    BOOST_TEST(q.getColumn(1).getString() == "2016/17 2017/18 2018/19");
}

BOOST_FIXTURE_TEST_CASE(replaced_rows_keep_their_old_values_in_the_log, BulkFixture)
{
    importCsvText(store, kCsv, "figures.csv", {});
    ImportOptions o;
    o.replace = true;
    const std::string changed = "measure,area_code,period,value,marker,source\n"
                                "Offences,E23000039,2016/17,31,,FOI\n"
                                "Offences,E23000039,2019/20,7,,FOI\n";
    const auto r = importCsvText(store, changed, "fix.csv", o);
    BOOST_TEST(r.replaced == 1u);
    BOOST_TEST(r.inserted == 1u);
    const auto updates = store.auditLog({std::nullopt, std::string("observations"), 0});
    BOOST_REQUIRE(updates.size() == 1u);
    BOOST_TEST(updates.front().action == "update");
    BOOST_TEST(updates.front().oldValues.find("\"value\":30.0") != std::string::npos);
    BOOST_TEST(updates.front().newValues.find("\"value\":31.0") != std::string::npos);
    BOOST_TEST(auditCount("imports") == 2u);
    BOOST_TEST(
        store.auditLog({std::nullopt, std::string("imports"), 1}).front().newValues.find("\"options\":\"replace\"") !=
        std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(refused_and_dry_imports_leave_no_trace, BulkFixture)
{
    const auto before = store.auditLog().size();
    ImportOptions dry;
    dry.dryRun = true;
    importCsvText(store, kCsv, "figures.csv", dry);
    BOOST_CHECK_THROW(importCsvText(store, kCsv + "Offences,E23000039,2017/19,4,,FOI\n", "bad.csv", {}), DataError);
    BOOST_TEST(store.auditLog().size() == before);
    BOOST_TEST(store.observationCount() == 0u);
    BOOST_TEST(store.database().execAndGet("SELECT count(*) FROM imports").getInt() == 0);
    BOOST_TEST(insertTriggerPresent());
}

BOOST_FIXTURE_TEST_CASE(case_studies_stay_audited_row_by_row, BulkFixture)
{
    const std::string csv = "reference,title,narrative\nCS-101,One,A child was contacted online.\n"
                            "CS-102,Two,A child was helped by a teacher.\n";
    importCsvText(store, csv, "cases.csv", {});
    BOOST_TEST(auditCount("case_studies") == 2u);
    const auto entries = store.auditLog({std::nullopt, std::string("imports"), 0});
    BOOST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(entries.front().newValues.find("\"kind\":\"case_studies\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
