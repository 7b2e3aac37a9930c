// gui_bench: how fast the desktop application is on a large store. Not a test: it prints the times.
//
//   xvfb-run -a -s "-screen 0 1366x768x24" env GDK_BACKEND=x11 build/tests/gui/gui_bench [--figures N]
//       [--categories K] [STORE]
//
// Generates a store of N observations (default 100,000; K categories of one breakdown beside each total,
// default 18) and 1,000 case studies through the Store API in one transaction (or uses STORE when it exists,
// and generates into it and keeps it when it does not), opens it in the main window at 1024x768, and times opening,
// switching to each view, scrolling the grid and the case list, editing a cell, selecting a case study,
// typing into a 110 KB narrative (the longest pause between keys) and the status checks.
#include "app/trend_analysis.h"
#include "db/bulk_import.h"
#include "db/store.h"
#include "gui/app.h"
#include "gui/case_studies_view.h"
#include "gui/export_view.h"
#include "gui/main_frame.h"
#include "gui/statistics_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"
#include "support/temp_dir.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <random>
#include <thread>
#include <wx/app.h>
#include <wx/init.h>
#include <wx/log.h>
#include <wx/stc/stc.h>

using namespace evidence;
using Clock = std::chrono::steady_clock;

namespace {

class BenchApp : public wxApp
{
public:
    bool OnInit() override { return true; }
};

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Processor time of the whole process (every thread), in ms.
double processorMs()
{
    return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

/// Runs @p step, then processes the events it caused (layout, paint) until the queue is empty. Prints the
/// wall time and the process's processor time meanwhile (which includes the checks running in the
/// background): on a loaded machine the second shows what the step itself costs.
double timed(const char* what, const std::function<void()>& step)
{
    const auto start = Clock::now();
    const double cpuStart = processorMs();
    step();
    wxTheApp->ProcessPendingEvents();
    while (wxTheApp->Pending())
        wxTheApp->Dispatch();
    wxYield();
    const double ms = msSince(start);
    std::printf("  %-58s %8.1f ms  (processor %.1f ms)%s\n", what, ms, processorMs() - cpuStart,
                ms > 1000 ? "  (over 1 s)" : "");
    std::fflush(stdout);
    return ms;
}

const char* const kNames[] = {"Amira", "Ben", "Chloe", "Dan", "Ella", "Finn", "Grace", "Harry", "Isla", "Jack"};
const char* const kPlatforms[] = {"gaming", "messaging", "social media", "livestreaming"};
const char* const kHarms[] = {"grooming", "sexual messages", "image sharing", "sextortion"};

std::string narrative(std::mt19937& rng, int i)
{
    const std::string name = std::string(kNames[i % 10]) + "*";
    std::string s = name + " was " + std::to_string(11 + i % 6) + " when an adult started messaging them on a " +
                    kPlatforms[i % 4] +
                    " platform. Over several weeks the messages became personal and then sexual, and the adult asked " +
                    name + " to keep the conversation secret. ";
    for (int k = 0; k < 4; ++k)
        s += "The contact moved to a private app, sent gifts and asked for pictures; " + name +
             " felt unable to tell anyone at first. ";
    s += name + " told a trusted adult, who contacted the police and a support service.";
    if (rng() % 10 == 0)
        s += " Call 07700 900" + std::to_string(100 + i % 900) + " for the worker."; // a finding (BLOCK)
    return s;
}

void generate(const std::filesystem::path& path, std::size_t figures, int categories)
{
    db::Store store = db::Store::create(path);
    std::mt19937 rng(42);
    const auto areas = store.areas();
    const auto consultation = store.consultations().front();
    const auto questions = store.questions(consultation.id);
    db::Store::Transaction tx(store);
    Source source;
    source.title = "Generated figures";
    store.insert(source);
    std::vector<Measure> measures;
    std::vector<std::string> names = {"Sexual offences against under-18s recorded with an online flag",
                                      "Obscene publications offences", "Sexual grooming offences",
                                      "Indecent image offences", "Sexual communication with a child offences"};
    // Every area x 20 financial years x (total + one category per single-year age, 18 unless --categories says)
    // per measure, as many measures as it takes.
    const std::size_t perMeasure = areas.size() * 20 * static_cast<std::size_t>(categories + 1);
    for (std::size_t k = names.size(); k * perMeasure < figures; ++k)
        names.push_back("Generated measure " + std::to_string(k + 1));
    for (const auto& name : names) {
        Measure m;
        m.name = name;
        store.insert(m);
        measures.push_back(m);
    }
    db::Store::ObservationWriter writer(store);
    std::size_t written = 0;
    for (const auto& m : measures)
        for (const auto& a : areas)
            for (int year = 2000; year < 2020; ++year)
                for (int age = -1; age < categories && written < figures; ++age) {
                    Observation o;
                    o.measureId = m.id;
                    o.areaId = a.id;
                    o.period = Period::financialYear(year);
                    if (age >= 0) {
                        o.dimension = "victim age";
                        o.category = std::to_string(age);
                    }
                    o.value = static_cast<double>(rng() % 500);
                    o.sourceId = source.id;
                    writer.write(o, false);
                    ++written;
                }
    std::vector<RowId> regions;
    for (const auto& a : areas)
        if (!a.itl1Code.empty())
            regions.push_back(a.id);
    Submission submission;
    submission.consultationId = consultation.id;
    submission.title = "Generated submission";
    submission.contactEmail = "policy@example.org.uk";
    submission.asAt = "2019-06-28T09:00:00Z";
    store.insert(submission);
    for (int i = 0; i < 1000; ++i) {
        CaseStudy c;
        char ref[16];
        std::snprintf(ref, sizeof ref, "CS-%04d", i + 1);
        c.reference = ref;
        c.title = std::string(kNames[i % 10]) + "*: contact on a " + kPlatforms[i % 4] + " platform";
        c.narrative = narrative(rng, i);
        c.age = 11 + i % 6;
        c.gender = i % 2 ? "female" : "male";
        c.regionAreaId = regions[static_cast<std::size_t>(i) % regions.size()];
        c.year = 2015 + i % 5;
        c.harmTypes = {kHarms[i % 4], kHarms[(i + 1) % 4]};
        c.platformTypes = {kPlatforms[i % 4]};
        c.outcome = "Reported to police; support offered";
        c.consent = Consent::Obtained;
        c.consentRecordedBy = "Policy officer";
        c.questionNumbers = {questions[static_cast<std::size_t>(i) % questions.size()].number};
        store.insert(c);
        if (i % 10 != 0)
            store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer");
        if (i < 50)
            store.setCaseStudySelected(submission.id, c.id, true);
    }
    for (std::size_t k = 0; k < measures.size() && k < 5; ++k)
        store.setMeasureSelected(submission.id, measures[k].id, true);
    tx.commit();
    std::printf("  generated %zu observations, 1,000 case studies\n", store.observationCount());
}

} // namespace

int main(int argc, char** argv)
{
    test::TempDir dir;
    setenv("XDG_CONFIG_HOME", (dir.path() / "config").c_str(), 1);
    std::size_t figures = 100000;
    int categories = 18;
    std::filesystem::path path;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--figures" && i + 1 < argc)
            figures = std::stoul(argv[++i]);
        else if (arg == "--categories" && i + 1 < argc)
            categories = std::stoi(argv[++i]);
        else
            path = arg;
    }
    std::printf("Evidence Desk GUI benchmark\n");
    if (path.empty())
        path = dir.file("bench.evidence");
    if (!std::filesystem::exists(path)) {
        // A STORE that does not exist yet is generated there and kept, for the next run.
        const auto start = Clock::now();
        generate(path, figures, categories);
        std::printf("  %-58s %8.1f ms\n", "generate the store (Store API, one transaction)", msSince(start));
    }

    wxApp::SetInstance(new BenchApp);
    int wxArgc = 1;
    char* wxArgv[] = {argv[0], nullptr};
    if (!wxEntryStart(wxArgc, wxArgv) || !wxTheApp->CallOnInit()) {
        std::fprintf(stderr, "gui_bench: wxWidgets could not start (run it under xvfb-run)\n");
        return 1;
    }
    delete wxLog::SetActiveTarget(new wxLogStderr);
    gui::initApplication(*wxTheApp);
    auto* frame = new gui::MainFrame();
    frame->SetSize(0, 0, 1024, 768);
    frame->Show();
    test::pump(300);

    double worst = 0;
    auto record = [&](double ms) { worst = std::max(worst, ms); };
    const auto opened = Clock::now();
    record(timed("open the store (Submission view shown)", [&] { frame->openStore(gui::toWx(path.string())); }));
    for (gui::ViewId id : frame->viewIds()) {
        static const char* names[] = {"Submission",
                                      "Sources",
                                      "Statistics",
                                      "Case studies",
                                      "Consultation responses",
                                      "Export (starts the pre-flight checks)"};
        const std::string what = std::string("switch to ") + names[static_cast<int>(id)];
        record(timed(what.c_str(), [&] { frame->showView(id); }));
    }
    {
        // Not a wait the user sees: the view is usable while the checks run on their own connection.
        auto* exportView = static_cast<gui::ExportView*>(frame->view(gui::ViewId::Export));
        const auto start = Clock::now();
        test::waitFor([&] { return !exportView->checking(); }, 120000);
        std::printf("  %-58s %8.1f ms  (in the background; %zu problems listed)\n",
                    "pre-flight checks finish (workbook model, scans)", msSince(start), exportView->problems().size());
    }

    {
        // Not a wait the user sees either: saves made before it ends wait for it.
        test::waitFor([&] { return frame->store().integrity() != db::Integrity::Checking; }, 120000);
        std::printf("  %-58s %8.1f ms  (in the background, from opening; %s)\n",
                    "integrity check of every page finishes", msSince(opened),
                    frame->store().integrity() == db::Integrity::Sound ? "sound" : "NOT SOUND");
    }

    frame->showView(gui::ViewId::Statistics);
    auto* stats = static_cast<gui::StatisticsView*>(frame->view(gui::ViewId::Statistics));
    wxGrid* grid = stats->grid();
    std::printf("  (grid: %d areas x %d periods for the first measure's totals)\n", grid->GetNumberRows(),
                grid->GetNumberCols());
    record(timed("scroll the grid to its last row and column", [&] {
        grid->SetGridCursor(grid->GetNumberRows() - 1, grid->GetNumberCols() - 1);
        grid->MakeCellVisible(grid->GetNumberRows() - 1, grid->GetNumberCols() - 1);
        grid->Update();
    }));
    record(timed("scroll the grid back to the top", [&] {
        grid->SetGridCursor(0, 0);
        grid->MakeCellVisible(0, 0);
        grid->Update();
    }));
    record(timed("edit a cell (write through the store, trend refreshed)", [&] {
        stats->model()->set(0, 0, "1,234");
        grid->ForceRefresh();
        grid->Update();
    }));
    record(timed("move to the next row (trend shown; includes the 120 ms rest)", [&] {
        const wxString before = stats->headline();
        grid->SetGridCursor(1, 0);
        test::waitFor([&] { return stats->headline() != before; }, 5000);
    }));
    {
        db::Store store = db::Store::open(path, db::OpenMode::ReadOnly);
        const RowId measure = store.measures().front().id;
        app::AnalysisOptions options;
        options.areaId = store.areas().front().id;
        record(timed("like-for-like totals after an edit (app::analyseMeasure)",
                     [&] { app::analyseMeasure(store, measure, options); }));
    }

    frame->showView(gui::ViewId::CaseStudies);
    auto* cases = static_cast<gui::CaseStudiesView*>(frame->view(gui::ViewId::CaseStudies));
    const RowId last = db::Store::open(path, db::OpenMode::ReadOnly).caseStudyByReference("CS-1000")->id;
    record(timed("open the last case study (list scrolled to it, scanned)", [&] { cases->select(last); }));
    record(timed("type into its narrative (rescan)", [&] {
        cases->narrative()->AppendText(" More text.");
        cases->rescan();
    }));
    {
        // An officer types into a narrative of 110 KB at about 8 keys a second: the longest time any key
        // waits (its own handling, and whatever timers fire between keys: the live scan, the save).
        std::string text;
        std::mt19937 rng(7);
        while (text.size() < 110 * 1024)
            text += narrative(rng, static_cast<int>(text.size() % 1000)) + "\n\n";
        cases->narrative()->SetText(gui::toWx(text));
        // What every pause in typing cost when the scan ran on the event loop's thread.
        timed("scan the 110 KB narrative on the UI thread (rescan)", [&] { cases->rescan(); });
        frame->view(gui::ViewId::CaseStudies)->flush();
        test::pump(2000);
        double longest = 0, total = 0;
        const int keys = 40;
        for (int k = 0; k < keys; ++k) {
            const auto start = Clock::now();
            cases->narrative()->AddText(k % 6 == 5 ? " " : "x");
            wxTheApp->ProcessPendingEvents();
            while (wxTheApp->Pending())
                wxTheApp->Dispatch();
            wxYield();
            const double ms = msSince(start);
            longest = std::max(longest, ms);
            total += ms;
            // The pause between keys, in which timers fire: time the longest of those too.
            const auto until = Clock::now() + std::chrono::milliseconds(120);
            while (Clock::now() < until) {
                const auto step = Clock::now();
                wxYield();
                longest = std::max(longest, msSince(step));
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        }
        std::printf("  %-58s %8.1f ms%s\n", "typing into a 110 KB narrative: longest wait for a key", longest,
                    longest > 100 ? "  (lag felt)" : "");
        std::printf("  %-58s %8.1f ms\n", "typing into a 110 KB narrative: mean time to handle a key", total / keys);
        record(longest);
        const auto start = Clock::now();
        test::waitFor([&] { return !cases->scanning(); }, 60000);
        test::pump(400);
        test::waitFor([&] { return !cases->scanning(); }, 60000);
        std::printf("  %-58s %8.1f ms  (in the background)\n", "findings shown after the last key", msSince(start));
        std::fflush(stdout);
    }
    frame->findingsCache().clear();
    record(timed("status bar from scratch: 1,000 case studies, 5 measures", [&] {
        frame->updateStatus();
        frame->finishStatusChecks();
    }));
    std::printf("  status bar: %s\n", static_cast<const char*>(frame->problemSummary().utf8_str()));
    record(timed("close the store", [&] { frame->closeStore(false); }));
    std::printf("  slowest step: %.1f ms (%s)\n", worst, worst <= 1000 ? "within 1 second" : "OVER 1 SECOND");

    frame->Destroy();
    test::pump(50);
    wxTheApp->OnExit();
    wxEntryCleanup();
    return 0;
}
