#include "core/trends/headline.h"
#include "fixtures.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>

using namespace evidence;
using namespace evidence::trends;
using evidence::test::force;
using evidence::test::marked;
using evidence::test::obs;

namespace {

std::string sentence(double a, double b, HeadlineContext context = {"Recorded offences", "Dorset"})
{
    return headline(computeSeries({obs(1, "2015/16", a), obs(1, "2018/19", b)}), context);
}

// The multiple a phrase claims ("almost three times as many" -> 3, "more than doubled" -> 2), or 0.
double claimedMultiple(const std::string& phrase)
{
    static const std::map<std::string, double> kWords = {
        {"twice", 2},      {"three", 3},     {"four", 4},      {"five", 5},     {"six", 6},
        {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},     {"eleven", 11},
        {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
        {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}};
    if (phrase.find("doubled") != std::string::npos)
        return 2;
    if (phrase.find("halved") != std::string::npos)
        return 0.5;
    const std::string padded = " " + phrase + " ";
    for (const auto& [word, n] : kWords)
        if (padded.find(" " + word + " ") != std::string::npos)
            return n;
    const auto digit = phrase.find_first_of("0123456789");
    if (digit != std::string::npos)
        return std::stod(phrase.substr(digit));
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(headlines)

BOOST_AUTO_TEST_CASE(dorset)
{
    BOOST_TEST(sentence(28, 82) == "Recorded offences in Dorset rose from 28 in 2015/16 to 82 in 2018/19, an increase "
                                   "of 193% (almost three times as many).");
}

BOOST_AUTO_TEST_CASE(national_with_coverage_caveat)
{
    // 8,224 / 4,042 = 2.035: within 5% of twice and above it, so "more than doubled" (not "almost").
    HeadlineContext c{"Recorded offences", "England, Wales and Northern Ireland", true, Coverage{40, 44, "forces"}};
    BOOST_TEST(sentence(4042, 8224, c) ==
               "Recorded offences in England, Wales and Northern Ireland rose from 4,042 in 2015/16 to 8,224 in "
               "2018/19, an increase of 103% (more than doubled), based on 40 of 44 forces.");
    c.coverage = Coverage{44, 44, "forces"};
    BOOST_TEST(sentence(4042, 8224, c).find("based on") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(yorkshire_and_sussex)
{
    BOOST_TEST(sentence(729, 1493, {"Recorded offences", "Yorkshire and The Humber"}) ==
               "Recorded offences in Yorkshire and The Humber rose from 729 in 2015/16 to 1,493 in 2018/19, an "
               "increase of 105% (more than doubled).");
    // 1.53 times: no approximate phrase is both true and useful.
    BOOST_TEST(sentence(38, 58, {"Recorded offences", "Sussex"}) ==
               "Recorded offences in Sussex rose from 38 in 2015/16 to 58 in 2018/19, an increase of 53%.");
}

BOOST_AUTO_TEST_CASE(falls)
{
    // 28 / 82 = 0.341: no "halved" (not within 5% of half); 54 / 82 = 65.85% -> 66%.
    BOOST_TEST(sentence(82, 28) ==
               "Recorded offences in Dorset fell from 82 in 2015/16 to 28 in 2018/19, a decrease of 66%.");
    BOOST_TEST(sentence(100, 50).ends_with("a decrease of 50% (halved)."));
    BOOST_TEST(sentence(100, 52).ends_with("a decrease of 48% (almost halved)."));
    BOOST_TEST(sentence(100, 48).ends_with("a decrease of 52% (more than halved)."));
    BOOST_TEST(sentence(100, 40).ends_with("a decrease of 60%."));
    BOOST_TEST(sentence(5, 0).ends_with("fell from 5 in 2015/16 to 0 in 2018/19, a decrease of 100%."));
}

BOOST_AUTO_TEST_CASE(no_change)
{
    BOOST_TEST(sentence(28, 28) == "Recorded offences in Dorset were unchanged at 28 in 2015/16 and 2018/19.");
    BOOST_TEST(sentence(28, 28, {"The number of offences", "Dorset", false}) ==
               "The number of offences in Dorset was unchanged at 28 in 2015/16 and 2018/19.");
}

BOOST_AUTO_TEST_CASE(not_computable_changes_say_why)
{
    BOOST_TEST(sentence(0, 5) == "Recorded offences in Dorset rose from 0 in 2015/16 to 5 in 2018/19 (a percentage "
                                 "change cannot be given from a figure of zero).");
    const auto f =
        computeSeries({marked(1, "2015/16", "[c]"), obs(1, "2018/19", 82)}, Period::financialYear(2015), std::nullopt);
    BOOST_TEST(headline(f, {"Recorded offences", "Dorset"}) ==
               "Recorded offences in Dorset were 82 in 2018/19, but no change from 2015/16 to 2018/19 can be given "
               "because the 2015/16 figure is suppressed [c].");
    const auto one = computeSeries({obs(1, "2018/19", 54)});
    BOOST_TEST(headline(one, {"Recorded offences", "Wiltshire"}) ==
               "Recorded offences in Wiltshire were 54 in 2018/19; there is no other period to compare with.");
    const auto none = computeSeries({marked(1, "2015/16", "[x]"), marked(1, "2018/19", "[x]")});
    BOOST_TEST(headline(none, {"recorded offences", ""}) ==
               "Recorded offences: no change from 2015/16 to 2018/19 can be given because the 2015/16 figure is not "
               "available [x].");
}

BOOST_AUTO_TEST_CASE(rates_and_percentages)
{
    const auto rate = computeSeries({obs(1, "2015/16", 0.8), obs(1, "2018/19", 2)},
                                    CompareOptions{std::nullopt, std::nullopt, Unit::RatePer10000});
    BOOST_TEST(headline(rate, {"The rate of recorded offences", "Dorset", false}) ==
               "The rate of recorded offences in Dorset rose from 0.8 per 10,000 in 2015/16 to 2 per 10,000 in "
               "2018/19, an increase of 150% (more than twice as high).");
    const auto pct = computeSeries({obs(1, "2015/16", 12.5), obs(1, "2018/19", 15)},
                                   CompareOptions{std::nullopt, std::nullopt, Unit::Percentage});
    BOOST_TEST(headline(pct, {"The share flagged online", "", false}) ==
               "The share flagged online rose from 12.5% in 2015/16 to 15% in 2018/19, an increase of 2.5 percentage "
               "points.");
}

// A small rate keeps two significant figures rather than reading "from 0 to 0".
BOOST_AUTO_TEST_CASE(small_rates_are_not_written_as_zero)
{
    const auto rate = computeSeries({obs(1, "2015/16", 0.0004), obs(1, "2018/19", 0.0012)},
                                    CompareOptions{std::nullopt, std::nullopt, Unit::RatePer10000});
    BOOST_TEST(headline(rate, {"The rate", "Dorset", false}) ==
               "The rate in Dorset rose from 0.0004 per 10,000 in 2015/16 to 0.0012 per 10,000 in 2018/19, an "
               "increase of 200% (three times as high).");
}

BOOST_AUTO_TEST_CASE(totals_use_like_for_like_coverage)
{
    const std::vector<Area> scope = {force(1, "A"), force(2, "B"), force(3, "C")};
    const auto totals = computeTotals({obs(1, "2015/16", 10), obs(2, "2015/16", 20), obs(1, "2018/19", 20),
                                       obs(2, "2018/19", 40), obs(3, "2018/19", 7)},
                                      scope);
    // Named by what it covers, not as the whole scope.
    BOOST_TEST(headline(totals, {"Recorded offences", "Wessex"}) ==
               "Recorded offences in the 2 of 3 forces in Wessex with figures for both 2015/16 and 2018/19 rose from "
               "30 in 2015/16 to 60 in 2018/19, an increase of 100% (doubled).");
}

// A like-for-like total of one force out of three: no change is stated for it.
BOOST_AUTO_TEST_CASE(totals_below_the_coverage_threshold_state_no_change)
{
    const std::vector<Area> scope = {force(1, "A"), force(2, "B"), force(3, "C")};
    const auto totals = computeTotals(
        {obs(1, "2015/16", 28), obs(1, "2018/19", 82), obs(2, "2018/19", 40), obs(3, "2018/19", 7)}, scope);
    BOOST_TEST(belowCoverageThreshold(totals.likeForLike.coverage));
    BOOST_TEST(!belowCoverageThreshold(totals.likeForLike.coverage, 0.3));
    const std::string s = headline(totals, {"Recorded offences", "Wessex"});
    BOOST_TEST(s == "No change is given for the like-for-like total of recorded offences: only 1 of 3 forces in "
                    "Wessex has figures for both 2015/16 and 2018/19, fewer than half of them.");
    BOOST_TEST(s.find("rose") == std::string::npos);
    HeadlineContext lenient{"Recorded offences", "Wessex"};
    lenient.coverageThreshold = 0.3;
    BOOST_TEST(headline(totals, lenient).find("rose from 28 in 2015/16 to 82") != std::string::npos);
    BOOST_TEST(likeForLikeLabel(totals.likeForLike, totals.from, totals.to) ==
               "Like-for-like total of 1 force with figures for both 2015/16 and 2018/19 (of 3)");
}

// One period with no figure: said plainly, not "no change from 2018/19 to 2018/19".
BOOST_AUTO_TEST_CASE(one_period_without_a_figure_is_not_a_comparison)
{
    const auto f = computeSeries({marked(1, "2018/19", "[x]")});
    BOOST_TEST(headline(f, {"Recorded offences", "Metropolitan Police"}) ==
               "Recorded offences in Metropolitan Police: the 2018/19 figure is not available [x]; there is no other "
               "period to compare with.");
}

BOOST_AUTO_TEST_CASE(changes_over_different_periods_are_incomparable)
{
    const auto dorset = computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)});
    const auto sussex = computeSeries({obs(2, "2017/18", 38), obs(2, "2018/19", 58)});
    const auto other = computeSeries({obs(3, "2015/16", 10), obs(3, "2018/19", 12)});
    BOOST_TEST(spansIncomparablePeriods({dorset, sussex}));
    BOOST_TEST(!spansIncomparablePeriods({dorset, other}));
    BOOST_TEST(!spansIncomparablePeriods({}));
}

BOOST_AUTO_TEST_CASE(percentages_for_sentences)
{
    BOOST_TEST(percentForSentence(192.857142857) == "193%");
    BOOST_TEST(percentForSentence(103.4636) == "103%");
    BOOST_TEST(percentForSentence(104.8011) == "105%");
    BOOST_TEST(percentForSentence(-65.85) == "66%");
    BOOST_TEST(percentForSentence(100) == "100%");
    BOOST_TEST(percentForSentence(99.6) == "99.6%");     // not "100%"
    BOOST_TEST(percentForSentence(199.96) == "199.96%"); // not "200%" nor "200.0%"
    BOOST_TEST(percentForSentence(0.4) == "0.4%");       // not "0%"
    BOOST_TEST(percentForSentence(0.04) == "0.04%");
    BOOST_TEST(percentForSentence(1234.4) == "1,234%");
    BOOST_TEST(percentForSentence(0.00001) == "less than 0.001%");
    BOOST_TEST(percentForSentence(99.99999) == "just under 100%");
    BOOST_TEST(percentForSentence(200.00001) == "just over 200%");
}

BOOST_AUTO_TEST_CASE(approximate_phrases)
{
    BOOST_TEST(approximatePhrase(2.0) == "doubled");
    BOOST_TEST(approximatePhrase(1.95) == "almost doubled");
    BOOST_TEST(approximatePhrase(1.9) == "almost doubled");
    BOOST_TEST(approximatePhrase(1.89) == "");
    BOOST_TEST(approximatePhrase(2.0346) == "more than doubled");
    BOOST_TEST(approximatePhrase(2.1) == "more than doubled");
    BOOST_TEST(approximatePhrase(2.11) == "more than twice as many");
    BOOST_TEST(approximatePhrase(2.929) == "almost three times as many");
    BOOST_TEST(approximatePhrase(3.0) == "three times as many");
    BOOST_TEST(approximatePhrase(3.1) == "more than three times as many");
    BOOST_TEST(approximatePhrase(3.5) == "more than three times as many");
    BOOST_TEST(approximatePhrase(4.8) == "almost five times as many");
    BOOST_TEST(approximatePhrase(25.3) == "more than 25 times as many");
    BOOST_TEST(approximatePhrase(1.5) == "");
    BOOST_TEST(approximatePhrase(1.0) == "");
    BOOST_TEST(approximatePhrase(0.5) == "halved");
    BOOST_TEST(approximatePhrase(0.52) == "almost halved");
    BOOST_TEST(approximatePhrase(0.48) == "more than halved");
    BOOST_TEST(approximatePhrase(0.4) == "");
    BOOST_TEST(approximatePhrase(0.0) == "");
}

BOOST_AUTO_TEST_CASE(phrases_never_overstate)
{
    // Sweep folds from 0.01 to 30: "almost" only below the claim, "more than" only above it, a bare claim only
    // when exact, "doubled"/"halved" only within 5%.
    for (int i = 1; i <= 30000; ++i) {
        const double fold = i / 1000.0;
        const std::string phrase = approximatePhrase(fold);
        if (phrase.empty())
            continue;
        const double claim = claimedMultiple(phrase);
        BOOST_TEST_CONTEXT("fold " << fold << ": " << phrase)
        {
            BOOST_TEST(claim > 0);
            if (phrase.starts_with("almost"))
                BOOST_TEST((claim < 1 ? fold > claim : fold < claim));
            else if (phrase.starts_with("more than"))
                BOOST_TEST((claim < 1 ? fold < claim : fold > claim));
            else
                BOOST_TEST(std::fabs(fold - claim) < 1e-9);
            if (phrase.find("doubled") != std::string::npos || phrase.find("halved") != std::string::npos)
                BOOST_TEST(std::fabs(fold - claim) <= claim * 0.05 + 1e-9);
            if (phrase.starts_with("almost"))
                BOOST_TEST(std::fabs(fold - claim) <= claim * 0.05 + 1e-9);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
