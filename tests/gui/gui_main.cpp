// The GUI test module: one wxApp for all tests, wx asserts turned into test failures.
#define BOOST_TEST_MODULE gui
#include "gui/app.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <wx/app.h>
#include <wx/init.h>
#include <wx/log.h>

namespace {

class TestApp : public wxApp
{
public:
    bool OnInit() override { return true; }
};

/// A wx assert is a failed test (KiCad, wxWidgets' own tests).
void throwingAssertHandler(const wxString& file, int line, const wxString& func, const wxString& cond,
                           const wxString& msg)
{
    throw std::logic_error(std::string("wx assertion failed: ") + static_cast<const char*>(cond.utf8_str()) + " (" +
                           static_cast<const char*>(msg.utf8_str()) + ") in " +
                           static_cast<const char*>(func.utf8_str()) + " at " +
                           static_cast<const char*>(file.utf8_str()) + ":" + std::to_string(line));
}

struct WxApplication
{
    evidence::test::TempDir home; // settings and documents of the tests, never the user's
    WxApplication()
    {
        setenv("XDG_CONFIG_HOME", (home.path() / "config").c_str(), 1);
        setenv("HOME", home.path().c_str(), 1);
        wxApp::SetInstance(new TestApp);
        static int argc = 1;
        static char name[] = "gui_tests";
        static char* argv[] = {name, nullptr};
        if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit())
            throw std::runtime_error("wxWidgets could not start (is there an X display?)");
        delete wxLog::SetActiveTarget(new wxLogStderr);
        wxSetAssertHandler(throwingAssertHandler);
        evidence::gui::initApplication(*wxTheApp);
    }
    ~WxApplication()
    {
        wxSetAssertHandler(nullptr);
        wxTheApp->OnExit();
        wxEntryCleanup();
    }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(WxApplication);
