#pragma once
// Shared by the GUI tests: waiting for events with a timeout, and a main window on a sample store.

#include "gui/main_frame.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <wx/dialog.h>
#include <wx/modalhook.h>

namespace evidence::test {

/// Processes events (wxYield and short sleeps) until @p done returns true or @p timeoutMs passes.
/// @return done() at the end.
bool waitFor(const std::function<bool()>& done, int timeoutMs = 5000);

/// Processes events for @p ms milliseconds.
void pump(int ms);

/// A main window of 1024x768 on a fresh copy of the sample store.
struct SampleWindow
{
    SampleWindow();
    ~SampleWindow();
    SampleWindow(const SampleWindow&) = delete;
    SampleWindow& operator=(const SampleWindow&) = delete;

    /// Shows @p id and waits until it is the visible page.
    void show(gui::ViewId id);
    /// Acknowledges, as an officer would, every open anonymisation finding of the store (the towns its
    /// source notes name, taken from a published press release), so that it can be exported.
    void acknowledgeOpenFindings() const;

    TempDir dir;
    std::filesystem::path path;
    gui::MainFrame* frame = nullptr;
};

/// The total figure the store at @p path holds for its first measure, @p area and @p period, read through
/// a connection of its own as another program would; nullopt when it holds none.
std::optional<Observation> storedFigure(const std::filesystem::path& path, const std::string& area,
                                        const std::string& period);

/// While it lives, runs @p act on the dialog named @p name once it is shown modally, then cancels the
/// dialog if @p act left it open (a form that refused its input must not hang the test); every other
/// modal dialog is cancelled. `seen` counts the dialogs of that name shown.
class DialogDriver : public wxModalDialogHook
{
public:
    DialogDriver(wxString name, std::function<void(wxDialog*)> act) : m_name(std::move(name)), m_act(std::move(act))
    {
        Register();
    }
    ~DialogDriver() override { Unregister(); }
    DialogDriver(const DialogDriver&) = delete;
    DialogDriver& operator=(const DialogDriver&) = delete;
    int seen = 0;

protected:
    int Enter(wxDialog* dialog) override
    {
        if (dialog->GetName() != m_name)
            return wxID_CANCEL;
        ++seen;
        dialog->CallAfter([dialog, this] {
            m_act(dialog);
            if (dialog->IsModal())
                dialog->EndModal(wxID_CANCEL);
        });
        return wxID_NONE;
    }
    void Exit(wxDialog*) override {}

private:
    wxString m_name;
    std::function<void(wxDialog*)> m_act;
};

} // namespace evidence::test
