// The malformed-input corpus (tests/data/malformed): every file gets its clear error from evidence-cli
// and leaves every file as it was; then damaged, foreign, newer, locked and read-only stores.
#define BOOST_TEST_MODULE malformed
#include "support/process.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace evidence;

namespace {

test::ProcessResult cli(const std::vector<std::string>& args)
{
    return test::runProcess(EVIDENCE_CLI, args);
}

std::filesystem::path corpus()
{
    return test::sourcePath("tests/data/malformed");
}

/// A store with the measure and source the corpus files name.
std::filesystem::path makeStore(const test::TempDir& dir, const std::string& name)
{
    const auto path = dir.file(name);
    auto store = db::Store::create(path);
    test::addOffencesAndFoi(store);
    return path;
}

/// Everything a failed command must leave alone: the rows and the audit log.
std::string snapshot(const std::filesystem::path& store)
{
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
    std::string s;
    for (const char* table : {"observations", "case_studies", "measures", "sources", "audit_log"})
        s += std::to_string(db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64()) + ",";
    return s + db.execAndGet("PRAGMA integrity_check").getString();
}

} // namespace

BOOST_AUTO_TEST_CASE(every_malformed_csv_gets_its_message_and_changes_nothing)
{
    test::TempDir dir;
    const auto store = makeStore(dir, "s.evidence");
    const std::string before = snapshot(store);
    std::ifstream expected(corpus() / "expected.tsv");
    std::string line;
    std::size_t checked = 0;
    while (std::getline(expected, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto tab = line.find('\t');
        const std::string file = line.substr(0, tab), message = line.substr(tab + 1);
        const auto path = corpus() / file;
        const std::string bytes = test::readFile(path);
        BOOST_TEST_CONTEXT(file)
        {
            const auto r = cli({"import", store.string(), path.string()});
            BOOST_TEST(r.exitCode == 2);
            BOOST_TEST(r.err.rfind(message, 0) == 0u, "stderr was: " << r.err);
            BOOST_TEST(r.out.empty());
            BOOST_TEST(snapshot(store) == before);
            BOOST_TEST((test::readFile(path) == bytes));
        }
        ++checked;
    }
    BOOST_TEST(checked >= 50u);
}

BOOST_AUTO_TEST_CASE(damaged_and_foreign_stores_are_refused_untouched)
{
    test::TempDir dir;
    const auto good = makeStore(dir, "good.evidence");
    const std::string goodBytes = test::readFile(good);
    struct Case
    {
        std::string name, bytes, message;
    };
    std::string corrupt = goodBytes;
    for (std::size_t i = 4096 + 8; i < corrupt.size(); i += 89)
        corrupt[i] = static_cast<char>(corrupt[i] ^ 0x33);
    const std::vector<Case> cases = {
        {"truncated.evidence", goodBytes.substr(0, 50), "damaged"},
        {"header-only.evidence", goodBytes.substr(0, 12), "not an Evidence Desk store"},
        {"half.evidence", goodBytes.substr(0, goodBytes.size() / 2), "damaged"},
        {"corrupt.evidence", corrupt, "damaged"},
        {"text.evidence", "measure,value\n", "not an Evidence Desk store"},
        {"zeros.evidence", std::string(8192, '\0'), "not an Evidence Desk store"},
    };
    for (const auto& c : cases) {
        const auto path = dir.file(c.name);
        test::writeFile(path, c.bytes);
        BOOST_TEST_CONTEXT(c.name)
        {
            for (const std::vector<std::string>& args :
                 {std::vector<std::string>{"list", path.string(), "areas"},
                  std::vector<std::string>{"import", path.string(), (corpus() / "negative.csv").string()},
                  std::vector<std::string>{"export", path.string(), dir.file("out.xlsx").string()}}) {
                const auto r = cli(args);
                BOOST_TEST(r.exitCode == 2);
                BOOST_TEST(r.err.find(c.message) != std::string::npos, "stderr was: " << r.err);
            }
            BOOST_TEST((test::readFile(path) == c.bytes));
            BOOST_TEST(!std::filesystem::exists(path.string() + "-wal"));
        }
    }
    // A folder given as a store, and as a CSV file.
    auto r = cli({"list", dir.path().string(), "areas"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.err.find("is a folder") != std::string::npos);
    r = cli({"import", good.string(), dir.path().string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.err.find("is a folder") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_store_from_a_newer_version_is_refused_untouched)
{
    test::TempDir dir;
    const auto path = makeStore(dir, "newer.evidence");
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 99");
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const std::string bytes = test::readFile(path);
    const auto r = cli({"import", path.string(), (corpus() / "negative.csv").string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.err.find("made by a newer version of Evidence Desk (store format 99") != std::string::npos);
    BOOST_TEST((test::readFile(path) == bytes));
}

BOOST_AUTO_TEST_CASE(a_locked_store_gives_busy_not_a_crash)
{
    test::TempDir dir;
    const auto path = makeStore(dir, "locked.evidence");
    const auto csv = dir.file("ok.csv");
    test::writeFile(csv, "measure,area_code,period,value,source\nOffences,E23000039,2015/16,28,FOI\n");
    SQLite::Database holder(path.string(), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    const auto r = cli({"import", path.string(), csv.string()});
    BOOST_TEST(r.exitCode == 5); // in use by another program
    BOOST_TEST(r.err.find("is busy") != std::string::npos, "stderr was: " << r.err);
    holder.exec("ROLLBACK");
    BOOST_TEST(cli({"import", path.string(), csv.string()}).exitCode == 0);
}

BOOST_AUTO_TEST_CASE(a_read_only_store_is_refused_with_a_reason)
{
    if (geteuid() == 0) {
        // Permissions do not stop root; the store's own read-only mode is tested in db_tests.
        BOOST_TEST_MESSAGE("running as root: file permissions cannot make a store read-only here");
        return;
    }
    test::TempDir dir;
    const auto path = makeStore(dir, "ro.evidence");
    chmod(path.c_str(), 0400);
    const std::string bytes = test::readFile(path);
    const auto r = cli({"import", path.string(), (corpus() / "negative.csv").string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST((test::readFile(path) == bytes));
}
