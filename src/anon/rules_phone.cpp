// Telephone numbers (docs/anonymisation.md §2.4, RE2 candidate from §6.2).
//
// Candidates come from RE2 (linear time); each bounded candidate is then checked with the §2.4 UK
// numbering-plan and grouping rules and with Google libphonenumber, region "GB" (Presidio's "UK" is not a
// libphonenumber region, §1.3). libphonenumber's own PhoneNumberMatcher is not used: it runs ICU's
// backtracking regex engine over the whole text.
//
// Numbers in ranges Ofcom reserves for drama (07700 900xxx, 01632 96xxxx) are not "valid" for
// libphonenumber (not allocated), but a reader cannot tell them from real numbers, so a UK number is
// accepted when it is *possible* for libphonenumber and passes the §2.4 rules; the reason says which.

#include "anon/checks.h"
#include "anon/rules.h"

#include <cctype>
#include <phonenumbers/phonenumberutil.h>
#include <unordered_map>

namespace evidence::anon::detail {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

struct Patterns
{
    std::unique_ptr<RE2> uk = compile(R"((?:\+44|\b0044|\b0)[0-9 ().-]{8,16}[0-9])", false);
    std::unique_ptr<RE2> international = compile(R"((?:\+|\b00)[1-9][0-9 ().-]{5,18}[0-9])", false);
};

const Patterns& patterns()
{
    static const Patterns p;
    return p;
}

bool isSeparator(char c) noexcept
{
    return c == ' ' || c == '(' || c == ')' || c == '-' || c == '.';
}

/// Candidate ends to try, longest first: the match end, then each end of a digit group before a separator.
std::vector<std::size_t> candidateEnds(std::string_view text, std::size_t b, std::size_t e)
{
    std::vector<std::size_t> ends{e};
    for (std::size_t i = e - 1; i > b + 1; --i)
        if (isDigit(text[i - 1]) && isSeparator(text[i]))
            ends.push_back(i);
    return ends;
}

struct Verdict
{
    bool accepted = false;
    bool valid = false; ///< IsValidNumber, not only possible
};

Verdict checkUk(std::string_view cand)
{
    std::string_view rest = cand;
    std::string national;
    if (rest.substr(0, 3) == "+44" || rest.substr(0, 4) == "0044") {
        rest.remove_prefix(rest[0] == '+' ? 3 : 4);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '.'))
            rest.remove_prefix(1);
        if (rest.substr(0, 3) == "(0)")
            rest.remove_prefix(3);
        else if (!rest.empty() && rest.front() == '0')
            rest.remove_prefix(1);
        national = "0" + checks::digitsOf(rest);
    } else {
        national = checks::digitsOf(rest);
    }
    if (!checks::ukNationalDigitsPlausible(national) || !checks::phoneGroupingPlausible(rest))
        return {};
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util.Parse(national, "GB", &number) != PhoneNumberUtil::NO_PARSING_ERROR || !util.IsPossibleNumber(number))
        return {};
    return {true, util.IsValidNumber(number)};
}

Verdict checkInternational(std::string_view cand)
{
    const std::string digits = checks::digitsOf(cand);
    if (digits.size() < 8 || digits.size() > 17)
        return {};
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util.Parse(std::string(cand), "GB", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    if (number.country_code() == 44 || !util.IsValidNumber(number))
        return {};
    return {true, true};
}

} // namespace

std::string phoneKey(std::string_view text)
{
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util.Parse(std::string(text), "GB", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    std::string out;
    util.Format(number, PhoneNumberUtil::E164, &out);
    return out;
}

// True when [b, e) lies inside a UUID (8-4-4-4-12 hexadecimal digits): the tool writes its own identifiers
// into the workbook, and a run of digits in one ("...-0207-9460-...") is no phone number.
bool insideUuid(std::string_view text, std::size_t b, std::size_t e) noexcept
{
    const auto inToken = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '-'; };
    while (b > 0 && inToken(text[b - 1]))
        --b;
    while (e < text.size() && inToken(text[e]))
        ++e;
    if (e - b != 36)
        return false;
    for (std::size_t i = 0; i < 36; ++i) {
        const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if ((text[b + i] == '-') != hyphen)
            return false;
    }
    return true;
}

void findPhones(const Input& in, std::vector<Candidate>& out)
{
    const std::string advice = "Remove the phone number; an anonymised case study never needs it.";
    // libphonenumber is the expensive part (ICU regexes inside); a text often repeats the same number.
    std::unordered_map<std::string, Verdict> cache;
    const auto verdict = [&](std::string_view cand, bool uk) {
        std::string key(cand);
        key += uk ? 'u' : 'i';
        const auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        const Verdict v = uk ? checkUk(cand) : checkInternational(cand);
        if (cache.size() < 4096)
            cache.emplace(std::move(key), v);
        return v;
    };
    const auto scan = [&](const RE2& re, bool uk) {
        // Longest matches: "+44" or " 0044", 16 separators or digits and a digit; "+" or " 00", 20 more.
        forEachMatch(re, in.text, in.where.nearDigits(uk ? 21 : 23), true, [&](const auto& g) {
            const std::size_t b = offsetIn(in.text, g[0]);
            const std::size_t e = b + g[0].size();
            if (!uk && (in.text.substr(b, 3) == "+44" || in.text.substr(b, 4) == "0044"))
                return false;
            if (b > 0 && (isDigit(in.text[b - 1]) || in.text[b - 1] == '+'))
                return false;
            if (insideUuid(in.text, b, e))
                return false;
            for (const std::size_t end : candidateEnds(in.text, b, e)) {
                if (end < in.text.size() && isDigit(in.text[end]))
                    continue; // a prefix of a longer number (§6.2: no (?![0-9]) in RE2)
                const std::string_view cand = in.text.substr(b, end - b);
                const Verdict v = verdict(cand, uk);
                if (!v.accepted)
                    continue;
                if (uk && in.gaz.isPublicNumber(phoneKey(cand)))
                    return true; // a helpline everyone may call (data/public_numbers.tsv): about no one
                std::size_t begin = b;
                // "(020) 7946 0958": take the opening bracket that belongs to the number.
                const auto close = cand.find(')');
                if (begin > 0 && in.text[begin - 1] == '(' && close != std::string_view::npos && cand.find('(') > close)
                    --begin;
                std::string reason =
                    uk ? (v.valid ? "valid UK phone number (libphonenumber, region GB)"
                                  : "well-formed UK phone number in an unallocated or reserved range (libphonenumber: "
                                    "possible, not allocated)")
                       : "valid international phone number (libphonenumber)";
                out.push_back(Candidate{begin, end, FindingKind::Phone, Severity::Block,
                                        uk ? "phone.uk" : "phone.international", std::move(reason),
                                        "[phone number removed]", advice});
                return true;
            }
            return false;
        });
    };
    scan(*patterns().uk, true);
    scan(*patterns().international, false);
}

} // namespace evidence::anon::detail
