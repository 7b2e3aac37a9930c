#pragma once
/// @file workbook_join.h
/// @brief Puts worksheets written in a workbook of their own into the workbook they belong to.
///
/// render() (layout.h) has its largest tables written by a second libxlsxwriter workbook on another core;
/// this takes those worksheets' members, as compressed, in place of the placeholders the first workbook wrote.
///
/// @code
/// // The helper's sheet2.xml takes the place of the workbook's sheet9.xml.
/// evidence::xlsx::replaceMembers("out.xlsx", "helper.xlsx",
///                                {{"xl/worksheets/sheet2.xml", "xl/worksheets/sheet9.xml"}});
/// @endcode

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace evidence::xlsx {

/// Rewrites @p into with the bytes of each member of @p donor named first in @p moved in place of the member
/// of @p into named second; every other member, its order, name, time and bytes stay. No member is inflated
/// or compressed again. The file is rewritten in place, so it keeps its owner and mode; a failure leaves it
/// damaged (the caller writes a temporary file).
/// @throws FileError when either file cannot be read or @p into cannot be written (with the errno);
///         evidence::Error when a member is missing.
void replaceMembers(const std::filesystem::path& into, const std::filesystem::path& donor,
                    const std::vector<std::pair<std::string, std::string>>& moved);

} // namespace evidence::xlsx
