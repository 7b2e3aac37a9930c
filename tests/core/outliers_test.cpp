#include "core/outliers.h"

#include <boost/test/unit_test.hpp>

using evidence::describeOutlier;
using evidence::findOutlier;

namespace {
using Series = std::vector<std::optional<double>>;
}

BOOST_AUTO_TEST_SUITE(outliers)

BOOST_AUTO_TEST_CASE(a_figure_ten_times_or_a_tenth_of_its_neighbours_is_flagged)
{
    const Series s{140, 150, std::nullopt, 160, 155};
    const auto big = findOutlier(s, 2, 1500);
    BOOST_REQUIRE(big);
    BOOST_TEST(big->typical == 152.5);
    BOOST_TEST(big->ratio > 9.0);
    BOOST_TEST(describeOutlier(*big).find("about 10 times") != std::string::npos);
    BOOST_TEST(describeOutlier(*big).find("1,500") != std::string::npos);
    const auto small = findOutlier(s, 2, 15);
    BOOST_REQUIRE(small);
    BOOST_TEST(describeOutlier(*small).find("1/10 of") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ordinary_changes_zero_and_lone_figures_are_not_flagged)
{
    const Series s{140, 150, std::nullopt, 160, 155};
    BOOST_TEST(!findOutlier(s, 2, 300).has_value()); // doubled: a real jump can do that
    BOOST_TEST(!findOutlier(s, 2, 40).has_value());  // under a quarter, still not a tenth
    BOOST_TEST(!findOutlier(s, 2, 0).has_value());   // zero is a real count
    BOOST_TEST(!findOutlier(Series{std::nullopt, std::nullopt}, 0, 5000).has_value()); // nothing to compare with
    BOOST_TEST(!findOutlier(s, 9, 5000).has_value());                                  // outside the series
}

BOOST_AUTO_TEST_CASE(only_the_nearest_figures_count_and_the_old_value_is_ignored)
{
    // The cell's own (old) figure is ignored; far-away figures of a different size do not count.
    const Series s{5, 5, 5, 100, 120, 9999, 110, 130};
    BOOST_TEST(!findOutlier(s, 5, 115).has_value());
    BOOST_TEST(findOutlier(s, 5, 1150).has_value());
    // The first figure of a series is compared with the two after it.
    BOOST_TEST(findOutlier(Series{std::nullopt, 10, 12, 400}, 0, 110).has_value());
    BOOST_TEST(!findOutlier(Series{std::nullopt, 10, 12, 400}, 0, 30).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
