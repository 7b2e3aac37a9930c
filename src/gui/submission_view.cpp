#include "gui/submission_view.h"

#include "anon/scanner.h"
#include "app/case_study_model.h"
#include "app/consultation_profile.h"
#include "app/field_merge.h"
#include "app/record_edits.h"
#include "app/submission_model.h"
#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"
#include "db/store.h"
#include "gui/error_text.h"
#include "gui/wx_text.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/filedlg.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace evidence::gui {

namespace {
/// A share as the percentage the form shows: "50", "33.3".
wxString coverageText(double share)
{
    return toWx(formatFigure(share * 100.0, 1));
}
} // namespace

SubmissionView::SubmissionView(wxWindow* parent) : View(parent, "submission_panel"), m_saver([this] { save(); })
{
    m_title = ctrl<wxTextCtrl>("title_text");
    m_organisation = ctrl<wxTextCtrl>("organisation_text");
    m_consultation = ctrl<wxChoice>("consultation_choice");
    ctrl<wxButton>("load_profile_button")->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { loadProfile(); });
    m_role = ctrl<wxTextCtrl>("contact_role_text");
    m_email = ctrl<wxTextCtrl>("contact_email_text");
    m_asAt = ctrl<wxTextCtrl>("as_at_text");
    m_coverage = ctrl<wxTextCtrl>("coverage_text");
    m_summary = ctrl<wxTextCtrl>("summary_text");
    m_caveats = ctrl<wxTextCtrl>("caveats_text");
    m_problems = ctrl<wxStaticText>("problems_text");
    for (wxWindow* w : std::initializer_list<wxWindow*>{m_title, m_organisation, m_consultation, m_role, m_email,
                                                        m_asAt, m_coverage, m_summary, m_caveats})
        m_saver.watch(w);
    m_summary->SetMinSize(FromDIP(wxSize(-1, 60)));
    m_caveats->SetMinSize(FromDIP(wxSize(-1, 60)));
    // Show format problems while typing, before the pause that saves.
    for (wxTextCtrl* t : {m_title, m_email, m_asAt, m_coverage})
        t->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
            e.Skip();
            if (m_ws)
                showProblems(fromForm());
        });
    autoWrap(m_problems);
    attach(nullptr);
}

void SubmissionView::attach(Workspace* workspace)
{
    m_saver.discard();
    m_ws = workspace;
    Enable(m_ws != nullptr);
    load();
}

void SubmissionView::showing()
{
    if (!m_saver.pending())
        load();
}

bool SubmissionView::goTo(const GoToTarget& target)
{
    wxTextCtrl* field = m_title;
    if (target.field == anon::fieldCode(anon::Field::SubmissionSummary))
        field = m_summary;
    else if (target.field == anon::fieldCode(anon::Field::SubmissionCaveats))
        field = m_caveats;
    else if (target.field == anon::fieldCode(anon::Field::SubmissionContact))
        field = m_email;
    field->SetFocus();
    if (target.end > target.begin)
        field->SetSelection(static_cast<long>(toWx(toUtf8(field->GetValue()).substr(0, target.begin)).length()),
                            static_cast<long>(toWx(toUtf8(field->GetValue()).substr(0, target.end)).length()));
    return true;
}

void SubmissionView::loadProfile()
{
    if (!m_ws)
        return;
    m_saver.flush();
    wxString path;
    if (m_chooseProfile) {
        path = m_chooseProfile();
    } else {
        wxFileDialog dlg(this, "Load Consultation Profile", wxString(), wxString(),
                         "Consultation profiles (*.toml)|*.toml|All files|*", wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (dlg.ShowModal() == wxID_OK)
            path = dlg.GetPath();
    }
    if (!path.empty())
        loadProfileFile(toUtf8(path));
}

void SubmissionView::loadProfileFile(const std::string& fileOrName)
{
    try {
        const auto profile = app::loadProfile(fileOrName);
        const auto r = app::importProfile(m_ws->store(), profile, m_ws->submissionId());
        m_ws->storeChanged();
        load();
        setStatus(
            toWx("Profile '" + profile.name + "' loaded: " + text::counted(r.questionsAdded, "question", "questions") +
                 " added, " + std::to_string(r.questionsChanged) + " changed." +
                 (profile.wordingChecked ? "" : " Its wording has not been checked against the published text.")));
    } catch (...) {
        setStatus("Profile not loaded, nothing changed: " + describeError(std::current_exception()), true);
    }
}

void SubmissionView::load()
{
    FieldSaver::Loading loading(m_saver);
    m_consultation->Clear();
    m_consultations.clear();
    m_record = Submission();
    if (m_ws) {
        try {
            m_consultations = m_ws->store().consultations();
            if (auto s = m_ws->store().submission(m_ws->submissionId()))
                m_record = *s;
        } catch (...) {
            setStatus(describeError(std::current_exception()), true);
        }
    }
    for (std::size_t i = 0; i < m_consultations.size(); ++i) {
        const auto& c = m_consultations[i];
        m_consultation->Append(toWx(c.code.empty() ? c.title : c.code + ": " + c.title));
        if (c.id == m_record.consultationId)
            m_consultation->SetSelection(static_cast<int>(i));
    }
    m_title->ChangeValue(toWx(m_record.title));
    m_organisation->ChangeValue(toWx(m_record.organisation));
    m_role->ChangeValue(toWx(m_record.contactRole));
    m_email->ChangeValue(toWx(m_record.contactEmail));
    m_asAt->ChangeValue(toWx(m_record.asAt.substr(0, 10)));
    m_coverage->ChangeValue(coverageText(m_record.coverageThreshold));
    m_summary->ChangeValue(toWx(m_record.summary));
    m_caveats->ChangeValue(toWx(m_record.caveats));
    if (m_ws) {
        showProblems(m_record);
        setStatus(wxString());
    } else {
        m_problems->SetLabel(wxString());
    }
}

Submission SubmissionView::fromForm() const
{
    Submission s = m_record;
    s.title = toUtf8(m_title->GetValue());
    s.organisation = toUtf8(m_organisation->GetValue());
    const int c = m_consultation->GetSelection();
    if (c != wxNOT_FOUND)
        s.consultationId = m_consultations[static_cast<std::size_t>(c)].id;
    s.contactRole = toUtf8(m_role->GetValue());
    s.contactEmail = toUtf8(m_email->GetValue().Trim().Trim(false));
    s.asAt = toUtf8(m_asAt->GetValue().Trim().Trim(false));
    if (const auto share = app::parsePercent(toUtf8(m_coverage->GetValue())))
        s.coverageThreshold = *share; // else the saved threshold stays until the entry is a percentage
    s.summary = toUtf8(m_summary->GetValue());
    s.caveats = toUtf8(m_caveats->GetValue());
    return s;
}

void SubmissionView::showProblems(const Submission& typed)
{
    wxString text;
    for (const auto& p : app::checkSubmissionFields(typed))
        text += wxString::FromUTF8("\u2022 ") + toWx(p.message) + "\n";
    // Identifying details in the texts that will be published.
    const std::pair<const std::string*, std::pair<anon::Field, const char*>> scanned[] = {
        {&typed.title, {anon::Field::SubmissionTitle, "Title"}},
        {&typed.summary, {anon::Field::SubmissionSummary, "Summary"}},
        {&typed.caveats, {anon::Field::SubmissionCaveats, "Caveats"}},
    };
    std::vector<FindingAcknowledgement> acks;
    if (m_ws && !typed.uuid.empty())
        acks = m_ws->store().acknowledgements(typed.uuid);
    for (const auto& [value, spec] : scanned) {
        for (const auto& f : app::scanField(*value, spec.first, acks))
            text += wxString::FromUTF8("\u2022 ") + spec.second + ": " + toWx(app::findingLabel(f)) + ". " +
                    sentence(f.suggestion) + "\n";
    }
    text.Trim();
    m_problems->SetForegroundColour(problemColour());
    setWrappedLabel(m_problems, text.empty() ? wxString() : "To check before export:\n" + text);
}

void SubmissionView::save()
{
    if (!m_ws)
        return;
    const Submission typed = fromForm();
    Submission s = typed;
    // Fields the store would refuse keep their saved values; the form keeps what was typed. An empty
    // as-at date is saved empty (the export asks for it).
    if (s.title.find_first_not_of(" \t") == std::string::npos)
        s.title = m_record.title;
    if (app::isIsoDate(s.asAt))
        s.asAt = app::asAtFromDate(s.asAt, m_record.asAt);
    else if (!s.asAt.empty())
        s.asAt = m_record.asAt;
    try {
        db::Store& store = m_ws->store();
        if (s.id) {
            // Only the fields changed here, over what the store holds now: another window's or program's
            // saves in the other fields stay.
            db::Store::Transaction tx(store);
            const auto current = store.submission(s.id);
            if (!current)
                throw NotFoundError("the submission was deleted by another program");
            s = app::mergeEdits(m_record, s, *current);
            store.update(s);
            tx.commit();
        } else {
            store.insert(s);
        }
        showUntouched(typed, s);
        m_record = s;
        const wxString held = unsavedProblem();
        setStatus(held.empty() ? wxString("All changes saved.") : held, !held.empty());
        m_ws->storeChanged();
    } catch (...) {
        setStatus("Not saved: " + describeError(std::current_exception()) +
                      " What you typed is still in the form; correct it and it will be saved.",
                  true);
    }
    showProblems(fromForm());
}

void SubmissionView::showUntouched(const Submission& typed, const Submission& saved)
{
    // A field the user did not change shows what the store holds now (another program may have saved it).
    FieldSaver::Loading loading(m_saver);
    auto refresh = [&](wxTextCtrl* ctrl, const std::string Submission::*field) {
        if (typed.*field == m_record.*field && saved.*field != m_record.*field)
            ctrl->ChangeValue(toWx(saved.*field));
    };
    refresh(m_title, &Submission::title);
    refresh(m_organisation, &Submission::organisation);
    refresh(m_role, &Submission::contactRole);
    refresh(m_email, &Submission::contactEmail);
    refresh(m_summary, &Submission::summary);
    refresh(m_caveats, &Submission::caveats);
    if (saved.asAt != m_record.asAt && toUtf8(m_asAt->GetValue().Trim().Trim(false)) == m_record.asAt.substr(0, 10))
        m_asAt->ChangeValue(toWx(saved.asAt.substr(0, 10)));
    if (typed.coverageThreshold == m_record.coverageThreshold && saved.coverageThreshold != m_record.coverageThreshold)
        m_coverage->ChangeValue(coverageText(saved.coverageThreshold));
    if (typed.consultationId == m_record.consultationId && saved.consultationId != m_record.consultationId)
        for (std::size_t i = 0; i < m_consultations.size(); ++i)
            if (m_consultations[i].id == saved.consultationId)
                m_consultation->SetSelection(static_cast<int>(i));
}

wxString SubmissionView::unsavedProblem() const
{
    if (!m_ws)
        return {};
    const Submission typed = fromForm();
    if (typed.title.find_first_not_of(" \t") == std::string::npos)
        return "Not saved: the title is empty, so the previous title is kept. Type a title.";
    if (!typed.asAt.empty() && !app::isIsoDate(typed.asAt))
        return "Not saved: the as-at date must be written as YYYY-MM-DD (e.g. 2019-06-28); the previous date is "
               "kept until then.";
    if (!app::parsePercent(toUtf8(m_coverage->GetValue())))
        return "Not saved: the coverage threshold must be a percentage from 0 to 100 (e.g. 50); the previous "
               "threshold is kept until then.";
    return {};
}

} // namespace evidence::gui
