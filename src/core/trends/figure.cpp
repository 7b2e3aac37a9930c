#include "core/trends/figure.h"

#include "core/numbers.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace evidence::trends {

namespace {

const std::string& noText() noexcept
{
    static const std::string empty;
    return empty;
}

} // namespace

Figure Figure::of(double value)
{
    Figure f;
    if (!std::isfinite(value))
        return notComputable(code::kZero, "the calculation has no finite result");
    f.m_value = value == 0.0 ? 0.0 : value; // no negative zero
    return f;
}

Figure Figure::notComputable(std::string_view shorthand, std::string reason)
{
    Figure f;
    if (shorthand != code::kMissing || !reason.empty())
        f.m_why = std::make_shared<const Why>(Why{std::string(shorthand), std::move(reason)});
    return f;
}

const std::string& Figure::code() const noexcept
{
    static const std::string missing(code::kMissing);
    if (computable())
        return noText();
    return m_why ? m_why->code : missing;
}

const std::string& Figure::reason() const noexcept
{
    return m_why ? m_why->reason : noText();
}

bool operator==(const Figure& a, const Figure& b) noexcept
{
    if (a.computable() || b.computable())
        return a.computable() && b.computable() && a.m_value == b.m_value;
    return a.code() == b.code() && a.reason() == b.reason();
}

double Figure::value() const
{
    if (!computable())
        throw std::logic_error("Figure::value() called on a figure that is not computable (" + code() + ")");
    return m_value;
}

std::string Figure::display(int maxDecimals) const
{
    if (!computable())
        return code();
    std::string s = formatFixed(m_value, maxDecimals);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0')
            s.pop_back();
        if (s.back() == '.')
            s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

std::string Figure::displayPercent(int decimals) const
{
    return computable() ? formatFixed(m_value * 100.0, decimals) + "%" : code();
}

std::string_view derivedCode(const Markers& markers)
{
    if (markers.has(Marker::Confidential))
        return code::kSuppressed;
    if (markers.has(Marker::NotApplicable))
        return code::kZero;
    return code::kMissing;
}

std::string markerDescription(std::string_view replacingCode)
{
    if (replacingCode == "[c]")
        return "suppressed [c]";
    if (replacingCode == "[z]")
        return "not applicable [z]";
    if (replacingCode == "[low]")
        return "low [low] (it rounds to zero but is not zero)";
    return "not available [x]";
}

std::string formatFull(double value)
{
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, res.ptr);
}

} // namespace evidence::trends
