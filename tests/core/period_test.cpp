#include "core/errors.h"
#include "core/period.h"

#include <boost/test/unit_test.hpp>

using evidence::DataError;
using evidence::Period;

BOOST_AUTO_TEST_SUITE(period)

BOOST_AUTO_TEST_CASE(financial_year_forms_parse_to_one_value)
{
    for (const char* s : {"2015/16", "2015-16", "FY2015/16", "fy 2015-16", "2015/2016", " 2015/16 "}) {
        BOOST_TEST_CONTEXT(s)
        {
            const auto p = Period::parse(s);
            BOOST_TEST((p.kind() == Period::Kind::FinancialYear));
            BOOST_TEST(p.year() == 2015);
            BOOST_TEST(p.toString() == "2015/16");
        }
    }
}

BOOST_AUTO_TEST_CASE(century_boundary_prints_two_digits)
{
    BOOST_TEST(Period::parse("1999/00").toString() == "1999/00");
    BOOST_TEST(Period::parse("2009/10").toString() == "2009/10");
}

BOOST_AUTO_TEST_CASE(calendar_years_and_quarters)
{
    BOOST_TEST(Period::parse("2019").toString() == "2019");
    BOOST_TEST(Period::parse("2019 Q1").toString() == "2019 Q1");
    BOOST_TEST(Period::parse("2019-Q3").toString() == "2019 Q3");
    BOOST_TEST(Period::parse("q4 2018").toString() == "2018 Q4");
    BOOST_TEST(Period::parse("2019Q2").quarterNumber() == 2);
}

BOOST_AUTO_TEST_CASE(ordering_and_sort_key_round_trip)
{
    const auto a = Period::parse("2015/16"), b = Period::parse("2018/19");
    BOOST_TEST((a < b));
    BOOST_TEST(a.sortKey() < b.sortKey());
    BOOST_TEST(a.yearsUntil(b) == 3.0);
    for (const char* s : {"2015/16", "2019", "2019 Q4"}) {
        const auto p = Period::parse(s);
        BOOST_TEST((Period::fromSortKey(p.sortKey()) == p));
    }
    BOOST_TEST(Period::parse("2019 Q1").yearsUntil(Period::parse("2020 Q1")) == 1.0);
}

BOOST_AUTO_TEST_CASE(bad_periods_quote_the_value)
{
    for (const char* s : {"2015/17", "2015/1", "FY2019", "2019 Q5", "Q0 2019", "19/20", "", "spring 2019", "2015//16",
                          "20155/16", "2019 Q1x", "1850", "2015/16/17"}) {
        BOOST_TEST_CONTEXT(s)
        {
            try {
                Period::parse(s);
                BOOST_FAIL("accepted");
            } catch (const DataError& e) {
                BOOST_TEST(std::string(e.what()).find("period '" + std::string(s) + "'") == 0);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(period_ranges)

BOOST_AUTO_TEST_CASE(a_range_gives_every_period_from_its_start_to_its_end)
{
    for (const char* s : {"2015/16 to 2018/19", "2015/16 - 2018/19", "2015-16 TO 2018-19", "2015/16 \u2013 2018/19"}) {
        BOOST_TEST_CONTEXT(s)
        {
            const auto periods = evidence::parsePeriods(s);
            BOOST_REQUIRE(periods.size() == 4u);
            BOOST_TEST(periods.front().toString() == "2015/16");
            BOOST_TEST(periods.back().toString() == "2018/19");
        }
    }
    const auto quarters = evidence::parsePeriods("2019 Q3 to 2020 Q2");
    BOOST_REQUIRE(quarters.size() == 4u);
    BOOST_TEST(quarters[2].toString() == "2020 Q1");
    const auto list = evidence::parsePeriods("2019, 2017 to 2018, 2018");
    BOOST_REQUIRE(list.size() == 3u);
    BOOST_TEST(list.front().toString() == "2017");
    BOOST_TEST(evidence::parsePeriods("2019/20").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_range_that_cannot_be_added_says_why)
{
    auto why = [](const char* s) {
        try {
            evidence::parsePeriods(s);
        } catch (const DataError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    BOOST_TEST(why("2018/19 to 2015/16").find("ends before it starts") != std::string::npos);
    BOOST_TEST(why("2015/16 to 2019").find("one kind of period") != std::string::npos);
    BOOST_TEST(why("2015, 2016 Q1").find("mixes kinds") != std::string::npos);
    BOOST_TEST(why("2015/16 to 2018/1x").find("'2018/1x' is not a period") != std::string::npos);
    BOOST_TEST(why("1900 to 2100").find("more than 100") != std::string::npos);
    BOOST_TEST(why("  ").find("type a period") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
