// Writing a file's worth of figures in one transaction, audited as one import (bulk_import.h).

#include "db/bulk_import.h"

#include "core/errors.h"
#include "core/text.h"
#include "core/uuid.h"
#include "db/change_capture.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <sqlite3.h>

namespace evidence::db {

namespace {

/// UUIDs for one bulk write that sort in the order they are made (RFC 9562 version 7: the time in
/// milliseconds, then a counter from a random start). Random version-4 UUIDs land all over the
/// uuid index, so every insert rewrites a different page; these append to its end.
class SequentialUuids
{
public:
    SequentialUuids()
    {
        std::random_device rd;
        const auto ms = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
        m_high = (ms << 16) | 0x7000u | (rd() & 0x0FFFu);
        // 61 random bits leave 2^61 increments before the counter could reach the variant bits.
        m_counter = ((std::uint64_t{rd()} << 32) | rd()) & ((std::uint64_t{1} << 61) - 1);
    }
    const std::string& next()
    {
        const std::uint64_t low = (std::uint64_t{0x2} << 62) | m_counter++;
        static constexpr char kHex[] = "0123456789abcdef";
        m_text.resize(36);
        std::size_t at = 0;
        auto put = [&](std::uint64_t v, int fromBit, int digits) {
            for (int i = 0; i < digits; ++i, fromBit -= 4)
                m_text[at++] = kHex[(v >> fromBit) & 0xF];
        };
        put(m_high, 60, 8);
        m_text[at++] = '-';
        put(m_high, 28, 4);
        m_text[at++] = '-';
        put(m_high, 12, 4);
        m_text[at++] = '-';
        put(low, 60, 4);
        m_text[at++] = '-';
        put(low, 44, 12);
        return m_text;
    }

private:
    std::uint64_t m_high = 0, m_counter = 0;
    std::string m_text;
};

} // namespace

struct Store::ObservationWriter::Statements
{
    SQLite::Statement insert;
    SQLite::Statement upsert;
    SequentialUuids uuids;
    // Bound without a copy (bindNoCopy), so they must outlive each statement's step.
    std::string period, markers;
};

Store::ObservationWriter::ObservationWriter(Store& store) : m_store(store)
{
    if (store.m_impl->depth == 0)
        throw Error("internal error: ObservationWriter needs an open transaction");
    const std::string cols = "(uuid, measure_id, area_id, period, period_key, dimension, category, value, markers, "
                             "source_id, note, as_at, round) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    m_statements = std::unique_ptr<Statements>(new Statements{
        SQLite::Statement(*store.m_impl->db, "INSERT INTO observations " + cols),
        SQLite::Statement(*store.m_impl->db,
                          "INSERT INTO observations " + cols +
                              " ON CONFLICT (measure_id, area_id, dimension, category, period_key, source_id) DO "
                              "UPDATE SET value = excluded.value, markers = excluded.markers, note = excluded.note, "
                              "as_at = excluded.as_at, round = excluded.round RETURNING id, uuid"),
        SequentialUuids(), std::string(), std::string()});
}

Store::ObservationWriter::~ObservationWriter() = default;

bool Store::ObservationWriter::write(Observation& o, bool replace)
{
    validateObservation(o);
    auto& st = *m_statements;
    if (o.uuid.empty())
        o.uuid = st.uuids.next();
    auto& impl = *m_store.m_impl;
    // The reader has checked the text is UTF-8 already, but the store must not trust its callers.
    for (const std::string* text : {&o.uuid, &o.dimension, &o.category, &o.note, &o.asAt, &o.round})
        if (!text::isValidUtf8(*text))
            throw DataError("text is not valid UTF-8 and cannot be saved");
    // The importer binds a million rows: copying each string into SQLite (bind) costs more than
    // keeping ours alive until the step (bindNoCopy).
    auto bindAll = [&](SQLite::Statement& q) {
        st.period = o.period.toString();
        st.markers = o.markers.toString();
        q.bindNoCopy(1, o.uuid);
        q.bind(2, o.measureId);
        q.bind(3, o.areaId);
        q.bindNoCopy(4, st.period);
        q.bind(5, o.period.sortKey());
        q.bindNoCopy(6, o.dimension);
        q.bindNoCopy(7, o.category);
        if (o.value)
            q.bind(8, *o.value);
        else
            q.bind(8);
        q.bindNoCopy(9, st.markers);
        q.bind(10, o.sourceId);
        q.bindNoCopy(11, o.note);
        q.bindNoCopy(12, o.asAt);
        q.bindNoCopy(13, o.round);
    };
    try {
        if (!replace) {
            auto& q = st.insert;
            q.reset();
            bindAll(q);
            q.exec();
            o.id = impl.db->getLastInsertRowid();
            return false;
        }
        auto& q = st.upsert;
        q.reset();
        bindAll(q);
        q.executeStep();
        o.id = q.getColumn(0).getInt64();
        const std::string storedUuid = q.getColumn(1).getString();
        while (q.executeStep()) {
        }
        const bool replaced = storedUuid != o.uuid;
        o.uuid = storedUuid;
        return replaced;
    } catch (const SQLite::Exception& e) {
        if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE)
            throw DuplicateError("the store already holds this figure (same measure, area, period, breakdown and "
                                 "source): use --replace to overwrite it");
        rethrowSqlite(e, impl.path);
    }
}

Store::BulkImport::BulkImport(Store& store, std::string_view quietTable) : m_store(store), m_quietTable(quietTable)
{
    auto& impl = *store.m_impl;
    if (impl.depth == 0)
        throw Error("internal error: BulkImport needs an open transaction");
    if (impl.capture)
        impl.capture->suspend();
    if (quietTable.empty())
        return;
    // Any trigger on a table makes SQLite keep a statement journal (a copy of every page each row
    // touches), even one whose WHEN clause is false; dropping it is what makes the import fast.
    const std::string name = "audit_" + std::string(quietTable) + "_insert";
    try {
        SQLite::Statement q(*impl.db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        q.bind(1, name);
        if (!q.executeStep())
            throw Error("internal error: the store has no trigger " + name);
        m_triggerSql = q.getColumn(0).getString();
        q.reset();
        m_lastIdBefore = impl.db->execAndGet("SELECT coalesce(max(id), 0) FROM \"" + m_quietTable + "\"").getInt64();
        impl.db->exec("DROP TRIGGER \"" + name + "\"");
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
}

Store::BulkImport::~BulkImport()
{
    if (m_finished || m_triggerSql.empty())
        return;
    // The enclosing transaction normally rolls back next, which restores the trigger too; this keeps
    // later writes audited should the caller carry on in the same transaction.
    (void)m_store.m_impl->db->tryExec(m_triggerSql);
}

namespace {

// A file is often named after what it holds ("callum-b statement.csv"), and no scanner can be sure of a
// file name (lower case, initials, run-together words). The hash and size name the file, so the store
// keeps only the name's length and a short extension.
std::string withheldFileName(std::string_view name)
{
    const auto slash = name.find_last_of('/');
    const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    std::string out = "[file name withheld: " + std::to_string(text::codePointCount(base)) + " characters]";
    const auto dot = base.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0)
        return out;
    const std::string_view ext = base.substr(dot + 1);
    if (ext.empty() || ext.size() > 4 || !std::all_of(ext.begin(), ext.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }))
        return out;
    return out + "." + std::string(ext);
}

} // namespace

std::string Store::BulkImport::finish(const ImportRecord& r)
{
    auto& impl = *m_store.m_impl;
    const std::string uuid = newUuid();
    try {
        if (!m_triggerSql.empty())
            impl.db->exec(m_triggerSql);
        m_finished = true;
        SQLite::Statement q(*impl.db, "INSERT INTO imports (uuid, file_name, file_size, sha256, kind, rows, inserted, "
                                      "replaced, options) VALUES (?,?,?,?,?,?,?,?,?)");
        q.bind(1, uuid);
        q.bind(2, withheldFileName(r.fileName));
        q.bind(3, static_cast<std::int64_t>(r.fileSize));
        q.bind(4, r.sha256);
        q.bind(5, r.kind);
        q.bind(6, static_cast<std::int64_t>(r.rows));
        q.bind(7, static_cast<std::int64_t>(r.inserted));
        q.bind(8, static_cast<std::int64_t>(r.replaced));
        q.bind(9, r.options);
        q.exec();
        if (!m_quietTable.empty()) {
            // Without an entry of their own, the rows added are known by the import's: a merge needs to
            // tell a row added since the stores parted from one both held then.
            const std::string table = "\"" + m_quietTable + "\"";
            auto uuidAt = [&](const std::string& which) {
                return "(SELECT uuid FROM " + table + " WHERE id = (SELECT " + which + "(id) FROM " + table +
                       " WHERE id > ?2))";
            };
            SQLite::Statement added(*impl.db, "UPDATE audit_log SET new_values = json_set(new_values, '$.added', "
                                              "json_object('table', ?1, 'first_uuid', " +
                                                  uuidAt("min") + ", 'last_uuid', " + uuidAt("max") +
                                                  ")) WHERE table_name = 'imports' AND record_uuid = ?3 AND "
                                                  "EXISTS (SELECT 1 FROM " +
                                                  table + " WHERE id > ?2)");
            added.bind(1, m_quietTable);
            added.bind(2, m_lastIdBefore);
            added.bind(3, uuid);
            added.exec();
        }
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
    return uuid;
}

} // namespace evidence::db
