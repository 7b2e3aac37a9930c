#include "gui/app.h"

#include "core/platform.h"
#include "gui/main_frame.h"
#include "gui/resources.h"

#include <clocale>
#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/display.h>
#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/log.h>
#include <wx/persist/toplevel.h>
#include <wx/stdpaths.h>

namespace evidence::gui {

void initApplication(wxApp& app)
{
    app.SetAppName("evidence-desk");
    app.SetVendorName("Evidence Desk");
    app.SetAppDisplayName("Evidence Desk");
    wxStandardPaths::Get().SetFileLayout(wxStandardPaths::FileLayout_XDG);
    // Settings (window, recent stores, role) in ~/.config/evidence-desk/, created if missing.
    // (wxFileConfig in wx 3.2.2 ignores the XDG layout, so the path is built here.)
    const wxFileName file(wxStandardPaths::Get().GetUserConfigDir() + "/evidence-desk", "evidence-desk.conf");
    wxFileName::Mkdir(file.GetPath(), wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    delete wxConfigBase::Set(
        new wxFileConfig("evidence-desk", "Evidence Desk", file.GetFullPath(), wxString(), wxCONFIG_USE_LOCAL_FILE));
    // GTK sets the locale from the environment; numbers in files (CSV, workbooks) need a "C" LC_NUMERIC.
    std::setlocale(LC_NUMERIC, "C");
    initResources();
}

void EvidenceApp::OnInitCmdLine(wxCmdLineParser& parser)
{
    wxApp::OnInitCmdLine(parser);
    parser.AddParam("store file (.evidence) to open", wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_OPTIONAL);
    parser.AddOption(wxString(), "screenshot-dir", "save a PNG of every view into this folder, then quit",
                     wxCMD_LINE_VAL_STRING, wxCMD_LINE_HIDDEN);
}

bool EvidenceApp::OnCmdLineParsed(wxCmdLineParser& parser)
{
    if (!wxApp::OnCmdLineParsed(parser))
        return false;
    if (parser.GetParamCount() > 0)
        m_file = wxFileName(parser.GetParam(0)).GetAbsolutePath();
    parser.Found("screenshot-dir", &m_screenshotDir);
    return true;
}

bool EvidenceApp::OnInit()
{
    platform::configureAllocator();
    // Messages logged while starting go to standard error; the GUI log (message boxes) takes over after.
    delete wxLog::SetActiveTarget(new wxLogStderr);
    initApplication(*this);
    if (!wxApp::OnInit())
        return false;
    if (m_screenshotDir.empty())
        delete wxLog::SetActiveTarget(new wxLogGui);
    m_frame = new MainFrame();
    if (m_screenshotDir.empty()) {
        wxPersistentRegisterAndRestore(m_frame, "MainWindow");
    } else {
        // Screenshots show the window filling the screen (tests/gui/screenshots.sh: a laptop's 1366x768).
        m_frame->SetSize(wxDisplay(0u).GetClientArea());
    }
    m_frame->Show();

    wxString file = m_file;
    if (file.empty() && m_screenshotDir.empty()) {
        // The most recent store, if it is still there; else the welcome page.
        wxFileHistory history;
        history.Load(*wxConfigBase::Get());
        if (history.GetCount() > 0 && wxFileExists(history.GetHistoryFile(0)))
            file = history.GetHistoryFile(0);
    }
    if (!file.empty())
        m_frame->openStore(file);

    if (!m_screenshotDir.empty()) {
        m_frame->saveScreenshots(m_screenshotDir, [this](bool ok) {
            m_failed = !ok;
            m_frame->Destroy();
        });
    }
    return true;
}

int EvidenceApp::OnExit()
{
    // Messages logged while shutting down must not open dialogs once the windows are gone.
    delete wxLog::SetActiveTarget(new wxLogStderr);
    delete wxConfigBase::Set(nullptr);
    return wxApp::OnExit();
}

int EvidenceApp::OnRun()
{
    const int code = wxApp::OnRun();
    return m_failed ? 1 : code;
}

} // namespace evidence::gui
