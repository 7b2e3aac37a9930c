#include "gui/wx_text.h"

#include "core/platform.h"

namespace evidence::gui {

wxString toWx(std::string_view utf8)
{
    return wxString::FromUTF8(utf8.data(), utf8.size());
}

std::string toUtf8(const wxString& text)
{
    const wxScopedCharBuffer buf = text.utf8_str();
    return std::string(buf.data(), buf.length());
}

std::filesystem::path toPath(const wxString& text)
{
    return platform::pathFromUtf8(toUtf8(text));
}

wxString sentence(std::string_view utf8)
{
    wxString s = toWx(utf8).Trim().Trim(false);
    if (s.empty())
        return s;
    s = s.Left(1).Upper() + s.Mid(1);
    const wxUniChar last = s.Last();
    if (last != '.' && last != '!' && last != '?')
        s += '.';
    return s;
}

} // namespace evidence::gui
