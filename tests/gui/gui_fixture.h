#pragma once
// Shared by the GUI tests: waiting for events with a timeout, and a main window on a sample store.

#include "gui/main_frame.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <functional>

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

    TempDir dir;
    std::filesystem::path path;
    gui::MainFrame* frame = nullptr;
};

} // namespace evidence::test
