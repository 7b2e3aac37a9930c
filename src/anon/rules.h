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
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <re2/re2.h>
#include <stdexcept>
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

/// A fixed list of words that the rules test every word of a text against: a word whose length no entry with its
/// first byte has is refused without comparing it, and one that passes is compared only with the entries of its
/// length (most words of a text are refused so).
class WordList
{
public:
    WordList(std::initializer_list<std::string_view> words) : WordList(std::vector<std::string_view>(words)) {}
    explicit WordList(std::vector<std::string_view> words) : m_words(std::move(words))
    {
        std::stable_sort(m_words.begin(), m_words.end(),
                         [](std::string_view a, std::string_view b) { return a.size() < b.size(); });
        for (const std::string_view w : m_words) {
            if (w.empty() || w.size() > kLongest)
                throw std::logic_error("WordList: empty word or word over 63 bytes");
            m_lengths[static_cast<unsigned char>(w[0])] |= std::uint64_t{1} << w.size();
        }
        m_start.fill(m_words.size());
        for (std::size_t k = m_words.size(); k-- > 0;)
            for (std::size_t n = 0; n <= m_words[k].size(); ++n)
                m_start[n] = k;
    }
    bool contains(std::string_view w) const noexcept
    {
        if (w.empty() || w.size() > kLongest || (m_lengths[static_cast<unsigned char>(w[0])] >> w.size() & 1u) == 0)
            return false;
        for (std::size_t k = m_start[w.size()]; k < m_start[w.size() + 1]; ++k)
            if (m_words[k][0] == w[0] && m_words[k] == w)
                return true;
        return false;
    }

private:
    static constexpr std::size_t kLongest = 63;
    std::vector<std::string_view> m_words;           ///< by length
    std::array<std::size_t, kLongest + 2> m_start{}; ///< m_start[n]: the first entry of n bytes or more
    std::array<std::uint64_t, 256> m_lengths{};      ///< per first byte, bit n: an entry of n bytes
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
void findPhones(const Input& in, std::vector<Candidate>& out);       ///< rules_phone.cpp
void findOnline(const Input& in, std::vector<Candidate>& out);       ///< rules_online.cpp: e-mail, URLs, handles
void findDates(const Input& in, std::vector<Candidate>& out);        ///< rules_dates.cpp
void findInstitutions(const Input& in, std::vector<Candidate>& out); ///< rules_institutions.cpp: schools, streets

/// Rules that look at the text a word at a time (Input::tokens). They share one pass over the words:
/// word(i) is called for every token in order, then finish() appends what they found, always in the same
/// order (overlapping findings are resolved by that order where they tie).
class WordRules
{
public:
    virtual ~WordRules() = default;
    virtual void word(std::size_t i) = 0;
    virtual void finish(std::vector<Candidate>& out) = 0;
};
/// rules_names.cpp: personal names and places (with the honorific and "called" patterns, run at finish()).
std::unique_ptr<WordRules> nameRules(const Input& in);
/// rules_community.cpp: places of worship, clubs and teams, "the X family", lower-case school names, spelled-out
/// e-mail addresses.
std::unique_ptr<WordRules> communityRules(const Input& in);
/// Runs nameRules() and communityRules() in one pass over the words.
void findWords(const Input& in, std::vector<Candidate>& out);

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
