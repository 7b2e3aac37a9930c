#include "core/trends/distribution.h"

#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace evidence::trends {
namespace {

bool readNumber(std::string_view s, long long& out)
{
    if (s.empty() || s.size() > 12)
        return false;
    long long v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool stripPrefix(std::string_view& s, std::string_view prefix)
{
    if (!s.starts_with(prefix))
        return false;
    s = text::trim(s.substr(prefix.size()));
    return true;
}

bool stripSuffix(std::string_view& s, std::string_view suffix)
{
    if (!s.ends_with(suffix))
        return false;
    s = text::trim(s.substr(0, s.size() - suffix.size()));
    return true;
}

Figure countOf(const Observation& o)
{
    // The label is built only for a count that is not known: most counts are, and this runs per category.
    auto label = [&] { return "the count for '" + o.category + "'"; };
    if (o.markers.hasReplacing()) {
        const std::string replacing = o.markers.replacingCode();
        return Figure::notComputable(replacing, label() + " is " + markerDescription(replacing));
    }
    if (!o.value)
        return Figure::notComputable(code::kMissing, label() + " is not available [x]");
    return Figure::of(*o.value);
}

// The first unknown count among @p items, preferring a suppressed one; derived code and its reason.
Figure unknownAmong(const std::vector<const Figure*>& items, std::string_view what)
{
    const Figure* chosen = nullptr;
    for (const auto* f : items)
        if (!f->computable() && (!chosen || f->code() == code::kSuppressed))
            chosen = f;
    if (!chosen)
        return Figure::of(0);
    const std::string_view derived = chosen->code() == code::kSuppressed ? code::kSuppressed
                                     : chosen->code() == code::kZero     ? code::kZero
                                                                         : code::kMissing;
    std::string reason = chosen->reason() + ", so ";
    reason += what;
    reason += " is not known";
    return Figure::notComputable(derived, std::move(reason));
}

} // namespace

std::optional<CategoryRange> parseCategoryRange(std::string_view label)
{
    std::string lowered = text::toLowerAscii(text::trim(label));
    // En dash and em dash read as a hyphen.
    for (const std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {
        for (auto pos = lowered.find(dash); pos != std::string::npos; pos = lowered.find(dash))
            lowered.replace(pos, dash.size(), "-");
    }
    std::string_view s = lowered;
    if (!stripPrefix(s, "aged "))
        stripPrefix(s, "age ");
    long long a = 0, b = 0;
    if (readNumber(s, a))
        return CategoryRange{a, a};
    for (const std::string_view suffix :
         {"and under", "or under", "and below", "or below", "and younger", "or younger"}) {
        std::string_view rest = s;
        if (stripSuffix(rest, suffix) && readNumber(rest, a))
            return CategoryRange{0, a};
    }
    for (const std::string_view suffix :
         {"and over", "or over", "and above", "or above", "and older", "or older", "+"}) {
        std::string_view rest = s;
        if (stripSuffix(rest, suffix) && readNumber(rest, a))
            return CategoryRange{a, std::nullopt};
    }
    for (const std::string_view prefix : {"under", "below", "less than"}) {
        std::string_view rest = s;
        if (stripPrefix(rest, prefix) && readNumber(rest, a) && a >= 1)
            return CategoryRange{0, a - 1};
    }
    for (const std::string_view prefix : {"over", "more than"}) {
        std::string_view rest = s;
        if (stripPrefix(rest, prefix) && readNumber(rest, a))
            return CategoryRange{a + 1, std::nullopt};
    }
    for (const std::string_view sep : {"-", " to "}) {
        const auto pos = s.find(sep);
        if (pos == std::string_view::npos)
            continue;
        if (readNumber(text::trim(s.substr(0, pos)), a) && readNumber(text::trim(s.substr(pos + sep.size())), b) &&
            a <= b)
            return CategoryRange{a, b};
    }
    return std::nullopt;
}

Distribution computeDistribution(const std::vector<Observation>& observations, const DistributionOptions& options)
{
    if (observations.empty())
        throw DataError("the breakdown has no observations, so no distribution can be computed");
    const Observation& head = observations.front();
    if (head.dimension.empty())
        throw DataError("a distribution needs a breakdown (such as victim age), and these observations are totals");
    Distribution d;
    d.dimension = head.dimension;
    d.period = head.period;
    d.threshold = options.threshold;

    // Categories compared case-insensitively. A breakdown usually has a few dozen at most, and for so
    // few a linear search costs less than a set's allocations (this runs for every breakdown).
    constexpr std::size_t kFewCategories = 32;
    const bool few = observations.size() <= kFewCategories;
    std::vector<std::string> seenFew;
    std::set<std::string> seenMany;
    if (few)
        seenFew.reserve(observations.size());
    std::vector<CategoryCount> recorded;
    recorded.reserve(observations.size());
    std::vector<Figure> notRecordedCounts;
    for (const auto& o : observations) {
        if (o.measureId != head.measureId || o.areaId != head.areaId || o.period != head.period ||
            o.dimension != head.dimension)
            throw DataError("the observations mix measures, areas, periods or breakdowns: a distribution is one "
                            "breakdown of one measure for one area and period");
        // Trimmed once: trimming is most of the cost of comparing a short label.
        const std::string_view label = text::trim(o.category);
        std::string key = text::toLowerAscii(label);
        const bool repeated =
            few ? std::find(seenFew.begin(), seenFew.end(), key) != seenFew.end() : !seenMany.insert(key).second;
        if (repeated)
            throw DataError("the category '" + text::quoteForMessage(o.category) + "' of " + head.dimension +
                            " appears twice in " + head.period.toString() + ": keep one figure per category");
        if (few)
            seenFew.push_back(std::move(key));
        const bool isNotRecorded = std::any_of(options.notRecordedLabels.begin(), options.notRecordedLabels.end(),
                                               [&](const std::string& l) { return text::iequals(label, l); });
        if (isNotRecorded) {
            d.notRecordedCategories.push_back(CategoryCount{
                o.category, countOf(o),
                Figure::notComputable(code::kZero, "'" + o.category + "' is not recorded, and shares exclude it"),
                std::nullopt, o.note});
            notRecordedCounts.push_back(countOf(o));
        } else {
            recorded.push_back(CategoryCount{o.category, countOf(o), Figure{}, parseCategoryRange(label), o.note});
        }
    }

    // Order: numeric ranges ascending when every category is one and none overlap; else as asked, then as given.
    d.numeric = !recorded.empty() &&
                std::all_of(recorded.begin(), recorded.end(), [](const auto& c) { return c.range.has_value(); });
    if (d.numeric) {
        // Sort positions rather than the categories, so overlapping ranges keep the order given untouched.
        std::vector<std::size_t> order(recorded.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return recorded[x].range->low < recorded[y].range->low; });
        for (std::size_t i = 1; i < order.size() && d.numeric; ++i) {
            const auto& prev = *recorded[order[i - 1]].range;
            if (!prev.high || *prev.high >= recorded[order[i]].range->low)
                d.numeric = false;
        }
        if (d.numeric) { // else overlapping ranges: keep the order given
            // Permuted in place, a cycle at a time: a sorted copy would double the allocations of a
            // computation that runs for every breakdown.
            for (std::size_t start = 0; start < order.size(); ++start) {
                if (order[start] == start)
                    continue;
                CategoryCount held = std::move(recorded[start]);
                std::size_t at = start;
                while (order[at] != start) {
                    const std::size_t from = order[at];
                    recorded[at] = std::move(recorded[from]);
                    order[at] = at;
                    at = from;
                }
                recorded[at] = std::move(held);
                order[at] = at;
            }
        }
    }
    if (!d.numeric && !options.order.empty()) {
        auto rank = [&](const CategoryCount& c) {
            for (std::size_t i = 0; i < options.order.size(); ++i)
                if (text::iequals(options.order[i], c.category))
                    return i;
            return options.order.size();
        };
        std::stable_sort(recorded.begin(), recorded.end(),
                         [&](const auto& x, const auto& y) { return rank(x) < rank(y); });
    }
    if (!d.numeric) {
        // Keep ranges only when the whole breakdown is numeric, so callers need not check both.
        for (auto& c : recorded)
            c.range.reset();
    }

    // Totals.
    std::vector<const Figure*> counts;
    double recordedSum = 0;
    for (const auto& c : recorded) {
        counts.push_back(&c.count);
        recordedSum += c.count.valueOr(0);
    }
    const Figure recordedUnknown = unknownAmong(counts, "the recorded total");
    d.recordedTotal = recordedUnknown.computable() ? Figure::of(recordedSum) : recordedUnknown;
    std::vector<const Figure*> nrCounts;
    double nrSum = 0;
    for (const auto& f : notRecordedCounts) {
        nrCounts.push_back(&f);
        nrSum += f.valueOr(0);
    }
    const Figure nrUnknown = unknownAmong(nrCounts, "the not recorded count");
    d.notRecorded = nrUnknown.computable() ? Figure::of(nrSum) : nrUnknown;
    if (!d.recordedTotal.computable())
        d.total = Figure::notComputable(d.recordedTotal.code(), d.recordedTotal.reason());
    else if (!d.notRecorded.computable())
        d.total = Figure::notComputable(d.notRecorded.code(), d.notRecorded.reason());
    else
        d.total = Figure::of(recordedSum + nrSum);

    // Against the area's own total, when there is one and the categories fit in it: "not recorded" is
    // what the categories leave of it, and the shares are of it.
    if (options.areaTotal && d.recordedTotal.computable()) {
        const double all = *options.areaTotal;
        if (recordedSum > all) {
            d.exceedsTotal = true;
        } else {
            d.areaTotal = all;
            d.total = Figure::of(all);
            d.notRecorded = Figure::of(all - recordedSum);
            d.partial = recordedSum < all / 2.0;
        }
    }
    // Without the area's total, the cases counted as not recorded show how much of the whole is recorded.
    if (!d.areaTotal && !d.exceedsTotal && d.total.computable() && nrSum > 0 && recordedSum > 0)
        d.partial = recordedSum < d.total.value() / 2.0;
    const Figure base = d.areaTotal ? d.total : d.recordedTotal;
    // Why the summary figures are withheld from a partial breakdown.
    const double whole = d.partial ? d.total.value() : 0.0;
    const std::string partialReason = d.partial
                                          ? "only " + formatFigure(recordedSum) + " of the " + formatFigure(whole) +
                                                " (" + formatFixed(whole > 0 ? recordedSum / whole * 100.0 : 0.0, 1) +
                                                "%) have a recorded " + d.dimension + ", so "
                                          : std::string();

    // Shares of the base: the area's total, else the recorded categories.
    const bool baseKnown = base.computable() && base.value() > 0;
    // Only when the base is not known: building its reason for every breakdown would cost more
    // than the figures themselves.
    const Figure noBase =
        baseKnown ? Figure{}
        : !d.recordedTotal.computable()
            ? Figure::notComputable(d.recordedTotal.code(), d.recordedTotal.reason() + ", so shares cannot be computed")
            : Figure::notComputable(code::kZero,
                                    "no case has a recorded " + d.dimension + ", so shares cannot be computed");
    for (auto& c : recorded) {
        if (!baseKnown)
            c.share = noBase;
        else
            c.share = Figure::of(c.count.value() / base.value());
    }
    if (d.areaTotal && baseKnown)
        for (auto& c : d.notRecordedCategories)
            if (c.count.computable())
                c.share = Figure::of(c.count.value() / base.value());

    // Most common category, ties listed.
    if (d.partial) {
        d.mostCommonCount =
            Figure::notComputable(code::kMissing, partialReason + "the most common category is not given");
    } else if (!baseKnown) {
        d.mostCommonCount = Figure::notComputable(noBase.code(), !d.recordedTotal.computable()
                                                                     ? d.recordedTotal.reason() +
                                                                           ", so the most common category is not known"
                                                                     : "no case has a recorded " + d.dimension);
    } else {
        double best = 0;
        for (const auto& c : recorded)
            best = std::max(best, c.count.value());
        for (const auto& c : recorded)
            if (c.count.value() == best)
                d.mostCommon.push_back(c.category);
        d.mostCommonCount = Figure::of(best);
    }

    // Median (ordered numeric categories only).
    if (!d.numeric) {
        d.median = Figure::notComputable(code::kZero, "the categories of " + d.dimension +
                                                          " are not ordered numbers, so there is no median");
    } else if (d.partial) {
        d.median = Figure::notComputable(code::kMissing, partialReason + "the median is not given");
    } else if (!baseKnown) {
        d.median = Figure::notComputable(noBase.code(), noBase.reason().substr(0, noBase.reason().rfind(", so ")) +
                                                            ", so the median cannot be computed");
    } else {
        const double n = d.recordedTotal.value();
        auto categoryAt = [&](double position) -> const CategoryCount& {
            double cumulative = 0;
            for (const auto& c : recorded) {
                cumulative += c.count.value();
                if (cumulative >= position)
                    return c;
            }
            return recorded.back();
        };
        d.medianCategory = categoryAt(n / 2.0).category;
        const bool singles =
            std::all_of(recorded.begin(), recorded.end(), [](const auto& c) { return c.range->single(); });
        if (!singles) {
            d.median = Figure::notComputable(code::kZero, "the categories of " + d.dimension +
                                                              " are bands, so the median is given as the band "
                                                              "holding it: " +
                                                              d.medianCategory);
        } else if (n != std::floor(n)) {
            d.median = Figure::of(static_cast<double>(categoryAt(n / 2.0).range->low));
        } else {
            // Positions (n+1)/2 rounded down and up: the middle case, or the two middle cases averaged.
            const double lowPos = std::floor((n + 1) / 2.0);
            const double highPos = std::ceil((n + 1) / 2.0);
            d.median = Figure::of((static_cast<double>(categoryAt(lowPos).range->low) +
                                   static_cast<double>(categoryAt(highPos).range->low)) /
                                  2.0);
        }
    }

    // At or under the threshold.
    if (options.threshold) {
        const long long t = *options.threshold;
        const std::string tText = std::to_string(t);
        if (d.partial) {
            d.atOrUnderCount = d.atOrUnderShare = Figure::notComputable(
                code::kMissing, partialReason + "the count and share at or under " + tText + " are not given");
        } else if (!d.numeric) {
            d.atOrUnderCount = d.atOrUnderShare = Figure::notComputable(
                code::kZero, "the categories of " + d.dimension + " are not ordered numbers, so a count at or under " +
                                 tText + " cannot be computed");
        } else {
            std::vector<const Figure*> under;
            double sum = 0;
            std::string straddle;
            for (const auto& c : recorded) {
                if (c.range->high && *c.range->high <= t) {
                    under.push_back(&c.count);
                    sum += c.count.valueOr(0);
                } else if (c.range->low <= t && straddle.empty()) {
                    straddle = c.category;
                }
            }
            const Figure unknown = unknownAmong(under, "the count at or under " + tText);
            if (!straddle.empty())
                d.atOrUnderCount = Figure::notComputable(
                    code::kMissing, "the category '" + straddle + "' spans " + tText + ", so the count at or under " +
                                        tText + " is not available from these categories");
            else if (!unknown.computable())
                d.atOrUnderCount = unknown;
            else
                d.atOrUnderCount = Figure::of(sum);
            if (!d.atOrUnderCount.computable())
                d.atOrUnderShare = d.atOrUnderCount;
            else if (!baseKnown)
                d.atOrUnderShare = noBase;
            else
                d.atOrUnderShare = Figure::of(sum / base.value());
        }
    } else {
        d.atOrUnderCount = d.atOrUnderShare = Figure::notComputable(code::kZero, "no threshold was given");
    }

    // What the shares are of, and what they leave out.
    if (d.exceedsTotal) {
        d.exclusionNote = "The categories add up to " + formatFigure(recordedSum) + ", more than the " +
                          formatFigure(*options.areaTotal) +
                          " in all for the area and period, so a case may be counted in more than one category; "
                          "shares are of the categories given, not of the total.";
    } else if (d.areaTotal) {
        if (d.notRecorded.value() > 0)
            d.exclusionNote = "Shares are of all " + formatFigure(*d.areaTotal) + "; " +
                              formatFigure(d.notRecorded.value()) + " (" +
                              formatFixed(*d.areaTotal > 0 ? d.notRecorded.value() / *d.areaTotal * 100.0 : 0.0, 1) +
                              "%) have no recorded " + d.dimension + ".";
    } else if (!d.notRecordedCategories.empty()) {
        if (!d.notRecorded.computable())
            d.exclusionNote = "Shares exclude cases with " + d.dimension + " not recorded, whose count is " +
                              d.notRecorded.code() + ".";
        else if (d.total.computable() && d.total.value() > 0)
            d.exclusionNote = "Shares exclude " + formatFigure(d.notRecorded.value()) + " with " + d.dimension +
                              " not recorded (" + formatFixed(d.notRecorded.value() / d.total.value() * 100.0, 1) +
                              "% of " + formatFigure(d.total.value()) + " in all).";
        else
            d.exclusionNote =
                "Shares exclude " + formatFigure(d.notRecorded.value()) + " with " + d.dimension + " not recorded.";
    }
    d.categories = std::move(recorded);
    return d;
}

bool breakdownIsPartial(const Distribution& distribution) noexcept
{
    return distribution.partial;
}

} // namespace evidence::trends
