#include "gui/import_dialog.h"

#include "app/importer.h"
#include "core/background.h"
#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"
#include "gui/error_text.h"
#include "gui/mnemonics.h"
#include "gui/view.h"
#include "gui/wx_text.h"

#include <atomic>
#include <optional>
#include <stdexcept>
#include <thread>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/filename.h>
#include <wx/listbox.h>
#include <wx/progdlg.h>
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
    bool cancelled = false; // a cancelled import of a checked file can be started again
    try {
        const app::ImportReport report = runWithProgress(options);
        m_summary = toWx(app::describe(report, name));
        m_summaryText->SetForegroundColour(GetForegroundColour());
        m_summaryText->SetLabelText(dryRun ? m_summary + " Press Import to import them." : m_summary);
        ok = true;
    } catch (const CancelledError&) {
        m_summary = dryRun ? "Check cancelled." : "Import cancelled: nothing was imported; the store is unchanged.";
        m_summaryText->SetForegroundColour(GetForegroundColour());
        m_summaryText->SetLabelText(m_summary + (dryRun ? " Press Check the File Again to check it." : ""));
        cancelled = true;
    } catch (const DataError& e) {
        for (const auto& p : e.problems())
            m_problems->Append(toWx(p));
        m_summaryText->SetForegroundColour(problemColour());
        m_summaryText->SetLabelText(
            toWx(text::counted(e.problems().size(), "problem", "problems") +
                 ": nothing will be imported until every one is fixed. Correct the file, save it, then press Check "
                 "the File Again."));
    } catch (...) {
        m_problems->Append(describeError(std::current_exception()));
        m_summaryText->SetForegroundColour(problemColour());
        m_summaryText->SetLabelText("The file cannot be imported.");
    }
    m_summaryText->Wrap(FromDIP(560));
    FindWindow(wxID_OK)->Enable(ok || (cancelled && !dryRun));
    if (!ok)
        m_problems->SetFocus();
    Layout();
    GetSizer()->Fit(this);
    return ok;
}

app::ImportReport ImportDialog::runWithProgress(const app::ImportOptions& given)
{
    const CancellationToken cancel;
    std::atomic<std::size_t> done{0}, total{0};
    app::ImportOptions options = given;
    options.cancel = cancel.flag();
    options.progress = [&](std::size_t rows, std::size_t of) {
        total = of;
        done = rows;
    };
    const std::filesystem::path file = toPath(m_path);
    Task<app::ImportReport> worker = runInBackground([&] { return app::importCsv(m_store, file, options); });
    {
        std::optional<wxProgressDialog> progress;
        const auto start = std::chrono::steady_clock::now();
        while (!worker.ready()) {
            if (!progress && std::chrono::steady_clock::now() - start >= m_progressDelay)
                progress.emplace(options.dryRun ? "Checking the File" : "Importing",
                                 wxString::FromUTF8("Reading the file\u2026"), 1000, this,
                                 wxPD_APP_MODAL | wxPD_CAN_ABORT | wxPD_ELAPSED_TIME | wxPD_REMAINING_TIME);
            if (progress) {
                const std::size_t n = done, of = total;
                const int value = of ? static_cast<int>(std::min<std::size_t>(n, of) * 999 / of) : 0;
                const wxString text =
                    of ? wxString::Format("%s %s of %s rows", options.dryRun ? "Checked" : "Read",
                                          toWx(formatFigure(double(n), 0)), toWx(formatFigure(double(of), 0)))
                       : wxString::FromUTF8("Reading the file\u2026");
                if (m_onProgress)
                    m_onProgress(*progress);
                if (!progress->Update(value, text))
                    cancel.cancel(); // the import stops at its next rows and writes nothing
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    }
    return worker.get();
}

} // namespace evidence::gui
