#include "core/numbers.h"

#include "core/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

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

std::string formatFigure(double value, int maxDecimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", maxDecimals, value);
    std::string s = buf;
    if (auto dot = s.find('.'); dot != std::string::npos) {
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (s.back() == '.')
            s.pop_back();
    }
    const bool neg = !s.empty() && s[0] == '-';
    std::string intPart =
        s.substr(neg ? 1 : 0, s.find('.') == std::string::npos ? std::string::npos : s.find('.') - (neg ? 1 : 0));
    const std::string rest = s.find('.') == std::string::npos ? "" : s.substr(s.find('.'));
    std::string grouped;
    for (std::size_t i = 0; i < intPart.size(); ++i) {
        if (i && (intPart.size() - i) % 3 == 0)
            grouped += ',';
        grouped += intPart[i];
    }
    return (neg ? "-" : "") + grouped + rest;
}

} // namespace evidence
