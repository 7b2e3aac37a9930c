#include "core/trends/headline.h"

#include "core/numbers.h"

#include <cmath>

namespace evidence::trends {
namespace {

constexpr double kExact = 1e-9; // folds within this of a whole number are exact (82 / 41)
constexpr double kNear = 0.05;  // "almost", "more than" and "doubled" within 5% of the round figure

std::string numberWord(long long n)
{
    static const char* const kWords[] = {"zero",     "one",      "two",      "three",   "four",    "five",
                                         "six",      "seven",    "eight",    "nine",    "ten",     "eleven",
                                         "twelve",   "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                         "eighteen", "nineteen", "twenty"};
    if (n >= 0 && n <= 20)
        return kWords[n];
    return formatFigure(static_cast<double>(n), 0);
}

// @p v with up to @p decimals decimals; a value that would round to 0 keeps two significant figures, so
// that a rise from 0.0004 to 0.0012 is not written "from 0 to 0".
std::string figureText(double v, int decimals)
{
    if (v != 0 && std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        decimals = std::min(12, 1 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
    return formatFigure(v, decimals);
}

std::string valueText(double v, Unit unit)
{
    switch (unit) {
    case Unit::Count:
        return figureText(v, 2);
    case Unit::RatePer10000:
        return figureText(v, 1) + " per 10,000";
    case Unit::Percentage:
        return figureText(v, 1) + "%";
    }
    return figureText(v, 2);
}

std::string capitalised(std::string s)
{
    if (!s.empty() && s.front() >= 'a' && s.front() <= 'z')
        s.front() = static_cast<char>(s.front() - 'a' + 'A');
    return s;
}

std::string lowered(std::string s)
{
    if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string subjectOf(const HeadlineContext& c)
{
    std::string s = capitalised(c.subject.empty() ? std::string("The figure") : c.subject);
    if (!c.areaName.empty())
        s += " in " + c.areaName;
    return s;
}

std::string caveat(const HeadlineContext& c)
{
    std::string s;
    if (c.coverage && !c.coverage->complete())
        s = ", based on " + c.coverage->text();
    if (!c.attribution.empty())
        s += ", as published by " + c.attribution;
    return s;
}

} // namespace

std::string percentForSentence(double percent)
{
    const double p = std::fabs(percent);
    const double nearestWhole = std::round(p);
    if (std::fabs(p - nearestWhole) < kExact)
        return formatFixed(nearestWhole, 0) + "%";
    for (int decimals = 0; decimals <= 3; ++decimals) {
        const double scale = std::pow(10.0, decimals);
        const double rounded = std::round(p * scale) / scale;
        if (std::fmod(rounded, 100.0) != 0.0)
            return formatFixed(rounded, decimals) + "%";
    }
    // Within 0.0005 of a multiple of 100 without being one.
    const double round100 = std::round(p / 100.0) * 100.0;
    if (round100 == 0.0)
        return "less than 0.001%";
    return (p < round100 ? "just under " : "just over ") + formatFixed(round100, 0) + "%";
}

std::string approximatePhrase(double fold, std::string_view comparative)
{
    if (!std::isfinite(fold) || fold <= 0)
        return {};
    if (fold < 1) {
        const double half = 0.5;
        if (std::fabs(fold - half) < kExact)
            return "halved";
        if (std::fabs(fold - half) <= half * kNear + kExact)
            return fold > half ? "almost halved" : "more than halved";
        return {};
    }
    const double n = std::round(fold);
    if (n < 2)
        return {};
    const bool exact = std::fabs(fold - n) < kExact;
    const bool near = std::fabs(fold - n) <= n * kNear + kExact;
    const auto whole = static_cast<long long>(n);
    if (whole == 2 && (exact || near))
        return exact ? "doubled" : fold < n ? "almost doubled" : "more than doubled";
    if (exact)
        return numberWord(whole) + " times " + std::string(comparative);
    if (near)
        return (fold < n ? "almost " : "more than ") + numberWord(whole) + " times " + std::string(comparative);
    const auto below = static_cast<long long>(std::floor(fold));
    if (below < 2)
        return {};
    if (below == 2)
        return "more than twice " + std::string(comparative);
    return "more than " + numberWord(below) + " times " + std::string(comparative);
}

std::string headline(const SeriesFigures& f, const HeadlineContext& c)
{
    const std::string who = subjectOf(c);
    const std::string from = f.from.label();
    const std::string to = f.to.label();
    const std::string verb = c.pluralSubject ? "were" : "was";

    if (f.from == f.to && !f.last.computable())
        return who + ": " + f.last.reason() + "; there is no other period to compare with" + caveat(c) + ".";
    if (!f.first.computable() || !f.last.computable()) {
        const Figure& gap = f.first.computable() ? f.last : f.first;
        std::string known;
        if (f.first.computable())
            known = " " + verb + " " + valueText(f.first.value(), f.unit) + " in " + from + ", but";
        else if (f.last.computable())
            known = " " + verb + " " + valueText(f.last.value(), f.unit) + " in " + to + ", but";
        else
            known = ":";
        return who + known + " no change from " + from + " to " + to + " can be given because " + gap.reason() +
               caveat(c) + ".";
    }
    const double a = f.first.value();
    const double b = f.last.value();
    if (f.from == f.to)
        return who + " " + verb + " " + valueText(b, f.unit) + " in " + to +
               "; there is no other period to compare with" + caveat(c) + ".";
    if (a == b)
        return who + " " + verb + " unchanged at " + valueText(a, f.unit) + " in " + from + " and " + to + caveat(c) +
               (f.caveat.empty() ? "" : "; " + f.caveat) + ".";

    const bool rise = b > a;
    std::string s = who + (rise ? " rose from " : " fell from ") + valueText(a, f.unit) + " in " + from + " to " +
                    valueText(b, f.unit) + " in " + to;
    if (f.unit == Unit::Percentage) {
        const double points = std::fabs(b - a);
        s += std::string(rise ? ", an increase of " : ", a decrease of ") + formatFigure(points, 1) +
             " percentage point" + (points == 1.0 ? "" : "s");
    } else if (f.percentChange.computable()) {
        s += std::string(rise ? ", an increase of " : ", a decrease of ") +
             percentForSentence(f.percentChange.value() * 100.0);
        const std::string phrase =
            approximatePhrase(f.foldChange.valueOr(0), f.unit == Unit::Count ? "as many" : "as high");
        if (!phrase.empty())
            s += " (" + phrase + ")";
    } else {
        s += " (a percentage change cannot be given from a figure of zero)";
    }
    s += caveat(c);
    // A sentence quoted alone must carry the change's own limits too.
    return f.caveat.empty() ? s + "." : s + "; " + f.caveat + ".";
}

std::string headline(const TotalsResult& totals, HeadlineContext context)
{
    const Coverage& cov = totals.likeForLike.coverage;
    const std::string scope = context.areaName.empty() ? std::string() : " in " + context.areaName;
    if (!comparesPeriods(totals)) {
        // One period: the total of the areas with a figure, and nothing to compare it with.
        context.areaName =
            (cov.complete() ? "the " + std::to_string(cov.inScope) + " " + cov.noun : "the " + cov.text()) + scope +
            " with a figure for " + totals.from.label();
        context.coverage.reset();
        return headline(totals.likeForLike.figures, context);
    }
    const std::string both = " with figures for both " + totals.from.label() + " and " + totals.to.label();
    if (belowCoverageThreshold(cov, context.coverageThreshold))
        return "No change is given for the like-for-like total" +
               (context.subject.empty() ? std::string() : " of " + lowered(context.subject)) + ": only " + cov.text() +
               scope + (cov.covered == 1 ? " has" : " have") + both.substr(5) + ", fewer than " +
               (context.coverageThreshold == 0.5 ? std::string("half")
                                                 : formatFigure(context.coverageThreshold * 100.0, 1) + "%") +
               " of them.";
    context.areaName =
        (cov.complete() ? "the " + std::to_string(cov.inScope) + " " + cov.noun : "the " + cov.text()) + scope + both;
    context.coverage.reset();
    return headline(totals.likeForLike.figures, context);
}

} // namespace evidence::trends
