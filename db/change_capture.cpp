#include "db/change_capture.h"

#include "core/errors.h"
#include "db/store_impl.h"

#include <algorithm>
#include <sqlite3.h>

namespace evidence::db {

struct ChangeCapture::Table
{
    std::string name;
    std::shared_ptr<const std::vector<std::string>> columns;
    std::size_t uuidColumn = 0;
};

namespace {

std::string quoted(const std::string& name)
{
    return "\"" + name + "\"";
}

SqlValue valueOf(sqlite3_value* v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return std::monostate();
    case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_value_int64(v));
    case SQLITE_FLOAT:
        return sqlite3_value_double(v);
    default:
        return std::string(reinterpret_cast<const char*>(sqlite3_value_text(v)),
                           static_cast<std::size_t>(sqlite3_value_bytes(v)));
    }
}

SqlValue valueOf(const SQLite::Column& c)
{
    if (c.isNull())
        return std::monostate();
    if (c.isInteger())
        return static_cast<std::int64_t>(c.getInt64());
    if (c.isFloat())
        return c.getDouble();
    return c.getString();
}

void bindValue(SQLite::Statement& q, int index, const SqlValue& v)
{
    if (std::holds_alternative<std::int64_t>(v))
        q.bind(index, static_cast<int64_t>(std::get<std::int64_t>(v)));
    else if (std::holds_alternative<double>(v))
        q.bind(index, std::get<double>(v));
    else if (std::holds_alternative<std::string>(v))
        q.bind(index, std::get<std::string>(v));
    else
        q.bind(index);
}

void captureFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv)
{
    auto* capture = static_cast<ChangeCapture*>(sqlite3_user_data(ctx));
    if (!capture)
        return; // the capture has ended; its triggers go with the connection
    try {
        capture->touched(static_cast<std::size_t>(sqlite3_value_int64(argv[0])), argc - 1, argv + 1);
    } catch (const std::exception& e) {
        // Failing the statement fails the edit: an edit that could not be captured is not made.
        sqlite3_result_error(ctx, e.what(), -1);
    }
}

} // namespace

const SqlValue* RowChange::value(std::string_view column, bool afterChange) const
{
    const auto& side = afterChange ? after : before;
    if (!side)
        return nullptr;
    for (std::size_t i = 0; i < columns->size(); ++i)
        if ((*columns)[i] == column)
            return &(*side)[i];
    return nullptr;
}

std::vector<std::string> RowChange::changedColumns() const
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < columns->size(); ++i)
        if (!before || !after || (*before)[i] != (*after)[i])
            out.push_back((*columns)[i]);
    return out;
}

ChangeCapture::ChangeCapture(Store& store, std::function<void(ChangeSet)> committed)
    : m_store(store), m_committed(std::move(committed))
{
    auto& impl = *store.m_impl;
    if (impl.capture)
        throw Error("internal error: the store's changes are captured already");
    auto& db = *impl.db;
    try {
        SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                     "AND name NOT IN ('audit_log', 'store_info') ORDER BY name");
        while (tables.executeStep()) {
            Table t;
            t.name = tables.getColumn(0).getString();
            auto columns = std::make_shared<std::vector<std::string>>();
            SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
            info.bind(1, t.name);
            while (info.executeStep())
                columns->push_back(info.getColumn(0).getString());
            const auto uuid = std::find(columns->begin(), columns->end(), "uuid");
            if (uuid == columns->end())
                throw Error("internal error: table " + t.name + " has no uuid column to capture");
            t.uuidColumn = static_cast<std::size_t>(uuid - columns->begin());
            t.columns = std::move(columns);
            m_tables.push_back(std::move(t));
        }
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
    sqlite3_create_function_v2(db.getHandle(), "evidence_capture", -1, SQLITE_UTF8, this, captureFunction, nullptr,
                               nullptr, nullptr);
    impl.capture = this;
}

ChangeCapture::~ChangeCapture()
{
    auto& impl = *m_store.m_impl;
    impl.capture = nullptr;
    if (impl.depth == 0) {
        for (std::size_t i = 0; i < m_tables.size(); ++i)
            for (const char* what : {"_insert", "_update", "_delete"})
                (void)impl.db->tryExec("DROP TRIGGER IF EXISTS temp.evidence_capture_" + std::to_string(i) + what);
    }
    // Triggers a rollback would bring back then call a function that does nothing.
    sqlite3_create_function_v2(impl.db->getHandle(), "evidence_capture", -1, SQLITE_UTF8, nullptr, captureFunction,
                               nullptr, nullptr, nullptr);
}

void ChangeCapture::begin()
{
    m_rows.clear();
    m_rowTable.clear();
    m_seen.clear();
    m_ready.reset();
    if (m_restoring)
        return;
    if (!m_installed) {
        // Temporary triggers belong to this connection and never reach the file. Made once and kept:
        // making them for each transaction more than doubled the time of an edit. A rollback of the
        // transaction that made them removes them again.
        auto& db = m_store.database();
        for (std::size_t i = 0; i < m_tables.size(); ++i) {
            const Table& t = m_tables[i];
            std::string old;
            for (const auto& c : *t.columns)
                old += ", OLD." + quoted(c);
            const std::string name = "IF NOT EXISTS evidence_capture_" + std::to_string(i);
            const std::string on = " ON main." + quoted(t.name) + " BEGIN SELECT evidence_capture(" + std::to_string(i);
            db.exec("CREATE TEMP TRIGGER " + name + "_insert AFTER INSERT" + on + ", NEW.uuid); END");
            db.exec("CREATE TEMP TRIGGER " + name + "_update AFTER UPDATE" + on + old + "); END");
            db.exec("CREATE TEMP TRIGGER " + name + "_delete AFTER DELETE" + on + old + "); END");
        }
        m_installed = true;
        m_installedNow = true;
    }
    m_active = true;
}

void ChangeCapture::dropTriggers()
{
    auto& db = m_store.database();
    for (std::size_t i = 0; i < m_tables.size(); ++i)
        for (const char* what : {"_insert", "_update", "_delete"})
            db.exec("DROP TRIGGER IF EXISTS temp.evidence_capture_" + std::to_string(i) + what);
    m_installed = false;
    m_active = false;
}

void ChangeCapture::touched(std::size_t tableIndex, int argc, sqlite3_value** values)
{
    if (!m_active)
        return; // a write outside a captured transaction, or restore() itself
    if (tableIndex >= m_tables.size())
        throw Error("internal error: a change to an unknown table");
    const Table& t = m_tables[tableIndex];
    RowChange row;
    row.table = t.name;
    row.columns = t.columns;
    if (argc == 1) {
        row.uuid = std::get<std::string>(valueOf(values[0]));
    } else {
        if (static_cast<std::size_t>(argc) != t.columns->size())
            throw Error("internal error: the capture of " + t.name + " is out of date");
        std::vector<SqlValue> before;
        before.reserve(static_cast<std::size_t>(argc));
        for (int i = 0; i < argc; ++i)
            before.push_back(valueOf(values[i]));
        row.uuid = std::get<std::string>(before[t.uuidColumn]);
        row.before = std::move(before);
    }
    // The first image of a record is its state when the transaction began: any earlier change to it
    // in this transaction would have been reported first, even one a savepoint then rolled back.
    if (!m_seen.emplace(std::to_string(tableIndex) + '\n' + row.uuid, m_rows.size()).second)
        return;
    m_rows.push_back(std::move(row));
    m_rowTable.push_back(tableIndex);
}

std::vector<SqlValue> ChangeCapture::readRow(const Table& t, const std::string& uuid, bool& found) const
{
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < t.columns->size(); ++i)
        sql += (i ? ", " : "") + quoted((*t.columns)[i]);
    SQLite::Statement q(m_store.database(), sql + " FROM main." + quoted(t.name) + " WHERE uuid = ?");
    q.bind(1, uuid);
    std::vector<SqlValue> out;
    found = q.executeStep();
    if (found)
        for (int i = 0; i < q.getColumnCount(); ++i)
            out.push_back(valueOf(q.getColumn(i)));
    return out;
}

void ChangeCapture::beforeCommit()
{
    if (!m_active)
        return;
    m_active = false;
    try {
        ChangeSet ready;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            RowChange& row = m_rows[i];
            bool found = false;
            auto now = readRow(m_tables[m_rowTable[i]], row.uuid, found);
            if (found)
                row.after = std::move(now);
            if (row.before != row.after)
                ready.push_back(std::move(row));
        }
        m_ready = std::move(ready);
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, m_store.path());
    }
    m_rows.clear();
    m_rowTable.clear();
    m_seen.clear();
}

void ChangeCapture::committed() noexcept
{
    m_installedNow = false;
    auto ready = std::move(m_ready);
    m_ready.reset();
    if (!ready || ready->empty())
        return;
    try {
        m_committed(std::move(*ready));
    } catch (...) {
        // The edit is saved; only its undo is lost. Failing here would report a saved edit as failed.
    }
}

void ChangeCapture::rolledBack() noexcept
{
    if (m_installedNow)
        m_installed = false; // the rollback removed them with everything else
    m_installedNow = false;
    m_active = false;
    m_rows.clear();
    m_rowTable.clear();
    m_seen.clear();
    m_ready.reset();
}

void ChangeCapture::suspend()
{
    m_active = false;
    if (!m_installed)
        return;
    try {
        // Any trigger makes SQLite keep a statement journal, which is what a bulk import avoids.
        dropTriggers();
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, m_store.path());
    }
    m_rows.clear();
    m_rowTable.clear();
    m_seen.clear();
}

std::optional<RestoreRefusal> ChangeCapture::restore(const ChangeSet& changes, bool toBefore,
                                                     const std::string& auditMark)
{
    struct Restoring
    {
        bool& flag;
        explicit Restoring(bool& f) : flag(f) { flag = true; }
        ~Restoring() { flag = false; }
    } restoring(m_restoring);

    std::vector<const Table*> tables;
    for (const RowChange& c : changes) {
        const auto t =
            std::find_if(m_tables.begin(), m_tables.end(), [&](const Table& x) { return x.name == c.table; });
        if (t == m_tables.end() || *t->columns != *c.columns)
            throw Error("internal error: the store's tables changed since the edit");
        tables.push_back(&*t);
    }
    auto& db = m_store.database();
    try {
        Store::Transaction tx(m_store);
        for (std::size_t i = 0; i < changes.size(); ++i) {
            const auto& expected = toBefore ? changes[i].after : changes[i].before;
            bool found = false;
            const auto now = readRow(*tables[i], changes[i].uuid, found);
            if (found != expected.has_value() || (found && now != *expected))
                return RestoreRefusal{i, RestoreRefusal::Why::ChangedSince};
        }
        // Parents and children are put back in any order; the keys are checked at the commit.
        db.exec("PRAGMA defer_foreign_keys = ON");
        std::int64_t lastAudit = 0;
        {
            SQLite::Statement q(db, "SELECT coalesce(max(id), 0) FROM audit_log");
            q.executeStep();
            lastAudit = q.getColumn(0).getInt64();
        }
        std::size_t at = 0;
        try {
            // Removed first, newest first (children before their parent), so that a name or key they
            // hold is free for a record put back.
            for (std::size_t i = changes.size(); i-- > 0;) {
                at = i;
                const auto& target = toBefore ? changes[i].before : changes[i].after;
                if (target)
                    continue;
                // Already gone when a cascade from removing its parent took it.
                SQLite::Statement q(db, "DELETE FROM main." + quoted(tables[i]->name) + " WHERE uuid = ?");
                q.bind(1, changes[i].uuid);
                q.exec();
            }
            for (std::size_t i = 0; i < changes.size(); ++i) {
                at = i;
                const auto& from = toBefore ? changes[i].after : changes[i].before;
                const auto& target = toBefore ? changes[i].before : changes[i].after;
                if (!from || !target)
                    continue;
                const auto& columns = *tables[i]->columns;
                std::string set;
                std::vector<std::size_t> which;
                for (std::size_t c = 0; c < columns.size(); ++c)
                    if ((*from)[c] != (*target)[c]) {
                        set += (set.empty() ? "" : ", ") + quoted(columns[c]) + " = ?";
                        which.push_back(c);
                    }
                SQLite::Statement q(db, "UPDATE main." + quoted(tables[i]->name) + " SET " + set + " WHERE uuid = ?");
                int n = 1;
                for (std::size_t c : which)
                    bindValue(q, n++, (*target)[c]);
                q.bind(n, changes[i].uuid);
                q.exec();
            }
            for (std::size_t i = 0; i < changes.size(); ++i) {
                at = i;
                const auto& from = toBefore ? changes[i].after : changes[i].before;
                const auto& target = toBefore ? changes[i].before : changes[i].after;
                if (from || !target)
                    continue;
                const auto& columns = *tables[i]->columns;
                std::string names, marks;
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    names += (c ? ", " : "") + quoted(columns[c]);
                    marks += c ? ", ?" : "?";
                }
                SQLite::Statement q(db, "INSERT INTO main." + quoted(tables[i]->name) + " (" + names + ") VALUES (" +
                                            marks + ")");
                for (std::size_t c = 0; c < columns.size(); ++c)
                    bindValue(q, static_cast<int>(c) + 1, (*target)[c]);
                q.exec();
            }
            SQLite::Statement mark(db, "UPDATE audit_log SET new_values = json_set(CASE new_values WHEN '' THEN '{}' "
                                       "ELSE new_values END, '$.undo', ?) WHERE id > ?");
            mark.bind(1, auditMark);
            mark.bind(2, static_cast<int64_t>(lastAudit));
            mark.exec();
            at = 0;
            // The deferred keys are checked by COMMIT: a record whose parent is gone fails there.
            tx.commit();
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT)
                return RestoreRefusal{at, RestoreRefusal::Why::Clash};
            throw;
        } catch (const DataError&) {
            return RestoreRefusal{at, RestoreRefusal::Why::Clash};
        }
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, m_store.path());
    }
    return std::nullopt;
}

} // namespace evidence::db
