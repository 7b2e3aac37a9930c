#pragma once
/// @file timestamp.h
/// @brief The store's UTC timestamps (2026-12-05T20:59:57Z) as a reader expects a date and time.

#include <string>
#include <string_view>

namespace evidence {

/// @p utc, an ISO 8601 time in UTC ("YYYY-MM-DDTHH:MM:SSZ"; a fraction of a second or "+00:00" allowed), in
/// the local time zone, as "5 December 2026, 20:59" with the month named in the LC_TIME locale.
/// Text that is not such a time is returned as it is, so that nothing is hidden.
std::string localDateTime(std::string_view utc);

/// True for a day of the calendar written YYYY-MM-DD (not 2019-02-31), or with @p allowMonth also a month
/// written YYYY-MM.
bool isCalendarDate(std::string_view s, bool allowMonth = false) noexcept;

} // namespace evidence
