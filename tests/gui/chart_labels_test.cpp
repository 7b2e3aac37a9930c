// The trend chart's period labels: the last period is always labelled, and no label is cut or overlaps.
#include "gui/trend_chart.h"

#include <boost/test/unit_test.hpp>

using evidence::gui::placeAxisLabels;

BOOST_AUTO_TEST_SUITE(chart_labels)

BOOST_AUTO_TEST_CASE(the_last_period_is_labelled_whole_and_no_labels_overlap)
{
    // 20 periods on a narrow chart, ticks 13 px apart and labels 46 px wide ("2018/19"): most must go.
    for (const int count : {2, 5, 12, 20}) {
        const double width = 300, left = 60, right = 290, gap = 8;
        std::vector<double> centres, widths;
        for (int i = 0; i < count; ++i) {
            centres.push_back(left + (right - left) * i / (count - 1));
            widths.push_back(46);
        }
        const auto placed = placeAxisLabels(centres, widths, width, gap);
        BOOST_TEST_CONTEXT(count << " periods")
        {
            BOOST_REQUIRE(placed.size() == static_cast<std::size_t>(count));
            BOOST_TEST(placed.front().has_value());
            BOOST_REQUIRE(placed.back().has_value());
            BOOST_TEST(*placed.back() + widths.back() <= width);
            double previousEnd = -1;
            for (std::size_t i = 0; i < placed.size(); ++i)
                if (placed[i]) {
                    BOOST_TEST(*placed[i] >= 0);
                    BOOST_TEST(*placed[i] + widths[i] <= width);
                    BOOST_TEST(*placed[i] >= previousEnd);
                    previousEnd = *placed[i] + widths[i];
                }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
