#include "core/domain.h"

#include "core/errors.h"
#include "core/text.h"

#include <array>
#include <optional>

namespace evidence {

namespace {

// Each enumerator's storage code and the words a person reads, indexed by the enumerator's value: the
// enums in domain.h number their enumerators from 0 in this order.
struct Names
{
    std::string_view code;
    std::string_view label;
};
constexpr std::array<Names, 3> kUnitNames{{
    {"count", "count"},
    {"rate_per_10000", "rate per 10,000"},
    {"percentage", "percentage"},
}};
constexpr std::array<Names, 4> kAreaKindNames{{
    {"police_force_area", "police force area"},
    {"region", "region"},
    {"country", "country"},
    {"aggregate", "aggregate"},
}};
constexpr std::array<std::string_view, 5> kAnswerTypeCodes{"yes_no", "yes_no_free_text", "free_text", "choice",
                                                           "multi_choice_free_text"};

// The entry of @p value, or @p fallback's for a value outside the enum (read from a damaged store).
template <class Enum, class Entry, std::size_t N>
const Entry& entryOf(const std::array<Entry, N>& table, Enum value, Enum fallback) noexcept
{
    const auto i = static_cast<std::size_t>(value);
    return table[i < N ? i : static_cast<std::size_t>(fallback)];
}

// The enumerator whose code is @p code, if any.
template <class Enum, class Entry, std::size_t N, class Code>
std::optional<Enum> byCode(const std::array<Entry, N>& table, std::string_view code, Code codeOf)
{
    for (std::size_t i = 0; i < N; ++i)
        if (codeOf(table[i]) == code)
            return static_cast<Enum>(i);
    return std::nullopt;
}

} // namespace

std::string_view unitLabel(Unit unit) noexcept
{
    return entryOf(kUnitNames, unit, Unit::Count).label;
}

std::string_view unitCode(Unit unit) noexcept
{
    return entryOf(kUnitNames, unit, Unit::Count).code;
}

Unit parseUnit(std::string_view raw)
{
    const std::string s = text::toLowerAscii(text::trim(raw));
    if (s == "count" || s == "number")
        return Unit::Count;
    if (s == "rate_per_10000" || s == "rate per 10,000" || s == "rate per 10000")
        return Unit::RatePer10000;
    if (s == "percentage" || s == "percent" || s == "%")
        return Unit::Percentage;
    throw DataError("unit '" + text::quoteForMessage(raw) + "' is not known: use count, rate per 10,000 or percentage");
}

std::string_view areaKindCode(AreaKind kind) noexcept
{
    return entryOf(kAreaKindNames, kind, AreaKind::Aggregate).code;
}

std::string_view areaKindLabel(AreaKind kind) noexcept
{
    return entryOf(kAreaKindNames, kind, AreaKind::Aggregate).label;
}

AreaKind parseAreaKind(std::string_view code)
{
    if (const auto kind = byCode<AreaKind>(kAreaKindNames, code, [](const Names& n) { return n.code; }))
        return *kind;
    throw DataError("area kind '" + text::quoteForMessage(code) + "' is not known");
}

std::string_view reviewStateCode(ReviewState s) noexcept
{
    return s == ReviewState::Reviewed ? "reviewed" : "draft";
}

std::string_view consentCode(Consent c) noexcept
{
    switch (c) {
    case Consent::Obtained:
        return "yes";
    case Consent::NotObtained:
        return "no";
    case Consent::Unknown:
        return "unknown";
    }
    return "unknown";
}

std::string_view caseStudyBasisCode(CaseStudyBasis b) noexcept
{
    return b == CaseStudyBasis::PublishedAccount ? "published_account" : "consent";
}

CaseStudyBasis parseCaseStudyBasis(std::string_view text)
{
    std::string t = text::toLowerAscii(text::trim(text));
    for (auto& c : t)
        if (c == ' ' || c == '-')
            c = '_';
    if (t == "consent")
        return CaseStudyBasis::Consent;
    if (t == "published_account" || t == "published")
        return CaseStudyBasis::PublishedAccount;
    throw DataError("basis '" + text::quoteForMessage(text) +
                    "' is not known: use consent (told with consent) or published_account (retold from a "
                    "published account, with its citation)");
}

std::string figureAsAt(const Observation& o, const Source& source)
{
    return o.asAt.empty() ? source.datePublished : o.asAt;
}

std::string_view answerTypeCode(AnswerType t) noexcept
{
    return entryOf(kAnswerTypeCodes, t, AnswerType::FreeText);
}

AnswerType parseAnswerType(std::string_view code)
{
    if (const auto type = byCode<AnswerType>(kAnswerTypeCodes, code, [](std::string_view c) { return c; }))
        return *type;
    throw DataError("answer type '" + text::quoteForMessage(code) +
                    "' is not known: use yes_no, yes_no_free_text, free_text, choice or multi_choice_free_text");
}

bool isTerritorialForce(const Area& area) noexcept
{
    return area.kind == AreaKind::PoliceForceArea && !area.code.empty() && area.country != "Scotland";
}

} // namespace evidence
