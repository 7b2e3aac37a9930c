// Every form of the desktop app saves only the fields the user changed, over what the store holds now, so
// another window or program's saves in the other fields are never reverted.
#include "db/store.h"
#include "gui/view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <wx/checklst.h>
#include <wx/modalhook.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/xrc/xmlres.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::DialogDriver;
using evidence::test::pump;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

namespace {

void pressOk(wxDialog* dialog)
{
    wxCommandEvent ok(wxEVT_BUTTON, wxID_OK);
    ok.SetEventObject(dialog);
    dialog->ProcessWindowEvent(ok);
}

template <class T>
T* find(wxWindow* parent, const char* name)
{
    auto* w = dynamic_cast<T*>(parent->FindWindow(XRCID(name)));
    BOOST_REQUIRE_MESSAGE(w, name << " not found");
    return w;
}

} // namespace

BOOST_AUTO_TEST_SUITE(field_saves)

BOOST_AUTO_TEST_CASE(the_sources_form_keeps_what_another_program_saved_in_other_fields)
{
    SampleWindow w;
    w.show(ViewId::Sources);
    View* view = w.frame->view(ViewId::Sources);
    const RowId id = db::Store::open(w.path, db::OpenMode::ReadOnly).sources().front().id;
    {
        db::Store other = db::Store::open(w.path);
        Source s = *other.source(id);
        s.publisher = "Changed elsewhere";
        other.update(s);
    }
    find<wxTextCtrl>(view, "quality_text")->SetValue("Checked against the forces' own returns.");
    view->flush();
    const Source saved = *db::Store::open(w.path, db::OpenMode::ReadOnly).source(id);
    BOOST_TEST(saved.qualityNotes == "Checked against the forces' own returns.");
    BOOST_TEST(saved.publisher == "Changed elsewhere");
    // The form shows what the other program saved, so that the next save does not take it back.
    BOOST_TEST(toUtf8(find<wxTextCtrl>(view, "publisher_text")->GetValue()) == "Changed elsewhere");
    find<wxTextCtrl>(view, "url_text")->SetValue("https://example.org/foi");
    view->flush();
    BOOST_TEST(db::Store::open(w.path, db::OpenMode::ReadOnly).source(id)->publisher == "Changed elsewhere");
}

BOOST_AUTO_TEST_CASE(the_responses_form_keeps_what_another_program_saved_in_other_fields)
{
    SampleWindow w;
    RowId submissionId = 0, questionId = 0, measureId = 0;
    {
        db::Store store = db::Store::open(w.path, db::OpenMode::ReadOnly);
        const Submission s = store.submissions().front();
        submissionId = s.id;
        for (const auto& q : store.questions(s.consultationId))
            if (q.answerType == AnswerType::FreeText || q.answerType == AnswerType::YesNoFreeText) {
                questionId = q.id;
                break;
            }
        const auto selected = store.selectedMeasures(s.id);
        BOOST_REQUIRE(!selected.empty());
        measureId = selected.front();
    }
    BOOST_REQUIRE(questionId);
    auto saveCitations = [&](std::vector<RowId> measures) {
        db::Store other = db::Store::open(w.path);
        Answer a;
        if (auto stored = other.answer(submissionId, questionId))
            a = *stored;
        a.submissionId = submissionId;
        a.questionId = questionId;
        a.citedMeasures = std::move(measures);
        other.save(a);
    };
    saveCitations({}); // the form is read with no citation
    w.show(ViewId::Responses);
    View* view = w.frame->view(ViewId::Responses);
    GoToTarget target;
    target.view = ViewId::Responses;
    target.id = questionId;
    BOOST_REQUIRE(view->goTo(target));
    pump(50);
    saveCitations({measureId}); // another program cites a measure after the form was read
    find<wxTextCtrl>(view, "answer_text")->SetValue("Typed in the form.");
    view->flush();
    const auto saved = db::Store::open(w.path, db::OpenMode::ReadOnly).answer(submissionId, questionId);
    BOOST_REQUIRE(saved);
    BOOST_TEST(saved->text == "Typed in the form.");
    BOOST_TEST(std::count(saved->citedMeasures.begin(), saved->citedMeasures.end(), measureId) == 1);
    // The citation list now shows it ticked: unticking it there removes it again.
    auto* cite = find<wxCheckListBox>(view, "cite_list");
    BOOST_REQUIRE(cite->GetCount() > 0u);
    BOOST_TEST(cite->IsChecked(0));
}

BOOST_AUTO_TEST_CASE(the_measure_dialog_keeps_what_another_program_saved_in_other_fields)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    View* view = w.frame->view(ViewId::Statistics);
    const Measure before = db::Store::open(w.path, db::OpenMode::ReadOnly).measures().front();
    {
        db::Store other = db::Store::open(w.path);
        Measure m = before;
        m.population = "children under 16";
        other.update(m);
    }
    DialogDriver filler("measure_dialog", [](wxDialog* dialog) {
        find<wxTextCtrl>(dialog, "definition_text")->SetValue("Offences recorded by the police.");
        pressOk(dialog);
    });
    wxCommandEvent edit(wxEVT_BUTTON, XRCID("edit_measure_button"));
    view->ProcessWindowEvent(edit);
    BOOST_REQUIRE(filler.seen == 1);
    const Measure saved = *db::Store::open(w.path, db::OpenMode::ReadOnly).measure(before.id);
    BOOST_TEST(saved.definition == "Offences recorded by the police.");
    BOOST_TEST(saved.population == "children under 16");
}

BOOST_AUTO_TEST_CASE(a_refusal_in_a_dialog_goes_as_soon_as_the_entry_changes)
{
    SampleWindow w;
    w.show(ViewId::Statistics);
    View* view = w.frame->view(ViewId::Statistics);
    wxString refused, afterTyping;
    DialogDriver filler("measure_dialog", [&](wxDialog* dialog) {
        pressOk(dialog); // a new measure with no name
        auto* error = find<wxStaticText>(dialog, "error_text");
        refused = error->GetLabelText();
        refused.Replace("\n", " "); // wrapped to the dialog's width
        find<wxTextCtrl>(dialog, "name_text")->SetValue("Grooming offences");
        afterTyping = error->GetLabelText();
    });
    wxCommandEvent add(wxEVT_BUTTON, XRCID("new_measure_button"));
    view->ProcessWindowEvent(add);
    BOOST_REQUIRE(filler.seen == 1);
    BOOST_TEST(refused.Contains("needs a name"));
    BOOST_TEST(afterTyping.Trim().empty());
}

BOOST_AUTO_TEST_SUITE_END()
