#include "core/domain.h"

#include "core/errors.h"
#include "core/text.h"

namespace evidence {

std::string_view unitLabel(Unit unit) noexcept
{
    switch (unit) {
    case Unit::Count:
        return "count";
    case Unit::RatePer10000:
        return "rate per 10,000";
    case Unit::Percentage:
        return "percentage";
    }
    return "count";
}

std::string_view unitCode(Unit unit) noexcept
{
    switch (unit) {
    case Unit::Count:
        return "count";
    case Unit::RatePer10000:
        return "rate_per_10000";
    case Unit::Percentage:
        return "percentage";
    }
    return "count";
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
    switch (kind) {
    case AreaKind::PoliceForceArea:
        return "police_force_area";
    case AreaKind::Region:
        return "region";
    case AreaKind::Country:
        return "country";
    case AreaKind::Aggregate:
        return "aggregate";
    }
    return "aggregate";
}

std::string_view areaKindLabel(AreaKind kind) noexcept
{
    switch (kind) {
    case AreaKind::PoliceForceArea:
        return "police force area";
    case AreaKind::Region:
        return "region";
    case AreaKind::Country:
        return "country";
    case AreaKind::Aggregate:
        return "aggregate";
    }
    return "aggregate";
}

AreaKind parseAreaKind(std::string_view code)
{
    for (auto k : {AreaKind::PoliceForceArea, AreaKind::Region, AreaKind::Country, AreaKind::Aggregate})
        if (areaKindCode(k) == code)
            return k;
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
    switch (t) {
    case AnswerType::YesNo:
        return "yes_no";
    case AnswerType::YesNoFreeText:
        return "yes_no_free_text";
    case AnswerType::FreeText:
        return "free_text";
    case AnswerType::Choice:
        return "choice";
    case AnswerType::MultiChoiceFreeText:
        return "multi_choice_free_text";
    }
    return "free_text";
}

AnswerType parseAnswerType(std::string_view code)
{
    for (auto t : {AnswerType::YesNo, AnswerType::YesNoFreeText, AnswerType::FreeText, AnswerType::Choice,
                   AnswerType::MultiChoiceFreeText})
        if (answerTypeCode(t) == code)
            return t;
    throw DataError("answer type '" + text::quoteForMessage(code) +
                    "' is not known: use yes_no, yes_no_free_text, free_text, choice or multi_choice_free_text");
}

} // namespace evidence
