// The Export view writes the response document (.docx, .odt) through the same checked job as the workbook,
// the format chosen by the file's name.
#include "app/anonymisation.h"
#include "db/store.h"
#include "gui/export_view.h"
#include "gui/wx_text.h"
#include "gui_fixture.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sys/stat.h>
#include <wx/button.h>
#include <wx/stattext.h>
#include <wx/xrc/xmlres.h>

using namespace evidence;
using namespace evidence::gui;
using evidence::test::SampleWindow;
using evidence::test::waitFor;

BOOST_AUTO_TEST_CASE(export_view_writes_the_response_document)
{
    SampleWindow w;
    w.acknowledgeOpenFindings(); // the towns the sample's source notes name (WARN)
    w.show(ViewId::Export);
    auto* view = static_cast<ExportView*>(w.frame->view(ViewId::Export));
    BOOST_TEST(waitFor([&] { return !view->checking(); }, 20000));
    auto* button = static_cast<wxButton*>(view->FindWindow(XRCID("export_button")));
    BOOST_REQUIRE(button->IsEnabled());
    auto* resultText = static_cast<wxStaticText*>(view->FindWindow(XRCID("result_text")));
    for (const char* name : {"response.docx", "response.odt"}) {
        const auto target = w.dir.file(name);
        view->setPath(toWx(target.string()));
        wxCommandEvent click(wxEVT_BUTTON, button->GetId());
        click.SetEventObject(button);
        button->GetEventHandler()->ProcessEvent(click);
        auto unwrapped = [&] {
            wxString label = resultText->GetLabel();
            label.Replace("\n", " ");
            return label;
        };
        BOOST_TEST(waitFor([&] { return std::filesystem::exists(target) && unwrapped().Contains("words"); }, 30000),
                   name << ": " << unwrapped().utf8_str());
        BOOST_TEST(unwrapped().Contains("The document has "), unwrapped().utf8_str());
        BOOST_TEST(view->writtenFile() == toWx(target.string()));
        struct stat st
        {
        };
        BOOST_REQUIRE(::stat(target.c_str(), &st) == 0);
        BOOST_TEST((st.st_mode & 0777) == 0600u);
    }
}
