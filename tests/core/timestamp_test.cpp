#include "core/timestamp.h"

#include <boost/test/unit_test.hpp>
#include <clocale>
#include <cstdlib>
#include <ctime>
#include <string>

using evidence::localDateTime;

namespace {

/// Sets TZ for one test and puts the previous value back.
struct TimeZone
{
    explicit TimeZone(const char* zone)
    {
        if (const char* old = std::getenv("TZ"))
            saved = old, hadOne = true;
        setenv("TZ", zone, 1);
        tzset();
        std::setlocale(LC_TIME, "C");
    }
    ~TimeZone()
    {
        if (hadOne)
            setenv("TZ", saved.c_str(), 1);
        else
            unsetenv("TZ");
        tzset();
    }
    TimeZone(const TimeZone&) = delete;
    TimeZone& operator=(const TimeZone&) = delete;
    std::string saved;
    bool hadOne = false;
};

} // namespace

BOOST_AUTO_TEST_SUITE(timestamp)

BOOST_AUTO_TEST_CASE(utc_times_are_shown_in_local_time_with_the_month_named)
{
    TimeZone london("Europe/London");
    BOOST_TEST(localDateTime("2026-12-05T20:59:57Z") == "5 December 2026, 20:59");
    // British Summer Time: an hour ahead of UTC.
    BOOST_TEST(localDateTime("2026-07-01T12:00:00Z") == "1 July 2026, 13:00");
    BOOST_TEST(localDateTime("2026-07-01T23:30:00.250Z") == "2 July 2026, 00:30");
    BOOST_TEST(localDateTime("2026-03-15T09:05:00+00:00") == "15 March 2026, 09:05");
}

BOOST_AUTO_TEST_CASE(other_time_zones_move_the_date)
{
    TimeZone newYork("America/New_York");
    BOOST_TEST(localDateTime("2026-12-05T02:00:00Z") == "4 December 2026, 21:00");
}

BOOST_AUTO_TEST_CASE(text_that_is_not_a_utc_time_is_shown_as_it_is)
{
    TimeZone london("Europe/London");
    for (const char* s : {"", "yesterday", "2026-12-05", "2026-12-05T20:59:57+01:00", "2026-13-05T20:59:57Z",
                          "2026-12-05 20:59:57Z", "2026-12-05T25:00:00Z", "2026-12-05T20:59:57Zjunk"})
        BOOST_TEST(localDateTime(s) == s);
}

BOOST_AUTO_TEST_CASE(calendar_dates_are_days_that_exist)
{
    using evidence::isCalendarDate;
    for (const char* s : {"2019-06-25", "2020-02-29", "2000-02-29", "1999-12-31"})
        BOOST_TEST(isCalendarDate(s), s);
    for (const char* s : {"2019-02-29", "1900-02-29", "2019-06-31", "2019-13-01", "2019-00-10", "2019-06-00",
                          "2019-6-1", "2019/06/25", "25-06-2019", "2019-06", "June 2019", "", "2019-06-25T09:00:00Z"})
        BOOST_TEST(!isCalendarDate(s), s);
    BOOST_TEST(isCalendarDate("2019-06", true));
    BOOST_TEST(!isCalendarDate("2019-13", true));
    BOOST_TEST(!isCalendarDate("2019", true));
}

BOOST_AUTO_TEST_SUITE_END()
