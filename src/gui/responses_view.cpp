#include "gui/responses_view.h"

#include "app/consultation_profile.h"
#include "app/field_merge.h"
#include "core/text.h"
#include "db/store.h"
#include "gui/error_text.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <wx/button.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/clipbrd.h>
#include <wx/dataview.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace evidence::gui {

namespace {
bool hasYesNo(AnswerType t)
{
    return t == AnswerType::YesNo || t == AnswerType::YesNoFreeText;
}
bool hasText(AnswerType t)
{
    return t == AnswerType::YesNoFreeText || t == AnswerType::FreeText || t == AnswerType::MultiChoiceFreeText;
}
wxString typeDescription(AnswerType t)
{
    switch (t) {
    case AnswerType::YesNo:
        return "Answer yes or no.";
    case AnswerType::YesNoFreeText:
        return "Answer yes or no, and explain in your own words.";
    case AnswerType::FreeText:
        return "Answer in your own words.";
    case AnswerType::Choice:
        return "Choose one answer.";
    case AnswerType::MultiChoiceFreeText:
        return "Tick every answer that applies, and explain in your own words.";
    }
    return {};
}
} // namespace

ResponsesView::ResponsesView(wxWindow* parent)
    : View(parent, "responses_panel"), m_saver([this] { save(); }), m_wordingSaver([this] { saveWording(); })
{
    m_list = ctrl<wxDataViewListCtrl>("question_list");
    m_question = ctrl<wxStaticText>("question_text");
    m_wording = ctrl<wxTextCtrl>("question_wording_text");
    m_type = ctrl<wxStaticText>("answer_type_text");
    m_choice = ctrl<wxChoice>("choice_choice");
    m_multi = ctrl<wxCheckListBox>("multi_choice_list");
    m_text = ctrl<wxTextCtrl>("answer_text");
    m_cite = ctrl<wxCheckListBox>("cite_list");
    m_counts = ctrl<wxStaticText>("word_count_text");
    m_text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
        updateCounts();
        e.Skip();
    });
    ctrl<wxButton>("copy_for_form_button")->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { copyForForm(); });
    ctrl<wxButton>("delete_point_button")->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { deletePoint(); });

    m_list->AppendTextColumn("Q", wxDATAVIEW_CELL_INERT, columnWidth(m_list, "Q", 40));
    m_list->AppendTextColumn("State", wxDATAVIEW_CELL_INERT, columnWidth(m_list, "State", "Not answered", 0));
    m_list->AppendTextColumn("Question", wxDATAVIEW_CELL_INERT, columnWidth(m_list, "Question", 400));
    m_list->SetMinSize(FromDIP(wxSize(260, 200)));
    wxFont bold = m_question->GetFont();
    bold.SetWeight(wxFONTWEIGHT_BOLD);
    m_question->SetFont(bold);
    m_text->SetMinSize(FromDIP(wxSize(-1, 80)));
    m_wording->SetMinSize(FromDIP(wxSize(-1, 64)));
    m_wordingSaver.watch(m_wording);
    m_cite->SetMinSize(FromDIP(wxSize(-1, 80)));

    for (wxWindow* w : std::initializer_list<wxWindow*>{m_choice, m_multi, m_text, m_cite})
        m_saver.watch(w);
    m_list->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) {
        const int row = m_list->GetSelectedRow();
        if (row != wxNOT_FOUND && static_cast<std::size_t>(row) != m_current)
            selectRow(static_cast<std::size_t>(row));
    });
    autoWrap(m_question);
    autoWrap(m_type);
    autoWrap(ctrl<wxStaticText>("points_hint"));
    attach(nullptr);
}

void ResponsesView::attach(Workspace* workspace)
{
    m_saver.discard();
    m_wordingSaver.discard();
    m_ws = nullptr;
    reloadAll(0); // empties the view; the store is read when the view is first shown
    m_ws = workspace;
    Enable(m_ws != nullptr);
}

void ResponsesView::showing()
{
    if (!m_saver.pending() && !m_wordingSaver.pending())
        reloadAll(isQuestion(m_current) ? m_questions[m_current].id : 0);
}

bool ResponsesView::goTo(const GoToTarget& target)
{
    // A finding in an additional point comes as the field "point" (its id is the point's, not a question's).
    if (target.id && target.field == "point")
        selectPoint(target.id);
    else if (target.id)
        select(target.id);
    m_list->SetFocus();
    return true;
}

void ResponsesView::selectRow(std::size_t row)
{
    m_saver.flush();
    m_wordingSaver.flush();
    m_current = row;
    m_list->SelectRow(static_cast<unsigned>(row));
    m_list->EnsureVisible(m_list->RowToItem(static_cast<int>(row)));
    showQuestion();
}

void ResponsesView::select(RowId questionId)
{
    for (std::size_t i = 0; i < m_questions.size(); ++i)
        if (m_questions[i].id == questionId)
            selectRow(i);
}

void ResponsesView::selectPoint(RowId pointId)
{
    for (std::size_t i = 0; i < m_points.size(); ++i)
        if (m_points[i].id == pointId)
            selectRow(m_questions.size() + i);
}

bool ResponsesView::answered(const Answer& a) const
{
    return !text::trim(a.choice).empty() || !text::trim(a.text).empty();
}

void ResponsesView::reloadAll(RowId select)
{
    m_questions.clear();
    m_answers.clear();
    m_points.clear();
    m_measures.clear();
    m_cases.clear();
    m_profile.reset();
    m_summaryWords = 0;
    if (m_ws) {
        try {
            auto& store = m_ws->store();
            if (auto s = store.submission(m_ws->submissionId())) {
                m_questions = store.questions(s->consultationId);
                m_profile = store.consultationProfile(s->consultationId);
                m_summaryWords = app::countWords(s->summary);
                for (auto& a : store.answers(s->id))
                    m_answers[a.questionId] = std::move(a);
                m_points = store.additionalPoints(s->id);
            }
            // Only what the submission includes can be cited: the workbook holds nothing else.
            for (RowId id : store.selectedMeasures(m_ws->submissionId()))
                if (auto m = store.measure(id))
                    m_measures.push_back(*m);
            for (RowId id : store.selectedCaseStudies(m_ws->submissionId()))
                if (auto c = store.caseStudy(id))
                    m_cases.push_back(*c);
        } catch (...) {
            setStatus(describeError(std::current_exception()), true);
        }
    }
    m_list->DeleteAllItems();
    m_current = 0;
    std::size_t done = 0;
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        const auto& q = m_questions[i];
        const auto it = m_answers.find(q.id);
        const bool isAnswered = it != m_answers.end() && answered(it->second);
        done += isAnswered ? 1 : 0;
        appendRow(m_list,
                  {toWx(q.number), isAnswered ? wxString::FromUTF8("\u2713 Answered") : wxString("Not answered"),
                   toWx(q.text)});
        if (q.id == select)
            m_current = i;
    }
    for (const auto& p : m_points) {
        const std::string firstLine(text::trim(p.text.substr(0, p.text.find('\n'))));
        appendRow(m_list, {"P" + toWx(std::to_string(p.position)), "Point", toWx(firstLine)});
    }
    if (m_ws)
        appendRow(m_list, {"+", "Add a point", "Type a point not tied to a question"});
    wxArrayString cites;
    for (const auto& m : m_measures)
        cites.Add("Figures: " + toWx(m.name));
    for (const auto& c : m_cases)
        cites.Add("Case study " + toWx(c.reference + ": " + c.title));
    m_cite->Set(cites);
    if (m_list->GetItemCount() > 0) {
        m_list->SelectRow(static_cast<unsigned>(m_current));
        m_list->EnsureVisible(m_list->RowToItem(static_cast<int>(m_current)));
    }
    showQuestion();
    if (m_ws)
        setStatus((m_questions.empty() ? wxString("The submission's consultation has no questions.")
                                       : wxString::Format("%zu of %zu questions answered.", done, m_questions.size())) +
                  (m_points.empty() ? wxString() : wxString::Format(" %zu additional points.", m_points.size())));
}

void ResponsesView::showQuestion()
{
    FieldSaver::Loading loading(m_saver);
    FieldSaver::Loading loadingWording(m_wordingSaver);
    const bool question = isQuestion(m_current);
    const bool point = isPoint(m_current) || isNewPoint(m_current);
    for (wxWindow* w : std::initializer_list<wxWindow*>{m_choice, m_multi, m_cite, m_wording})
        w->Enable(question);
    m_text->Enable(question || (point && m_ws));
    for (const char* name :
         {"question_wording_label", "question_wording_text", "cite_label", "cite_list", "copy_for_form_button"})
        FindWindow(XRCID(name))->Show(!point);
    FindWindow(XRCID("delete_point_button"))->Enable(isPoint(m_current));
    if (point) {
        m_choice->Hide();
        m_multi->Hide();
        FindWindow(XRCID("choice_label"))->Hide();
        m_text->Show();
        FindWindow(XRCID("answer_text_label"))->Show();
        const bool existing = isPoint(m_current);
        const std::string pointText = existing ? m_points[m_current - m_questions.size()].text : std::string();
        setWrappedLabel(m_question, existing ? wxString::Format("Additional point %d",
                                                                m_points[m_current - m_questions.size()].position)
                                             : wxString("A new additional point"));
        wxString about = "A point not tied to a question: written to the document after the answers, as numbered "
                         "paragraphs, and counted in the response's words.";
        if (m_profile && !m_profile->extraPointsAllowed)
            about += " This consultation accepts no points outside its questions: the document leaves them out.";
        setWrappedLabel(m_type, about);
        if (m_text->GetValue() != toWx(pointText))
            m_text->ChangeValue(toWx(pointText));
        updateCounts();
        Layout();
        return;
    }
    if (!question) {
        setWrappedLabel(m_question, wxString());
        setWrappedLabel(m_type, wxString());
        m_wording->ChangeValue(wxString());
        return;
    }
    const Question& q = m_questions[m_current];
    Answer a;
    if (auto it = m_answers.find(q.id); it != m_answers.end())
        a = it->second;
    setWrappedLabel(m_question, "Question " + toWx(q.number));
    if (m_wording->GetValue() != toWx(q.text))
        m_wording->ChangeValue(toWx(q.text));
    setWrappedLabel(m_type, typeDescription(q.answerType));

    const bool choice = hasYesNo(q.answerType) || q.answerType == AnswerType::Choice;
    const bool multi = q.answerType == AnswerType::MultiChoiceFreeText;
    m_choice->Show(choice);
    m_multi->Show(multi);
    FindWindow(XRCID("choice_label"))->Show(choice || multi);
    m_text->Show(hasText(q.answerType));
    FindWindow(XRCID("answer_text_label"))->Show(hasText(q.answerType));

    m_choice->Clear();
    m_choice->Append("(not answered)");
    if (hasYesNo(q.answerType)) {
        m_choice->Append("Yes");
        m_choice->Append("No");
        m_choice->SetSelection(a.choice == "yes" ? 1 : a.choice == "no" ? 2 : 0);
    } else {
        m_choice->SetSelection(0);
        for (const auto& c : q.choices) {
            const int n = m_choice->Append(toWx(c));
            if (c == a.choice)
                m_choice->SetSelection(n);
        }
    }
    m_multi->Clear();
    const auto chosen = text::splitList(a.choice);
    for (const auto& c : q.choices) {
        const int n = m_multi->Append(toWx(c));
        m_multi->Check(static_cast<unsigned>(n), std::find(chosen.begin(), chosen.end(), c) != chosen.end());
    }
    if (m_text->GetValue() != toWx(a.text))
        m_text->ChangeValue(toWx(a.text));
    for (std::size_t i = 0; i < m_measures.size(); ++i)
        m_cite->Check(static_cast<unsigned>(i), std::find(a.citedMeasures.begin(), a.citedMeasures.end(),
                                                          m_measures[i].id) != a.citedMeasures.end());
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        m_cite->Check(static_cast<unsigned>(m_measures.size() + i),
                      std::find(a.citedCaseStudies.begin(), a.citedCaseStudies.end(), m_cases[i].id) !=
                          a.citedCaseStudies.end());
    updateCounts();
    Layout();
}

void ResponsesView::updateCounts()
{
    const bool point = isPoint(m_current) || isNewPoint(m_current);
    if ((!isQuestion(m_current) && !point) || !m_text->IsShown()) {
        m_counts->SetLabel(wxString());
        return;
    }
    const std::string typed = toUtf8(m_text->GetValue());
    const std::size_t words = app::countWords(typed);
    std::optional<int> limit;
    RowId questionId = 0, pointId = isPoint(m_current) ? m_points[m_current - m_questions.size()].id : 0;
    if (!point) {
        const Question& q = m_questions[m_current];
        questionId = q.id;
        limit = q.wordLimit;
        if (!limit && m_profile)
            limit = m_profile->wordLimitPerAnswer;
    }
    // The other answers and points as saved, this one as typed: the total moves with each key.
    std::size_t total = m_summaryWords + words;
    for (const auto& [id, answer] : m_answers)
        if (id != questionId)
            total += app::countWords(answer.text);
    for (const auto& p : m_points)
        if (p.id != pointId)
            total += app::countWords(p.text);
    const std::optional<int> totalLimit = m_profile ? m_profile->wordLimitTotal : std::nullopt;
    const bool over = (limit && words > static_cast<std::size_t>(*limit)) ||
                      (totalLimit && total > static_cast<std::size_t>(*totalLimit));
    m_counts->SetLabel(toWx((point ? "This point: " : "This answer: ") + app::describeWords(words, limit) +
                            ".  Whole response: " + app::describeWords(total, totalLimit) + "."));
    m_counts->SetForegroundColour(over ? wxColour(176, 0, 32) : GetForegroundColour());
}

void ResponsesView::copyForForm()
{
    if (!isQuestion(m_current))
        return;
    const Question& q = m_questions[m_current];
    const std::string plain = app::plainTextForForm(toUtf8(m_text->GetValue()));
    const std::string length = app::describeCharacters(app::countCharacters(plain), q.formCharLimit);
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject(toWx(plain)));
        wxTheClipboard->Close();
        setStatus(toWx("Question " + q.number + " copied as plain text: " + length + "."),
                  q.formCharLimit && app::countCharacters(plain) > static_cast<std::size_t>(*q.formCharLimit));
    } else {
        setStatus("The clipboard could not be opened: nothing was copied.", true);
    }
}

void ResponsesView::saveWording()
{
    if (!m_ws || !isQuestion(m_current))
        return;
    Question& q = m_questions[m_current];
    const std::string typed = toUtf8(m_wording->GetValue());
    if (std::string(text::trim(typed)) == q.text)
        return;
    try {
        app::setQuestionText(m_ws->store(), q.consultationId, q.number, typed);
        if (auto saved = m_ws->store().question(q.id))
            q = *saved;
        m_list->SetTextValue(toWx(q.text), static_cast<unsigned>(m_current), 2);
        setStatus("The wording of question " + toWx(q.number) + " is saved.");
        m_ws->storeChanged();
    } catch (...) {
        setStatus("Wording not saved: " + describeError(std::current_exception()) +
                      " What you typed is still in the form; correct it and it will be saved.",
                  true);
    }
}

void ResponsesView::deletePoint()
{
    if (!m_ws || !isPoint(m_current))
        return;
    m_saver.flush();
    const AdditionalPoint p = m_points[m_current - m_questions.size()];
    try {
        m_ws->store().removeAdditionalPoint(p.id);
        m_ws->storeChanged();
        reloadAll(0);
        // The point that took its place, or "Add a point" after the last.
        selectRow(m_questions.size() + std::min(static_cast<std::size_t>(p.position - 1), m_points.size()));
        setStatus(wxString::Format("Additional point %d deleted (Edit > Undo brings it back).", p.position));
    } catch (...) {
        setStatus("Point not deleted: " + describeError(std::current_exception()), true);
    }
}

void ResponsesView::save()
{
    if (!m_ws)
        return;
    if (isPoint(m_current) || isNewPoint(m_current)) {
        const std::string typed = toUtf8(m_text->GetValue());
        try {
            if (isNewPoint(m_current)) {
                if (text::trim(typed).empty())
                    return; // nothing typed yet: no point
                AdditionalPoint p;
                p.submissionId = m_ws->submissionId();
                p.text = typed;
                m_ws->store().insert(p);
                m_points.push_back(p);
                // The new point's row takes the place of "Add a point", which moves down one.
                m_list->SetTextValue("P" + toWx(std::to_string(p.position)), static_cast<unsigned>(m_current), 0);
                m_list->SetTextValue("Point", static_cast<unsigned>(m_current), 1);
                appendRow(m_list, {"+", "Add a point", "Type a point not tied to a question"});
            } else {
                AdditionalPoint& p = m_points[m_current - m_questions.size()];
                AdditionalPoint edited = p;
                edited.text = typed;
                m_ws->store().update(edited);
                p.text = typed;
            }
            m_list->SetTextValue(toWx(std::string(text::trim(typed.substr(0, typed.find('\n'))))),
                                 static_cast<unsigned>(m_current), 2);
            FindWindow(XRCID("delete_point_button"))->Enable(true);
            setWrappedLabel(m_question,
                            wxString::Format("Additional point %d", m_points[m_current - m_questions.size()].position));
            setStatus("All changes saved.");
            m_ws->storeChanged();
        } catch (...) {
            setStatus("Point not saved: " + describeError(std::current_exception()) +
                          " What you typed is still in the form; correct it and it will be saved.",
                      true);
        }
        return;
    }
    if (!isQuestion(m_current))
        return;
    const Question& q = m_questions[m_current];
    Answer base;
    if (auto it = m_answers.find(q.id); it != m_answers.end())
        base = it->second;
    Answer a = base;
    const int sel = m_choice->GetSelection();
    if (hasYesNo(q.answerType))
        a.choice = sel == 1 ? "yes" : sel == 2 ? "no" : "";
    else if (q.answerType == AnswerType::Choice)
        a.choice = sel > 0 ? q.choices[static_cast<std::size_t>(sel - 1)] : "";
    else if (q.answerType == AnswerType::MultiChoiceFreeText) {
        std::vector<std::string> chosen;
        for (unsigned i = 0; i < m_multi->GetCount(); ++i)
            if (m_multi->IsChecked(i))
                chosen.push_back(q.choices[i]);
        a.choice = text::join(chosen, ";");
    }
    if (hasText(q.answerType))
        a.text = toUtf8(m_text->GetValue());
    // Citations the list does not show (evidence no longer included) are kept as they are.
    auto setCited = [](std::vector<RowId>& cited, RowId id, bool checked) {
        const auto at = std::find(cited.begin(), cited.end(), id);
        if (checked && at == cited.end())
            cited.push_back(id);
        else if (!checked && at != cited.end())
            cited.erase(at);
    };
    for (std::size_t i = 0; i < m_measures.size(); ++i)
        setCited(a.citedMeasures, m_measures[i].id, m_cite->IsChecked(static_cast<unsigned>(i)));
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        setCited(a.citedCaseStudies, m_cases[i].id, m_cite->IsChecked(static_cast<unsigned>(m_measures.size() + i)));
    try {
        // Only what was changed here, over what the store holds now: another window's or program's
        // answer text, choice or citations stay.
        db::Store& store = m_ws->store();
        db::Store::Transaction tx(store);
        Answer current;
        if (auto stored = store.answer(m_ws->submissionId(), q.id))
            current = *stored;
        current.submissionId = m_ws->submissionId();
        current.questionId = q.id;
        const Answer typed = a;
        a = app::mergeEdits(base, typed, current);
        store.save(a);
        tx.commit();
        m_answers[q.id] = a;
        if (a.choice != typed.choice || a.text != typed.text || a.citedMeasures != typed.citedMeasures ||
            a.citedCaseStudies != typed.citedCaseStudies)
            showQuestion(); // what another window or program saved in the fields not changed here
        updateRow(m_current);
        setStatus("All changes saved.");
        m_ws->storeChanged();
    } catch (...) {
        setStatus("Answer not saved: " + describeError(std::current_exception()) +
                      " What you typed is still in the form; correct it and it will be saved.",
                  true);
    }
}

void ResponsesView::updateRow(std::size_t index)
{
    const auto it = m_answers.find(m_questions[index].id);
    const bool isAnswered = it != m_answers.end() && answered(it->second);
    m_list->SetTextValue(isAnswered ? wxString::FromUTF8("\u2713 Answered") : wxString("Not answered"),
                         static_cast<unsigned>(index), 1);
}

} // namespace evidence::gui
