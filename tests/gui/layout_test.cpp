// The layout on a laptop screen of 1366x768 (this executable's own X screen): the main window at its default
// size fits the screen, and every view shows its controls, rows and text uncut.
#include "app/sample.h"
#include "db/store.h"
#include "gui/main_frame.h"
#include "gui/view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/dataview.h>
#include <wx/display.h>
#include <wx/grid.h>
#include <wx/html/htmlwin.h>
#include <wx/modalhook.h>
#include <wx/scrolwin.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/xrc/xmlres.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::pump;
using evidence::test::waitFor;

namespace {

/// The main window at the size it chooses for itself, on a fresh sample store.
struct DefaultWindow
{
    explicit DefaultWindow(const std::function<void(db::Store&)>& change = {}) : path(dir.file("sample.evidence"))
    {
        app::createSampleStore(path);
        if (change) {
            db::Store store = db::Store::open(path);
            change(store);
        }
        frame = new MainFrame();
        frame->Show();
        if (!frame->openStore(toWx(path.string())))
            throw std::runtime_error("the sample store did not open");
        waitFor([this] { return frame->IsShownOnScreen(); });
        pump(200);
    }
    ~DefaultWindow()
    {
        frame->closeStore(false);
        frame->Destroy();
        pump(50);
    }
    DefaultWindow(const DefaultWindow&) = delete;
    DefaultWindow& operator=(const DefaultWindow&) = delete;

    void show(ViewId id)
    {
        frame->showView(id);
        waitFor([this, id] { return frame->view(id)->IsShownOnScreen(); });
        pump(150);
    }
    template <class T>
    T* find(ViewId id, const char* name) const
    {
        auto* w = dynamic_cast<T*>(frame->view(id)->FindWindow(XRCID(name)));
        BOOST_REQUIRE_MESSAGE(w, name << " is missing");
        return w;
    }

    test::TempDir dir;
    std::filesystem::path path;
    MainFrame* frame = nullptr;
};

std::string utf8(const wxString& s)
{
    return std::string(s.utf8_str());
}

/// Buttons, check boxes and labels narrower or lower than their text need, anywhere under @p parent.
void expectUncut(wxWindow* parent, const std::string& view)
{
    for (wxWindow* w : parent->GetChildren()) {
        if (!w->IsShown())
            continue;
        if (dynamic_cast<wxButton*>(w) || dynamic_cast<wxCheckBox*>(w)) {
            const wxSize best = w->GetBestSize(), actual = w->GetSize();
            BOOST_TEST((actual.x >= best.x && actual.y >= best.y),
                       view << ": \"" << utf8(w->GetLabel()) << "\" is " << actual.x << "x" << actual.y
                            << ", its text needs " << best.x << "x" << best.y);
        }
        if (auto* list = dynamic_cast<wxDataViewCtrl*>(w)) {
            for (unsigned i = 0; i < list->GetColumnCount(); ++i) {
                wxDataViewColumn* c = list->GetColumn(i);
                // The header draws its title with a margin on each side (GTK: about 8 pixels each).
                const int needs = list->GetTextExtent(c->GetTitle()).x + list->FromDIP(16);
                BOOST_TEST(c->GetWidth() >= needs, view << ": the column \"" << utf8(c->GetTitle()) << "\" is "
                                                        << c->GetWidth() << " pixels wide, its title needs " << needs);
            }
        }
        expectUncut(w, view);
    }
}

/// True if the multi-line text control shows all of its text without scrolling.
bool showsAllText(wxTextCtrl* text)
{
    return text->GetScrollRange(wxVERTICAL) <= text->GetScrollThumb(wxVERTICAL);
}

/// Runs @p work with standard error going to a file, and returns what was written to it.
std::string captureStderr(const std::function<void()>& work)
{
    test::TempDir dir;
    const std::string file = (dir.path() / "stderr.txt").string();
    std::fflush(stderr);
    const int saved = dup(2);
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    try {
        work();
    } catch (...) {
        std::fflush(stderr);
        dup2(saved, 2);
        close(saved);
        throw;
    }
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::ifstream in(file);
    std::stringstream all;
    all << in.rdbuf();
    return all.str();
}

std::size_t countOf(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(layout)

BOOST_AUTO_TEST_CASE(the_default_window_fits_a_laptop_screen_with_room_for_title_bar_and_panel)
{
    DefaultWindow w;
    const wxRect area = wxDisplay(static_cast<unsigned>(wxDisplay::GetFromWindow(w.frame))).GetClientArea();
    BOOST_TEST_MESSAGE("work area " << area.width << "x" << area.height << ", window " << w.frame->GetSize().x << "x"
                                    << w.frame->GetSize().y);
    BOOST_REQUIRE(area.height == 768);
    // A window manager adds a title bar (about 30-40 pixels) and a desktop a panel (about 30-48 pixels) that
    // this bare X screen does not have: the window leaves room for both.
    BOOST_TEST(w.frame->GetSize().y <= area.height - 72);
    BOOST_TEST(w.frame->GetSize().x <= area.width);
    BOOST_TEST(area.Contains(w.frame->GetStatusBar()->GetScreenRect()));
    BOOST_TEST_MESSAGE("best size " << w.frame->GetBestSize().x << "x" << w.frame->GetBestSize().y << ", minimum "
                                    << w.frame->GetMinSize().x << "x" << w.frame->GetMinSize().y);
}

BOOST_AUTO_TEST_CASE(the_statistics_view_shows_every_row_figure_and_line)
{
    DefaultWindow w;
    w.show(ViewId::Statistics);
    auto* grid = w.find<wxGrid>(ViewId::Statistics, "grid");
    grid->SetGridCursor(0, 0);
    pump(700); // the trend follows the cursor after a short delay
    const int rows = grid->GetNumberRows();
    const int visibleRows = grid->GetGridWindow()->GetClientSize().y / grid->GetDefaultRowSize();
    BOOST_TEST_MESSAGE("grid: " << rows << " rows, room for " << visibleRows);
    BOOST_TEST(rows >= 8);
    BOOST_TEST(visibleRows >= rows);

    auto* figures = w.find<wxDataViewListCtrl>(ViewId::Statistics, "figures_list");
    // From, To, First, Last, Change, % change, ...: at least the first eight without scrolling.
    const int items = figures->GetItemCount();
    BOOST_REQUIRE(items >= 8);
    const wxRect eighth = figures->GetItemRect(figures->RowToItem(7));
    BOOST_TEST_MESSAGE("figures: " << items << " rows, the eighth ends at " << eighth.GetBottom() << " of "
                                   << figures->GetClientSize().y);
    BOOST_TEST(!eighth.IsEmpty());
    BOOST_TEST(eighth.GetBottom() <= figures->GetClientSize().y);

    for (const char* name : {"total_text", "headline_text"}) {
        auto* text = w.find<wxTextCtrl>(ViewId::Statistics, name);
        BOOST_TEST(!text->GetValue().empty());
        BOOST_TEST(showsAllText(text), name << " needs scrolling (range " << text->GetScrollRange(wxVERTICAL)
                                            << ", thumb " << text->GetScrollThumb(wxVERTICAL)
                                            << "): " << utf8(text->GetValue()));
    }
}

BOOST_AUTO_TEST_CASE(every_view_shows_its_buttons_labels_and_column_titles_uncut)
{
    DefaultWindow w;
    for (ViewId id : w.frame->viewIds()) {
        w.show(id);
        expectUncut(w.frame->view(id), utf8(w.frame->view(id)->GetName()));
    }
}

namespace {

/// Answers every wxTextEntryDialog with the next of its values, as if typed and confirmed.
class TypedAnswers : public wxModalDialogHook
{
public:
    explicit TypedAnswers(std::vector<wxString> answers) : m_answers(std::move(answers)) { Register(); }
    ~TypedAnswers() override { Unregister(); }
    TypedAnswers(const TypedAnswers&) = delete;
    TypedAnswers& operator=(const TypedAnswers&) = delete;

protected:
    int Enter(wxDialog* dialog) override
    {
        auto* entry = dynamic_cast<wxTextEntryDialog*>(dialog);
        if (!entry || m_next == m_answers.size())
            return wxID_CANCEL;
        entry->SetValue(m_answers[m_next++]);
        return wxID_OK;
    }
    void Exit(wxDialog*) override {}

private:
    std::vector<wxString> m_answers;
    std::size_t m_next = 0;
};

/// Scrolls the case-study form to its end and checks that its last fields are then in view.
void expectLastFieldsReachable(DefaultWindow& w, const std::string& when)
{
    auto* harm = w.find<wxCheckListBox>(ViewId::CaseStudies, "harm_list");
    wxScrolledWindow* editor = nullptr;
    for (wxWindow* p = harm->GetParent(); !editor && p; p = p->GetParent())
        editor = dynamic_cast<wxScrolledWindow*>(p);
    BOOST_REQUIRE(editor);
    editor->Scroll(0, 1000000);
    pump(150);
    for (const char* name : {"consent_choice", "consent_by_text", "consent_date_text", "questions_list"}) {
        wxWindow* field = editor->FindWindow(XRCID(name));
        BOOST_REQUIRE_MESSAGE(field, name << " is missing");
        const wxRect inEditor(editor->ScreenToClient(field->GetScreenPosition()), field->GetSize());
        BOOST_TEST(wxRect(editor->GetClientSize()).Contains(inEditor),
                   when << ": " << name << " at " << inEditor.y << ".." << inEditor.GetBottom()
                        << " is out of the form's " << editor->GetClientSize().y << " pixels, scrolled to the end");
    }
    editor->Scroll(0, 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_case_study_form_scrolls_to_its_last_field_when_its_lists_grow)
{
    // Many harm and platform types make the lists, and the form, taller than the window.
    DefaultWindow w([](db::Store& store) {
        auto c = store.caseStudies().front();
        for (int i = 1; i <= 14; ++i) {
            c.harmTypes.push_back("harm type " + std::to_string(i));
            c.platformTypes.push_back("platform type " + std::to_string(i));
        }
        store.update(c);
    });
    w.show(ViewId::CaseStudies);
    BOOST_REQUIRE(w.find<wxCheckListBox>(ViewId::CaseStudies, "harm_list")->GetCount() >= 14);
    expectLastFieldsReachable(w, "opened");

    // Types added with Add Harm Type and Add Platform Type.
    std::vector<wxString> typed;
    for (int i = 1; i <= 8; ++i)
        typed.push_back(wxString::Format("added type %d", i));
    TypedAnswers answers(typed);
    for (const char* button : {"add_harm_button", "add_platform_button"})
        for (int i = 0; i < 4; ++i) {
            wxWindow* b = w.find<wxButton>(ViewId::CaseStudies, button);
            wxCommandEvent click(wxEVT_BUTTON, b->GetId());
            click.SetEventObject(b);
            b->ProcessWindowEvent(click);
            pump(30);
        }
    pump(150);
    BOOST_REQUIRE(w.find<wxCheckListBox>(ViewId::CaseStudies, "harm_list")->GetCount() >= 18);
    expectLastFieldsReachable(w, "after adding types");
}

namespace {

/// Looks at each dialog as it opens (its page, its size) and closes it at once.
class HelpInspector : public wxModalDialogHook
{
public:
    HelpInspector() { Register(); }
    ~HelpInspector() override { Unregister(); }
    HelpInspector(const HelpInspector&) = delete;
    HelpInspector& operator=(const HelpInspector&) = delete;

    wxString title, text;
    wxSize size;

protected:
    int Enter(wxDialog* dialog) override
    {
        title = dialog->GetTitle();
        size = dialog->GetSize();
        if (auto* page = dynamic_cast<wxHtmlWindow*>(dialog->FindWindow(XRCID("help_html"))))
            text = page->ToText();
        return wxID_CANCEL;
    }
    void Exit(wxDialog*) override {}
};

} // namespace

BOOST_AUTO_TEST_CASE(help_pages_are_rendered_at_a_readable_size)
{
    DefaultWindow w;
    for (const char* item : {"methodology_item", "how_to_item"}) {
        HelpInspector help;
        wxCommandEvent menu(wxEVT_MENU, XRCID(item));
        w.frame->ProcessWindowEvent(menu);
        BOOST_TEST_MESSAGE(item << ": \"" << utf8(help.title) << "\", " << help.size.x << "x" << help.size.y);
        BOOST_TEST(!help.text.empty(), item << " showed no page");
        // Rendered, not raw Markdown: no heading marks or emphasis stars left.
        BOOST_TEST(!help.text.Contains("## "));
        BOOST_TEST(!help.text.Contains("**"));
        BOOST_TEST(help.size.x >= w.frame->FromDIP(600));
        BOOST_TEST(help.size.y >= w.frame->FromDIP(450));
        BOOST_TEST(help.size.y <= 768);
    }
}

BOOST_AUTO_TEST_CASE(showing_every_view_writes_no_gtk_criticals_or_pixman_errors)
{
    // GTK writes them while it lays out a control smaller than it needs (a text box with a scroll bar that
    // does not fit): every view, with a row of the statistics selected so that its trend texts are filled,
    // at the default size and at the smallest.
    std::string err = captureStderr([] {
        DefaultWindow w;
        for (const wxSize size : {w.frame->GetSize(), w.frame->GetMinSize()}) {
            w.frame->SetSize(size);
            for (ViewId id : w.frame->viewIds()) {
                w.show(id);
                if (id == ViewId::Statistics) {
                    w.find<wxGrid>(id, "grid")->SetGridCursor(1, 0);
                    pump(700);
                }
            }
        }
    });
    BOOST_TEST_MESSAGE("standard error: " << err);
    BOOST_TEST(countOf(err, "Gtk-CRITICAL") == 0u);
    BOOST_TEST(countOf(err, "Invalid rectangle") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
