#include "app/case_study_model.h"

#include "app/anonymisation.h"
#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>

namespace evidence::app {

std::vector<anon::Finding> scanField(std::string_view text, anon::Field field,
                                     const std::vector<FindingAcknowledgement>& acks)
{
    anon::ScanContext ctx;
    ctx.field = field;
    std::vector<std::string> fingerprints;
    const std::string_view code = anon::fieldCode(field);
    for (const auto& a : acks)
        if (a.field == code)
            fingerprints.push_back(a.fingerprint);
    return anon::filterAcknowledged(anon::scanText(text, ctx), fingerprints);
}

FindingCounts countFindings(std::span<const anon::Finding> findings) noexcept
{
    FindingCounts n;
    for (const auto& f : findings)
        (f.severity == anon::Severity::Block ? n.block : n.warn) += 1;
    return n;
}

std::string findingLabel(const anon::Finding& f)
{
    return std::string(anon::severityName(f.severity)) + " " + std::string(anon::kindName(f.kind)) + " \u201c" +
           f.matched + "\u201d";
}

bool isPseudonymFix(const anon::Finding& f) noexcept
{
    return f.kind == anon::FindingKind::PersonName;
}

std::size_t FindingsCache::keyOf(const CaseStudy& c, const std::vector<FindingAcknowledgement>& acks)
{
    std::size_t key = std::hash<std::string>{}(c.title);
    auto mix = [&key](std::size_t h) { key ^= h + 0x9e3779b97f4a7c15ULL + (key << 6) + (key >> 2); };
    mix(std::hash<std::string>{}(c.narrative));
    mix(std::hash<std::string>{}(c.outcome));
    for (const auto& a : acks)
        mix(std::hash<std::string>{}(a.fingerprint));
    return key;
}

namespace {
FindingCounts countOpen(const std::vector<app::FieldFindings>& fields)
{
    FindingCounts n;
    for (const auto& field : fields) {
        const FindingCounts f = countFindings(field.open);
        n.block += f.block;
        n.warn += f.warn;
    }
    return n;
}
} // namespace

FindingCounts FindingsCache::counts(const db::Store& store, const CaseStudy& c,
                                    const std::vector<FindingAcknowledgement>& acks)
{
    const std::size_t key = keyOf(c, acks);
    auto it = m_entries.find(c.id);
    if (it != m_entries.end() && it->second.key == key)
        return it->second.counts;
    const FindingCounts n = countOpen(app::scanCaseStudy(store, c));
    m_entries[c.id] = {key, n};
    return n;
}

void FindingsCache::remember(const CaseStudy& c, const std::vector<FindingAcknowledgement>& acks,
                             const std::vector<app::FieldFindings>& fields)
{
    m_entries[c.id] = {keyOf(c, acks), countOpen(fields)};
}

std::optional<int> parseWholeNumber(std::string_view raw, std::string_view field, int min, int max)
{
    const std::string_view s = text::trim(raw);
    if (s.empty())
        return std::nullopt;
    int v = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec != std::errc{} || res.ptr != s.data() + s.size() || v < min || v > max)
        throw DataError(std::string(field) + ": '" + text::quoteForMessage(s) + "' is not a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max) + "; leave it empty if it is not known");
    return v;
}

std::string nextCaseReference(const std::vector<std::string>& references)
{
    int highest = 0;
    for (const auto& r : references) {
        if (r.size() > 3 && text::iequals(r.substr(0, 3), "CS-")) {
            int n = 0;
            const auto res = std::from_chars(r.data() + 3, r.data() + r.size(), n);
            if (res.ec == std::errc{} && res.ptr == r.data() + r.size())
                highest = std::max(highest, n);
        }
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "CS-%03d", highest + 1);
    return buf;
}

} // namespace evidence::app
