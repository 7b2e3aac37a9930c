#include "core/errors.h"
#include "core/trends/distribution.h"
#include "fixtures.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <random>

using namespace evidence;
using namespace evidence::trends;
using evidence::test::category;
namespace tt = boost::test_tools;

namespace {

Observation suppressed(std::string_view dimension, std::string_view name)
{
    Observation o = category(dimension, name, 0);
    o.value.reset();
    o.markers = Markers::parse("[c]");
    return o;
}

// Victim age bands, given out of order, with a "Not recorded" category.
std::vector<Observation> ages()
{
    return {category("victim age", "13-15", 30),        category("victim age", "0-5", 10),
            category("victim age", "Not recorded", 12), category("victim age", "6-10", 20),
            category("victim age", "16-17", 10),        category("victim age", "11-12", 30)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(distribution)

BOOST_AUTO_TEST_CASE(bands_with_ties_and_not_recorded)
{
    DistributionOptions options;
    options.threshold = 10;
    const auto d = computeDistribution(ages(), options);
    BOOST_TEST(d.dimension == "victim age");
    BOOST_TEST(d.numeric);
    BOOST_REQUIRE(d.categories.size() == 5u);
    // Ordered by age, "Not recorded" kept apart.
    BOOST_TEST(d.categories[0].category == "0-5");
    BOOST_TEST(d.categories[1].category == "6-10");
    BOOST_TEST(d.categories[4].category == "16-17");
    BOOST_TEST(d.recordedTotal.value() == 100.0);
    BOOST_TEST(d.notRecorded.value() == 12.0);
    BOOST_TEST(d.total.value() == 112.0);
    BOOST_REQUIRE(d.notRecordedCategories.size() == 1u);
    BOOST_TEST(d.notRecordedCategories[0].category == "Not recorded");
    BOOST_TEST(d.notRecordedCategories[0].share.code() == "[z]");
    // Shares exclude "not recorded": 10/100, 20/100, 30/100, 30/100, 10/100.
    BOOST_TEST(d.categories[0].share.value() == 0.1, tt::tolerance(1e-12));
    BOOST_TEST(d.categories[2].share.value() == 0.3, tt::tolerance(1e-12));
    // Tie: 11-12 and 13-15 both 30.
    BOOST_TEST((d.mostCommon == std::vector<std::string>{"11-12", "13-15"}));
    BOOST_TEST(d.mostCommonCount.value() == 30.0);
    // Half-way count 50: cumulative 10, 30, 60 -> the 11-12 band. Bands: no single median value.
    BOOST_TEST(d.medianCategory == "11-12");
    BOOST_TEST(d.median.code() == "[z]");
    // Aged 10 and under: 0-5 and 6-10 = 30, 30% of recorded.
    BOOST_TEST(d.atOrUnderCount.value() == 30.0);
    BOOST_TEST(d.atOrUnderShare.value() == 0.3, tt::tolerance(1e-12));
    // 12 / 112 = 10.714%.
    BOOST_TEST(d.exclusionNote == "Shares exclude 12 with victim age not recorded (10.7% of 112 in all).");
}

BOOST_AUTO_TEST_CASE(median_of_single_values)
{
    // Ages 10 ×1, 11 ×2, 12 ×3, 13 ×2: n = 8, middle cases 4 and 5 (cumulative 1, 3, 6, 8) are both 12.
    const auto odd = computeDistribution(
        {category("age", "10", 1), category("age", "11", 2), category("age", "12", 3), category("age", "13", 2)});
    BOOST_TEST(odd.median.value() == 12.0);
    BOOST_TEST(odd.medianCategory == "12");
    BOOST_TEST((odd.mostCommon == std::vector<std::string>{"12"}));
    // Ages 10 ×2, 11 ×2: n = 4, cases 2 (age 10) and 3 (age 11): median 10.5.
    const auto even = computeDistribution({category("age", "11", 2), category("age", "10", 2)});
    BOOST_TEST(even.median.value() == 10.5);
    BOOST_TEST((even.mostCommon == std::vector<std::string>{"10", "11"}));
    // Ages 5 ×3: n = 3, case 2: 5.
    BOOST_TEST(computeDistribution({category("age", "5", 3)}).median.value() == 5.0);
}

BOOST_AUTO_TEST_CASE(threshold_spanned_by_a_band)
{
    DistributionOptions options;
    options.threshold = 10;
    const auto d = computeDistribution({category("age", "0-5", 4), category("age", "6-12", 6)}, options);
    BOOST_TEST(d.atOrUnderCount.code() == "[x]");
    BOOST_TEST(d.atOrUnderCount.reason().find("'6-12' spans 10") != std::string::npos);
    BOOST_TEST(d.atOrUnderShare.code() == "[x]");
}

BOOST_AUTO_TEST_CASE(suppressed_category)
{
    DistributionOptions options;
    options.threshold = 10;
    const auto d = computeDistribution(
        {category("age", "0-10", 4), suppressed("age", "11-15"), category("age", "16-17", 6)}, options);
    BOOST_TEST(d.categories[1].count.code() == "[c]");
    BOOST_TEST(d.recordedTotal.code() == "[c]");
    BOOST_TEST(d.categories[0].share.code() == "[c]");
    BOOST_TEST(d.mostCommon.empty());
    BOOST_TEST(d.mostCommonCount.code() == "[c]");
    BOOST_TEST(d.median.code() == "[c]");
    BOOST_TEST(d.medianCategory.empty());
    // The suppressed band is above 10: the count at or under 10 is known, its share is not.
    BOOST_TEST(d.atOrUnderCount.value() == 4.0);
    BOOST_TEST(d.atOrUnderShare.code() == "[c]");
    BOOST_TEST(d.exclusionNote.empty());
}

BOOST_AUTO_TEST_CASE(suppressed_not_recorded)
{
    const auto d = computeDistribution({category("age", "0-10", 4), suppressed("age", "Unknown")});
    BOOST_TEST(d.recordedTotal.value() == 4.0);
    BOOST_TEST(d.categories[0].share.value() == 1.0);
    BOOST_TEST(d.notRecorded.code() == "[c]");
    BOOST_TEST(d.total.code() == "[c]");
    BOOST_TEST(d.exclusionNote == "Shares exclude cases with age not recorded, whose count is [c].");
}

BOOST_AUTO_TEST_CASE(unordered_categories)
{
    DistributionOptions options;
    options.order = {"Snapchat", "Instagram"};
    options.threshold = 10;
    const auto d = computeDistribution({category("platform", "Facebook", 5), category("platform", "Instagram", 7),
                                        category("platform", "Snapchat", 7), category("platform", "unknown", 3)},
                                       options);
    BOOST_TEST(!d.numeric);
    BOOST_TEST(d.categories[0].category == "Snapchat");
    BOOST_TEST(d.categories[1].category == "Instagram");
    BOOST_TEST(d.categories[2].category == "Facebook");
    BOOST_TEST((d.mostCommon == std::vector<std::string>{"Snapchat", "Instagram"}));
    BOOST_TEST(d.median.code() == "[z]");
    BOOST_TEST(d.atOrUnderCount.code() == "[z]");
    BOOST_TEST(d.categories[2].share.value() == 5.0 / 19.0, tt::tolerance(1e-12));
    BOOST_TEST(d.notRecorded.value() == 3.0);
}

BOOST_AUTO_TEST_CASE(overlapping_ranges_are_not_ordered)
{
    const auto d = computeDistribution({category("age", "10 and under", 5), category("age", "0-5", 2)});
    BOOST_TEST(!d.numeric);
    BOOST_TEST(d.categories[0].category == "10 and under"); // order as given
    BOOST_TEST(!d.categories[0].range.has_value());
}

BOOST_AUTO_TEST_CASE(nothing_recorded)
{
    const auto d = computeDistribution(
        {category("age", "0-10", 0), category("age", "11-17", 0), category("age", "not recorded", 5)});
    BOOST_TEST(d.recordedTotal.value() == 0.0);
    BOOST_TEST(d.categories[0].share.code() == "[z]");
    BOOST_TEST(d.median.code() == "[z]");
    BOOST_TEST(d.mostCommon.empty());
    BOOST_TEST(d.exclusionNote == "Shares exclude 5 with age not recorded (100.0% of 5 in all).");
}

BOOST_AUTO_TEST_CASE(category_ranges)
{
    auto range = [](std::string_view s) { return parseCategoryRange(s); };
    BOOST_TEST(range("10")->single());
    BOOST_TEST(range("0-5")->low == 0);
    BOOST_TEST(*range("0-5")->high == 5);
    BOOST_TEST(*range("0 - 5")->high == 5);
    BOOST_TEST(*range("0\xE2\x80\x93"
                      "5")
                    ->high == 5); // en dash
    BOOST_TEST(*range("11 to 12")->high == 12);
    BOOST_TEST(*range("10 and under")->high == 10);
    BOOST_TEST(*range("Aged 10 and under")->high == 10);
    BOOST_TEST(range("Aged 10 and under")->low == 0);
    BOOST_TEST(*range("under 10")->high == 9);
    BOOST_TEST(range("16 and over")->low == 16);
    BOOST_TEST(!range("16 and over")->high.has_value());
    BOOST_TEST(range("16+")->low == 16);
    BOOST_TEST(range("over 15")->low == 16);
    BOOST_TEST(!range("5-3"));
    BOOST_TEST(!range("Snapchat"));
    BOOST_TEST(!range(""));
    BOOST_TEST(!range("under 0"));
}

// Many categories are checked for repeats as few are (a set beyond 32, a linear search below).
BOOST_AUTO_TEST_CASE(many_categories)
{
    std::vector<Observation> ages;
    for (int age = 39; age >= 0; --age)
        ages.push_back(category("age", std::to_string(age), age));
    const auto d = computeDistribution(ages);
    BOOST_TEST(d.numeric);
    BOOST_REQUIRE_EQUAL(d.categories.size(), 40u);
    BOOST_TEST(d.categories.front().category == "0");
    BOOST_TEST(d.categories.back().category == "39");
    ages.push_back(category("age", " 7 ", 1));
    BOOST_CHECK_THROW(computeDistribution(ages), DataError);
    ages.pop_back();
    ages.push_back(category("age", "Not recorded", 1));
    ages.push_back(category("age", "NOT RECORDED", 1));
    BOOST_CHECK_THROW(computeDistribution(ages), DataError);
}

BOOST_AUTO_TEST_CASE(numeric_categories_in_any_order_keep_their_counts)
{
    // Orders whose permutation into ascending ranges has one cycle, many, or none.
    std::vector<int> given(23);
    for (int i = 0; i < 23; ++i)
        given[static_cast<std::size_t>(i)] = i;
    std::mt19937 random(7);
    for (int round = 0; round < 50; ++round) {
        if (round > 0)
            std::shuffle(given.begin(), given.end(), random);
        std::vector<Observation> ages;
        for (int age : given)
            ages.push_back(category("age", std::to_string(age), age * 3 + 1));
        const auto d = computeDistribution(ages);
        BOOST_REQUIRE(d.numeric);
        BOOST_REQUIRE_EQUAL(d.categories.size(), given.size());
        for (std::size_t i = 0; i < d.categories.size(); ++i) {
            BOOST_TEST(d.categories[i].category == std::to_string(i));
            BOOST_TEST(d.categories[i].count.value() == static_cast<double>(i * 3 + 1));
            BOOST_TEST(d.categories[i].range->low == static_cast<long long>(i));
        }
    }
}

BOOST_AUTO_TEST_CASE(errors)
{
    BOOST_CHECK_THROW(computeDistribution({}), DataError);
    BOOST_CHECK_THROW(computeDistribution({evidence::test::obs(1, "2018/19", 5)}), DataError); // a total
    BOOST_CHECK_THROW(computeDistribution({category("age", "10", 1), category("age", "10", 2)}), DataError);
    BOOST_CHECK_THROW(computeDistribution({category("age", "10", 1), category("gender", "girl", 2)}), DataError);
    Observation other = category("age", "11", 2);
    other.period = Period::financialYear(2017);
    BOOST_CHECK_THROW(computeDistribution({category("age", "10", 1), other}), DataError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(against_the_area_total)

// One age band recorded for a small part of the area's total: a partial breakdown, not a distribution.
BOOST_AUTO_TEST_CASE(one_band_of_a_large_total_is_partial)
{
    auto one = category("victim age", "10 and under", 185);
    one.note = "One regional version of the release gives 164";
    DistributionOptions options;
    options.threshold = 10;
    options.areaTotal = 8224;
    const auto d = computeDistribution({one}, options);
    BOOST_TEST(d.partial);
    BOOST_TEST(breakdownIsPartial(d));
    BOOST_REQUIRE(d.areaTotal.has_value());
    BOOST_TEST(d.total.value() == 8224.0);
    BOOST_TEST(d.notRecorded.value() == 8039.0);
    BOOST_REQUIRE(d.categories.size() == 1u);
    BOOST_TEST(d.categories[0].share.value() == 185.0 / 8224.0, tt::tolerance(1e-12));
    BOOST_TEST(d.categories[0].note == "One regional version of the release gives 164");
    BOOST_TEST(d.mostCommon.empty());
    BOOST_TEST(!d.mostCommonCount.computable());
    BOOST_TEST(d.medianCategory.empty());
    BOOST_TEST(!d.median.computable());
    BOOST_TEST(!d.atOrUnderCount.computable());
    BOOST_TEST(!d.atOrUnderShare.computable());
    BOOST_TEST(d.mostCommonCount.reason().find("only 185 of the 8,224 (2.2%)") != std::string::npos);
    BOOST_TEST(d.exclusionNote.find("8,039 (97.8%) have no recorded victim age") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(most_of_the_total_recorded_keeps_the_summaries)
{
    DistributionOptions options;
    options.threshold = 10;
    options.areaTotal = 120; // 100 recorded, 12 "Not recorded", 8 not in any category
    const auto d = computeDistribution(ages(), options);
    BOOST_TEST(!d.partial);
    BOOST_TEST(d.notRecorded.value() == 20.0);
    BOOST_TEST(d.total.value() == 120.0);
    BOOST_TEST(d.categories[0].share.value() == 10.0 / 120.0, tt::tolerance(1e-12));
    BOOST_TEST(d.notRecordedCategories[0].share.value() == 12.0 / 120.0, tt::tolerance(1e-12));
    BOOST_TEST(d.mostCommonCount.value() == 30.0);
    BOOST_TEST(d.atOrUnderCount.value() == 30.0);
    BOOST_TEST(d.atOrUnderShare.value() == 30.0 / 120.0, tt::tolerance(1e-12));
}

// Categories adding up to more than the total are not called an incomplete breakdown.
BOOST_AUTO_TEST_CASE(categories_exceeding_the_total_are_said_to)
{
    DistributionOptions options;
    options.areaTotal = 50;
    const auto d = computeDistribution(ages(), options);
    BOOST_TEST(d.exceedsTotal);
    BOOST_TEST(!d.partial);
    BOOST_TEST(!d.areaTotal.has_value());
    BOOST_TEST(d.exclusionNote.find("add up to 100, more than the 50 in all") != std::string::npos);
    BOOST_TEST(d.categories[0].share.value() == 0.1, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
