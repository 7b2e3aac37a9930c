#pragma once
/// @file mnemonics.h
/// @brief Alt+letter on a label moves the focus to the control after it, as on Windows.
///
/// wxGTK underlines the mnemonic of a wxStaticText but does not link the label to a control, so Alt+letter
/// would do nothing. The handler finds the labels (and buttons, check boxes) whose mnemonic is the letter
/// pressed, in tab order, and focuses (or presses) the next one after the current focus. Letters of the menu
/// bar (F, E, V, H) are left to the menus.

#include <functional>

class wxWindow;

namespace evidence::gui {

/// Handles Alt+letter for the windows under what @p root returns (called at each key press).
/// @param handler the window whose wxEVT_CHAR_HOOK is used (a frame or a dialog)
void installMnemonics(wxWindow* handler, std::function<wxWindow*()> root);

/// Shorthand for a dialog or a window that is its own root.
inline void installMnemonics(wxWindow* window)
{
    installMnemonics(window, [window] { return window; });
}

} // namespace evidence::gui
