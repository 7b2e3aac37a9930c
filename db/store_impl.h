#pragma once
// Internal to evidence_db: the connection state behind Store, and error translation.

#include "core/background.h"
#include "db/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <condition_variable>
#include <mutex>
#include <string>

namespace evidence::db {

/// Registers a file as held open by a Store of this process for its lifetime, by device and inode.
/// Closing any descriptor of a file drops every POSIX lock the process holds on it (SQLite's among
/// them), after which another program may delete the write-ahead log under the open store: so a file
/// this process holds is never opened again outside SQLite.
class HeldFile
{
public:
    HeldFile() = default;
    /// Registers @p path as held when its identity can be read (otherwise nothing is registered).
    explicit HeldFile(const std::filesystem::path& path);
    ~HeldFile();
    HeldFile(const HeldFile&) = delete;
    HeldFile& operator=(const HeldFile&) = delete;
    /// True when a Store of this process holds @p path open.
    static bool held(const std::filesystem::path& path);

private:
    bool m_registered = false;
    unsigned long long m_device = 0, m_inode = 0;
};

/// The integrity check of a store opened with StoreOptions::checkInBackground: `PRAGMA quick_check` on a
/// read-only connection and a thread of its own, which the store's first write waits for.
class BackgroundIntegrityCheck
{
public:
    /// Starts the check of the store at @p path in the background (core/background.h). Another program
    /// holding the store locked is waited for (@p busyTimeoutMs, three times), then the check ends
    /// Unchecked rather than Damaged.
    BackgroundIntegrityCheck(const std::filesystem::path& path, int busyTimeoutMs);
    /// Stops a check still running (interrupting its read) and waits for its thread.
    ~BackgroundIntegrityCheck();
    BackgroundIntegrityCheck(const BackgroundIntegrityCheck&) = delete;
    BackgroundIntegrityCheck& operator=(const BackgroundIntegrityCheck&) = delete;

    /// What the check found so far; @p problem gets the reason when Damaged. Thread-safe.
    Integrity state(std::string* problem = nullptr) const;
    /// Waits until the check ends. @throws FileError when it found the store damaged.
    void awaitSound() const;

private:
    void run();

    std::filesystem::path m_path;
    int m_busyTimeoutMs;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_ended;
    Integrity m_state = Integrity::Checking;
    std::string m_problem;
    sqlite3* m_connection = nullptr; ///< while the check reads, for interrupting it (under m_mutex)
    bool m_stopping = false;
    Task<void> m_check; ///< last: started once the members it uses exist, and waited for first
};

/// The connection state behind a Store: the SQLite connection, the open mode and options, the depth of nested
/// transactions, the change capture and the integrity check.
struct Store::Impl
{
    /// Declared before db, so that it is released after the connection closes.
    std::unique_ptr<HeldFile> held;
    /// The store's file, the options it was opened with and how it was opened.
    std::filesystem::path path;
    StoreOptions options;
    OpenMode mode = OpenMode::ReadWrite;
    /// The connection.
    std::unique_ptr<SQLite::Database> db;
    int depth = 0;                    ///< open transactions (1 = BEGIN, >1 = savepoints)
    bool folderReadOnly = false;      ///< opened for writing, read-only because nothing can be created beside it
    ChangeCapture* capture = nullptr; ///< told of every outermost transaction (change_capture.h)
    bool writeAheadPending = false;   ///< in rollback-journal mode until the first write (writeAheadFromFirstWrite)
    Integrity integrity = Integrity::Unchecked; ///< what the check on opening found, when not in the background
    /// After db: ends before the connection closes.
    std::unique_ptr<BackgroundIntegrityCheck> integrityCheck;
};

/// Copies the write-ahead log into the store and truncates it, without waiting for other connections.
void checkpoint(Store::Impl& impl) noexcept;

/// Turns a SQLite error into the matching evidence error (busy, read-only, full, corrupt, constraint).
[[noreturn]] void rethrowSqlite(const SQLite::Exception& e, const std::filesystem::path& path);

/// Runs @p fn inside a Store::Transaction, translating SQLite errors.
template <typename Fn>
auto writeInTransaction(Store& store, const std::filesystem::path& path, Fn&& fn)
{
    try {
        Store::Transaction tx(store);
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            tx.commit();
        } else {
            auto result = fn();
            tx.commit();
            return result;
        }
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, path);
    }
}

/// Runs a read, translating SQLite errors.
template <typename Fn>
auto readTranslated(const std::filesystem::path& path, Fn&& fn)
{
    try {
        return fn();
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, path);
    }
}

/// Applies the embedded migrations above @p fromVersion up to @p toVersion (-1 = the latest), one
/// transaction each, refreshing the audit triggers in the last one.
void migrate(SQLite::Database& db, int fromVersion, int toVersion = -1);
/// Loads the embedded reference data (areas, consultations, questions) into a new store.
void loadReferenceData(SQLite::Database& db);
/// (Re)creates insert/update/delete audit triggers for every table of the store.
void installAuditTriggers(SQLite::Database& db);

} // namespace evidence::db
