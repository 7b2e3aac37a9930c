// Where a child belongs, besides a school (docs/anonymisation.md §2.15): places of worship, sports clubs and youth
// teams, "the X family", school names typed in lower case, and e-mail addresses spelled out to dodge filters
// ("jo dot smith at gmail dot com", "kayla[at]school.org.uk").
//
// Everything here works on the one tokenisation of the text (tokenize() in rules_names.cpp) or on bounded
// look-arounds of a word, so the work stays linear in the input and no pattern needs prefilter windows.

#include "anon/rules.h"
#include "core/text.h"

#include <initializer_list>
#include <string>

namespace evidence::anon::detail {
namespace {

bool inList(std::string_view lower, std::initializer_list<std::string_view> list)
{
    for (const auto w : list)
        if (w == lower)
            return true;
    return false;
}

bool titleCase(std::string_view w)
{
    return !w.empty() && isUpper(w[0]) && (w.size() == 1 || !isUpper(w[1]) || w.size() == 2);
}

bool allLower(std::string_view w)
{
    for (const char c : w)
        if (!isLower(c) && c != '\'' && c != '-')
            return false;
    return !w.empty();
}

inline std::string_view stripPossessive(std::string_view w)
{
    if (w.size() > 2 && w[w.size() - 2] == '\'' && (w.back() == 's' || w.back() == 'S'))
        return w.substr(0, w.size() - 2);
    return w;
}

/// Only a space between two tokens (or ". " after "St": "St. Mary's").
bool joined(std::string_view text, const std::vector<Token>& toks, std::size_t a)
{
    const std::string_view gap = text.substr(toks[a].end, toks[a + 1].begin - toks[a].end);
    if (gap == " ")
        return true;
    return gap == ". " && (toks[a].view(text) == "St" || toks[a].view(text) == "st");
}

bool starAfter(std::string_view text, std::size_t e)
{
    return e < text.size() && text[e] == '*';
}

// ---- places of worship and clubs -------------------------------------------------------------------

constexpr std::string_view kWorshipTypes[] = {"church",    "chapel",     "cathedral", "mosque", "masjid",  "gurdwara",
                                              "synagogue", "shul",       "temple",    "mandir", "minster", "abbey",
                                              "priory",    "tabernacle", "vihara",    "kirk"};

bool worshipType(std::string_view lower)
{
    static const WordList kWords(std::vector<std::string_view>(std::begin(kWorshipTypes), std::end(kWorshipTypes)));
    return kWords.contains(lower);
}

/// Words that say what kind of place it is, not which one: "the Catholic Church", "a Sikh temple".
bool genericWorshipWord(std::string_view lower)
{
    return inList(
        lower, {"catholic", "roman",     "anglican", "methodist", "baptist",  "pentecostal", "evangelical", "orthodox",
                "greek",    "russian",   "coptic",   "reformed",  "united",   "free",        "christian",   "parish",
                "local",    "sikh",      "hindu",    "jewish",    "muslim",   "islamic",     "central",     "community",
                "village",  "town",      "city",     "family",    "england",  "scotland",    "wales",       "ireland",
                "elim",     "salvation", "army",     "new",       "old",      "the",         "a",           "of",
                "and",      "st",        "saint",    "his",       "her",      "their",       "our",         "my",
                "in",       "at",        "to",       "from",      "by",       "with",        "for",         "on",
                "main",     "quaker",    "quakers",  "kingdom",   "meeting",  "latter",      "day",         "saints'",
                "sunday",   "monday",    "tuesday",  "wednesday", "thursday", "friday",      "saturday",    "christmas",
                "easter",   "ramadan",   "eid",      "diwali",    "vaisakhi", "passover",    "hanukkah"});
}

/// @p lower is @p word lower-cased.
bool clubType(std::string_view word, std::string_view lower, bool& strong)
{
    // "Club" and the abbreviations clubs use in their names: FC, AFC, RFC, RUFC, JFC, YFC (football, rugby,
    // junior, youth), AC (athletics), ABC (amateur boxing), SC (swimming), CC (cricket).
    static const WordList kAbbreviations{"Club", "FC",  "AFC", "RFC", "RUFC", "CFC",
                                         "JFC",  "YFC", "AC",  "ABC", "SC",   "CC"};
    static const WordList kTeamWords{"united", "rovers",   "juniors", "harriers", "wanderers", "rangers",
                                     "albion", "athletic", "colts",   "hotspur",  "tigers",    "lions"};
    strong = kAbbreviations.contains(word);
    if (strong)
        return true;
    return titleCase(word) && kTeamWords.contains(lower);
}

bool genericClubWord(std::string_view lower)
{
    static const WordList kWords{
        "youth",      "junior",    "juniors",   "football", "rugby",     "cricket", "boxing",  "amateur",   "swimming",
        "swim",       "athletics", "athletic",  "netball",  "hockey",    "tennis",  "golf",    "sports",    "sport",
        "social",     "working",   "men's",     "mens",     "women's",   "womens",  "ladies",  "girls",     "boys",
        "girls'",     "boys'",     "community", "local",    "village",   "town",    "city",    "running",   "cycling",
        "gymnastics", "gym",       "dance",     "martial",  "arts",      "judo",    "karate",  "taekwondo", "sailing",
        "rowing",     "cadets",    "breakfast", "homework", "book",      "chess",   "drama",   "music",     "the",
        "a",          "and",       "of",        "sunday",   "league",    "premier", "his",     "her",       "their",
        "our",        "my",        "in",        "at",       "to",        "from",    "for",     "with",      "by",
        "on",         "after",     "school",    "holiday",  "lunchtime", "night",   "youth's", "united",    "kingdom",
        "states",     "nations",   "arab",      "emirates"};
    return kWords.contains(lower);
}

/// Start index of the name before token @p type: up to @p most Title Case words (and "of", "the", "and",
/// "St"), without leading sentence openers; @p type itself when there is none.
std::size_t nameRunStart(const Input& in, const std::vector<Token>& toks, std::size_t type, std::size_t most)
{
    std::size_t start = type;
    while (start > 0 && type - start < most && joined(in.text, toks, start - 1)) {
        const std::string_view w = toks[start - 1].view(in.text);
        const std::string lower = text::toLowerAscii(w);
        if (!titleCase(w) && !inList(lower, {"of", "the", "and"}))
            break;
        if (worshipType(text::toLowerAscii(stripPossessive(w))))
            break; // "the Anglican Church and the Roman Catholic Church": two places, not one name
        --start;
    }
    // Drop openers ("At", "She", "The"), but keep "All Saints", "Our Lady", "St Mary's", "Holy Trinity".
    while (start < type) {
        const std::string_view lower = in.lowerOf(toks[start]);
        const std::string_view next = start + 1 < toks.size() ? in.lowerOf(toks[start + 1]) : std::string_view();
        if ((lower == "all" && inList(next, {"saints", "souls", "hallows", "saints'"})) ||
            (lower == "our" && inList(next, {"lady", "lady's", "saviour", "redeemer"})))
            break;
        if (!in.gaz.isFunctionWord(lower) && !inList(lower, {"of", "the", "and"}))
            break;
        ++start;
    }
    return start;
}

bool anyNameWord(const Input& in, const std::vector<Token>& toks, std::size_t b, std::size_t e,
                 bool (*generic)(std::string_view))
{
    for (std::size_t k = b; k < e; ++k) {
        const std::string_view lower = stripPossessive(in.lowerOf(toks[k]));
        if (!generic(lower) && !in.gaz.isFunctionWord(lower))
            return true;
    }
    return false;
}

void worshipOrClubAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::vector<Candidate>& out)
{
    const std::string_view w = toks[i].view(in.text);
    const std::string_view lower = stripPossessive(in.lowerOf(toks[i]));
    bool strong = false;
    // "St Bartholomew's church", "Madina mosque": a lower-case type after a capitalised name (WARN, since "a
    // Leeds church" is a description as often as a name).
    const bool typeWord = worshipType(lower);
    const bool lowerType =
        typeWord && allLower(w) && i > 0 && joined(in.text, toks, i - 1) && titleCase(toks[i - 1].view(in.text));
    const bool worship = typeWord && (titleCase(w) || lowerType);
    // "Kingdom Hall", "Meeting House": two-word types.
    const bool twoWord = titleCase(w) && i > 0 && joined(in.text, toks, i - 1) &&
                         ((lower == "hall" && toks[i - 1].view(in.text) == "Kingdom") ||
                          (lower == "house" && toks[i - 1].view(in.text) == "Meeting"));
    const bool club = !worship && !twoWord && clubType(stripPossessive(w), lower, strong);
    if (!worship && !twoWord && !club)
        return;
    const std::size_t typeTok = twoWord ? i - 1 : i;
    const std::size_t start = nameRunStart(in, toks, typeTok, 5);
    const std::size_t e = toks[i].begin + stripPossessive(w).size();
    if (starAfter(in.text, e))
        return;
    if (worship || twoWord) {
        std::size_t b = toks[start].begin;
        bool named = anyNameWord(in, toks, start, typeTok, genericWorshipWord);
        std::size_t end = e;
        // "Masjid Ghausia", "Gurdwara Sri Guru Singh Sabha": the name after the type word.
        if (!named && inList(lower, {"masjid", "gurdwara", "mandir"})) {
            std::size_t j = i;
            while (j + 1 < toks.size() && j < i + 4 && joined(in.text, toks, j) && titleCase(toks[j + 1].view(in.text)))
                ++j;
            if (j > i && anyNameWord(in, toks, i + 1, j + 1, genericWorshipWord)) {
                named = true;
                b = start < typeTok ? toks[start].begin : toks[i].begin;
                end = toks[j].begin + stripPossessive(toks[j].view(in.text)).size();
            }
        }
        if (!named)
            return;
        // A national landmark draws visitors by the million: its name says where something happened, not
        // who was there. Its choir, school or congregation is still a small circle, so it stays a WARN.
        if (in.gaz.isLandmark(in.text.substr(b, end - b))) {
            out.push_back(Candidate{b, end, FindingKind::PlaceOfWorship, Severity::Warn, "worship.landmark",
                                    "a place of worship that is a national landmark", "a place of worship",
                                    "If the account only says the place was visited, acknowledge this. If the "
                                    "child sang, studied or worshipped there, write \"a cathedral\" or \"a "
                                    "place of worship\": its choir or congregation is a small circle."});
            return;
        }
        out.push_back(Candidate{b, end, FindingKind::PlaceOfWorship, lowerType ? Severity::Warn : Severity::Block,
                                lowerType ? "worship.lowercase-type" : "worship.name", "named place of worship",
                                "a local place of worship",
                                "Remove the name; write \"a local church\", \"her mosque\" or \"a place of "
                                "worship\": with an age, a named congregation identifies a child."});
        return;
    }
    if (!anyNameWord(in, toks, start, i, genericClubWord))
        return;
    // "Manchester United", "Parkside Juniors": a team word alone is weaker than "Club" or "FC".
    out.push_back(Candidate{toks[start].begin, e, FindingKind::Club, strong ? Severity::Block : Severity::Warn,
                            strong ? "club.name" : "club.team", strong ? "named club" : "possible team name",
                            "a local club",
                            "Remove the club's name; write \"a local football club\" or \"his team\": a club "
                            "and an age group identify a child."});
}

/// "under-13s", "under 13s", "U13s", "U-13" at @p pos.
bool ageGroupAt(std::string_view text, std::size_t pos)
{
    std::size_t p = pos;
    if (text.substr(p, 5) == "under" || text.substr(p, 5) == "Under")
        p += 5;
    else if (text.substr(p, 1) == "U")
        p += 1;
    else
        return false;
    if (p < text.size() && (text[p] == '-' || text[p] == ' '))
        ++p;
    return p < text.size() && isDigit(text[p]);
}

/// "Brookvale under-11s": a name before an age-group team. For tokens 0 to the last but one.
void teamBeforeAgeGroupAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::vector<Candidate>& out)
{
    const std::string_view w = toks[i].view(in.text);
    if (titleCase(w) && toks[i].end + 1 < in.text.size() && in.text[toks[i].end] == ' ' &&
        ageGroupAt(in.text, toks[i].end + 1)) {
        std::size_t b = i;
        while (b > 0 && i - b < 3 && joined(in.text, toks, b - 1) && titleCase(toks[b - 1].view(in.text)))
            --b;
        while (b < i && in.gaz.isFunctionWord(in.lowerOf(toks[b])))
            ++b;
        if (anyNameWord(in, toks, b, i + 1, genericClubWord) && !starAfter(in.text, toks[i].end))
            out.push_back(Candidate{toks[b].begin, toks[i].end, FindingKind::Club, Severity::Warn, "club.age-group",
                                    "possible team name next to an age group", "a local club",
                                    "Remove the club's name: a club and an age group identify a child."});
    }
}

/// "the under-13s at Brookvale": a name after "under-13s at/for/with". For tokens 0 to the last but one.
void teamAfterAgeGroupAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::vector<Candidate>& out)
{
    const std::string_view lower = in.lowerOf(toks[i]);
    if (!inList(lower, {"at", "for", "with"}) || toks[i].begin < 4)
        return;
    // The text before "at" ends with an age group: "...13s at".
    std::size_t p = toks[i].begin - 1;
    if (in.text[p] != ' ')
        return;
    std::size_t q = p;
    while (q > 0 && q + 12 > p && in.text[q - 1] != ' ')
        --q;
    if (!ageGroupAt(in.text, q) && !(q + 5 < p && ageGroupAt(in.text, q + 4) && in.text.substr(q, 4) == "the "))
        return;
    std::size_t j = i + 1;
    if (!titleCase(toks[j].view(in.text)) || !joined(in.text, toks, i))
        return;
    while (j + 1 < toks.size() && j < i + 4 && joined(in.text, toks, j) && titleCase(toks[j + 1].view(in.text)))
        ++j;
    if (!anyNameWord(in, toks, i + 1, j + 1, genericClubWord))
        return;
    const std::size_t e = toks[j].begin + stripPossessive(toks[j].view(in.text)).size();
    if (starAfter(in.text, e))
        return;
    out.push_back(Candidate{toks[i + 1].begin, e, FindingKind::Club, Severity::Warn, "club.age-group",
                            "possible team name after an age group", "a local club",
                            "Remove the club's name: a club and an age group identify a child."});
}

// ---- "the X family" ------------------------------------------------------------------------------------

/// For tokens 1 to the last but one.
void familyAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::vector<Candidate>& out)
{
    const std::string_view w = toks[i].view(in.text);
    if (!isUpper(w[0]) || !joined(in.text, toks, i) || !joined(in.text, toks, i - 1))
        return;
    if (!inList(in.lowerOf(toks[i + 1]), {"family", "family's", "families", "household", "household's"}))
        return;
    if (in.lowerOf(toks[i - 1]) != "the")
        return;
    const std::string lower = text::toLowerAscii(w);
    if (inList(lower, {"royal",   "holy",      "foster",  "host",    "birth",     "adoptive",   "extended",
                       "whole",   "same",      "new",     "other",   "wider",     "immediate",  "blended",
                       "nuclear", "modern",    "average", "typical", "traveller", "travelling", "entire",
                       "first",   "second",    "third",   "last",    "next",      "previous",   "former",
                       "current", "receiving", "placing", "kinship", "step"}))
        return;
    if (starAfter(in.text, toks[i].end))
        return; // "the Smith* family": a pseudonym
    out.push_back(Candidate{toks[i].begin, toks[i].end, FindingKind::PersonName, Severity::Block, "name.family",
                            "surname of a family (\"the ... family\")", "[surname removed]",
                            "Remove the surname; write \"the family\" or \"her family\"."});
}

// ---- school names in lower case ------------------------------------------------------------------------

constexpr std::string_view kSchoolTypes[] = {"school",  "academy", "college", "secondary",
                                             "primary", "juniors", "infants"};

bool schoolType(std::string_view lower)
{
    static const WordList kWords(std::vector<std::string_view>(std::begin(kSchoolTypes), std::end(kSchoolTypes)));
    return kWords.contains(lower);
}

/// Words of a school's description rather than its name ("secondary school", "forest school").
bool schoolModifier(std::string_view lower)
{
    static const WordList kWords{"primary",     "high",        "community",   "junior",    "juniors",   "infant",
                                 "infants",     "secondary",   "grammar",     "church",    "c",         "of",
                                 "e",           "ce",          "rc",          "catholic",  "academy",   "free",
                                 "studio",      "sixth",       "form",        "boarding",  "special",   "state",
                                 "private",     "independent", "faith",       "village",   "local",     "new",
                                 "old",         "nursery",     "middle",      "upper",     "lower",     "comprehensive",
                                 "technical",   "prep",        "preparatory", "pupil",     "referral",  "unit",
                                 "sunday",      "summer",      "holiday",     "night",     "driving",   "dance",
                                 "drama",       "art",         "music",       "language",  "forest",    "football",
                                 "swimming",    "medical",     "law",         "business",  "film",      "further",
                                 "education",   "the",         "after",       "before",    "breakfast", "day",
                                 "residential", "mainstream",  "alternative", "provision", "public",    "girls",
                                 "boys",        "single",      "sex",         "mixed",     "catholic",  "welsh",
                                 "english",     "bilingual",   "ballet",      "stage",     "theatre",   "sports",
                                 "bible",       "madrasa",     "quran",       "weekend",   "saturday",  "hospital",
                                 "virtual",     "online",      "home",        "city",      "town",      "county",
                                 "sixth-form",  "all-through", "infants'",    "girls'",    "boys'"};
    return kWords.contains(lower);
}

/// For tokens from 1 on.
void lowerCaseSchoolAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::vector<Candidate>& out)
{
    const std::string_view w = toks[i].view(in.text);
    if (!schoolType(w) || !allLower(w))
        return;
    // Only the last type word of a run: "high school", not "high" in "meadowbank high school".
    if (i + 1 < toks.size() && joined(in.text, toks, i) && schoolType(in.lowerOf(toks[i + 1])))
        return;
    std::size_t start = i;
    std::size_t firstUnknown = i;
    while (start > 0 && i - start < 4 && joined(in.text, toks, start - 1)) {
        const std::string_view pw = toks[start - 1].view(in.text);
        if (!allLower(pw) || stripPossessive(pw).size() != pw.size() || in.gaz.isFunctionWord(std::string(pw)))
            break;
        --start;
        // A common word or a first name may still be part of a name ("park view"): decided below.
        if (!schoolModifier(pw) && !in.gaz.isCommonWord(std::string(pw)) &&
            in.gaz.firstNames.count(std::string(pw)) == 0)
            firstUnknown = start;
    }
    bool named = firstUnknown < i;
    if (named)
        start = firstUnknown;
    // "she went to park view school", "excluded from hillside academy": after a verb of attending, words
    // that are neither a description nor a function word are a name, even when they are common words.
    if (!named && start < i) {
        std::size_t k = start;
        while (k < i && schoolModifier(toks[k].view(in.text)))
            ++k;
        const std::string_view cue =
            start > 0 && joined(in.text, toks, start - 1) ? in.lowerOf(toks[start - 1]) : std::string_view();
        const std::string_view cue2 =
            start > 1 && joined(in.text, toks, start - 2) ? in.lowerOf(toks[start - 2]) : std::string_view();
        const bool attending = inList(cue, {"at", "attends", "attended", "attending"}) ||
                               (cue == "to" && inList(cue2, {"went", "goes", "go", "going", "moved", "transferred"})) ||
                               (cue == "from" && inList(cue2, {"excluded", "expelled", "moved", "transferred"}));
        named = attending && k < i;
        for (std::size_t m = k; m < i && named; ++m)
            named = !inList(in.lowerOf(toks[m]),
                            {"big", "little", "senior", "main", "same", "different", "previous", "current", "first",
                             "last", "next", "other", "another", "usual", "normal", "regular", "nearby"});
    }
    if (!named)
        return;
    while (start < i && schoolModifier(toks[start].view(in.text)))
        ++start; // "the oakfield ..." would not get here; "community riverside" keeps only the name
    out.push_back(Candidate{toks[start].begin, toks[i].end, FindingKind::School, Severity::Warn,
                            "school.lowercase-name", "possible school name written in lower case", "a local school",
                            "Remove the school's name (identifying matter under the Sexual Offences (Amendment) "
                            "Act 1992); write \"her school\" or \"a local school\"."});
}

// ---- e-mail addresses spelled out ----------------------------------------------------------------------

bool localByte(char c)
{
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool labelByte(char c)
{
    return isAlnum(c) || c == '-';
}

/// Length of a spelled separator starting at @p p: " dot ", "[dot]", " (dot) ", "." ; 0 when none.
/// @p spelled is set when the separator is a word rather than '.'.
std::size_t separatorAt(std::string_view text, std::size_t p, std::string_view word, bool& spelled)
{
    spelled = false;
    std::size_t q = p;
    while (q < text.size() && q < p + 2 && text[q] == ' ')
        ++q;
    const std::string_view rest = text.substr(q, word.size() + 2);
    const std::string lower = text::toLowerAscii(rest);
    std::size_t len = 0;
    if ((lower.size() >= word.size() + 2) &&
        (lower[0] == '[' || lower[0] == '(' || lower[0] == '{' || lower[0] == '<') &&
        lower.substr(1, word.size()) == word &&
        (lower[word.size() + 1] == ']' || lower[word.size() + 1] == ')' || lower[word.size() + 1] == '}' ||
         lower[word.size() + 1] == '>'))
        len = word.size() + 2;
    else if (q > p && lower.substr(0, word.size()) == word && q + word.size() < text.size() &&
             text[q + word.size()] == ' ')
        len = word.size(); // " dot " needs spaces on both sides
    if (len == 0) {
        if (word == "dot" && p < text.size() && text[p] == '.' && p + 1 < text.size() && labelByte(text[p + 1]))
            return 1;
        return 0;
    }
    q += len;
    while (q < text.size() && q < p + len + 4 && text[q] == ' ')
        ++q;
    spelled = true;
    return q - p;
}

bool mailTld(std::string_view lower)
{
    static const WordList kWords{"com", "uk", "org",   "net",    "io",  "me",   "info", "biz", "edu", "gov", "ie", "eu",
                                 "us",  "co", "email", "online", "xyz", "live", "de",   "fr",  "nl",  "pl",  "ro"};
    return kWords.contains(lower);
}

bool mailProvider(std::string_view lower)
{
    static const WordList kWords{"gmail",       "googlemail", "hotmail", "outlook",    "yahoo",   "icloud",
                                 "btinternet",  "live",       "aol",     "protonmail", "proton",  "sky",
                                 "virginmedia", "mail",       "msn",     "ymail",      "talktalk"};
    return kWords.contains(lower);
}

/// For tokens 1 to the last but one; @p resume is the end of the last address found.
void spelledEmailAt(const Input& in, const std::vector<Token>& toks, std::size_t i, std::size_t& resume,
                    std::vector<Candidate>& out)
{
    const std::string_view t = in.text;
    if (in.lowerOf(toks[i]) != "at" || toks[i].begin < resume)
        return;
    const std::size_t ab = toks[i].begin;
    const std::size_t ae = toks[i].end;
    const bool bracketed = ab > 0 && ae < t.size() && (t[ab - 1] == '[' || t[ab - 1] == '(' || t[ab - 1] == '{') &&
                           (t[ae] == ']' || t[ae] == ')' || t[ae] == '}');
    if (!bracketed && (ab == 0 || t[ab - 1] != ' ' || ae >= t.size() || t[ae] != ' '))
        return;
    bool spelledDot = false;
    // Local part, backwards: "jo dot smith", "kayla.b".
    std::size_t lb = bracketed ? ab - 1 : ab;
    std::size_t steps = 0;
    while (lb > 0 && t[lb - 1] == ' ' && steps++ < 2)
        --lb;
    std::size_t localEnd = lb;
    std::size_t localBegin = lb;
    for (int part = 0; part < 6; ++part) {
        std::size_t p = localBegin;
        while (p > 0 && localBegin - p < 64 && localByte(t[p - 1]))
            --p;
        if (p == localBegin)
            break;
        localBegin = p;
        // A spelled " dot " before this part joins another part.
        const std::size_t back = std::min<std::size_t>(localBegin, 9);
        const std::string before = text::toLowerAscii(t.substr(localBegin - back, back));
        std::size_t joinLen = 0;
        for (const std::string_view j : {" dot ", "[dot]", "(dot)", " [dot] ", " (dot) "})
            if (before.size() >= j.size() && before.ends_with(j))
                joinLen = std::max(joinLen, j.size());
        if (joinLen == 0 || localBegin < joinLen + 1 || !localByte(t[localBegin - joinLen - 1]))
            break;
        localBegin -= joinLen;
        spelledDot = true;
    }
    if (localBegin == localEnd)
        return;
    // Domain, forwards: "gmail dot com", "parkschool.org.uk", "hotmail (dot) co (dot) uk".
    std::size_t p = bracketed ? ae + 1 : ae;
    while (p < t.size() && t[p] == ' ' && p < ae + 3)
        ++p;
    std::vector<std::string> labels;
    std::size_t domainEnd = p;
    while (labels.size() < 8) {
        std::size_t q = p;
        while (q < t.size() && q - p < 63 && labelByte(t[q]))
            ++q;
        if (q == p)
            break;
        labels.push_back(text::toLowerAscii(t.substr(p, q - p)));
        domainEnd = q;
        bool spelled = false;
        const std::size_t sep = separatorAt(t, q, "dot", spelled);
        if (sep == 0)
            break;
        spelledDot = spelledDot || spelled;
        p = q + sep;
    }
    if (labels.size() < 2 || !mailTld(labels.back()))
        return;
    // Plain English "at" needs more evidence that this is an address: a spelled "dot" or a mail provider.
    if (!bracketed && !spelledDot && !mailProvider(labels.front()))
        return;
    const std::size_t b = localBegin;
    while (localBegin < localEnd && !isAlnum(t[localBegin]))
        ++localBegin;
    out.push_back(Candidate{std::max(b, localBegin), domainEnd, FindingKind::Email, Severity::Block, "email.spelled",
                            "e-mail address written out (\"at\", \"dot\")", "[email address removed]",
                            "Remove the e-mail address."});
    resume = domainEnd;
}

} // namespace

namespace {

/// The words in lower case that a rule above can start at: a place of worship's type word (worshipType), a
/// school's type word (schoolType) and "at", "for", "with" (age groups, spelled-out e-mail addresses). One look-up
/// refuses the other words of a text.
bool lowerCaseCue(std::string_view lower)
{
    static const WordList kWords = [] {
        std::vector<std::string_view> words{"at", "for", "with"};
        words.insert(words.end(), std::begin(kWorshipTypes), std::end(kWorshipTypes));
        words.insert(words.end(), std::begin(kSchoolTypes), std::end(kSchoolTypes));
        return WordList(std::move(words));
    }();
    return kWords.contains(lower);
}

class CommunityRules final : public WordRules
{
public:
    explicit CommunityRules(const Input& in) : m_in(in) {}

    void word(std::size_t i) override
    {
        const std::vector<Token>& toks = m_in.tokens;
        // Each rule is called only for the words it can start at: a club, a team before an age group and a
        // family name start with a capital; a word in lower case can only be a place of worship's type word, a
        // school's type word, or the "at" of an age group or of an e-mail address.
        const bool notLast = i + 1 < toks.size();
        const bool capital = isUpper(m_in.text[toks[i].begin]);
        const std::string_view lower = m_in.lowerOf(toks[i]);
        if (!capital && !lowerCaseCue(stripPossessive(lower)))
            return;
        const bool at = lower == "at";
        if (capital || worshipType(stripPossessive(lower)))
            worshipOrClubAt(m_in, toks, i, m_worship);
        if (notLast) {
            if (capital)
                teamBeforeAgeGroupAt(m_in, toks, i, m_teamsBefore);
            if (at || lower == "for" || lower == "with")
                teamAfterAgeGroupAt(m_in, toks, i, m_teamsAfter);
        }
        if (i == 0)
            return;
        if (notLast && capital)
            familyAt(m_in, toks, i, m_families);
        if (!capital)
            lowerCaseSchoolAt(m_in, toks, i, m_schools);
        if (notLast && at)
            spelledEmailAt(m_in, toks, i, m_emailEnd, m_emails);
    }

    void finish(std::vector<Candidate>& out) override
    {
        for (auto* found : {&m_worship, &m_teamsBefore, &m_teamsAfter, &m_families, &m_schools, &m_emails})
            out.insert(out.end(), std::make_move_iterator(found->begin()), std::make_move_iterator(found->end()));
    }

private:
    const Input& m_in;
    std::size_t m_emailEnd = 0; ///< end of the last spelled-out address found
    std::vector<Candidate> m_worship, m_teamsBefore, m_teamsAfter, m_families, m_schools, m_emails;
};

} // namespace

std::unique_ptr<WordRules> communityRules(const Input& in)
{
    return std::make_unique<CommunityRules>(in);
}

} // namespace evidence::anon::detail
