#pragma once
/// @file welcome_page.h
/// @brief Shown when no store is open: New, Open, the sample submission and the recent stores.

#include <functional>
#include <wx/panel.h>

class wxFileHistory;
class wxListBox;

namespace evidence::gui {

class WelcomePage : public wxPanel
{
public:
    struct Actions
    {
        std::function<void()> newStore;
        std::function<void()> open;
        std::function<void()> openSample;
        std::function<void(const wxString&)> openRecent;
    };

    WelcomePage(wxWindow* parent, Actions actions);
    /// Lists the recent stores of @p history.
    void showRecent(const wxFileHistory& history);

private:
    void openSelected();

    Actions m_actions;
    wxListBox* m_recent;
};

} // namespace evidence::gui
