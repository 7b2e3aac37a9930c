// Working like a spreadsheet: type-to-find choosers, periods added as a range, Enter and Fill Down in the
// grid, the outlier warning as a figure is typed, ordered and filtered lists, and import progress with
// Cancel. Real input (wxUIActionSimulator, X11) and event dispatch on the sample store.
#include "app/choosers.h"
#include "app/lookup.h"
#include "db/store.h"
#include "gui/case_studies_view.h"
#include "gui/find_chooser.h"
#include "gui/import_dialog.h"
#include "gui/sources_view.h"
#include "gui/statistics_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <functional>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listbox.h>
#include <wx/modalhook.h>
#include <wx/progdlg.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/timer.h>
#include <wx/uiaction.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::pump;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

namespace {

wxString statusOf(wxWindow* view)
{
    return static_cast<wxStaticText*>(view->FindWindow(XRCID("status_text")))->GetLabel();
}

/// Runs @p step every 40 ms (inside modal loops too) until it returns true.
class Stepper : public wxTimer
{
public:
    explicit Stepper(std::function<bool()> step) : m_step(std::move(step)) { Start(40); }
    void Notify() override
    {
        if (m_step())
            Stop();
    }

private:
    std::function<bool()> m_step;
};

/// Answers each modal dialog with @p answer(dialog), without showing it.
class AnswerDialogs : public wxModalDialogHook
{
public:
    explicit AnswerDialogs(std::function<int(wxDialog*)> answer) : m_answer(std::move(answer)) { Register(); }
    ~AnswerDialogs() override { Unregister(); }
    AnswerDialogs(const AnswerDialogs&) = delete;
    AnswerDialogs& operator=(const AnswerDialogs&) = delete;

protected:
    int Enter(wxDialog* dialog) override { return m_answer(dialog); }
    void Exit(wxDialog*) override {}

private:
    std::function<int(wxDialog*)> m_answer;
};

void click(wxWindow* view, const char* button)
{
    wxWindow* b = view->FindWindow(XRCID(button));
    BOOST_REQUIRE(b);
    wxCommandEvent e(wxEVT_BUTTON, b->GetId());
    e.SetEventObject(b);
    b->ProcessWindowEvent(e);
}

std::size_t columnOf(const app::ObservationGridModel& model, const std::string& period)
{
    for (std::size_t c = 0; c < model.columnCount(); ++c)
        if (model.period(c).toString() == period)
            return c;
    return model.columnCount();
}

std::size_t observationsIn(const std::filesystem::path& path)
{
    return db::Store::open(path, db::OpenMode::ReadOnly).observationCount();
}

} // namespace

BOOST_AUTO_TEST_SUITE(grid_ux)

BOOST_AUTO_TEST_CASE(typing_narrows_a_chooser_and_areas_of_one_name_are_told_apart)
{
    SampleWindow w;
    const std::vector<Area> areas = w.frame->store().areas();
    auto* find = new FindChooser(w.frame, "Add Area", "Choose:", app::areaLabels(areas));
    find->Show();
    find->searchBox()->SetFocus();
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("west mid");
    BOOST_TEST(waitFor([&] { return find->list()->GetCount() == 2; }));
    BOOST_TEST(find->list()->GetString(0) == "West Midlands (police force)");
    BOOST_TEST(find->list()->GetString(1) == "West Midlands (region)");
    BOOST_TEST(find->choice() == static_cast<int>(find->shown()[0])); // the first that matches is chosen
    sim.Char(WXK_DOWN);
    BOOST_TEST(waitFor([&] { return find->list()->GetSelection() == 1; }));
    BOOST_TEST((areas[static_cast<std::size_t>(find->choice())].kind == AreaKind::Region));
    find->Destroy();
    pump(50);

    // Add Area in the Statistics view uses it; the new row is labelled with its kind.
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    wxString prompt;
    {
        AnswerDialogs answer([&](wxDialog* d) {
            auto* chooser = dynamic_cast<FindChooser*>(d);
            if (!chooser)
                return static_cast<int>(wxID_CANCEL);
            chooser->setQuery("midlands region");
            prompt = chooser->GetTitle();
            return chooser->shown().size() == 1 ? static_cast<int>(wxID_OK) : static_cast<int>(wxID_CANCEL);
        });
        click(stats, "add_area_button");
    }
    BOOST_TEST(prompt == "Add Area");
    const auto row = stats->model()->rowOf(app::findArea(w.frame->store(), "E12000005").id);
    BOOST_REQUIRE(row);
    BOOST_TEST(stats->grid()->GetRowLabelValue(static_cast<int>(*row)) == "West Midlands (region)");

    // A letter typed on the measure list opens the finder with it.
    wxString query;
    {
        AnswerDialogs answer([&](wxDialog* d) {
            if (auto* chooser = dynamic_cast<FindChooser*>(d))
                query = chooser->query();
            return static_cast<int>(wxID_CANCEL);
        });
        wxWindow* measure = stats->FindWindow(XRCID("measure_choice"));
        measure->SetFocus();
        pump(100);
        sim.Char('s');
        BOOST_TEST(waitFor([&] { return !query.empty(); }));
    }
    BOOST_TEST(query == "s");
}

BOOST_AUTO_TEST_CASE(periods_are_added_as_a_range_and_a_wrong_one_keeps_the_dialog_open)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    app::ObservationGridModel* model = stats->model();
    BOOST_REQUIRE(model);
    BOOST_REQUIRE(columnOf(*model, "2010/11") == model->columnCount());

    wxString problemShown, entryKept;
    bool stayedOpen = false;
    int step = 0;
    Stepper stepper([&] {
        wxTextEntryDialog* dlg = nullptr;
        for (wxWindow* top : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxTextEntryDialog*>(top); d && d->IsModal())
                dlg = d;
        if (!dlg)
            return false;
        wxTextCtrl* entry = nullptr;
        for (wxWindow* child : dlg->GetChildren())
            if (!entry)
                entry = dynamic_cast<wxTextCtrl*>(child);
        auto* problem = dynamic_cast<wxStaticText*>(dlg->FindWindow("period_problem_text"));
        if (!entry || !problem)
            return true;
        wxCommandEvent ok(wxEVT_BUTTON, wxID_OK);
        ok.SetEventObject(dlg->FindWindow(wxID_OK));
        if (step == 0) {
            entry->SetValue("2010/11 to 2012/1x");
            dlg->ProcessWindowEvent(ok);
            ++step;
            return false;
        }
        if (step == 1) {
            stayedOpen = dlg->IsModal();
            problemShown = problem->GetLabel();
            entryKept = entry->GetValue();
            entry->SetValue("2010/11 to 2012/13");
            dlg->ProcessWindowEvent(ok);
            ++step;
        }
        return true;
    });
    click(stats, "add_period_button"); // returns once the dialog closes
    BOOST_TEST(stayedOpen);
    BOOST_TEST(entryKept == "2010/11 to 2012/1x");
    BOOST_TEST(problemShown.Contains("'2012/1x' is not a period"));
    for (const char* p : {"2010/11", "2011/12", "2012/13"})
        BOOST_TEST(columnOf(*model, p) < model->columnCount(), p);
    BOOST_TEST(stats->grid()->GetNumberCols() == static_cast<int>(model->columnCount()));
    BOOST_TEST(statusOf(stats).Contains("Added 3 columns, 2010/11 to 2012/13"));
}

BOOST_AUTO_TEST_CASE(enter_moves_down_and_fill_down_fills_the_selection)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    app::ObservationGridModel* model = stats->model();
    BOOST_REQUIRE(model && model->rowCount() >= 4);
    const std::size_t col = columnOf(*model, "2017/18");
    BOOST_REQUIRE(col < model->columnCount());
    wxGrid* grid = stats->grid();
    grid->SetFocus();
    grid->SetGridCursor(0, static_cast<int>(col));
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("55");
    sim.Char(WXK_RETURN);
    BOOST_TEST(waitFor([&] { return model->text(0, col) == "55"; }));
    BOOST_TEST(waitFor([&] { return grid->GetGridCursorRow() == 1; })); // Enter moves down
    BOOST_TEST(grid->GetGridCursorCol() == static_cast<int>(col));

    // Fill Down (Ctrl+D) over the first four rows of the column: one transaction, the top figure below it.
    const std::size_t before = observationsIn(w.path);
    std::size_t added = 0;
    for (std::size_t r = 1; r < 4; ++r)
        added += model->observation(r, col) ? 0 : 1;
    grid->SetGridCursor(0, static_cast<int>(col));
    grid->SelectBlock(0, static_cast<int>(col), 3, static_cast<int>(col));
    grid->SetFocus();
    pump(100);
    sim.Char('d', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return model->text(3, col) == "55"; }));
    for (std::size_t r = 0; r < 4; ++r)
        BOOST_TEST(model->text(r, col) == "55");
    BOOST_TEST(observationsIn(w.path) == before + added);
    BOOST_TEST(statusOf(stats).Contains("Filled 3 cells down"));
}

BOOST_AUTO_TEST_CASE(a_figure_ten_times_its_neighbours_is_flagged_as_typed_and_still_saved)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    app::ObservationGridModel* model = stats->model();
    BOOST_REQUIRE(model);
    // A cell whose row has figures around it.
    std::optional<std::pair<std::size_t, std::size_t>> cell;
    for (std::size_t r = 0; r < model->rowCount() && !cell; ++r)
        for (std::size_t c = 0; c < model->columnCount() && !cell; ++c)
            if (model->outlier(r, c, "9,999,999") && !model->outlier(r, c))
                cell.emplace(r, c);
    BOOST_REQUIRE(cell);
    const auto [row, col] = *cell;
    wxGrid* grid = stats->grid();
    grid->SetFocus();
    grid->SetGridCursor(static_cast<int>(row), static_cast<int>(col));
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("9999999");
    BOOST_TEST(waitFor([&] { return statusOf(stats).Contains("times the figures beside it"); }));
    BOOST_TEST(grid->IsCellEditControlShown()); // a warning: the figure is still being typed
    sim.Char(WXK_RETURN);
    BOOST_TEST(waitFor([&] { return model->text(row, col) == "9,999,999"; }));
    BOOST_TEST(statusOf(stats).StartsWith("Saved"));
    BOOST_TEST(statusOf(stats).Contains("Check:"));
    // The cell is tinted while it stands out.
    wxGridCellAttr* attr = grid->GetTable()->GetAttr(static_cast<int>(row), static_cast<int>(col), wxGridCellAttr::Any);
    BOOST_REQUIRE(attr);
    BOOST_TEST(attr->HasBackgroundColour());
    attr->DecRef();
}

BOOST_AUTO_TEST_CASE(case_study_and_source_lists_are_found_and_ordered)
{
    SampleWindow w;
    w.show(ViewId::CaseStudies);
    auto* cases = static_cast<CaseStudiesView*>(w.frame->view(ViewId::CaseStudies));
    const auto all = cases->listedReferences();
    BOOST_REQUIRE(all.size() >= 3u);
    BOOST_TEST(std::is_sorted(all.begin(), all.end()));
    // Typed into the find box for real.
    auto* find = static_cast<wxTextCtrl*>(cases->FindWindow("case_find_text"));
    BOOST_REQUIRE(find);
    find->SetFocus();
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("cs-002");
    BOOST_TEST(waitFor([&] { return cases->listedReferences().size() == 1u; }));
    BOOST_TEST(cases->listedReferences().front() == "CS-002");
    const auto reversed = std::vector<std::string>(all.rbegin(), all.rend());
    BOOST_TEST(cases->arrangeList("", app::CaseOrder::Reference, true) == all.size());
    BOOST_TEST(cases->listedReferences() == reversed);
    cases->arrangeList("", app::CaseOrder::Reference, false);

    w.show(ViewId::Sources);
    auto* sources = static_cast<SourcesView*>(w.frame->view(ViewId::Sources));
    const auto titles = sources->arrangeList("", app::SourceOrder::Title);
    BOOST_REQUIRE(titles.size() >= 2u);
    BOOST_TEST(app::compareCells(titles.front(), titles.back()) <= 0);
    auto* list = static_cast<wxListBox*>(sources->FindWindow(XRCID("source_list")));
    BOOST_TEST(list->GetString(0) == toWx(titles.front()));
    const auto some = sources->arrangeList(toWx(titles.back()), app::SourceOrder::Title);
    BOOST_TEST(!some.empty());
    BOOST_TEST(some.size() < titles.size());
    BOOST_TEST(list->GetCount() == some.size());
}

BOOST_AUTO_TEST_CASE(import_shows_progress_and_cancel_leaves_the_store_unchanged)
{
    SampleWindow w;
    const Measure measure = w.frame->store().measures().front();
    const Source source = w.frame->store().sources().front();
    const auto csv = w.dir.file("many.csv");
    {
        std::ofstream out(csv);
        out << "measure,area_code,area_name,period,dimension,category,value,marker,source,note\n";
        for (int i = 0; i < 60000; ++i)
            out << '"' << measure.name << "\",E23000039,,2019/20,group,g" << i << ',' << i + 1 << ",,\"" << source.title
                << "\",\n";
    }
    const std::size_t before = observationsIn(w.path);
    auto* dialog = new ImportDialog(w.frame, w.frame->store(), toWx(csv.string()), 0);
    BOOST_REQUIRE(dialog->FindWindow(wxID_OK)->IsEnabled()); // the check found no problem
    dialog->setProgressDelay(std::chrono::milliseconds(0));
    wxString progressText;
    // The progress dialog lets only clicks and repaints through: Cancel is pressed once it has counted rows.
    dialog->onProgressUpdated([&](wxProgressDialog& progress) {
        if (!progressText.empty() || !progress.GetMessage().Contains(" of ") ||
            progress.GetMessage().StartsWith("Read 0 "))
            return;
        progressText = progress.GetMessage();
        wxCommandEvent cancel(wxEVT_BUTTON, wxID_CANCEL);
        cancel.SetEventObject(progress.FindWindow(wxID_CANCEL));
        progress.ProcessWindowEvent(cancel);
    });
    click(dialog, "wxID_OK");
    BOOST_TEST_MESSAGE("progress: " << progressText.utf8_str());
    BOOST_TEST(progressText.Contains("of 60,000 rows"));
    BOOST_TEST(static_cast<wxStaticText*>(dialog->FindWindow(XRCID("summary_text")))
                   ->GetLabel()
                   .StartsWith("Import cancelled"));
    BOOST_TEST(dialog->FindWindow(wxID_OK)->IsEnabled()); // it can be started again
    BOOST_TEST(observationsIn(w.path) == before);
    dialog->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_SUITE_END()
