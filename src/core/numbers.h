#pragma once
/// @file numbers.h
/// @brief Figures as people type them ("1,493", "82", "12.5") and as sentences and cells show them.

#include <optional>
#include <string>
#include <string_view>

namespace evidence {

/// Parses a non-negative figure: digits with optional thousands commas in groups of three and an
/// optional decimal part. Returns nothing and sets @p reason when it is not one.
std::optional<double> parseFigure(std::string_view text, std::string& reason);

/// Formats a figure for people: thousands commas, no trailing zeros ("1,493", "12.5"), rounded as
/// formatFixed() rounds.
std::string formatFigure(double value, int maxDecimals = 2);

/// Formats a number with exactly @p decimals decimals and thousands commas ("1,493.0"), rounded as a
/// spreadsheet shows it (half away from zero, from 15 significant digits). Finite input only.
std::string formatFixed(double value, int decimals);
/// formatFixed() into @p out (replacing its content), reusing its buffer: for a million cells.
void formatFixedInto(std::string& out, double value, int decimals);

} // namespace evidence
