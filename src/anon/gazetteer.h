#pragma once
/// @file gazetteer.h
/// @brief The word lists shipped in src/anon/data/ (embedded in the binary), parsed once.

#include <cstdint>
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
    Ambiguity ambiguity = Ambiguity::None;
};

/// All shipped lists. Keys of the sets and maps are lower case (ASCII lower-casing).
struct Gazetteer
{
    std::unordered_map<std::string, Ambiguity> firstNames;
    std::unordered_set<std::string> surnames;
    std::unordered_set<std::string> commonWords;    ///< frequent English words (a superset of functionWords)
    std::unordered_set<std::string> functionWords;  ///< determiners, pronouns, prepositions, sentence openers
    std::unordered_map<std::string, Town> towns;    ///< key: lower-cased name, also with '-' → ' ' and "st." → "st"
    std::size_t maxTownWords = 1;                   ///< longest town name in words
    std::unordered_set<std::string> townFirstWords; ///< the part before the first space of every key of towns
    std::vector<std::string> streetSuffixes;        ///< "Road", "Street", ... as written
    /// Police force areas, ITL1 regions and nations (data/police_force_areas.tsv), lower case, '&' as "and",
    /// '-' as ' '; the value is true when the name is also a town ("durham").
    std::unordered_map<std::string, bool> forceAreas;
    std::size_t maxForceAreaWords = 1;
    /// Public service numbers (data/public_numbers.tsv) in E.164, e.g. "+448088005000".
    std::unordered_set<std::string> publicNumbers;
    /// Places of worship that are national landmarks (data/landmarks.txt), lower case, "st." as "st".
    std::unordered_set<std::string> landmarks;

    /// The lists, parsed on first use (thread-safe).
    static const Gazetteer& instance();

    bool isCommonWord(std::string_view lower) const;
    bool isFunctionWord(std::string_view lower) const;
    /// True for a public service number given in E.164 (as phoneKey() returns it).
    bool isPublicNumber(std::string_view e164) const;
    /// True for a landmark's name as written in a text ("Westminster Abbey", "the York Minster", "St. Paul's
    /// Cathedral"), in any case.
    bool isLandmark(std::string_view name) const;
};

/// Region phrase for an ITL1 code as it reads in a sentence: "TLC" → "the North East", "TLI" → "London".
std::string_view regionPhrase(std::string_view itl1) noexcept;

} // namespace evidence::anon
