#pragma once
/// @file find_chooser.h
/// @brief Type-to-find choosing: a list with a search box that narrows it as one types (app::matchesSearch).

#include <string>
#include <vector>
#include <wx/dialog.h>

class wxChoice;
class wxListBox;
class wxTextCtrl;

namespace evidence::gui {

/// Chooses one of @p labels: typing in the search box keeps the labels with every typed word; Up and Down move
/// through them, Enter or a double click chooses.
class FindChooser : public wxDialog
{
public:
    /// A dialog under @p parent titled @p title, with @p prompt above the search box, over @p labels; @p selected
    /// (a position in the labels, -1 for none) is selected at first.
    FindChooser(wxWindow* parent, const wxString& title, const wxString& prompt, std::vector<std::string> labels,
                int selected = -1);

    /// Narrows the list to @p query, as typing it does.
    void setQuery(const wxString& query);
    /// What the search box holds.
    wxString query() const;
    /// Positions in the labels of what the list shows now.
    const std::vector<std::size_t>& shown() const noexcept { return m_shown; }
    /// The position in the labels of the one chosen (the list's selection), or -1.
    int choice() const;

    /// For tests: the search box.
    wxTextCtrl* searchBox() const noexcept { return m_search; }
    /// For tests: the list of labels shown.
    wxListBox* list() const noexcept { return m_list; }

private:
    void refill();
    void move(int by);

    std::vector<std::string> m_labels;
    std::vector<std::size_t> m_shown;
    wxTextCtrl* m_search;
    wxListBox* m_list;
};

/// Lets a wxChoice be chosen from by typing: a letter or digit typed while it has the focus opens a FindChooser
/// over its items with that text, and the item chosen there is selected as if picked from the list (a
/// wxEVT_CHOICE is sent). @p what names the items ("measure", "area").
void installTypeToFind(wxChoice* choice, const wxString& what);

} // namespace evidence::gui
