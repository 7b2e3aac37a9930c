// File > Merge From...: the conflict list and the choices, on real store files, driven by real clicks.

#include "db/store.h"
#include "gui/main_frame.h"
#include "gui/merge_dialog.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/modalhook.h>
#include <wx/uiaction.h>
#include <wx/xrc/xmlres.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::DialogDriver;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

namespace {

void click(wxWindow* button)
{
    wxUIActionSimulator sim;
    const wxRect r = button->GetScreenRect();
    sim.MouseMove(r.x + r.width / 2, r.y + r.height / 2);
    evidence::test::pump(30);
    sim.MouseClick();
    evidence::test::pump(100);
}

} // namespace

BOOST_AUTO_TEST_SUITE(merge_dialog)

BOOST_AUTO_TEST_CASE(merge_from_lists_the_conflict_and_keeps_both_case_studies)
{
    SampleWindow w;
    wxMenuItem* item = w.frame->GetMenuBar()->FindItem(XRCID("merge_item"));
    BOOST_REQUIRE(item);
    BOOST_TEST(item->GetItemLabelText().utf8_str() == std::string("Merge From…"));

    // Two copies of the sample, edited apart: the same case study's narrative on both sides, and a new
    // case study in the other copy.
    BOOST_REQUIRE(w.frame->closeStore(false));
    const auto theirs = w.dir.file("theirs.evidence");
    std::filesystem::copy_file(w.path, theirs);
    {
        auto s = db::Store::open(theirs);
        auto c = *s.caseStudyByReference("CS-001");
        c.narrative = "Their account of the case.";
        s.update(c);
        CaseStudy added;
        added.reference = "CS-050";
        added.title = "Added in the other copy";
        s.insert(added);
    }
    {
        auto s = db::Store::open(w.path);
        auto c = *s.caseStudyByReference("CS-001");
        c.narrative = "My account of the case.";
        s.update(c);
    }
    BOOST_REQUIRE(w.frame->openStore(toWx(w.path.string())));

    std::vector<std::string> row;
    bool mergeEnabledBefore = true;
    DialogDriver driver("merge_dialog", [&](wxDialog* d) {
        auto* dialog = static_cast<MergeDialog*>(d);
        wxListView* list = dialog->conflictList();
        if (list->GetItemCount() != 1)
            return;
        for (int col = 0; col < list->GetColumnCount(); ++col)
            row.push_back(list->GetItemText(0, col).utf8_str().data());
        mergeEnabledBefore = dialog->FindWindow(wxID_OK)->IsEnabled();
        list->Select(0);
        evidence::test::pump(50);
        click(dialog->FindWindowByName("keep_both", dialog));
        click(dialog->FindWindow(wxID_OK));
    });
    BOOST_TEST(w.frame->mergeFrom(toWx(theirs.string())));
    BOOST_TEST(driver.seen == 1);
    BOOST_REQUIRE(row.size() == 7u);
    BOOST_TEST(row[0] == "Case study CS-001");
    BOOST_TEST(row[1] == "narrative");
    BOOST_TEST(row[2] == "My account of the case.");
    BOOST_TEST(row[4] == "Their account of the case.");
    BOOST_TEST(row[6] == "Choose");
    BOOST_TEST(!mergeEnabledBefore); // no merge before every conflict has a choice

    auto& store = w.frame->store();
    BOOST_TEST(store.caseStudyByReference("CS-001")->narrative == "My account of the case.");
    BOOST_REQUIRE(store.caseStudyByReference("CS-001-2").has_value());
    BOOST_TEST(store.caseStudyByReference("CS-001-2")->narrative == "Their account of the case.");
    BOOST_TEST(store.caseStudyByReference("CS-050").has_value());
    BOOST_TEST(w.frame->GetStatusBar()->GetStatusText(0).Contains("Merged from theirs.evidence"));
}

BOOST_AUTO_TEST_CASE(cancelling_the_merge_changes_nothing)
{
    SampleWindow w;
    BOOST_REQUIRE(w.frame->closeStore(false));
    const auto theirs = w.dir.file("theirs.evidence");
    std::filesystem::copy_file(w.path, theirs);
    {
        auto s = db::Store::open(theirs);
        CaseStudy added;
        added.reference = "CS-050";
        s.insert(added);
    }
    BOOST_REQUIRE(w.frame->openStore(toWx(w.path.string())));
    DialogDriver driver("merge_dialog", [&](wxDialog* d) { click(d->FindWindow(wxID_CANCEL)); });
    BOOST_TEST(!w.frame->mergeFrom(toWx(theirs.string())));
    BOOST_TEST(driver.seen == 1);
    BOOST_TEST(!w.frame->store().caseStudyByReference("CS-050").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
