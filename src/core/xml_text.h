#pragma once

#include <string>
#include <string_view>

namespace evidence::text {

/// @p s with the characters XML gives meaning to written as entities (&amp; &lt; &gt; &quot;), and control
/// characters other than tab and line feed dropped, which XML 1.0 does not allow. For element text and
/// double-quoted attributes, in the help pages and the response document alike.
std::string escapeXml(std::string_view s);

} // namespace evidence::text
