#pragma once
/// @file merge_dialog.h
/// @brief File > Merge From...: what merging another copy of the submission would do, each conflict
/// with both values and who changed each when, a choice per conflict or for all, then the merge.

#include "app/merge.h"

#include <memory>
#include <wx/dialog.h>
#include <wx/string.h>

class wxButton;
class wxListView;
class wxStaticText;

namespace evidence::db {
class Store;
}

namespace evidence::gui {

/// The merge dialog: lists the conflicts of merging another store into the open one, lets the user choose
/// for each (or for all), then merges.
class MergeDialog : public wxDialog
{
public:
    /// Opens @p sourcePath (never writing to it) and works out the merge without writing.
    /// @throws what opening or reading the stores throws (app::DifferentSubmissionsError among them).
    MergeDialog(wxWindow* parent, db::Store& store, const wxString& sourcePath, bool betweenSubmissions);
    ~MergeDialog() override;

    /// The conflicts as listed, in the list's order.
    const std::vector<app::MergeConflict>& conflicts() const noexcept { return m_report.conflicts; }
    /// For tests: the list of conflicts.
    wxListView* conflictList() const noexcept { return m_list; }
    /// Sets the choice of the selected conflicts (every one when none is selected is not assumed).
    void chooseSelected(app::MergeChoice choice);
    /// Sets the choice of every conflict; "both" only where both can be kept.
    void chooseAll(app::MergeChoice choice);
    /// Merges with the choices made; ends the dialog with wxID_OK once written.
    void merge();
    /// What was merged (after wxID_OK), e.g. "Merged from theirs.evidence: 2 added, 1 updated, 0 deleted."
    const wxString& summary() const noexcept { return m_summary; }

private:
    void fill();
    void updateButtons();

    db::Store& m_store;
    wxString m_sourcePath;
    std::unique_ptr<app::MergeSource> m_source;
    app::MergeOptions m_options;
    app::MergeReport m_report;
    wxStaticText* m_summaryText = nullptr;
    wxListView* m_list = nullptr;
    wxButton* m_mergeButton = nullptr;
    wxButton* m_bothButton = nullptr;
    wxString m_summary;
};

/// Asks for a store file to merge from, shows the merge dialog and merges; asks first before copying
/// between two different submissions. @return the summary when something was merged, else empty.
wxString mergeFromFile(wxWindow* parent, db::Store& store, const wxString& sourcePath);

} // namespace evidence::gui
