#pragma once
/// @file process.h
/// @brief Runs a program as a separate process and captures its exit code, stdout and stderr.

#include <filesystem>
#include <string>
#include <vector>

namespace evidence::test {

struct ProcessResult
{
    int exitCode = -1; ///< exit status, or 128 + signal number
    std::string out;
    std::string err;
};

/// Runs @p program with @p args (no shell), with @p input on standard input, in @p workDir if given.
ProcessResult runProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                         const std::string& input = {}, const std::filesystem::path& workDir = {});

} // namespace evidence::test
