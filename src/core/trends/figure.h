#pragma once
/// @file figure.h
/// @brief A computed figure: either a finite number or "not computable" with a shorthand code and a reason.
///
/// The trend engine never produces NaN or infinity. Where a figure cannot be computed (a zero base, a
/// missing or a suppressed value), it carries the shorthand code that the workbook and the GUI show in
/// its place and a sentence saying why.

#include "core/markers.h"

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

namespace evidence::trends {

/// Shorthand codes used for figures that cannot be computed (UK Analysis Function guidance).
namespace code {
inline constexpr std::string_view kZero = "[z]";            ///< not applicable, e.g. a zero base
inline constexpr std::string_view kMissing = "[x]";         ///< not available, e.g. a missing value
inline constexpr std::string_view kSuppressed = "[c]";      ///< confidential, e.g. a suppressed value
inline constexpr std::string_view kLow = "[low]";           ///< a figure that rounds to zero but is not zero
inline constexpr std::string_view kSignificant = "[s]";     ///< the confidence interval excludes 1
inline constexpr std::string_view kNotSignificant = "[ns]"; ///< the confidence interval includes 1
} // namespace code

/// One computed figure: a finite double, or not computable with a code ("[z]", "[x]", "[c]") and a reason.
class Figure
{
public:
    /// Not computable with code "[x]" and an empty reason; prefer the named constructors.
    Figure() = default;

    /// A computed value. A non-finite @p value (a programming slip) becomes not computable "[z]",
    /// so NaN and infinity never leave the engine.
    static Figure of(double value);
    /// A figure that cannot be computed.
    /// @param shorthand "[z]", "[x]" or "[c]" (any bracketed code is accepted)
    /// @param reason a sentence a reader can understand, e.g. "the 2015/16 figure is zero"
    static Figure notComputable(std::string_view shorthand, std::string reason);

    /// True when the figure holds a finite value.
    bool computable() const noexcept { return !std::isnan(m_value); }
    /// Same as computable().
    explicit operator bool() const noexcept { return computable(); }
    /// The value. @throws std::logic_error when not computable (check computable() first).
    double value() const;
    /// The value, or @p fallback when not computable.
    double valueOr(double fallback) const noexcept { return computable() ? m_value : fallback; }
    /// The shorthand code, empty when computable.
    const std::string& code() const noexcept;
    /// Why the figure cannot be computed, empty when computable.
    const std::string& reason() const noexcept;

    /// The value with up to @p maxDecimals decimals and thousands commas, or the code.
    std::string display(int maxDecimals = 2) const;
    /// The value as a percentage of a fraction (0.5 -> "50.0%") with exactly @p decimals decimals, or the code.
    std::string displayPercent(int decimals = 1) const;

    /// Equal values, or equal codes and reasons.
    friend bool operator==(const Figure& a, const Figure& b) noexcept;

private:
    struct Why
    {
        std::string code, reason;
    };
    /// NaN when not computable: a computed value is always finite.
    double m_value = std::numeric_limits<double>::quiet_NaN();
    /// The code and reason of a figure that is not computable, shared by its copies; none for a computed
    /// figure or for "[x]" with no reason. A breakdown's analysis holds a handful of figures per category,
    /// a million at the 100x size, so a figure is three words, not ten, and copying one allocates nothing.
    std::shared_ptr<const Why> m_why;
};

/// The shorthand for a figure derived from an input value marked with @p markers: "[c]" for [c],
/// "[z]" for [z], "[x]" for [x], [low] or no marker. Used when an input stands in for a value.
std::string_view derivedCode(const Markers& markers);

/// How a replacing marker reads in a reason: "suppressed [c]", "not applicable [z]",
/// "low [low] (it rounds to zero but is not zero)", else "not available [x]".
std::string markerDescription(std::string_view replacingCode);

/// The shortest text that reads back to the same double ("0.4310623", "82"), for CSV.
std::string formatFull(double value);

} // namespace evidence::trends
