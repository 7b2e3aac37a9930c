#pragma once
/// @file rules.h
/// @brief Internal: the recognisers of the scanner and the helpers they share.
///
/// Every recogniser works on the normalised text (normalise.h) and appends Candidates with spans in
/// normalised byte offsets; scanner.cpp maps them back to the original text.

#include "anon/gazetteer.h"
#include "anon/prefilter.h"
#include "anon/scanner.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <re2/re2.h>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::anon::detail {

/// A finding before mapping back to the original text.
struct Candidate
{
    std::size_t begin = 0; ///< normalised byte offsets
    std::size_t end = 0;
    FindingKind kind = FindingKind::PersonName;
    Severity severity = Severity::Warn;
    std::string rule;
    std::string reason;
    std::string replacement;
    std::string suggestion;
};

struct Token;

/// What every recogniser receives.
struct Input
{
    std::string_view text; ///< normalised text
    const ScanContext& ctx;
    const Gazetteer& gaz;
    const Prefilter& where; ///< where in the text each pattern can match
    /// The text with ASCII letters lower-cased, byte for byte (same offsets): a word's lower case is a view
    /// into it, not a new string per word and rule (each made one for every word of the text).
    std::string_view lower;
    const std::vector<Token>& tokens; ///< tokenize(text), made once for every rule
    /// Lower case of @p t as a view into lower.
    std::string_view lowerOf(const Token& t) const;
};

/// scanText() with the prefilter on, or off (every pattern searches the whole text: the reference that
/// tests/anon/prefilter_test.cpp compares against).
std::vector<Finding> scan(std::string_view text, const ScanContext& ctx, bool prefilter);

/// Compiles @p pattern with RE2 (UTF-8; case-insensitive when @p icase). @throws evidence::Error if the
/// pattern does not compile (a programming error caught by the tests).
std::unique_ptr<RE2> compile(std::string_view pattern, bool icase);

/// Calls @p onMatch(groups) for successive non-overlapping matches of @p re in @p text. groups[0] is the
/// whole match, groups[1..] the capture groups (empty StringPiece when a group did not take part).
/// onMatch returns true to accept (search resumes at the end of the match) or false to reject; after a
/// rejection the search resumes one code point after the match start when @p retryInside is set (use only
/// for patterns with a bounded match length, so the total work stays linear), else at the match end.
/// Only @p windows (sorted, disjoint, from the Prefilter) are searched, with the whole text as context: the
/// matches are those of a whole-text search as long as every match lies inside one window.
template <class F>
void forEachMatch(const RE2& re, std::string_view text, const std::vector<Range>& windows, bool retryInside,
                  F&& onMatch)
{
    const int ngroups = 1 + re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> groups(static_cast<std::size_t>(ngroups));
    const re2::StringPiece whole(text.data(), text.size());
    std::size_t pos = 0;
    for (const Range& w : windows) {
        pos = std::max(pos, w.begin);
        while (pos <= w.end) {
            if (!re.Match(whole, pos, w.end, RE2::UNANCHORED, groups.data(), ngroups))
                break;
            const std::size_t b = static_cast<std::size_t>(groups[0].data() - text.data());
            const std::size_t e = b + groups[0].size();
            const bool accepted = onMatch(groups);
            std::size_t next = (accepted || !retryInside) ? e : b + 1;
            if (next <= b)
                next = b + 1;
            while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0u) == 0x80u)
                ++next; // stay on code-point boundaries
            pos = next;
        }
    }
}

/// A fixed list of words that the rules test every word of a text against: a word whose length or first byte
/// no entry has is refused without comparing it to each entry (most words of a text are refused so).
class WordList
{
public:
    WordList(std::initializer_list<std::string_view> words) : m_words(words)
    {
        for (const std::string_view w : words) {
            m_min = std::min(m_min, w.size());
            m_max = std::max(m_max, w.size());
            if (!w.empty())
                m_first[static_cast<unsigned char>(w[0]) / 64] |= std::uint64_t{1}
                                                                  << (static_cast<unsigned char>(w[0]) % 64);
        }
    }
    bool contains(std::string_view w) const noexcept
    {
        if (w.size() < m_min || w.size() > m_max || w.empty())
            return false;
        const auto c = static_cast<unsigned char>(w[0]);
        if ((m_first[c / 64] >> (c % 64) & 1u) == 0)
            return false;
        return std::find(m_words.begin(), m_words.end(), w) != m_words.end();
    }

private:
    std::vector<std::string_view> m_words;
    std::size_t m_min = static_cast<std::size_t>(-1);
    std::size_t m_max = 0;
    std::uint64_t m_first[4] = {};
};

/// Offset of a StringPiece inside @p text.
inline std::size_t offsetIn(std::string_view text, const re2::StringPiece& piece) noexcept
{
    return static_cast<std::size_t>(piece.data() - text.data());
}

/// True for ASCII letters and digits.
inline bool isAlnum(char c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}
inline bool isUpper(char c) noexcept
{
    return c >= 'A' && c <= 'Z';
}
inline bool isLower(char c) noexcept
{
    return c >= 'a' && c <= 'z';
}

/// The lower-cased words (ASCII letter/digit runs) among the @p maxTokens tokens before @p pos.
std::vector<std::string> tokensBefore(std::string_view text, std::size_t pos, int maxTokens);
/// The lower-cased words among the @p maxTokens tokens from @p pos on.
std::vector<std::string> tokensAfter(std::string_view text, std::size_t pos, int maxTokens);
/// The first phrase of @p phrases (space-separated lower-case words) that occurs as consecutive whole
/// words in @p tokens; empty when none does.
std::string_view findPhrase(const std::vector<std::string>& tokens, std::initializer_list<std::string_view> phrases);

/// A reason string "context word "x" near the match".
std::string contextReason(std::string_view phrase);

/// True when @p pos starts a sentence: only white space, quotes or brackets between it and the start of
/// the text, a line break, or one of . ! ? : ;
bool atSentenceStart(std::string_view text, std::size_t pos);

// The recognisers, in the files named after them.
void findIdentifiers(
    const Input& in,
    std::vector<Candidate>& out); ///< rules_ids.cpp: NHS, NINO, postcode, card, IP, passport, licence, vehicle
void findPhones(const Input& in, std::vector<Candidate>& out);         ///< rules_phone.cpp
void findOnline(const Input& in, std::vector<Candidate>& out);         ///< rules_online.cpp: e-mail, URLs, handles
void findDates(const Input& in, std::vector<Candidate>& out);          ///< rules_dates.cpp
void findInstitutions(const Input& in, std::vector<Candidate>& out);   ///< rules_institutions.cpp: schools, streets
void findNamesAndPlaces(const Input& in, std::vector<Candidate>& out); ///< rules_names.cpp
/// rules_community.cpp: places of worship, clubs and teams, "the X family", lower-case school names, spelled-out
/// e-mail addresses.
void findCommunity(const Input& in, std::vector<Candidate>& out);

/// A word of the text: letters (ASCII or Latin-1/Latin Extended-A/B), with internal apostrophes and hyphens.
struct Token
{
    std::uint32_t begin = 0; ///< byte offsets in the normalised text (compact: a 10 MB text has ~2M tokens)
    std::uint32_t end = 0;
    std::string_view view(std::string_view all) const { return all.substr(begin, end - begin); }
};
/// The words of @p text, in order (rules_names.cpp).
std::vector<Token> tokenize(std::string_view text);

inline std::string_view Input::lowerOf(const Token& t) const
{
    return t.view(lower);
}

/// E.164 form of a phone number written in @p text (region GB), or empty when it does not parse.
std::string phoneKey(std::string_view text);

} // namespace evidence::anon::detail
