#pragma once
/// @file import_dialog.h
/// @brief The CSV import preview: every problem listed by line, nothing imported until all are fixed.

#include "core/domain.h"

#include <wx/dialog.h>
#include <wx/string.h>

class wxCheckBox;
class wxListBox;
class wxStaticText;

namespace evidence::db {
class Store;
}

namespace evidence::gui {

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

private:
    bool run(bool dryRun);

    db::Store& m_store;
    wxString m_path;
    RowId m_consultationId;
    wxCheckBox* m_createMissing;
    wxCheckBox* m_replace;
    wxStaticText* m_summaryText;
    wxListBox* m_problems;
    wxString m_summary;
};

} // namespace evidence::gui
