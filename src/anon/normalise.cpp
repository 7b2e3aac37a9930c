#include "anon/normalise.h"

#include <algorithm>
#include <iterator>
#include <numeric>

namespace evidence::anon {

std::size_t decodeUtf8(std::string_view s, std::size_t pos, char32_t& cp) noexcept
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char c = byte(pos);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    std::size_t len = 0;
    char32_t value = 0;
    char32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        value = c & 0x1Fu;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        value = c & 0x0Fu;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        value = c & 0x07u;
        min = 0x10000;
    } else {
        cp = 0xFFFD;
        return 1;
    }
    if (pos + len > s.size()) {
        cp = 0xFFFD;
        return 1;
    }
    for (std::size_t i = 1; i < len; ++i) {
        const unsigned char cc = byte(pos + i);
        if ((cc & 0xC0u) != 0x80u) {
            cp = 0xFFFD;
            return 1;
        }
        value = (value << 6) | (cc & 0x3Fu);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        cp = 0xFFFD;
        return 1;
    }
    cp = value;
    return len;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

/// The replacement of @p cp: a code point, or 0 to drop it, or cp itself.
char32_t normaliseCodePoint(char32_t cp) noexcept
{
    switch (cp) {
    case 0x00A0:
    case 0x2007:
    case 0x2009:
    case 0x202F:
        return U' ';
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
        return U'\'';
    case 0x201C:
    case 0x201D:
        return U'"';
    case 0x2212:
        return U'-';
    case 0x00AD:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
        return 0;
    case 0xFF20:
        return U'@';
    case 0xFF0B:
        return U'+';
    case 0xFF0E:
        return U'.';
    default:
        break;
    }
    if (cp >= 0x2010 && cp <= 0x2015)
        return U'-';
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return U'0' + (cp - 0xFF10);
    return cp;
}

// Latin letters with diacritics, U+00C0 to U+017F, as the ASCII letters they are written with ("" for the
// signs in that block, which stay): the word lists and rules are ASCII, and "Siobhán", "Ionuț" or "Wiśniewski"
// must be found as "Siobhan", "Ionut" and "Wisniewski" are.
// Sixteen code points a line, as the Unicode charts lay them out.
// clang-format off
constexpr std::string_view kLatinFold[] = {
    // U+00C0
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    // U+00D0
    "D", "N", "O", "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "TH", "ss",
    // U+00E0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00F0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
    // U+0110
    "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
    // U+0120
    "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
    // U+0130
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
    // U+0140
    "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
    // U+0150
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
    // U+0160
    "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
    // U+0170
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};
// clang-format on
static_assert(std::size(kLatinFold) == 0x180 - 0xC0);

/// The ASCII letters @p cp is written with, or "" when it is not a Latin letter with a diacritic.
std::string_view asciiLetters(char32_t cp) noexcept
{
    if (cp >= 0xC0 && cp < 0x180)
        return kLatinFold[cp - 0xC0];
    switch (cp) {
    case 0x0218: // Romanian comma-below letters
        return "S";
    case 0x0219:
        return "s";
    case 0x021A:
        return "T";
    case 0x021B:
        return "t";
    case 0x1E80: // Welsh w with grave, acute, diaeresis
    case 0x1E82:
    case 0x1E84:
        return "W";
    case 0x1E81:
    case 0x1E83:
    case 0x1E85:
        return "w";
    case 0x1EF2: // Welsh y with grave
        return "Y";
    case 0x1EF3:
        return "y";
    default:
        return {};
    }
}

bool needsWork(std::string_view s) noexcept
{
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

} // namespace

NormalisedText::NormalisedText(std::string_view original) : m_original(original)
{
    if (!needsWork(original))
        return;
    m_identity = false;
    m_text.reserve(original.size());
    m_toOriginal.reserve(original.size() + 1);
    std::size_t pos = 0;
    while (pos < original.size()) {
        // Runs of ASCII map to themselves: copied in one go. NUL is left to the code-point path, which drops
        // it (normaliseCodePoint() returns 0 for it, the "remove" value).
        std::size_t run = pos;
        while (run < original.size() && static_cast<unsigned char>(original[run]) < 0x80 && original[run] != '\0')
            ++run;
        if (run > pos) {
            m_text.append(original.substr(pos, run - pos));
            const std::size_t mapped = m_toOriginal.size();
            m_toOriginal.resize(mapped + (run - pos));
            std::iota(m_toOriginal.begin() + static_cast<std::ptrdiff_t>(mapped), m_toOriginal.end(),
                      static_cast<std::uint32_t>(pos));
            pos = run;
            continue;
        }
        char32_t cp = 0;
        const std::size_t len = decodeUtf8(original, pos, cp);
        const char32_t out = normaliseCodePoint(cp);
        if (const std::string_view letters = asciiLetters(out); !letters.empty()) {
            m_text.append(letters);
            m_toOriginal.insert(m_toOriginal.end(), letters.size(), static_cast<std::uint32_t>(pos));
        } else if (out != 0) {
            const std::size_t before = m_text.size();
            appendUtf8(m_text, out);
            m_toOriginal.insert(m_toOriginal.end(), m_text.size() - before, static_cast<std::uint32_t>(pos));
        }
        pos += len;
    }
    m_toOriginal.push_back(static_cast<std::uint32_t>(original.size()));
}

std::size_t NormalisedText::toOriginalBegin(std::size_t begin) const noexcept
{
    if (m_identity)
        return begin;
    return m_toOriginal[std::min(begin, m_toOriginal.size() - 1)];
}

std::size_t NormalisedText::toOriginalEnd(std::size_t end) const noexcept
{
    if (m_identity || end == 0)
        return end;
    const std::size_t last = m_toOriginal[std::min(end - 1, m_toOriginal.size() - 1)];
    if (last >= m_original.size())
        return m_original.size();
    char32_t cp = 0;
    return last + decodeUtf8(m_original, last, cp);
}

std::string foldToAscii(std::string_view s)
{
    const NormalisedText n(s);
    return std::string(n.text());
}

std::vector<std::size_t> charOffsets(std::string_view s, const std::vector<std::size_t>& offsets)
{
    std::vector<std::size_t> out;
    out.reserve(offsets.size());
    std::size_t pos = 0;
    std::size_t chars = 0;
    for (const std::size_t target : offsets) {
        while (pos < target && pos < s.size()) {
            char32_t cp = 0;
            pos += decodeUtf8(s, pos, cp);
            ++chars;
        }
        out.push_back(chars);
    }
    return out;
}

} // namespace evidence::anon
