#include "core/numbers.h"

#include <boost/test/unit_test.hpp>

using evidence::formatFigure;
using evidence::formatFixed;
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

BOOST_AUTO_TEST_CASE(formats_fixed_decimals_as_a_cell_shows_them)
{
    BOOST_TEST(formatFixed(1234.5, 1) == "1,234.5");
    BOOST_TEST(formatFixed(-0.04, 1) == "0.0");
    BOOST_TEST(formatFixed(-1234567.891, 2) == "-1,234,567.89");
    BOOST_TEST(formatFixed(2.9285714, 2) == "2.93");
    // Ties round half away from zero from 15 significant digits, as the cell showing the figure does; the
    // binary value's rounding gave 2.2 and 1.00.
    BOOST_TEST(formatFixed(2.25, 1) == "2.3");
    BOOST_TEST(formatFixed(-2.25, 1) == "-2.3");
    BOOST_TEST(formatFixed(1.005, 2) == "1.01");
    BOOST_TEST(formatFixed(0.125, 2) == "0.13");
    BOOST_TEST(formatFixed(9.995, 2) == "10.00");
    BOOST_TEST(formatFixed(0.005, 2) == "0.01");
    BOOST_TEST(formatFixed(0.0049, 2) == "0.00");
    BOOST_TEST(formatFixed(0.5, 0) == "1");
    BOOST_TEST(formatFixed(1234567.125, 2) == "1,234,567.13");
    BOOST_TEST(formatFixed(192.85, 1) == "192.9");
    BOOST_TEST(formatFixed(2.35, 1) == "2.4"); // 2.35000000000000008882 in binary: already up
    BOOST_TEST(formatFixed(-0.05, 1) == "-0.1");
}

// A sentence gives the figure its cell shows: a rate of 1.25 per 10,000 is "1.3" to one decimal, as its
// cell shows it, where the binary value's rounding wrote "1.2".
BOOST_AUTO_TEST_CASE(figures_in_sentences_round_as_their_cells)
{
    BOOST_TEST(formatFigure(1.25, 1) == "1.3");
    BOOST_TEST(formatFigure(2.25, 1) == "2.3");
    BOOST_TEST(formatFigure(-2.25, 1) == "-2.3");
    BOOST_TEST(formatFigure(1.005, 2) == "1.01");
    BOOST_TEST(formatFigure(-0.001, 2) == "0");
    BOOST_TEST(formatFigure(0.0004, 5) == "0.0004");
    BOOST_TEST(formatFigure(192.85, 1) == "192.9");
}

BOOST_AUTO_TEST_SUITE_END()
