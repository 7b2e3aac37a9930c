#pragma once
/// @file text_metrics.h
/// @brief Estimated widths of Arial text, for column widths and row heights (libxlsxwriter has no autofit).
///
/// Uses Arial's advance widths (the same as Liberation Sans, LibreOffice's substitute), at 96 pixels per
/// inch. Estimates err on the wide side so that text is never cut off.

#include <string>
#include <string_view>
#include <vector>

namespace evidence::xlsx {

/// Width in pixels of @p text on one line in Arial at @p points, bold or not.
double textWidthPx(std::string_view text, double points, bool bold = false);

/// Number of lines @p text takes when wrapped at word boundaries in a cell @p widthPx wide
/// (explicit line breaks start new lines). At least 1.
int wrappedLineCount(std::string_view text, double widthPx, double points, bool bold = false);

/// @p text cut into pieces that each wrap to at most @p maxLines lines in a cell @p widthPx wide: whole
/// paragraphs (lines of the text) where they fit, else a paragraph cut after a sentence, else after a word,
/// else inside a word. Blank lines at a cut are dropped; no other character is lost or added. One piece
/// (the text itself) when it fits.
std::vector<std::string> splitToFit(std::string_view text, double widthPx, double points, int maxLines,
                                    bool bold = false);

/// Height in points of one line of Arial at @p points (Excel: 15.75 for 12 pt).
double lineHeightPt(double points);

/// Horizontal padding of a cell in pixels (left and right together).
inline constexpr double kCellPaddingPx = 14;

} // namespace evidence::xlsx
