#pragma once
/// @file wx_text.h
/// @brief The one place where UTF-8 text of the core crosses into wxWidgets and back.
///
/// Never build a wxString from a `const char*` or `std::string` implicitly: that conversion uses the
/// current locale, and under the C locale (CI, Xvfb) any non-ASCII byte makes the whole string empty.

#include <filesystem>
#include <string>
#include <string_view>
#include <wx/string.h>

namespace evidence::gui {

/// UTF-8 text from the core as a wxString.
wxString toWx(std::string_view utf8);

/// A wxString as UTF-8 for the core.
std::string toUtf8(const wxString& text);

/// A file name the user chose or typed, as a path: through UTF-8, which Windows' narrow paths are not.
std::filesystem::path toPath(const wxString& text);

/// A message from the core ("a submission needs a title") as a sentence: capital first letter, final full stop.
wxString sentence(std::string_view utf8);

} // namespace evidence::gui
