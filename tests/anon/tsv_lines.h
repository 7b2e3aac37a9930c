#pragma once
// Reading the scanner's tab-separated corpora (tests/data/anon/*.tsv, tests/anon/corpus_*.tsv).

#include "support/temp_dir.h"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace evidence::test {

/// A line of a corpus: its number in the file (from 1) and its fields.
struct TsvLine
{
    int number = 0;
    std::vector<std::string> fields;
};

/// The lines of @p path that are neither empty nor comments ('#' first), each split at every tab.
/// @throws std::runtime_error when the file cannot be read.
inline std::vector<TsvLine> readTsvLines(const std::filesystem::path& path)
{
    std::vector<TsvLine> out;
    std::istringstream in(readFile(path));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.empty() || line[0] == '#')
            continue;
        TsvLine t{n, {}};
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            t.fields.push_back(line.substr(start, tab - start));
        t.fields.push_back(line.substr(start));
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace evidence::test
