// evidence-bench: synthetic stores at realistic (S) and 100x (L) sizes, timed against peers.
// Prints tables; asserts nothing. Usage: evidence-bench S|L [RUNS] [WORKDIR]

#include "../anon/long_text.h"
#include "anon/scanner.h"
#include "app/importer.h"
#include "app/trend_analysis.h"
#include "db/store.h"
#include "support/interleaved_times.h"
#include "support/process.h"
#include "workbook_dump.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <optional>
#include <random>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace evidence;
using Clock = std::chrono::steady_clock;

namespace {

struct Size
{
    const char* name;
    int areas, periods, measures, categories; // categories besides the total
    int caseStudies, minWords, maxWords;
};

// S: 45 areas x 10 periods x 3 measures x (total + 19 ages) = 27,000 observations, 200 case studies.
// L: 1,000,000 observations (250 areas x 20 periods x 10 measures x 20), 10,000 case studies.
constexpr Size kS{"S", 45, 10, 3, 19, 200, 300, 2000};
constexpr Size kL{"L", 250, 20, 10, 19, 10000, 300, 2000};

struct Run
{
    double seconds = 0;
    double cpuSeconds = 0; ///< user + system time: what the process would take on an idle core
    long maxRssKb = 0;
    int exitCode = 0;
};

/// Runs @p argv and waits for it; its standard output goes to @p output (or nowhere).
Run runTimed(const std::vector<std::string>& argv, const fs::path& output = "/dev/null")
{
    std::vector<std::string> copy = argv;
    std::vector<char*> a;
    for (auto& s : copy)
        a.push_back(s.data());
    a.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // Spawned, not forked: a fork copies this process's page tables (tens of megabytes of store and texts
    // here), a few milliseconds that would be counted as the export's own.
    const auto start = Clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, a[0], &actions, nullptr, a.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        Run failed;
        failed.exitCode = 127;
        return failed;
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Run r;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.maxRssKb = usage.ru_maxrss;
    r.cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

/// SQL that moves the rows sqlite3's .import left in table `observations` of @p bare into a copy of
/// the store at @p store, resolving names to ids as the importer does: SQLite alone doing the same
/// inserts into the same table, indexes, keys and checks, with no CSV parsing and no validation.
/// The audit triggers call functions only Evidence Desk defines, so they are dropped (the import
/// drops the observations one too).
std::string sqliteFloorScript(const fs::path& store, const fs::path& bare)
{
    sqlite3* db = nullptr;
    std::vector<std::string> triggers;
    if (sqlite3_open_v2(store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_exec(
            db, "SELECT name FROM sqlite_master WHERE type = 'trigger'",
            [](void* out, int, char** values, char**) {
                static_cast<std::vector<std::string>*>(out)->emplace_back(values[0]);
                return 0;
            },
            &triggers, nullptr);
    }
    sqlite3_close(db);
    // Every benchmark period is a financial year: its key is the year's start plus the kind's base.
    const std::int64_t base = Period::parse("2000/01").sortKey() - 2000 * 10;
    // The store's own connection settings (db/store.cpp), not the shell's smaller page cache.
    std::string sql = "PRAGMA foreign_keys = ON;\nPRAGMA cache_size = -65536;\n";
    for (const auto& t : triggers)
        sql += "DROP TRIGGER \"" + t + "\";\n";
    sql +=
        "ATTACH '" + bare.string() +
        "' AS b;\nBEGIN;\n"
        "INSERT INTO measures (uuid, name) SELECT printf('00000000-0000-4000-8000-%012x', row_number() OVER ()), "
        "measure FROM (SELECT DISTINCT measure FROM b.observations);\n"
        "INSERT INTO sources (uuid, title) SELECT printf('00000000-0000-4000-9000-%012x', row_number() OVER ()), "
        "source FROM (SELECT DISTINCT source FROM b.observations);\n"
        "CREATE TEMP TABLE area_ids AS SELECT k.area_code, k.area_name, min(a.id) AS id FROM (SELECT DISTINCT "
        "area_code, area_name FROM b.observations) k JOIN main.areas a ON a.code = k.area_code AND a.name = "
        "k.area_name GROUP BY k.area_code, k.area_name;\n"
        "CREATE UNIQUE INDEX temp.area_ids_key ON area_ids (area_code, area_name);\n"
        "INSERT INTO observations (uuid, measure_id, area_id, period, period_key, dimension, category, value, "
        "markers, source_id, note) SELECT printf('00000000-0000-7000-8000-%012x', o.rowid), m.id, ai.id, o.period, " +
        std::to_string(base) +
        " + CAST(substr(o.period, 1, 4) AS INTEGER) * 10, o.dimension, o.category, CASE WHEN o.value = '' THEN "
        "NULL ELSE CAST(o.value AS REAL) END, o.marker, s.id, o.note FROM b.observations o JOIN main.measures m "
        "ON m.name = o.measure JOIN main.sources s ON s.title = o.source JOIN area_ids ai ON ai.area_code = "
        "o.area_code AND ai.area_name = o.area_name ORDER BY o.rowid;\n"
        "COMMIT;\nSELECT count(*) FROM observations;\n";
    return sql;
}

/// Processor time of @p clock (this thread's, or every thread's of this process) in seconds.
double processorSeconds(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    if (v.empty())
        return 0;
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

/// About @p n words of an anonymised account, in sentences an officer would write. Random words strung
/// together read to the guard like names ("helped school"), and every export would be refused.
std::string words(std::mt19937& rng, int n)
{
    const auto& sentences = test::kBenchmarkSentences; // shared with the scanner's linearity check
    std::uniform_int_distribution<std::size_t> pick(0, std::size(sentences) - 1);
    std::string s;
    for (int written = 0; written < n;) {
        const std::string sentence = sentences[pick(rng)];
        if (!s.empty())
            s += ' ';
        s += sentence;
        written += static_cast<int>(std::count(sentence.begin(), sentence.end(), ' ')) + 1;
    }
    return s;
}

/// Writes observations.csv and case_studies.csv for @p size into @p dir; returns the row counts.
std::pair<std::size_t, std::size_t> generate(const Size& size, const fs::path& dir, const db::Store& reference)
{
    std::vector<std::pair<std::string, std::string>> forces; // code and name: some codes are shared with a nation
    for (const auto& a : reference.areas())
        if (a.kind == AreaKind::PoliceForceArea && !a.code.empty())
            forces.emplace_back(a.code, a.name);
    std::ofstream obs(dir / "observations.csv");
    obs << "measure,area_code,area_name,period,dimension,category,value,marker,source,note\n";
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> value(0, 5000);
    std::size_t rows = 0;
    for (int m = 0; m < size.measures; ++m)
        for (int a = 0; a < size.areas; ++a) {
            // Reference areas first; beyond them, synthetic aggregates by name.
            const bool real = a < static_cast<int>(forces.size());
            const std::string code = real ? forces[static_cast<std::size_t>(a)].first : "";
            const std::string name =
                real ? forces[static_cast<std::size_t>(a)].second : "Synthetic area " + std::to_string(a);
            for (int p = 0; p < size.periods; ++p) {
                const int year = 2019 - size.periods + p;
                const std::string period = std::to_string(year) + "/" + (((year + 1) % 100) < 10 ? "0" : "") +
                                           std::to_string((year + 1) % 100);
                for (int c = -1; c < size.categories; ++c) {
                    obs << "Measure " << m << ',' << code << ",\"" << name << "\"," << period << ','
                        << (c < 0 ? "" : "victim age") << ',' << (c < 0 ? "" : std::to_string(c)) << ',';
                    if ((a + p + c) % 97 == 0)
                        obs << ",[x]";
                    else
                        obs << value(rng) << ',';
                    obs << ",Source " << (m % 2) << ",\n";
                    ++rows;
                }
            }
        }
    std::ofstream cs(dir / "case_studies.csv");
    cs << "reference,title,age,region,year,harm_types,platform_types,narrative,outcome,consent,consent_recorded_by\n";
    std::uniform_int_distribution<int> len(size.minWords, size.maxWords);
    for (int i = 0; i < size.caseStudies; ++i)
        cs << "CS-" << i << ",Case study " << i << "," << 10 + i % 8 << ",Wales,2019,grooming,messaging,\""
           << words(rng, len(rng)) << "\",Supported,yes,Policy officer\n";
    return {rows, static_cast<std::size_t>(size.caseStudies)};
}

std::string fmt(double v, int decimals = 2)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

std::string thousands(double v)
{
    std::string digits = fmt(v, 0);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0 && std::isdigit(digits[static_cast<std::size_t>(i - 1)]);
         i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string readFile(const fs::path& p)
{
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string firstLine(const std::string& text, const std::string& prefix)
{
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0)
            return line.substr(prefix.size());
    return {};
}

std::string loadAverage()
{
    std::istringstream in(readFile("/proc/loadavg"));
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

std::string machine()
{
    const std::string model = firstLine(readFile("/proc/cpuinfo"), "model name\t: ");
    const std::string memKb = firstLine(readFile("/proc/meminfo"), "MemTotal:");
    return std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores (" + model + "), " +
           fmt(std::atof(memKb.c_str()) / 1024 / 1024, 0) + " GiB RAM";
}

/// The results table: each row is printed as soon as it is measured and again as Markdown at the end.
class Report
{
public:
    void add(const std::string& what, const std::string& value, const std::string& target, std::optional<bool> meets,
             const std::string& peer = "")
    {
        const std::string verdict = !meets ? "" : *meets ? "yes" : "NO";
        m_rows.push_back({what, value, target, verdict, peer});
        std::cout << std::left << std::setw(46) << what << std::right << std::setw(14) << value << "  " << std::left
                  << std::setw(14) << target << std::setw(5) << verdict << peer << std::endl;
    }
    void header()
    {
        std::cout << std::left << std::setw(46) << "figure" << std::right << std::setw(14) << "measured"
                  << "  " << std::left << std::setw(14) << "target" << std::setw(5) << "met"
                  << "peer / notes\n"
                  << std::string(110, '-') << std::endl;
    }
    void markdown(std::ostream& out) const
    {
        out << "| figure | measured | target | met | peer / notes |\n|---|---:|---|---|---|\n";
        for (const auto& r : m_rows) {
            out << "| " << r[0] << " | " << r[1] << " | " << r[2] << " | " << r[3] << " | " << r[4] << " |\n";
        }
    }

private:
    std::vector<std::array<std::string, 5>> m_rows;
};

/// Time of the "open the store" step of tests/gui's gui_bench on @p store, under xvfb-run; nullopt when it
/// could not run. The rest of gui_bench's steps are cut short: only the open time is reported here.
std::optional<double> guiOpenMs(const std::string& guiBench, const fs::path& store, const fs::path& log)
{
    std::cout.flush();
    std::fflush(stdout);
    int fds[2];
    if (pipe(fds) != 0)
        return std::nullopt;
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0); // its own group, so xvfb-run, Xvfb and gui_bench stop together
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (!freopen(log.c_str(), "w", stderr))
            _exit(126);
        execlp("xvfb-run", "xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "env", "GDK_BACKEND=x11", guiBench.c_str(),
               store.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    setpgid(pid, pid);
    std::optional<double> ms;
    std::string pending;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        pending.append(buffer, static_cast<std::size_t>(n));
        const std::string value = firstLine(pending, "  open the store (Submission view shown)");
        if (!value.empty() && pending.find(" ms", pending.find("open the store")) != std::string::npos) {
            ms = std::atof(value.c_str());
            break;
        }
    }
    close(fds[0]);
    kill(-pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    return ms;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string usage = "usage: evidence-bench [S|L] [RUNS] [WORK_DIR]\n";
    const std::string sizeArg = argc > 1 ? argv[1] : "S";
    if (sizeArg == "--help" || sizeArg == "-h") {
        std::cout << usage << "Runs the benchmark at size S or L (see tests/bench/run.sh and docs/performance.md).\n";
        return 0;
    }
    if (argc > 4 || (sizeArg != "S" && sizeArg != "L")) {
        std::cerr << usage;
        return 2;
    }
    const Size size = sizeArg == "L" ? kL : kS;
    const bool isL = size.name == std::string("L");
    int runs = 3;
    if (argc > 2) {
        const std::string_view text = argv[2];
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), runs);
        if (error != std::errc() || end != text.data() + text.size() || runs < 1 || runs > 100) {
            std::cerr << "evidence-bench: RUNS must be a whole number from 1 to 100, not '" << text << "'\n" << usage;
            return 2;
        }
    }
    const fs::path work =
        argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path() / ("evidence-bench-" + std::string(size.name));
    // The work folder is emptied first: only one this benchmark made (it leaves a marker) or an empty
    // one, so that a mistyped path never deletes someone's files.
    const fs::path marker = work / ".evidence-bench";
    if (fs::exists(work) && !fs::is_empty(work) && !fs::exists(marker)) {
        std::cerr << "evidence-bench: " << work.string()
                  << " is not empty and was not made by evidence-bench; give a new or empty folder\n";
        return 2;
    }
    fs::remove_all(work);
    fs::create_directories(work);
    std::ofstream(marker) << "made by evidence-bench: its contents are deleted by the next run\n";
    const auto benchStart = Clock::now();
    const std::string loadBefore = loadAverage();
    // The targets (docs/performance.md) hold for L; at S they are shown in brackets and not judged.
    auto lTarget = [&](const std::string& t) { return isL ? t : "(L: " + t + ")"; };
    auto judgeL = [&](bool meets) { return isL ? std::optional<bool>(meets) : std::nullopt; };

    const auto templateStore = work / "template.evidence";
    std::pair<std::size_t, std::size_t> counts;
    {
        const auto start = Clock::now();
        auto store = db::Store::create(templateStore);
        counts = generate(size, work, store);
        // Areas beyond the reference police force areas are user-defined aggregates.
        db::Store::Transaction tx(store);
        for (int a = 0; a < size.areas; ++a) {
            Area area;
            area.name = "Synthetic area " + std::to_string(a);
            area.kind = AreaKind::Aggregate;
            store.insert(area);
        }
        tx.commit();
        std::cout << "generated the CSV files in " << fmt(std::chrono::duration<double>(Clock::now() - start).count())
                  << " s\n";
    }
    const auto csvBytes = fs::file_size(work / "observations.csv");
    std::cout << "Evidence Desk benchmark, size " << size.name << ": " << thousands(static_cast<double>(counts.first))
              << " observations (" << fmt(csvBytes / 1e6, 1) << " MB CSV), " << counts.second
              << " case studies; median of " << runs << " run(s)\nmachine: " << machine()
              << "\nload average (1, 5, 15 min) at start: " << loadBefore << "\n\n";
    Report report;
    report.header();

    // CSV import through evidence-cli (validation and audit log on) against sqlite3's .import.
    std::vector<double> importTimes, sqliteTimes, floorTimes;
    fs::path imported;
    for (int i = 0; i < runs; ++i) {
        imported = work / ("import-" + std::to_string(i) + ".evidence");
        fs::copy_file(templateStore, imported, fs::copy_options::overwrite_existing);
        const auto r = runTimed(
            {EVIDENCE_CLI, "import", imported.string(), (work / "observations.csv").string(), "--create-missing"});
        if (r.exitCode != 0) {
            std::cerr << "import failed with exit code " << r.exitCode << '\n';
            return 1;
        }
        importTimes.push_back(r.seconds);
        if (i + 1 < runs) // keep the last store only: L stores are large
            fs::remove(imported);
        const auto bare = work / "bare.db";
        fs::remove(bare);
        const auto s = runTimed({"sqlite3", bare.string(), "-cmd", ".mode csv",
                                 ".import " + (work / "observations.csv").string() + " observations"});
        sqliteTimes.push_back(s.seconds);

        const auto floorStore = work / "floor.evidence", script = work / "floor.sql", count = work / "floor.out";
        fs::copy_file(templateStore, floorStore, fs::copy_options::overwrite_existing);
        std::ofstream(script) << sqliteFloorScript(floorStore, bare);
        const auto f = runTimed({"sqlite3", floorStore.string(), ".read " + script.string()}, count);
        std::ifstream in(count);
        std::size_t rows = 0;
        if (f.exitCode != 0 || !(in >> rows) || rows != counts.first) {
            std::cerr << "sqlite3 did not insert the " << counts.first << " rows into " << floorStore << " (exit code "
                      << f.exitCode << ", " << rows << " rows)\n";
            return 1;
        }
        floorTimes.push_back(f.seconds);
        for (const auto& p : {floorStore, script, count})
            fs::remove(p);
    }
    fs::remove(work / "bare.db");
    const double imp = median(importTimes), sql = median(sqliteTimes);
    const double rowsPerSecond = static_cast<double>(counts.first) / imp;
    report.add("CSV import (rows/s)", thousands(rowsPerSecond), lTarget(">= 300,000"), judgeL(rowsPerSecond >= 3e5),
               "evidence-cli import, " + fmt(imp, 1) + " s; sqlite3 .import " +
                   thousands(static_cast<double>(counts.first) / sql) + " rows/s (" + fmt(sql, 1) + " s)");
    report.add("CSV import time / sqlite3 .import time", fmt(imp / sql) + "x", "<= 2x", imp / sql <= 2,
               "sqlite3 shell, .mode csv, .import into a bare table (no types, keys, checks or audit)");
    const double floor = median(floorTimes);
    report.add("  SQLite alone into the store's table (rows/s)", thousands(static_cast<double>(counts.first) / floor),
               "", std::nullopt,
               "the .import rows, already parsed, moved by INSERT ... SELECT into a copy of the store (same indexes, "
               "keys, checks; no validation or audit): " +
                   fmt(floor, 1) + " s, the floor under our import's " + fmt(imp, 1) + " s");

    // Trends: every measure, as the workbook computes them.
    {
        auto store = db::Store::open(imported, db::OpenMode::ReadOnly);
        std::vector<RowId> ids;
        for (const auto& m : store.measures())
            ids.push_back(m.id);
        // At least 3 runs even at L, where one run of everything else is the default: a run takes a
        // second, and a single one is at the mercy of whatever else the machine does in that second.
        std::vector<double> t, cpu;
        for (int i = 0; i < std::max(runs, 3); ++i) {
            const auto start = Clock::now();
            const double cpuStart = processorSeconds(CLOCK_PROCESS_CPUTIME_ID);
            (void)app::analyseMeasures(store, ids);
            t.push_back(std::chrono::duration<double>(Clock::now() - start).count());
            cpu.push_back(processorSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart);
        }
        report.add("trend computation, all measures (s)", fmt(median(t), 3), lTarget("<= 1"), judgeL(median(t) <= 1),
                   "app::analyseMeasures() for all " + std::to_string(ids.size()) +
                       " measures, as the export does: one pass over the store, the analyses on every core "
                       "(processor time " +
                       fmt(median(cpu), 2) + " s); median of " + std::to_string(t.size()) + " runs");
    }

    // Anonymisation scan of the case-study narratives.
    {
        auto store = db::Store::open(imported);
        app::ImportOptions o;
        app::importCsv(store, work / "case_studies.csv", o);
        // A submission that exports every measure and case study.
        db::Store::Transaction tx(store);
        Submission sub;
        sub.consultationId = store.consultations().at(0).id;
        sub.title = "Benchmark submission";
        sub.organisation = "Benchmark";
        sub.asAt = "2019-06-28T09:00:00Z";
        store.insert(sub);
        for (const auto& m : store.measures())
            store.setMeasureSelected(sub.id, m.id, true);
        // Reviewed, as they would be before a real export (a draft needs --allow-unreviewed, which lists
        // every admitted draft on the cover).
        for (const auto& c : store.caseStudies()) {
            store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer");
            store.setCaseStudySelected(sub.id, c.id, true);
        }
        tx.commit();
        std::string all;
        for (const auto& c : store.caseStudies())
            all += c.narrative + "\n";
        // Processor time of this thread: the scan is single-threaded, and on a loaded machine wall time
        // measures the other processes as much as the scan.
        auto cpuNow = [] { return processorSeconds(CLOCK_THREAD_CPUTIME_ID); };
        std::vector<double> t;
        for (int i = 0; i < runs; ++i) {
            const double start = cpuNow();
            anon::ScanContext ctx;
            ctx.field = anon::Field::CaseStudyNarrative;
            (void)anon::scanText(all, ctx);
            t.push_back(cpuNow() - start);
        }
        const double mbps = static_cast<double>(all.size()) / 1e6 / median(t);
        report.add("anonymisation scan (MB/s)", fmt(mbps, 1), lTarget(">= 50"), judgeL(mbps >= 50),
                   "anon::scanText() over " + fmt(static_cast<double>(all.size()) / 1e6, 1) +
                       " MB of narratives in one text (processor time)");
        // Linearity: 1 MB against 10 MB of the same text.
        std::string one = all.substr(0, std::min<std::size_t>(all.size(), 1000000));
        while (one.size() < 1000000)
            one += one;
        one.resize(1000000);
        std::string ten;
        for (int i = 0; i < 10; ++i)
            ten += one;
        anon::ScanContext ctx;
        auto time = [&](const std::string& text) {
            const double start = cpuNow();
            (void)anon::scanText(text, ctx);
            return cpuNow() - start;
        };
        // The median over at least 15 triples of each 10 MB scan's time over its two 1 MB neighbours': a 1 MB
        // scan takes about 10 ms, and the machine's speed drifts from second to second.
        const auto [ratios, t1, t10] = test::timeInterleaved(
            std::max(runs, 15), [&] { return time(one); }, [&] { return time(ten); });
        const double ratio = median(ratios);
        report.add("scan time 10 MB / scan time 1 MB", fmt(ratio), "<= 11", ratio <= 11,
                   "1 MB in " + fmt(median(t1), 3) + " s, 10 MB in " + fmt(median(t10), 2) +
                       " s (processor time, medians); median ratio of " + std::to_string(ratios.size()) +
                       " runs of 10 MB, each between two of 1 MB (" +
                       fmt(*std::min_element(ratios.begin(), ratios.end())) + " to " +
                       fmt(*std::max_element(ratios.begin(), ratios.end())) + ")");
    }

    // Export: the whole evidence-cli process (store, trends, layout, libxlsxwriter, anonymisation re-read).
    // This machine's speed moves by a fifth within minutes, so the export and the two peers that replay its
    // workbook run in turn, a round at a time, and each ratio is the median of the rounds' own ratios.
    const auto ours = work / "export.xlsx";
    std::vector<double> exportTimes, exportCpus;
    long exportRssKb = 0;
    auto runExport = [&] {
        const auto r = runTimed({EVIDENCE_CLI, "export", imported.string(), ours.string()});
        if (r.exitCode != 0) {
            std::cerr << "export failed with exit code " << r.exitCode << '\n';
            std::exit(1);
        }
        exportTimes.push_back(r.seconds);
        exportCpus.push_back(r.cpuSeconds);
        exportRssKb = std::max(exportRssKb, r.maxRssKb);
    };
    runExport(); // the first round's

    // The peers replay what our workbook holds, read back from the file (not timed).
    const auto dump = work / "export.dump";
    const auto dumpStart = Clock::now();
    const bench::DumpCounts held = bench::dumpWorkbook(ours, dump);
    std::cout << "(read our workbook back for the peers in "
              << fmt(std::chrono::duration<double>(Clock::now() - dumpStart).count(), 1) << " s: " << held.sheets
              << " sheets, " << thousands(static_cast<double>(held.cells)) << " cells of which "
              << thousands(static_cast<double>(held.formulas)) << " formulas and " << held.links << " links, "
              << held.tables << " tables, " << held.formats << " cell formats; not replayed: " << held.charts
              << " charts)" << std::endl;
    auto samePeer = [&](const fs::path& out, const std::string& name) {
        // The peer's file must hold what ours holds, or the comparison means nothing.
        const bench::DumpCounts again = bench::dumpWorkbook(out, work / (name + ".dump"));
        fs::remove(work / (name + ".dump"));
        return again.cells == held.cells && again.formulas == held.formulas && again.links == held.links &&
               again.tables == held.tables && again.sheets == held.sheets;
    };
    struct PeerRuns
    {
        std::vector<std::string> command;
        fs::path out;
        std::vector<double> seconds, cpu;
        long rssKb = 0;
    };
    // @p base: the peer and its arguments before the output file. Peers that replay the dump are checked
    // against our workbook.
    auto peer = [&](const std::vector<std::string>& base, const std::string& name, bool replaysDump = true) {
        PeerRuns p;
        p.out = work / (name + ".xlsx");
        p.command = base;
        if (replaysDump)
            p.command.push_back(dump.string());
        p.command.push_back(p.out.string());
        return p;
    };
    auto runPeer = [&](PeerRuns& p) {
        const auto r = runTimed(p.command, work / "peer.out");
        if (r.exitCode != 0)
            throw std::runtime_error("the peer " + p.out.stem().string() + " failed with exit code " +
                                     std::to_string(r.exitCode));
        const std::string text = readFile(work / "peer.out");
        p.seconds.push_back(std::atof(firstLine(text, "seconds ").c_str()));
        p.cpu.push_back(std::atof(firstLine(text, "cpu ").c_str()));
        p.rssKb = std::max(p.rssKb, r.maxRssKb);
    };
    PeerRuns loop = peer({EVIDENCE_BENCH_PEER}, "peer-libxlsxwriter");
    PeerRuns python =
        peer({"/usr/bin/python3", std::string(EVIDENCE_BENCH_DIR) + "/peer_xlsxwriter.py"}, "peer-xlsxwriter");
    for (int i = 0; i < runs; ++i) {
        if (i > 0)
            runExport();
        runPeer(loop);
        runPeer(python);
    }
    // The median of each round's ratio of @p a to @p b.
    auto pairedRatio = [](const std::vector<double>& a, const std::vector<double>& b) {
        std::vector<double> r;
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
            r.push_back(a[i] / b[i]);
        return median(r);
    };
    const double exportSeconds = median(exportTimes), exportCpu = median(exportCpus);
    report.add("export (s)", fmt(exportSeconds), lTarget("<= 15"), judgeL(exportSeconds <= 15),
               "evidence-cli export, whole process (processor time " + fmt(exportCpu) + " s); workbook " +
                   fmt(static_cast<double>(fs::file_size(ours)) / 1e6, 1) + " MB");
    report.add("export peak RSS (MB)", fmt(exportRssKb / 1024.0, 0), lTarget("<= 1,024"),
               judgeL(exportRssKb <= 1024L * 1024), "maximum resident set size of that process");
    const std::string sameText = "same sheets, cells, formulas, links and tables";
    const std::string rounds = std::to_string(runs) + (runs == 1 ? " round" : " rounds");
    {
        const double ratio = pairedRatio(exportTimes, loop.seconds), cpuRatio = pairedRatio(exportCpus, loop.cpu);
        report.add("export time / bare libxlsxwriter loop time", fmt(ratio) + "x", "<= 1.5x", ratio <= 1.5,
                   "loop " + fmt(median(loop.seconds)) + " s, " + fmt(loop.rssKb / 1024.0, 0) + " MB peak RSS; " +
                       (samePeer(loop.out, "peer-libxlsxwriter") ? sameText : "OUTPUT DIFFERS") +
                       "; median of the ratios of " + rounds + " run in turn");
        report.add("  the same in processor time", fmt(cpuRatio) + "x", "<= 1.5x", cpuRatio <= 1.5,
                   "export " + fmt(exportCpu) + " s, loop " + fmt(median(loop.cpu)) + " s");
    }
    {
        // The floor under the absolute export targets: libxlsxwriter alone, as many cells, the simplest kind.
        PeerRuns p =
            peer({EVIDENCE_BENCH_PEER, "--numbers", std::to_string(held.cells)}, "peer-libxlsxwriter-numbers", false);
        for (int i = 0; i < runs; ++i)
            runPeer(p);
        fs::remove(p.out);
        report.add("  libxlsxwriter alone, as many number cells (s)", fmt(median(p.seconds)), "", std::nullopt,
                   thousands(static_cast<double>(held.cells)) +
                       " cells of numbers only (no text, formats, formulas "
                       "or tables) in the in-memory mode tables need: " +
                       fmt(median(p.seconds)) + " s, " + fmt(p.rssKb / 1024.0, 0) +
                       " MB peak RSS, the least any exporter on libxlsxwriter needs here");
    }
    {
        const double ratio = pairedRatio(python.seconds, exportTimes), cpuRatio = pairedRatio(python.cpu, exportCpus);
        report.add("Python XlsxWriter time / export time", fmt(ratio) + "x", ">= 3x", ratio >= 3,
                   "XlsxWriter " + fmt(median(python.seconds)) + " s, " + fmt(python.rssKb / 1024.0, 0) +
                       " MB peak RSS; " + (samePeer(python.out, "peer-xlsxwriter") ? sameText : "OUTPUT DIFFERS") +
                       "; median of the ratios of " + rounds + " run in turn");
        report.add("  the same in processor time", fmt(cpuRatio) + "x", ">= 3x", cpuRatio >= 3,
                   "XlsxWriter " + fmt(median(python.cpu)) + " s, export " + fmt(exportCpu) + " s");
    }

    // Opening the store in the desktop application, when the GUI benchmark is built.
    {
        const char* guiBench = std::getenv("EVIDENCE_GUI_BENCH");
        std::vector<double> t;
        std::string why = "not built (set EVIDENCE_GUI_BENCH to tests/gui/gui_bench of a GUI build)";
        if (guiBench && fs::exists(guiBench) && std::system("command -v xvfb-run >/dev/null 2>&1") == 0) {
            why = "gui_bench did not report an open time (see " + (work / "gui_bench.log").string() + ")";
            for (int i = 0; i < runs; ++i)
                if (const auto ms = guiOpenMs(guiBench, imported, work / "gui_bench.log"))
                    t.push_back(*ms);
        } else if (guiBench && fs::exists(guiBench)) {
            why = "xvfb-run is not installed";
        }
        if (t.empty())
            report.add("GUI store open (ms)", "-", "", std::nullopt, why);
        else
            report.add("GUI store open (ms)", fmt(median(t), 0), "", std::nullopt,
                       "gui_bench under xvfb-run: open the store until the Submission view is shown");
    }

    const std::string loadAfter = loadAverage();
    const double minutes = std::chrono::duration<double>(Clock::now() - benchStart).count() / 60;
    std::cout << "\nload average at end: " << loadAfter << "; benchmark took " << fmt(minutes, 1) << " min\n"
              << "Peers: the times are from workbook creation to close, with the dump already in memory (no store, "
                 "no trends,\nno layout, no anonymisation re-read); they write the same sheets, cells, formulas with "
                 "cached results,\nlinks, tables, cell formats, row heights and column widths, but no charts, "
                 "document properties, page\nsetup or ignored-error ranges. Our figure is the whole evidence-cli "
                 "export process. XlsxWriter runs in its\ndefault (in-memory) mode: it refuses tables in "
                 "constant_memory mode, and our exporter also needs libxlsxwriter's\nin-memory mode for tables.\n";
    std::ofstream md(work / "results.md");
    md << "### Size " << size.name << ": " << thousands(static_cast<double>(counts.first)) << " observations, "
       << counts.second << " case studies, median of " << runs << " run(s)\n\n"
       << "Machine: " << machine() << ". Load average (1, 5, 15 min): " << loadBefore << " at start, " << loadAfter
       << " at end. The benchmark took " << fmt(minutes, 1) << " min.\n\n";
    report.markdown(md);
    md.close();
    std::cout << "\nMarkdown table: " << (work / "results.md").string() << "\nWork files in " << work.string() << '\n';
    return 0;
}
