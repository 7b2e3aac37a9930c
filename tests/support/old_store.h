#pragma once
// Store files as an earlier version of Evidence Desk left them, built by the real migrations.

#include "db/store.h"
#include "db/store_impl.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <filesystem>
#include <sqlite3.h>
#include <string>

namespace evidence::test {

/// The audit triggers call evidence_now() and evidence_os_user(): a raw connection must provide them as
/// the store does (both give "test").
inline void registerAuditFunctions(SQLite::Database& db)
{
    for (const char* name : {"evidence_now", "evidence_os_user"})
        sqlite3_create_function_v2(
            db.getHandle(), name, 0, SQLITE_UTF8, nullptr,
            [](sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_text(c, "test", -1, SQLITE_STATIC); },
            nullptr, nullptr, nullptr);
}

/// A new store file at schema @p version, built by the real migrations up to that version, left open with
/// the audit functions for what the test adds as that version would have.
inline SQLite::Database openStoreAtVersion(const std::filesystem::path& path, int version)
{
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA application_id = " + std::to_string(db::Store::kApplicationId));
    registerAuditFunctions(db);
    db::migrate(db, 0, version);
    return db;
}

/// As openStoreAtVersion(), closed again.
inline void makeStoreAtVersion(const std::filesystem::path& path, int version)
{
    openStoreAtVersion(path, version);
}

} // namespace evidence::test
