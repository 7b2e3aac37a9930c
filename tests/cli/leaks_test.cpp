// evidence-cli as a process: what it prints, leaves behind and refuses (issue: nothing identifying
// leaves, stays behind or is echoed).
#define BOOST_TEST_MODULE cli_leaks
#include "cli/cli_process.h"
#include "db/store.h"
#include "support/process.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

using namespace evidence;
using test::cli;
using test::contains;
using test::TempDir;

namespace {

std::string storeBytes(const std::filesystem::path& store)
{
    std::string bytes = test::readFile(store);
    const std::filesystem::path wal = store.string() + "-wal";
    if (std::filesystem::exists(wal))
        bytes += test::readFile(wal);
    return bytes;
}

unsigned modeOf(const std::filesystem::path& p)
{
    struct stat st
    {
    };
    BOOST_REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

const std::string kCaseHeader = "reference,title,narrative,consent,consent_recorded_by\n";

} // namespace

BOOST_AUTO_TEST_SUITE(cli_leaks)

BOOST_AUTO_TEST_CASE(scan_masks_matched_text_unless_asked)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"scan", store});
    BOOST_TEST(r.exitCode == 3);
    BOOST_TEST(!contains(r.out, "Riverside Academy"));
    BOOST_TEST(contains(r.out, "R\u2026 (17 characters)"));
    r = cli({"scan", store, "--json"});
    BOOST_TEST(!contains(r.out, "Riverside Academy"));
    BOOST_TEST(!contains(r.out, "riverside academy")); // nor in a fingerprint
    r = cli({"scan", store, "--show-text"});
    BOOST_TEST(contains(r.out, "Riverside Academy"));
    r = cli({"review", store, "CS-004", "--role", "Policy officer"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(!contains(r.err, "Riverside Academy"));
    BOOST_TEST(contains(r.err, "CS-004 narrative: BLOCK school name at characters"));
}

BOOST_AUTO_TEST_CASE(check_and_a_refused_export_do_not_echo_findings)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    {
        auto s = db::Store::open(store);
        auto cs = *s.caseStudyByReference("CS-004");
        s.setCaseStudySelected(s.submissions().front().id, cs.id, true);
    }
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"check", store}, {"export", store, dir.file("r.xlsx").string(), "--allow-unreviewed"}}) {
        const auto r = cli(args);
        BOOST_TEST(r.exitCode != 0, args.front());
        BOOST_TEST(!contains(r.out + r.err, "Riverside Academy"), args.front() << ": " << r.out << r.err);
        BOOST_TEST(!contains(r.out + r.err, "07700 900123"), args.front());
        BOOST_TEST(contains(r.out + r.err, "R\u2026 (17 characters)"), args.front());
    }
}

BOOST_AUTO_TEST_CASE(import_refuses_devices_and_pipes_at_once)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"init", store}).exitCode == 0);
    auto r = cli({"import", store, "/dev/zero"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "/dev/zero is not a file but a device"), r.err);
    const auto fifo = dir.file("pipe.csv");
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    r = cli({"import", store, fifo.string()}); // would wait for a writer for ever if opened
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "is not a file but a named pipe"), r.err);
}

BOOST_AUTO_TEST_CASE(import_errors_do_not_echo_narratives)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"init", store}).exitCode == 0);
    const auto csv = dir.file("cases.csv");
    test::writeFile(csv, kCaseHeader + "CS-1,Online contact,Ottoline Grimsdyke was contacted by an adult,yes,\n");
    const auto r = cli({"import", store, csv.string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "cases.csv:2: column 'consent_recorded_by'"), r.err);
    BOOST_TEST(!contains(r.err, "Grimsdyke"));
}

BOOST_AUTO_TEST_CASE(a_replaced_narrative_leaves_no_copy_in_the_store_or_its_log)
{
    TempDir dir;
    const auto store = dir.file("s.evidence");
    BOOST_REQUIRE(cli({"init", store.string()}).exitCode == 0);
    const auto csv = dir.file("cases.csv");
    test::writeFile(csv, kCaseHeader + "CS-1,Online contact,Peregrine Ashdown-Vane was contacted online,no,\n");
    BOOST_REQUIRE(cli({"import", store.string(), csv.string()}).exitCode == 0);
    BOOST_REQUIRE(contains(storeBytes(store), "Ashdown-Vane")); // so the test can fail
    test::writeFile(csv, kCaseHeader + "CS-1,Online contact,A boy was contacted online,no,\n");
    BOOST_REQUIRE(cli({"import", store.string(), csv.string(), "--replace"}).exitCode == 0);
    BOOST_TEST(!contains(storeBytes(store), "Ashdown"));
    const std::filesystem::path wal = store.string() + "-wal";
    BOOST_TEST((!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0u));
    const auto audit = cli({"audit", store.string()});
    BOOST_TEST(contains(audit.out, "redacted"), audit.out);
}

// The store kept the imported file's name, and its audit entry too: a file named after a child stayed
// in the store whatever the narrative said. Only the name's length and extension are kept.
BOOST_AUTO_TEST_CASE(an_imported_file_s_name_does_not_stay_in_the_store)
{
    TempDir dir;
    const auto store = dir.file("s.evidence");
    BOOST_REQUIRE(cli({"init", store.string()}).exitCode == 0);
    const auto csv = dir.file("Tamsin Fairweather-Quayle statement.csv");
    test::writeFile(csv, kCaseHeader + "CS-1,Online contact,A girl was contacted online,no,\n");
    const auto r = cli({"import", store.string(), csv.string()});
    BOOST_REQUIRE(r.exitCode == 0);
    BOOST_TEST(!contains(r.err, "Fairweather"));
    BOOST_TEST(!contains(storeBytes(store), "Fairweather"));
    BOOST_TEST(!contains(storeBytes(store), "Tamsin"));
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
    BOOST_TEST(db.execAndGet("SELECT file_name FROM imports").getString() == "[file name withheld: 39 characters].csv");
}

BOOST_AUTO_TEST_CASE(exported_workbooks_are_readable_by_their_owner_only)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    const auto book = dir.file("out.xlsx");
    const ::mode_t old = ::umask(022);
    const auto r = cli({"export", store, book.string()});
    ::umask(old);
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    BOOST_TEST(modeOf(book) == 0600u);
    BOOST_TEST(modeOf(store) == 0600u);
}

BOOST_AUTO_TEST_CASE(refused_stores_gain_no_side_files)
{
    TempDir dir;
    // A SQLite database of another program, and a store from a newer version.
    const auto foreign = dir.file("foreign.evidence");
    {
        SQLite::Database db(foreign.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE t (x)");
        db.exec("PRAGMA journal_mode = WAL");
    }
    const auto future = dir.file("future.evidence");
    BOOST_REQUIRE(cli({"init", future.string()}).exitCode == 0);
    {
        SQLite::Database db(future.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = " + std::to_string(db::Store::latestSchemaVersion() + 1));
    }
    const auto damaged = dir.file("damaged.evidence");
    BOOST_REQUIRE(cli({"init", damaged.string()}).exitCode == 0);
    {
        std::string bytes = test::readFile(damaged);
        BOOST_REQUIRE(bytes.size() > 3 * 4096u);
        bytes.replace(2 * 4096, 4096, std::string(4096, '\xff'));
        test::writeFile(damaged, bytes);
    }
    // A store that is read and not refused leaves nothing beside it either.
    const auto healthy = dir.file("healthy.evidence");
    BOOST_REQUIRE(cli({"init", healthy.string()}).exitCode == 0);
    BOOST_TEST(cli({"list", healthy.string(), "areas"}).exitCode == 0);
    BOOST_TEST(cli({"scan", healthy.string()}).exitCode == 0);
    BOOST_TEST(!std::filesystem::exists(healthy.string() + "-wal"));
    BOOST_TEST(!std::filesystem::exists(healthy.string() + "-shm"));
    for (const auto& store : {foreign, future, damaged}) {
        BOOST_TEST_CONTEXT(store.filename())
        {
            BOOST_REQUIRE(!std::filesystem::exists(store.string() + "-shm"));
            for (const char* verb : {"list", "scan"}) {
                auto r =
                    verb == std::string("list") ? cli({verb, store.string(), "areas"}) : cli({verb, store.string()});
                BOOST_TEST(r.exitCode == 2);
                BOOST_TEST(!std::filesystem::exists(store.string() + "-wal"));
                BOOST_TEST(!std::filesystem::exists(store.string() + "-shm"));
            }
            auto r = cli({"import", store.string(), "/nonexistent.csv"});
            BOOST_TEST(r.exitCode == 2);
            BOOST_TEST(!std::filesystem::exists(store.string() + "-wal"));
            BOOST_TEST(!std::filesystem::exists(store.string() + "-shm"));
        }
    }
}

/// A small file system mounted at @p dir (root only; false where mounting is not allowed), unmounted
/// when the test ends.
struct SmallDisk
{
    std::filesystem::path dir;
    bool mounted = false;
    SmallDisk(std::filesystem::path where, const std::string& size) : dir(std::move(where))
    {
        std::filesystem::create_directories(dir);
        mounted =
            ::geteuid() == 0 &&
            std::system(("mount -t tmpfs -o size=" + size + " tmpfs '" + dir.string() + "' 2>/dev/null").c_str()) == 0;
    }
    bool readOnly() { return std::system(("mount -o remount,ro '" + dir.string() + "' 2>/dev/null").c_str()) == 0; }
    ~SmallDisk()
    {
        if (mounted)
            (void)std::system(("umount '" + dir.string() + "'").c_str());
    }
};

BOOST_AUTO_TEST_CASE(a_store_in_a_read_only_folder_can_be_listed_scanned_and_exported)
{
    TempDir dir;
    // Root ignores a folder's permissions: a read-only file system stands in for the read-only folder.
    SmallDisk disk(dir.file("ro"), "4m");
    const auto store = disk.dir / "s.evidence";
    BOOST_REQUIRE(cli({"sample", store.string()}).exitCode == 0);
    if (disk.mounted) {
        BOOST_REQUIRE(disk.readOnly());
    } else if (::geteuid() != 0) {
        BOOST_REQUIRE(::chmod(disk.dir.c_str(), 0555) == 0);
    } else {
        BOOST_TEST_MESSAGE("skipped: root, and no file system can be mounted");
        return;
    }
    auto r = cli({"list", store.string(), "case-studies"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "CS-001"));
    r = cli({"scan", store.string(), "--submission", "1"});
    BOOST_TEST(r.exitCode == 0, r.err);
    r = cli({"export", store.string(), dir.file("out.xlsx").string()});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(std::filesystem::exists(dir.file("out.xlsx")));
    const auto csv = dir.file("cases.csv");
    test::writeFile(csv, kCaseHeader + "CS-9,Title,Text,no,\n");
    r = cli({"import", store.string(), csv.string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "the folder holding it is read-only"), r.err);
    BOOST_TEST(!std::filesystem::exists(store.string() + "-wal"));
    BOOST_TEST(!std::filesystem::exists(store.string() + "-shm"));
    if (!disk.mounted)
        ::chmod(disk.dir.c_str(), 0755);
}

BOOST_AUTO_TEST_CASE(a_full_disk_says_the_disk_is_full)
{
    TempDir dir;
    SmallDisk disk(dir.file("full"), "40k");
    if (!disk.mounted) {
        BOOST_TEST_MESSAGE("skipped: no small file system can be mounted here (needs root)");
        return;
    }
    // A store that is created but cannot be filled is not left behind half made.
    SmallDisk sampleDisk(dir.file("sample"), "600k");
    auto r = cli({"sample", (sampleDisk.dir / "s.evidence").string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "the disk is full"), r.err);
    BOOST_TEST(std::filesystem::is_empty(sampleDisk.dir));

    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    r = cli({"export", store, (disk.dir / "out.xlsx").string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "the disk is full"), r.err);
    BOOST_TEST(!contains(r.err, "[ERROR]"), r.err); // libxlsxwriter's own lines are not shown
    BOOST_TEST(std::filesystem::is_empty(disk.dir));

    // A store on a disk that fills up while importing.
    SmallDisk storeDisk(dir.file("stores"), "1m");
    const auto onDisk = storeDisk.dir / "s.evidence";
    BOOST_REQUIRE(cli({"init", onDisk.string()}).exitCode == 0);
    const std::string before = test::readFile(onDisk);
    std::string rows = kCaseHeader;
    for (int i = 0; i < 3000; ++i)
        rows +=
            "CS-" + std::to_string(i) + ",A title,A child was contacted by an adult online and asked for images,no,\n";
    const auto csv = dir.file("cases.csv");
    test::writeFile(csv, rows);
    r = cli({"import", onDisk.string(), csv.string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "the disk is full"), r.err);
    BOOST_TEST(!contains(r.err, "disk I/O error"), r.err);
    BOOST_TEST(contains(cli({"list", onDisk.string(), "case-studies"}).out, "CS-") == false);
}

BOOST_AUTO_TEST_SUITE_END()
