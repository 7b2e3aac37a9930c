#include "core/markers.h"

#include "core/errors.h"
#include "core/text.h"

namespace evidence {

namespace {
// Built by appending: GCC 12 at -O3 reports a false -Wrestrict on "[" + std::string(...).
std::string bracketed(std::string_view code)
{
    std::string s;
    s.reserve(code.size() + 2);
    s += '[';
    s += code;
    s += ']';
    return s;
}

constexpr std::uint16_t kReplacing =
    static_cast<std::uint16_t>(Marker::NotAvailable) | static_cast<std::uint16_t>(Marker::Confidential) |
    static_cast<std::uint16_t>(Marker::NotApplicable) | static_cast<std::uint16_t>(Marker::Low);
} // namespace

const std::vector<Marker>& Markers::all()
{
    static const std::vector<Marker> kAll = {Marker::NotAvailable, Marker::Confidential,   Marker::NotApplicable,
                                             Marker::Low,          Marker::Provisional,    Marker::Estimated,
                                             Marker::Revised,      Marker::LowReliability, Marker::BreakInSeries};
    return kAll;
}

std::string_view Markers::code(Marker m) noexcept
{
    switch (m) {
    case Marker::NotAvailable:
        return "x";
    case Marker::Confidential:
        return "c";
    case Marker::NotApplicable:
        return "z";
    case Marker::Low:
        return "low";
    case Marker::Provisional:
        return "p";
    case Marker::Estimated:
        return "e";
    case Marker::Revised:
        return "r";
    case Marker::LowReliability:
        return "u";
    case Marker::BreakInSeries:
        return "b";
    }
    return "?";
}

std::string_view Markers::meaning(Marker m) noexcept
{
    switch (m) {
    case Marker::NotAvailable:
        return "not available";
    case Marker::Confidential:
        return "confidential";
    case Marker::NotApplicable:
        return "not applicable";
    case Marker::Low:
        return "low figure, rounds to zero but is not a true zero";
    case Marker::Provisional:
        return "provisional";
    case Marker::Estimated:
        return "estimated";
    case Marker::Revised:
        return "revised";
    case Marker::LowReliability:
        return "low reliability";
    case Marker::BreakInSeries:
        return "break in time series";
    }
    return "unknown";
}

Markers Markers::parse(std::string_view raw)
{
    Markers out;
    std::string_view s = text::trim(raw);
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (s[pos] == ' ') {
            ++pos;
            continue;
        }
        if (s[pos] != '[')
            throw DataError("marker '" + text::quoteForMessage(raw) +
                            "' is not shorthand: write codes in square brackets, e.g. [x] or [p][e]");
        const auto close = s.find(']', pos);
        if (close == std::string_view::npos)
            throw DataError("marker '" + text::quoteForMessage(raw) + "' has a '[' without its ']'");
        const std::string code = text::toLowerAscii(text::trim(s.substr(pos + 1, close - pos - 1)));
        bool found = false;
        for (Marker m : all()) {
            if (Markers::code(m) == code) {
                out.add(m);
                found = true;
                break;
            }
        }
        if (!found)
            throw DataError("marker '[" + text::quoteForMessage(code) +
                            "]' is not a known code: use [x] not available, [c] confidential, [z] not applicable, "
                            "[low] low figure, or the qualifiers [p] [e] [r] [u] [b]");
        pos = close + 1;
    }
    const std::uint16_t replacing = out.m_bits & kReplacing;
    if (replacing & (replacing - 1))
        throw DataError("marker '" + text::quoteForMessage(raw) +
                        "' has more than one of [x], [c], [z], [low]: a cell can only be replaced by one");
    return out;
}

bool Markers::hasReplacing() const noexcept
{
    return (m_bits & kReplacing) != 0;
}

std::string Markers::replacingCode() const
{
    for (Marker m : all())
        if ((static_cast<std::uint16_t>(m) & kReplacing) && has(m))
            return bracketed(code(m));
    return {};
}

Markers Markers::qualifiers() const noexcept
{
    return Markers(static_cast<std::uint16_t>(m_bits & ~kReplacing));
}

std::string Markers::toString() const
{
    std::string out;
    for (Marker m : all())
        if (has(m))
            out += bracketed(code(m));
    return out;
}

} // namespace evidence
