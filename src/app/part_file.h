#pragma once
/// @file part_file.h
/// @brief A finished file written beside its target (".<name>.<8 hex digits>.part", owner only) and renamed
/// into place, or removed: the target is either the earlier file or the whole new one.

#include <filesystem>
#include <string>

namespace evidence::app {

/// The folder @p target is in: its parent, or "." for a bare file name.
std::filesystem::path folderOf(const std::filesystem::path& target);

/// A file written beside its target and renamed into place, or removed on destruction (see the file comment).
class PartFile
{
public:
    /// Writes @p bytes to a new file beside @p target, created 0600, and flushes it to disk.
    /// @throws FileError when it cannot be written (nothing is left behind).
    PartFile(const std::filesystem::path& target, const std::string& bytes);
    /// Removes the file unless it was renamed into place.
    ~PartFile();
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    /// Where the file is while it is written (".<name>.<8 hex digits>.part" beside the target).
    const std::filesystem::path& path() const noexcept { return m_path; }
    /// Renames the file to @p target (replacing it) and flushes the folder.
    /// @throws FileError when the rename fails (the file is then removed on destruction).
    void renameTo(const std::filesystem::path& target);

private:
    std::filesystem::path m_path;
};

} // namespace evidence::app
