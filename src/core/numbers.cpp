#include "core/numbers.h"

#include "core/text.h"

#include <charconv>
#include <cmath>

namespace evidence {

std::optional<double> parseFigure(std::string_view raw, std::string& reason)
{
    const std::string_view s = text::trim(raw);
    if (s.empty()) {
        reason = "is empty";
        return std::nullopt;
    }
    if (s.front() == '-') {
        reason = "is negative: figures are counts, rates or percentages and cannot be below zero";
        return std::nullopt;
    }
    std::string digits;
    std::size_t intDigits = 0, groupLen = 0;
    bool sawComma = false, sawPoint = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            digits += c;
            if (!sawPoint) {
                ++intDigits;
                ++groupLen;
            }
        } else if (c == ',' && !sawPoint) {
            if ((sawComma && groupLen != 3) || (!sawComma && (groupLen == 0 || groupLen > 3))) {
                reason = "has misplaced thousands separators: write 1,493 or 1493";
                return std::nullopt;
            }
            sawComma = true;
            groupLen = 0;
        } else if (c == '.' && !sawPoint) {
            if (intDigits == 0) {
                reason = "is not a number: write 0.5, not .5";
                return std::nullopt;
            }
            sawPoint = true;
            digits += '.';
        } else {
            reason = "is not a number: use digits, e.g. 82 or 1,493, or a marker such as [x]";
            return std::nullopt;
        }
    }
    if (sawComma && groupLen != 3) {
        reason = "has misplaced thousands separators: write 1,493 or 1493";
        return std::nullopt;
    }
    if (digits.back() == '.') {
        reason = "ends with a decimal point";
        return std::nullopt;
    }
    double v = 0;
    const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (res.ec != std::errc{} || !std::isfinite(v) || v > 1e15) {
        reason = "is too large";
        return std::nullopt;
    }
    return v;
}

namespace {

// Writes |value| into @p buf with @p decimals decimals as a spreadsheet shows it: rounded half away from zero
// from its 15 significant digits. 2.25 is 2.3 there, and 1.005 is 1.01, where "%.*f" rounds the binary value
// (2.2, 1.00): a sentence must give the figure its cell shows. @return the length written.
std::size_t spreadsheetRounded(char* buf, double value, int decimals)
{
    char sci[40];
    const auto r = std::to_chars(sci, sci + sizeof sci, std::fabs(value), std::chars_format::scientific, 14);
    std::string digits(1, sci[0]);
    digits.append(sci + 2, sci + 16); // "d.dddddddddddddde+XX": 15 digits
    int exponent = 0;
    std::from_chars(sci + 17 + (sci[17] == '+' ? 1 : 0), r.ptr, exponent);
    int intDigits = exponent + 1;
    const int keep = intDigits + decimals; // digits of the result, counted from the first of `digits`
    std::string kept;
    if (keep >= 0) {
        kept = digits.substr(0, static_cast<std::size_t>(std::min(keep, 15)));
        kept.append(static_cast<std::size_t>(std::max(keep - 15, 0)), '0');
        if (keep < 15 && digits[static_cast<std::size_t>(keep)] >= '5') {
            int i = keep - 1;
            for (; i >= 0 && kept[static_cast<std::size_t>(i)] == '9'; --i)
                kept[static_cast<std::size_t>(i)] = '0';
            if (i >= 0)
                ++kept[static_cast<std::size_t>(i)];
            else {
                kept.insert(kept.begin(), '1');
                ++intDigits;
            }
        }
    }
    // kept holds the digits of value x 10^decimals, without leading zeros when it is below 1.
    const std::size_t fraction = static_cast<std::size_t>(decimals);
    if (kept.size() < fraction + 1)
        kept.insert(0, fraction + 1 - kept.size(), '0');
    std::size_t n = 0;
    if (value < 0)
        buf[n++] = '-';
    const std::size_t whole = kept.size() - fraction;
    for (std::size_t i = 0; i < whole; ++i)
        buf[n++] = kept[i];
    if (decimals > 0) {
        buf[n++] = '.';
        for (std::size_t i = whole; i < kept.size(); ++i)
            buf[n++] = kept[i];
    }
    return n;
}

} // namespace

void formatFixedInto(std::string& out, double value, int decimals)
{
    // std::to_chars writes what printf's "%.*f" does in the C locale, whatever the process's locale, at a
    // fraction of its cost: an export formats every figure of its tables to measure their columns.
    // Up to 63 characters are kept, as from a 64-byte printf buffer.
    char buf[512];
    const auto written = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    std::size_t n = written.ec == std::errc() ? static_cast<std::size_t>(written.ptr - buf) : 0;
    // Only a value at a tie of its last shown decimal (x.x5) can round otherwise than a spreadsheet shows it:
    // those take the slower decimal rounding.
    if (decimals >= 0 && decimals <= 6 && std::isfinite(value) && std::fabs(value) < 1e15) {
        constexpr double kScale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
        const double scaled = std::fabs(value) * kScale[decimals];
        if (std::fabs(scaled - std::floor(scaled) - 0.5) < 1e-6)
            n = spreadsheetRounded(buf, value, decimals);
    }
    std::string_view s(buf, std::min<std::size_t>(n, 63));
    if (s.find_first_not_of("-0.") == std::string_view::npos && !s.empty() && s.front() == '-')
        s.remove_prefix(1); // "-0.0" reads as "0.0"
    const bool neg = !s.empty() && s.front() == '-';
    if (neg)
        s.remove_prefix(1);
    const auto dot = s.find('.');
    const std::string_view intPart = s.substr(0, dot);
    out.clear();
    if (neg)
        out += '-';
    for (std::size_t i = 0; i < intPart.size(); ++i) {
        if (i && (intPart.size() - i) % 3 == 0)
            out += ',';
        out += intPart[i];
    }
    if (dot != std::string_view::npos)
        out += s.substr(dot);
}

std::string formatFixed(double value, int decimals)
{
    std::string out;
    formatFixedInto(out, value, decimals);
    return out;
}

std::string formatFigure(double value, int maxDecimals)
{
    std::string s;
    formatFixedInto(s, value, maxDecimals);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0')
            s.pop_back();
        if (s.back() == '.')
            s.pop_back();
    }
    return s;
}

} // namespace evidence
