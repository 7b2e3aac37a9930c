// Structured identifiers: NHS number, NINO, postcode, payment card, IP address, passport, driving
// licence, vehicle registration (docs/anonymisation.md §2.1–2.3, §2.8, §2.9, §2.11, RE2 forms from §6.2).

#include "anon/checks.h"
#include "anon/rules.h"

#include <algorithm>

namespace evidence::anon::detail {
namespace {

// Every pattern here except ipv6 needs a digit. The nearDigits() bounds are the longest match in bytes;
// a letter of a case-insensitive pattern counts 3 bytes, as RE2 folds 'k' to U+212A and 's' to U+017F.
// ipv6 needs a ':' and is at most 53 bytes long.
struct Patterns
{
    std::unique_ptr<RE2> nhs = compile(R"(\b[0-9]{3}[-. ]?[0-9]{3}[-. ]?[0-9]{4}\b)", false);
    std::unique_ptr<RE2> nino = compile(
        R"(\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[-. ]?[0-9]{2}[-. ]?[0-9]{2}[-. ]?[0-9]{2}[-. ]?[A-D]\b)", true);
    std::unique_ptr<RE2> ninoLenient =
        compile(R"(\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[-. ]?[0-9]{2}[-. ]?[0-9]{2}[-. ]?[0-9]{2}\b)", true);
    std::unique_ptr<RE2> postcode = compile(
        R"(\b(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9]{1,2}|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b)",
        true);
    std::unique_ptr<RE2> outward = compile(
        R"(\b[A-PR-UWYZ](?:[0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9]{1,2}|[A-HK-Y][0-9][ABEHMNPRVWXY])(?: [0-9])?\b)",
        false);
    std::unique_ptr<RE2> card = compile(R"(\b[0-9](?:[ -]?[0-9]){11,18}\b)", false);
    std::unique_ptr<RE2> ipv4 = compile(
        R"(\b(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)(?:/(?:3[0-2]|[12]?[0-9]))?\b)",
        false);
    std::unique_ptr<RE2> ipv6 = compile(R"([0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,44}(?:/[0-9]{1,3})?)", false);
    std::unique_ptr<RE2> passport = compile(R"(\b[A-Z]{2}[0-9]{7}\b)", true);
    std::unique_ptr<RE2> passportOld = compile(R"(\b[0-9]{9}\b)", false);
    std::unique_ptr<RE2> licence = compile(
        R"(\b[A-Z9]{5}[0-9](?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9][A-Z9]{2}[A-Z0-9][A-Z]{2}\b)",
        true);
    std::unique_ptr<RE2> vehicleCurrent =
        compile(R"(\b[A-HJ-PR-Y]{2}(?:0[2-9]|[12][0-9]|5[1-9]|[67][0-9])[ .-]?[A-HJ-PR-Z]{3}\b)", true);
    std::unique_ptr<RE2> vehiclePrefix =
        compile(R"(\b[A-HJ-NPR-TV-Y][1-9][0-9]{0,2}[ -]?[A-HJ-PR-Y][A-HJ-PR-Z]{2}\b)", false);
    std::unique_ptr<RE2> vehicleSuffix =
        compile(R"(\b[A-HJ-PR-Z]{3}[ -]?[1-9][0-9]{0,2}[ -]?[A-HJ-NPR-TV-Y]\b)", false);
};

const Patterns& patterns()
{
    static const Patterns p;
    return p;
}

Candidate make(std::size_t b, std::size_t e, FindingKind kind, Severity sev, std::string rule, std::string reason,
               std::string replacement, std::string suggestion)
{
    return Candidate{
        b, e, kind, sev, std::move(rule), std::move(reason), std::move(replacement), std::move(suggestion)};
}

/// True when the match is glued to a longer dotted or dashed number ("1.2.3.4.5", "12-345-678-9012").
bool partOfLongerNumber(std::string_view text, std::size_t b, std::size_t e)
{
    if (b >= 2 && (text[b - 1] == '.' || text[b - 1] == '-' || text[b - 1] == '/') && isDigit(text[b - 2]))
        return true;
    if (e + 1 < text.size() && (text[e] == '.' || text[e] == '-' || text[e] == '/') && isDigit(text[e + 1]))
        return true;
    return false;
}

void findNhs(const Input& in, std::vector<Candidate>& out)
{
    forEachMatch(*patterns().nhs, in.text, in.where.nearDigits(12), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::size_t e = b + g[0].size();
        if (partOfLongerNumber(in.text, b, e))
            return false;
        const std::string_view m(g[0].data(), g[0].size());
        const std::string digits = checks::digitsOf(m);
        const auto context =
            findPhrase(tokensBefore(in.text, b, 5), {"nhs", "national health service", "health authority", "chi",
                                                     "hospital number", "hospital no", "patient number"});
        const std::string advice = "Remove the NHS number; an anonymised case study never needs it.";
        if (checks::nhsNumberValid(m)) {
            if (checks::allSameDigit(digits)) {
                out.push_back(make(b, e, FindingKind::NhsNumber, Severity::Warn, "nhs.placeholder",
                                   "passes the NHS mod-11 check but all digits are equal (often a placeholder)",
                                   "[NHS number removed]", advice));
                return true;
            }
            out.push_back(make(b, e, FindingKind::NhsNumber, Severity::Block, "nhs.checksum",
                               "10 digits passing the NHS mod-11 check", "[NHS number removed]", advice));
            return true;
        }
        if (!context.empty()) {
            out.push_back(make(b, e, FindingKind::NhsNumber, Severity::Warn, "nhs.context",
                               "fails the NHS check digit but " + contextReason(context), "[NHS number removed]",
                               advice));
            return true;
        }
        return false;
    });
}

void findNino(const Input& in, std::vector<Candidate>& out)
{
    const std::string advice = "Remove the National Insurance number.";
    forEachMatch(*patterns().nino, in.text, in.where.nearDigits(17), true, [&](const auto& g) {
        if (!checks::ninoPrefixAllowed(std::string_view(g[1].data(), g[1].size())))
            return false;
        const std::size_t b = offsetIn(in.text, g[0]);
        out.push_back(make(b, b + g[0].size(), FindingKind::NiNumber, Severity::Block, "nino.format",
                           "National Insurance number format (HMRC NIM39110 prefix and suffix rules)",
                           "[National Insurance number removed]", advice));
        return true;
    });
    forEachMatch(*patterns().ninoLenient, in.text, in.where.nearDigits(16), true, [&](const auto& g) {
        if (!checks::ninoPrefixAllowed(std::string_view(g[1].data(), g[1].size())))
            return false;
        const std::size_t b = offsetIn(in.text, g[0]);
        const auto context =
            findPhrase(tokensBefore(in.text, b, 5), {"national insurance", "ni number", "ni no", "nino", "nin", "ni"});
        if (context.empty())
            return false;
        out.push_back(make(b, b + g[0].size(), FindingKind::NiNumber, Severity::Warn, "nino.lenient",
                           "National Insurance number without its suffix letter; " + contextReason(context),
                           "[National Insurance number removed]", advice));
        return true;
    });
}

void findPostcodes(const Input& in, std::vector<Candidate>& out)
{
    forEachMatch(*patterns().postcode, in.text, in.where.nearDigits(24), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        out.push_back(make(b, b + g[0].size(), FindingKind::Postcode, Severity::Block, "postcode.full",
                           "full UK postcode (Royal Mail format rules)", "[postcode removed]",
                           "Remove the postcode; give the region instead."));
        return true;
    });
    forEachMatch(*patterns().outward, in.text, in.where.nearDigits(6), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const auto context =
            findPhrase(tokensBefore(in.text, b, 5), {"postcode", "post code", "postal code", "address", "lives in",
                                                     "living in", "live in", "moved to", "postcodes"});
        if (context.empty())
            return false;
        out.push_back(make(b, b + g[0].size(), FindingKind::Postcode, Severity::Warn, "postcode.outward",
                           "partial postcode (outward code); " + contextReason(context), "[postcode area removed]",
                           "Remove the postcode area; give the region instead."));
        return true;
    });
}

void findCards(const Input& in, std::vector<Candidate>& out)
{
    forEachMatch(*patterns().card, in.text, in.where.nearDigits(37), true, [&](const auto& g) {
        const std::string_view m(g[0].data(), g[0].size());
        const std::size_t b = offsetIn(in.text, g[0]);
        if (partOfLongerNumber(in.text, b, b + m.size()))
            return false;
        const std::string digits = checks::digitsOf(m);
        if (digits.size() < 12 || digits.size() > 19 || digits[0] == '0' || digits[0] >= '7')
            return false;
        // The tail of a longer run of digit groups ("0123 4567 8901 2345") is not a card number on its own.
        const auto groupSep = [](char c) { return c == ' ' || c == '-'; };
        if (b >= 2 && groupSep(in.text[b - 1]) && isDigit(in.text[b - 2]))
            return false;
        const std::size_t e = b + m.size();
        if (e + 1 < in.text.size() && groupSep(in.text[e]) && isDigit(in.text[e + 1]))
            return false;
        // Separated numbers are printed in groups: 4 digits first, then groups of 3 to 7, one separator kind.
        char sep = 0;
        std::size_t group = 0;
        bool first = true;
        for (const char c : m) {
            if (isDigit(c)) {
                ++group;
                continue;
            }
            if (sep != 0 && c != sep)
                return false;
            sep = c;
            if ((first && group != 4) || (!first && (group < 3 || group > 7)))
                return false;
            first = false;
            group = 0;
        }
        if (sep != 0 && (group < 3 || group > 7))
            return false;
        if (!checks::luhnValid(digits))
            return false;
        out.push_back(make(b, b + m.size(), FindingKind::PaymentCard, Severity::Block, "card.luhn",
                           std::to_string(digits.size()) + "-digit card number passing the Luhn check",
                           "[card number removed]", "Remove the card number."));
        return true;
    });
}

void findIps(const Input& in, std::vector<Candidate>& out)
{
    forEachMatch(*patterns().ipv4, in.text, in.where.nearDigits(18), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::size_t e = b + g[0].size();
        if (partOfLongerNumber(in.text, b, e))
            return false;
        const auto context =
            findPhrase(tokensBefore(in.text, b, 3),
                       {"version", "v", "ver", "release", "build", "section", "paragraph", "para", "clause", "chapter",
                        "figure", "table", "question", "q", "part", "item", "step"});
        if (!context.empty())
            return false;
        out.push_back(make(b, e, FindingKind::IpAddress, Severity::Block, "ip.v4", "IPv4 address",
                           "[IP address removed]", "Remove the IP address."));
        return true;
    });
    forEachMatch(*patterns().ipv6, in.text,
                 in.where.aroundByte(':', Extent{ByteSet::all(), 52}, Extent{ByteSet::all(), 52}), false,
                 [&](const auto& g) {
                     std::size_t b = offsetIn(in.text, g[0]);
                     std::size_t e = b + g[0].size();
                     while (e > b && (in.text[e - 1] == '.' ||
                                      (in.text[e - 1] == ':' && !(e - b >= 2 && in.text[e - 2] == ':'))))
                         --e; // sentence punctuation after the address
                     if (b > 0) {
                         const char c = in.text[b - 1];
                         if (isAlnum(c) || c == ':' || c == '.' || c == '_')
                             return false;
                     }
                     if (e < in.text.size() && (isAlnum(in.text[e]) || in.text[e] == '_'))
                         return false;
                     const std::string_view m = in.text.substr(b, e - b);
                     if (std::count(m.begin(), m.end(), ':') < 2 || !checks::ipv6Valid(m))
                         return false;
                     out.push_back(make(b, e, FindingKind::IpAddress, Severity::Block, "ip.v6", "IPv6 address",
                                        "[IP address removed]", "Remove the IP address."));
                     return true;
                 });
}

void findPassports(const Input& in, std::vector<Candidate>& out)
{
    const auto contextOf = [&](std::size_t b) {
        return findPhrase(tokensBefore(in.text, b, 5),
                          {"passport", "passports", "travel document", "hmpo", "passport number", "passport no"});
    };
    forEachMatch(*patterns().passport, in.text, in.where.nearDigits(13), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        if (b > 0 && (in.text[b - 1] == '@' || in.text[b - 1] == '/' || in.text[b - 1] == '_'))
            return false; // part of a handle or a link
        const auto context = contextOf(b);
        out.push_back(make(b, b + g[0].size(), FindingKind::Passport,
                           context.empty() ? Severity::Warn : Severity::Block, "passport.format",
                           context.empty() ? "UK passport number format (2 letters, 7 digits)"
                                           : "UK passport number format; " + contextReason(context),
                           "[passport number removed]", "Remove the passport number."));
        return true;
    });
    forEachMatch(*patterns().passportOld, in.text, in.where.nearDigits(9), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const auto context = contextOf(b);
        if (context.empty() || partOfLongerNumber(in.text, b, b + g[0].size()))
            return false;
        out.push_back(make(b, b + g[0].size(), FindingKind::Passport, Severity::Block, "passport.old",
                           "9-digit passport number; " + contextReason(context), "[passport number removed]",
                           "Remove the passport number."));
        return true;
    });
}

void findLicences(const Input& in, std::vector<Candidate>& out)
{
    forEachMatch(*patterns().licence, in.text, in.where.nearDigits(48), true, [&](const auto& g) {
        const std::string_view m(g[0].data(), g[0].size());
        if (!checks::drivingLicenceSurnameValid(m))
            return false;
        const std::size_t b = offsetIn(in.text, g[0]);
        const auto context =
            findPhrase(tokensBefore(in.text, b, 5), {"driving licence", "driving license", "licence", "license", "dvla",
                                                     "driver number", "driving licence number", "licence number"});
        out.push_back(make(b, b + m.size(), FindingKind::DrivingLicence,
                           context.empty() ? Severity::Warn : Severity::Block, "licence.format",
                           context.empty() ? "UK driving licence number format"
                                           : "UK driving licence number format; " + contextReason(context),
                           "[driving licence number removed]", "Remove the driving licence number."));
        return true;
    });
}

void findVehicles(const Input& in, std::vector<Candidate>& out)
{
    const std::string advice = "Remove the number plate; \"a car\" is enough.";
    forEachMatch(*patterns().vehicleCurrent, in.text, in.where.nearDigits(18), true, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        out.push_back(make(b, b + g[0].size(), FindingKind::VehicleRegistration, Severity::Block, "vehicle.current",
                           "UK number plate (2001 format, valid age identifier)", "[vehicle registration removed]",
                           advice));
        return true;
    });
    const auto older = [&](const RE2& re, const char* rule, const char* what) {
        forEachMatch(re, in.text, in.where.nearDigits(9), true, [&](const auto& g) {
            const std::size_t b = offsetIn(in.text, g[0]);
            const auto context =
                findPhrase(tokensBefore(in.text, b, 5),
                           {"vehicle", "registration", "reg", "number plate", "licence plate", "plate", "plates", "vrn",
                            "dvla", "car", "van", "mot", "motorbike", "taxi", "lorry"});
            out.push_back(make(b, b + g[0].size(), FindingKind::VehicleRegistration,
                               context.empty() ? Severity::Warn : Severity::Block, rule,
                               context.empty() ? std::string(what) : std::string(what) + "; " + contextReason(context),
                               "[vehicle registration removed]", advice));
            return true;
        });
    };
    older(*patterns().vehiclePrefix, "vehicle.prefix", "UK number plate (1983-2001 prefix format)");
    older(*patterns().vehicleSuffix, "vehicle.suffix", "UK number plate (1963-1983 suffix format)");
}

} // namespace

void findIdentifiers(const Input& in, std::vector<Candidate>& out)
{
    findNhs(in, out);
    findNino(in, out);
    findPostcodes(in, out);
    findCards(in, out);
    findIps(in, out);
    findPassports(in, out);
    findLicences(in, out);
    findVehicles(in, out);
}

} // namespace evidence::anon::detail
