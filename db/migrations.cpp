#include "core/embedded.h"
#include "core/errors.h"
#include "db/store_impl.h"

#include <algorithm>
#include <charconv>
#include <span>
#include <vector>

namespace evidence::db::migrations {
std::span<const evidence::EmbeddedFile> embeddedFiles();
}

namespace evidence::db {
namespace {

struct Migration
{
    int version;
    std::string_view name;
    std::string_view sql;
};

// Migrations are named NNN_description.sql; the number is the schema version they produce.
std::vector<Migration> allMigrations()
{
    std::vector<Migration> out;
    for (const auto& f : migrations::embeddedFiles()) {
        int v = 0;
        std::from_chars(f.name.data(), f.name.data() + 3, v);
        out.push_back({v, f.name, f.data});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i].version != static_cast<int>(i) + 1)
            throw Error("internal error: migrations are not numbered 1, 2, 3, ...");
    return out;
}

const std::vector<std::string_view>& unauditedTables()
{
    static const std::vector<std::string_view> kTables = {"audit_log", "store_info"};
    return kTables;
}

} // namespace

int Store::latestSchemaVersion()
{
    return static_cast<int>(allMigrations().size());
}

void migrate(SQLite::Database& db, int fromVersion, int toVersion)
{
    const auto all = allMigrations();
    if (toVersion < 0)
        toVersion = static_cast<int>(all.size());
    for (const auto& m : all) {
        if (m.version <= fromVersion || m.version > toVersion)
            continue;
        SQLite::Transaction tx(db);
        db.exec(std::string(m.sql));
        if (m.version == toVersion)
            installAuditTriggers(db);
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        // A migration must leave every foreign key satisfied, or it is not committed.
        SQLite::Statement fk(db, "PRAGMA foreign_key_check");
        if (fk.executeStep())
            throw Error("migration " + std::string(m.name) + " left a broken reference in table " +
                        fk.getColumn(0).getString());
        tx.commit();
    }
}

void installAuditTriggers(SQLite::Database& db)
{
    std::vector<std::string> tables;
    {
        SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "ORDER BY name");
        while (q.executeStep())
            tables.push_back(q.getColumn(0).getString());
    }
    for (const auto& table : tables) {
        if (std::find(unauditedTables().begin(), unauditedTables().end(), table) != unauditedTables().end())
            continue;
        std::vector<std::string> columns;
        SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.executeStep())
            columns.push_back(info.getColumn(0).getString());
        if (std::find(columns.begin(), columns.end(), "uuid") == columns.end())
            throw Error("internal error: table " + table + " has no uuid column to audit");

        auto jsonOf = [&](const char* row) {
            std::string s = "json_object(";
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i)
                    s += ", ";
                s += "'" + columns[i] + "', " + row + ".\"" + columns[i] + "\"";
            }
            return s + ")";
        };
        std::string changed;
        for (const auto& c : columns) {
            if (!changed.empty())
                changed += " OR ";
            changed += "OLD.\"" + c + "\" IS NOT NEW.\"" + c + "\"";
        }
        const std::string insertInto = "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, "
                                       "old_values, new_values) VALUES (evidence_now(), evidence_os_user(), '" +
                                       table + "', ";
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_insert");
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_update");
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_delete");
        db.exec("CREATE TRIGGER audit_" + table + "_insert AFTER INSERT ON \"" + table + "\" BEGIN " + insertInto +
                "NEW.uuid, 'insert', '', " + jsonOf("NEW") + "); END");
        db.exec("CREATE TRIGGER audit_" + table + "_update AFTER UPDATE ON \"" + table + "\" WHEN " + changed +
                " BEGIN " + insertInto + "NEW.uuid, 'update', " + jsonOf("OLD") + ", " + jsonOf("NEW") + "); END");
        db.exec("CREATE TRIGGER audit_" + table + "_delete AFTER DELETE ON \"" + table + "\" BEGIN " + insertInto +
                "OLD.uuid, 'delete', " + jsonOf("OLD") + ", ''); END");
    }
}

} // namespace evidence::db
