#include "core/errors.h"
#include "core/trends/totals.h"
#include "fixtures.h"

#include <boost/test/unit_test.hpp>

using namespace evidence;
using namespace evidence::trends;
using evidence::test::force;
using evidence::test::marked;
using evidence::test::obs;
namespace tt = boost::test_tools;

namespace {

std::vector<Area> fourForces()
{
    return {force(1, "Avon and Somerset"), force(2, "Devon and Cornwall"), force(3, "Dorset"), force(4, "Wiltshire")};
}

// 2015/16: 10, 20, (none), 5; 2018/19: 15, 30, 40, [c]. Area 99 (a national aggregate) is out of scope.
std::vector<Observation> sample()
{
    return {obs(1, "2015/16", 10),       obs(2, "2015/16", 20),    obs(4, "2015/16", 5),
            obs(1, "2018/19", 15),       obs(2, "2018/19", 30),    obs(3, "2018/19", 40),
            marked(4, "2018/19", "[c]"), obs(99, "2015/16", 1000), obs(99, "2018/19", 2000)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(totals)

BOOST_AUTO_TEST_CASE(totals_and_coverage_per_period)
{
    const auto r = computeTotals(sample(), fourForces());
    // Every period of the span, so that a table or chart of totals does not put 2015/16 beside 2018/19.
    BOOST_REQUIRE(r.periods.size() == 4u);
    for (const std::size_t empty : {1u, 2u}) {
        const auto& e = r.periods[empty];
        BOOST_TEST(e.period == Period::financialYear(2015 + static_cast<int>(empty)));
        BOOST_TEST(e.total.code() == "[x]");
        BOOST_TEST(e.total.reason() == "no force in scope has a figure for " + e.period.toString());
        BOOST_TEST(e.coverage.text() == "0 of 4 forces");
        BOOST_TEST(e.missing.size() == 4u);
    }
    BOOST_TEST(r.likeForLike.figures.points.size() == 4u);
    BOOST_TEST(r.likeForLike.figures.percentChange.value() == 0.5, tt::tolerance(1e-12));
    const auto& a = r.periods[0];
    BOOST_TEST(a.period == Period::financialYear(2015));
    BOOST_TEST(a.total.value() == 35.0); // 10 + 20 + 5; the aggregate (1000) is not added
    BOOST_TEST(a.coverage.text() == "3 of 4 forces");
    BOOST_REQUIRE(a.missing.size() == 1u);
    BOOST_TEST(a.missing[0].areaName == "Dorset");
    BOOST_TEST(a.missing[0].code == "[x]");
    BOOST_TEST(a.missing[0].reason == "no figure for 2015/16");
    const auto& b = r.periods[3];
    BOOST_TEST(b.total.value() == 85.0); // 15 + 30 + 40
    BOOST_TEST(b.coverage.covered == 3u);
    BOOST_REQUIRE(b.missing.size() == 1u);
    BOOST_TEST(b.missing[0].areaName == "Wiltshire");
    BOOST_TEST(b.missing[0].code == "[c]");
    BOOST_TEST(!r.hasPopulation);
    BOOST_TEST(b.ratePer10000.code() == "[x]");
}

BOOST_AUTO_TEST_CASE(like_for_like_with_missing_areas)
{
    // Both periods: Avon and Somerset and Devon and Cornwall only: 30 -> 45, +50%.
    // CI: se = sqrt(1/30 + 1/45) = 0.235702, 1.96 se = 0.461977, ln 1.5 = 0.405465:
    // exp(-0.056512) = 0.945056 to exp(0.867442) = 2.380812: includes 1, [ns].
    const auto r = computeTotals(sample(), fourForces());
    const auto& lfl = r.likeForLike;
    BOOST_TEST(r.from == Period::financialYear(2015));
    BOOST_TEST(r.to == Period::financialYear(2018));
    BOOST_TEST(lfl.coverage.text() == "2 of 4 forces");
    BOOST_TEST(!lfl.coverage.complete());
    BOOST_TEST((lfl.areaNames == std::vector<std::string>{"Avon and Somerset", "Devon and Cornwall"}));
    BOOST_REQUIRE(lfl.excluded.size() == 2u);
    BOOST_TEST(lfl.excluded[0].areaName == "Dorset");
    BOOST_TEST(lfl.excluded[0].code == "[x]");
    BOOST_TEST(lfl.excluded[1].areaName == "Wiltshire");
    BOOST_TEST(lfl.excluded[1].code == "[c]");
    BOOST_TEST(lfl.figures.first.value() == 30.0);
    BOOST_TEST(lfl.figures.last.value() == 45.0);
    BOOST_TEST(lfl.figures.percentChange.value() == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(lfl.figures.ciLower.value() == 0.945056, tt::tolerance(1e-6));
    BOOST_TEST(lfl.figures.ciUpper.value() == 2.380812, tt::tolerance(1e-6));
    BOOST_TEST(lfl.figures.significanceCode() == "[ns]");
}

// The like-for-like total compares quarters as a series does: the same quarter of the year.
BOOST_AUTO_TEST_CASE(like_for_like_quarters_compare_the_same_quarter)
{
    const std::vector<Area> scope = {force(1, "A"), force(2, "B")};
    const auto r = computeTotals({obs(1, "2017 Q2", 10), obs(2, "2017 Q2", 20), obs(1, "2017 Q4", 12),
                                  obs(2, "2017 Q4", 22), obs(1, "2018 Q4", 15), obs(2, "2018 Q4", 30)},
                                 scope);
    BOOST_TEST(r.from.toString() == "2017 Q4");
    BOOST_TEST(r.to.toString() == "2018 Q4");
    BOOST_TEST(r.likeForLike.figures.first.value() == 34.0);
}

BOOST_AUTO_TEST_CASE(like_for_like_intermediate_period)
{
    // Areas 1 and 2 have both ends; in 2016/17 area 2 has no figure, so that like-for-like total is [x].
    const std::vector<Area> scope = {force(1, "A"), force(2, "B")};
    const auto r =
        computeTotals({obs(1, "2015/16", 10), obs(2, "2015/16", 20), obs(1, "2016/17", 12), obs(1, "2017/18", 14),
                       obs(2, "2017/18", 22), obs(1, "2018/19", 15), obs(2, "2018/19", 30)},
                      scope);
    const auto& points = r.likeForLike.figures.points;
    BOOST_REQUIRE(points.size() == 4u);
    BOOST_TEST(points[0].value.value() == 30.0);
    BOOST_TEST(points[1].value.code() == "[x]");
    BOOST_TEST(points[1].value.reason().find("B [x]") != std::string::npos);
    BOOST_TEST(points[2].value.value() == 36.0);
    BOOST_TEST(r.likeForLike.coverage.complete());
    BOOST_TEST(r.likeForLike.figures.regressionPoints == 3u); // 2015/16, 2017/18, 2018/19
    BOOST_TEST(r.periods[1].total.value() == 12.0);
    BOOST_TEST(r.periods[1].coverage.text() == "1 of 2 forces");
}

BOOST_AUTO_TEST_CASE(chosen_periods)
{
    const auto r = computeTotals(sample(), fourForces(), TotalsOptions{Period::financialYear(2018), std::nullopt});
    BOOST_TEST(r.from == Period::financialYear(2018));
    BOOST_TEST(r.to == Period::financialYear(2018));
    BOOST_TEST(r.likeForLike.coverage.covered == 3u);
    BOOST_TEST(r.likeForLike.figures.percentChange.code() == "[z]");
}

BOOST_AUTO_TEST_CASE(all_missing)
{
    const std::vector<Area> scope = {force(1, "A"), force(2, "B")};
    const auto r = computeTotals({marked(1, "2015/16", "[x]"), marked(2, "2018/19", "[c]")}, scope);
    BOOST_REQUIRE(r.periods.size() == 4u); // 2015/16 to 2018/19
    BOOST_TEST(r.periods[0].total.code() == "[x]");
    BOOST_TEST(r.periods[0].coverage.text() == "0 of 2 forces");
    BOOST_TEST(r.periods[0].missing.size() == 2u);
    BOOST_TEST(r.likeForLike.coverage.covered == 0u);
    BOOST_TEST(r.likeForLike.figures.first.code() == "[x]");
    BOOST_TEST(r.likeForLike.figures.percentChange.code() == "[x]");
    BOOST_TEST(r.likeForLike.figures.first.reason().find("no force in scope has figures for both") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(rates_per_10000_for_totals)
{
    // 2018/19: covered areas 1, 2, 3 with populations 10,000, 20,000, 30,000: 85 / 60,000 × 10,000 = 14.1667.
    // 2015/16: covered areas 1, 2, 4; area 4 has no population: [x].
    TotalsOptions options;
    options.population = {obs(1, "2018/19", 10000), obs(2, "2018/19", 20000), obs(3, "2018/19", 30000),
                          obs(4, "2018/19", 5000),  obs(1, "2015/16", 10000), obs(2, "2015/16", 20000)};
    for (auto& p : options.population)
        p.measureId = 2;
    const auto r = computeTotals(sample(), fourForces(), options);
    BOOST_TEST(r.hasPopulation);
    BOOST_TEST(r.periods[3].ratePer10000.value() == 85.0 / 60000.0 * 10000.0, tt::tolerance(1e-12));
    BOOST_TEST(r.periods[0].ratePer10000.code() == "[x]");
    BOOST_TEST(r.periods[0].ratePer10000.reason().find("Wiltshire") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rates_per_10000_for_series)
{
    // 28 / 350,000 × 10,000 = 0.8; 82 / 410,000 × 10,000 = 2.
    std::vector<Observation> population = {obs(1, "2015/16", 350000), obs(1, "2018/19", 410000), obs(1, "2017/18", 0)};
    const auto rates = ratesPer10000(
        {obs(1, "2015/16", 28), obs(1, "2018/19", 82), obs(1, "2017/18", 50), marked(1, "2016/17", "[c]")}, population);
    BOOST_REQUIRE(rates.size() == 4u);
    BOOST_TEST(*rates[0].value == 0.8, tt::tolerance(1e-12));
    BOOST_TEST(*rates[1].value == 2.0, tt::tolerance(1e-12));
    BOOST_TEST(!rates[2].value.has_value());
    BOOST_TEST(rates[2].markers.has(Marker::NotApplicable)); // zero population
    BOOST_TEST(rates[3].markers.has(Marker::Confidential));
    const auto f = computeSeries(rates, CompareOptions{std::nullopt, std::nullopt, Unit::RatePer10000});
    BOOST_TEST(f.percentChange.value() == 1.5, tt::tolerance(1e-12));
    BOOST_TEST(f.ciLower.code() == "[z]");

    // No population at all: [x].
    const auto none = ratesPer10000({obs(5, "2015/16", 28)}, population);
    BOOST_TEST(none[0].markers.has(Marker::NotAvailable));
    BOOST_TEST(ratePer10000(Figure::of(5), Figure::of(0)).code() == "[z]");
    BOOST_TEST(ratePer10000(Figure::of(5), Figure::of(20000)).value() == 2.5);
    BOOST_CHECK_THROW(ratesPer10000({}, {obs(1, "2015/16", 1), obs(1, "2015/16", 2)}), DataError);
}

BOOST_AUTO_TEST_CASE(nouns_and_coverage_text)
{
    BOOST_TEST(areaNoun(fourForces()) == "forces");
    Area region;
    region.kind = AreaKind::Region;
    Area country;
    country.kind = AreaKind::Country;
    BOOST_TEST(areaNoun({region, region}) == "regions");
    BOOST_TEST(areaNoun({country}) == "countries");
    BOOST_TEST(areaNoun({region, country}) == "areas");
    BOOST_TEST((Coverage{40, 44, "forces"}.text() == "40 of 44 forces"));
    BOOST_TEST((Coverage{44, 44, "forces"}.complete()));

    std::vector<Area> regions(2, region);
    regions[0].id = 1;
    regions[0].name = "North East";
    regions[1].id = 2;
    regions[1].name = "North West";
    const auto r = computeTotals({marked(1, "2015/16", "[x]")}, regions);
    BOOST_TEST(r.periods[0].total.reason() == "no region in scope has a figure for 2015/16");
}

BOOST_AUTO_TEST_CASE(errors)
{
    BOOST_CHECK_THROW(computeTotals(sample(), {}), DataError);
    BOOST_CHECK_THROW(computeTotals(sample(), {force(1, "A"), force(1, "A again")}), DataError);
    BOOST_CHECK_THROW(computeTotals({obs(1, "2015/16", 1), obs(1, "2015/16", 2)}, fourForces()), DataError);
    BOOST_CHECK_THROW(computeTotals({obs(1, "2015/16", 1), obs(2, "2019", 2)}, fourForces()), DataError);
    Observation otherMeasure = obs(2, "2015/16", 1);
    otherMeasure.measureId = 7;
    BOOST_CHECK_THROW(computeTotals({obs(1, "2015/16", 1), otherMeasure}, fourForces()), DataError);
    BOOST_CHECK_THROW(computeTotals({obs(99, "2015/16", 1)}, fourForces()), DataError); // nothing in scope
    BOOST_CHECK_THROW(
        computeTotals(sample(), fourForces(), TotalsOptions{Period::financialYear(2018), Period::financialYear(2015)}),
        DataError);
}

BOOST_AUTO_TEST_SUITE_END()
