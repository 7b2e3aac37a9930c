#pragma once
/// @file markers.h
/// @brief Shorthand markers of the UK Analysis Function guidance, as used on observations.
///
/// Replacing markers stand instead of a value; qualifiers may accompany a value.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

/// One marker: replacing markers ([x], [c], [z], [low]) stand instead of a value; qualifiers ([p], [e], [r], [u],
/// [b]) accompany one. The values are bits of Markers.
enum class Marker : std::uint16_t {
    NotAvailable = 1 << 0,   ///< [x] not available
    Confidential = 1 << 1,   ///< [c] confidential (suppressed)
    NotApplicable = 1 << 2,  ///< [z] not applicable
    Low = 1 << 3,            ///< [low] rounds to zero but is not a true zero
    Provisional = 1 << 4,    ///< [p]
    Estimated = 1 << 5,      ///< [e]
    Revised = 1 << 6,        ///< [r]
    LowReliability = 1 << 7, ///< [u]
    BreakInSeries = 1 << 8,  ///< [b]
};

/// A set of markers, written as `[p][e]`.
class Markers
{
public:
    Markers() = default;
    /// The set whose bits are @p bits, as bits() returns them (how the store keeps it).
    explicit Markers(std::uint16_t bits) : m_bits(bits) {}

    /// Parses `[x]`, `[p][e]`, `[P] [E]`; empty text is the empty set.
    /// @throws DataError naming the unknown code and listing the known ones.
    static Markers parse(std::string_view text);

    /// Whether @p m is in the set.
    bool has(Marker m) const noexcept { return (m_bits & static_cast<std::uint16_t>(m)) != 0; }
    /// Adds @p m to the set.
    void add(Marker m) noexcept { m_bits |= static_cast<std::uint16_t>(m); }
    /// Whether the set has no marker.
    bool empty() const noexcept { return m_bits == 0; }
    /// The set as bits of Marker, for storing.
    std::uint16_t bits() const noexcept { return m_bits; }

    /// True when a marker stands instead of a value ([x], [c], [z], [low]).
    bool hasReplacing() const noexcept;
    /// The replacing marker, if any (the first in the order x, c, z, low).
    std::string replacingCode() const;
    /// The qualifiers only ([p][e][r][u][b]).
    Markers qualifiers() const noexcept;
    /// Canonical text, fixed order: `[x][c][z][low][p][e][r][u][b]`.
    std::string toString() const;

    /// Code ("x") and meaning ("not available") of one marker.
    static std::string_view code(Marker m) noexcept;
    /// The meaning of one marker ("not available"), as the workbook's key explains it.
    static std::string_view meaning(Marker m) noexcept;
    /// Every marker in canonical order.
    static const std::vector<Marker>& all();

    friend bool operator==(const Markers&, const Markers&) = default;

private:
    std::uint16_t m_bits = 0;
};

} // namespace evidence
