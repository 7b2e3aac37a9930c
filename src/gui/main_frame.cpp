#include "gui/main_frame.h"

#include "app/help.h"
#include "app/history.h"
#include "app/lookup.h"
#include "app/sample.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/trends/methodology.h"
#include "core/trends/series.h"
#include "db/edit_lock.h"
#include "db/store.h"
#include "gui/case_studies_view.h"
#include "gui/dialogs.h"
#include "gui/error_text.h"
#include "gui/export_view.h"
#include "gui/import_dialog.h"
#include "gui/merge_dialog.h"
#include "gui/mnemonics.h"
#include "gui/resources.h"
#include "gui/responses_view.h"
#include "gui/sources_view.h"
#include "gui/statistics_view.h"
#include "gui/submission_view.h"
#include "gui/welcome_page.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <wx/aboutdlg.h>
#include <wx/clipbrd.h>
#include <wx/config.h>
#include <wx/display.h>
#include <wx/filedlg.h>
#include <wx/filefn.h>
#include <wx/filename.h>
#include <wx/grid.h>
#include <wx/listbox.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/stc/stc.h>
#include <wx/textentry.h>
#include <wx/timer.h>
#include <wx/tooltip.h>
#include <wx/utils.h>
#include <wx/xrc/xmlres.h>

namespace evidence::gui {

namespace {

const char* const kViewNames[kViewCount] = {
    "Submission", "Sources", "Statistics", "Case studies", "Consultation responses", "Export"};
const char* const kViewMenuIds[kViewCount] = {"view_submission",   "view_sources",   "view_statistics",
                                              "view_case_studies", "view_responses", "view_export"};
const char* const kShotNames[kViewCount] = {"submission",   "sources",   "statistics",
                                            "case-studies", "responses", "export"};
constexpr const char* kRoleKey = "/Review/Role";

} // namespace

MainFrame::MainFrame() : wxFrame(nullptr, wxID_ANY, "Evidence Desk")
{
    m_viewIds = {ViewId::Submission,  ViewId::Sources,   ViewId::Statistics,
                 ViewId::CaseStudies, ViewId::Responses, ViewId::Export};
    buildMenus();
    buildLayout();
    CreateStatusBar(3);
    const int widths[] = {-2, -3, -8};
    GetStatusBar()->SetStatusWidths(3, widths);
    // At most 90% of the screen's work area: on a 1366x768 laptop the title bar and the desktop's panel,
    // which a bare work area may not account for, still leave the status bar on the screen.
    const int display = wxDisplay::GetFromWindow(this);
    const wxRect area = wxDisplay(display == wxNOT_FOUND ? 0u : static_cast<unsigned>(display)).GetClientArea();
    wxSize size = FromDIP(wxSize(1200, 800));
    size.DecTo(wxSize(area.width * 9 / 10, area.height * 9 / 10));
    // Never narrower or lower than the views need: GTK squeezes controls below their own minimum otherwise.
    wxSize minimum = FromDIP(wxSize(800, 560));
    minimum.IncTo(ClientToWindowSize(m_book->GetParent()->GetSizer()->GetMinSize()));
    minimum.DecTo(size);
    SetMinSize(minimum);
    SetSize(size);

    m_history.UseMenu(GetMenuBar()->FindItem(XRCID("recent_menu"))->GetSubMenu());
    m_history.Load(*wxConfigBase::Get());
    m_history.AddFilesToMenu();
    refreshWelcome();

    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::onCloseWindow, this);
    Bind(wxEVT_IDLE, &MainFrame::onIdle, this);
    m_statusTimer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateStatus(); });
    m_integrityTimer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onIntegrityTimer(); });
    installMnemonics(this, [this]() -> wxWindow* { return m_book->GetCurrentPage(); });
    attachStore(nullptr);
}

MainFrame::~MainFrame()
{
    m_statusTimer.Stop();
    m_integrityTimer.Stop();
    m_history.Save(*wxConfigBase::Get());
}

void MainFrame::buildMenus()
{
    wxMenuBar* bar = wxXmlResource::Get()->LoadMenuBar(this, "main_menu");
    if (!bar)
        throw std::logic_error("the form main_menu is missing from the resources");
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { onNew(); }, wxID_NEW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { onOpen(); }, wxID_OPEN);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { onBackup(); }, XRCID("backup_item"));
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { onImport(); }, XRCID("import_item"));
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxFileDialog dlg(this, "Merge From", defaultStoreFolder(), wxString(), kStoreWildcard,
                             wxFD_OPEN | wxFD_FILE_MUST_EXIST);
            if (dlg.ShowModal() == wxID_OK)
                mergeFrom(dlg.GetPath());
        },
        XRCID("merge_item"));
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (m_store)
                showView(ViewId::Export);
        },
        XRCID("export_item"));
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { closeStore(); }, wxID_CLOSE);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) { showHelpPage(this, "Methodology", toWx(app::markdownHtml(methodologyText()))); },
        XRCID("methodology_item"));
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            showHelpPage(this, "How to prepare a submission", toWx(app::markdownHtml(app::howToText())));
        },
        XRCID("how_to_item"));
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { onAbout(); }, wxID_ABOUT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { m_nav->SetFocus(); }, XRCID("view_navigation"));
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& e) {
            const wxString path = m_history.GetHistoryFile(static_cast<size_t>(e.GetId() - wxID_FILE1));
            if (!openStore(path) && !wxFileExists(path)) {
                m_history.RemoveFileFromHistory(static_cast<size_t>(e.GetId() - wxID_FILE1));
                refreshWelcome();
            }
        },
        wxID_FILE1, wxID_FILE9);
    for (ViewId id : m_viewIds)
        Bind(
            wxEVT_MENU,
            [this, id](wxCommandEvent&) {
                if (m_store)
                    showView(id);
            },
            XRCID(kViewMenuIds[static_cast<int>(id)]));
    for (int id : {wxID_UNDO, wxID_REDO, wxID_CUT, wxID_COPY, wxID_PASTE, wxID_SELECTALL}) {
        Bind(wxEVT_MENU, &MainFrame::onEditCommand, this, id);
        Bind(wxEVT_UPDATE_UI, &MainFrame::onUpdateEdit, this, id);
    }
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (m_store && m_current == ViewId::Statistics)
                static_cast<StatisticsView*>(view(ViewId::Statistics))->fillDown();
        },
        XRCID("fill_down_item"));
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& e) { e.Enable(static_cast<bool>(m_store) && m_current == ViewId::Statistics); },
        XRCID("fill_down_item"));
    // Redo answers Ctrl+Y as Windows programs do, and Ctrl+Shift+Z (its label) as others do.
    if (wxMenuItem* redo = bar->FindItem(wxID_REDO))
        redo->AddExtraAccel(wxAcceleratorEntry(wxACCEL_CTRL, 'Y', wxID_REDO));
    auto needsStore = [this](wxUpdateUIEvent& e) { e.Enable(static_cast<bool>(m_store)); };
    for (const char* name :
         {"backup_item", "import_item", "merge_item", "export_item", "view_submission", "view_sources",
          "view_statistics", "view_case_studies", "view_responses", "view_export", "view_navigation"})
        Bind(wxEVT_UPDATE_UI, needsStore, XRCID(name));
    Bind(wxEVT_UPDATE_UI, needsStore, wxID_CLOSE);
    SetMenuBar(bar);
}

void MainFrame::buildLayout()
{
    auto* root = new wxPanel(this);
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    auto* navLabel = new wxStaticText(root, wxID_ANY, "Views:");
    m_nav = new wxListBox(root, wxID_ANY);
    for (ViewId id : m_viewIds)
        m_nav->Append(kViewNames[static_cast<int>(id)]);
    int widest = 0;
    for (unsigned i = 0; i < m_nav->GetCount(); ++i)
        widest = std::max(widest, m_nav->GetTextExtent(m_nav->GetString(i)).x);
    // Wide enough for the longest view's name, also with the desktop's text scaled up.
    m_nav->SetMinSize(wxSize(std::max(FromDIP(170), widest + FromDIP(18)), -1));
    m_nav->SetHelpText("The views of the store, in the order of the work (Ctrl+1 to Ctrl+6)");
    left->Add(navLabel, 0, wxLEFT | wxTOP | wxRIGHT, FromDIP(8));
    left->Add(m_nav, 1, wxALL | wxEXPAND, FromDIP(8));
    m_book = new wxSimplebook(root);
    m_welcome = new WelcomePage(m_book, {[this] { onNew(); }, [this] { onOpen(); }, [this] { openSample(); },
                                         [this](const wxString& path) { openStore(path); }});
    m_book->AddPage(m_welcome, "Welcome");
    m_views[static_cast<int>(ViewId::Submission)] = new SubmissionView(m_book);
    m_views[static_cast<int>(ViewId::Sources)] = new SourcesView(m_book);
    m_views[static_cast<int>(ViewId::Statistics)] = new StatisticsView(m_book);
    m_views[static_cast<int>(ViewId::CaseStudies)] = new CaseStudiesView(m_book);
    m_views[static_cast<int>(ViewId::Responses)] = new ResponsesView(m_book);
    m_views[static_cast<int>(ViewId::Export)] = new ExportView(m_book);
    for (ViewId id : m_viewIds)
        m_book->AddPage(view(id), kViewNames[static_cast<int>(id)]);
    sizer->Add(left, 0, wxEXPAND);
    sizer->Add(m_book, 1, wxEXPAND);
    root->SetSizer(sizer);
    m_nav->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& e) {
        const int i = e.GetSelection();
        if (i >= 0 && static_cast<std::size_t>(i) < m_viewIds.size() &&
            m_viewIds[static_cast<std::size_t>(i)] != m_current)
            showView(m_viewIds[static_cast<std::size_t>(i)]);
    });
}

// ---- the store ------------------------------------------------------------------------------------

db::Store& MainFrame::store()
{
    if (!m_store)
        throw std::logic_error("no store is open");
    return *m_store;
}

void MainFrame::attachStore(std::unique_ptr<db::Store> store)
{
    for (ViewId id : m_viewIds)
        view(id)->attach(nullptr);
    m_edits.reset(); // the history of the store closing goes with it, never to disk
    m_store = std::move(store);
    if (m_store)
        m_edits = std::make_unique<app::History>(*m_store);
    if (!m_store)
        m_editLock.reset(); // after the connection closed
    m_findings.clear();
    m_submissionId = 0;
    m_damaged = false;
    m_integrityTimer.Stop();
    // The check may already have ended, damaged, while the store was being opened (the first write, such as
    // adding a missing submission, waits for it); the timer then reports it at once.
    if (m_store && (m_store->integrity() == db::Integrity::Checking || m_store->integrity() == db::Integrity::Damaged))
        m_integrityTimer.Start(100);
    if (m_store) {
        const auto submissions = m_store->submissions();
        if (!submissions.empty())
            m_submissionId = submissions.front().id;
        for (ViewId id : m_viewIds)
            view(id)->attach(this);
        m_nav->Enable();
        m_current = ViewId::Submission;
        showView(ViewId::Submission);
        m_nav->SetFocus();
    } else {
        m_nav->SetSelection(wxNOT_FOUND);
        m_nav->Disable();
        m_book->ChangeSelection(0);
        refreshWelcome();
    }
    updateTitle();
    updateStatus();
}

bool MainFrame::openStore(const wxString& path)
{
    if (!closeStore())
        return false;
    try {
        const std::filesystem::path file = toPath(path);
        auto lock = std::make_unique<db::EditLock>(db::EditLock::acquire(file, toUtf8(wxGetUserId())));
        // Every page is read on a thread of its own while the views open: a million figures take
        // seconds to read. Until it has finished, a save waits for it; a damaged file saves nothing.
        db::StoreOptions options;
        options.checkInBackground = true;
        auto store = std::make_unique<db::Store>(db::Store::open(file, db::OpenMode::ReadWrite, options));
        app::ensureSubmission(*store);
        m_history.AddFileToHistory(path);
        m_history.Save(*wxConfigBase::Get());
        m_editLock = std::move(lock);
        attachStore(std::move(store));
        return true;
    } catch (...) {
        showError(this, "The store " + wxFileName(path).GetFullName() + " could not be opened.",
                  std::current_exception());
        return false;
    }
}

bool MainFrame::createStore(const wxString& path)
{
    if (!closeStore())
        return false;
    try {
        const std::filesystem::path file = toPath(path);
        auto lock = std::make_unique<db::EditLock>(db::EditLock::acquire(file, toUtf8(wxGetUserId())));
        auto store = std::make_unique<db::Store>(db::Store::create(file));
        app::ensureSubmission(*store);
        m_history.AddFileToHistory(path);
        m_history.Save(*wxConfigBase::Get());
        m_editLock = std::move(lock);
        attachStore(std::move(store));
        return true;
    } catch (...) {
        showError(this, "The store could not be created.", std::current_exception());
        return false;
    }
}

bool MainFrame::openSample()
{
    const wxString folder = defaultStoreFolder();
    wxFileName::Mkdir(folder, wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    const wxString path = wxFileName(folder, "Sample submission.evidence").GetFullPath();
    if (!wxFileExists(path)) {
        if (!closeStore())
            return false;
        try {
            app::createSampleStore(toPath(path));
        } catch (...) {
            showError(this, "The sample submission could not be created.", std::current_exception());
            return false;
        }
    }
    return openStore(path);
}

bool MainFrame::closeStore(bool askAboutUnsaved)
{
    if (!m_store)
        return true;
    for (ViewId id : m_viewIds)
        view(id)->flush();
    // A damaged store refused every save (the first one waited for the check): whatever was typed since it was
    // opened is only on screen, and a form that refused its save may not know it is unsaved.
    if (askAboutUnsaved && m_store->integrity() == db::Integrity::Damaged) {
        wxMessageDialog ask(this, "This store is damaged: nothing you typed since opening it was saved.",
                            "Evidence Desk", wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetExtendedMessage("What you typed is still on screen and is lost when the store closes. Go back, "
                               "copy out what you need, then open a backup of the store.\n\nClose it anyway?");
        ask.SetYesNoLabels("&Close and Lose It", "&Go Back");
        if (ask.ShowModal() != wxID_YES)
            return false;
        askAboutUnsaved = false; // every other question would be about the same loss
    }
    if (askAboutUnsaved) {
        for (ViewId id : m_viewIds) {
            const wxString problem = view(id)->unsavedProblem();
            if (problem.empty())
                continue;
            wxMessageDialog ask(this, "Some of what you typed could not be saved.", "Evidence Desk",
                                wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
            ask.SetExtendedMessage(wxString(kViewNames[static_cast<int>(id)]) + ": " + problem +
                                   "\n\nClose anyway and lose that input?");
            ask.SetYesNoLabels("&Close Anyway", "&Go Back and Correct It");
            if (ask.ShowModal() != wxID_YES) {
                showView(id);
                return false;
            }
        }
    }
    attachStore(nullptr);
    return true;
}

// ---- views ----------------------------------------------------------------------------------------

void MainFrame::showView(ViewId id)
{
    if (!m_store)
        return;
    const auto it = std::find(m_viewIds.begin(), m_viewIds.end(), id);
    if (it == m_viewIds.end())
        return;
    if (m_book->GetSelection() > 0 && id != m_current)
        view(m_current)->flush();
    m_current = id;
    const int index = static_cast<int>(it - m_viewIds.begin());
    view(id)->showing();
    m_book->ChangeSelection(static_cast<size_t>(index + 1));
    if (m_nav->GetSelection() != index)
        m_nav->SetSelection(index);
}

void MainFrame::goTo(const GoToTarget& target)
{
    showView(target.view);
    view(target.view)->goTo(target);
}

wxString MainFrame::role() const
{
    return wxConfigBase::Get()->Read(kRoleKey, "Policy officer");
}

void MainFrame::setRole(const wxString& role)
{
    wxConfigBase::Get()->Write(kRoleKey, role);
}

void MainFrame::refreshWelcome()
{
    m_welcome->showRecent(m_history);
}

void MainFrame::onIntegrityTimer()
{
    std::string problem;
    const db::Integrity state = m_store ? m_store->integrity(&problem) : db::Integrity::Unchecked;
    if (state == db::Integrity::Checking)
        return;
    m_integrityTimer.Stop();
    if (state != db::Integrity::Damaged)
        return;
    m_damaged = true;
    updateTitle();
    wxMessageDialog box(this, "This store is damaged: nothing you change is saved into it.", "Evidence Desk",
                        wxOK | wxICON_ERROR);
    box.SetExtendedMessage(toWx(problem) +
                           "\n\nWhat you type is kept on screen and marked as not saved. Copy out what you need, "
                           "then open a backup of the store.");
    box.ShowModal();
}

void MainFrame::updateTitle()
{
    if (m_store)
        SetTitle(toWx(platform::utf8(m_store->path().filename())) +
                 (m_damaged ? toWx(" (damaged, not saving)") : wxString()) + toWx(" \u2014 Evidence Desk"));
    else
        SetTitle("Evidence Desk");
}

// ---- status bar -----------------------------------------------------------------------------------

void MainFrame::storeChanged()
{
    // Counted again once the edits pause: typing saves every few hundred milliseconds.
    if (!m_statusTimer.IsRunning())
        m_statusTimer.StartOnce(1500);
}

void MainFrame::updateStatus()
{
    m_statusCases.clear();
    m_statusAcks.clear();
    m_statusMeasures.clear();
    m_statusNext = 0;
    m_statusNextMeasure = 0;
    m_statusSelected.clear();
    m_unreviewed = m_unreviewedSelected = 0;
    m_blocks = m_blocksSelected = 0;
    m_incomplete = 0;
    if (!m_store) {
        SetStatusText("No store open", 0);
        SetStatusText(wxString(), 1);
        SetStatusText(wxString(), 2);
        return;
    }
    SetStatusText(toWx(platform::utf8(m_store->path().filename())), 0);
    try {
        if (auto s = m_store->submission(m_submissionId))
            SetStatusText(toWx(s->title), 1);
        m_statusCases = m_store->caseStudies();
        for (auto& a : m_store->allAcknowledgements())
            m_statusAcks[a.recordUuid].push_back(std::move(a));
        m_statusMeasures = m_store->selectedMeasures(m_submissionId);
        for (RowId id : m_store->selectedCaseStudies(m_submissionId))
            m_statusSelected.insert(id);
    } catch (...) {
        SetStatusText(describeError(std::current_exception()), 2);
        return;
    }
    for (const auto& c : m_statusCases)
        if (c.review == ReviewState::Draft) {
            ++m_unreviewed;
            m_unreviewedSelected += m_statusSelected.count(c.id);
        }
    // Findings and series are checked a little at a time while the application is idle.
    SetStatusText(problemSummary(), 2);
}

bool MainFrame::statusStep()
{
    static const std::vector<FindingAcknowledgement> none;
    if (m_statusNext < m_statusCases.size()) {
        const CaseStudy& c = m_statusCases[m_statusNext++];
        const auto it = m_statusAcks.find(c.uuid);
        const std::size_t blocks = m_findings.counts(*m_store, c, it == m_statusAcks.end() ? none : it->second).block;
        m_blocks += blocks;
        m_blocksSelected += m_statusSelected.count(c.id) ? blocks : 0;
        return true;
    }
    if (m_statusNextMeasure < m_statusMeasures.size()) {
        // A series is incomplete when the trend engine cannot report a change (fewer than two periods with
        // a figure): the workbook then shows codes instead of a change.
        const RowId measureId = m_statusMeasures[m_statusNextMeasure++];
        const auto measure = m_store->measure(measureId);
        db::ObservationFilter filter;
        filter.measureId = measureId;
        filter.dimension = "";
        std::map<RowId, std::vector<Observation>> byArea;
        for (auto& o : m_store->observations(filter))
            byArea[o.areaId].push_back(std::move(o));
        trends::CompareOptions options;
        options.unit = measure ? measure->unit : Unit::Count;
        for (const auto& [area, observations] : byArea) {
            try {
                m_incomplete += trends::computeSeries(observations, options).hasChange() ? 0 : 1;
            } catch (const Error&) {
                ++m_incomplete; // e.g. two figures for one period: not a series the workbook can show
            }
        }
        return true;
    }
    return false;
}

bool MainFrame::statusChecking() const noexcept
{
    return m_statusNext < m_statusCases.size() || m_statusNextMeasure < m_statusMeasures.size();
}

void MainFrame::onIdle(wxIdleEvent& e)
{
    if (!m_store || !statusChecking())
        return;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(15);
    while (std::chrono::steady_clock::now() < until && statusStep()) {
    }
    SetStatusText(problemSummary(), 2);
    if (statusChecking())
        e.RequestMore();
}

void MainFrame::finishStatusChecks()
{
    while (m_store && statusStep()) {
    }
    SetStatusText(problemSummary(), 2);
}

wxString MainFrame::problemSummary() const
{
    if (!m_store)
        return {};
    const wxString dot = wxString::FromUTF8(" \u00b7 ");
    // The counts are of the whole store, and the Export view lists only what the submission exports:
    // say how many are left out of it (the Export view's words), or a count here would seem to
    // contradict "nothing stops the export".
    auto leftOut = [](std::size_t all, std::size_t selected) {
        if (selected == all)
            return wxString();
        if (selected == 0)
            return wxString(", left out");
        return wxString::Format(", %zu left out", all - selected);
    };
    wxString s;
    s << m_unreviewed << (m_unreviewed == 1 ? " unreviewed case study" : " unreviewed case studies")
      << leftOut(m_unreviewed, m_unreviewedSelected) << dot;
    if (m_statusNext < m_statusCases.size()) {
        s << "checking case studies (" << m_statusNext << " of " << m_statusCases.size() << ")";
        return s;
    }
    s << m_blocks << (m_blocks == 1 ? " BLOCK finding" : " BLOCK findings") << leftOut(m_blocks, m_blocksSelected)
      << dot;
    if (m_statusNextMeasure < m_statusMeasures.size())
        s << "checking series";
    else
        s << m_incomplete << (m_incomplete == 1 ? " incomplete series" : " incomplete series");
    return s;
}

// ---- commands -------------------------------------------------------------------------------------

void MainFrame::onNew()
{
    const wxString folder = defaultStoreFolder();
    wxFileName::Mkdir(folder, wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    wxFileDialog dlg(this, "New Evidence Store", folder, "Consultation response.evidence", kStoreWildcard, wxFD_SAVE);
    if (dlg.ShowModal() != wxID_OK)
        return;
    wxFileName name(dlg.GetPath());
    if (name.GetExt().empty())
        name.SetExt("evidence");
    createStore(name.GetFullPath());
}

void MainFrame::onOpen()
{
    wxFileDialog dlg(this, "Open Evidence Store", defaultStoreFolder(), wxString(), kStoreWildcard,
                     wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() == wxID_OK)
        openStore(dlg.GetPath());
}

void MainFrame::onBackup()
{
    if (!m_store)
        return;
    const wxFileName current(toWx(platform::utf8(m_store->path())));
    const wxString suggested =
        current.GetName() + " backup " + wxDateTime::Now().FormatISODate() + "." + current.GetExt();
    wxFileDialog dlg(this, "Back Up the Store To", current.GetPath(), suggested, kStoreWildcard,
                     wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() != wxID_OK)
        return;
    const wxString target = dlg.GetPath();
    if (wxFileName(target).SameAs(current)) {
        wxMessageBox("Choose another file: a backup cannot replace the store itself.", "Back Up", wxOK | wxICON_ERROR,
                     this);
        return;
    }
    // Closing checkpoints the store's journal into its file, so a file copy is complete; then reopen.
    const ViewId shown = m_current;
    if (!closeStore())
        return;
    const bool copied = wxCopyFile(current.GetFullPath(), target, true);
    if (openStore(current.GetFullPath()))
        showView(shown);
    if (copied)
        SetStatusText("Backed up to " + target, 0);
    else
        wxMessageBox("The backup could not be written to " + target +
                         ". Check that the folder exists and that you can write to it, then try again.",
                     "Back Up", wxOK | wxICON_ERROR, this);
}

void MainFrame::onImport()
{
    if (!m_store)
        return;
    for (ViewId id : m_viewIds)
        view(id)->flush();
    wxFileDialog dlg(this, "Import CSV", wxString(), wxString(), "CSV files (*.csv)|*.csv|All files|*",
                     wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() != wxID_OK)
        return;
    RowId consultation = 0;
    if (auto s = m_store->submission(m_submissionId))
        consultation = s->consultationId;
    ImportDialog preview(this, *m_store, dlg.GetPath(), consultation);
    if (preview.ShowModal() != wxID_OK)
        return;
    storeChanged();
    view(m_current)->showing();
    SetStatusText(preview.summary(), 0);
}

bool MainFrame::mergeFrom(const wxString& path)
{
    if (!m_store)
        return false;
    for (ViewId id : m_viewIds)
        view(id)->flush();
    const wxString summary = mergeFromFile(this, *m_store, path);
    if (summary.empty())
        return false;
    storeChanged();
    view(m_current)->showing();
    SetStatusText(summary, 0);
    return true;
}

void MainFrame::onAbout()
{
    wxAboutDialogInfo info;
    info.SetName("Evidence Desk");
    info.SetVersion(EVIDENCE_VERSION);
    info.SetDescription("Figures, anonymised case studies and answers for a consultation response, in one store, "
                        "exported as an accessible Excel workbook.");
    wxAboutBox(info, this);
}

namespace {

// wxStyledTextCtrl and wxTextEntry share these commands by name, not by a common base class.
template <typename Editor>
void applyEditCommand(Editor* editor, int id)
{
    switch (id) {
    case wxID_UNDO:
        editor->Undo();
        break;
    case wxID_REDO:
        editor->Redo();
        break;
    case wxID_CUT:
        editor->Cut();
        break;
    case wxID_COPY:
        editor->Copy();
        break;
    case wxID_PASTE:
        editor->Paste();
        break;
    case wxID_SELECTALL:
        editor->SelectAll();
        break;
    }
}

/// True when the focused text control has typing of its own to undo (or redo): Ctrl+Z is then its own.
bool textCanUndo(wxWindow* focus, bool undo)
{
    if (auto* stc = dynamic_cast<wxStyledTextCtrl*>(focus))
        return undo ? stc->CanUndo() : stc->CanRedo();
    if (auto* text = dynamic_cast<wxTextEntry*>(focus))
        return undo ? text->CanUndo() : text->CanRedo();
    return false;
}

/// "&Undo Edit Dorset 2018/19\tCtrl+Z", with any & of the edit's name shown as itself.
wxString undoMenuLabel(bool undo, const std::string& edit)
{
    wxString label = undo ? "&Undo" : "&Redo";
    if (!edit.empty()) {
        wxString name = toWx(edit);
        name.Replace("&", "&&");
        label += " " + name;
    }
    return label + (undo ? "\tCtrl+Z" : "\tCtrl+Shift+Z");
}

} // namespace

void MainFrame::undoEdit(bool undo)
{
    if (!m_edits)
        return;
    // Typing that waits for a pause is saved first, as an edit of its own: it is what is undone.
    for (ViewId id : m_viewIds)
        view(id)->flush();
    const std::string name = undo ? m_edits->undoLabel() : m_edits->redoLabel();
    if (name.empty())
        return;
    try {
        const app::EditPlace place = undo ? m_edits->undo() : m_edits->redo();
        showEditPlace(place);
        SetStatusText((undo ? "Undone: " : "Redone: ") + toWx(name), 0);
    } catch (...) {
        showError(this, undo ? "The edit could not be undone." : "The edit could not be redone.",
                  std::current_exception());
        view(m_current)->showing();
    }
    storeChanged();
}

void MainFrame::showEditPlace(const app::EditPlace& place)
{
    using Kind = app::EditPlace::Kind;
    GoToTarget target;
    switch (place.kind) {
    case Kind::Submission:
        target.view = ViewId::Submission;
        break;
    case Kind::Source:
        target.view = ViewId::Sources;
        break;
    case Kind::Measure:
        target.view = ViewId::Statistics;
        break;
    case Kind::CaseStudy:
        target.view = ViewId::CaseStudies;
        break;
    case Kind::Answer:
        target.view = ViewId::Responses;
        break;
    case Kind::Other:
        target.view = m_current;
        break;
    }
    target.id = place.id;
    showView(target.view); // re-reads the store
    if (target.id)
        view(target.view)->goTo(target);
}

void MainFrame::onEditCommand(wxCommandEvent& e)
{
    wxWindow* focus = FindFocus();
    if ((e.GetId() == wxID_UNDO || e.GetId() == wxID_REDO) && !textCanUndo(focus, e.GetId() == wxID_UNDO))
        return undoEdit(e.GetId() == wxID_UNDO);
    if (auto* stc = dynamic_cast<wxStyledTextCtrl*>(focus))
        return applyEditCommand(stc, e.GetId());
    if (auto* text = dynamic_cast<wxTextEntry*>(focus))
        return applyEditCommand(text, e.GetId());
    for (wxWindow* w = focus; w; w = w->GetParent())
        if (auto* grid = dynamic_cast<wxGrid*>(w)) {
            if (grid->GetGridCursorRow() < 0)
                return;
            auto* statistics = static_cast<StatisticsView*>(view(ViewId::Statistics));
            if (e.GetId() == wxID_PASTE && grid == statistics->grid()) {
                wxString text;
                if (wxTheClipboard->Open()) {
                    wxTextDataObject data;
                    if (wxTheClipboard->GetData(data))
                        text = data.GetText();
                    wxTheClipboard->Close();
                }
                statistics->paste(text);
                return;
            }
            if (e.GetId() != wxID_COPY)
                return;
            // The selected block (or the cursor's cell), tab-separated, as a spreadsheet pastes it.
            const auto [top, left, bottom, right] = selectedBlock(*grid);
            auto* stats = static_cast<StatisticsView*>(view(ViewId::Statistics));
            if (grid == stats->grid() && stats->model())
                copyToClipboard(
                    toWx(stats->model()->blockText(static_cast<std::size_t>(top), static_cast<std::size_t>(left),
                                                   static_cast<std::size_t>(bottom), static_cast<std::size_t>(right))));
            else
                copyToClipboard(grid->GetCellValue(top, left));
            return;
        }
}

void MainFrame::onUpdateEdit(wxUpdateUIEvent& e)
{
    wxWindow* focus = FindFocus();
    if (e.GetId() == wxID_UNDO || e.GetId() == wxID_REDO) {
        const bool undo = e.GetId() == wxID_UNDO;
        if (textCanUndo(focus, undo)) {
            e.SetText(undoMenuLabel(undo, ""));
            e.Enable(true);
        } else {
            const std::string name = !m_edits ? std::string() : undo ? m_edits->undoLabel() : m_edits->redoLabel();
            e.SetText(undoMenuLabel(undo, name));
            e.Enable(!name.empty());
        }
        return;
    }
    if (auto* stc = dynamic_cast<wxStyledTextCtrl*>(focus)) {
        const bool sel = stc->GetSelectionStart() != stc->GetSelectionEnd();
        switch (e.GetId()) {
        case wxID_CUT:
            e.Enable(sel && !stc->GetReadOnly());
            return;
        case wxID_COPY:
            e.Enable(sel);
            return;
        case wxID_PASTE:
            e.Enable(stc->CanPaste());
            return;
        default:
            e.Enable(true);
            return;
        }
    }
    if (auto* text = dynamic_cast<wxTextEntry*>(focus)) {
        switch (e.GetId()) {
        case wxID_CUT:
            e.Enable(text->CanCut());
            return;
        case wxID_COPY:
            e.Enable(text->CanCopy());
            return;
        case wxID_PASTE:
            e.Enable(text->CanPaste());
            return;
        default:
            e.Enable(true);
            return;
        }
    }
    for (wxWindow* w = focus; w; w = w->GetParent())
        if (dynamic_cast<wxGrid*>(w)) {
            e.Enable(e.GetId() == wxID_COPY ||
                     (e.GetId() == wxID_PASTE && w == static_cast<StatisticsView*>(view(ViewId::Statistics))->grid()));
            return;
        }
    e.Enable(false);
}

void MainFrame::onCloseWindow(wxCloseEvent& e)
{
    if (!closeStore(e.CanVeto())) {
        e.Veto();
        return;
    }
    m_history.Save(*wxConfigBase::Get());
    Destroy();
}

// ---- screenshots ----------------------------------------------------------------------------------

void MainFrame::saveScreenshots(const wxString& dir, std::function<void(bool)> done)
{
    // A small state machine driven by a timer, so that the main loop lays out and paints each view. For each
    // view it prints "SHOT <file>" on standard output and waits until that file exists: the screenshot
    // script (tests/gui/screenshots.sh) captures the screen then, which sees exactly what X displays.
    wxFileName::Mkdir(dir, wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    // The pointer rests wherever the X server put it, often over a field whose tip would hide the form.
    wxToolTip::Enable(false);
    struct Shots
    {
        std::size_t step = 0;
        wxString waitingFor;
        int polls = 0;
        bool ok = true;
        wxTimer timer;
    };
    auto shots = std::make_shared<Shots>();
    auto prepare = [this](std::size_t step) {
        if (step == m_viewIds.size()) {
            closeStore(false);
            return;
        }
        const ViewId id = m_viewIds[step];
        showView(id);
        if (id == ViewId::CaseStudies) {
            // Show a draft that still has findings: what the view is for.
            for (const auto& c : m_store->caseStudies())
                if (c.review == ReviewState::Draft) {
                    goTo({ViewId::CaseStudies, c.id, "", 0, 0});
                    break;
                }
        } else if (id == ViewId::Responses) {
            // An answered question, with the evidence it cites.
            if (const auto answers = m_store->answers(m_submissionId); !answers.empty())
                goTo({ViewId::Responses, answers.front().questionId, "", 0, 0});
        } else if (id == ViewId::Statistics) {
            // The row with the most figures, so the chart has a line.
            auto* stats = static_cast<StatisticsView*>(view(id));
            if (auto* model = stats->model(); model && model->rowCount()) {
                std::size_t best = 0, bestCount = 0;
                for (std::size_t r = 0; r < model->rowCount(); ++r)
                    if (model->rowObservations(r).size() > bestCount) {
                        best = r;
                        bestCount = model->rowObservations(r).size();
                    }
                stats->grid()->SetGridCursor(static_cast<int>(best), 0);
                stats->grid()->MakeCellVisible(static_cast<int>(best), 0);
            }
        }
        finishStatusChecks();
    };
    shots->timer.Bind(wxEVT_TIMER, [this, dir, shots, prepare, done](wxTimerEvent&) {
        if (shots->waitingFor.empty()) {
            const std::size_t step = shots->step;
            const wxString name =
                step < m_viewIds.size()
                    ? wxString::Format("%02zu-%s", step + 1, kShotNames[static_cast<int>(m_viewIds[step])])
                    : wxString("00-welcome");
            shots->waitingFor = wxFileName(dir, name + ".png").GetFullPath();
            shots->polls = 0;
            if (wxFileExists(shots->waitingFor))
                wxRemoveFile(shots->waitingFor);
            std::printf("SHOT %s\n", static_cast<const char*>(shots->waitingFor.utf8_str()));
            std::fflush(stdout);
            shots->timer.Start(100);
            return;
        }
        if (!wxFileExists(shots->waitingFor) && ++shots->polls < 200)
            return; // the script is still capturing
        shots->ok = shots->ok && wxFileExists(shots->waitingFor);
        shots->waitingFor.clear();
        if (++shots->step > m_viewIds.size()) {
            shots->timer.Stop();
            const bool ok = shots->ok;
            CallAfter([done, ok] { done(ok); });
            return;
        }
        prepare(shots->step);
        shots->timer.Start(900);
    });
    prepare(0);
    shots->timer.Start(900);
}

} // namespace evidence::gui
