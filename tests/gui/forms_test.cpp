// Every top-level object of every XRC form loads by name; every label's mnemonic leads to a control.
#include "gui/resources.h"
#include "gui/wx_text.h"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <vector>
#include <wx/frame.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/xml/xml.h>
#include <wx/xrc/xmlres.h>

namespace {

struct FormObject
{
    wxString file;
    wxString name;
    wxString xrcClass;
};

std::vector<FormObject> formObjects()
{
    std::vector<FormObject> out;
    const wxString files = wxString::FromUTF8(EVIDENCE_XRC_FILES);
    for (const wxString& file : wxSplit(files, '|')) {
        wxXmlDocument doc;
        BOOST_REQUIRE_MESSAGE(doc.Load(file), "cannot read " << file.utf8_str());
        for (wxXmlNode* n = doc.GetRoot()->GetChildren(); n; n = n->GetNext())
            if (n->GetType() == wxXML_ELEMENT_NODE && n->GetName() == "object")
                out.push_back({file, n->GetAttribute("name"), n->GetAttribute("class")});
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(forms)

BOOST_AUTO_TEST_CASE(every_xrc_object_loads_by_name)
{
    evidence::gui::initResources();
    const auto objects = formObjects();
    BOOST_TEST(objects.size() >= 13u);
    auto* frame = new wxFrame(nullptr, wxID_ANY, "forms");
    for (const auto& o : objects) {
        BOOST_TEST_CONTEXT(o.name.utf8_str() << " (" << o.xrcClass.utf8_str() << ")")
        {
            // A menu bar attaches itself to its frame: give it one of its own.
            wxFrame* parent = o.xrcClass == "wxMenuBar" ? new wxFrame(nullptr, wxID_ANY, "menu") : frame;
            wxObject* object = wxXmlResource::Get()->LoadObject(parent, o.name, o.xrcClass);
            BOOST_TEST(object != nullptr);
            if (auto* bar = dynamic_cast<wxMenuBar*>(object)) {
                // (A menu bar is a window too: test it first.) XRC gives it to the frame, which deletes it.
                BOOST_TEST(bar->GetMenuCount() == 4u);
                BOOST_TEST(parent->GetMenuBar() == bar);
            } else if (auto* window = dynamic_cast<wxWindow*>(object)) {
                // Each label with a mnemonic (&T) is followed by a control that can take the focus.
                for (wxWindow* child : window->GetChildren())
                    if (auto* label = dynamic_cast<wxStaticText*>(child); label && label->GetLabel().Contains("&")) {
                        const wxWindowList& siblings = label->GetParent()->GetChildren();
                        auto it = siblings.Find(label);
                        BOOST_TEST_CONTEXT("label " << label->GetLabel().utf8_str())
                        {
                            BOOST_TEST((it && it->GetNext()));
                        }
                    }
                delete window; // never shown: deleted at once rather than at idle time
            }
            if (parent != frame)
                delete parent;
        }
    }
    delete frame;
}

BOOST_AUTO_TEST_SUITE_END()
