// Kills evidence-cli with SIGKILL at random moments and checks that nothing is ever half-written.
#define BOOST_TEST_MODULE crash
#include "db/store.h"
#include "support/process.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace evidence;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kMeasure = "Offences";
constexpr const char* kSource = "FOI";

/// A CSV of @p rows observations over the reference police force areas.
void writeLargeCsv(const std::filesystem::path& path, std::size_t rows)
{
    static const char* codes[] = {"E23000001", "E23000002", "E23000003", "E23000004", "E23000005", "E23000006",
                                  "E23000007", "E23000008", "E23000009", "E23000010", "E23000039", "W15000001"};
    std::ofstream out(path);
    out << "measure,area_code,period,dimension,category,value,source\n";
    std::size_t n = 0;
    for (int year = 1990; n < rows; ++year)
        for (const char* code : codes)
            for (int age = -1; age < 100 && n < rows; ++age, ++n)
                out << kMeasure << ',' << code << ',' << year << '/' << (year + 1) % 100 / 10 << (year + 1) % 10 << ','
                    << (age < 0 ? "" : "case number") << ',' << (age < 0 ? "" : std::to_string(age)) << ','
                    << (n * 7919) % 5000 << ',' << kSource << '\n';
}

pid_t spawn(const std::vector<std::string>& args)
{
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> argv;
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        // Quiet child: its output is not what is tested here.
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

std::size_t observationCount(const std::filesystem::path& store)
{
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
    BOOST_TEST(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    return static_cast<std::size_t>(db.execAndGet("SELECT count(*) FROM observations").getInt64());
}

} // namespace

BOOST_AUTO_TEST_CASE(killed_import_leaves_all_or_nothing)
{
    test::TempDir dir;
    const auto csv = dir.file("large.csv");
    constexpr std::size_t kRows = 40000;
    writeLargeCsv(csv, kRows);
    const auto templateStore = dir.file("template.evidence");
    {
        auto store = db::Store::create(templateStore);
        Measure m;
        m.name = kMeasure;
        store.insert(m);
        Source s;
        s.title = kSource;
        store.insert(s);
    }
    // How long a whole import takes here, to spread the kills over it.
    const auto timed = dir.file("timed.evidence");
    std::filesystem::copy_file(templateStore, timed);
    const auto start = Clock::now();
    const auto full = test::runProcess(EVIDENCE_CLI, {"import", timed.string(), csv.string()});
    const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    BOOST_REQUIRE_MESSAGE(full.exitCode == 0, full.err);
    BOOST_REQUIRE(observationCount(timed) == kRows);
    BOOST_TEST_MESSAGE("a full import of " << kRows << " rows takes " << duration.count() << " ms");

    std::mt19937 rng(20190701);
    std::uniform_int_distribution<long> when(0, duration.count() * 11 / 10);
    std::size_t none = 0, all = 0;
    for (int i = 0; i < 20; ++i) {
        const auto store = dir.file("kill-" + std::to_string(i) + ".evidence");
        std::filesystem::copy_file(templateStore, store);
        const auto delay = std::chrono::milliseconds(when(rng));
        const pid_t pid = spawn({EVIDENCE_CLI, "import", store.string(), csv.string()});
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        BOOST_TEST_CONTEXT("kill " << i << " after " << delay.count() << " ms")
        {
            // Opening through the store recovers the write-ahead log like the app would.
            {
                auto reopened = db::Store::open(store);
            }
            const auto n = observationCount(store);
            BOOST_TEST((n == 0 || n == kRows), "the store holds " << n << " of " << kRows << " rows");
            (n == 0 ? none : all)++;
        }
    }
    BOOST_TEST_MESSAGE("after 20 kills: " << none << " stores hold none of the rows, " << all << " hold all");
}

BOOST_AUTO_TEST_CASE(two_writers_one_gets_a_clear_busy_error)
{
    test::TempDir dir;
    const auto csvA = dir.file("a.csv"), csvB = dir.file("b.csv");
    writeLargeCsv(csvA, 60000);
    {
        std::ofstream b(csvB);
        b << "measure,area_code,period,value,source\n" << kMeasure << ",E23000033,2030/31,5," << kSource << "\n";
    }
    const auto store = dir.file("shared.evidence");
    {
        auto s = db::Store::create(store);
        Measure m;
        m.name = kMeasure;
        s.insert(m);
        Source src;
        src.title = kSource;
        s.insert(src);
    }
    // Start the long import, then a small one while it holds the write lock.
    std::thread longImport([&] {
        const auto r = test::runProcess(EVIDENCE_CLI, {"import", store.string(), csvA.string()});
        BOOST_TEST(r.exitCode == 0, r.err);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto r = test::runProcess(EVIDENCE_CLI, {"import", store.string(), csvB.string()});
    longImport.join();
    BOOST_TEST_MESSAGE("second writer: exit " << r.exitCode << ", " << r.err);
    // The first import holds the store's edit lock (exit 5, naming it); should it have finished already,
    // the second simply succeeds.
    BOOST_TEST((r.exitCode == 0 || r.exitCode == 5));
    if (r.exitCode == 5)
        BOOST_TEST(r.err.find("already open for editing by") != std::string::npos);
    const auto n = observationCount(store);
    BOOST_TEST((n == 60000u || n == 60001u));
}

BOOST_AUTO_TEST_CASE(killed_export_leaves_the_earlier_workbook_intact)
{
    test::TempDir dir;
    const auto store = dir.file("sample.evidence");
    BOOST_REQUIRE(test::runProcess(EVIDENCE_CLI, {"sample", store.string()}).exitCode == 0);
    // The earlier workbook differs from the new one (values only), so a half-replaced target would show.
    const auto target = dir.file("response.xlsx");
    BOOST_REQUIRE(
        test::runProcess(EVIDENCE_CLI, {"export", store.string(), target.string(), "--values-only"}).exitCode == 0);
    const std::string earlier = test::readFile(target);
    const auto reference = dir.file("reference.xlsx");
    const auto start = Clock::now();
    BOOST_REQUIRE(test::runProcess(EVIDENCE_CLI, {"export", store.string(), reference.string()}).exitCode == 0);
    const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    const std::string complete = test::readFile(reference);
    BOOST_REQUIRE(earlier != complete);

    std::mt19937 rng(20190408);
    std::uniform_int_distribution<long> when(0, duration.count());
    std::size_t kept = 0, replaced = 0;
    for (int i = 0; i < 20; ++i) {
        const auto delay = std::chrono::microseconds(when(rng));
        const pid_t pid = spawn({EVIDENCE_CLI, "export", store.string(), target.string()});
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        BOOST_TEST_CONTEXT("kill " << i << " after " << delay.count() << " us")
        {
            const std::string now = test::readFile(target);
            BOOST_TEST((now == earlier || now == complete), "the target holds " << now.size() << " bytes");
            if (now == complete) {
                ++replaced;
                test::writeFile(target, earlier); // start the next round from the earlier file again
            } else {
                ++kept;
            }
        }
    }
    BOOST_TEST_MESSAGE("after 20 kills: " << kept << " kept the earlier workbook, " << replaced
                                          << " had completed the new one");

    // What the killed exports left beside the target goes with the next export.
    auto leftBehind = [&] {
        std::size_t n = 0;
        for (const auto& e : std::filesystem::directory_iterator(dir.path()))
            n += e.path().filename().string().starts_with(".response.xlsx.");
        return n;
    };
    const std::size_t left = leftBehind();
    BOOST_TEST_MESSAGE(left << " unfinished temporary files left by the kills");
    const auto again = test::runProcess(EVIDENCE_CLI, {"export", store.string(), target.string()});
    BOOST_TEST(again.exitCode == 0);
    if (left > 0)
        BOOST_TEST(again.out.find("Removed " + std::to_string(left) + " unfinished workbook") != std::string::npos,
                   again.out);
    BOOST_TEST(leftBehind() == 0u);
    BOOST_TEST(test::readFile(target) == complete);
}

BOOST_AUTO_TEST_CASE(an_export_where_files_cannot_be_locked_writes_unlocked_and_sweeps_nothing)
{
    // Some network shares refuse flock(): the export must still be written, and since nothing there can
    // tell a running export's temporary file from an abandoned one, none is removed.
    test::TempDir dir;
    const auto store = dir.file("sample.evidence");
    BOOST_REQUIRE(test::runProcess(EVIDENCE_CLI, {"sample", store.string()}).exitCode == 0);
    const auto target = dir.file("response.xlsx");
    const auto other = dir.file(".response.xlsx.0badf00d.part"); // perhaps another machine's export
    test::writeFile(other, "PK");
    ::setenv("LD_PRELOAD", FLOCK_FAILS, 1);
    const auto r = test::runProcess(EVIDENCE_CLI, {"export", store.string(), target.string()});
    ::unsetenv("LD_PRELOAD");
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(test::readFile(target).substr(0, 2) == "PK");
    BOOST_TEST(r.out.find("Removed") == std::string::npos, r.out);
    BOOST_TEST(test::readFile(other) == "PK");
    std::size_t temporary = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        temporary += e.path().extension() == ".part";
    BOOST_TEST(temporary == 1u);
}
