#pragma once
/// @file welcome_page.h
/// @brief Shown when no store is open: New, Open, the sample submission and the recent stores.

#include <functional>
#include <wx/panel.h>

class wxFileHistory;
class wxListBox;

namespace evidence::gui {

/// The page the main window shows when no store is open.
class WelcomePage : public wxPanel
{
public:
    /// What the page's buttons and its recent list do, supplied by the main window.
    struct Actions
    {
        /// Creates a store, opens one, and opens the sample submission.
        std::function<void()> newStore;
        std::function<void()> open;
        std::function<void()> openSample;
        /// Opens the recent store at the path it is given.
        std::function<void(const wxString&)> openRecent;
    };

    /// Loads the page's form into a panel under @p parent. @throws std::logic_error when the form is missing.
    WelcomePage(wxWindow* parent, Actions actions);
    /// Lists the recent stores of @p history.
    void showRecent(const wxFileHistory& history);

private:
    void openSelected();

    Actions m_actions;
    wxListBox* m_recent;
};

} // namespace evidence::gui
