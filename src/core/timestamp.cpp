#include "core/timestamp.h"

#include "core/platform.h"

#include <array>
#include <charconv>
#include <ctime>

namespace evidence {

namespace {

bool number(std::string_view s, std::size_t at, std::size_t digits, int& out)
{
    if (at + digits > s.size())
        return false;
    for (std::size_t i = at; i < at + digits; ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return std::from_chars(s.data() + at, s.data() + at + digits, out).ec == std::errc();
}

} // namespace

std::string localDateTime(std::string_view utc)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (utc.size() < 19 || utc[4] != '-' || utc[7] != '-' || utc[10] != 'T' || utc[13] != ':' || utc[16] != ':' ||
        !number(utc, 0, 4, year) || !number(utc, 5, 2, month) || !number(utc, 8, 2, day) || !number(utc, 11, 2, hour) ||
        !number(utc, 14, 2, minute) || !number(utc, 17, 2, second))
        return std::string(utc);
    std::string_view zone = utc.substr(19);
    if (!zone.empty() && zone.front() == '.') {
        std::size_t n = 1;
        while (n < zone.size() && zone[n] >= '0' && zone[n] <= '9')
            ++n;
        zone.remove_prefix(n);
    }
    if (zone != "Z" && zone != "+00:00")
        return std::string(utc);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::string(utc);

    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = month - 1;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    const std::time_t when = platform::fromUtc(t);
    std::tm local{};
    if (when == static_cast<std::time_t>(-1) || !platform::brokenDown(when, true, local))
        return std::string(utc);
    std::array<char, 128> out{};
    const std::size_t n = std::strftime(out.data(), out.size(), "%d %B %Y, %H:%M", &local);
    if (n == 0)
        return std::string(utc);
    std::string text(out.data(), n);
    if (!text.empty() && text.front() == '0') // 6 December, not 06 (%e, unpadded, is not in Windows' C library)
        text.erase(0, 1);
    return text;
}

bool isCalendarDate(std::string_view s, bool allowMonth) noexcept
{
    int year = 0, month = 0, day = 0;
    if (s.size() != 10 && !(allowMonth && s.size() == 7))
        return false;
    if (s[4] != '-' || !number(s, 0, 4, year) || !number(s, 5, 2, month) || month < 1 || month > 12)
        return false;
    if (s.size() == 7)
        return true;
    if (s[7] != '-' || !number(s, 8, 2, day))
        return false;
    // The days of that month in that year: 2019-02-31 would be published as "31 February 2019".
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day >= 1 && day <= (month == 2 && leap ? 29 : kDays[month - 1]);
}

} // namespace evidence
