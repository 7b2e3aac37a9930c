#pragma once
/// @file help.h
/// @brief The Help menu's pages as HTML: the methodology (docs/methodology.md) and the workflow.

#include <string>
#include <string_view>

namespace evidence::app {

/// @p markdown as a small HTML page for a help window: its `#` title, its `##`/`###` sections as headings
/// and every paragraph, list item, table row or code block (xlsx::markdownBlocks) as a paragraph, with all
/// text escaped. The same reading of Markdown as the workbook's Methodology sheet.
std::string markdownHtml(std::string_view markdown);

/// The workflow from a new store to the exported workbook, in Markdown, for Help > How To.
std::string_view howToText();

} // namespace evidence::app
