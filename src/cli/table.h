#pragma once
/// @file table.h
/// @brief Aligned plain-text tables and CSV for the CLI's listings.

#include <ostream>
#include <string>
#include <vector>

namespace evidence::cli {

/// Rows of text cells under a header; printed aligned (by code points) or as RFC 4180 CSV.
struct TextTable
{
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    /// Columns to right-align (numbers).
    std::vector<bool> rightAligned;

    void print(std::ostream& out) const;
    void printCsv(std::ostream& out) const;
};

/// Quotes a CSV field when needed.
std::string csvField(const std::string& s);

} // namespace evidence::cli
