#include "core/period.h"

#include "core/errors.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace evidence {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

// Reads exactly @p n digits at @p pos; advances pos.
bool readDigits(std::string_view s, std::size_t& pos, std::size_t n, int& out) noexcept
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!isDigit(s[pos + i]))
            return false;
        v = v * 10 + (s[pos + i] - '0');
    }
    if (pos + n < s.size() && isDigit(s[pos + n]))
        return false;
    pos += n;
    out = v;
    return true;
}

void skipSpaces(std::string_view s, std::size_t& pos) noexcept
{
    while (pos < s.size() && s[pos] == ' ')
        ++pos;
}

bool validYear(int y) noexcept
{
    return y >= kMinYear && y <= kMaxYear;
}

} // namespace

Period Period::financialYear(int startYear)
{
    return Period(Kind::FinancialYear, startYear, 0);
}
Period Period::calendarYear(int year)
{
    return Period(Kind::CalendarYear, year, 0);
}
Period Period::quarter(int year, int q)
{
    return Period(Kind::Quarter, year, q);
}

bool Period::tryParse(std::string_view raw, Period& out) noexcept
{
    const std::string upper = [&] {
        std::string u(text::trim(raw));
        for (auto& c : u)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return u;
    }();
    std::string_view s = upper;
    std::size_t pos = 0;

    // "Q1 2019"
    if (s.size() >= 2 && s[0] == 'Q' && isDigit(s[1])) {
        int q = 0, y = 0;
        pos = 1;
        if (!readDigits(s, pos, 1, q))
            return false;
        skipSpaces(s, pos);
        if (!readDigits(s, pos, 4, y) || pos != s.size() || q < 1 || q > 4 || !validYear(y))
            return false;
        out = quarter(y, q);
        return true;
    }
    bool fyPrefix = false;
    if (s.starts_with("FY")) {
        fyPrefix = true;
        pos = 2;
        skipSpaces(s, pos);
    }
    int year = 0;
    if (!readDigits(s, pos, 4, year) || !validYear(year))
        return false;
    if (pos == s.size()) {
        if (fyPrefix)
            return false; // "FY2019" is ambiguous: which financial year?
        out = calendarYear(year);
        return true;
    }
    // Quarter: "2019 Q1", "2019-Q1", "2019Q1"
    std::size_t qpos = pos;
    skipSpaces(s, qpos);
    if (qpos < s.size() && s[qpos] == '-')
        ++qpos;
    if (!fyPrefix && qpos < s.size() && s[qpos] == 'Q') {
        ++qpos;
        int q = 0;
        if (!readDigits(s, qpos, 1, q) || qpos != s.size() || q < 1 || q > 4)
            return false;
        out = quarter(year, q);
        return true;
    }
    // Financial year: "2015/16", "2015-16", "2015/2016"
    if (s[pos] != '/' && s[pos] != '-')
        return false;
    ++pos;
    int end = 0;
    std::size_t endStart = pos;
    if (readDigits(s, pos, 2, end)) {
        if (pos != s.size() || end != (year + 1) % 100)
            return false;
    } else {
        pos = endStart;
        if (!readDigits(s, pos, 4, end) || pos != s.size() || end != year + 1)
            return false;
    }
    out = financialYear(year);
    return true;
}

Period Period::parse(std::string_view textValue)
{
    Period p = calendarYear(2000);
    if (!tryParse(textValue, p))
        throw DataError("period '" + text::quoteForMessage(textValue) +
                        "' is not a period: use a financial year such as 2015/16, a calendar year such as 2019, "
                        "or a quarter such as 2019 Q1");
    return p;
}

Period Period::fromSortKey(std::int64_t key)
{
    const auto kind = static_cast<Kind>(key / 1000000);
    const int year = static_cast<int>((key / 10) % 100000);
    const int q = static_cast<int>(key % 10);
    switch (kind) {
    case Kind::FinancialYear:
        return financialYear(year);
    case Kind::CalendarYear:
        return calendarYear(year);
    case Kind::Quarter:
        return quarter(year, q);
    }
    throw DataError("period key " + std::to_string(key) + " is not valid");
}

std::string Period::toString() const
{
    switch (m_kind) {
    case Kind::FinancialYear: {
        const int next = (m_year + 1) % 100;
        return std::to_string(m_year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
    }
    case Kind::CalendarYear:
        return std::to_string(m_year);
    case Kind::Quarter:
        return std::to_string(m_year) + " Q" + std::to_string(m_quarter);
    }
    return {};
}

std::string Period::label() const
{
    if (m_kind != Kind::Quarter)
        return toString();
    static constexpr std::array<const char*, 4> kMonths = {"Jan to Mar", "Apr to Jun", "Jul to Sep", "Oct to Dec"};
    return std::string(kMonths[static_cast<std::size_t>(std::clamp(m_quarter, 1, 4) - 1)]) + " " +
           std::to_string(m_year);
}

std::int64_t Period::sortKey() const noexcept
{
    return static_cast<std::int64_t>(m_kind) * 1000000 + static_cast<std::int64_t>(m_year) * 10 + m_quarter;
}

double Period::yearsUntil(const Period& later) const noexcept
{
    const double a = m_year + (m_quarter ? (m_quarter - 1) / 4.0 : 0.0);
    const double b = later.m_year + (later.m_quarter ? (later.m_quarter - 1) / 4.0 : 0.0);
    return b - a;
}

std::string_view Period::kindName(Kind kind) noexcept
{
    switch (kind) {
    case Kind::FinancialYear:
        return "financial year";
    case Kind::CalendarYear:
        return "calendar year";
    case Kind::Quarter:
        return "quarter";
    }
    return "period";
}

} // namespace evidence

namespace evidence {

Period Period::next() const
{
    if (m_kind == Kind::Quarter)
        return m_quarter == 4 ? quarter(m_year + 1, 1) : quarter(m_year, m_quarter + 1);
    return Period(m_kind, m_year + 1, 0);
}

namespace {

constexpr std::size_t kMaxPeriodsAtOnce = 100;

/// Splits "A to B" (or "A - B", "A – B") into its ends; a single period gives one part.
std::vector<std::string_view> rangeEnds(std::string_view part)
{
    const std::string lower = text::toLowerAscii(part);
    for (std::string_view separator : {" to ", "\u2013", " - "}) {
        if (const std::size_t at = lower.find(separator); at != std::string::npos)
            return {text::trim(part.substr(0, at)), text::trim(part.substr(at + separator.size()))};
    }
    return {text::trim(part)};
}

} // namespace

std::vector<Period> parsePeriods(std::string_view typed)
{
    std::vector<Period> out;
    const std::vector<std::string> parts = text::splitList(typed, ',');
    if (parts.empty())
        throw DataError("type a period, e.g. 2019/20, or a range, e.g. 2015/16 to 2018/19");
    for (const std::string& part : parts) {
        const std::vector<std::string_view> ends = rangeEnds(part);
        const Period first = Period::parse(ends.front());
        const Period last = Period::parse(ends.back());
        if (first.kind() != last.kind())
            throw DataError("'" + text::quoteForMessage(part) + "' runs from a " +
                            std::string(Period::kindName(first.kind())) + " to a " +
                            std::string(Period::kindName(last.kind())) + ": a range is of one kind of period");
        if (last < first)
            throw DataError("'" + text::quoteForMessage(part) +
                            "' ends before it starts: write the earlier period first");
        for (Period p = first;; p = p.next()) {
            out.push_back(p);
            if (out.size() > kMaxPeriodsAtOnce)
                throw DataError("'" + text::quoteForMessage(typed) + "' is more than " +
                                std::to_string(kMaxPeriodsAtOnce) + " periods: add fewer at a time");
            if (p == last)
                break;
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.front().kind() != out.back().kind())
        throw DataError("'" + text::quoteForMessage(typed) +
                        "' mixes kinds of period: a series is all financial years, all calendar years or all "
                        "quarters");
    return out;
}

} // namespace evidence
