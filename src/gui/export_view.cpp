#include "gui/export_view.h"

#include "app/anonymisation.h"
#include "app/case_study_model.h"
#include "app/document_job.h"
#include "app/export_job.h"
#include "app/ods_export.h"
#include "core/background.h"
#include "core/platform.h"
#include "core/text.h"
#include "db/store.h"
#include "export/suppression.h"
#include "gui/dialogs.h"
#include "gui/error_text.h"
#include "gui/wx_text.h"

#include <map>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

namespace evidence::gui {

ExportView::ExportView(wxWindow* parent) : View(parent, "export_panel")
{
    m_list = ctrl<wxDataViewListCtrl>("preflight_list");
    m_summary = ctrl<wxStaticText>("preflight_summary");
    m_charts = ctrl<wxCheckBox>("charts_check");
    m_valuesOnly = ctrl<wxCheckBox>("values_check");
    m_path = ctrl<wxTextCtrl>("path_text");
    m_docProfile = ctrl<wxChoice>("document_profile_choice");
    m_result = ctrl<wxStaticText>("result_text");
    autoWrap(m_summary);
    m_detail = ctrl<wxStaticText>("preflight_detail");
    autoWrap(m_detail);
    autoWrap(m_result);
    m_suppress = ctrl<wxCheckBox>("suppress_check");
    m_threshold = ctrl<wxSpinCtrl>("threshold_spin");
    m_threshold->SetRange(2, xlsx::kMaxSuppressionThreshold);
    m_threshold->Enable(m_suppress->GetValue());
    // Suppression decides which counts typed text must not state: the list is checked again when it changes.
    m_suppress->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
        m_threshold->Enable(m_suppress->GetValue());
        check();
    });
    m_threshold->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { check(); });

    m_list->AppendTextColumn("Severity", wxDATAVIEW_CELL_INERT, FromDIP(120));
    m_list->AppendTextColumn("Where", wxDATAVIEW_CELL_INERT, FromDIP(170));
    m_list->AppendTextColumn("Problem and what to do", wxDATAVIEW_CELL_INERT, FromDIP(700));
    m_list->SetMinSize(FromDIP(wxSize(300, 120)));
    m_list->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) {
        const int row = m_list->GetSelectedRow();
        const Problem* p = row == wxNOT_FOUND ? nullptr : &m_problems[static_cast<std::size_t>(row)];
        FindWindow(XRCID("goto_button"))->Enable(p && p->target.has_value());
        setWrappedLabel(m_detail, p ? p->severity + " (" + p->record + "): " + p->text : wxString());
        FindWindow(XRCID("ack_button"))->Enable(p && p->finding && p->finding->second.severity == anon::Severity::Warn);
    });
    m_list->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent&) { onGoTo(); });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onGoTo(); }, XRCID("goto_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onAcknowledge(); }, XRCID("ack_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { check(); }, XRCID("recheck_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onBrowse(); }, XRCID("browse_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { exportNow(); }, XRCID("export_button"));
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            if (!m_written.empty() && !wxLaunchDefaultApplication(m_written))
                showResult("No program is set up to open .xlsx files. The workbook is at " + m_written + ".", true);
        },
        XRCID("open_button"));
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            if (!m_written.empty())
                wxLaunchDefaultApplication(wxFileName(m_written).GetPath());
        },
        XRCID("folder_button"));
    m_poll.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (!m_pending.valid()) {
            // The list is shown; the store's check of every page ends later on a large store.
            if (!m_ws || m_ws->store().integrity() != db::Integrity::Checking) {
                m_poll.Stop();
                if (m_ws)
                    showProblems(std::move(m_listed));
            }
            return;
        }
        if (!m_pending.ready())
            return;
        auto problems = m_pending.get();
        if (m_recheck) {
            m_recheck = false;
            check();
            return;
        }
        if (!m_ws) {
            m_poll.Stop();
            return;
        }
        showProblems(std::move(problems));
        if (m_ws->store().integrity() != db::Integrity::Checking)
            m_poll.Stop();
    });
    attach(nullptr);
}

void ExportView::attach(Workspace* workspace)
{
    if (m_pending.valid()) {
        m_poll.Stop();
        m_pending.wait(); // the checks of the previous store: their result no longer applies
        m_pending = {};
        m_recheck = false;
    }
    m_ws = workspace;
    Enable(m_ws != nullptr);
    m_written.clear();
    m_problems.clear();
    m_listed.clear();
    m_list->DeleteAllItems();
    FindWindow(XRCID("open_button"))->Hide();
    FindWindow(XRCID("folder_button"))->Hide();
    showResult(wxString(), false);
    m_path->ChangeValue(wxString());
    if (!m_ws)
        return;
    try {
        const wxFileName folder(toWx(platform::utf8(m_ws->store().path().parent_path())), wxString());
        m_path->ChangeValue(
            wxFileName(folder.GetPath(), toWx(app::defaultExportFileName(m_ws->store(), m_ws->submissionId())))
                .GetFullPath());
    } catch (...) {
        showResult(describeError(std::current_exception()), true);
    }
}

void ExportView::showing()
{
    // The profiles loaded into the store; the submission's own is chosen, as Load Profile in the Submission view
    // made it, unless another was chosen here.
    const std::string chosen = documentProfile();
    m_docProfile->Clear();
    m_profiles.clear();
    m_docProfile->Append("No profile (numbered paragraphs, bullet-point summary)");
    m_docProfile->SetSelection(0);
    if (m_ws) {
        try {
            m_profiles = app::storedProfiles(m_ws->store());
            const auto submission = m_ws->store().submission(m_ws->submissionId());
            for (std::size_t i = 0; i < m_profiles.size(); ++i) {
                const auto& p = m_profiles[i];
                const bool own = submission && p.consultationId == submission->consultationId;
                m_docProfile->Append(toWx(p.profile.name + (own ? " (the submission's consultation)" : "")));
                if (chosen.empty() ? own : p.profile.name == chosen)
                    m_docProfile->SetSelection(static_cast<int>(i + 1));
            }
        } catch (...) {
            showResult(describeError(std::current_exception()), true);
        }
    }
    check();
}

std::string ExportView::documentProfile() const
{
    const int i = m_docProfile->GetSelection();
    return i > 0 && static_cast<std::size_t>(i) <= m_profiles.size()
               ? m_profiles[static_cast<std::size_t>(i - 1)].profile.name
               : std::string();
}

void ExportView::setPath(const wxString& path)
{
    m_path->ChangeValue(path);
}

void ExportView::showResult(const wxString& text, bool problem)
{
    m_result->SetForegroundColour(problem ? problemColour() : GetForegroundColour());
    setWrappedLabel(m_result, text);
}

namespace {

/// The pre-flight problems of @p submissionId: the readiness list the export itself refuses by, read through
/// a connection of its own (runs on a worker thread).
std::vector<ExportView::Problem> computeProblems(const std::filesystem::path& path, RowId submissionId,
                                                 int suppressBelow)
{
    using Problem = ExportView::Problem;
    std::vector<Problem> problems;
    try {
        // The window's store reads every page once, in the background; its result is shown beside this list.
        db::StoreOptions options;
        options.checkOnOpen = false;
        const db::Store store = db::Store::open(path, db::OpenMode::ReadOnly, options);
        for (auto& item : app::checkReadiness(store, submissionId, false, suppressBelow).items) {
            std::optional<GoToTarget> target;
            const auto& place = item.place;
            if (!place.table.empty()) {
                GoToTarget t{ViewId::Sources, place.id, place.field, place.begin, place.end};
                if (place.table == "case_studies")
                    t.view = ViewId::CaseStudies;
                else if (place.table == "submissions")
                    t.view = ViewId::Submission;
                else if (place.table == "answers")
                    t.view = ViewId::Responses;
                else if (place.table == "submission_points") {
                    t.view = ViewId::Responses;
                    t.field = "point"; // the id is the point's, not a question's
                } else if (place.table == "measures" || place.table == "observations")
                    t.view = ViewId::Statistics;
                target = t;
            }
            const bool acknowledgeable = item.finding && item.finding->second.severity == anon::Severity::Warn;
            problems.push_back({item.blocking,
                                !item.blocking ? "Check" : (acknowledgeable ? "Fix or acknowledge" : "Must fix"),
                                sentence(item.text), toWx(item.where), target, std::move(item.finding)});
        }
    } catch (...) {
        problems.push_back(
            {true, "Must fix", describeError(std::current_exception()), "Submission", std::nullopt, std::nullopt});
    }
    return problems;
}

} // namespace

void ExportView::check()
{
    if (!m_ws)
        return;
    if (m_pending.valid()) {
        m_recheck = true;
        return;
    }
    m_problems.clear();
    m_list->DeleteAllItems();
    FindWindow(XRCID("goto_button"))->Enable(false);
    FindWindow(XRCID("ack_button"))->Enable(false);
    FindWindow(XRCID("export_button"))->Enable(false);
    setWrappedLabel(m_summary, wxString::FromUTF8("Checking the submission\u2026"));
    m_pending = runInBackground([path = m_ws->store().path(), submissionId = m_ws->submissionId(),
                                 suppressBelow = m_suppress->GetValue() ? m_threshold->GetValue() : 0] {
        return computeProblems(path, submissionId, suppressBelow);
    });
    m_poll.Start(50);
}

void ExportView::showProblems(std::vector<Problem> problems)
{
    m_listed = problems;
    std::string damage;
    const db::Integrity integrity = m_ws->store().integrity(&damage);
    if (integrity == db::Integrity::Damaged)
        problems.insert(problems.begin(), {true, "Must fix", sentence(damage), "Store", std::nullopt, std::nullopt});
    m_problems = std::move(problems);
    m_list->DeleteAllItems();
    setWrappedLabel(m_detail, m_problems.empty() ? wxString() : wxString("Select a problem to read it in full."));
    std::size_t blocking = 0;
    for (const auto& p : m_problems) {
        appendRow(m_list, {p.severity, p.record, p.text});
        blocking += p.blocking ? 1 : 0;
    }
    FindWindow(XRCID("goto_button"))->Enable(false);
    FindWindow(XRCID("ack_button"))->Enable(false);
    wxString summary;
    if (m_problems.empty())
        summary = "No problems found: the submission is ready to export.";
    else if (blocking == 0)
        summary = toWx(text::counted(m_problems.size(), "thing", "things") + " to check; nothing stops the export.");
    else
        summary = toWx(text::counted(blocking, "problem stops", "problems stop") + " the export; fix " +
                       (blocking == 1 ? "it" : "them") + " first (Go To opens each one).");
    if (integrity == db::Integrity::Checking)
        summary +=
            wxString::FromUTF8(" The store\u2019s pages are still being checked; an export waits for that check.");
    setWrappedLabel(m_summary, summary);
    FindWindow(XRCID("export_button"))->Enable(blocking == 0);
    Layout();
}

void ExportView::onGoTo()
{
    const int row = m_list->GetSelectedRow();
    if (row == wxNOT_FOUND || !m_ws)
        return;
    const auto& target = m_problems[static_cast<std::size_t>(row)].target;
    if (target)
        m_ws->goTo(*target);
}

void ExportView::onAcknowledge()
{
    const int row = m_list->GetSelectedRow();
    if (row == wxNOT_FOUND || !m_ws || !m_problems[static_cast<std::size_t>(row)].finding)
        return;
    const auto [where, finding] = *m_problems[static_cast<std::size_t>(row)].finding;
    wxString role = m_ws->role();
    const wxString description =
        toWx(app::findingLabel(finding) + " in " + where.recordLabel + ", " + where.fieldLabel + ": ") +
        sentence(finding.reason) + " " + sentence(finding.suggestion);
    if (!askAcknowledgement(this, description, role, [&](const std::string& reason, const std::string& r) {
            app::acknowledgeFinding(m_ws->store(), where, finding, reason, r);
        }))
        return;
    m_ws->setRole(role);
    m_ws->storeChanged();
    check();
}

void ExportView::onBrowse()
{
    const wxFileName current(m_path->GetValue());
    // The format is the file's: the same checked export as a workbook (.xlsx, or .ods converted by
    // LibreOffice) or as the response document (.docx, .odt).
    static const char* const kExtensions[] = {"xlsx", "ods", "docx", "odt"};
    wxFileDialog dlg(this, "Export As", current.GetPath(), current.GetFullName(),
                     "Workbook, Excel (*.xlsx)|*.xlsx|Workbook, OpenDocument (*.ods)|*.ods|Response document, Word "
                     "(*.docx)|*.docx|Response document, OpenDocument (*.odt)|*.odt",
                     wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    for (int i = 0; i < 4; ++i)
        if (current.GetExt().Lower() == kExtensions[i])
            dlg.SetFilterIndex(i);
    if (dlg.ShowModal() == wxID_OK) {
        wxFileName chosen(dlg.GetPath());
        if (chosen.GetExt().empty())
            chosen.SetExt(kExtensions[std::clamp(dlg.GetFilterIndex(), 0, 3)]);
        m_path->ChangeValue(chosen.GetFullPath());
    }
}

bool ExportView::storeSound()
{
    // The window's check of every page, run once since opening, decides: a workbook read from a damaged file
    // could carry whatever the damage left in it. A large store's check may still be running.
    const db::Store& store = m_ws->store();
    if (store.integrity() == db::Integrity::Checking) {
        wxProgressDialog wait("Exporting the Workbook", wxString::FromUTF8("Checking the store\u2019s pages\u2026"),
                              100, this, wxPD_APP_MODAL | wxPD_CAN_ABORT | wxPD_AUTO_HIDE | wxPD_ELAPSED_TIME);
        while (store.integrity() == db::Integrity::Checking) {
            if (!wait.Pulse()) {
                showResult("Export cancelled; any earlier workbook is unchanged.", false);
                return false;
            }
            wxMilliSleep(50);
        }
    }
    std::string damage;
    if (store.integrity(&damage) != db::Integrity::Damaged)
        return true;
    showResult("The export was refused; any earlier workbook is unchanged:\n" + wxString::FromUTF8("\u2022 ") +
                   sentence(damage),
               true);
    check();
    return false;
}

bool ExportView::exportNow()
{
    if (!m_ws)
        return false;
    wxFileName target(m_path->GetValue().Trim().Trim(false));
    if (!target.IsOk() || target.GetFullName().empty()) {
        showResult("Workbook: give the file to write, e.g. response.xlsx (Choose File… helps).", true);
        m_path->SetFocus();
        return false;
    }
    if (target.GetExt().empty())
        target.SetExt("xlsx");
    if (!target.DirExists()) {
        showResult("Workbook: the folder " + target.GetPath() + " does not exist. Choose another folder.", true);
        return false;
    }
    if (target.FileExists()) {
        wxMessageDialog ask(this, "Replace the existing workbook " + target.GetFullName() + "?", "Export",
                            wxYES_NO | wxICON_QUESTION);
        ask.SetYesNoLabels("&Replace", "&Cancel");
        if (ask.ShowModal() != wxID_YES)
            return false;
    }
    FindWindow(XRCID("open_button"))->Hide();
    FindWindow(XRCID("folder_button"))->Hide();
    m_written.clear();
    if (!storeSound())
        return false;

    app::ExportOptions options;
    options.submissionId = m_ws->submissionId();
    options.charts = m_charts->GetValue();
    options.valuesOnly = m_valuesOnly->GetValue();
    options.suppressBelow = m_suppress->GetValue() ? m_threshold->GetValue() : 0;
    options.toolVersion = EVIDENCE_VERSION;
    app::useStoreScanner(m_ws->store(), options);
    const CancellationToken cancel;
    options.cancel = cancel.flag();
    wxProgressDialog progress("Exporting the Workbook", "Preparing the workbook…", 1000, this,
                              wxPD_APP_MODAL | wxPD_CAN_ABORT | wxPD_AUTO_HIDE | wxPD_ELAPSED_TIME);
    options.progress = [&](double fraction, const std::string& step) {
        if (!progress.Update(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 999), toWx(step)))
            cancel.cancel();
    };
    bool ok = false;
    const wxString ext = target.GetExt().Lower();
    try {
        const std::filesystem::path file = toPath(target.GetFullPath());
        app::ExportReport report;
        wxString words;
        if (ext == "docx" || ext == "odt") {
            app::DocumentOptions layout;
            if (const std::string name = documentProfile(); !name.empty()) {
                const auto chosen = app::findStoredProfile(m_ws->store(), name);
                const auto submission = m_ws->store().submission(m_ws->submissionId());
                if (submission)
                    layout = app::documentOptionsFor(chosen.profile, chosen.consultationId, *submission);
            }
            const app::DocumentReport doc = app::exportDocument(m_ws->store(), file, layout, options);
            report.status = doc.status;
            report.file = doc.file;
            report.reasons = doc.reasons;
            report.bytes = doc.bytes;
            words = wxString::Format(" The document has %zu words.", doc.totalWords);
            for (const auto& over : doc.overLimits)
                words += " " + toWx(over);
            for (const auto& note : doc.notes)
                words += " " + toWx(note);
        } else if (ext == "ods") {
            report = app::exportOds(m_ws->store(), file, options);
        } else {
            report = app::exportWorkbook(m_ws->store(), file, options);
        }
        progress.Hide();
        switch (report.status) {
        case app::ExportStatus::Written: {
            m_written = toWx(platform::utf8(report.file));
            wxString text = wxString::Format("Exported to %s (%s).", m_written,
                                             wxFileName::GetHumanReadableSize(wxULongLong(report.bytes)));
            if (const auto& s = report.suppression)
                text += wxString::Format(" Counts below %d are shown as [c]: %zu below the threshold (or zero in a "
                                         "breakdown), %zu more so that none can be worked out from the totals, and "
                                         "%zu figures computed from them.",
                                         s->threshold, s->primary, s->secondary, s->dependent);
            if (const std::size_t n = report.abandonedTemporaryFilesRemoved)
                text += wxString::Format(" Removed %zu unfinished %s left in that folder by %s.", n,
                                         n == 1 ? "workbook" : "workbooks",
                                         n == 1 ? "an export that was stopped" : "exports that were stopped");
            showResult(text + words, false);
            FindWindow(XRCID("open_button"))->Show();
            FindWindow(XRCID("folder_button"))->Show();
            FindWindow(XRCID("open_button"))->SetFocus();
            ok = true;
            break;
        }
        case app::ExportStatus::Refused: {
            wxString text = "The export was refused; any earlier workbook is unchanged:";
            for (const auto& r : report.reasons)
                text += "\n" + wxString::FromUTF8("\u2022 ") + sentence(r);
            showResult(text, true);
            check();
            break;
        }
        case app::ExportStatus::Cancelled:
            showResult("Export cancelled; any earlier workbook is unchanged.", false);
            break;
        }
    } catch (...) {
        progress.Hide();
        showResult("The workbook was not written: " + describeError(std::current_exception()) +
                       " Any earlier workbook is unchanged.",
                   true);
    }
    Layout();
    return ok;
}

} // namespace evidence::gui
