// Reading the audit log, and recording events in it that are not row changes.

#include "db/store_impl.h"
#include "db/store_rows.h"

namespace evidence::db {

std::vector<AuditEntry> Store::auditLog(const AuditFilter& f) const
{
    return readTranslated(path(), [&] {
        std::string sql = "SELECT id, at, os_user, table_name, record_uuid, action, old_values, new_values "
                          "FROM audit_log";
        std::vector<std::string> conds;
        if (f.recordUuid)
            conds.push_back("record_uuid = :uuid");
        if (f.table)
            conds.push_back("table_name = :table");
        for (std::size_t i = 0; i < conds.size(); ++i)
            sql += (i ? " AND " : " WHERE ") + conds[i];
        sql += " ORDER BY id DESC";
        if (f.limit)
            sql += " LIMIT " + std::to_string(f.limit);
        SQLite::Statement q(*m_impl->db, sql);
        if (f.recordUuid)
            q.bind(":uuid", *f.recordUuid);
        if (f.table)
            q.bind(":table", *f.table);
        std::vector<AuditEntry> out;
        while (q.executeStep()) {
            AuditEntry e;
            e.id = q.getColumn(0).getInt64();
            e.at = q.getColumn(1).getString();
            e.osUser = q.getColumn(2).getString();
            e.table = q.getColumn(3).getString();
            e.recordUuid = q.getColumn(4).getString();
            e.action = q.getColumn(5).getString();
            e.oldValues = q.getColumn(6).getString();
            e.newValues = q.getColumn(7).getString();
            out.push_back(std::move(e));
        }
        return out;
    });
}

void Store::recordEvent(const std::string& table, const std::string& recordUuid, const std::string& action,
                        const std::string& detailsJson)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, "
                                         "old_values, new_values) VALUES (evidence_now(), evidence_os_user(), ?, ?, ?, "
                                         "'', json(?))");
        q.bind(1, table);
        q.bind(2, recordUuid);
        q.bind(3, action);
        bindText(q, 4, detailsJson);
        q.exec();
    });
}

} // namespace evidence::db
