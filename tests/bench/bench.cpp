// evidence-bench: synthetic stores at realistic (S) and 100x (L) sizes, timed against peers.
// Prints tables; asserts nothing. Usage: evidence-bench S|L [RUNS] [WORKDIR]

#include "anon/scanner.h"
#include "app/importer.h"
#include "app/trend_analysis.h"
#include "db/store.h"
#include "support/process.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
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
    long maxRssKb = 0;
    int exitCode = 0;
};

Run runTimed(const std::vector<std::string>& argv)
{
    const auto start = Clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> a;
        std::vector<std::string> copy = argv;
        for (auto& s : copy)
            a.push_back(s.data());
        a.push_back(nullptr);
        if (!freopen("/dev/null", "w", stdout)) {
            _exit(126);
        }
        execvp(a[0], a.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Run r;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.maxRssKb = usage.ru_maxrss;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string words(std::mt19937& rng, int n)
{
    static const char* vocab[] = {"the",    "child",   "was",      "contacted", "online",  "by",     "an",
                                  "adult",  "who",     "asked",    "for",       "images",  "and",    "she",
                                  "told",   "a",       "teacher",  "after",     "several", "weeks",  "messages",
                                  "moved",  "to",      "private",  "app",       "support", "worker", "helped",
                                  "report", "account", "platform", "removed",   "police",  "school", "safeguarding"};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(vocab) - 1);
    std::string s;
    for (int i = 0; i < n; ++i) {
        if (i)
            s += (i % 17 == 0) ? ". " : " ";
        s += vocab[pick(rng)];
    }
    return s + ".";
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

void row(const std::string& what, const std::string& value, const std::string& target, const std::string& peer = "")
{
    std::cout << std::left << std::setw(44) << what << std::right << std::setw(16) << value << "   " << std::left
              << std::setw(22) << target << peer << '\n';
}

std::string fmt(double v, int decimals = 2)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

} // namespace

int main(int argc, char** argv)
{
    const Size size = (argc > 1 && std::string(argv[1]) == "L") ? kL : kS;
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const fs::path work =
        argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path() / ("evidence-bench-" + std::string(size.name));
    fs::remove_all(work);
    fs::create_directories(work);

    const auto templateStore = work / "template.evidence";
    std::pair<std::size_t, std::size_t> counts;
    {
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
    }
    const auto csvBytes = fs::file_size(work / "observations.csv");
    std::cout << "Evidence Desk benchmark, size " << size.name << ": " << counts.first << " observations ("
              << csvBytes / 1000000.0 << " MB CSV), " << counts.second << " case studies; median of " << runs
              << " runs\n\n";
    row("figure", "measured", "target", "peer");
    row(std::string(44, '-'), std::string(16, '-'), std::string(22, '-'), std::string(30, '-'));

    // CSV import through evidence-cli (validation and audit log on) against sqlite3's .import.
    std::vector<double> importTimes, sqliteTimes;
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
        const auto bare = work / ("bare-" + std::to_string(i) + ".db");
        fs::remove(bare);
        const auto s = runTimed({"sqlite3", bare.string(), "-cmd", ".mode csv",
                                 ".import " + (work / "observations.csv").string() + " observations"});
        sqliteTimes.push_back(s.seconds);
    }
    const double imp = median(importTimes), sql = median(sqliteTimes);
    row("CSV import (rows/s)", fmt(counts.first / imp, 0), size.name == std::string("L") ? ">= 300,000" : "",
        "sqlite3 .import " + fmt(counts.first / sql, 0) + " rows/s");
    row("CSV import vs sqlite3 .import (x)", fmt(imp / sql), "<= 2.00");

    // Trends: every measure, as the workbook computes them.
    {
        auto store = db::Store::open(imported, db::OpenMode::ReadOnly);
        std::vector<double> t;
        for (int i = 0; i < runs; ++i) {
            const auto start = Clock::now();
            for (const auto& m : store.measures())
                (void)app::analyseMeasure(store, m.id);
            t.push_back(std::chrono::duration<double>(Clock::now() - start).count());
        }
        row("trend computation, all measures (s)", fmt(median(t), 3), size.name == std::string("L") ? "<= 1" : "");
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
        for (const auto& c : store.caseStudies())
            store.setCaseStudySelected(sub.id, c.id, true);
        tx.commit();
        std::string all;
        for (const auto& c : store.caseStudies())
            all += c.narrative + "\n";
        std::vector<double> t;
        for (int i = 0; i < runs; ++i) {
            const auto start = Clock::now();
            anon::ScanContext ctx;
            ctx.field = anon::Field::CaseStudyNarrative;
            (void)anon::scanText(all, ctx);
            t.push_back(std::chrono::duration<double>(Clock::now() - start).count());
        }
        row("anonymisation scan (MB/s)", fmt(all.size() / 1e6 / median(t), 1),
            size.name == std::string("L") ? ">= 50" : "", fmt(all.size() / 1e6, 1) + " MB of narratives");
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
            const auto start = Clock::now();
            (void)anon::scanText(text, ctx);
            return std::chrono::duration<double>(Clock::now() - start).count();
        };
        const double t1 = time(one), t10 = time(ten);
        row("scan 10 MB / scan 1 MB (ratio)", fmt(t10 / t1), "<= 11");
    }

    // Export, when the CLI has it: time and peak memory of the whole process.
    if (runTimed({EVIDENCE_CLI, "export", "--help"}).exitCode == 0) {
        std::vector<double> t;
        long rss = 0;
        for (int i = 0; i < runs; ++i) {
            const auto out = work / "bench-export.xlsx";
            const auto r = runTimed({EVIDENCE_CLI, "export", imported.string(), out.string(), "--allow-unreviewed"});
            t.push_back(r.seconds);
            rss = std::max(rss, r.maxRssKb);
            if (r.exitCode != 0)
                row("export", "exit " + std::to_string(r.exitCode), "");
        }
        row("export (s)", fmt(median(t), 2), size.name == std::string("L") ? "<= 15" : "");
        row("export peak RSS (MB)", fmt(rss / 1024.0, 0), size.name == std::string("L") ? "<= 1,024" : "");
    }
    std::cout << "\nWork files in " << work << '\n';
    return 0;
}
