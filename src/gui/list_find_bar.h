#pragma once
/// @file list_find_bar.h
/// @brief A find box and an order choice above a list, for the lists of sources and case studies.

#include <vector>
#include <wx/defs.h>
#include <wx/string.h>

class wxChoice;
class wxTextCtrl;
class wxWindow;

namespace evidence::gui {

/// What a list's find bar says and how it is laid out.
struct ListFindBarSpec
{
    wxString findName;            ///< the find box's window name (tests and mnemonics find it by name)
    wxString findHint;            ///< shown in the empty find box
    wxString findHelp;            ///< what typing into it does
    wxString orderName;           ///< the order choice's window name
    std::vector<wxString> orders; ///< the orders offered; the first is selected
    /// What choosing an order does, for the choice's help text.
    wxString orderHelp;
    /// wxHORIZONTAL: the box and the choice side by side; wxVERTICAL: the choice under the box (a narrow list).
    wxOrientation orientation = wxHORIZONTAL;
};

/// The controls of a find bar; the list's owner binds their events.
struct ListFindBar
{
    /// The find box, and the order choice.
    wxTextCtrl* find = nullptr;
    wxChoice* order = nullptr;
};

/// Puts a find box and an order choice just above @p list, in the sizer that holds it, and before it in the
/// tab order. They are made in code rather than in the form: they only drive the list.
ListFindBar addListFindBar(wxWindow* list, const ListFindBarSpec& spec);

} // namespace evidence::gui
