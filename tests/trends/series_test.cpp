#include "core/errors.h"
#include "core/trends/headline.h"
#include "core/trends/series.h"
#include "fixtures.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace evidence;
using namespace evidence::trends;
using evidence::test::marked;
using evidence::test::obs;
namespace tt = boost::test_tools;

namespace {

// Every figure of a result, to check that none is NaN or infinite.
std::vector<const Figure*> allFigures(const SeriesFigures& f)
{
    std::vector<const Figure*> out = {&f.first,      &f.last,       &f.absoluteChange, &f.percentChange,
                                      &f.foldChange, &f.annualRate, &f.slopePerYear,   &f.rSquared,
                                      &f.ciLower,    &f.ciUpper};
    for (const auto& p : f.points)
        out.push_back(&p.value);
    return out;
}

void requireFiniteOrCoded(const SeriesFigures& f)
{
    for (const Figure* x : allFigures(f)) {
        if (x->computable())
            BOOST_TEST(std::isfinite(x->value()));
        else
            BOOST_TEST((x->code() == "[z]" || x->code() == "[x]" || x->code() == "[c]" || x->code() == "[low]"));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(series_golden)

// Published figures (NSPCC, June 2019), store raw counts and compute percentages.
BOOST_AUTO_TEST_CASE(dorset_28_to_82)
{
    const auto f = computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)});
    BOOST_TEST(f.from == Period::financialYear(2015));
    BOOST_TEST(f.to == Period::financialYear(2018));
    BOOST_TEST(f.years == 3.0);
    BOOST_TEST(f.first.value() == 28.0);
    BOOST_TEST(f.last.value() == 82.0);
    BOOST_TEST(f.absoluteChange.value() == 54.0);
    BOOST_TEST(f.percentChange.value() * 100 == 192.857142857, tt::tolerance(1e-9));
    BOOST_TEST(f.foldChange.value() == 2.929, tt::tolerance(2e-4));
    BOOST_TEST(f.foldChange.value() == 82.0 / 28.0, tt::tolerance(1e-12));
    // (82/28)^(1/3) - 1 = 0.430711...: 43.1% a year
    BOOST_TEST(f.annualRate.value() == 0.43071107944, tt::tolerance(1e-9));
    BOOST_TEST(f.annualRate.displayPercent(1) == "43.1%");
    BOOST_TEST(f.percentChange.displayPercent(1) == "192.9%");
    // exp(ln(82/28) -/+ 1.96 * sqrt(1/28 + 1/82)) = 1.90695 to 4.49751
    BOOST_TEST(f.ciLower.value() == 1.9069510716, tt::tolerance(1e-9));
    BOOST_TEST(f.ciUpper.value() == 4.4975095271, tt::tolerance(1e-9));
    BOOST_TEST(f.significanceCode() == "[s]");
    BOOST_TEST(f.slopePerYear.code() == "[z]"); // two periods only
    BOOST_TEST(f.slopePerYear.reason().find("three or more periods") != std::string::npos);
    requireFiniteOrCoded(f);
}

BOOST_AUTO_TEST_CASE(national_4042_to_8224)
{
    const auto f = computeSeries({obs(9, "2015/16", 4042), obs(9, "2018/19", 8224)});
    BOOST_TEST(f.percentChange.value() * 100 == 103.46, tt::tolerance(1e-4));
    BOOST_TEST(f.percentChange.value() * 100 == 103.463631865, tt::tolerance(1e-10));
    BOOST_TEST(f.absoluteChange.value() == 4182.0);
    BOOST_TEST(f.ciLower.value() == 1.9594559169, tt::tolerance(1e-9));
    BOOST_TEST(f.ciUpper.value() == 2.1127012419, tt::tolerance(1e-9));
    BOOST_TEST(f.significanceCode() == "[s]");
}

BOOST_AUTO_TEST_CASE(yorkshire_and_the_humber_729_to_1493)
{
    const auto f = computeSeries({obs(3, "2015/16", 729), obs(3, "2018/19", 1493)});
    BOOST_TEST(f.percentChange.value() * 100 == 104.80, tt::tolerance(1e-4));
    BOOST_TEST(f.percentChange.displayPercent(1) == "104.8%"); // the press truncated it to 104%
}

BOOST_AUTO_TEST_CASE(sussex_38_to_58)
{
    const auto f = computeSeries({obs(4, "2017/18", 38), obs(4, "2018/19", 58)});
    BOOST_TEST(f.percentChange.value() * 100 == 52.63, tt::tolerance(1e-4));
    BOOST_TEST(f.years == 1.0);
    BOOST_TEST(f.annualRate.value() == f.percentChange.value(), tt::tolerance(1e-12));
    // exp(ln(58/38) -/+ 1.96 * sqrt(1/38 + 1/58)) = 1.01389 to 2.29772: just significant
    BOOST_TEST(f.ciLower.value() == 1.0138935373, tt::tolerance(1e-9));
    BOOST_TEST(f.ciUpper.value() == 2.2977164795, tt::tolerance(1e-9));
    BOOST_TEST(f.significanceCode() == "[s]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(series_hand_computed)

BOOST_AUTO_TEST_CASE(slope_and_r_squared)
{
    // y = 10, 14, 15, 21 at x = 0, 1, 2, 3 years. x̄ = 1.5, ȳ = 15.
    // Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5; Sxy = (-1.5)(-5) + (-0.5)(-1) + (0.5)(0) + (1.5)(6) = 17;
    // Syy = 25 + 1 + 0 + 36 = 62. slope = 17 / 5 = 3.4; R² = 17² / (5 · 62) = 289 / 310 = 0.932258.
    const auto f =
        computeSeries({obs(1, "2015/16", 10), obs(1, "2016/17", 14), obs(1, "2017/18", 15), obs(1, "2018/19", 21)});
    BOOST_TEST(f.regressionPoints == 4u);
    BOOST_TEST(f.slopePerYear.value() == 3.4, tt::tolerance(1e-12));
    BOOST_TEST(f.rSquared.value() == 289.0 / 310.0, tt::tolerance(1e-12));
    BOOST_TEST(f.rSquared.value() == 0.932258, tt::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(slope_skips_a_suppressed_period)
{
    // y = 10, [c], 15, 21 at x = 0, 1, 2, 3: fit on x = 0, 2, 3. x̄ = 5/3, ȳ = 46/3.
    // dx = -5/3, 1/3, 4/3; dy = -16/3, -1/3, 17/3. Sxx = 42/9, Sxy = (80 - 1 + 68)/9 = 147/9, Syy = 546/9.
    // slope = 147/42 = 3.5; R² = 147² / (42 · 546) = 21609 / 22932 = 0.942308.
    const auto f = computeSeries(
        {obs(1, "2015/16", 10), marked(1, "2016/17", "[c]"), obs(1, "2017/18", 15), obs(1, "2018/19", 21)});
    BOOST_TEST(f.regressionPoints == 3u);
    BOOST_TEST(f.slopePerYear.value() == 3.5, tt::tolerance(1e-12));
    BOOST_TEST(f.rSquared.value() == 0.9423076923, tt::tolerance(1e-9));
    BOOST_TEST(f.points.size() == 4u);
    BOOST_TEST(f.points[1].value.code() == "[c]");
}

BOOST_AUTO_TEST_CASE(slope_uses_only_the_compared_range)
{
    // Compared 2016/17..2018/19: y = 14, 15, 21 at x = 0, 1, 2. x̄ = 1, ȳ = 50/3.
    // Sxx = 2, Sxy = (-1)(-8/3) + 0 + (1)(13/3) = 7; slope = 3.5. Syy = 64/9 + 25/9 + 169/9 = 258/9;
    // R² = 49 / (2 · 258/9) = 441/516 = 0.854651.
    const auto f =
        computeSeries({obs(1, "2015/16", 10), obs(1, "2016/17", 14), obs(1, "2017/18", 15), obs(1, "2018/19", 21)},
                      Period::financialYear(2016), std::nullopt);
    BOOST_TEST(f.from == Period::financialYear(2016));
    BOOST_TEST(f.to == Period::financialYear(2018));
    BOOST_TEST(f.first.value() == 14.0);
    BOOST_TEST(f.regressionPoints == 3u);
    BOOST_TEST(f.slopePerYear.value() == 3.5, tt::tolerance(1e-12));
    BOOST_TEST(f.rSquared.value() == 441.0 / 516.0, tt::tolerance(1e-12));
    BOOST_TEST(f.years == 2.0);
}

BOOST_AUTO_TEST_CASE(confidence_interval_significant)
{
    // RR = 150/100 = 1.5; se = sqrt(1/100 + 1/150) = sqrt(0.0166667) = 0.129099; 1.96 se = 0.253034;
    // ln 1.5 = 0.405465: exp(0.152431) = 1.164661, exp(0.658499) = 1.931892. Excludes 1: [s].
    const auto f = computeSeries({obs(1, "2017/18", 100), obs(1, "2018/19", 150)});
    BOOST_TEST(f.ciLower.value() == 1.164661, tt::tolerance(1e-6));
    BOOST_TEST(f.ciUpper.value() == 1.931892, tt::tolerance(1e-6));
    BOOST_TEST((f.significance == Significance::Significant));
    BOOST_TEST(f.significanceCode() == "[s]");
}

BOOST_AUTO_TEST_CASE(confidence_interval_not_significant)
{
    // RR = 50/40 = 1.25; se = sqrt(1/40 + 1/50) = sqrt(0.045) = 0.212132; 1.96 se = 0.415779;
    // ln 1.25 = 0.223144: exp(-0.192635) = 0.824783, exp(0.638923) = 1.894438. Includes 1: [ns].
    const auto f = computeSeries({obs(1, "2017/18", 40), obs(1, "2018/19", 50)});
    BOOST_TEST(f.ciLower.value() == 0.824783, tt::tolerance(1e-6));
    BOOST_TEST(f.ciUpper.value() == 1.894438, tt::tolerance(1e-6));
    BOOST_TEST((f.significance == Significance::NotSignificant));
    BOOST_TEST(f.significanceCode() == "[ns]");
}

BOOST_AUTO_TEST_CASE(quarters_count_a_quarter_year)
{
    // 2019 Q1 to 2020 Q1 is one year: annual rate = 120/100 - 1 = 20%.
    const auto f = computeSeries({obs(1, "2019 Q1", 100), obs(1, "2019 Q3", 110), obs(1, "2020 Q1", 120)});
    BOOST_TEST(f.years == 1.0);
    BOOST_TEST(f.annualRate.value() == 0.2, tt::tolerance(1e-12));
    // x = 0, 0.5, 1; y = 100, 110, 120: a perfect line, slope 20 a year, R² = 1.
    BOOST_TEST(f.slopePerYear.value() == 20.0, tt::tolerance(1e-12));
    BOOST_TEST(f.rSquared.value() == 1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(series_edge_cases)

BOOST_AUTO_TEST_CASE(zero_base)
{
    const auto f = computeSeries({obs(1, "2015/16", 0), obs(1, "2018/19", 5)});
    BOOST_TEST(f.absoluteChange.value() == 5.0);
    for (const Figure* x : {&f.percentChange, &f.foldChange, &f.annualRate, &f.ciLower, &f.ciUpper}) {
        BOOST_TEST(x->code() == "[z]");
        BOOST_TEST(x->reason().find("2015/16") != std::string::npos);
        BOOST_TEST(x->reason().find("zero") != std::string::npos);
    }
    BOOST_TEST(f.significanceCode() == "[z]");
    requireFiniteOrCoded(f);
}

BOOST_AUTO_TEST_CASE(fall_to_zero)
{
    const auto f = computeSeries({obs(1, "2015/16", 5), obs(1, "2018/19", 0)});
    BOOST_TEST(f.percentChange.value() == -1.0);
    BOOST_TEST(f.foldChange.value() == 0.0);
    BOOST_TEST(f.annualRate.value() == -1.0);
    BOOST_TEST(f.ciLower.code() == "[z]");
    BOOST_TEST(f.ciLower.reason().find("2018/19 count is zero") != std::string::npos);
    requireFiniteOrCoded(f);
}

BOOST_AUTO_TEST_CASE(one_period)
{
    const auto f = computeSeries({obs(1, "2018/19", 54)});
    BOOST_TEST(f.from == f.to);
    BOOST_TEST(f.first.value() == 54.0);
    BOOST_TEST(f.last.value() == 54.0);
    for (const Figure* x :
         {&f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate, &f.ciLower, &f.slopePerYear, &f.rSquared})
        BOOST_TEST(x->code() == "[z]");
    BOOST_TEST(f.absoluteChange.reason().find("only 2018/19 has a figure") != std::string::npos);
    BOOST_TEST(!f.hasChange());
    requireFiniteOrCoded(f);
}

BOOST_AUTO_TEST_CASE(all_missing)
{
    const auto f = computeSeries({marked(1, "2015/16", "[x]"), marked(1, "2018/19", "[x]")});
    BOOST_TEST(f.from == Period::financialYear(2015));
    BOOST_TEST(f.to == Period::financialYear(2018));
    BOOST_TEST(f.first.code() == "[x]");
    BOOST_TEST(f.last.code() == "[x]");
    for (const Figure* x : {&f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate, &f.ciLower})
        BOOST_TEST(x->code() == "[x]");
    requireFiniteOrCoded(f);
}

BOOST_AUTO_TEST_CASE(value_absent_without_marker_is_missing)
{
    Observation o = obs(1, "2015/16", 0);
    o.value.reset();
    const auto f = computeSeries({o, obs(1, "2018/19", 5)}, Period::financialYear(2015), std::nullopt);
    BOOST_TEST(f.first.code() == "[x]");
    BOOST_TEST(f.percentChange.code() == "[x]");
}

BOOST_AUTO_TEST_CASE(suppressed_base_chosen_explicitly)
{
    const auto f =
        computeSeries({marked(1, "2015/16", "[c]"), obs(1, "2018/19", 82)}, Period::financialYear(2015), std::nullopt);
    BOOST_TEST(f.first.code() == "[c]");
    for (const Figure* x : {&f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate, &f.ciLower})
        BOOST_TEST(x->code() == "[c]");
    BOOST_TEST(f.percentChange.reason() == "the 2015/16 figure is suppressed [c], so a change cannot be computed");
    requireFiniteOrCoded(f);
}

BOOST_AUTO_TEST_CASE(default_periods_skip_suppressed_ends)
{
    const auto f = computeSeries(
        {marked(1, "2015/16", "[c]"), obs(1, "2016/17", 40), obs(1, "2018/19", 80), marked(1, "2019/20", "[x]")});
    BOOST_TEST(f.from == Period::financialYear(2016));
    BOOST_TEST(f.to == Period::financialYear(2018));
    BOOST_TEST(f.percentChange.value() == 1.0);
    // Periods 2016/17..2018/19 in the series: only two, so no slope.
    BOOST_TEST(f.slopePerYear.code() == "[z]");
}

BOOST_AUTO_TEST_CASE(slope_with_too_few_values_takes_the_gap_code)
{
    const auto f = computeSeries({obs(1, "2015/16", 10), marked(1, "2016/17", "[c]"), obs(1, "2017/18", 15)});
    BOOST_TEST(f.slopePerYear.code() == "[c]");
    BOOST_TEST(f.slopePerYear.reason().find("only 2 of the 3 periods") != std::string::npos);
    BOOST_TEST(f.regressionPoints == 0u);
}

BOOST_AUTO_TEST_CASE(low_base)
{
    const auto f =
        computeSeries({marked(1, "2015/16", "[low]"), obs(1, "2018/19", 5)}, Period::financialYear(2015), std::nullopt);
    BOOST_TEST(f.first.code() == "[low]");
    BOOST_TEST(f.percentChange.code() == "[x]");
    BOOST_TEST(f.percentChange.reason().find("low") != std::string::npos);
}

// A [low] first figure was skipped by default, so Dorset from [low] to 5 read as "a figure for one period only"
// and left the change table. A figure that rounds to zero is a figure: the change is there, not computable.
BOOST_AUTO_TEST_CASE(low_base_is_compared_by_default)
{
    const auto f = computeSeries({marked(1, "2015/16", "[low]"), obs(1, "2016/17", 3), obs(1, "2018/19", 5)});
    BOOST_TEST(f.from == Period::financialYear(2015));
    BOOST_TEST(f.to == Period::financialYear(2018));
    BOOST_TEST(f.hasChange() == false);
    BOOST_TEST(f.percentChange.code() == "[x]");
    BOOST_TEST(f.percentChange.reason() ==
               "the 2015/16 figure is low [low] (it rounds to zero but is not zero), so a change cannot be computed");
    // A missing or suppressed end is still skipped.
    const auto g = computeSeries({obs(1, "2015/16", 3), obs(1, "2017/18", 5), marked(1, "2018/19", "[x]")});
    BOOST_TEST(g.to == Period::financialYear(2017));
}

// One quarter's +50% compounded over a year read as +406%: no annual rate for periods under a year apart.
BOOST_AUTO_TEST_CASE(no_annual_rate_under_a_year)
{
    const auto f = computeSeries({obs(1, "2019 Q1", 100), obs(1, "2019 Q2", 150)});
    BOOST_TEST(f.percentChange.value() == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(f.annualRate.code() == "[z]");
    BOOST_TEST(f.annualRate.reason() ==
               "Jan to Mar 2019 and Apr to Jun 2019 are less than a year apart, so an annual rate would magnify a "
               "short-term change");
}

// Quarterly figures from 2017 Q1 to 2018 Q4 were compared 2017 Q1 to 2018 Q4, a change of season as much as
// of anything else: a quarter is compared with the same quarter of the earliest year that has one.
BOOST_AUTO_TEST_CASE(quarters_are_compared_with_the_same_quarter)
{
    std::vector<Observation> quarters;
    for (int q = 1; q <= 4; ++q) {
        quarters.push_back(obs(1, "2017 Q" + std::to_string(q), 10.0 * q));
        quarters.push_back(obs(1, "2018 Q" + std::to_string(q), 20.0 * q));
    }
    auto f = computeSeries(quarters);
    BOOST_TEST(f.from.toString() == "2017 Q4");
    BOOST_TEST(f.to.toString() == "2018 Q4");
    BOOST_TEST(f.years == 1.0);
    BOOST_TEST(f.percentChange.value() == 1.0, tt::tolerance(1e-12));
    // Chosen, the last quarter sets the season; so does the last quarter with a figure.
    f = computeSeries(quarters, std::nullopt, Period::quarter(2018, 3));
    BOOST_TEST(f.from.toString() == "2017 Q3");
    quarters.pop_back(); // no 2018 Q4: the last quarter with a figure is Q3
    BOOST_TEST(computeSeries(quarters).from.toString() == "2017 Q3");
    BOOST_TEST(f.caveat.empty(), f.caveat);
    // Less than a year of quarters: first to last, and the change says it may be one of season.
    const auto short_ = computeSeries({obs(1, "2019 Q1", 100), obs(1, "2019 Q3", 150)});
    BOOST_TEST(short_.from.toString() == "2019 Q1");
    BOOST_TEST(short_.caveat ==
               "Jan to Mar 2019 and Jul to Sep 2019 are different quarters of the year, so the change may be one of "
               "season");
    BOOST_TEST(headline(short_, {"Reports", "Dorset"}) ==
               "Reports in Dorset rose from 100 in Jan to Mar 2019 to 150 in Jul to Sep 2019, an increase of 50%; "
               "Jan to Mar 2019 and Jul to Sep 2019 are different quarters of the "
               "year, so the change may be one of season.");
    // Years are compared first to last.
    BOOST_TEST(computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)}).from.toString() == "2015/16");
}

BOOST_AUTO_TEST_CASE(a_chosen_period_without_a_figure)
{
    const auto f = computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)}, Period::financialYear(2016),
                                 Period::financialYear(2018));
    BOOST_TEST(f.first.code() == "[x]");
    BOOST_TEST(f.first.reason() == "there is no figure for 2016/17 [x]");
    BOOST_TEST(f.percentChange.code() == "[x]");
}

BOOST_AUTO_TEST_CASE(constant_values_have_no_r_squared)
{
    const auto f = computeSeries({obs(1, "2016/17", 5), obs(1, "2017/18", 5), obs(1, "2018/19", 5)});
    BOOST_TEST(f.slopePerYear.value() == 0.0);
    BOOST_TEST(f.rSquared.code() == "[z]");
    BOOST_TEST(f.percentChange.value() == 0.0);
    BOOST_TEST(f.significanceCode() == "[ns]");
}

BOOST_AUTO_TEST_CASE(rates_have_no_poisson_interval)
{
    const auto f = computeSeries({obs(1, "2015/16", 1.2), obs(1, "2018/19", 3.4)},
                                 CompareOptions{std::nullopt, std::nullopt, Unit::RatePer10000});
    BOOST_TEST(f.percentChange.computable());
    BOOST_TEST(f.ciLower.code() == "[z]");
    BOOST_TEST(f.ciLower.reason().find("counts only") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(mixed_period_kinds_are_an_error)
{
    try {
        computeSeries({obs(1, "2015/16", 28), obs(1, "2019", 82)});
        BOOST_FAIL("mixed kinds accepted");
    } catch (const DataError& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("financial year") != std::string::npos);
        BOOST_TEST(what.find("calendar year") != std::string::npos);
        BOOST_TEST(what.find("2019") != std::string::npos);
    }
    // A chosen period of another kind is refused too.
    BOOST_CHECK_THROW(
        computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)}, Period::calendarYear(2015), std::nullopt),
        DataError);
}

BOOST_AUTO_TEST_CASE(other_errors)
{
    BOOST_CHECK_THROW(computeSeries({}), DataError);
    BOOST_CHECK_THROW(computeSeries({obs(1, "2015/16", 28), obs(1, "2015/16", 29)}), DataError);
    BOOST_CHECK_THROW(computeSeries({obs(1, "2015/16", 28), obs(2, "2018/19", 82)}), DataError);
    BOOST_CHECK_THROW(computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)}, Period::financialYear(2018),
                                    Period::financialYear(2015)),
                      DataError);
    Observation other = obs(1, "2018/19", 82);
    other.dimension = "victim age";
    other.category = "10 and under";
    BOOST_CHECK_THROW(computeSeries({obs(1, "2015/16", 28), other}), DataError);
}

BOOST_AUTO_TEST_CASE(points_are_sorted_and_keep_markers)
{
    Observation provisional = obs(1, "2018/19", 82);
    provisional.markers = Markers::parse("[p]");
    const auto f = computeSeries({provisional, obs(1, "2015/16", 28)});
    BOOST_TEST(f.points.size() == 2u);
    BOOST_TEST(f.points[0].period == Period::financialYear(2015));
    BOOST_TEST(f.points[1].markers.has(Marker::Provisional));
    BOOST_TEST(f.percentChange.computable());
}

BOOST_AUTO_TEST_SUITE_END()
