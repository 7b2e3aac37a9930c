#pragma once
/// @file period.h
/// @brief Reporting periods: UK financial years, calendar years and quarters, in one sortable type.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

/// A reporting period. Periods of one kind compare by time; periods of different kinds are
/// ordered by kind first (a series must not mix kinds; the trend engine refuses it).
class Period
{
public:
    /// The kind of period; the values are stored (in sortKey()) and must not change.
    enum class Kind : std::uint8_t { FinancialYear = 1, CalendarYear = 2, Quarter = 3 };

    /// Financial year starting 1 April of @p startYear ("2015/16" has startYear 2015).
    static Period financialYear(int startYear);
    /// Calendar year @p year (January to December).
    static Period calendarYear(int year);
    /// Calendar quarter @p quarter (1-4) of @p year.
    static Period quarter(int year, int quarter);

    /// Parses `2015/16`, `2015-16`, `FY2015/16`, `FY 2015-16`, `2015/2016`, `2019`, `2019 Q1`, `2019-Q1`, `Q1 2019`.
    /// @throws DataError quoting the value and saying what is accepted.
    static Period parse(std::string_view text);
    /// Like parse() but returns false instead of throwing.
    static bool tryParse(std::string_view text, Period& out) noexcept;
    /// Rebuilds a period from sortKey().
    static Period fromSortKey(std::int64_t key);

    /// What kind of period it is.
    Kind kind() const noexcept { return m_kind; }
    /// Start year (financial year), the year (calendar year or quarter).
    int year() const noexcept { return m_year; }
    /// Quarter 1-4, or 0 for years.
    int quarterNumber() const noexcept { return m_quarter; }

    /// Canonical text: `2015/16`, `2019`, `2019 Q1`.
    std::string toString() const;
    /// As a reader is shown it: `2015/16`, `2019`, and a quarter as its months, `Jan to Mar 2019` (the Analysis
    /// Function's form: a quarter's number does not say which months it holds).
    std::string label() const;
    /// A number that sorts like the periods: kind * 1e6 + year * 10 + quarter.
    std::int64_t sortKey() const noexcept;
    /// Years between two periods of the same kind (quarters count 0.25); the caller checks kinds.
    double yearsUntil(const Period& later) const noexcept;
    /// The period after this one, of the same kind (2015/16 -> 2016/17, 2019 Q4 -> 2020 Q1).
    Period next() const;
    /// A short name of the kind for messages ("financial year").
    static std::string_view kindName(Kind kind) noexcept;

    friend auto operator<=>(const Period&, const Period&) = default;
    friend bool operator==(const Period&, const Period&) = default;

private:
    Period(Kind kind, int year, int quarter) : m_kind(kind), m_year(year), m_quarter(quarter) {}

    Kind m_kind = Kind::FinancialYear;
    int m_year = 0;
    int m_quarter = 0;
};

/// Several periods typed at once: one period, a range ("2015/16 to 2018/19", "2015/16 - 2018/19",
/// "2015/16 – 2018/19") or a list of either separated by commas, in time order without repeats.
/// @throws DataError quoting the part that is not a period, a range that ends before it starts, periods of
///         different kinds, or more than 100 periods.
std::vector<Period> parsePeriods(std::string_view text);

} // namespace evidence
