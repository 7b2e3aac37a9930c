#pragma once
/// @file app.h
/// @brief The wxApp of evidence-desk: command line, configuration, resources and the main window.

#include <wx/app.h>

namespace evidence::gui {

class MainFrame;

/// Configuration and locale set-up shared by the application, its tests and the benchmark: application
/// name (for wxConfig and wxStandardPaths, XDG layout) and LC_NUMERIC kept at "C".
void initApplication(wxApp& app);

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
