#include "gui/find_chooser.h"

#include "app/choosers.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listbox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace evidence::gui {

FindChooser::FindChooser(wxWindow* parent, const wxString& title, const wxString& prompt,
                         std::vector<std::string> labels, int selected)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_labels(std::move(labels))
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(this, wxID_ANY, prompt), wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP));
    m_search = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER,
                              wxDefaultValidator, "find_text");
    m_search->SetHint("Type to find");
    sizer->Add(m_search, wxSizerFlags().Expand().Border());
    m_list = new wxListBox(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(360, 260)), 0, nullptr, wxLB_SINGLE,
                           wxDefaultValidator, "find_list");
    sizer->Add(m_list, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT));
    sizer->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL), wxSizerFlags().Expand().Border());
    SetSizerAndFit(sizer);

    m_search->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { refill(); });
    m_search->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        if (choice() >= 0)
            EndModal(wxID_OK);
    });
    // The focus stays in the search box: the arrows move through the list from there.
    m_search->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        switch (e.GetKeyCode()) {
        case WXK_DOWN:
            move(1);
            break;
        case WXK_UP:
            move(-1);
            break;
        case WXK_PAGEDOWN:
            move(10);
            break;
        case WXK_PAGEUP:
            move(-10);
            break;
        default:
            e.Skip();
        }
    });
    m_list->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) { EndModal(wxID_OK); });
    Bind(
        wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(choice() >= 0); }, wxID_OK);
    refill();
    if (selected >= 0)
        for (std::size_t i = 0; i < m_shown.size(); ++i)
            if (m_shown[i] == static_cast<std::size_t>(selected))
                m_list->SetSelection(static_cast<int>(i));
    m_search->SetFocus();
    CentreOnParent();
}

void FindChooser::setQuery(const wxString& query)
{
    m_search->ChangeValue(query);
    m_search->SetInsertionPointEnd();
    refill();
}

wxString FindChooser::query() const
{
    return m_search->GetValue();
}

int FindChooser::choice() const
{
    const int i = m_list->GetSelection();
    return i == wxNOT_FOUND ? -1 : static_cast<int>(m_shown[static_cast<std::size_t>(i)]);
}

void FindChooser::refill()
{
    const int before = choice();
    m_shown = app::searchMatches(m_labels, toUtf8(m_search->GetValue()));
    wxArrayString items;
    int keep = m_shown.empty() ? wxNOT_FOUND : 0; // the best guess is the first that matches
    for (std::size_t i = 0; i < m_shown.size(); ++i) {
        items.Add(toWx(m_labels[m_shown[i]]));
        if (static_cast<int>(m_shown[i]) == before)
            keep = static_cast<int>(i);
    }
    m_list->Set(items);
    if (keep != wxNOT_FOUND)
        m_list->SetSelection(keep);
}

void FindChooser::move(int by)
{
    const int n = static_cast<int>(m_list->GetCount());
    if (n == 0)
        return;
    const int at = std::clamp(m_list->GetSelection() + by, 0, n - 1);
    m_list->SetSelection(at);
    m_list->EnsureVisible(at);
}

void installTypeToFind(wxChoice* choice, const wxString& what)
{
    choice->Bind(wxEVT_CHAR, [choice, what](wxKeyEvent& e) {
        const wxChar c = e.GetUnicodeKey();
        if (c == WXK_NONE || c <= 32 || c == 127 || e.HasAnyModifiers() || choice->GetCount() == 0) {
            e.Skip();
            return;
        }
        std::vector<std::string> labels;
        for (unsigned i = 0; i < choice->GetCount(); ++i)
            labels.push_back(toUtf8(choice->GetString(i)));
        FindChooser find(wxGetTopLevelParent(choice), "Find " + what,
                         "Type part of the " + what + "'s name; Up and Down choose, Enter confirms:", std::move(labels),
                         choice->GetSelection());
        find.setQuery(wxString(c));
        if (find.ShowModal() != wxID_OK || find.choice() < 0 || find.choice() == choice->GetSelection())
            return;
        choice->SetSelection(find.choice());
        wxCommandEvent changed(wxEVT_CHOICE, choice->GetId());
        changed.SetEventObject(choice);
        changed.SetInt(find.choice());
        changed.SetString(choice->GetStringSelection());
        choice->ProcessWindowEvent(changed);
    });
}

} // namespace evidence::gui
