#pragma once
/// @file export_view.h
/// @brief The Export view: the pre-flight problems (each with Go To), the options, a cancellable export,
/// and buttons to open the written workbook or its folder.

#include "app/anonymisation.h"
#include "app/consultation_profile.h"
#include "core/background.h"
#include "gui/view.h"

#include <optional>
#include <vector>
#include <wx/timer.h>

class wxCheckBox;
class wxDataViewListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace evidence::gui {

/// The Export view: the pre-flight list of what to fix or check (with Go To and Acknowledge), the export's
/// options, and a cancellable export of the workbook and the response document.
class ExportView : public View
{
public:
    /// Loads the view's form under @p parent. @throws std::logic_error when the form is missing.
    explicit ExportView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;

    /// One problem of the pre-flight list.
    struct Problem
    {
        bool blocking = false;            ///< stops the export
        wxString severity;                ///< "Must fix", "Fix or acknowledge", "Check"
        wxString text;                    ///< a sentence saying what is wrong and what to do
        wxString record;                  ///< where, e.g. "Case study CS-004, narrative"
        std::optional<GoToTarget> target; ///< the record to open
        /// For an anonymisation finding: where it is and what it is (WARN ones can be acknowledged here).
        std::optional<std::pair<app::FieldFindings, anon::Finding>> finding;
    };
    /// Re-runs the pre-flight checks, in the background on a read-only connection of its own, so the view stays
    /// usable on large stores; the list fills in when they finish.
    void check();
    /// True while the checks run.
    bool checking() const noexcept { return m_pending.valid(); }
    /// The pre-flight list as the last checks left it (empty while they run).
    const std::vector<Problem>& problems() const noexcept { return m_problems; }
    /// Sets the target file (tests).
    void setPath(const wxString& path);
    /// Runs the export with the current options; true when the workbook was written.
    bool exportNow();
    /// The file of the last successful export.
    const wxString& writtenFile() const noexcept { return m_written; }
    /// The profile the response document is laid out by (empty: none), as the profile choice shows it.
    std::string documentProfile() const;

private:
    void onGoTo();
    void onAcknowledge();
    void onBrowse();
    void showResult(const wxString& text, bool problem);
    void showProblems(std::vector<Problem> problems);
    /// Waits for the store's check of every page if it is still running; false (and says why) when it found
    /// damage or the user cancelled.
    bool storeSound();

    wxDataViewListCtrl* m_list;
    wxStaticText* m_summary;
    wxStaticText* m_detail;
    wxCheckBox* m_charts;
    wxCheckBox* m_valuesOnly;
    wxCheckBox* m_suppress;        ///< small-count suppression, off by default
    class wxSpinCtrl* m_threshold; ///< its threshold
    wxTextCtrl* m_path;
    class wxChoice* m_docProfile;               ///< "No profile", then the profiles loaded into the store
    std::vector<app::StoredProfile> m_profiles; ///< in the choice's order, after "No profile"
    wxStaticText* m_result;
    std::vector<Problem> m_problems;
    wxString m_written;
    Task<std::vector<Problem>> m_pending; ///< the checks running in the background
    bool m_recheck = false;               ///< check again when they finish
    /// The checks' list as they returned it, shown again with the store's own check when that ends.
    std::vector<Problem> m_listed;
    wxTimer m_poll;
};

} // namespace evidence::gui
