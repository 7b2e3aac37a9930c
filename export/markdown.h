#pragma once
/// @file markdown.h
/// @brief Turns the methodology's Markdown into rows of plain text for the Methodology table.

#include <string>
#include <string_view>
#include <vector>

namespace evidence::xlsx {

/// One paragraph, list item, table row or formula of a Markdown text, with its section heading.
struct TextBlock
{
    std::string section; ///< the nearest heading above it ("Introduction" before the first)
    std::string text;    ///< plain text: no `**`, backticks or link syntax
};

/// Splits @p markdown into blocks. The top-level heading (`# ...`) is dropped (it is the sheet's title);
/// `##` and `###` headings start sections; Markdown table rows become "cell: cell" lines; indented or
/// fenced code becomes one block each.
std::vector<TextBlock> markdownBlocks(std::string_view markdown);

/// Removes inline Markdown: `**bold**`, `*em*`, `` `code` ``, `[text](url)` -> "text (url)".
std::string plainInline(std::string_view text);

} // namespace evidence::xlsx
