#include "gui/welcome_page.h"

#include "gui/view.h"

#include <stdexcept>
#include <wx/filehistory.h>
#include <wx/listbox.h>
#include <wx/stattext.h>

namespace evidence::gui {

WelcomePage::WelcomePage(wxWindow* parent, Actions actions) : m_actions(std::move(actions))
{
    if (!wxXmlResource::Get()->LoadPanel(this, parent, "welcome_panel"))
        throw std::logic_error("the form welcome_panel is missing from the resources");
    styleHeading(this);
    m_recent = View::checkedCtrl<wxListBox>(this, "recent_list");
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { m_actions.newStore(); }, XRCID("new_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { m_actions.open(); }, XRCID("open_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { m_actions.openSample(); }, XRCID("sample_button"));
    m_recent->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) { openSelected(); });
    m_recent->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_RETURN || e.GetKeyCode() == WXK_NUMPAD_ENTER)
            openSelected();
        else
            e.Skip();
    });
    auto* intro = View::checkedCtrl<wxStaticText>(this, "intro");
    intro->Wrap(FromDIP(640));
}

void WelcomePage::showRecent(const wxFileHistory& history)
{
    m_recent->Clear();
    for (size_t i = 0; i < history.GetCount(); ++i)
        m_recent->Append(history.GetHistoryFile(i));
    if (!m_recent->IsEmpty())
        m_recent->SetSelection(0);
    m_recent->Enable(!m_recent->IsEmpty());
}

void WelcomePage::openSelected()
{
    const int i = m_recent->GetSelection();
    if (i != wxNOT_FOUND)
        m_actions.openRecent(m_recent->GetString(static_cast<unsigned>(i)));
}

} // namespace evidence::gui
