#pragma once
/// @file error_text.h
/// @brief Turns any exception into sentences a policy officer can act on (Poedit's DescribeException).

#include <exception>
#include <wx/string.h>

class wxWindow;

namespace evidence::gui {

/// The message of @p error as sentences: every problem of a DataError on its own line, capitalised,
/// with a full stop. Unknown exceptions become a sentence asking to report the problem.
wxString describeError(std::exception_ptr error);

/// Shows @p what (e.g. "The store could not be opened.") and the described error in a message box.
void showError(wxWindow* parent, const wxString& what, std::exception_ptr error);

} // namespace evidence::gui
