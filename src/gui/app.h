#pragma once
/// @file app.h
/// @brief The wxApp of evidence-desk: command line, configuration, resources and the main window.

#include <wx/app.h>

namespace evidence::gui {

class MainFrame;

/// Configuration and locale set-up shared by the application, its tests and the benchmark: application
/// name (for wxConfig and wxStandardPaths, XDG layout) and LC_NUMERIC kept at "C".
void initApplication(wxApp& app);

/// The application: parses the command line (a store to open, or --screenshot-dir FOLDER to save a picture
/// of every view and quit), then opens the main window on that store, the most recent one, or the welcome page.
class EvidenceApp : public wxApp
{
public:
    bool OnInit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;
    int OnRun() override;
    int OnExit() override;

private:
    wxString m_file;
    wxString m_screenshotDir;
    MainFrame* m_frame = nullptr;
    bool m_failed = false;
};

} // namespace evidence::gui
