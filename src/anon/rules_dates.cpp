// Full dates (docs/anonymisation.md §2.10): WARN, BLOCK next to "born", "DOB", "birthday".
// Month + year and year alone are the allowed generalisation (§4.2), so they are never reported.

#include "anon/rules.h"
#include "core/text.h"

#include <array>
#include <string>

namespace evidence::anon::detail {
namespace {

constexpr const char* kMonth = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                               "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
constexpr const char* kDay = "0?[1-9]|[12][0-9]|3[01]";
// A day written as a word: "the twenty-third of May 2009".
constexpr const char* kDayWord =
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    "fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    "(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)";

struct Patterns
{
    std::unique_ptr<RE2> numeric =
        compile(std::string(R"(\b()") + kDay + R"()([/.-])(0?[1-9]|1[0-2])([/.-])([0-9]{4}|[0-9]{2})\b)", false);
    std::unique_ptr<RE2> words = compile(std::string(R"(\b(?:()") + kDay + R"()(?:st|nd|rd|th)?(?: of)? ()" + kMonth +
                                             R"()\b(?:,? ([12][0-9]{3})\b)?|()" + kMonth + R"() ()" + kDay +
                                             R"()(?:st|nd|rd|th)?\b(?:,? ([12][0-9]{3})\b)?))",
                                         true);
    std::unique_ptr<RE2> dayWord =
        compile(std::string(R"(\b(?:the )?(?:)") + kDayWord + R"() of ()" + kMonth + R"(),? ([12][0-9]{3})\b)", true);
    std::unique_ptr<RE2> iso = compile(
        R"(\b([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?\b)",
        false);
};

const Patterns& patterns()
{
    static const Patterns p;
    return p;
}

constexpr std::array<std::string_view, 12> kMonthNames = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

/// Month number (1-12) of a month word or abbreviation, 0 if unknown.
int monthFromWord(std::string_view w)
{
    const std::string lower = text::toLowerAscii(w.substr(0, 3));
    for (std::size_t i = 0; i < kMonthNames.size(); ++i)
        if (text::toLowerAscii(kMonthNames[i].substr(0, 3)) == lower)
            return static_cast<int>(i) + 1;
    return 0;
}

std::string_view piece(const re2::StringPiece& p)
{
    return {p.data(), p.size()};
}

void report(const Input& in, std::vector<Candidate>& out, std::size_t b, std::size_t e, int month, std::string year,
            const char* rule)
{
    auto context = findPhrase(tokensBefore(in.text, b, 5), {"born", "dob", "d o b", "date of birth", "birth date",
                                                            "birthdate", "birthday", "birthdays"});
    if (context.empty())
        context = findPhrase(tokensAfter(in.text, e, 3), {"birthday", "birthdate", "date of birth", "born"});
    if (!context.empty()) {
        out.push_back(Candidate{b, e, FindingKind::Date, Severity::Block, rule,
                                "date of birth; " + contextReason(context), "[date of birth removed]",
                                "Remove the date of birth; give the age or an age band instead."});
        return;
    }
    // A consultation's, a publication's or a statistical period's date is about no one (§2.10): the
    // 8 words before must name the event. A child's date next to "reported missing" stays reported.
    if (!findPhrase(tokensBefore(in.text, b, 8),
                    {"consultation",    "consultations",    "published",      "publication",
                     "publishes",       "closed",           "closes",         "closing date",
                     "ran from",        "runs from",        "royal assent",   "submitted",
                     "submission",      "white paper",      "green paper",    "call for evidence",
                     "year ending",     "years ending",     "quarter ending", "period ending",
                     "came into force", "comes into force", "commencement",   "government response",
                     "our response",    "its response",     "accessed",       "retrieved"})
             .empty())
        return;
    if (year.size() == 2)
        year = (year[0] >= '3' ? "19" : "20") + year;
    std::string replacement = "[date removed]";
    if (month >= 1 && month <= 12 && !year.empty())
        replacement = std::string(kMonthNames[static_cast<std::size_t>(month - 1)]) + " " + year;
    out.push_back(Candidate{b, e, FindingKind::Date, Severity::Warn, rule, "full date (day and month)",
                            std::move(replacement), "Generalise the date to its month and year, or the year."});
}

bool gluedToNumber(std::string_view text, std::size_t b, std::size_t e)
{
    if (b >= 2 && (text[b - 1] == '.' || text[b - 1] == '/' || text[b - 1] == '-' || text[b - 1] == ':') &&
        isDigit(text[b - 2]))
        return true;
    if (e + 1 < text.size() && (text[e] == '.' || text[e] == '/' || text[e] == '-' || text[e] == ':') &&
        isDigit(text[e + 1]))
        return true;
    return false;
}

} // namespace

void findDates(const Input& in, std::vector<Candidate>& out)
{
    // Every date holds a digit. Longest matches: "31/12/2019"; a day, a month word and a year with
    // case-folded letters counted at 3 bytes; ISO with time zone, whose fraction of seconds is not bounded
    // but every byte of which is next to a digit.
    forEachMatch(*patterns().numeric, in.text, in.where.nearDigits(10), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::size_t e = b + g[0].size();
        if (piece(g[2]) != piece(g[4]) || gluedToNumber(in.text, b, e))
            return false;
        if (!findPhrase(tokensBefore(in.text, b, 2), {"version", "v", "ver", "release", "build", "section", "para",
                                                      "paragraph", "clause", "chapter", "figure", "table"})
                 .empty())
            return false; // "version 2.10.15", "section 3.4.21": numbering, not a date
        report(in, out, b, e, std::stoi(std::string(piece(g[3]))), std::string(piece(g[5])), "date.numeric");
        return true;
    });
    forEachMatch(*patterns().words, in.text, in.where.nearDigits(64), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::size_t e = b + g[0].size();
        const bool dayFirst = g[1].data() != nullptr;
        const std::string_view monthWord = piece(dayFirst ? g[2] : g[4]);
        if (monthWord == "may" || monthWord == "mar" || monthWord == "march")
            return false; // "11 may be too young": lower-case words that are also verbs
        const int month = monthFromWord(monthWord);
        const std::string year(piece(dayFirst ? g[3] : g[6]));
        report(in, out, b, e, month, year, "date.words");
        return true;
    });
    // A day in words needs its year to be found (the digits the windows start from): at most 44 characters
    // before it, each counted at 3 bytes.
    forEachMatch(*patterns().dayWord, in.text, in.where.nearDigits(140), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        report(in, out, b, b + g[0].size(), monthFromWord(piece(g[1])), std::string(piece(g[2])), "date.day_words");
        return true;
    });
    forEachMatch(*patterns().iso, in.text, in.where.nearDigits(40), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        report(in, out, b, b + g[0].size(), std::stoi(std::string(piece(g[2]))), std::string(piece(g[1])), "date.iso");
        return true;
    });
}

} // namespace evidence::anon::detail
