#pragma once
/// @file import_dialog.h
/// @brief The CSV import preview: every problem listed by line, nothing imported until all are fixed.

#include "app/importer.h"
#include "core/domain.h"

#include <chrono>
#include <functional>
#include <wx/dialog.h>
#include <wx/string.h>

class wxCheckBox;
class wxListBox;
class wxProgressDialog;
class wxStaticText;

namespace evidence::db {
class Store;
}

namespace evidence::gui {

/// The import dialog: checks a CSV file (a dry run), lists every problem with its line, and imports it when
/// the user confirms, with progress and Cancel for a long file.
class ImportDialog : public wxDialog
{
public:
    /// Checks @p path at once (a dry run of the import).
    ImportDialog(wxWindow* parent, db::Store& store, const wxString& path, RowId consultationId);

    /// Runs the dry run again (after the user corrected the file).
    void check();
    /// The problems of the last check, one per line of the file.
    wxArrayString problems() const;
    /// What was imported (after wxID_OK), e.g. "Imported 14 observations from figures.csv."
    const wxString& summary() const noexcept { return m_summary; }
    /// How long a check or import runs before its progress (rows done of the file's rows, with Cancel) is
    /// shown: a short one finishes without a dialog flashing up.
    void setProgressDelay(std::chrono::milliseconds delay) noexcept { m_progressDelay = delay; }
    /// Tests only: called after each update of the progress dialog (the only events it lets through are
    /// clicks and repaints, so a test presses Cancel from here).
    void onProgressUpdated(std::function<void(wxProgressDialog&)> observer) { m_onProgress = std::move(observer); }

private:
    bool run(bool dryRun);
    /// Runs the import on a worker thread while a progress dialog shows its rows; Cancel there stops it,
    /// and its transaction, never committed, leaves the store as it was. @throws what the import throws.
    app::ImportReport runWithProgress(const app::ImportOptions& options);

    db::Store& m_store;
    wxString m_path;
    RowId m_consultationId;
    wxCheckBox* m_createMissing;
    wxCheckBox* m_replace;
    wxStaticText* m_summaryText;
    wxListBox* m_problems;
    wxString m_summary;
    std::chrono::milliseconds m_progressDelay{400};
    std::function<void(wxProgressDialog&)> m_onProgress;
};

} // namespace evidence::gui
