#pragma once
/// @file workbook_join.h
/// @brief Puts one worksheet written in a workbook of its own into the workbook it belongs to.
///
/// render() (layout.h) has its largest table written by a second libxlsxwriter workbook on another core;
/// this takes that worksheet's member, as compressed, in place of the placeholder the first workbook wrote.
///
/// @code
/// evidence::xlsx::replaceMember("out.xlsx", "xl/worksheets/sheet9.xml", "helper.xlsx", "xl/worksheets/sheet2.xml");
/// @endcode

#include <filesystem>
#include <string>

namespace evidence::xlsx {

/// Rewrites @p into with member @p replaced's bytes taken from member @p from of @p donor; every other
/// member, its order, name, time and bytes stay. No member is inflated or compressed again. The file is
/// rewritten in place, so it keeps its owner and mode; a failure leaves it damaged (the caller writes a
/// temporary file).
/// @throws FileError when either file cannot be read or @p into cannot be written (with the errno);
///         evidence::Error when a member is missing.
void replaceMember(const std::filesystem::path& into, const std::string& replaced, const std::filesystem::path& donor,
                   const std::string& from);

} // namespace evidence::xlsx
