// Personal names (docs/anonymisation.md §2.13) and towns below region level (§4.4).
//
// There is no NER in C++, so names come from three rules: an honorific before a capitalised word (BLOCK),
// "called/named X" (WARN), and a gazetteer of common UK first names (WARN; BLOCK when a surname follows).
// `Name*` is a declared pseudonym and is never reported (unless on the caller's collision deny-list).
// Towns come from a gazetteer with their ITL1 region, so the fix can generalise a town to its region.
// Entries that are also common words or names carry an ambiguity flag (gazetteer.h, data/README.md).

#include "anon/normalise.h"
#include "anon/rules.h"
#include "core/text.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>

namespace evidence::anon::detail {
namespace {

/// A capitalised name: "Smith", "O'Brien", "McDonald", "Smith-Jones".
constexpr const char* kNamePattern = R"([A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?)";

struct Patterns
{
    std::unique_ptr<RE2> honorific = compile(
        std::string(
            R"(\b((?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lady|Lord|Prof|Professor|Rev|Revd|Reverend|PC|DC|DS|DI|DCI|Sgt|Sergeant|Inspector|Detective|Constable|Councillor|Cllr)\.? ){1,3})()") +
            kNamePattern + ")(?: (" + kNamePattern + "))?",
        false);
    std::unique_ptr<RE2> called = compile(
        std::string(
            R"(\b(?:named|called|known as|calls himself|calls herself|called himself|called herself|goes by|went by|nicknamed) ()") +
            kNamePattern + ")",
        false);
};

const Patterns& patterns()
{
    static const Patterns p;
    return p;
}

constexpr std::size_t kAny = std::numeric_limits<std::size_t>::max();

bool inList(std::string_view lower, std::initializer_list<std::string_view> list)
{
    for (const auto w : list)
        if (w == lower)
            return true;
    return false;
}

bool platformOrService(std::string_view lower)
{
    static const WordList kWords{
        "snapchat", "snap",      "instagram", "insta",    "tiktok",      "whatsapp", "facebook", "messenger", "discord",
        "kik",      "telegram",  "roblox",    "fortnite", "minecraft",   "youtube",  "twitter",  "omegle",    "yubo",
        "wink",     "hoop",      "monkey",    "xbox",     "playstation", "steam",    "twitch",   "reddit",    "threads",
        "signal",   "viber",     "skype",     "zoom",     "teams",       "grindr",   "tinder",   "bumble",    "hinge",
        "onlyfans", "childline", "nspcc",     "ceop",     "barnardo",    "google",   "apple",    "android",   "iphone",
        "ipad",     "meta",      "microsoft", "amazon",   "alexa",       "siri",     "chatgpt"};
    return kWords.contains(lower);
}

bool familyOrRole(std::string_view lower)
{
    static const WordList kWords{
        "mum",   "mummy",   "mom",     "mommy",   "mam",     "dad",         "daddy",       "nan",      "nana",  "nanna",
        "gran",  "granny",  "grandma", "grandad", "grandpa", "grandmother", "grandfather", "auntie",   "aunty", "aunt",
        "uncle", "sis",     "bro",     "babe",    "baby",    "darling",     "sweetie",     "princess", "boss",  "sir",
        "miss",  "teacher", "police",  "coach",   "stepdad", "stepmum",     "mister",      "bestie"};
    return kWords.contains(lower);
}

bool monthOrDay(std::string_view lower)
{
    static const WordList kWords{"january",   "february",  "march",   "april",    "may",      "june",   "july",
                                 "august",    "september", "october", "november", "december", "monday", "tuesday",
                                 "wednesday", "thursday",  "friday",  "saturday", "sunday"};
    return kWords.contains(lower);
}

bool isLetterAt(std::string_view text, std::size_t pos, std::size_t& len)
{
    const char c = text[pos];
    if (isUpper(c) || isLower(c)) {
        len = 1;
        return true;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
        len = 1;
        return false;
    }
    char32_t cp = 0;
    len = decodeUtf8(text, pos, cp);
    return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

/// Title case: an ASCII capital followed by a lower-case letter (or a one-letter word).
bool titleCase(std::string_view w)
{
    if (w.empty() || !isUpper(w[0]))
        return false;
    return w.size() == 1 || !isUpper(w[1]) || w.size() == 2;
}

/// All capitals, three letters or more ("OLIVIA", "MCCARTHY"): how names appear in headings, forms and messages.
bool allCaps(std::string_view w)
{
    if (w.size() < 3)
        return false;
    for (const char c : w)
        if (isLower(c))
            return false;
    return isUpper(w[0]) && isUpper(w[1]);
}

bool allLower(std::string_view w)
{
    for (const char c : w)
        if (!isLower(c) && c != '\'' && c != '-')
            return false;
    return !w.empty();
}

/// Written as a name can be: Title Case, or all capitals.
bool nameCase(std::string_view w)
{
    return titleCase(w) || allCaps(w);
}

/// First names that are also English words a gazetteer of common words may not hold; written in lower case
/// they are the word ("a holly bush", "amber alert"), so the lower-case rule skips them.
bool wordWhenLower(std::string_view lower)
{
    static const WordList kWords{
        "amber",   "angel",   "april",   "art",     "ash",   "autumn",  "bay",    "bill",     "blue",   "bob",
        "brook",   "brooke",  "carol",   "chase",   "cliff", "crystal", "daisy",  "dale",     "dawn",   "dean",
        "destiny", "drew",    "eve",     "faith",   "frank", "gene",    "ginger", "glen",     "grace",  "grant",
        "guy",     "harmony", "hazel",   "heather", "holly", "honey",   "hope",   "hunter",   "iris",   "ivy",
        "jack",    "jade",    "jasmine", "joy",     "june",  "kit",     "lance",  "liberty",  "lily",   "mark",
        "may",     "melody",  "mercy",   "miles",   "misty", "olive",   "pat",    "patience", "pearl",  "penny",
        "poppy",   "rain",    "ray",     "reed",    "rich",  "river",   "rob",    "robin",    "rose",   "rowan",
        "ruby",    "rusty",   "sage",    "sandy",   "sky",   "star",    "storm",  "sue",      "summer", "violet",
        "wade",    "will",    "willow",  "ember",   "sonny", "sunny",   "rocky",  "buddy",    "max",    "don",
        "ben",     "di",      "al",      "mo",      "jo",    "ed",      "ted",    "nick",     "norman", "hank",
        "bud",     "dot",     "patsy",   "peg",     "dev",   "lee",     "kay",    "jay",      "dee",    "van",
        "sol",     "happy",   "lucky"};
    return kWords.contains(lower);
}

/// Last words of a Title Case name that makes a first name part of an organisation, law or award:
/// "Lucy Faithfull Foundation", "Sarah's Law", "Clare's Law", "Grace Darling Trust".
bool organisationWord(std::string_view lower)
{
    static const WordList kWords{"foundation",  "trust",    "fund",      "charity",   "centre",  "center",   "house",
                                 "hospice",     "hospital", "institute", "society",   "appeal",  "award",    "awards",
                                 "prize",       "law",      "laws",      "act",       "report",  "review",   "inquiry",
                                 "principle",   "scheme",   "project",   "programme", "service", "services", "network",
                                 "partnership", "unit",     "ward",      "lecture",   "memorial"};
    return kWords.contains(lower);
}

/// The token without a possessive "'s" or "'".
inline std::string_view stripPossessive(std::string_view w)
{
    if (w.size() > 2 && w[w.size() - 2] == '\'' && (w.back() == 's' || w.back() == 'S'))
        return w.substr(0, w.size() - 2);
    return w;
}

/// True when the token is glued to an e-mail address, link, handle or number.
bool gluedToSomething(std::string_view text, std::size_t b, std::size_t e)
{
    if (b > 0) {
        const char p = text[b - 1];
        if (p == '@' || p == '#' || p == '_' || p == '/' || p == '\\' || isDigit(p))
            return true;
        if (p == '.' && b >= 2 && isAlnum(text[b - 2]))
            return true;
    }
    if (e < text.size()) {
        const char n = text[e];
        if (n == '@' || n == '_' || isDigit(n))
            return true;
        if (n == '.' && e + 1 < text.size() && isAlnum(text[e + 1]))
            return true;
    }
    return false;
}

bool starAfter(std::string_view text, std::size_t e)
{
    return e < text.size() && text[e] == '*';
}

/// The gap between two tokens is exactly one space.
bool singleSpace(std::string_view text, const Token& a, const Token& b)
{
    return b.begin == a.end + 1 && text[a.end] == ' ';
}

/// Previous token's lower-case text when it directly precedes @p i (only spaces between), else empty.
std::string_view previousWord(const Input& in, const std::vector<Token>& toks, std::size_t i)
{
    if (i == 0)
        return {};
    for (std::size_t p = toks[i - 1].end; p < toks[i].begin; ++p)
        if (in.text[p] != ' ')
            return {};
    return in.lowerOf(toks[i - 1]);
}

bool locativeCue(std::string_view lower)
{
    static const WordList kWords{"in",      "at",       "from",    "near",  "around", "outside",
                                 "to",      "towards",  "into",    "nr",    "via",    "across",
                                 "through", "visiting", "visited", "visit", "nearby", "central"};
    return kWords.contains(lower);
}

const Town* townAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::size_t& words)
{
    // Most capitalised words start no town name: one look-up instead of building a key per length.
    const std::string_view first = in.lowerOf(toks[i]);
    const std::string_view stripped = stripPossessive(first);
    if (!in.gaz.isTownFirstWord(first) && (stripped.size() == first.size() || !in.gaz.isTownFirstWord(stripped)))
        return nullptr;
    // The longest name wins. The key grows a word at a time while it is still the start of some name ("the" of
    // "The Wirral"), so a common first word costs a look-up or two, not one per possible length.
    const std::size_t maxWords = std::min(in.gaz.maxTownWords, toks.size() - i);
    const Town* found = nullptr;
    std::string key;
    for (std::size_t k = 1; k <= maxWords; ++k) {
        const Token& t = toks[i + k - 1];
        if (k > 1) {
            const Token& prev = toks[i + k - 2];
            const std::string_view gap = in.text.substr(prev.end, t.begin - prev.end);
            if (gap != " " && !(gap == ". " && (prev.view(in.text) == "St" || prev.view(in.text) == "st")))
                break;
            key += ' ';
        }
        const std::size_t before = key.size();
        key += stripPossessive(in.lowerOf(t));
        const auto it = in.gaz.towns.find(key);
        if (it != in.gaz.towns.end()) {
            words = k;
            found = &it->second;
        }
        key.resize(before);
        key += in.lowerOf(t);
        if (!in.gaz.isTownPrefix(key))
            break;
    }
    return found;
}

bool policeWord(std::string_view lower)
{
    static const WordList kWords{"police", "constabulary", "force", "forces", "pcc", "police's", "constabulary's"};
    return kWords.contains(lower);
}

/// Marks the tokens of police force area, region and nation names (data/police_force_areas.tsv): the tool's
/// figures are published at that level, so they are about no one and never reported as places (§4.4).
/// A name that is also a town ("Durham") is marked only when a police word follows ("Durham Constabulary").
/// Returns the index of the next token to look at.
std::size_t forceAreaAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::vector<bool>& marked)
{
    if (!isUpper(in.text[toks[i].begin]))
        return i + 1;
    const std::size_t maxWords = std::min(in.gaz.maxForceAreaWords, toks.size() - i);
    std::string key;
    std::size_t found = 0;
    for (std::size_t k = 0; k < maxWords; ++k) {
        if (k > 0) {
            const std::string_view gap = in.text.substr(toks[i + k - 1].end, toks[i + k].begin - toks[i + k - 1].end);
            if (gap == " & ")
                key += " and";
            else if (gap != " " && gap != "-")
                break;
            key += ' ';
        }
        key += stripPossessive(in.lowerOf(toks[i + k]));
        const auto it = in.gaz.forceAreas.find(key);
        if (it == in.gaz.forceAreas.end())
            break; // every longer key starts with this one: none is a name when this starts none
        if (it->second == Gazetteer::ForceAreaKey::Start)
            continue;
        const bool policeAfter = i + k + 1 < toks.size() && policeWord(in.lowerOf(toks[i + k + 1]));
        if (it->second == Gazetteer::ForceAreaKey::Name || policeAfter)
            found = k + 1;
    }
    for (std::size_t k = 0; k < found; ++k)
        marked[i + k] = true;
    return i + std::max<std::size_t>(found, 1);
}

/// Endings of abstract nouns and adjectives that no first name or village has ("Prevention", "Funding",
/// "Safety"): a sentence opening with one of them is about policy, not a person. Places may end in "-ing"
/// (Reading, Woking, Little Snoring), so for a place that ending does not count.
bool wordEnding(std::string_view lower, bool place = false)
{
    if (place && lower.ends_with("ing"))
        return false;
    for (const std::string_view end : {"tion", "sion", "ing", "ity", "ness", "ment", "ence", "ance", "ism", "ship",
                                       "ology", "ics", "able", "ible", "ful", "less", "ies", "ers"})
        if (lower.size() > end.size() + 2 && lower.ends_with(end))
            return true;
    return false;
}

/// Words that, after "in" or "from", name something other than a place.
bool notAPlaceWord(std::string_view lower)
{
    static const WordList kWords{
        "ofsted", "cafcass", "parliament", "government", "court", "year", "reception", "key", "stage", "care", "foster",
        "custody", "hospital", "school", "college", "university", "class", "court", "crown", "magistrates", "english",
        "maths", "science", "art", "history", "geography", "pe", "re", "pshe", "rse", "covid", "lockdown", "christmas",
        "easter", "ramadan", "diwali", "eid", "halloween", "summer", "spring", "autumn", "winter", "britain", "europe",
        "africa", "asia", "america", "australia", "ireland", "poland", "romania", "pakistan", "india", "bangladesh",
        "nigeria", "somalia", "syria", "afghanistan", "iraq", "iran", "eritrea", "sudan", "albania", "vietnam", "china",
        "jamaica", "ukraine", "lithuania", "latvia", "turkey", "portugal", "spain", "france", "italy", "germany",
        // Large places abroad, as common in case studies as they are harmless there.
        "paris", "sydney", "dubai", "lagos", "karachi", "lahore", "islamabad", "dhaka", "delhi", "mumbai", "bucharest",
        "warsaw", "krakow", "vilnius", "riga", "tirana", "kabul", "baghdad", "damascus", "mogadishu", "asmara",
        "khartoum", "nairobi", "accra", "kingston", "toronto", "melbourne", "auckland", "madrid", "barcelona", "lisbon",
        "rome", "milan", "berlin", "amsterdam", "brussels", "dublin", "istanbul", "kyiv", "kiev", "moscow", "beijing",
        "shanghai", "tokyo", "manila", "bangkok", "washington", "boston", "chicago", "canada", "usa", "europe's",
        "morocco", "egypt", "kenya", "ghana", "zimbabwe", "philippines", "thailand", "greece", "cyprus", "malta",
        "bulgaria", "hungary", "slovakia", "czechia", "estonia", "russia", "brazil", "mexico", "peru", "colombia",
        "ethiopia", "yemen", "libya", "tunisia", "algeria", "mali", "congo", "uganda", "tanzania", "zambia", "malawi",
        "caribbean", "barbados", "trinidad"};
    return kWords.contains(lower);
}

/// "the only 12-year-old in Little Snoring", "moved to a farm outside Ravenstonedale": a capitalised word that
/// no list knows, right after a place cue, is taken for a village or hamlet (no gazetteer lists them all).
/// Returns the index of the next token to look at (tokens from 1 on).
std::size_t unlistedPlaceAt(const Input& in, const std::vector<Token>& toks, const std::vector<bool>& area,
                            std::size_t i, std::vector<Candidate>& out)
{
    // The run below starts only at a Title Case word outside a force area's name.
    const std::string_view first = toks[i].view(in.text);
    if (!titleCase(first) || (first.size() > 1 && isUpper(first[1])) || area[i])
        return i + 1;
    // The run: up to three Title Case words, one space apart.
    std::size_t last = i;
    bool unknown = false;
    for (std::size_t j = i; j < toks.size() && j < i + 3; ++j) {
        if (j > i && !singleSpace(in.text, toks[j - 1], toks[j]))
            break;
        const std::string_view w = toks[j].view(in.text);
        if (!titleCase(w) || (w.size() > 1 && isUpper(w[1])) || area[j])
            break;
        const std::string_view lower = stripPossessive(toks[j].view(in.lower));
        // "The ...", "in Jade's room" (a person): no run holding the word is reported.
        if (j == i && (w.size() < 3 || w.size() != stripPossessive(w).size()))
            return i + 1;
        if (in.gaz.isFunctionWord(lower) || monthOrDay(lower) || platformOrService(lower) || familyOrRole(lower) ||
            notAPlaceWord(lower) || policeWord(lower))
            return i + 1;
        if (!in.gaz.isCommonWord(lower) && in.gaz.firstNames.count(lower) == 0 && in.gaz.towns.count(lower) == 0 &&
            !wordEnding(lower, true))
            unknown = true;
        last = j;
        if (w.size() != stripPossessive(w).size())
            break;
    }
    if (!unknown)
        return i + 1;
    // The cue before the run, looked at only for a run no list knows (most capitalised words are known).
    const std::string_view prev = previousWord(in, toks, i);
    const std::string_view prev2 = i >= 2 ? in.lowerOf(toks[i - 2]) : std::string_view();
    bool cue = inList(prev, {"in", "from", "outside", "near", "nr", "around"});
    if (prev == "of")
        cue = inList(prev2, {"village", "hamlet", "town", "outskirts", "edge"});
    if (prev == "to")
        cue = inList(prev2, {"moved", "move", "moving", "moves", "went", "taken", "sent", "relocated", "rehoused",
                             "placed", "returned", "back", "travelled", "driven"});
    const std::size_t b = toks[i].begin;
    const std::size_t e = toks[last].begin + stripPossessive(toks[last].view(in.text)).size();
    if (!cue) {
        // "Blakeney, a small village", "Tolpuddle village": the text says what it is.
        const auto after = tokensAfter(in.text, e, 4);
        cue =
            !findPhrase(after, {"a village", "a small village", "a tiny village", "a rural village", "a remote village",
                                "a little village", "a hamlet", "a small hamlet", "village", "hamlet"})
                 .empty() &&
            (after[0] == "a" || after[0] == "village" || after[0] == "hamlet");
    }
    if (!cue)
        return i + 1;
    if (starAfter(in.text, e) || gluedToSomething(in.text, b, e))
        return i + 1;
    // "in Oakfield Primary", "from Riverside Road": schools and streets are other rules' business.
    if (last + 1 < toks.size() && singleSpace(in.text, toks[last], toks[last + 1]) &&
        titleCase(toks[last + 1].view(in.text)))
        return i + 1;
    // "from Freedom of Information requests", "in Keeping Children Safe": a title, not a place.
    if (last + 2 < toks.size() && singleSpace(in.text, toks[last], toks[last + 1]) &&
        singleSpace(in.text, toks[last + 1], toks[last + 2]) &&
        inList(in.lowerOf(toks[last + 1]), {"of", "for", "and", "to", "in", "on", "the"}) &&
        isUpper(in.text[toks[last + 2].begin]))
        return i + 1;
    out.push_back(Candidate{b, e, FindingKind::Place, Severity::Warn, "place.unlisted",
                            "capitalised word after \"" + std::string(prev) +
                                "\" that no word list knows: possibly a village "
                                "or hamlet",
                            "[place removed]", "Remove the place or generalise it to its region."});
    return last + 1;
}

std::size_t placeAt(const Input& in, const std::vector<Token>& toks, const std::vector<bool>& area, std::size_t i,
                    std::vector<Candidate>& out)
{
    if (!titleCase(toks[i].view(in.text)) || area[i])
        return i + 1;
    std::size_t words = 0;
    const Town* town = townAt(in, toks, i, words);
    if (town == nullptr)
        return i + 1;
    if (i + words < toks.size() && policeWord(in.lowerOf(toks[i + words])))
        return i + 1; // "Humberside Police": a force, not a place
    const Token& last = toks[i + words - 1];
    const std::size_t b = toks[i].begin;
    const std::size_t e = last.begin + stripPossessive(last.view(in.text)).size();
    if (starAfter(in.text, e) || gluedToSomething(in.text, b, e))
        return i + 1;
    const std::string_view prev = previousWord(in, toks, i);
    if (prev == "new")
        return i + 1; // New York, New England, New Jersey
    if (town->ambiguity == Ambiguity::Word && !locativeCue(prev))
        return i + 1;
    if (town->ambiguity == Ambiguity::Strict) {
        const auto before = tokensBefore(in.text, b, 2);
        if (findPhrase(before, {"town of", "city of", "near", "outside", "nearby"}).empty())
            return i + 1;
    }
    const std::string region(regionPhrase(town->region));
    out.push_back(Candidate{b, e, FindingKind::Place, Severity::Warn, "place.town",
                            "place below region level (" + town->name + ", " + region + ")", region,
                            "Generalise the place to its region: \"" + region + "\"."});
    return i + words;
}

/// Is token @p j (Title case, directly after a first name) a surname? A listed surname always is; another
/// capitalised word is taken for one only when it is not a common word and does not start a run of Title Case
/// words ("Grace Period For Compliance", "Lucy Faithfull Foundation": headings and organisations).
bool looksLikeSurname(const Input& in, const std::vector<Token>& toks, std::size_t j)
{
    const std::string_view word = toks[j].view(in.text);
    const std::string lower = text::toLowerAscii(stripPossessive(word));
    if (in.gaz.surnames.count(lower) > 0)
        return true;
    if (j + 1 < toks.size() && singleSpace(in.text, toks[j], toks[j + 1]) &&
        word.size() == stripPossessive(word).size() && titleCase(toks[j + 1].view(in.text)))
        return false;
    // A town is no reason to doubt a surname: many surnames are places ("Hartley", "Preston", "Buxton").
    if (lower.size() < 2 || in.gaz.isCommonWord(lower) || in.gaz.firstNames.count(lower) > 0 || monthOrDay(lower) ||
        platformOrService(lower) || familyOrRole(lower))
        return false;
    for (const auto& s : in.gaz.streetSuffixes)
        if (text::toLowerAscii(s) == lower)
            return false;
    return !inList(lower, {"school", "academy", "college", "primary", "high", "grammar", "university", "council",
                           "police", "court", "hospital", "centre", "center", "club", "church", "street", "road"});
}

/// Words after a first name that make it part of a place's name: street suffixes and institution types.
bool partOfPlaceName(const Input& in, std::string_view next)
{
    if (!titleCase(next))
        return false;
    for (const auto& suffix : in.gaz.streetSuffixes)
        if (next == suffix.substr(0, suffix.find(' ')))
            return true;
    return inList(text::toLowerAscii(next),
                  {"school",    "academy",   "college", "primary", "infant", "infants",  "junior",    "juniors",
                   "nursery",   "church",    "chapel",  "mosque",  "masjid", "gurdwara", "synagogue", "temple",
                   "mandir",    "cathedral", "club",    "fc",      "afc",    "rovers",   "united",    "harriers",
                   "wanderers", "rangers",   "albion",  "park",    "hall",   "hospital", "centre",    "estate",
                   "gardens",   "station",   "bridge",  "tower",   "house"});
}

/// Is token @p j (all capitals, after a first name in capitals) a surname? "DANIEL WRIGHT", not "MOLLY IS".
bool looksLikeCapsSurname(const Input& in, const std::vector<Token>& toks, std::size_t j)
{
    const std::string_view lower = stripPossessive(in.lowerOf(toks[j]));
    if (in.gaz.surnames.count(lower) > 0)
        return true;
    return !(in.gaz.isCommonWord(lower) || monthOrDay(lower) || platformOrService(lower) || familyOrRole(lower) ||
             policeWord(lower) ||
             inList(lower, {"nhs", "gp", "pe", "ceop", "nspcc", "isva", "camhs", "lado", "mash", "dbs", "uk"}));
}

/// A listed first name's ambiguity: Word when the list says None but the word is also a common word.
Ambiguity nameAmbiguity(const Input& in, std::string_view lower, Ambiguity listed)
{
    if (listed == Ambiguity::None && in.gaz.isCommonWord(lower))
        return Ambiguity::Word;
    return listed;
}

// Suggestions never quote the name: they reach logs and dialogs that the matched text must not.
std::string nameSuggestion()
{
    return "If the name is already a changed name, mark it as a pseudonym by writing * straight after it. "
           "Otherwise replace it with a pseudonym followed by *, or a role (\"her friend\").";
}

/// gazetteerNameAt()'s first test, made before calling it: most words have no first name's shape and no '*'
/// after them (the lower-cased copy has the text's byte offsets).
inline bool mayStartName(const Input& in, const Token& t)
{
    const std::string_view lower = stripPossessive(in.lowerOf(t));
    return in.gaz.mayBeFirstName(lower) || starAfter(in.text, t.begin + lower.size());
}

std::size_t gazetteerNameAt(const Input& in, const std::vector<Token>& toks, const std::vector<std::string>& deny,
                            std::size_t i, std::vector<Candidate>& out)
{
    const Token& t = toks[i];
    const std::string_view word = stripPossessive(t.view(in.text));
    const std::size_t b = t.begin;
    const std::size_t e = b + word.size();
    const std::string_view lower = stripPossessive(in.lowerOf(t));
    // Most words have no first name's shape: refused before the tests of their case below.
    if (!in.gaz.mayBeFirstName(lower) && !starAfter(in.text, e))
        return i + 1;
    const bool lowerCase = allLower(t.view(in.text));
    if (!nameCase(t.view(in.text)) && !lowerCase)
        return i + 1;
    if (starAfter(in.text, e)) {
        for (const auto& d : deny) {
            if (d == lower) {
                out.push_back(Candidate{b, e + 1, FindingKind::PersonName, Severity::Warn, "name.pseudonym-collision",
                                        "pseudonym matches a widely reported real case", "[another pseudonym]*",
                                        "Choose another pseudonym: this one points readers to a real case."});
            }
        }
        return i + 1;
    }
    // Here the word has a first name's shape (the test above, as no '*' follows it).
    const auto listed = in.gaz.firstNames.find(lower);
    if (listed == in.gaz.firstNames.end() || gluedToSomething(in.text, b, e))
        return i + 1;
    const Ambiguity amb = nameAmbiguity(in, lower, listed->second);
    const std::string_view prev = previousWord(in, toks, i);
    if (lowerCase) {
        // "her brother callum": a name typed in lower case. Only names that are no English word.
        if (amb != Ambiguity::None || in.gaz.isCommonWord(lower) || wordWhenLower(lower) ||
            in.gaz.towns.count(lower) > 0 || inList(prev, {"a", "an", "the", "st", "saint"}))
            return i + 1;
        out.push_back(Candidate{b, e, FindingKind::PersonName, Severity::Warn, "name.lowercase",
                                "first name written in lower case, not marked as a pseudonym", std::string(word) + "*",
                                nameSuggestion()});
        return i + 1;
    }
    if (allCaps(t.view(in.text)) && (in.gaz.isCommonWord(lower) || amb == Ambiguity::Strict))
        return i + 1; // "WILL", "MAY": shouted words
    if (i + 1 < toks.size() && singleSpace(in.text, t, toks[i + 1]) && partOfPlaceName(in, toks[i + 1].view(in.text)))
        return i + 1; // "Albert Road", "Victoria Park", "Grace Church": the street, school or church rules decide
    {
        // "Lucy Faithfull Foundation", "Sarah's Law": a name inside an organisation's or a law's name.
        std::size_t j = i;
        bool possessive = word.size() != t.view(in.text).size();
        while (j + 1 < toks.size() && j < i + 5 && singleSpace(in.text, toks[j], toks[j + 1]) &&
               titleCase(toks[j + 1].view(in.text)) && !possessive) {
            ++j;
            possessive = stripPossessive(toks[j].view(in.text)).size() != toks[j].view(in.text).size();
        }
        if (possessive && j + 1 < toks.size() && singleSpace(in.text, toks[j], toks[j + 1]))
            ++j;
        if (j > i && organisationWord(stripPossessive(in.lowerOf(toks[j]))))
            return i + 1;
    }
    if (in.gaz.towns.count(lower) > 0 && locativeCue(prev))
        return i + 1; // "in Stanley": the place rule decides
    if (prev == "st" || prev == "saint")
        return i + 1; // "St Anne's": a church or school named after a saint (see school.saint)
    // Not possessives: "he gave her Jade's number" names Jade.
    const bool determiner = inList(prev, {"a", "an", "the", "this", "each", "every", "any", "some", "no", "another"});
    // A following surname makes a full name (BLOCK).
    bool surname = false;
    std::size_t end = e;
    const bool capsName = allCaps(t.view(in.text));
    if (word.size() == t.view(in.text).size() && i + 1 < toks.size() && singleSpace(in.text, t, toks[i + 1]) &&
        (capsName ? allCaps(toks[i + 1].view(in.text)) && looksLikeCapsSurname(in, toks, i + 1)
                  : titleCase(toks[i + 1].view(in.text)) && looksLikeSurname(in, toks, i + 1))) {
        const std::string_view sn = stripPossessive(toks[i + 1].view(in.text));
        if (starAfter(in.text, toks[i + 1].begin + sn.size()))
            return i + 1; // "Jade Smith*": a pseudonym
        surname = !gluedToSomething(in.text, toks[i + 1].begin, toks[i + 1].begin + sn.size());
        if (surname)
            end = toks[i + 1].begin + sn.size();
    }
    if (!surname) {
        if (determiner)
            return i + 1; // "a Grant", "the Dean": a name rarely follows an article
        if (amb == Ambiguity::Word && i > 0 && singleSpace(in.text, toks[i - 1], t) &&
            titleCase(toks[i - 1].view(in.text)) && in.gaz.isCommonWord(in.lowerOf(toks[i - 1])) &&
            in.gaz.firstNames.count(in.lowerOf(toks[i - 1])) == 0)
            return i + 1; // "the Online Safety Bill": part of a Title Case name
        if (amb == Ambiguity::Strict)
            return i + 1;
        if (amb == Ambiguity::Word && atSentenceStart(in.text, b))
            return i + 1;
    }
    if (surname) {
        out.push_back(Candidate{b, end, FindingKind::PersonName, Severity::Block, "name.full", "first name and surname",
                                std::string(word) + "*",
                                "Remove the surname and replace the first name with a pseudonym followed by *."});
        return i + 2;
    } else {
        // A first name that is no English word is a name: in a child's account it identifies (BLOCK). One
        // that is also a word ("Grace", "Will") may be the word, so it needs an acknowledgement (WARN).
        const Severity sev = amb == Ambiguity::None ? Severity::Block : Severity::Warn;
        out.push_back(Candidate{b, e, FindingKind::PersonName, sev, "name.gazetteer",
                                "common UK first name not marked as a pseudonym", std::string(word) + "*",
                                nameSuggestion()});
    }
    return i + 1;
}

/// A capitalised word that no list knows, in a place where only a person's name fits: before "said", "was",
/// "'s mother", ", 13,", or after "met", "helping", "interviewed". Catches names the first-name list lacks
/// (rarer and newer names); WARN, since the word is not known to be a name.
void slotNameAt(const Input& in, const std::vector<Token>& toks, const std::vector<bool>& area, std::size_t i,
                std::vector<Candidate>& out)
{
    const std::string_view whole = toks[i].view(in.text);
    if (!titleCase(whole) || whole.size() < 3 || area[i] || (whole.size() > 1 && isUpper(whole[1])))
        return;
    const std::string_view word = stripPossessive(whole);
    const bool possessive = word.size() != whole.size();
    const std::string_view lower = stripPossessive(in.lowerOf(toks[i]));
    if (in.gaz.firstNames.count(lower) > 0 || in.gaz.isCommonWord(lower) || in.gaz.towns.count(lower) > 0 ||
        monthOrDay(lower) || platformOrService(lower) || familyOrRole(lower) || policeWord(lower) ||
        notAPlaceWord(lower) || organisationWord(lower))
        return;
    if (wordEnding(lower) && in.gaz.surnames.count(lower) == 0)
        return;
    // "Neighbours", "Parents", "Teachers": the plural of a word, not a name.
    if (lower.size() > 3 && lower.back() == 's' &&
        (in.gaz.isCommonWord(lower.substr(0, lower.size() - 1)) ||
         (lower.ends_with("es") && in.gaz.isCommonWord(lower.substr(0, lower.size() - 2)))))
        return;
    const std::size_t b = toks[i].begin;
    const std::size_t e = b + word.size();
    if (starAfter(in.text, e) || gluedToSomething(in.text, b, e))
        return;
    // Part of a run of Title Case words: an organisation, a title or a heading.
    if (i > 0 && singleSpace(in.text, toks[i - 1], toks[i]) && isUpper(in.text[toks[i - 1].begin]) &&
        !in.gaz.isFunctionWord(in.lowerOf(toks[i - 1])))
        return;
    if (i + 1 < toks.size() && singleSpace(in.text, toks[i], toks[i + 1]) && isUpper(in.text[toks[i + 1].begin]))
        return;
    const std::string_view next =
        i + 1 < toks.size() && (toks[i + 1].begin == toks[i].end + 1) ? in.lowerOf(toks[i + 1]) : std::string_view();
    const std::string_view prev = previousWord(in, toks, i);
    bool slot = false;
    if (possessive)
        slot = inList(
            next, {"mother",     "father",  "mum",         "dad",         "brother", "sister", "brothers", "sisters",
                   "school",     "teacher", "grandmother", "grandfather", "nan",     "carer",  "carers",   "stepfather",
                   "stepmother", "stepdad", "stepmum",     "uncle",       "aunt",    "family", "parents",  "friend",
                   "friends",    "bedroom", "phone",       "account",     "diary",   "abuser", "case",     "social",
                   "foster",     "partner", "boyfriend",   "girlfriend",  "home"});
    else if (atSentenceStart(in.text, b))
        // At a sentence's start any noun comes before "was" ("Funding was cut"): only a person's verbs.
        slot = inList(next, {"said",     "says",      "told",       "tells",    "disclosed", "explained", "felt",
                             "feels",    "asked",     "wanted",     "wants",    "described", "cried",     "refused",
                             "admitted", "remembers", "remembered", "recalled", "wrote",     "agreed",    "thought",
                             "believed", "loved",     "hated",      "screamed", "whispered", "confided"});
    else
        slot = inList(next, {"said",    "says",      "told",      "tells",      "was",      "is",       "had",
                             "has",     "disclosed", "explained", "felt",       "feels",    "asked",    "wanted",
                             "wants",   "described", "became",    "began",      "started",  "stopped",  "would",
                             "could",   "did",       "never",     "later",      "also",     "kept",     "cried",
                             "refused", "returned",  "ran",       "went",       "lived",    "lives",    "needed",
                             "wrote",   "agreed",    "remembers", "remembered", "recalled", "admitted", "showed"});
    if (!slot && !possessive && e < in.text.size()) {
        // "Oluwaseun, 13,", "Tallulah (9)", "Kaidyn, aged 12"
        const std::string_view after = in.text.substr(e, 10);
        std::size_t k = 0;
        if (after.substr(0, 2) == ", " || after.substr(0, 2) == " (")
            k = 2;
        if (k > 0 && (isDigit(after[k]) || after.substr(k, 4) == "aged"))
            slot = true;
    }
    if (!slot)
        slot = inList(prev, {"met", "meet", "meeting", "helping", "helped", "supporting", "supported", "interviewed",
                             "interviewing", "visited", "visiting", "protect", "protecting", "believed", "saw",
                             "seeing", "told", "asked"});
    if (!slot)
        return;
    out.push_back(Candidate{b, e, FindingKind::PersonName, Severity::Warn, "name.slot",
                            "capitalised word in a name's place that no word list knows: possibly a first name",
                            std::string(word) + "*", nameSuggestion()});
}

void findHonorifics(const Input& in, std::vector<Candidate>& out)
{
    // Up to three titles and two names: 4 spaces after the first title.
    const auto titles = in.where.aroundCue(Cue::Title, Extent{}, Extent{ByteSet::of("'.- ", "a-zA-Z"), kAny, 4});
    forEachMatch(*patterns().honorific, in.text, titles, true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        std::size_t e = b + g[0].size();
        const std::string_view name(g[2].data(), g[2].size());
        const std::size_t nameEnd = offsetIn(in.text, g[2]) + g[2].size();
        if (starAfter(in.text, nameEnd) || starAfter(in.text, e))
            return false; // "Mr Smith*": a pseudonym
        const std::string lower = text::toLowerAscii(name);
        if (lower == "barnardo")
            return false; // the charity
        const bool known = in.gaz.firstNames.count(lower) > 0 || in.gaz.surnames.count(lower) > 0;
        if (!known && (in.gaz.isCommonWord(lower) || platformOrService(lower) || monthOrDay(lower)))
            return false;
        if (g[3].data() != nullptr) {
            const std::string second = text::toLowerAscii(std::string_view(g[3].data(), g[3].size()));
            const bool secondKnown = in.gaz.surnames.count(second) > 0 || in.gaz.firstNames.count(second) > 0;
            if (!secondKnown && (in.gaz.isCommonWord(second) || platformOrService(second) || monthOrDay(second)))
                e = nameEnd; // "Mr Smith Said": keep the second word out
        }
        if (gluedToSomething(in.text, b, e))
            return false;
        out.push_back(Candidate{b, e, FindingKind::PersonName, Severity::Block, "name.honorific",
                                "title followed by a name", "[name removed]",
                                "Replace the person with a role (\"a teacher\", \"a police officer\") or a pseudonym "
                                "followed by *."});
        return true;
    });
}

void findCalled(const Input& in, std::vector<Candidate>& out)
{
    // "calls herself Jade": 2 spaces after the cue.
    const auto called = in.where.aroundCue(Cue::Called, Extent{}, Extent{ByteSet::of("'- ", "a-zA-Z"), kAny, 2});
    forEachMatch(*patterns().called, in.text, called, true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[1]);
        const std::size_t e = b + g[1].size();
        const std::string_view name(g[1].data(), g[1].size());
        const std::string lower = text::toLowerAscii(name);
        if (starAfter(in.text, e) || gluedToSomething(in.text, b, e))
            return false;
        if (in.gaz.isCommonWord(lower) || platformOrService(lower) || familyOrRole(lower) || monthOrDay(lower) ||
            in.gaz.towns.count(lower) > 0)
            return false;
        out.push_back(Candidate{b, e, FindingKind::PersonName, Severity::Warn, "name.called",
                                "word introduced as a name (\"called ...\")", std::string(name) + "*",
                                nameSuggestion()});
        return true;
    });
}

} // namespace

std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> out;
    // Prose has a word every 5 to 6 bytes: reserving for one every 4 avoids copying the tokens as they grow
    // (reserved pages that are never written cost nothing).
    out.reserve(text.size() / 4 + 1);
    static constexpr std::array<bool, 256> kAsciiLetter = [] {
        std::array<bool, 256> a{};
        for (int c = 'a'; c <= 'z'; ++c)
            a[static_cast<std::size_t>(c)] = a[static_cast<std::size_t>(c - 'a' + 'A')] = true;
        return a;
    }();
    std::size_t i = 0;
    std::size_t len = 0;
    const auto asciiLetter = [&](std::size_t pos) { return kAsciiLetter[static_cast<unsigned char>(text[pos])]; };
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80 && !asciiLetter(i)) {
            ++i; // the common case, without decoding
            continue;
        }
        if (!isLetterAt(text, i, len)) {
            i += len;
            continue;
        }
        const std::size_t start = i;
        i += len;
        while (i < text.size()) {
            if (asciiLetter(i)) {
                i = endOfAsciiLetters(text, i);
                continue;
            }
            if (static_cast<unsigned char>(text[i]) >= 0x80 && isLetterAt(text, i, len)) {
                i += len;
                continue;
            }
            // Internal apostrophe or hyphen followed by a letter: "O'Neil", "Stoke-on-Trent".
            if ((text[i] == '\'' || text[i] == '-') && i + 1 < text.size()) {
                std::size_t l2 = 0;
                if (isLetterAt(text, i + 1, l2)) {
                    i += 1 + l2;
                    continue;
                }
            }
            break;
        }
        out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)});
    }
    return out;
}

namespace {

/// The name and place rules, a word at a time. Police force area names are marked kAreaLookahead tokens ahead
/// of the other rules, which read the marks of the next two tokens (a village's name runs to three words).
class NameRules final : public WordRules
{
public:
    explicit NameRules(const Input& in) : m_in(in), m_area(in.tokens.size(), false)
    {
        for (const auto& d : in.ctx.pseudonymDenyList)
            m_deny.push_back(text::toLowerAscii(text::trim(d)));
    }

    void word(std::size_t i) override
    {
        const std::vector<Token>& toks = m_in.tokens;
        while (m_nextArea < toks.size() && m_nextArea <= i + kAreaLookahead)
            m_nextArea = forceAreaAt(m_in, toks, m_nextArea, m_area);
        // Places and names in a name's slot start only at a Title Case word: most words are refused here.
        if (isUpper(m_in.text[toks[i].begin])) {
            if (i >= m_nextPlace)
                m_nextPlace = placeAt(m_in, toks, m_area, i, m_places);
            if (i >= m_nextUnlisted)
                m_nextUnlisted = unlistedPlaceAt(m_in, toks, m_area, i, m_unlisted);
            slotNameAt(m_in, toks, m_area, i, m_slots);
        }
        if (i >= m_nextName)
            m_nextName = mayStartName(m_in, toks[i]) ? gazetteerNameAt(m_in, toks, m_deny, i, m_names) : i + 1;
    }

    void finish(std::vector<Candidate>& out) override
    {
        for (auto* found : {&m_places, &m_unlisted, &m_slots, &m_names})
            out.insert(out.end(), std::make_move_iterator(found->begin()), std::make_move_iterator(found->end()));
        findHonorifics(m_in, out);
        findCalled(m_in, out);
    }

private:
    static constexpr std::size_t kAreaLookahead = 2;
    const Input& m_in;
    std::vector<bool> m_area; ///< tokens inside a police force area's name
    std::vector<std::string> m_deny;
    std::size_t m_nextArea = 0;
    std::size_t m_nextPlace = 0;
    std::size_t m_nextUnlisted = 1;
    std::size_t m_nextName = 0;
    std::vector<Candidate> m_places, m_unlisted, m_slots, m_names;
};

} // namespace

std::unique_ptr<WordRules> nameRules(const Input& in)
{
    return std::make_unique<NameRules>(in);
}

} // namespace evidence::anon::detail
