// Edit > Undo and Redo from the keyboard, across views (app/history.h behind them), under Xvfb.
#include "app/lookup.h"
#include "db/store.h"
#include "gui/case_studies_view.h"
#include "gui/statistics_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"

#include <boost/test/unit_test.hpp>
#include <wx/menu.h>
#include <wx/modalhook.h>
#include <wx/msgdlg.h>
#include <wx/stc/stc.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::pump;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

namespace {

/// Presses "Delete" (Yes) in every message box shown while it lives.
class ConfirmEverything : public wxModalDialogHook
{
public:
    ConfirmEverything() { Register(); }
    ~ConfirmEverything() override { Unregister(); }
    int asked = 0;

protected:
    int Enter(wxDialog*) override { return ++asked, wxID_YES; }
    void Exit(wxDialog*) override {}
};

/// The Edit menu's label of @p id, as the menu shows it after its update.
wxString menuLabel(MainFrame* frame, int id)
{
    frame->GetMenuBar()->UpdateMenus();
    return frame->GetMenuBar()->FindItem(id)->GetItemLabelText();
}

bool menuEnabled(MainFrame* frame, int id)
{
    frame->GetMenuBar()->UpdateMenus();
    return frame->GetMenuBar()->FindItem(id)->IsEnabled();
}

/// What the open store holds for Dorset, 2017/18, the sample's first measure (nullopt: no figure).
std::optional<double> dorset201718(MainFrame* frame)
{
    db::Store& store = frame->store();
    db::ObservationFilter f;
    f.measureId = store.measures().front().id;
    f.areaId = app::findArea(store, "Dorset").id;
    f.period = Period::parse("2017/18");
    f.dimension = "";
    const auto found = store.observations(f);
    return found.empty() ? std::nullopt : found.front().value;
}

} // namespace

BOOST_AUTO_TEST_SUITE(undo_redo)

BOOST_AUTO_TEST_CASE(ctrl_z_puts_back_a_typed_figure_and_ctrl_y_types_it_again)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    app::ObservationGridModel* model = stats->model();
    BOOST_REQUIRE(model);
    BOOST_TEST(!menuEnabled(w.frame, wxID_UNDO));
    const auto old = dorset201718(w.frame);
    const auto row = model->rowOf(app::findArea(w.frame->store(), "Dorset").id);
    BOOST_REQUIRE(row);
    int col = 0;
    while (static_cast<std::size_t>(col) < model->columnCount() && model->period(col).toString() != "2017/18")
        ++col;
    wxGrid* grid = stats->grid();
    grid->SetFocus();
    grid->SetGridCursor(static_cast<int>(*row), col);
    pump(100);

    wxUIActionSimulator sim;
    sim.Text("4321");
    sim.Char(WXK_RETURN);
    BOOST_REQUIRE(waitFor([&] { return dorset201718(w.frame) == 4321.0; }));
    grid->SetFocus();
    pump(50);
    BOOST_TEST(menuLabel(w.frame, wxID_UNDO) == "Undo Edit Dorset 2017/18");
    BOOST_TEST(menuEnabled(w.frame, wxID_UNDO));

    sim.Char('z', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return dorset201718(w.frame) == old; }));
    BOOST_TEST(menuLabel(w.frame, wxID_REDO) == "Redo Edit Dorset 2017/18");
    BOOST_TEST(grid->GetCellValue(static_cast<int>(*row), col).ToStdString().find("4321") == std::string::npos);

    sim.Char('y', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return dorset201718(w.frame) == 4321.0; }));
    BOOST_TEST(!menuEnabled(w.frame, wxID_REDO));
}

BOOST_AUTO_TEST_CASE(undo_brings_back_a_deleted_case_study_with_its_uuid_from_another_view)
{
    SampleWindow w;
    w.show(ViewId::CaseStudies);
    auto* view = static_cast<CaseStudiesView*>(w.frame->view(ViewId::CaseStudies));
    const CaseStudy deleted = w.frame->store().caseStudies().front();
    view->select(deleted.id);
    pump(100);
    {
        ConfirmEverything yes;
        wxCommandEvent click(wxEVT_BUTTON, XRCID("delete_case_button"));
        click.SetEventObject(view);
        view->FindWindow(XRCID("delete_case_button"))->GetEventHandler()->ProcessEvent(click);
        BOOST_TEST(yes.asked == 1);
    }
    BOOST_REQUIRE(!w.frame->store().caseStudy(deleted.id));
    BOOST_TEST(menuLabel(w.frame, wxID_UNDO) == "Undo Delete case study " + deleted.reference);

    // Undone from another view: the Case studies view comes back, showing it.
    w.show(ViewId::Sources);
    w.frame->navigation()->SetFocus();
    pump(100);
    wxUIActionSimulator sim;
    sim.Char('z', wxMOD_CONTROL);
    BOOST_REQUIRE(waitFor([&] { return w.frame->store().caseStudy(deleted.id).has_value(); }));
    const auto back = w.frame->store().caseStudy(deleted.id);
    BOOST_TEST(back->uuid == deleted.uuid);
    BOOST_TEST(back->narrative == deleted.narrative);
    BOOST_TEST(static_cast<int>(w.frame->currentView()) == static_cast<int>(ViewId::CaseStudies));
    BOOST_TEST(view->selectedId() == deleted.id);
}

BOOST_AUTO_TEST_CASE(ctrl_z_in_a_narrative_being_typed_undoes_the_typing_first)
{
    SampleWindow w;
    w.show(ViewId::CaseStudies);
    auto* view = static_cast<CaseStudiesView*>(w.frame->view(ViewId::CaseStudies));
    const CaseStudy cs = w.frame->store().caseStudies().front();
    view->select(cs.id);
    wxStyledTextCtrl* narrative = view->narrative();
    narrative->SetFocus();
    narrative->DocumentEnd();
    pump(100);
    wxUIActionSimulator sim;
    sim.Text(" Extra");
    pump(100);
    BOOST_REQUIRE(narrative->CanUndo());
    BOOST_TEST(menuLabel(w.frame, wxID_UNDO) == "Undo");
    sim.Char('z', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return narrative->GetText().utf8_str().data() == cs.narrative; }));
}

BOOST_AUTO_TEST_CASE(typing_into_one_field_with_pauses_is_one_undo_step)
{
    // The field is saved at each pause in typing; Ctrl+Z takes back all of that typing at once.
    SampleWindow w;
    w.show(ViewId::Submission);
    View* view = w.frame->view(ViewId::Submission);
    auto* caveats = static_cast<wxTextCtrl*>(view->FindWindow(XRCID("caveats_text")));
    const std::string before = w.frame->store().submissions().front().caveats;
    caveats->SetFocus();
    caveats->SetInsertionPointEnd();
    pump(50);
    wxUIActionSimulator sim;
    for (const char* words : {" Figures", " for 2017/18", " are provisional."}) {
        sim.Text(words);
        BOOST_REQUIRE(waitFor([&] { return caveats->GetValue().EndsWith(words); }));
        // A pause long enough for the field to be saved.
        BOOST_REQUIRE(
            waitFor([&] { return w.frame->store().submissions().front().caveats == toUtf8(caveats->GetValue()); }));
    }
    BOOST_TEST(w.frame->store().submissions().front().caveats == before + " Figures for 2017/18 are provisional.");
    w.frame->navigation()->SetFocus();
    pump(100);
    BOOST_TEST(menuLabel(w.frame, wxID_UNDO).StartsWith("Undo "));
    sim.Char('z', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return w.frame->store().submissions().front().caveats == before; }),
               "after one Ctrl+Z the caveats read \"" << w.frame->store().submissions().front().caveats << "\"");
    BOOST_TEST(!menuEnabled(w.frame, wxID_UNDO));
    sim.Char('y', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] {
        return w.frame->store().submissions().front().caveats == before + " Figures for 2017/18 are provisional.";
    }));
}

BOOST_AUTO_TEST_SUITE_END()
