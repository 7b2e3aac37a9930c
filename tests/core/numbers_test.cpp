#include "core/numbers.h"

#include <boost/test/unit_test.hpp>

using evidence::formatFigure;
using evidence::parseFigure;

BOOST_AUTO_TEST_SUITE(numbers)

BOOST_AUTO_TEST_CASE(accepts_figures_as_typed)
{
    std::string why;
    BOOST_TEST(*parseFigure("1493", why) == 1493.0);
    BOOST_TEST(*parseFigure("1,493", why) == 1493.0);
    BOOST_TEST(*parseFigure(" 82 ", why) == 82.0);
    BOOST_TEST(*parseFigure("1,234,567.5", why) == 1234567.5);
    BOOST_TEST(*parseFigure("0", why) == 0.0);
}

BOOST_AUTO_TEST_CASE(refuses_with_a_reason)
{
    for (const char* s : {"-3", "1,49", "14,93", "abc", "", "1.2.3", ".5", "12.", ",123", "1e5", "1 493"}) {
        BOOST_TEST_CONTEXT(s)
        {
            std::string why;
            BOOST_TEST(!parseFigure(s, why).has_value());
            BOOST_TEST(!why.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(formats_with_thousands)
{
    BOOST_TEST(formatFigure(1493) == "1,493");
    BOOST_TEST(formatFigure(8224) == "8,224");
    BOOST_TEST(formatFigure(12.5) == "12.5");
    BOOST_TEST(formatFigure(1234567.891, 1) == "1,234,567.9");
    BOOST_TEST(formatFigure(28) == "28");
}

BOOST_AUTO_TEST_SUITE_END()
