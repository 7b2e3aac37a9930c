#pragma once
/// @file edit_lock.h
/// @brief Who has a store open for editing: one editor at a time, named to whoever else tries.
///
/// Two windows editing one store each write what they read earlier, and so silently revert each other's
/// edits. The desktop app holds an EditLock for as long as it has a store open: an exclusive lock on
/// a small file beside the store (`NAME.lock`) that records who holds it (user, host, process, since when).
/// The kernel releases the lock when the holder exits, however it exits, so a crash never leaves the
/// store locked; the file itself stays, and its contents are only read to name a live holder.

#include "core/errors.h"
#include "core/platform.h"

#include <filesystem>
#include <string>
#include <utility>

namespace evidence::db {

/// The file system of the store takes no locks at all (some network shares refuse flock()).
class LockingUnsupportedError : public FileError
{
public:
    using FileError::FileError;
};

/// The edit lock of a store: one window or program edits a store at a time. It is a lock file beside the
/// store (STORE.lock) holding who has it, held by an operating-system lock for as long as the EditLock
/// lives, so a crashed holder never leaves it taken. Move-only; moving hands the lock over.
class EditLock
{
public:
    /// Takes the edit lock of the store at @p storePath for @p program ("Evidence Desk", "evidence-cli").
    /// @throws BusyError naming the holder when another window or program has it; LockingUnsupportedError
    ///         when the file system takes no locks; FileError when the lock file cannot be made (e.g. the
    ///         folder is read-only).
    static EditLock acquire(const std::filesystem::path& storePath, const std::string& user,
                            const std::string& program = "Evidence Desk");

    /// As acquire(), except that where the lock file cannot be made (a read-only folder or file system) the
    /// lock is held only if a lock file is already there, and otherwise nothing is held: nobody could have
    /// made one to hold, and the store's own writes fail there anyway with their own message. Where the file
    /// system takes no locks at all, nothing is held either: no other program can hold one there, and
    /// SQLite's own locking still keeps each write whole.
    /// @throws BusyError naming the holder when another window or program has it.
    static EditLock acquireWhereWritable(const std::filesystem::path& storePath, const std::string& user,
                                         const std::string& program);

    /// The lock file of the store at @p storePath.
    static std::filesystem::path lockPath(const std::filesystem::path& storePath);

private:
    explicit EditLock(platform::LockFile file) : m_file(std::move(file)) {}
    platform::LockFile m_file;
};

} // namespace evidence::db
