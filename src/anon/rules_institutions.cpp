// Schools (docs/anonymisation.md §2.12; Sexual Offences (Amendment) Act 1992 s.1(3A), §4.3) and named streets
// and estates (§2.12 last paragraph, §4.4 "never street, estate, postcode").

#include "anon/rules.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

namespace evidence::anon::detail {
namespace {

constexpr const char* kNameWord = R"([A-Z][A-Za-z'\-]*)";

std::string schoolPattern()
{
    return std::string(R"(\b((?:(?:St\.?|Saint|Ysgol) )?)") + kNameWord + R"((?: (?:)" + kNameWord +
           R"(|of|the|and|&|upon|on|in|C of E|VI|VII|VIII)){0,7}) )"
           R"((?:(?:C of E|CofE|CE|RC|Roman Catholic|Catholic|Church of England|Church in Wales|Methodist|Community|Foundation|Free|Voluntary Aided|Voluntary Controlled|VA|VC) ){0,3})"
           R"((?:(?:Primary|Junior|Infant|Infants'?|Nursery|First|Middle|Secondary|High|Grammar|Upper|Lower|Prep|Preparatory|Comprehensive|Special|Technical|Church|Catholic)(?: (?:and|&) (?:Primary|Junior|Infant|Nursery))? )?)"
           R"((School|Academy|College|Sixth Form College)\b)";
}

std::string shortSchoolPattern()
{
    return std::string(R"(\b()") + kNameWord + R"((?: (?:)" + kNameWord + R"(|of|the|and|upon|on)){0,7}) )" +
           R"((Primary|High|Grammar|Secondary)\b)";
}

std::string streetPattern(const std::vector<std::string>& suffixes)
{
    std::string alt;
    for (const auto& s : suffixes) {
        if (!alt.empty())
            alt += '|';
        alt += s;
    }
    return R"(\b(?:([0-9]{1,4}[A-Za-z]?),? )?((?:St\.? |Saint )?[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+){0,2}) ()" +
           alt + R"()\b)";
}

struct Patterns
{
    std::unique_ptr<RE2> school = compile(schoolPattern(), false);
    std::unique_ptr<RE2> shortSchool = compile(shortSchoolPattern(), false);
    std::unique_ptr<RE2> welsh = compile(R"(\bYsgol(?: (?:y|yr))?(?: [A-Z][A-Za-z'\-]*){1,6})", false);
    std::unique_ptr<RE2> lowerSchool = compile(
        R"(\b(?:at|attends|attended|attending|goes to|went to|go to|pupil at|pupils at|student at|students at) ([A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+){0,5}) (?:school|academy|college)\b)",
        false);
    // "at St Anne's", "went to St Bede's": a saint's name alone is how many schools are known locally.
    std::unique_ptr<RE2> saint = compile(
        R"(\b(?:at|attends|attended|attending|goes to|went to|go to|pupil at|pupils at|student at|students at|moved to|started at|left) ((?:St\.?|Saint) [A-Z][a-z]+(?:'s)?)\b)",
        false);
    std::unique_ptr<RE2> street = compile(streetPattern(Gazetteer::instance().streetSuffixes), false);
    /// Spaces inside the longest street suffix (for the windows of the street pattern).
    std::size_t suffixSpaces = [] {
        std::size_t most = 0;
        for (const auto& s : Gazetteer::instance().streetSuffixes)
            most = std::max(most, static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ')));
        return most;
    }();
};

// Windows (prefilter.h) of the patterns below: each match ends with, starts with or holds a cue word.
constexpr std::size_t kAny = std::numeric_limits<std::size_t>::max();
/// Bytes of the capitalised words the patterns are made of (kNameWord), and the spaces between them.
const ByteSet kNameBytes = ByteSet::of("'- ", "a-zA-Z");
/// The rest of the cue word: the match ends at a word boundary.
const Extent kWordEnd{ByteSet::of("_", "a-zA-Z0-9"), kAny, 0};

const Patterns& patterns()
{
    static const Patterns p;
    return p;
}

/// Words that never name a school on their own (§2.12 post-filter), lower case.
bool schoolStopWord(std::string_view lower)
{
    static constexpr std::array<std::string_view, 58> words = {
        "the",           "a",        "an",        "every",     "each",
        "her",           "his",      "their",     "our",       "my",
        "your",          "its",      "this",      "that",      "local",
        "new",           "same",     "another",   "any",       "no",
        "one",           "which",    "what",      "whose",     "st",
        "st.",           "saint",    "of",        "and",       "&",
        "primary",       "junior",   "infant",    "infants",   "infants'",
        "nursery",       "first",    "middle",    "secondary", "high",
        "grammar",       "upper",    "lower",     "prep",      "preparatory",
        "comprehensive", "special",  "technical", "church",    "catholic",
        "school",        "academy",  "college",   "sixth",     "form",
        "former",        "previous", "current"};
    for (const auto w : words)
        if (w == lower)
            return true;
    return false;
}

bool monthOrDay(std::string_view lower)
{
    static constexpr std::array<std::string_view, 19> words = {
        "january",   "february",  "march",   "april",    "may",      "june",   "july",
        "august",    "september", "october", "november", "december", "monday", "tuesday",
        "wednesday", "thursday",  "friday",  "saturday", "sunday"};
    for (const auto w : words)
        if (w == lower)
            return true;
    return false;
}

struct Word
{
    std::size_t begin;
    std::string_view text;
};

std::vector<Word> words(std::string_view text, std::size_t begin, std::size_t end)
{
    std::vector<Word> out;
    std::size_t i = begin;
    while (i < end) {
        while (i < end && text[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < end && text[i] != ' ')
            ++i;
        if (i > start)
            out.push_back({start, text.substr(start, i - start)});
    }
    return out;
}

/// Index of the first word that is not a sentence opener (function word, month, day).
std::size_t skipOpeners(const Input& in, const std::vector<Word>& ws, std::size_t limit)
{
    std::size_t i = 0;
    while (i < limit) {
        const std::string lower = text::toLowerAscii(ws[i].text);
        if (!in.gaz.isFunctionWord(lower) && !monthOrDay(lower))
            break;
        // "Our Lady of Lourdes", "All Saints", "All Souls": a dedication, the first word of the name.
        const std::string next = i + 1 < ws.size() ? text::toLowerAscii(ws[i + 1].text) : std::string();
        if ((lower == "our" && (next == "lady" || next == "lady's" || next == "saviour" || next == "redeemer")) ||
            (lower == "all" && (next == "saints" || next == "souls" || next == "hallows" || next == "saints'")))
            break;
        ++i;
    }
    return i;
}

/// Start of the school name inside [b, typeBegin): leading openers dropped ("In", "She", "March"), a
/// leading "The" kept. npos when no word can name a school.
std::size_t schoolNameStart(const Input& in, std::size_t b, std::size_t typeBegin)
{
    const std::vector<Word> ws = words(in.text, b, typeBegin);
    std::size_t first = skipOpeners(in, ws, ws.size());
    if (first == ws.size())
        return std::string_view::npos;
    // The words up to the first type word must include a real name word.
    std::size_t firstType = first;
    // A dedication kept by skipOpeners() ("Our Lady of ...", "All Saints") names the school.
    const std::string firstLower = text::toLowerAscii(ws[first].text);
    bool named = firstLower == "our" || firstLower == "all";
    for (; firstType < ws.size(); ++firstType) {
        const std::string lower = text::toLowerAscii(ws[firstType].text);
        if (lower == "st" || lower == "st." || lower == "saint" || lower == "of" || lower == "the" || lower == "and" ||
            lower == "&" || lower == "c" || lower == "e")
            continue;
        if (schoolStopWord(lower))
            break;
        named = true;
    }
    if (!named)
        return std::string_view::npos;
    if (first > 0 && text::toLowerAscii(ws[first - 1].text) == "the")
        return ws[first - 1].begin;
    return ws[first].begin;
}

const std::string kSchoolAdvice =
    "Remove the school's name (identifying matter under the Sexual Offences (Amendment) Act 1992); write "
    "\"her school\" or \"a local school\".";

void findSchools(const Input& in, std::vector<Candidate>& out)
{
    // A school name ends with its type word and holds fewer than 40 spaces (8 name parts of up to 3 words,
    // a denomination and a type of up to 3 words each).
    const auto schools = in.where.aroundCue(Cue::School, Extent{ByteSet::of("'-&. ", "a-zA-Z"), kAny, 40}, kWordEnd);
    forEachMatch(*patterns().school, in.text, schools, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::size_t e = b + g[0].size();
        const std::size_t typeBegin = offsetIn(in.text, g[2]);
        const std::string_view type(g[2].data(), g[2].size());
        // "Royal College of Nursing", "Academy of ...": professional bodies, not schools.
        if ((type == "College" || type == "Academy") && in.text.substr(e, 4) == " of ")
            return false;
        const std::size_t start = schoolNameStart(in, b, typeBegin);
        if (start == std::string_view::npos)
            return false;
        out.push_back(Candidate{start, e, FindingKind::School, Severity::Block, "school.name", "named school",
                                "a local school", kSchoolAdvice});
        return true;
    });
    const auto ysgol = in.where.aroundCue(Cue::Ysgol, Extent{}, Extent{kNameBytes, kAny, 8});
    forEachMatch(*patterns().welsh, in.text, ysgol, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        out.push_back(Candidate{b, b + g[0].size(), FindingKind::School, Severity::Block, "school.ysgol",
                                "named Welsh school (Ysgol)", "a local school", kSchoolAdvice});
        return true;
    });
    const auto shortNames = in.where.aroundCue(Cue::ShortSchool, Extent{kNameBytes, kAny, 10}, kWordEnd);
    forEachMatch(*patterns().shortSchool, in.text, shortNames, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::size_t e = b + g[0].size();
        // Part of a longer Title Case phrase ("Primary Schools", "High Street", "Secondary Education")?
        if (e + 1 < in.text.size() && in.text[e] == ' ' && isUpper(in.text[e + 1]))
            return false;
        const auto next = tokensAfter(in.text, e, 1);
        if (!next.empty() && (next[0] == "schools" || next[0] == "school" || next[0] == "academies" ||
                              next[0] == "colleges" || next[0] == "education" || next[0] == "pupils" ||
                              next[0] == "children" || next[0] == "age" || next[0] == "aged" || next[0] == "years" ||
                              next[0] == "level" || next[0] == "phase" || next[0] == "stage" || next[0] == "court" ||
                              next[0] == "street" || next[0] == "road" || next[0] == "teachers" || next[0] == "sector"))
            return false;
        const std::size_t start = schoolNameStart(in, b, offsetIn(in.text, g[2]));
        if (start == std::string_view::npos)
            return false;
        // A short name is one to three capitalised words, none of them a function word ("Westfield High").
        const std::vector<Word> ws = words(in.text, start, offsetIn(in.text, g[2]));
        if (ws.empty() || ws.size() > 3)
            return false;
        for (const auto& w : ws)
            if (!isUpper(w.text[0]) || in.gaz.isFunctionWord(text::toLowerAscii(w.text)))
                return false;
        out.push_back(Candidate{start, e, FindingKind::School, Severity::Warn, "school.short",
                                "possible school name (\"Westfield High\")", "a local school", kSchoolAdvice});
        return true;
    });
    // "students at St. Anne's": two lower-case words before the saint, one space after it.
    const auto saints = in.where.aroundCue(Cue::Saint, Extent{ByteSet::of(" ", "a-z"), kAny, 2},
                                           Extent{ByteSet::of(".' ", "a-zA-Z"), kAny, 1});
    forEachMatch(*patterns().saint, in.text, saints, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[1]);
        const std::size_t e = b + g[1].size();
        out.push_back(Candidate{b, e, FindingKind::School, Severity::Warn, "school.saint",
                                "possible school or church named after a saint (\"at St Anne's\")", "a local school",
                                kSchoolAdvice});
        return true;
    });
    // "went to Westfield Park Road Junior school": up to 8 spaces, and a capital letter.
    const ByteSet capital = ByteSet::of("", "A-Z");
    const auto lower = in.where.aroundCue(Cue::LowerSchool, Extent{kNameBytes, kAny, 10}, kWordEnd, &capital);
    forEachMatch(*patterns().lowerSchool, in.text, lower, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[1]);
        const std::size_t e = offsetIn(in.text, g[0]) + g[0].size();
        const std::size_t start = schoolNameStart(in, b, offsetIn(in.text, g[1]) + g[1].size());
        if (start == std::string_view::npos)
            return false;
        out.push_back(Candidate{start, e, FindingKind::School, Severity::Warn, "school.lowercase",
                                "possible school name", "a local school", kSchoolAdvice});
        return true;
    });
}

/// First words that make "X Court", "X Drive", ... something other than a street.
bool notAStreet(std::string_view firstLower, std::string_view suffix)
{
    struct Exclusion
    {
        std::string_view suffix;
        std::string_view words; // space-separated
    };
    static constexpr std::array<Exclusion, 9> exclusions = {{
        {"Court", "crown magistrates magistrates' youth family high supreme county appeal coroner's coroners sheriff "
                  "combined royal criminal civil european international food tennis"},
        {"Drive", "hard google flash test usb disk thumb pen external one cloud sex"},
        {"Park", "car theme national country science business retail holiday industrial trampoline skate water "
                 "safari jurassic"},
        {"Lane", "memory fast bus slow cycle"},
        {"Way", "milky right wrong other same"},
        {"Place", "safe happy work market"},
        {"View", "street google"},
        {"Road", "silk open"},
        {"Square", "town"},
    }};
    for (const auto& ex : exclusions) {
        if (ex.suffix != suffix)
            continue;
        std::size_t start = 0;
        while (start < ex.words.size()) {
            std::size_t sp = ex.words.find(' ', start);
            if (sp == std::string_view::npos)
                sp = ex.words.size();
            if (ex.words.substr(start, sp - start) == firstLower)
                return true;
            start = sp + 1;
        }
    }
    return false;
}

void findStreets(const Input& in, std::vector<Candidate>& out)
{
    // "12a, St. Mary Magdalene Road": a number, a saint and three words (5 spaces) before the suffix.
    const auto streets = in.where.aroundCue(Cue::Street, Extent{ByteSet::of("'-,. ", "a-zA-Z0-9"), kAny, 6},
                                            Extent{ByteSet::of(" _", "a-zA-Z0-9"), kAny, patterns().suffixSpaces});
    forEachMatch(*patterns().street, in.text, streets, false, [&](const auto& g) {
        const std::size_t nameBegin = offsetIn(in.text, g[2]);
        const std::size_t e = offsetIn(in.text, g[0]) + g[0].size();
        const std::string_view suffix(g[3].data(), g[3].size());
        const std::vector<Word> ws = words(in.text, nameBegin, nameBegin + g[2].size());
        const std::size_t first = skipOpeners(in, ws, ws.size());
        if (first == ws.size())
            return false;
        if (notAStreet(text::toLowerAscii(ws.back().text), suffix))
            return false;
        const bool number0 = g[1].data() != nullptr && first == 0;
        if (!number0 && suffix == "Street" && ws.size() - first == 1 && ws.back().text == "High" &&
            findPhrase(tokensBefore(in.text, ws[first].begin, 1), {"the"}) == "the")
            return false; // "the High Street": the retail sector or any town's main street
        const bool number = g[1].data() != nullptr && first == 0;
        const std::size_t b = number ? offsetIn(in.text, g[1]) : ws[first].begin;
        const auto context = findPhrase(tokensBefore(in.text, b, 4), {"lives", "lived", "living", "live", "home",
                                                                      "address", "flat", "house", "moved"});
        Severity sev = Severity::Warn;
        std::string reason = "named street or estate";
        if (number) {
            sev = Severity::Block;
            reason = "street address with a house number";
        } else if (!context.empty()) {
            sev = Severity::Block;
            reason = "home street; " + contextReason(context);
        }
        out.push_back(Candidate{b, e, FindingKind::StreetAddress, sev, number ? "street.address" : "street.name",
                                std::move(reason), sev == Severity::Block ? "[address removed]" : "a local street",
                                "Remove the street name; say \"near her home\" or give the region."});
        return true;
    });
}

} // namespace

void findInstitutions(const Input& in, std::vector<Candidate>& out)
{
    findSchools(in, out);
    findStreets(in, out);
}

} // namespace evidence::anon::detail
