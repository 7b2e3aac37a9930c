#pragma once
/// @file platform.h
/// @brief The few operating-system services the core, db and export libraries need, with one
/// implementation per system (platform_posix.cpp, platform_windows.cpp) so that no other file
/// carries system #ifdefs.

#include <ctime>
#include <filesystem>
#include <string>

namespace evidence::platform {

/// The signed-in user's login name, for audit records and lock notes; "user N" when the system has none.
std::string loginName();

/// This computer's name, or "this computer".
std::string hostName();

/// This process's id.
long processId() noexcept;

/// Seconds since the epoch of a broken-down UTC time (timegm); -1 when it cannot be represented.
std::time_t fromUtc(std::tm utc) noexcept;

/// The broken-down UTC (@p local false) or local time of @p when; false when it is out of range.
bool brokenDown(std::time_t when, bool local, std::tm& out) noexcept;

/// Creates @p path as a new empty file that only its owner can read and write (0600; on Windows an
/// access list granting the owner alone), never opening one that exists.
/// @return empty when made, else the system's reason (e.g. "File exists") for the caller's message.
[[nodiscard]] std::string createPrivateFile(const std::filesystem::path& path);

/// Replaces @p target by @p source in one step: a reader sees the old file or the new one, never a
/// mix. @throws FileError naming @p target (on Windows, a workbook open in Excel is locked and stays
/// as it was: the message says so); @p source is then left in place for the caller to remove.
void replaceFile(const std::filesystem::path& source, const std::filesystem::path& target);

/// Flushes @p path's content (a file, or on POSIX a folder's entries) to the disk; false on failure.
bool syncToDisk(const std::filesystem::path& path, bool directory) noexcept;

/// The folder for this user's Evidence Desk data: $XDG_DATA_HOME/evidence-desk (default
/// ~/.local/share/evidence-desk) on Linux, %LOCALAPPDATA%\Evidence Desk on Windows. Not created here.
std::filesystem::path userDataFolder();

} // namespace evidence::platform
