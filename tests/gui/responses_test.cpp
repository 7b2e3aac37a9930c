// Writing the response under Xvfb: loading a consultation profile from the Submission view, the live word count
// and "Copy for the online form" in the Consultation responses view, correcting a question's wording as an
// ordinary (audited, undoable) edit, additional points, and the lengths in the Export view's pre-flight list.
#include "app/anonymisation.h"
#include "app/consultation_profile.h"
#include "db/store.h"
#include "gui/export_view.h"
#include "gui/responses_view.h"
#include "gui/submission_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/clipbrd.h>
#include <wx/dataview.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>
#include <wx/xrc/xmlres.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::pump;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

namespace {

template <typename T>
T* child(wxWindow* view, const char* name)
{
    auto* w = dynamic_cast<T*>(view->FindWindow(XRCID(name)));
    BOOST_REQUIRE_MESSAGE(w, name << " not found");
    return w;
}

void click(wxWindow* view, const char* name)
{
    auto* button = child<wxButton>(view, name);
    BOOST_REQUIRE(button->IsEnabled());
    wxCommandEvent e(wxEVT_BUTTON, button->GetId());
    e.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(e);
}

std::string label(wxWindow* view, const char* name)
{
    wxString text = child<wxStaticText>(view, name)->GetLabel();
    text.Replace("\n", " ");
    return toUtf8(text);
}

/// The sample's question @p number, with its word and form limits set as a profile would set them.
Question limitQuestion(db::Store& store, const std::string& number, std::optional<int> words,
                       std::optional<int> characters)
{
    auto q = *store.questionByNumber(store.submissions().front().consultationId, number);
    q.wordLimit = words;
    q.formCharLimit = characters;
    store.update(q);
    return q;
}

/// Shows the Responses view with question @p number selected.
ResponsesView* responsesAt(SampleWindow& w, const std::string& number)
{
    w.show(ViewId::Responses);
    auto* view = static_cast<ResponsesView*>(w.frame->view(ViewId::Responses));
    view->select(w.frame->store().questionByNumber(w.frame->store().submissions().front().consultationId, number)->id);
    pump(50);
    return view;
}

wxString menuLabel(MainFrame* frame, int id)
{
    frame->GetMenuBar()->UpdateMenus();
    return frame->GetMenuBar()->FindItem(id)->GetItemLabelText();
}

} // namespace

BOOST_AUTO_TEST_SUITE(responses)

BOOST_AUTO_TEST_CASE(load_profile_in_the_submission_view_loads_the_chosen_file)
{
    SampleWindow w;
    const RowId consultation = w.frame->store().submissions().front().consultationId;
    BOOST_REQUIRE(!w.frame->store().consultationProfile(consultation));
    const auto file = w.dir.file("white-paper.toml");
    for (const auto& p : app::shippedProfiles())
        if (p.name == "online-harms-white-paper-2019")
            std::ofstream(file) << p.text;
    w.show(ViewId::Submission);
    auto* view = static_cast<SubmissionView*>(w.frame->view(ViewId::Submission));
    int asked = 0;
    view->setProfileChooser([&] { return ++asked, toWx(file.string()); });
    click(view, "load_profile_button");
    BOOST_TEST(asked == 1);
    const auto profile = w.frame->store().consultationProfile(consultation);
    BOOST_REQUIRE(profile.has_value());
    BOOST_TEST(profile->name == "online-harms-white-paper-2019");
    BOOST_TEST(label(view, "status_text").find("Profile 'online-harms-white-paper-2019' loaded") != std::string::npos,
               label(view, "status_text"));
    BOOST_TEST(label(view, "status_text").find("has not been checked against the published text") != std::string::npos,
               label(view, "status_text"));

    // Cancel in the file dialog loads nothing; a bad file is reported and changes nothing.
    const auto bad = w.dir.file("bad.toml");
    std::ofstream(bad) << "name = \"bad\"\n[response]\nchannels = [\"fax\"]\n";
    view->setProfileChooser([&] { return toWx(bad.string()); });
    click(view, "load_profile_button");
    BOOST_TEST(label(view, "status_text").find("Profile not loaded, nothing changed") != std::string::npos,
               label(view, "status_text"));
    BOOST_TEST(w.frame->store().consultationProfile(consultation)->name == "online-harms-white-paper-2019");
}

BOOST_AUTO_TEST_CASE(the_word_count_follows_the_typing_and_shows_an_answer_over_its_limit)
{
    SampleWindow w;
    limitQuestion(w.frame->store(), "3", 50, std::nullopt); // the sample's answer 3 has 48 words
    auto* view = responsesAt(w, "3");
    auto* counts = child<wxStaticText>(view, "word_count_text");
    BOOST_TEST(label(view, "word_count_text").find("This answer: 48 of 50 words.") != std::string::npos,
               label(view, "word_count_text"));
    const wxColour normal = counts->GetForegroundColour();

    auto* answer = child<wxTextCtrl>(view, "answer_text");
    answer->SetFocus();
    answer->SetInsertionPointEnd();
    pump(50);
    wxUIActionSimulator sim;
    sim.Text(" one two");
    BOOST_TEST(waitFor([&] { return label(view, "word_count_text").find("50 of 50 words") != std::string::npos; }),
               label(view, "word_count_text"));
    BOOST_TEST((counts->GetForegroundColour() == normal));
    sim.Text(" three");
    BOOST_TEST(waitFor([&] {
                   return label(view, "word_count_text").find("This answer: 51 words, 1 over the 50 allowed.") !=
                          std::string::npos;
               }),
               label(view, "word_count_text"));
    BOOST_TEST((counts->GetForegroundColour() == wxColour(176, 0, 32)));
    // The whole response moves with it.
    BOOST_TEST(label(view, "word_count_text").find("Whole response: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(copy_for_the_online_form_puts_the_plain_answer_on_the_clipboard_with_its_length)
{
    SampleWindow w;
    limitQuestion(w.frame->store(), "3", std::nullopt, 100);
    const Answer stored = *w.frame->store().answer(
        w.frame->store().submissions().front().id,
        w.frame->store().questionByNumber(w.frame->store().submissions().front().consultationId, "3")->id);
    auto* view = responsesAt(w, "3");
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject("something else"));
        wxTheClipboard->Close();
    }
    click(view, "copy_for_form_button");
    const std::string plain = app::plainTextForForm(stored.text);
    const std::size_t n = app::countCharacters(plain);
    BOOST_REQUIRE(n > 100u);
    wxTextDataObject data;
    BOOST_REQUIRE(wxTheClipboard->Open());
    const bool got = wxTheClipboard->GetData(data);
    wxTheClipboard->Close();
    BOOST_REQUIRE(got);
    BOOST_TEST(toUtf8(data.GetText()) == plain);
    const std::string status = label(view, "status_text");
    BOOST_TEST(status.find("Question 3 copied as plain text: " + std::to_string(n) + " characters, " +
                           std::to_string(n - 100) + " over the form's 100") != std::string::npos,
               status);
}

BOOST_AUTO_TEST_CASE(a_question_wording_is_corrected_as_an_ordinary_edit_saved_audited_and_undone)
{
    SampleWindow w;
    db::Store& store = w.frame->store();
    const RowId consultation = store.submissions().front().consultationId;
    const std::string before = store.questionByNumber(consultation, "3")->text;
    auto* view = responsesAt(w, "3");
    auto* wording = child<wxTextCtrl>(view, "question_wording_text");
    BOOST_TEST(toUtf8(wording->GetValue()) == before);
    wording->SetFocus();
    wording->SetInsertionPointEnd();
    pump(50);
    wxUIActionSimulator sim;
    sim.Text(" Checked");
    // Saved when typing pauses, like every field.
    BOOST_TEST(waitFor([&] { return store.questionByNumber(consultation, "3")->text == before + " Checked"; }),
               store.questionByNumber(consultation, "3")->text);
    db::AuditFilter filter;
    filter.table = "questions";
    const auto log = store.auditLog(filter);
    BOOST_TEST(std::any_of(log.begin(), log.end(), [](const AuditEntry& e) { return e.action == "update"; }));
    // The list shows the new wording too.
    auto* list = child<wxDataViewListCtrl>(view, "question_list");
    const int row = list->GetSelectedRow();
    BOOST_REQUIRE(row != wxNOT_FOUND);
    BOOST_TEST(toUtf8(list->GetTextValue(static_cast<unsigned>(row), 2)) == before + " Checked");

    list->SetFocus(); // Ctrl+Z outside the field undoes the saved edit, not the field's own typing
    pump(50);
    BOOST_TEST(menuLabel(w.frame, wxID_UNDO) == "Undo Edit the wording of question 3");
    sim.Char('z', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return store.questionByNumber(consultation, "3")->text == before; }));
    BOOST_TEST(waitFor([&] { return toUtf8(wording->GetValue()) == before; }), toUtf8(wording->GetValue()));
}

BOOST_AUTO_TEST_CASE(additional_points_are_typed_after_the_questions_counted_and_deleted)
{
    SampleWindow w;
    db::Store& store = w.frame->store();
    const RowId sub = store.submissions().front().id;
    w.show(ViewId::Responses);
    auto* view = static_cast<ResponsesView*>(w.frame->view(ViewId::Responses));
    auto* list = child<wxDataViewListCtrl>(view, "question_list");
    const int last = list->GetItemCount() - 1;
    BOOST_TEST(toUtf8(list->GetTextValue(static_cast<unsigned>(last), 1)) == "Add a point");
    list->SelectRow(static_cast<unsigned>(last));
    wxDataViewEvent changed(wxEVT_DATAVIEW_SELECTION_CHANGED, list, list->RowToItem(last));
    list->GetEventHandler()->ProcessEvent(changed);
    pump(50);
    BOOST_TEST(!child<wxButton>(view, "delete_point_button")->IsEnabled());
    auto* text = child<wxTextCtrl>(view, "answer_text");
    BOOST_REQUIRE(text->IsEnabled());
    text->SetFocus();
    pump(50);
    wxUIActionSimulator sim;
    sim.Text("Platforms should say how fast they act.");
    BOOST_TEST(
        waitFor([&] { return label(view, "word_count_text").find("This point: 7 words.") != std::string::npos; }),
        label(view, "word_count_text"));
    BOOST_TEST(waitFor([&] { return store.additionalPoints(sub).size() == 1u; }));
    BOOST_TEST(
        waitFor([&] { return store.additionalPoints(sub).front().text == "Platforms should say how fast they act."; }));
    BOOST_TEST(toUtf8(list->GetTextValue(static_cast<unsigned>(last), 0)) == "P1");
    BOOST_TEST(toUtf8(list->GetTextValue(static_cast<unsigned>(last + 1), 1)) == "Add a point");
    click(view, "delete_point_button");
    BOOST_TEST(store.additionalPoints(sub).empty());
}

BOOST_AUTO_TEST_CASE(the_export_view_lists_answers_over_the_word_limit_and_lays_out_the_document_by_profile)
{
    SampleWindow w;
    db::Store& store = w.frame->store();
    limitQuestion(store, "3", 10, std::nullopt);
    app::importProfile(store, app::loadProfile("commons-select-committee-written-evidence"));
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_REQUIRE(waitFor([&] { return !view->checking(); }, 20000));
    const auto& problems = view->problems();
    BOOST_TEST(std::any_of(problems.begin(), problems.end(),
                           [](const ExportView::Problem& p) {
                               return p.record == "Question 3" && !p.blocking &&
                                      p.text.Contains("The answer has 48 words, 38 over the 10 allowed");
                           }),
               problems.size());

    // The committee's profile is offered; the submission answers another consultation, so none is chosen.
    auto* choice = child<wxChoice>(view, "document_profile_choice");
    BOOST_TEST(view->documentProfile().empty());
    const int at = choice->FindString("commons-select-committee-written-evidence");
    BOOST_REQUIRE(at != wxNOT_FOUND);
    choice->SetSelection(at);
    BOOST_TEST(view->documentProfile() == "commons-select-committee-written-evidence");

    // Written with it: its 3,000-word limit and the note that it is another consultation's profile.
    for (const auto& field : app::scanStore(store, store.submissions().front().id))
        for (const auto& f : field.open)
            app::acknowledgeFinding(store, field, f, "Towns named in a published press release", "Policy officer");
    view->check();
    BOOST_REQUIRE(waitFor([&] { return !view->checking(); }, 20000));
    const auto target = w.dir.file("response.docx");
    view->setPath(toWx(target.string()));
    BOOST_REQUIRE(view->exportNow());
    const std::string result = label(view, "result_text");
    BOOST_TEST(result.find("The profile 'commons-select-committee-written-evidence' is for") != std::string::npos,
               result);
}

BOOST_AUTO_TEST_SUITE_END()
