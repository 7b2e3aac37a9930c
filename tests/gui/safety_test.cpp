// Data safety of the desktop app: locks kept, one editor per store, figures typed at any speed, edits kept on
// quit, pseudonyms that replace names. Driven by real input (wxUIActionSimulator, X11) under Xvfb.
#include "anon/scanner.h"
#include "app/lookup.h"
#include "app/sample.h"
#include "core/errors.h"
#include "db/edit_lock.h"
#include "db/store.h"
#include "gui/case_studies_view.h"
#include "gui/export_view.h"
#include "gui/statistics_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wx/clipbrd.h>
#include <wx/dataview.h>
#include <wx/modalhook.h>
#include <wx/msgdlg.h>
#include <wx/stattext.h>
#include <wx/stc/stc.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>
#include <wx/weakref.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::pump;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

namespace {

/// Answers every modal dialog shown while it lives with @p answer, and keeps its text.
class DialogCatcher : public wxModalDialogHook
{
public:
    explicit DialogCatcher(int answer = wxID_CANCEL) : m_answer(answer) { Register(); }
    ~DialogCatcher() override { Unregister(); }
    std::vector<wxString> shown;

protected:
    int Enter(wxDialog* dialog) override
    {
        if (auto* m = dynamic_cast<wxMessageDialog*>(dialog))
            shown.push_back(m->GetMessage() + "\n" + m->GetExtendedMessage());
        else
            shown.push_back(dialog->GetTitle());
        return m_answer;
    }
    void Exit(wxDialog*) override {}

private:
    int m_answer;
};

/// The POSIX locks this process holds on @p path, as /proc/locks lists them.
int locksHeldOn(const std::filesystem::path& path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return 0;
    std::ifstream in("/proc/locks");
    std::string line;
    int count = 0;
    const std::string inode = ":" + std::to_string(st.st_ino) + " ";
    const std::string pid = " " + std::to_string(::getpid()) + " ";
    while (std::getline(in, line))
        if (line.find("POSIX") != std::string::npos && line.find(pid) != std::string::npos &&
            line.find(inode) != std::string::npos)
            ++count;
    return count;
}

/// Runs @p command in a shell of its own (another program) and returns its exit status.
int runOther(const std::string& command)
{
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The grid cell of @p area and @p period in the Statistics view (the sample's first measure).
std::pair<int, int> cellOf(StatisticsView* stats, const std::filesystem::path& path, const std::string& area,
                           const std::string& period)
{
    app::ObservationGridModel* model = stats->model();
    const auto row = model->rowOf(app::findArea(db::Store::open(path, db::OpenMode::ReadOnly), area).id);
    BOOST_REQUIRE(row);
    std::size_t col = 0;
    while (col < model->columnCount() && model->period(col).toString() != period)
        ++col;
    BOOST_REQUIRE(col < model->columnCount());
    return {static_cast<int>(*row), static_cast<int>(col)};
}

/// The total the store holds for the sample's measure, @p area and @p period.
std::optional<double> storedValue(const std::filesystem::path& path, const std::string& area, const std::string& period)
{
    const auto figure = evidence::test::storedFigure(path, area, period);
    return figure ? figure->value : std::nullopt;
}

/// Types @p text into the grid at @p cell, one key every @p pauseMs, then Enter.
void typeIntoCell(wxGrid* grid, std::pair<int, int> cell, const std::string& text, int pauseMs)
{
    grid->SetFocus();
    grid->SetGridCursor(cell.first, cell.second);
    pump(100);
    wxUIActionSimulator sim;
    for (char c : text) {
        sim.Text(std::string(1, c).c_str());
        if (pauseMs)
            pump(pauseMs);
    }
    sim.Char(WXK_RETURN);
    pump(150);
}

/// Keys sent through the X server in one burst, as a typist faster than a busy application sends them.
///
/// wxUIActionSimulator sends each key the same way (XTest) but then runs the event loop before the next, so
/// the application has handled every key before the next one arrives. Here every key is queued in the X
/// server first and the application then finds them all waiting, as it does when it was busy (a save, a
/// trend being computed, a loaded machine) while the officer went on typing. libX11 and libXtst are loaded
/// with wxWidgets; they are looked up at run time, so that their headers are not needed to build the tests.
class KeyBurst
{
public:
    KeyBurst()
    {
        // Its constructor gives the X input focus to the active top-level window, where the keys go.
        wxUIActionSimulator focus;
        m_open = reinterpret_cast<OpenDisplay>(::dlsym(RTLD_DEFAULT, "XOpenDisplay"));
        m_close = reinterpret_cast<CloseDisplay>(::dlsym(RTLD_DEFAULT, "XCloseDisplay"));
        m_keycode = reinterpret_cast<KeysymToKeycode>(::dlsym(RTLD_DEFAULT, "XKeysymToKeycode"));
        m_sync = reinterpret_cast<Sync>(::dlsym(RTLD_DEFAULT, "XSync"));
        m_fake = reinterpret_cast<FakeKey>(::dlsym(RTLD_DEFAULT, "XTestFakeKeyEvent"));
        BOOST_REQUIRE_MESSAGE(m_open && m_close && m_keycode && m_sync && m_fake, "libX11 and libXtst are not loaded");
        m_display = m_open(nullptr);
        BOOST_REQUIRE_MESSAGE(m_display, "no X display");
    }
    ~KeyBurst() { m_close(m_display); }
    KeyBurst(const KeyBurst&) = delete;
    KeyBurst& operator=(const KeyBurst&) = delete;

    /// Queues the keys of @p text: digits, ',', '.', '\t' (Tab) and '\n' (Enter).
    void type(const std::string& text)
    {
        for (char c : text) {
            const unsigned long keysym = c == '\t' ? 0xff09 : c == '\n' ? 0xff0d : static_cast<unsigned char>(c);
            const unsigned char code = m_keycode(m_display, keysym);
            BOOST_REQUIRE(code != 0);
            m_fake(m_display, code, 1, 0);
            m_fake(m_display, code, 0, 0);
        }
    }
    /// Hands every queued key to the X server, which passes them on to the application.
    void send() { m_sync(m_display, 0); }

private:
    using OpenDisplay = void* (*)(const char*);
    using CloseDisplay = int (*)(void*);
    using KeysymToKeycode = unsigned char (*)(void*, unsigned long);
    using Sync = int (*)(void*, int);
    using FakeKey = int (*)(void*, unsigned, int, unsigned long);
    OpenDisplay m_open = nullptr;
    CloseDisplay m_close = nullptr;
    KeysymToKeycode m_keycode = nullptr;
    Sync m_sync = nullptr;
    FakeKey m_fake = nullptr;
    void* m_display = nullptr;
};

StatisticsView* statistics(SampleWindow& w)
{
    w.show(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(w.frame->view(ViewId::Statistics));
    BOOST_REQUIRE(stats->model());
    return stats;
}

} // namespace

BOOST_AUTO_TEST_SUITE(data_safety)

BOOST_AUTO_TEST_CASE(opening_the_export_view_keeps_the_store_locked)
{
    SampleWindow w;
    const int before = locksHeldOn(w.path);
    BOOST_TEST(before > 0);
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_TEST(waitFor([&] { return !view->checking(); }, 20000));
    BOOST_TEST(locksHeldOn(w.path) == before);

    // Another program opens and closes the store: the write-ahead log the app writes into stays.
    std::filesystem::path wal = w.path;
    wal += "-wal";
    BOOST_TEST(std::filesystem::exists(wal));
    BOOST_TEST(runOther("sqlite3 '" + w.path.string() + "' 'SELECT count(*) FROM observations;' >/dev/null") == 0);
    BOOST_TEST(std::filesystem::exists(wal));
    // An edit made now is in the file another program reads.
    Submission s = w.frame->store().submissions().front();
    s.caveats = "Written after another program looked";
    w.frame->store().update(s);
    std::filesystem::path copy = w.dir.file("copy.evidence");
    BOOST_TEST(runOther("sqlite3 '" + w.path.string() + "' \"SELECT caveats FROM submissions\" > '" + copy.string() +
                        "'") == 0);
    std::ifstream in(copy);
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST(text.str().find("Written after another program looked") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_second_window_on_the_same_store_is_refused_naming_the_holder)
{
    SampleWindow w;
    auto* second = new MainFrame();
    {
        DialogCatcher dialogs(wxID_OK);
        BOOST_TEST(!second->openStore(toWx(w.path.string())));
        BOOST_REQUIRE(dialogs.shown.size() == 1u);
        const wxString message = dialogs.shown.front();
        BOOST_TEST_MESSAGE("refusal: " << message.utf8_str());
        BOOST_TEST(message.Contains("already open for editing"));
        BOOST_TEST(message.Contains(wxGetUserId()));
        BOOST_TEST(message.Contains(wxString::Format("process %d", static_cast<int>(::getpid()))));
    }
    BOOST_TEST(!second->hasStore());
    // Another program is refused too, and once the first window closes the store, it opens.
    BOOST_CHECK_THROW(db::EditLock::acquire(w.path, "someone"), BusyError);
    w.frame->closeStore(false);
    BOOST_TEST(second->openStore(toWx(w.path.string())));
    second->closeStore(false);
    second->Destroy();
    pump(50);
    BOOST_TEST(w.frame->openStore(toWx(w.path.string())));
}

BOOST_AUTO_TEST_CASE(saving_a_field_keeps_what_another_program_saved_in_other_fields)
{
    SampleWindow w;
    w.show(ViewId::Submission);
    View* view = w.frame->view(ViewId::Submission);
    {
        // Another program (a second connection) changes the organisation after the form was read.
        db::Store other = db::Store::open(w.path);
        Submission s = other.submissions().front();
        s.organisation = "Changed elsewhere";
        other.update(s);
    }
    auto* caveats = static_cast<wxTextCtrl*>(view->FindWindow(XRCID("caveats_text")));
    caveats->SetFocus();
    caveats->SetInsertionPointEnd();
    pump(50);
    wxUIActionSimulator sim;
    sim.Text(" More caveats");
    BOOST_TEST(waitFor([&] { return caveats->GetValue().EndsWith(" More caveats"); }));
    view->flush();
    const Submission saved = db::Store::open(w.path, db::OpenMode::ReadOnly).submissions().front();
    BOOST_TEST(saved.caveats.find("More caveats") != std::string::npos);
    BOOST_TEST(saved.organisation == "Changed elsewhere");
}

BOOST_AUTO_TEST_CASE(figures_typed_at_any_speed_are_saved_whole)
{
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    struct Case
    {
        const char* area;
        const char* period;
        const char* typed;
        double value;
        int pauseMs;
    };
    const Case cases[] = {
        {"Dorset", "2017/18", "1,493", 1493, 0}, {"Sussex", "2015/16", "41", 41, 0},
        {"Dorset", "2015/16", "7207", 7207, 0},  {"Dorset", "2017/18", "2,718", 2718, 40},
        {"Sussex", "2015/16", "63", 63, 90},     {"Dorset", "2015/16", "9,045", 9045, 150},
    };
    for (const Case& c : cases) {
        const auto cell = cellOf(stats, w.path, c.area, c.period);
        typeIntoCell(grid, cell, c.typed, c.pauseMs);
        BOOST_TEST(
            waitFor([&] { return storedValue(w.path, c.area, c.period) == c.value; }),
            c.typed << " typed with " << c.pauseMs << " ms between keys; stored "
                    << storedValue(w.path, c.area, c.period).value_or(-1) << "; status "
                    << static_cast<wxStaticText*>(stats->FindWindow(XRCID("status_text")))->GetLabel().utf8_str());
        grid->DisableCellEditControl();
    }
}

BOOST_AUTO_TEST_CASE(twenty_figures_typed_faster_than_the_application_are_each_saved_whole)
{
    // Finding 3 of tests/gui/README.md came from a 20-entry scripted run ("7207" became 207, "1,493" 1, "41" 1). Every
    // key and Tab is in the X server before the application reads the first, as when it is busy (a save, a
    // loaded machine) while the officer types on; Tab moves on, and at the last column to the next row.
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    app::ObservationGridModel* model = stats->model();
    const std::vector<std::pair<std::string, double>> typed = {
        {"1,493", 1493},   {"41", 41},     {"7207", 7207}, {"2,718", 2718}, {"63", 63},
        {"9,045", 9045},   {"7207", 7207}, {"41", 41},     {"1,493", 1493}, {"880", 880},
        {"12,006", 12006}, {"5", 5},       {"7207", 7207}, {"41", 41},      {"1,493", 1493},
        {"3,310", 3310},   {"77", 77},     {"7207", 7207}, {"41", 41},      {"1,493", 1493}};
    const std::size_t columns = model->columnCount();
    BOOST_REQUIRE(model->rowCount() * columns >= typed.size());
    grid->SetFocus();
    grid->SetGridCursor(0, 0);
    pump(100);
    KeyBurst keys;
    for (const auto& entry : typed)
        keys.type(entry.first + "\t");
    keys.send();
    const auto allStored = [&] {
        for (std::size_t k = 0; k < typed.size(); ++k)
            if (storedValue(w.path, model->area(k / columns).name, model->period(k % columns).toString()) !=
                typed[k].second)
                return false;
        return true;
    };
    waitFor(allStored, 10000);
    for (std::size_t k = 0; k < typed.size(); ++k) {
        const std::string area = model->area(k / columns).name;
        const std::string period = model->period(k % columns).toString();
        BOOST_TEST(storedValue(w.path, area, period).value_or(-1) == typed[k].second,
                   "entry " << k + 1 << " (" << area << ", " << period << "): typed " << typed[k].first << ", stored "
                            << storedValue(w.path, area, period).value_or(-1));
    }
}

BOOST_AUTO_TEST_CASE(figures_typed_down_a_column_with_enter_are_saved_whole)
{
    // As an officer types a column: figure, Enter, next figure, at a steady pace, never waiting for the app.
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    app::ObservationGridModel* model = stats->model();
    const auto start = cellOf(stats, w.path, "Dorset", "2017/18");
    grid->SetFocus();
    grid->SetGridCursor(0, start.second);
    pump(100);
    const std::vector<std::pair<std::string, double>> typed = {{"1,493", 1493}, {"41", 41}, {"7207", 7207},
                                                               {"2,718", 2718}, {"63", 63}, {"9,045", 9045}};
    BOOST_REQUIRE(model->rowCount() >= typed.size());
    wxUIActionSimulator sim;
    for (int pauseMs : {110, 60}) {
        for (const auto& [text, value] : typed) {
            for (char c : text) {
                sim.Text(std::string(1, c).c_str());
                pump(pauseMs);
            }
            sim.Char(WXK_RETURN);
            pump(pauseMs);
        }
        pump(300);
        for (std::size_t r = 0; r < typed.size(); ++r) {
            const std::string area = model->area(r).name;
            BOOST_TEST(storedValue(w.path, area, "2017/18").value_or(-1) == typed[r].second,
                       area << ": typed " << typed[r].first << " with " << pauseMs << " ms between keys");
        }
        grid->SetGridCursor(0, start.second);
        pump(100);
    }
}

BOOST_AUTO_TEST_CASE(tab_at_the_last_column_goes_to_the_next_row_and_enter_moves_down)
{
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    const int last = grid->GetNumberCols() - 1;
    BOOST_REQUIRE(grid->GetNumberRows() >= 3);
    grid->SetFocus();
    grid->SetGridCursor(0, last);
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("512");
    sim.Char(WXK_TAB);
    BOOST_TEST(waitFor([&] { return grid->GetGridCursorRow() == 1 && grid->GetGridCursorCol() == 0; }),
               "cursor at " << grid->GetGridCursorRow() << "," << grid->GetGridCursorCol() << " of " << last);
    const std::string area0 = stats->model()->area(0).name;
    const std::string period = stats->model()->period(static_cast<std::size_t>(last)).toString();
    BOOST_TEST(storedValue(w.path, area0, period).value_or(-1) == 512.0);
    sim.Text("7");
    sim.Char(WXK_RETURN);
    BOOST_TEST(waitFor([&] { return grid->GetGridCursorRow() == 2 && grid->GetGridCursorCol() == 0; }));
    // Tab at the grid's last cell leaves the grid.
    grid->SetGridCursor(grid->GetNumberRows() - 1, last);
    pump(50);
    sim.Char(WXK_TAB);
    BOOST_TEST(waitFor([&] {
                   for (wxWindow* f = wxWindow::FindFocus(); f; f = f->GetParent())
                       if (f == grid)
                           return false;
                   return true;
               }),
               "focus on " << (wxWindow::FindFocus() ? wxString(wxWindow::FindFocus()->GetClassInfo()->GetClassName()) +
                                                           " " + wxWindow::FindFocus()->GetName()
                                                     : wxString("none"))
                                  .utf8_str()
                           << " cursor " << grid->GetGridCursorRow() << "," << grid->GetGridCursorCol());
}

BOOST_AUTO_TEST_CASE(keys_that_reach_the_grid_while_a_cell_is_edited_go_into_the_cell)
{
    // The keys a fast typist sends before the editor has the focus (or after it strayed) arrive at the grid.
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    const auto cell = cellOf(stats, w.path, "Sussex", "2015/16");
    grid->SetFocus();
    grid->SetGridCursor(cell.first, cell.second);
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("1");
    BOOST_REQUIRE(waitFor([&] { return grid->IsCellEditControlShown(); }));
    for (wxChar c : wxString(",493")) {
        wxKeyEvent key(wxEVT_CHAR);
        key.m_uniChar = c;
        key.m_keyCode = c;
        key.SetEventObject(grid->GetGridWindow());
        grid->GetGridWindow()->GetEventHandler()->ProcessEvent(key);
    }
    sim.Char(WXK_RETURN);
    BOOST_TEST(waitFor([&] { return storedValue(w.path, "Sussex", "2015/16").has_value(); }));
    BOOST_TEST(storedValue(w.path, "Sussex", "2015/16").value_or(-1) == 1493.0);
}

BOOST_AUTO_TEST_CASE(copy_puts_the_selected_block_on_the_clipboard_as_a_spreadsheet_does)
{
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    const auto dorset = cellOf(stats, w.path, "Dorset", "2015/16");
    grid->SetFocus();
    grid->SetGridCursor(dorset.first, 0);
    grid->SelectBlock(dorset.first, 0, dorset.first + 1, 2);
    pump(50);
    wxCommandEvent copy(wxEVT_MENU, wxID_COPY);
    w.frame->GetEventHandler()->ProcessEvent(copy);
    wxString copied;
    if (wxTheClipboard->Open()) {
        wxTextDataObject data;
        if (wxTheClipboard->GetData(data))
            copied = data.GetText();
        wxTheClipboard->Close();
    }
    const std::string expected = stats->model()->blockText(static_cast<std::size_t>(dorset.first), 0,
                                                           static_cast<std::size_t>(dorset.first) + 1, 2);
    BOOST_TEST(toUtf8(copied) == expected);
    BOOST_TEST(expected.substr(0, expected.find('\n')) == "28\t\t82"); // Dorset: 2015/16, 2017/18 (empty), 2018/19
}

BOOST_AUTO_TEST_CASE(pasting_a_block_from_a_spreadsheet_previews_it_and_lists_every_refused_cell)
{
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    const auto dorset = cellOf(stats, w.path, "Dorset", "2015/16");
    const std::string next = stats->model()->area(static_cast<std::size_t>(dorset.first) + 1).name;
    auto pasteText = [&](const char* text, int answer) {
        if (wxTheClipboard->Open()) {
            wxTheClipboard->SetData(new wxTextDataObject(text));
            wxTheClipboard->Close();
        }
        grid->SetFocus();
        grid->SetGridCursor(dorset.first, 0);
        pump(50);
        DialogCatcher dialogs(answer);
        wxCommandEvent paste(wxEVT_MENU, wxID_PASTE);
        w.frame->GetEventHandler()->ProcessEvent(paste);
        return dialogs.shown;
    };
    // Refused cells: every one listed, nothing written.
    auto shown = pasteText("5\tabc\t9\n1,2\t\t4\t8\n", wxID_OK);
    BOOST_REQUIRE(shown.size() == 1u);
    BOOST_TEST_MESSAGE("refused: " << shown.front().utf8_str());
    BOOST_TEST(shown.front().Contains("Nothing was pasted: 3 cells"));
    BOOST_TEST(shown.front().Contains("abc"));
    BOOST_TEST(shown.front().Contains("1,2"));
    BOOST_TEST(shown.front().Contains("outside the grid"));
    BOOST_TEST(storedValue(w.path, "Dorset", "2015/16").value_or(-1) == 28.0);
    // A valid block, with thousands separators and a marker: previewed, then written.
    shown = pasteText("12\t\t30\r\n7\t[x]\t1,200\r\n", wxID_YES);
    BOOST_REQUIRE(shown.size() == 1u);
    BOOST_TEST_MESSAGE("preview: " << shown.front().utf8_str());
    BOOST_TEST(shown.front().Contains("Paste 6 cells"));
    BOOST_TEST(storedValue(w.path, "Dorset", "2015/16").value_or(-1) == 12.0);
    BOOST_TEST(!storedValue(w.path, "Dorset", "2017/18"));
    BOOST_TEST(storedValue(w.path, "Dorset", "2018/19").value_or(-1) == 30.0);
    BOOST_TEST(storedValue(w.path, next, "2015/16").value_or(-1) == 7.0);
    BOOST_TEST(storedValue(w.path, next, "2018/19").value_or(-1) == 1200.0);
    BOOST_TEST(grid->GetCellValue(dorset.first + 1, 2) == "1,200");
}

BOOST_AUTO_TEST_CASE(closing_with_a_cell_being_edited_saves_it)
{
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    const auto cell = cellOf(stats, w.path, "Sussex", "2015/16");
    grid->SetFocus();
    grid->SetGridCursor(cell.first, cell.second);
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("999");
    BOOST_TEST(waitFor([&] { return grid->IsCellEditControlShown(); }));
    pump(100);
    {
        DialogCatcher dialogs;
        BOOST_TEST(w.frame->closeStore(true));
        BOOST_TEST(dialogs.shown.empty());
    }
    BOOST_TEST(storedValue(w.path, "Sussex", "2015/16").value_or(-1) == 999.0);
    BOOST_TEST(w.frame->openStore(toWx(w.path.string())));
}

BOOST_AUTO_TEST_CASE(ctrl_q_with_a_cell_being_edited_saves_it_and_quits)
{
    // The officer's keys: type 999 into a cell and press Ctrl+Q at once.
    test::TempDir dir;
    const auto path = dir.file("quit.evidence");
    app::createSampleStore(path);
    auto* frame = new MainFrame();
    frame->SetSize(0, 0, 1366, 768);
    frame->Show();
    BOOST_REQUIRE(frame->openStore(toWx(path.string())));
    waitFor([&] { return frame->IsShownOnScreen(); });
    frame->showView(ViewId::Statistics);
    auto* stats = static_cast<StatisticsView*>(frame->view(ViewId::Statistics));
    waitFor([&] { return stats->IsShownOnScreen(); });
    pump(100);
    const auto cell = cellOf(stats, path, "Sussex", "2015/16");
    wxGrid* grid = stats->grid();
    grid->SetFocus();
    grid->SetGridCursor(cell.first, cell.second);
    pump(100);
    wxWeakRef<wxFrame> alive(frame);
    DialogCatcher dialogs;
    wxUIActionSimulator sim;
    sim.Text("999");
    sim.Char('q', wxMOD_CONTROL);
    BOOST_TEST(waitFor([&] { return !alive; }));
    BOOST_TEST(dialogs.shown.empty());
    BOOST_TEST(storedValue(path, "Sussex", "2015/16").value_or(-1) == 999.0);
    if (alive)
        alive->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_CASE(closing_with_a_refused_cell_asks_before_losing_it)
{
    SampleWindow w;
    StatisticsView* stats = statistics(w);
    wxGrid* grid = stats->grid();
    const auto cell = cellOf(stats, w.path, "Sussex", "2015/16");
    const auto before = storedValue(w.path, "Sussex", "2015/16");
    grid->SetFocus();
    grid->SetGridCursor(cell.first, cell.second);
    pump(100);
    wxUIActionSimulator sim;
    sim.Text("12x");
    BOOST_TEST(waitFor([&] { return grid->IsCellEditControlShown(); }));
    {
        DialogCatcher dialogs(wxID_NO); // go back and correct it
        BOOST_TEST(!w.frame->closeStore(true));
        BOOST_REQUIRE(dialogs.shown.size() == 1u);
        BOOST_TEST(dialogs.shown.front().Contains("12x"));
    }
    BOOST_TEST((storedValue(w.path, "Sussex", "2015/16") == before));
}

BOOST_AUTO_TEST_CASE(an_empty_as_at_date_does_not_block_closing)
{
    SampleWindow w;
    w.show(ViewId::Submission);
    View* view = w.frame->view(ViewId::Submission);
    auto* asAt = static_cast<wxTextCtrl*>(view->FindWindow(XRCID("as_at_text")));
    asAt->SetFocus();
    asAt->SelectAll();
    pump(50);
    wxUIActionSimulator sim;
    sim.Char(WXK_DELETE);
    BOOST_TEST(waitFor([&] { return asAt->GetValue().empty(); }));
    {
        DialogCatcher dialogs;
        BOOST_TEST(w.frame->closeStore(true));
        BOOST_TEST(dialogs.shown.empty());
    }
    BOOST_TEST(db::Store::open(w.path, db::OpenMode::ReadOnly).submissions().front().asAt.empty());
    BOOST_TEST(w.frame->openStore(toWx(w.path.string())));
}

/// Types @p text at the end of case study @p reference's narrative and replaces the name it names with the
/// pseudonym the dialog offers first; returns the narrative then.
std::string replaceNameIn(SampleWindow& w, const std::string& reference, const std::string& text,
                          std::vector<wxString>& dialogs)
{
    auto* cases = static_cast<CaseStudiesView*>(w.frame->view(ViewId::CaseStudies));
    const auto c = w.frame->store().caseStudyByReference(reference);
    BOOST_REQUIRE(c);
    w.frame->goTo({ViewId::CaseStudies, c->id, "", 0, 0});
    wxStyledTextCtrl* narrative = cases->narrative();
    narrative->SetFocus();
    narrative->DocumentEnd();
    pump(50);
    wxUIActionSimulator sim;
    sim.Text(text.c_str());
    std::size_t row = 0;
    auto found = [&] {
        const auto& f = cases->findings();
        for (row = 0; row < f.size(); ++row)
            if (f[row].kind == anon::FindingKind::PersonName && f[row].matched == "Olivia")
                return true;
        return false;
    };
    BOOST_REQUIRE(waitFor(found));
    auto* list = static_cast<wxDataViewListCtrl*>(cases->FindWindow(XRCID("findings_list")));
    list->SelectRow(static_cast<unsigned>(row));
    auto* fix = cases->FindWindow(XRCID("fix_button"));
    {
        DialogCatcher catcher(wxID_OK);
        wxCommandEvent click(wxEVT_BUTTON, fix->GetId());
        click.SetEventObject(fix);
        fix->GetEventHandler()->ProcessEvent(click);
        dialogs.insert(dialogs.end(), catcher.shown.begin(), catcher.shown.end());
    }
    return toUtf8(narrative->GetText());
}

BOOST_AUTO_TEST_CASE(replace_with_pseudonym_substitutes_another_name_and_keeps_it_for_the_child)
{
    SampleWindow w;
    w.show(ViewId::CaseStudies);
    std::vector<wxString> dialogs;
    const std::string first = replaceNameIn(w, "CS-001", " Her friend Olivia told a teacher.", dialogs);
    BOOST_TEST(dialogs.size() == 1u); // the choice of pseudonyms
    BOOST_TEST(first.find("Olivia") == std::string::npos, first);
    const auto friendAt = first.find("Her friend ");
    BOOST_REQUIRE(friendAt != std::string::npos);
    const auto star = first.find('*', friendAt);
    BOOST_REQUIRE(star != std::string::npos);
    const std::string pseudonym = first.substr(friendAt + 11, star - friendAt - 11);
    BOOST_TEST_MESSAGE("pseudonym: " << pseudonym);
    BOOST_TEST(!pseudonym.empty());
    BOOST_TEST(pseudonym != "Olivia");
    // The same child named in another case study is offered the same pseudonym first.
    const std::string second = replaceNameIn(w, "CS-002", " Olivia said so too.", dialogs);
    BOOST_TEST(second.find("Olivia") == std::string::npos, second);
    BOOST_TEST(second.find(" " + pseudonym + "* said so too.") != std::string::npos, second);
    // Saved: the store holds the pseudonym, never the real name.
    w.frame->view(ViewId::CaseStudies)->flush();
    const db::Store store = db::Store::open(w.path, db::OpenMode::ReadOnly);
    BOOST_TEST(store.caseStudyByReference("CS-002")->narrative.find("Olivia") == std::string::npos);
}

/// Closes @p w's store and damages a page of an index that opening the store and saving the submission never
/// read or write, in the file itself; returns the file's bytes then.
std::string damageStore(SampleWindow& w)
{
    w.frame->closeStore(false);
    int page = 0, pageSize = 0;
    {
        // Every page in the file itself, none left in a write-ahead log, so that the damage is what SQLite reads.
        SQLite::Database raw(w.path.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        raw.exec("PRAGMA journal_mode = DELETE");
        page = raw.execAndGet("SELECT rootpage FROM sqlite_master WHERE name = 'answer_evidence_case'").getInt();
        pageSize = raw.execAndGet("PRAGMA page_size").getInt();
    }
    BOOST_REQUIRE(page > 1);
    std::string bytes = test::readFile(w.path);
    bytes.replace(static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(pageSize), 64, 64, '\xff');
    test::writeFile(w.path, bytes);
    return bytes;
}

/// Opens @p w's damaged store and waits for the window's message saying so.
void openDamaged(SampleWindow& w)
{
    DialogCatcher dialogs(wxID_OK);
    BOOST_REQUIRE(w.frame->openStore(toWx(w.path.string())));
    BOOST_TEST(waitFor([&] { return !dialogs.shown.empty(); }, 10000),
               "integrity " << static_cast<int>(w.frame->store().integrity()));
    BOOST_REQUIRE(dialogs.shown.size() == 1u);
    BOOST_TEST_MESSAGE("flagged: " << dialogs.shown.front().utf8_str());
    BOOST_TEST(dialogs.shown.front().Contains("damaged"));
}

/// Types @p text at the end of the Submission view's caveats and returns that field.
wxTextCtrl* typeIntoCaveats(SampleWindow& w, const char* text)
{
    w.show(ViewId::Submission);
    auto* caveats = static_cast<wxTextCtrl*>(w.frame->view(ViewId::Submission)->FindWindow(XRCID("caveats_text")));
    caveats->SetFocus();
    caveats->SetInsertionPointEnd();
    pump(50);
    wxUIActionSimulator sim;
    sim.Text(text);
    BOOST_TEST(waitFor([&] { return caveats->GetValue().EndsWith(text); }));
    return caveats;
}

BOOST_AUTO_TEST_CASE(a_damaged_store_opens_at_once_but_is_flagged_and_saves_nothing)
{
    // The check that reads every page runs after the window is usable: a store whose header and schema
    // read well opens, then the check finds a damaged page; what is typed then is refused, kept on screen
    // as not saved, and the file is as it was.
    SampleWindow w;
    const std::string bytes = damageStore(w);
    openDamaged(w);
    BOOST_TEST(w.frame->GetTitle().Contains("damaged"));

    wxTextCtrl* caveats = typeIntoCaveats(w, " Typed after the damage");
    View* view = w.frame->view(ViewId::Submission);
    view->flush();
    const wxString status = static_cast<wxStaticText*>(view->FindWindow(XRCID("status_text")))->GetLabel();
    BOOST_TEST_MESSAGE("status: " << status.utf8_str());
    BOOST_TEST(status.StartsWith("Not saved"));
    BOOST_TEST(status.Contains("damaged"));
    BOOST_TEST(caveats->GetValue().EndsWith(" Typed after the damage"));
    w.frame->closeStore(false);
    // Nothing was written: the pages are as they were (the first 100 bytes are SQLite's file header,
    // which marks write-ahead logging while the store is open and is put back on closing).
    const std::string after = test::readFile(w.path);
    BOOST_TEST(after.size() == bytes.size());
    BOOST_TEST((after.substr(100) == bytes.substr(100)));
    BOOST_TEST(after.find("Typed after the damage") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(closing_a_damaged_store_asks_before_what_was_typed_is_lost)
{
    SampleWindow w;
    damageStore(w);
    openDamaged(w);
    wxTextCtrl* caveats = typeIntoCaveats(w, " Only on screen");
    {
        DialogCatcher dialogs(wxID_NO); // go back and copy it out
        BOOST_TEST(!w.frame->closeStore(true));
        BOOST_REQUIRE(dialogs.shown.size() == 1u);
        BOOST_TEST_MESSAGE("asked: " << dialogs.shown.front().utf8_str());
        BOOST_TEST(dialogs.shown.front().Contains("damaged"));
        BOOST_TEST(dialogs.shown.front().Contains("lost"));
    }
    BOOST_TEST(w.frame->hasStore());
    BOOST_TEST(caveats->GetValue().EndsWith(" Only on screen"));
    {
        DialogCatcher dialogs(wxID_YES);
        BOOST_TEST(w.frame->closeStore(true));
        BOOST_TEST(dialogs.shown.size() == 1u);
    }
    BOOST_TEST(!w.frame->hasStore());
}

BOOST_AUTO_TEST_CASE(the_export_view_takes_the_windows_check_of_the_store_and_refuses_a_damaged_one)
{
    // One check of every page per open store: the window's, in the background. The Export view lists what it
    // found and the export waits for it; its own connection reads no page twice.
    SampleWindow w;
    damageStore(w);
    openDamaged(w);
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_TEST(waitFor([&] { return !view->checking(); }, 20000));
    pump(200);
    std::string damage;
    BOOST_REQUIRE(w.frame->store().integrity(&damage) == db::Integrity::Damaged);
    BOOST_REQUIRE(!view->problems().empty());
    const auto& first = view->problems().front();
    BOOST_TEST_MESSAGE("listed: " << first.text.utf8_str());
    BOOST_TEST(first.blocking);
    BOOST_TEST(first.text.Contains("is damaged"));
    BOOST_TEST(first.text.Contains(toWx(damage.substr(0, 40))));
    BOOST_TEST(!view->FindWindow(XRCID("export_button"))->IsEnabled());
    // Asked to export all the same (a menu or a test), it refuses and writes nothing.
    const auto target = w.dir.file("from-damaged.xlsx");
    view->setPath(toWx(target.string()));
    BOOST_TEST(!view->exportNow());
    BOOST_TEST(!std::filesystem::exists(target));
    const wxString result = static_cast<wxStaticText*>(view->FindWindow(XRCID("result_text")))->GetLabelText();
    BOOST_TEST(result.Contains("refused"), result.utf8_str());
}

BOOST_AUTO_TEST_SUITE_END()
