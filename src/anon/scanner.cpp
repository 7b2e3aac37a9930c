#include "anon/scanner.h"

#include "anon/normalise.h"
#include "anon/rules.h"
#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace evidence::anon {
namespace {

struct KindInfo
{
    FindingKind kind;
    std::string_view code;
    std::string_view name;
};

constexpr std::array<KindInfo, 20> kKinds = {{
    {FindingKind::Email, "email", "e-mail address"},
    {FindingKind::Phone, "phone", "phone number"},
    {FindingKind::Postcode, "postcode", "postcode"},
    {FindingKind::SocialProfileUrl, "social_profile_url", "social-media profile link"},
    {FindingKind::Url, "url", "web link"},
    {FindingKind::SocialHandle, "social_handle", "social-media user name"},
    {FindingKind::IpAddress, "ip_address", "IP address"},
    {FindingKind::PaymentCard, "payment_card", "payment card number"},
    {FindingKind::NhsNumber, "nhs_number", "NHS number"},
    {FindingKind::NiNumber, "ni_number", "National Insurance number"},
    {FindingKind::Passport, "passport", "passport number"},
    {FindingKind::DrivingLicence, "driving_licence", "driving licence number"},
    {FindingKind::VehicleRegistration, "vehicle_registration", "vehicle registration"},
    {FindingKind::Date, "date", "date"},
    {FindingKind::StreetAddress, "street_address", "street or address"},
    {FindingKind::School, "school", "school name"},
    {FindingKind::PlaceOfWorship, "place_of_worship", "named place of worship"},
    {FindingKind::Club, "club", "named club or team"},
    {FindingKind::PersonName, "person_name", "personal name"},
    {FindingKind::Place, "place", "place below region level"},
}};

constexpr std::array<FindingKind, 20> kAllKinds = {
    FindingKind::Email,
    FindingKind::Phone,
    FindingKind::Postcode,
    FindingKind::SocialProfileUrl,
    FindingKind::Url,
    FindingKind::SocialHandle,
    FindingKind::IpAddress,
    FindingKind::PaymentCard,
    FindingKind::NhsNumber,
    FindingKind::NiNumber,
    FindingKind::Passport,
    FindingKind::DrivingLicence,
    FindingKind::VehicleRegistration,
    FindingKind::Date,
    FindingKind::StreetAddress,
    FindingKind::School,
    FindingKind::PlaceOfWorship,
    FindingKind::Club,
    FindingKind::PersonName,
    FindingKind::Place,
};

/// Kinds whose fingerprint keeps only letters and digits.
bool numberLike(FindingKind kind) noexcept
{
    switch (kind) {
    case FindingKind::Phone:
    case FindingKind::NhsNumber:
    case FindingKind::NiNumber:
    case FindingKind::PaymentCard:
    case FindingKind::Postcode:
    case FindingKind::Passport:
    case FindingKind::DrivingLicence:
    case FindingKind::VehicleRegistration:
    case FindingKind::IpAddress:
        return true;
    default:
        return false;
    }
}

std::string collapseLower(std::string_view s)
{
    const NormalisedText norm(s);
    std::string out;
    bool space = false;
    for (const char c : text::trim(norm.text())) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string urlKey(std::string_view s)
{
    std::string k = collapseLower(s);
    for (const std::string_view scheme : {"https://", "http://"})
        if (k.starts_with(scheme))
            k.erase(0, scheme.size());
    if (k.starts_with("www."))
        k.erase(0, 4);
    while (!k.empty() && k.back() == '/')
        k.pop_back();
    return k;
}

/// Every key an allow-list entry may match.
std::unordered_set<std::string> allowedKeys(const std::vector<std::string>& entries)
{
    std::unordered_set<std::string> keys;
    for (const auto& entry : entries) {
        const std::string lower = collapseLower(entry);
        if (lower.empty())
            continue;
        keys.insert(lower);
        keys.insert(urlKey(entry));
        if (lower.front() == '@')
            keys.insert(lower.substr(1));
        if (lower.find_first_of("abcdefghijklmnopqrstuvwxyz@") == std::string::npos) {
            const std::string phone = detail::phoneKey(entry);
            if (!phone.empty())
                keys.insert(phone);
        }
    }
    return keys;
}

std::string contactKey(FindingKind kind, std::string_view matched)
{
    switch (kind) {
    case FindingKind::Phone:
        return detail::phoneKey(matched);
    case FindingKind::Url:
    case FindingKind::SocialProfileUrl:
        return urlKey(matched);
    case FindingKind::SocialHandle: {
        std::string k = collapseLower(matched);
        if (!k.empty() && k.front() == '@')
            k.erase(0, 1);
        return k;
    }
    default:
        return collapseLower(matched);
    }
}

bool contactKind(FindingKind kind) noexcept
{
    return kind == FindingKind::Email || kind == FindingKind::Phone || kind == FindingKind::Url ||
           kind == FindingKind::SocialProfileUrl || kind == FindingKind::SocialHandle;
}

/// §2.14: a span inside another is dropped (the container takes the higher severity); equal spans keep
/// the higher severity, then the earlier kind.
std::vector<detail::Candidate> resolveOverlaps(std::vector<detail::Candidate> cands)
{
    std::sort(cands.begin(), cands.end(), [](const auto& a, const auto& b) {
        if (a.begin != b.begin)
            return a.begin < b.begin;
        if (a.end != b.end)
            return a.end > b.end;
        if (a.severity != b.severity)
            return a.severity > b.severity;
        return a.kind < b.kind;
    });
    std::vector<detail::Candidate> kept;
    std::size_t widest = 0; // index in kept of the finding reaching furthest right
    for (auto& c : cands) {
        if (c.end <= c.begin)
            continue;
        if (!kept.empty() && kept[widest].end >= c.end) {
            auto& container = kept[widest];
            if (c.severity > container.severity) {
                container.severity = c.severity;
                container.reason += "; contains a " + std::string(kindName(c.kind));
            }
            continue;
        }
        kept.push_back(std::move(c));
        if (kept.size() == 1 || kept.back().end > kept[widest].end)
            widest = kept.size() - 1;
    }
    return kept;
}

} // namespace

void detail::findWords(const Input& in, std::vector<Candidate>& out)
{
    const auto names = nameRules(in);
    const auto community = communityRules(in);
    for (std::size_t i = 0; i < in.tokens.size(); ++i) {
        names->word(i);
        community->word(i);
    }
    names->finish(out);
    community->finish(out);
}

std::span<const FindingKind> allKinds() noexcept
{
    return kAllKinds;
}

std::string_view kindCode(FindingKind kind) noexcept
{
    for (const auto& k : kKinds)
        if (k.kind == kind)
            return k.code;
    return "unknown";
}

std::string_view kindName(FindingKind kind) noexcept
{
    for (const auto& k : kKinds)
        if (k.kind == kind)
            return k.name;
    return "unknown";
}

FindingKind parseKindCode(std::string_view code)
{
    for (const auto& k : kKinds)
        if (k.code == code)
            return k.kind;
    throw DataError("unknown finding kind '" + std::string(code) + "'");
}

std::string_view severityName(Severity severity) noexcept
{
    return severity == Severity::Block ? "BLOCK" : "WARN";
}

std::string_view fieldCode(Field field) noexcept
{
    switch (field) {
    case Field::Other:
        return "other";
    case Field::CaseStudyTitle:
        return "case_study.title";
    case Field::CaseStudyNarrative:
        return "case_study.narrative";
    case Field::CaseStudyOutcome:
        return "case_study.outcome";
    case Field::CaseStudyNotes:
        return "case_study.notes";
    case Field::AnswerText:
        return "answer.text";
    case Field::SubmissionTitle:
        return "submission.title";
    case Field::SubmissionSummary:
        return "submission.summary";
    case Field::SubmissionCaveats:
        return "submission.caveats";
    case Field::SubmissionContact:
        return "submission.contact";
    }
    return "other";
}

std::string normaliseForFingerprint(FindingKind kind, std::string_view matched)
{
    if (kind == FindingKind::Phone) {
        const std::string e164 = detail::phoneKey(matched);
        if (!e164.empty())
            return e164;
    }
    if (numberLike(kind)) {
        std::string out;
        const NormalisedText norm(matched); // named: text() views into it
        for (const char c : norm.text())
            if (detail::isAlnum(c))
                out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return out;
    }
    return collapseLower(matched);
}

std::string fingerprint(FindingKind kind, Field field, std::string_view matched)
{
    std::string out(kindCode(kind));
    out += '|';
    out += fieldCode(field);
    out += '|';
    out += normaliseForFingerprint(kind, matched);
    return out;
}

std::string Finding::fingerprint() const
{
    return anon::fingerprint(kind, field, matched);
}

std::string Acknowledgement::fingerprint() const
{
    return anon::fingerprint(kind, field, matched);
}

std::vector<Finding> scanText(std::string_view text, const ScanContext& ctx)
{
    return detail::scan(text, ctx, true);
}

std::vector<Finding> detail::scan(std::string_view text, const ScanContext& ctx, bool prefilter)
{
    // Offsets are kept in 32 bits; normalisation can triple invalid bytes (U+FFFD), so stay under 1 GiB.
    if (text.size() > (std::size_t{1} << 30))
        throw Error("text too large to scan (over 1 GiB)");
    const NormalisedText norm(text);
    const detail::Prefilter where(norm.text(), prefilter);
    // As text::toLowerAscii(), in a form the compiler vectorises: this copy is of the whole text.
    std::string lower(norm.text().size(), '\0');
    std::transform(norm.text().begin(), norm.text().end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const std::vector<detail::Token> tokens = detail::tokenize(norm.text());
    const detail::Input in{norm.text(), ctx, Gazetteer::instance(), where, lower, tokens};

    std::vector<detail::Candidate> cands;
    detail::findOnline(in, cands);
    detail::findPhones(in, cands);
    detail::findIdentifiers(in, cands);
    detail::findDates(in, cands);
    detail::findInstitutions(in, cands);
    detail::findWords(in, cands);

    if (ctx.field == Field::SubmissionContact && !ctx.allowedContacts.empty()) {
        const auto keys = allowedKeys(ctx.allowedContacts);
        std::erase_if(cands, [&](const detail::Candidate& c) {
            return contactKind(c.kind) && keys.count(contactKey(c.kind, in.text.substr(c.begin, c.end - c.begin))) > 0;
        });
    }
    cands = resolveOverlaps(std::move(cands));

    std::vector<Finding> findings;
    findings.reserve(cands.size());
    std::vector<std::size_t> offsets;
    offsets.reserve(cands.size() * 2);
    for (auto& c : cands) {
        Finding f;
        f.kind = c.kind;
        f.severity = c.severity;
        f.field = ctx.field;
        f.byteBegin = norm.toOriginalBegin(c.begin);
        f.byteEnd = norm.toOriginalEnd(c.end);
        f.matched = std::string(text.substr(f.byteBegin, f.byteEnd - f.byteBegin));
        f.rule = std::move(c.rule);
        f.reason = std::move(c.reason);
        f.replacement = std::move(c.replacement);
        f.suggestion = std::move(c.suggestion);
        offsets.push_back(f.byteBegin);
        offsets.push_back(f.byteEnd);
        findings.push_back(std::move(f));
    }
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
    const std::vector<std::size_t> chars = charOffsets(text, offsets);
    const auto charOf = [&](std::size_t byte) {
        const auto it = std::lower_bound(offsets.begin(), offsets.end(), byte);
        return chars[static_cast<std::size_t>(it - offsets.begin())];
    };
    for (auto& f : findings) {
        f.charBegin = charOf(f.byteBegin);
        f.charEnd = charOf(f.byteEnd);
    }
    return findings;
}

bool hasBlocking(std::span<const Finding> findings) noexcept
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == Severity::Block; });
}

std::vector<Finding> filterAcknowledged(std::vector<Finding> findings, std::span<const std::string> fingerprints)
{
    const std::unordered_set<std::string> acked(fingerprints.begin(), fingerprints.end());
    std::erase_if(findings,
                  [&](const Finding& f) { return f.severity == Severity::Warn && acked.count(f.fingerprint()) > 0; });
    return findings;
}

std::vector<Finding> filterAcknowledged(std::vector<Finding> findings, std::span<const Acknowledgement> acks)
{
    std::vector<std::string> prints;
    prints.reserve(acks.size());
    for (const auto& a : acks)
        prints.push_back(a.fingerprint());
    return filterAcknowledged(std::move(findings), std::span<const std::string>(prints));
}

std::string applyEdits(std::string_view text, std::vector<Edit> edits)
{
    std::stable_sort(edits.begin(), edits.end(),
                     [](const Edit& a, const Edit& b) { return a.byteBegin < b.byteBegin; });
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (const auto& e : edits) {
        if (e.byteBegin > e.byteEnd || e.byteEnd > text.size())
            throw Error("replacement outside the text (bytes " + std::to_string(e.byteBegin) + "-" +
                        std::to_string(e.byteEnd) + " of " + std::to_string(text.size()) + ")");
        if (e.byteBegin < pos)
            continue; // overlaps the previous edit
        out.append(text.substr(pos, e.byteBegin - pos));
        out += e.text;
        pos = e.byteEnd;
    }
    out.append(text.substr(pos));
    return out;
}

std::string applyFix(std::string_view text, const Finding& finding)
{
    return applyEdits(text, {Edit{finding.byteBegin, finding.byteEnd, finding.replacement}});
}

std::string applyFixes(std::string_view text, std::span<const Finding> findings)
{
    std::vector<Edit> edits;
    edits.reserve(findings.size());
    for (const auto& f : findings)
        edits.push_back(Edit{f.byteBegin, f.byteEnd, f.replacement});
    return applyEdits(text, std::move(edits));
}

} // namespace evidence::anon
