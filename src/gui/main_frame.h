#pragma once
/// @file main_frame.h
/// @brief The main window: navigation list, views, menus, status bar, recent files and the open store.

#include "app/case_study_model.h"
#include "gui/view.h"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <vector>
#include <wx/filehistory.h>
#include <wx/frame.h>
#include <wx/timer.h>

class wxListBox;
class wxSimplebook;

namespace evidence::db {
class Store;
class EditLock;
} // namespace evidence::db
namespace evidence::app {
class History;
struct EditPlace;
} // namespace evidence::app

namespace evidence::gui {

class WelcomePage;

/// The main window: the navigation list and the views of the open store (or the welcome page), the menus, the
/// status bar's problem counts, the edit lock and the undo history. Implements Workspace for the views.
class MainFrame : public wxFrame, public Workspace
{
public:
    MainFrame();
    ~MainFrame() override;

    /// Opens @p path; shows the reason and returns false when it cannot.
    bool openStore(const wxString& path);
    /// Creates a new store at @p path with an empty submission and opens it.
    bool createStore(const wxString& path);
    /// Merges the store at @p path into the open one (File > Merge From... after its file dialog).
    bool mergeFrom(const wxString& path);
    /// Opens the sample submission (creating it in the default store folder when missing).
    bool openSample();
    /// Saves pending edits and closes the store; false when the user chose to go back to unsaved input.
    bool closeStore(bool askAboutUnsaved = true);
    /// Whether a store is open.
    bool hasStore() const noexcept { return static_cast<bool>(m_store); }

    /// Shows view @p id, saving what the current one has pending; nothing without a store or for a view this
    /// build does not have.
    void showView(ViewId id);
    /// The view shown (or last shown, while the welcome page is).
    ViewId currentView() const noexcept { return m_current; }
    /// The view @p id (one of viewIds()).
    View* view(ViewId id) const { return m_views[static_cast<std::size_t>(id)]; }
    /// The views that exist in this build (Export only when the export library is there).
    const std::vector<ViewId>& viewIds() const noexcept { return m_viewIds; }
    /// For tests: the navigation list.
    wxListBox* navigation() const noexcept { return m_nav; }
    /// The status bar's problem counts (after pending background checks finish).
    wxString problemSummary() const;
    /// Counts the status bar's problems again (the checks then run while the application is idle).
    void updateStatus();
    /// Runs the background checks of the status bar to the end (for tests and screenshots).
    void finishStatusChecks();
    /// Saves a PNG of every view into @p dir, then of the welcome page (hidden option --screenshot-dir),
    /// one view at a time while the main loop runs; calls @p done with true when every file was written.
    void saveScreenshots(const wxString& dir, std::function<void(bool)> done);

    // Workspace
    db::Store& store() override;
    RowId submissionId() const override { return m_submissionId; }
    void storeChanged() override;
    void goTo(const GoToTarget& target) override;
    wxString role() const override;
    void setRole(const wxString& role) override;
    app::FindingsCache& findingsCache() override { return m_findings; }

private:
    void buildMenus();
    void buildLayout();
    void attachStore(std::unique_ptr<db::Store> store);
    void updateTitle();
    void onIdle(wxIdleEvent& e);
    /// One step of the status checks (one case study or one measure); false when all are done.
    bool statusStep();
    bool statusChecking() const noexcept;
    void onNew();
    void onOpen();
    void onBackup();
    void onImport();
    void onAbout();
    void onEditCommand(wxCommandEvent& e);
    void onUpdateEdit(wxUpdateUIEvent& e);
    /// Undoes or redoes the latest edit of the store (Edit > Undo outside a text being edited).
    void undoEdit(bool undo);
    /// Shows the view and record of an edit just undone or redone, re-read from the store.
    void showEditPlace(const app::EditPlace& place);
    void onCloseWindow(wxCloseEvent& e);
    void refreshWelcome();
    /// Polls the open store's background integrity check; tells the user when it found damage.
    void onIntegrityTimer();

    /// Held while m_store is open, so that no other window or program edits it meanwhile (declared first:
    /// released after the store closes).
    std::unique_ptr<db::EditLock> m_editLock;
    std::unique_ptr<db::Store> m_store;
    /// The store's edits since it was opened, for Edit > Undo (memory only; after m_store: ends first).
    std::unique_ptr<app::History> m_edits;
    RowId m_submissionId = 0;
    wxFileHistory m_history;
    wxListBox* m_nav = nullptr;
    wxSimplebook* m_book = nullptr;
    WelcomePage* m_welcome = nullptr;
    std::array<View*, kViewCount> m_views{};
    std::vector<ViewId> m_viewIds;
    ViewId m_current = ViewId::Submission;
    app::FindingsCache m_findings;

    // Status bar counts: case studies are scanned a few at a time while the application is idle.
    std::vector<CaseStudy> m_statusCases;
    std::unordered_map<std::string, std::vector<FindingAcknowledgement>> m_statusAcks;
    std::vector<RowId> m_statusMeasures;
    std::size_t m_statusNext = 0;
    std::size_t m_statusNextMeasure = 0;
    std::set<RowId> m_statusSelected; ///< the case studies the submission exports
    std::size_t m_unreviewed = 0, m_unreviewedSelected = 0;
    std::size_t m_blocks = 0, m_blocksSelected = 0;
    std::size_t m_incomplete = 0;
    wxTimer m_statusTimer;
    wxTimer m_integrityTimer;
    bool m_damaged = false; ///< the open store's check found damage: nothing is saved into it
};

} // namespace evidence::gui
