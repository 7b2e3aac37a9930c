#pragma once
/// @file gazetteer.h
/// @brief The word lists shipped in src/anon/data/ (embedded in the binary), parsed once.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace evidence::anon {

/// How much evidence a gazetteer entry needs before it is reported (see src/anon/data/README.md).
enum class Ambiguity : std::uint8_t {
    None,   ///< report wherever it appears capitalised
    Word,   ///< also a common word or a common name: report only with a cue (see the rules)
    Strict, ///< almost always something else (e.g. the town "March"): report only with a strong cue
};

/// A town or city, with the ITL1 region it belongs to.
struct Town
{
    std::string name;   ///< as written in the list, e.g. "Newcastle upon Tyne"
    std::string region; ///< ITL1 code, e.g. "TLC"
    /// How much evidence the town's name needs before it is reported.
    Ambiguity ambiguity = Ambiguity::None;
};

/// Hash of a std::string or a std::string_view, so the lists are looked up with a view of a word in place
/// (every word of a text is looked up several times: a std::string each time costs more than the look-up).
///
/// The words are short (most under 8 bytes), so it mixes 8 bytes at a time inline: the standard library's hash is
/// an out-of-line call and cost a scan more than the comparisons it saves (7% of the benchmark's instructions).
struct WordHash
{
    /// Lets the sets and maps below be searched with a std::string_view without making a std::string.
    using is_transparent = void;
    /// The hash of the characters, the same for a string and its view.
    std::size_t operator()(std::string_view s) const noexcept
    {
        constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15u;
        std::uint64_t h = s.size() * kMultiplier;
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, s.data() + i, 8);
            h = (h ^ w) * kMultiplier;
            h ^= h >> 29;
        }
        std::uint64_t tail = 0;
        for (std::size_t k = 0; i + k < s.size(); ++k)
            tail |= std::uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
        h = (h ^ tail) * kMultiplier;
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
};

/// A set of lower-case words, looked up by view.
using WordSet = std::unordered_set<std::string, WordHash, std::equal_to<>>;
/// A map from lower-case words, looked up by view.
template <class T>
using WordMap = std::unordered_map<std::string, T, WordHash, std::equal_to<>>;

/// All shipped lists. Keys of the sets and maps are lower case (ASCII lower-casing).
struct Gazetteer
{
    /// First names (data/first_names.txt), each with the evidence it needs before it is reported.
    WordMap<Ambiguity> firstNames;
    /// Length, first two and last letters of every key of firstNames (shapeIndex()): most words of a text have
    /// a shape no first name has, and are refused without hashing them.
    std::vector<bool> firstNameShapes = std::vector<bool>(32 * 27 * 27 * 27, false);
    WordSet surnames;
    WordSet commonWords;                     ///< frequent English words (a superset of functionWords)
    WordSet functionWords;                   ///< determiners, pronouns, prepositions, sentence openers
    WordMap<Town> towns;                     ///< key: lower-cased name, also with '-' → ' ' and "st." → "st"
    std::size_t maxTownWords = 1;            ///< longest town name in words
    WordSet townFirstWords;                  ///< the part before the first space of every key of towns
    std::vector<std::string> streetSuffixes; ///< "Road", "Street", ... as written
    /// Police force areas, ITL1 regions and nations (data/police_force_areas.tsv), lower case, '&' as "and",
    /// '-' as ' ', and the first words of each up to a space ("greater", "devon and"): one look-up says whether a
    /// run of words is a name, the start of one, or neither.
    enum class ForceAreaKey : std::uint8_t {
        Start,       ///< only the first words of a name
        Name,        ///< a name
        NameAndTown, ///< a name that is also a town ("durham")
    };
    /// Every key described above, and the longest name in words (how far a look-up must read).
    WordMap<ForceAreaKey> forceAreas;
    std::size_t maxForceAreaWords = 1;
    /// Public service numbers (data/public_numbers.tsv) in E.164, e.g. "+448088005000".
    WordSet publicNumbers;
    /// Places of worship that are national landmarks (data/landmarks.txt), lower case, "st." as "st".
    WordSet landmarks;

    /// The lists, parsed on first use (thread-safe).
    static const Gazetteer& instance();

    /// Whether @p lower (a lower-case word) is one of commonWords.
    bool isCommonWord(std::string_view lower) const;
    /// Whether @p lower (a lower-case word) is one of functionWords.
    bool isFunctionWord(std::string_view lower) const;
    WordSet townPrefixes; ///< the first words of every key of towns: "the", "the wirral", "newcastle upon", ...
    /// False when no first name has @p lower's length and first two letters (then it is no first name).
    bool mayBeFirstName(std::string_view lower) const { return firstNameShapes[shapeIndex(lower)]; }
    /// The index into firstNameShapes of a lower-case word: its length (up to 31) and its first two and last
    /// letters (27 for anything but a to z).
    static std::size_t shapeIndex(std::string_view lower) noexcept
    {
        const auto letter = [&](std::size_t k) -> std::size_t {
            return k < lower.size() && lower[k] >= 'a' && lower[k] <= 'z' ? static_cast<std::size_t>(lower[k] - 'a')
                                                                          : 26;
        };
        const std::size_t last = lower.empty() ? 26 : letter(lower.size() - 1);
        return ((std::min<std::size_t>(lower.size(), 31) * 27 + letter(0)) * 27 + letter(1)) * 27 + last;
    }
    /// True when a key of towns is @p lower words or starts with them.
    bool isTownPrefix(std::string_view lower) const { return townPrefixes.find(lower) != townPrefixes.end(); }
    /// True when a key of towns starts with @p lower (its first word).
    bool isTownFirstWord(std::string_view lower) const { return townFirstWords.find(lower) != townFirstWords.end(); }
    /// True for a public service number given in E.164 (as phoneKey() returns it).
    bool isPublicNumber(std::string_view e164) const;
    /// True for a landmark's name as written in a text ("Westminster Abbey", "the York Minster", "St. Paul's
    /// Cathedral"), in any case.
    bool isLandmark(std::string_view name) const;
};

/// Region phrase for an ITL1 code as it reads in a sentence: "TLC" → "the North East", "TLI" → "London".
std::string_view regionPhrase(std::string_view itl1) noexcept;

} // namespace evidence::anon
