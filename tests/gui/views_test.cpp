// The main window on the sample store, driven by real input (wxUIActionSimulator, X11) and event dispatch.
#include "app/anonymisation.h"
#include "app/lookup.h"
#include "app/readiness.h"
#include "db/store.h"
#include "gui/case_studies_view.h"
#include "gui/export_view.h"
#include "gui/import_dialog.h"
#include "gui/statistics_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/listbox.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/stc/stc.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::SampleWindow;
using evidence::test::storedFigure;
using evidence::test::waitFor;

namespace {

/// The figure the store holds for the measure of the sample, @p area and @p period (totals), if any.
wxString statusOf(wxWindow* view)
{
    return static_cast<wxStaticText*>(view->FindWindow(XRCID("status_text")))->GetLabel();
}

} // namespace

BOOST_AUTO_TEST_SUITE(views)

BOOST_AUTO_TEST_CASE(navigation_lists_every_view_in_workflow_order)
{
    SampleWindow w;
    wxListBox* nav = w.frame->navigation();
    BOOST_TEST(nav->GetCount() == w.frame->viewIds().size());
    BOOST_TEST(nav->GetString(0) == "Submission");
    BOOST_TEST(nav->GetString(4) == "Consultation responses");
    BOOST_TEST(nav->GetString(5) == "Export");
    for (ViewId id : w.frame->viewIds()) {
        w.show(id);
        BOOST_TEST((w.frame->currentView() == id));
    }
    BOOST_TEST(w.frame->GetStatusBar()->GetStatusText(0) == "sample.evidence");
    BOOST_TEST(w.frame->GetStatusBar()->GetStatusText(1).StartsWith("Response to the Online Harms"));
    w.frame->finishStatusChecks();
    const wxString problems = w.frame->problemSummary();
    BOOST_TEST_MESSAGE("status bar: " << problems.utf8_str());
    // CS-004, a draft with a school, a handle, a phone number and a plain first name (a BLOCK: docs/anonymisation.md
    // §2.13), is left out of the submission: the Export view lists nothing of it, and the status bar says so.
    BOOST_TEST(problems.Contains("1 unreviewed case study, left out"));
    BOOST_TEST(problems.Contains("4 BLOCK findings, left out"));
    BOOST_TEST(problems.Contains("2 incomplete series")); // Metropolitan Police, Wiltshire
    BOOST_TEST(w.frame->GetStatusBar()->GetStatusText(2) == problems);
}

BOOST_AUTO_TEST_CASE(typing_into_the_grid_saves_the_figure)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    app::ObservationGridModel* model = stats->model();
    BOOST_REQUIRE(model);
    const auto row = model->rowOf(app::findArea(db::Store::open(w.path, db::OpenMode::ReadOnly), "Dorset").id);
    BOOST_REQUIRE(row);
    std::size_t col = 0;
    while (col < model->columnCount() && model->period(col).toString() != "2017/18")
        ++col;
    BOOST_REQUIRE(col < model->columnCount());
    BOOST_TEST(!storedFigure(w.path, "Dorset", "2017/18"));

    wxGrid* grid = stats->grid();
    grid->SetFocus();
    grid->SetGridCursor(static_cast<int>(*row), static_cast<int>(col));
    evidence::test::pump(100);
    wxUIActionSimulator sim;
    sim.Text("1,234");
    sim.Char(WXK_RETURN);
    BOOST_TEST(waitFor([&] { return storedFigure(w.path, "Dorset", "2017/18").has_value(); }));
    const auto saved = storedFigure(w.path, "Dorset", "2017/18");
    BOOST_REQUIRE(saved);
    BOOST_TEST(*saved->value == 1234.0);
    BOOST_TEST(grid->GetCellValue(static_cast<int>(*row), static_cast<int>(col)) == "1,234");

    // A value the store refuses is not saved; the reason is shown and the cell keeps what was typed.
    grid->SetFocus();
    grid->SetGridCursor(static_cast<int>(*row), static_cast<int>(col));
    evidence::test::pump(100);
    sim.Text("12x");
    sim.Char(WXK_RETURN);
    BOOST_TEST(waitFor([&] { return statusOf(stats).StartsWith("Not saved"); }));
    BOOST_TEST(statusOf(stats).Contains("12x"));
    BOOST_TEST(waitFor([&] { return grid->IsCellEditControlShown(); }));
    grid->DisableCellEditControl();
    BOOST_TEST(*storedFigure(w.path, "Dorset", "2017/18")->value == 1234.0);
}

BOOST_AUTO_TEST_CASE(an_email_typed_into_a_narrative_is_found)
{
    SampleWindow w;
    w.show(ViewId::CaseStudies);
    auto* cases = static_cast<CaseStudiesView*>(w.frame->view(ViewId::CaseStudies));
    const auto cs1 = db::Store::open(w.path, db::OpenMode::ReadOnly).caseStudyByReference("CS-001");
    BOOST_REQUIRE(cs1);
    w.frame->goTo({ViewId::CaseStudies, cs1->id, "", 0, 0});
    BOOST_TEST(cases->selectedId() == cs1->id);
    BOOST_TEST(cases->findings().empty());

    wxStyledTextCtrl* narrative = cases->narrative();
    narrative->SetFocus();
    narrative->DocumentEnd();
    evidence::test::pump(100);
    wxUIActionSimulator sim;
    sim.Text(" Write to jo.bloggs@example.com");
    auto emailFound = [&] {
        for (const auto& f : cases->findings())
            if (f.kind == anon::FindingKind::Email && f.severity == anon::Severity::Block)
                return true;
        return false;
    };
    BOOST_TEST(waitFor(emailFound));
    // Underlined in the editor, and labelled in words under the line, not only by colour.
    const int at = narrative->GetLength() - 3;
    BOOST_TEST(narrative->IndicatorAllOnFor(at) != 0);
    BOOST_TEST(toUtf8(narrative->AnnotationGetText(narrative->LineFromPosition(at))).find("BLOCK e-mail address") !=
               std::string::npos);
    BOOST_TEST(!w.frame->view(ViewId::CaseStudies)->FindWindow(XRCID("review_button"))->IsEnabled());
    // Saved as typed: the store holds the text, and the case study is a draft again.
    BOOST_TEST(waitFor([&] {
        const auto c = db::Store::open(w.path, db::OpenMode::ReadOnly).caseStudy(cs1->id);
        return c && c->narrative.find("jo.bloggs@example.com") != std::string::npos;
    }));
    BOOST_TEST((db::Store::open(w.path, db::OpenMode::ReadOnly).caseStudy(cs1->id)->review == ReviewState::Draft));
}

BOOST_AUTO_TEST_CASE(a_refused_write_shows_the_reason_and_keeps_the_input)
{
    SampleWindow w;
    w.show(ViewId::CaseStudies);
    const auto cs4 = db::Store::open(w.path, db::OpenMode::ReadOnly).caseStudyByReference("CS-004");
    w.frame->goTo({ViewId::CaseStudies, cs4->id, "", 0, 0});
    View* view = w.frame->view(ViewId::CaseStudies);
    auto* reference = static_cast<wxTextCtrl*>(view->FindWindow(XRCID("reference_text")));
    reference->SetFocus();
    reference->SelectAll();
    wxUIActionSimulator sim;
    sim.Text("CS-001");
    BOOST_TEST(waitFor([&] { return statusOf(view).StartsWith("Case study not saved"); }));
    BOOST_TEST(statusOf(view).Contains("already has reference"));
    BOOST_TEST(reference->GetValue() == "CS-001");
    BOOST_TEST(db::Store::open(w.path, db::OpenMode::ReadOnly).caseStudy(cs4->id)->reference == "CS-004");
    BOOST_TEST(!view->unsavedProblem().empty());
}

BOOST_AUTO_TEST_CASE(the_submission_form_checks_fields_as_you_type)
{
    SampleWindow w;
    w.show(ViewId::Submission);
    View* view = w.frame->view(ViewId::Submission);
    auto* email = static_cast<wxTextCtrl*>(view->FindWindow(XRCID("contact_email_text")));
    auto* problems = static_cast<wxStaticText*>(view->FindWindow(XRCID("problems_text")));
    email->SetFocus();
    email->SelectAll();
    wxUIActionSimulator sim;
    sim.Text("jane@");
    BOOST_TEST(waitFor([&] { return problems->GetLabel().Contains("Organisational email:"); }));
    BOOST_TEST(email->GetValue() == "jane@");
    // Alt+S (the "Caveat&s" label) moves the focus to the caveats, as mnemonics do on every form.
    sim.Char('s', wxMOD_ALT);
    BOOST_TEST(waitFor([&] { return wxWindow::FindFocus() == view->FindWindow(XRCID("caveats_text")); }));
    // Saved as typed (the store accepts it); the export's pre-flight names it again.
    BOOST_TEST(waitFor(
        [&] { return db::Store::open(w.path, db::OpenMode::ReadOnly).submissions().front().contactEmail == "jane@"; }));
}

BOOST_AUTO_TEST_CASE(the_import_preview_lists_every_error_and_imports_nothing)
{
    SampleWindow w;
    const auto csv = w.dir.file("figures.csv");
    evidence::test::writeFile(csv, "measure,area_code,area_name,period,dimension,category,value,marker,source,note\n"
                                   "Sexual offences against under-18s recorded with an online flag,E23000039,Dorset,"
                                   "2016/17,,,1,49,,NSPCC FOI requests to police forces (2019),\n"
                                   "Sexual offences against under-18s recorded with an online flag,E23000039,Dorset,"
                                   "2017/18,,,-4,,NSPCC FOI requests to police forces (2019),\n");
    const std::size_t before = db::Store::open(w.path, db::OpenMode::ReadOnly).observationCount();
    auto* dialog = new ImportDialog(w.frame, w.frame->store(), toWx(csv.string()), 0);
    const wxArrayString problems = dialog->problems();
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE("import problem: " << p.utf8_str());
    BOOST_TEST(problems.size() >= 2u);
    BOOST_TEST(problems[0].Contains("figures.csv:2"));
    BOOST_TEST(!dialog->FindWindow(wxID_OK)->IsEnabled());
    dialog->Destroy();
    evidence::test::pump(50);
    BOOST_TEST(db::Store::open(w.path, db::OpenMode::ReadOnly).observationCount() == before);
}

BOOST_AUTO_TEST_CASE(export_writes_the_workbook)
{
    SampleWindow w;
    w.acknowledgeOpenFindings(); // the towns the sample's source notes name (WARN)
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_TEST(waitFor([&] { return !view->checking(); }, 20000));
    for (const auto& p : view->problems())
        BOOST_TEST_MESSAGE("pre-flight: " << p.text.utf8_str());
    auto* button = static_cast<wxButton*>(view->FindWindow(XRCID("export_button")));
    BOOST_REQUIRE(button->IsEnabled());
    const auto target = w.dir.file("response.xlsx");
    const auto abandoned = w.dir.file(".response.xlsx.0badf00d.part"); // as a killed export leaves it
    test::writeFile(abandoned, "PK half a workbook");
    view->setPath(toWx(target.string()));
    wxCommandEvent click(wxEVT_BUTTON, button->GetId());
    click.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(click);
    BOOST_TEST(waitFor([&] { return std::filesystem::exists(target); }),
               "result: " << static_cast<wxStaticText*>(view->FindWindow(XRCID("result_text")))->GetLabel().utf8_str());
    BOOST_REQUIRE(std::filesystem::exists(target));
    BOOST_TEST(std::filesystem::file_size(target) > 5000u);
    BOOST_TEST(view->writtenFile() == toWx(target.string()));
    BOOST_TEST(view->FindWindow(XRCID("open_button"))->IsShown());
    wxString written = static_cast<wxStaticText*>(view->FindWindow(XRCID("result_text")))->GetLabel();
    written.Replace("\n", " "); // wrapped to the view's width
    BOOST_TEST(written.Contains("Removed 1 unfinished workbook left in that folder"), "result: " << written.utf8_str());
    BOOST_TEST(!std::filesystem::exists(abandoned));

    // Small-count suppression: off by default; ticking it enables the threshold and the export states it.
    auto* suppress = static_cast<wxCheckBox*>(view->FindWindow(XRCID("suppress_check")));
    auto* threshold = static_cast<wxSpinCtrl*>(view->FindWindow(XRCID("threshold_spin")));
    BOOST_TEST(!suppress->GetValue());
    BOOST_TEST(!threshold->IsEnabled());
    suppress->SetValue(true);
    wxCommandEvent tick(wxEVT_CHECKBOX, suppress->GetId());
    tick.SetEventObject(suppress);
    tick.SetInt(1);
    suppress->GetEventHandler()->ProcessEvent(tick);
    BOOST_TEST(threshold->IsEnabled());
    threshold->SetValue(3);
    const auto suppressed = w.dir.file("suppressed.xlsx");
    view->setPath(toWx(suppressed.string()));
    button->GetEventHandler()->ProcessEvent(click);
    // The file appears when it is renamed into place; the view reports it once the job has finished, in a
    // label wrapped to the view's width.
    auto* resultText = static_cast<wxStaticText*>(view->FindWindow(XRCID("result_text")));
    auto unwrapped = [&] {
        wxString label = resultText->GetLabel();
        label.Replace("\n", " ");
        return label;
    };
    BOOST_TEST(
        waitFor([&] { return std::filesystem::exists(suppressed) && unwrapped().Contains("Counts below 3"); }, 30000));
    const wxString result = unwrapped();
    BOOST_TEST(result.Contains("Counts below 3 are shown as [c]"), "result: " << result.utf8_str());
}

BOOST_AUTO_TEST_CASE(the_export_view_shows_the_list_the_export_refuses_by)
{
    SampleWindow w;
    {
        // No organisation: the workbook would have no author. The view used to say "ready" here.
        db::Store store = db::Store::open(w.path);
        Submission s = store.submissions().front();
        s.organisation.clear();
        store.update(s);
    }
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_TEST(waitFor([&] { return !view->checking(); }, 20000));
    const db::Store store = db::Store::open(w.path, db::OpenMode::ReadOnly);
    const app::ReadinessList list = app::checkReadiness(store, 0, false);
    BOOST_REQUIRE_EQUAL(view->problems().size(), list.items.size());
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        BOOST_TEST(view->problems()[i].blocking == list.items[i].blocking);
        BOOST_TEST(view->problems()[i].text.utf8_str().data() == list.items[i].text);
    }
    BOOST_TEST(list.blocked());
    bool named = false;
    for (const auto& p : view->problems())
        named = named || (p.blocking && p.text.Contains("has no organisation"));
    BOOST_TEST(named);
    BOOST_TEST(!view->FindWindow(XRCID("export_button"))->IsEnabled());
}

BOOST_AUTO_TEST_CASE(the_export_view_lists_each_problem_the_preflight_used_to_omit)
{
    // Finding 7 of tests/gui/README.md: the view said "ready to export" while the export refused, and it omitted the
    // missing organisational email, consent "unknown" on a reviewed case study, unticked measures and an
    // answer naming a deleted case study.
    SampleWindow w;
    std::string consentless;
    {
        db::Store store = db::Store::open(w.path);
        Submission s = store.submissions().front();
        s.organisation.clear();
        s.contactEmail.clear();
        store.update(s);
        const auto selected = store.selectedCaseStudies(s.id);
        BOOST_REQUIRE(!selected.empty());
        CaseStudy cs = *store.caseStudy(selected.front());
        cs.consent = Consent::Unknown;
        cs.basis = CaseStudyBasis::Consent;
        store.update(cs);
        store.setReviewState(cs.id, ReviewState::Reviewed, "Policy officer");
        consentless = cs.reference;
        // A new measure starts unticked, beside the sample's ticked one.
        Measure added;
        added.name = "Measure added after the others";
        store.insert(added);
        auto answers = store.answers(s.id);
        BOOST_REQUIRE(!answers.empty());
        answers.front().text += " See case study CS-987.";
        store.save(answers.front());
    }
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_TEST(waitFor([&] { return !view->checking(); }, 20000));
    const auto listed = [&](const wxString& words) {
        for (const auto& p : view->problems())
            if (p.text.Contains(words))
                return true;
        return false;
    };
    BOOST_TEST(listed("has no organisation"));
    BOOST_TEST(listed("no organisational email"));
    BOOST_TEST(listed(toWx(consentless) + " has no consent recorded"));
    BOOST_TEST(listed("is not ticked for the submission"));
    BOOST_TEST(listed("names case study CS-987, which is not in the store"));
    BOOST_TEST(!view->FindWindow(XRCID("export_button"))->IsEnabled());
}

BOOST_AUTO_TEST_CASE(the_forms_show_and_save_a_threshold_a_basis_and_when_a_figure_is_from)
{
    SampleWindow w;
    // The submission's coverage threshold, as a percentage.
    w.show(ViewId::Submission);
    View* submission = w.frame->view(ViewId::Submission);
    auto* coverage = static_cast<wxTextCtrl*>(submission->FindWindow(XRCID("coverage_text")));
    BOOST_TEST(coverage->GetValue() == "50");
    coverage->SetFocus();
    coverage->SelectAll();
    wxUIActionSimulator sim;
    sim.Text("30");
    BOOST_TEST(waitFor([&] {
        return db::Store::open(w.path, db::OpenMode::ReadOnly).submissions().front().coverageThreshold == 0.3;
    }));

    // CS-001 is a published account: its citation is shown, its consent fields are not in use.
    w.show(ViewId::CaseStudies);
    View* cases = w.frame->view(ViewId::CaseStudies);
    const auto cs1 = db::Store::open(w.path, db::OpenMode::ReadOnly).caseStudyByReference("CS-001");
    w.frame->goTo({ViewId::CaseStudies, cs1->id, "", 0, 0});
    auto* basis = static_cast<wxChoice*>(cases->FindWindow(XRCID("basis_choice")));
    BOOST_TEST(basis->GetSelection() == static_cast<int>(CaseStudyBasis::PublishedAccount));
    BOOST_TEST(static_cast<wxTextCtrl*>(cases->FindWindow(XRCID("citation_publisher_text")))->GetValue() ==
               "Bournemouth Echo");
    BOOST_TEST(cases->FindWindow(XRCID("citation_publisher_text"))->IsEnabled());
    BOOST_TEST(!cases->FindWindow(XRCID("consent_choice"))->IsEnabled());

    // The grid says where and when the figure under the cursor is from.
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    app::ObservationGridModel* model = stats->model();
    BOOST_REQUIRE(model);
    const auto row = model->rowOf(app::findArea(db::Store::open(w.path, db::OpenMode::ReadOnly), "Wiltshire").id);
    BOOST_REQUIRE(row);
    std::size_t col = 0;
    while (col < model->columnCount() && model->period(col).toString() != "2018/19")
        ++col;
    BOOST_REQUIRE(col < model->columnCount());
    stats->grid()->SetFocus();
    stats->grid()->SetGridCursor(static_cast<int>(*row), static_cast<int>(col));
    BOOST_TEST(waitFor([&] { return statusOf(stats).Contains("June 2019 round"); }), statusOf(stats).utf8_str());
    BOOST_TEST(statusOf(stats).Contains("Wiltshire, 2018/19: 54, from ITV Meridian, June 2019, as at 2019-06-25"));
}

BOOST_AUTO_TEST_SUITE_END()
