#pragma once
/// @file temp_dir.h
/// @brief Test helpers: a self-deleting temporary directory and file utilities.

#include <filesystem>
#include <string>

namespace evidence::test {

/// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const noexcept { return m_path; }
    /// path() / name
    std::filesystem::path file(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

/// Writes @p content to @p path (binary, truncating).
void writeFile(const std::filesystem::path& path, const std::string& content);
/// Reads the whole file; throws if missing.
std::string readFile(const std::filesystem::path& path);
/// Path of a file in the repository (relative to the source root).
std::filesystem::path sourcePath(const std::string& relative);
/// Path of a built file (relative to the build root).
std::filesystem::path binaryPath(const std::string& relative);

} // namespace evidence::test
