// The GUI test module: one wxApp for all tests, wx asserts turned into test failures.
#define BOOST_TEST_MODULE gui
#include "gui/app.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <cstddef>
#include <cstdlib>
#include <dlfcn.h>
#include <memory>
#include <stdexcept>
#include <string>
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

/// GTK's criticals mean a control was laid out in less room than it needs (cut off, or a scroll bar with no
/// room): each one fails the test that caused it, and is printed as GLib prints it. GLib is loaded with
/// wxWidgets; its logging functions are looked up at run time, so that its headers are not needed to build
/// the tests.
struct GLogField
{
    const char* key;
    const void* value;
    long length; ///< -1: a string ending in NUL
};
using GLogWriter = int (*)(int level, const GLogField* fields, std::size_t count, void* data);
constexpr int kGLogCritical = 1 << 3; // G_LOG_LEVEL_CRITICAL

int failOnCritical(int level, const GLogField* fields, std::size_t count, void* data)
{
    static const auto printDefault = reinterpret_cast<GLogWriter>(::dlsym(RTLD_DEFAULT, "g_log_writer_default"));
    if ((level & kGLogCritical) && boost::unit_test::framework::test_in_progress()) {
        std::string domain, message;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string key = fields[i].key;
            if (key != "GLIB_DOMAIN" && key != "MESSAGE")
                continue;
            const auto* text = static_cast<const char*>(fields[i].value);
            (key == "MESSAGE" ? message : domain) = fields[i].length < 0
                                                        ? std::string(text)
                                                        : std::string(text, static_cast<std::size_t>(fields[i].length));
        }
        BOOST_ERROR(domain << "-CRITICAL on standard error: " << message);
    }
    return printDefault ? printDefault(level, fields, count, data) : 1; // 1: G_LOG_WRITER_HANDLED
}

void watchGtkCriticals()
{
    using SetWriter = void (*)(GLogWriter, void*, void (*)(void*));
    const auto setWriter = reinterpret_cast<SetWriter>(::dlsym(RTLD_DEFAULT, "g_log_set_writer_func"));
    if (!setWriter)
        throw std::runtime_error("GLib's g_log_set_writer_func was not found");
    setWriter(failOnCritical, nullptr, nullptr);
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
        watchGtkCriticals();
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
