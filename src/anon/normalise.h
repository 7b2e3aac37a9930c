#pragma once
/// @file normalise.h
/// @brief Text normalisation before matching, with a map back to the original bytes (docs/anonymisation.md §2.0).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::anon {

/// Decodes one UTF-8 code point at @p pos of @p s.
/// @return the number of bytes consumed (1 for an invalid byte, which yields @p cp = U+FFFD).
std::size_t decodeUtf8(std::string_view s, std::size_t pos, char32_t& cp) noexcept;
/// Appends @p cp to @p out as UTF-8.
void appendUtf8(std::string& out, char32_t cp);

/// Normalised copy of a text. Rules: U+00A0, U+2007, U+2009, U+202F → space; U+2018, U+2019, U+201B,
/// U+2032 → `'`; U+201C, U+201D → `"`; U+2010..U+2015, U+2212 → `-`; full-width digits, `@`, `+`, `.`
/// → ASCII; zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and the soft hyphen are removed;
/// invalid bytes become U+FFFD; Latin letters with diacritics (U+00C0..U+017F, Romanian ș ț, Welsh ẁ ỳ) become
/// the ASCII letters they are written with ("á" → "a", "ß" → "ss"). The result is valid UTF-8.
class NormalisedText
{
public:
    /// Normalises @p original, which must outlive the object (the object keeps a view of it, and returns it
    /// as text() when nothing needed changing).
    explicit NormalisedText(std::string_view original);

    /// The normalised text that the rules match against (a view into this object: not callable on a temporary).
    std::string_view text() const& noexcept { return m_identity ? m_original : std::string_view(m_text); }
    std::string_view text() const&& = delete;
    /// The original text.
    std::string_view original() const noexcept { return m_original; }
    /// Original byte offset of normalised offset @p begin (a code-point boundary).
    std::size_t toOriginalBegin(std::size_t begin) const noexcept;
    /// Original byte offset one past the source of the normalised code point ending at @p end.
    std::size_t toOriginalEnd(std::size_t end) const noexcept;

private:
    std::string_view m_original;
    bool m_identity = true;
    std::string m_text;
    std::vector<std::uint32_t> m_toOriginal; ///< per normalised byte: original offset of its source
};

/// @p s normalised as NormalisedText does it: how a word list's entry is keyed, so that it matches the text.
std::string foldToAscii(std::string_view s);

/// Converts sorted byte offsets of @p s into code-point offsets, in one pass (an invalid byte counts as one
/// code point). @p offsets must be sorted ascending; each must be <= s.size().
std::vector<std::size_t> charOffsets(std::string_view s, const std::vector<std::size_t>& offsets);

} // namespace evidence::anon
