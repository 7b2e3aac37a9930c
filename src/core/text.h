#pragma once
/// @file text.h
/// @brief Small UTF-8 string helpers used across the core (no locale dependence).

#include <string>
#include <string_view>
#include <vector>

namespace evidence::text {

/// Strips ASCII white space at both ends.
std::string_view trim(std::string_view s) noexcept;
/// ASCII lower-casing; bytes >= 0x80 are left as they are, so UTF-8 stays valid.
std::string toLowerAscii(std::string_view s);
/// Case-insensitive (ASCII) equality.
bool iequals(std::string_view a, std::string_view b) noexcept;
/// Splits on @p sep, trims each part and drops empty parts.
std::vector<std::string> splitList(std::string_view s, char sep = ';');
/// Joins with @p sep.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// True when @p s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view s) noexcept;
/// Number of Unicode code points in valid UTF-8 @p s.
std::size_t codePointCount(std::string_view s) noexcept;
/// @p n and the noun in the number it takes: "1 figure", "1,493 figures", "2 case studies" (@p many is
/// the plural, as English makes it).
std::string counted(std::size_t n, std::string_view one, std::string_view many);
/// Shortens @p s for quoting in a message: at most @p maxChars code points, with an ellipsis.
std::string quoteForMessage(std::string_view s, std::size_t maxChars = 60);

} // namespace evidence::text
