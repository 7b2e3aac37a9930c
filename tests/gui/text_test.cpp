// Text crossing into wxWidgets: UTF-8 survives under the C locale, where implicit conversion gives "".
#include "gui/wx_text.h"

#include <boost/test/unit_test.hpp>
#include <clocale>
#include <string>
#include <wx/frame.h>
#include <wx/stattext.h>

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(pound_e_acute_and_arrow_labels_survive)
{
    const std::string utf8 = "\xC2\xA3"
                             "82 caf\xC3\xA9 28 \xE2\x86\x92 82"; // "£82 café 28 → 82"
    const std::string saved = std::setlocale(LC_CTYPE, nullptr);
    std::setlocale(LC_CTYPE, "C");
    auto* frame = new wxFrame(nullptr, wxID_ANY, "text");
    auto* label = new wxStaticText(frame, wxID_ANY, evidence::gui::toWx(utf8));
    const wxString shown = label->GetLabel();
    BOOST_TEST(shown.length() == 16u);
    BOOST_TEST((shown[0] == wxUniChar(0x00A3)));
    BOOST_TEST(shown.Find(wxUniChar(0x2192)) != wxNOT_FOUND);
    BOOST_TEST(evidence::gui::toUtf8(shown) == utf8);
    frame->Destroy();
    std::setlocale(LC_CTYPE, saved.c_str());
}

BOOST_AUTO_TEST_CASE(sentences_are_capitalised_with_a_full_stop)
{
    BOOST_TEST(evidence::gui::toUtf8(evidence::gui::sentence("a submission needs a title")) ==
               "A submission needs a title.");
    BOOST_TEST(evidence::gui::toUtf8(evidence::gui::sentence("\xE2\x86\x92 82 is fine?")) ==
               "\xE2\x86\x92 82 is fine?");
}

BOOST_AUTO_TEST_SUITE_END()
