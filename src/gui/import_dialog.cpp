#include "gui/import_dialog.h"

#include "app/importer.h"
#include "core/errors.h"
#include "gui/error_text.h"
#include "gui/mnemonics.h"
#include "gui/view.h"
#include "gui/wx_text.h"

#include <stdexcept>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/filename.h>
#include <wx/listbox.h>
#include <wx/stattext.h>

namespace evidence::gui {

ImportDialog::ImportDialog(wxWindow* parent, db::Store& store, const wxString& path, RowId consultationId)
    : m_store(store), m_path(path), m_consultationId(consultationId)
{
    if (!wxXmlResource::Get()->LoadDialog(this, parent, "import_dialog"))
        throw std::logic_error("the form import_dialog is missing from the resources");
    installMnemonics(this);
    m_createMissing = View::checkedCtrl<wxCheckBox>(this, "create_missing_check");
    m_replace = View::checkedCtrl<wxCheckBox>(this, "replace_check");
    m_summaryText = View::checkedCtrl<wxStaticText>(this, "summary_text");
    m_problems = View::checkedCtrl<wxListBox>(this, "problems_list");
    View::checkedCtrl<wxStaticText>(this, "file_text")->SetLabelText("File: " + path);
    SetTitle("Import " + wxFileName(path).GetFullName());
    m_problems->SetMinSize(FromDIP(wxSize(560, 160)));
    m_createMissing->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { check(); });
    m_replace->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { check(); });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { check(); }, XRCID("recheck_button"));
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            if (run(false))
                EndModal(wxID_OK);
        },
        wxID_OK);
    check();
}

void ImportDialog::check()
{
    run(true);
}

wxArrayString ImportDialog::problems() const
{
    return m_problems->GetStrings();
}

bool ImportDialog::run(bool dryRun)
{
    app::ImportOptions options;
    options.dryRun = dryRun;
    options.createMissing = m_createMissing->GetValue();
    options.replace = m_replace->GetValue();
    options.consultationId = m_consultationId;
    const std::string name = toUtf8(wxFileName(m_path).GetFullName());
    m_problems->Clear();
    bool ok = false;
    try {
        const app::ImportReport report = app::importCsv(m_store, std::filesystem::path(toUtf8(m_path)), options);
        m_summary = toWx(app::describe(report, name));
        m_summaryText->SetForegroundColour(GetForegroundColour());
        m_summaryText->SetLabelText(dryRun ? m_summary + " Press Import to import them." : m_summary);
        ok = true;
    } catch (const DataError& e) {
        for (const auto& p : e.problems())
            m_problems->Append(toWx(p));
        m_summaryText->SetForegroundColour(problemColour());
        m_summaryText->SetLabelText(wxString::Format(
            "%zu problem(s): nothing will be imported until every one is fixed. Correct the file, save it, then "
            "press Check the File Again.",
            e.problems().size()));
    } catch (...) {
        m_problems->Append(describeError(std::current_exception()));
        m_summaryText->SetForegroundColour(problemColour());
        m_summaryText->SetLabelText("The file cannot be imported.");
    }
    m_summaryText->Wrap(FromDIP(560));
    FindWindow(wxID_OK)->Enable(ok);
    if (!ok)
        m_problems->SetFocus();
    Layout();
    GetSizer()->Fit(this);
    return ok;
}

} // namespace evidence::gui
