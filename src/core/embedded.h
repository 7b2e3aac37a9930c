#pragma once
/// @file embedded.h
/// @brief Files compiled into the binary (migrations, reference data, methodology text).

#include <span>
#include <string_view>

namespace evidence {

/// One embedded file: its base name and its bytes.
struct EmbeddedFile
{
    /// The file's base name (e.g. "001_initial.sql") and its bytes, which live as long as the program.
    std::string_view name;
    std::string_view data;
};

} // namespace evidence
