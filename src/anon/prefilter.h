#pragma once
/// @file prefilter.h
/// @brief Internal: where in a text each rule's pattern can match, so that the rules search only there.
///
/// Running every pattern over the whole text costs one RE2 pass per pattern. Instead one pass
/// over the normalised text records the triggers the patterns need (digit runs, '@', '/', ':' and a few
/// cue words such as "School", "Mr", "http"), and each rule turns its triggers into windows: byte ranges
/// that, as its pattern proves, contain every match. The rule then searches only inside the windows, with
/// the whole text as context (so `\b` and the rules' look-back see the same bytes as before).
///
/// Soundness: a window set is correct for a pattern when every match lies inside one window. Windows are
/// merged where they overlap, so it is enough that every match contains a trigger and lies within the
/// extents around it. Under these conditions a windowed search finds exactly the matches of a whole-text
/// search (same leftmost-first choice, since no window cuts a match short). tests/anon/prefilter_test.cpp
/// compares both on the corpus and on generated text.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

namespace evidence::anon::detail {

/// The first position at or after @p i that holds no ASCII letter. Prose is mostly runs of letters, which the
/// prefilter and the tokenizer both walk: eight bytes are tested at a time (a word is then one or two steps,
/// not one per letter).
inline std::size_t endOfAsciiLetters(std::string_view text, std::size_t i) noexcept
{
    if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t kOnes = 0x0101010101010101u;
        constexpr std::uint64_t kHigh = 0x8080808080808080u;
        while (i + 8 <= text.size()) {
            std::uint64_t w = 0;
            std::memcpy(&w, text.data() + i, 8);
            // A byte is a letter when it is ASCII and, with bit 5 set (lower case), within 'a'..'z'; the sums
            // cannot carry into the next byte, as the high bits are cleared first.
            const std::uint64_t folded = (w | 0x20 * kOnes) & ~kHigh;
            const std::uint64_t fromA = folded + (0x80 - 'a') * kOnes;     // high bit: >= 'a'
            const std::uint64_t pastZ = folded + (0x80 - 'z' - 1) * kOnes; // high bit: > 'z'
            const std::uint64_t notLetter = ~(fromA & ~pastZ & ~w) & kHigh;
            if (notLetter != 0)
                return i + static_cast<std::size_t>(std::countr_zero(notLetter)) / 8;
            i += 8;
        }
    }
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')))
        ++i;
    return i;
}

/// Byte range [begin, end) of the normalised text.
struct Range
{
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// A set of byte values.
class ByteSet
{
public:
    constexpr ByteSet() = default;
    /// Every byte in @p chars, plus the inclusive ranges given as "a-z" style pairs in @p ranges.
    static ByteSet of(std::string_view chars, std::string_view ranges = {});
    /// Every byte.
    static ByteSet all();
    /// Every byte except those in @p chars.
    static ByteSet allBut(std::string_view chars);
    /// Adds the bytes of non-ASCII code points (0x80-0xFF): an RE2 UTF-8 case-insensitive class such as
    /// `[A-Z]` also matches U+017F (long s) and U+212A (Kelvin sign).
    ByteSet withNonAscii() const;
    bool contains(char c) const noexcept { return m_bits[static_cast<unsigned char>(c)]; }
    /// True when every byte is in the set.
    bool full() const noexcept { return m_full; }

private:
    std::array<bool, 256> m_bits{};
    bool m_full = false;
};

/// How far a window reaches from its trigger, on one side.
struct Extent
{
    /// Bytes a match can hold on this side; the window stops before any other byte.
    ByteSet allowed;
    /// At most this many bytes from the trigger.
    std::size_t maxBytes = std::numeric_limits<std::size_t>::max();
    /// At most this many spaces (' ') from the trigger: bounds a run of words whose length is not bounded.
    std::size_t maxSpaces = std::numeric_limits<std::size_t>::max();
};

/// Groups of cue words: each group serves one pattern (named in prefilter.cpp). A cue is found where it is
/// a whole run of ASCII letters at the start of an ASCII word (the byte before is not [A-Za-z0-9_]).
enum class Cue : std::uint8_t {
    Link,        ///< "http", "www." (case-insensitive)
    Platform,    ///< platform names before a user name (case-insensitive)
    School,      ///< "School", "Academy", "College"
    ShortSchool, ///< "Primary", "High", "Grammar", "Secondary"
    Ysgol,       ///< "Ysgol"
    LowerSchool, ///< "school", "academy", "college"
    Saint,       ///< "St", "Saint"
    Street,      ///< the street suffixes of the gazetteer
    Title,       ///< honorifics and ranks
    Called,      ///< "named", "called", "known as", ...
};
constexpr std::size_t kCueCount = 10;

/// The triggers of one text, and the windows built from them.
class Prefilter
{
public:
    /// Records the triggers of @p text (normalised). When @p enabled is false every window is the whole
    /// text (the reference behaviour that the tests compare against).
    Prefilter(std::string_view text, bool enabled);

    /// Windows of a pattern whose every match holds an ASCII digit and is at most @p maxLen bytes long,
    /// or whose every byte lies within @p maxLen - 1 bytes of a digit of the match.
    std::vector<Range> nearDigits(std::size_t maxLen) const;
    /// Windows of a pattern whose every match holds byte @p c ('@', '/', ':', '_' or '#') and lies within
    /// @p before bytes before it and @p after bytes after it.
    std::vector<Range> aroundByte(char c, const Extent& before, const Extent& after) const;
    /// Windows of a pattern whose every match holds a cue word of @p cue and lies within @p before (from the
    /// start of the cue) and @p after (from its end). With @p mustHold, a window holding no such byte is
    /// dropped (a pattern that needs both a cue and, say, a capital letter).
    std::vector<Range> aroundCue(Cue cue, const Extent& before, const Extent& after,
                                 const ByteSet* mustHold = nullptr) const;

private:
    std::vector<Range> around(const std::vector<Range>& triggers, const Extent& before, const Extent& after,
                              const ByteSet* mustHold) const;

    std::string_view m_text;
    bool m_enabled = true;
    /// Case-insensitive cues are found by ASCII comparison only; RE2 would also fold U+017F to 's' and
    /// U+212A to 'k', so a text holding either searches the whole text for those patterns.
    bool m_unusualCaseFold = false;
    std::vector<Range> m_digitRuns;
    std::vector<Range> m_at;
    std::vector<Range> m_slash;
    std::vector<Range> m_colon;
    std::vector<Range> m_underscore;
    std::vector<Range> m_hash;
    std::array<std::vector<Range>, kCueCount> m_cues;
};

} // namespace evidence::anon::detail
