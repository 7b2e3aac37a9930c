// The helpers every evidence-cli process test shares.
#pragma once

#include "support/process.h"

#include <string>
#include <vector>

namespace evidence::test {

/// Runs the evidence-cli under test (EVIDENCE_CLI, set by tests/cli/CMakeLists.txt) with @p args.
inline ProcessResult cli(const std::vector<std::string>& args)
{
    return runProcess(EVIDENCE_CLI, args);
}

/// Whether @p haystack holds @p needle.
inline bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

} // namespace evidence::test
