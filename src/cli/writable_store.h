#pragma once
/// @file writable_store.h
/// @brief Opening a store for a command that writes to it: the edit lock first, as the desktop app takes it.

#include "db/edit_lock.h"
#include "db/store.h"

#include <string>

namespace evidence::cli {

/// A store open for writing, with its edit lock held for as long as it is open.
struct WritableStore
{
    db::EditLock lock; ///< declared first, so released after the store is closed
    db::Store store;
};

/// Takes the store's edit lock, then opens it for writing.
/// @throws BusyError naming the holder when the desktop app or another command has the store open for editing.
WritableStore openForWriting(const std::string& path, const db::StoreOptions& options = {});

/// Opens the store named on the command line (UTF-8) read-only, for a command that only reads it.
db::Store openForReading(const std::string& path);

} // namespace evidence::cli
