#include "anon/prefilter.h"

#include "anon/gazetteer.h"
#include "core/errors.h"

#include <algorithm>
#include <string>

namespace evidence::anon::detail {

ByteSet ByteSet::of(std::string_view chars, std::string_view ranges)
{
    ByteSet s;
    for (const char c : chars)
        s.m_bits[static_cast<unsigned char>(c)] = true;
    for (std::size_t i = 0; i + 2 < ranges.size(); i += 3)
        for (unsigned c = static_cast<unsigned char>(ranges[i]); c <= static_cast<unsigned char>(ranges[i + 2]); ++c)
            s.m_bits[c] = true;
    return s;
}

ByteSet ByteSet::all()
{
    ByteSet s;
    s.m_bits.fill(true);
    s.m_full = true;
    return s;
}

ByteSet ByteSet::allBut(std::string_view chars)
{
    ByteSet s = all();
    for (const char c : chars)
        s.m_bits[static_cast<unsigned char>(c)] = false;
    s.m_full = chars.empty();
    return s;
}

ByteSet ByteSet::withNonAscii() const
{
    ByteSet s = *this;
    for (std::size_t c = 0x80; c < 0x100; ++c)
        s.m_bits[c] = true;
    return s;
}

namespace {

struct CueWord
{
    std::string text; ///< lower case when icase
    Cue cue;
    bool icase;
};

/// The cue words, indexed for the one pass over the text. Each list names the pattern it serves; a match of
/// that pattern always has one of these words as a whole run of ASCII letters starting an ASCII word (the
/// patterns follow each with a space, '.', ':' or `\b`).
struct CueTable
{
    static constexpr std::size_t kLengths = 64;
    std::vector<CueWord> words;
    /// Index first byte * kLengths + length: the words a text's word can be, without comparing it with every cue
    /// of its first byte (both cases for case-insensitive words).
    std::vector<std::vector<std::uint16_t>> byFirstByteAndLength =
        std::vector<std::vector<std::uint16_t>>(256 * kLengths);
    /// Bit n set when some word of that first byte has n bytes: most words of a text are refused by it alone.
    std::array<std::uint64_t, 256> lengthsByFirstByte{};
    std::size_t longest = 0;

    void add(Cue cue, bool icase, std::initializer_list<std::string_view> list)
    {
        for (const auto w : list)
            add(cue, icase, w);
    }

    void add(Cue cue, bool icase, std::string_view w)
    {
        std::string text(w);
        if (icase)
            std::transform(text.begin(), text.end(), text.begin(),
                           [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        longest = std::max(longest, text.size());
        const auto index = static_cast<std::uint16_t>(words.size());
        const char first = text.empty() ? ' ' : text[0];
        if (text.size() >= kLengths)
            throw Error("prefilter cue word over 63 bytes");
        const std::uint64_t length = std::uint64_t{1} << text.size();
        const std::size_t size = text.size();
        words.push_back(CueWord{std::move(text), cue, icase});
        byFirstByteAndLength[static_cast<unsigned char>(first) * kLengths + size].push_back(index);
        lengthsByFirstByte[static_cast<unsigned char>(first)] |= length;
        if (icase && first >= 'a' && first <= 'z') {
            byFirstByteAndLength[static_cast<unsigned char>(first - 'a' + 'A') * kLengths + size].push_back(index);
            lengthsByFirstByte[static_cast<unsigned char>(first - 'a' + 'A')] |= length;
        }
    }
};

const CueTable& cueTable()
{
    static const CueTable table = [] {
        CueTable t;
        // rules_online.cpp, url: `\b(?:https?://|www\.)`.
        t.add(Cue::Link, true, {"http", "https", "www"});
        // rules_online.cpp, platform: `\b(?:snap(?:chat)?|insta(?:gram)?|tik ?tok|...|gamer ?tag)` then a space,
        // ':' or nothing more of the word.
        t.add(Cue::Platform, true,
              {"snap",     "snapchat", "insta",   "instagram", "tik",  "tiktok", "twitter", "discord",  "kik",
               "telegram", "whatsapp", "roblox",  "xbox",      "psn",  "steam",  "twitch",  "fortnite", "minecraft",
               "facebook", "threads",  "youtube", "reddit",    "wink", "yubo",   "omegle",  "gamer",    "gamertag"});
        // rules_institutions.cpp: the type word that ends school, shortSchool and lowerSchool; Ysgol; saint.
        t.add(Cue::School, false, {"School", "Academy", "College"});
        t.add(Cue::ShortSchool, false, {"Primary", "High", "Grammar", "Secondary"});
        t.add(Cue::Ysgol, false, {"Ysgol"});
        t.add(Cue::LowerSchool, false, {"school", "academy", "college"});
        t.add(Cue::Saint, false, {"St", "Saint"});
        // The suffixes are single words (data/street_suffixes.txt); a first word is enough for any other.
        for (const auto& s : Gazetteer::instance().streetSuffixes)
            t.add(Cue::Street, false, std::string_view(s).substr(0, s.find(' ')));
        // rules_names.cpp, honorific and called.
        t.add(Cue::Title, false,
              {"Mr",   "Mrs",  "Ms",        "Miss",     "Mx",        "Dr",        "Sir",       "Dame",       "Lady",
               "Lord", "Prof", "Professor", "Rev",      "Revd",      "Reverend",  "PC",        "DC",         "DS",
               "DI",   "DCI",  "Sgt",       "Sergeant", "Inspector", "Detective", "Constable", "Councillor", "Cllr"});
        t.add(Cue::Called, false, {"named", "called", "known", "calls", "goes", "went", "nicknamed"});
        return t;
    }();
    return table;
}

enum ByteClass : std::uint8_t { kOther, kLetter, kDigit, kUnderscore, kAt, kSlash, kColon, kHash, kFoldLead };

constexpr std::array<ByteClass, 256> kClasses = [] {
    std::array<ByteClass, 256> c{};
    for (int b = 'a'; b <= 'z'; ++b)
        c[static_cast<std::size_t>(b)] = kLetter;
    for (int b = 'A'; b <= 'Z'; ++b)
        c[static_cast<std::size_t>(b)] = kLetter;
    for (int b = '0'; b <= '9'; ++b)
        c[static_cast<std::size_t>(b)] = kDigit;
    c['_'] = kUnderscore;
    c['@'] = kAt;
    c['/'] = kSlash;
    c[':'] = kColon;
    c['#'] = kHash;
    c[0xC5] = kFoldLead;
    c[0xE2] = kFoldLead;
    return c;
}();

bool sameWord(std::string_view word, const CueWord& w) noexcept
{
    if (word.size() != w.text.size())
        return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        char c = word[k];
        if (w.icase && c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != w.text[k])
            return false;
    }
    return true;
}

} // namespace

Prefilter::Prefilter(std::string_view text, bool enabled) : m_text(text), m_enabled(enabled)
{
    if (!enabled)
        return;
    const CueTable& table = cueTable();
    const std::size_t n = text.size();
    const auto classOf = [&](std::size_t i) { return kClasses[static_cast<unsigned char>(text[i])]; };
    // Letters and '_' after the start of a word start no word; each '_' is a user name's trigger.
    const auto wordRest = [&](std::size_t i) {
        for (; i < n && (classOf(i) == kLetter || classOf(i) == kUnderscore); ++i)
            if (classOf(i) == kUnderscore)
                m_underscore.push_back({i, i + 1});
        return i;
    };
    std::size_t i = 0;
    while (i < n) {
        switch (classOf(i)) {
        case kLetter: {
            // A word starts here (the byte before is not [A-Za-z0-9_]: those are consumed with their runs).
            const std::size_t start = i;
            i = endOfAsciiLetters(text, i);
            const std::string_view word = text.substr(start, i - start);
            if (word.size() <= table.longest &&
                (table.lengthsByFirstByte[static_cast<unsigned char>(word[0])] >> word.size() & 1u) != 0)
                for (const std::uint16_t index :
                     table.byFirstByteAndLength[static_cast<unsigned char>(word[0]) * CueTable::kLengths +
                                                word.size()]) {
                    const CueWord& w = table.words[index];
                    auto& hits = m_cues[static_cast<std::size_t>(w.cue)];
                    if (sameWord(word, w) && (hits.empty() || hits.back().begin != start))
                        hits.push_back({start, i});
                }
            // The rest of the ASCII word starts no word.
            i = wordRest(i);
            break;
        }
        case kDigit:
        case kUnderscore: {
            // Digits and '_' continue a word too; letters after them start none.
            for (; i < n && classOf(i) == kUnderscore; ++i)
                m_underscore.push_back({i, i + 1});
            const std::size_t start = i;
            while (i < n && classOf(i) == kDigit)
                ++i;
            if (i > start)
                m_digitRuns.push_back({start, i});
            i = wordRest(i);
            break;
        }
        case kAt:
            m_at.push_back({i, i + 1});
            ++i;
            break;
        case kSlash:
            m_slash.push_back({i, i + 1});
            ++i;
            break;
        case kColon:
            m_colon.push_back({i, i + 1});
            ++i;
            break;
        case kHash:
            m_hash.push_back({i, i + 1});
            ++i;
            break;
        case kFoldLead:
            if ((text[i] == '\xC5' && i + 1 < n && text[i + 1] == '\xBF') ||
                (i + 2 < n && text[i + 1] == '\x84' && text[i + 2] == '\xAA'))
                m_unusualCaseFold = true;
            ++i;
            break;
        case kOther:
            ++i;
            break;
        }
    }
}

std::vector<Range> Prefilter::around(const std::vector<Range>& triggers, const Extent& before, const Extent& after,
                                     const ByteSet* mustHold) const
{
    if (!m_enabled)
        return {Range{0, m_text.size()}};
    const std::size_t n = m_text.size();
    std::vector<Range> out;
    const std::size_t unbounded = std::numeric_limits<std::size_t>::max();
    const bool countBefore = !before.allowed.full() || before.maxSpaces != unbounded;
    const bool countAfter = !after.allowed.full() || after.maxSpaces != unbounded;
    for (const Range& t : triggers) {
        std::size_t b = t.begin - std::min(t.begin, before.maxBytes);
        if (countBefore) {
            b = t.begin;
            std::size_t spaces = 0;
            while (b > 0 && t.begin - b < before.maxBytes && before.allowed.contains(m_text[b - 1])) {
                if (m_text[b - 1] == ' ' && ++spaces > before.maxSpaces)
                    break;
                --b;
            }
        }
        std::size_t e = t.end + std::min(n - t.end, after.maxBytes);
        if (countAfter) {
            e = t.end;
            std::size_t spaces = 0;
            while (e < n && e - t.end < after.maxBytes && after.allowed.contains(m_text[e])) {
                if (m_text[e] == ' ' && ++spaces > after.maxSpaces)
                    break;
                ++e;
            }
        }
        // Whole code points only, so that RE2 never sees a window cut through a character.
        while (b > 0 && (static_cast<unsigned char>(m_text[b]) & 0xC0u) == 0x80u)
            --b;
        while (e < n && (static_cast<unsigned char>(m_text[e]) & 0xC0u) == 0x80u)
            ++e;
        if (mustHold != nullptr && std::none_of(m_text.begin() + static_cast<std::ptrdiff_t>(b),
                                                m_text.begin() + static_cast<std::ptrdiff_t>(e),
                                                [&](char c) { return mustHold->contains(c); }))
            continue;
        // Triggers come in text order and a later trigger's window cannot start before an earlier one's
        // (its extent passes the earlier trigger with less budget left), so merging needs no sort.
        if (!out.empty() && b <= out.back().end)
            out.back().end = std::max(out.back().end, e);
        else
            out.push_back({b, e});
    }
    return out;
}

std::vector<Range> Prefilter::nearDigits(std::size_t maxLen) const
{
    const Extent reach{ByteSet::all(), maxLen > 0 ? maxLen - 1 : 0};
    return around(m_digitRuns, reach, reach, nullptr);
}

std::vector<Range> Prefilter::aroundByte(char c, const Extent& before, const Extent& after) const
{
    const std::vector<Range>& triggers = c == '@'   ? m_at
                                         : c == '/' ? m_slash
                                         : c == ':' ? m_colon
                                         : c == '_' ? m_underscore
                                                    : m_hash;
    return around(triggers, before, after, nullptr);
}

std::vector<Range> Prefilter::aroundCue(Cue cue, const Extent& before, const Extent& after,
                                        const ByteSet* mustHold) const
{
    const bool icase = cue == Cue::Link || cue == Cue::Platform;
    if (icase && m_unusualCaseFold)
        return {Range{0, m_text.size()}};
    return around(m_cues[static_cast<std::size_t>(cue)], before, after, mustHold);
}

} // namespace evidence::anon::detail
