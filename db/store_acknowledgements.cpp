// Acknowledged anonymisation findings: why a finding of the guard was judged not to identify anyone.

#include "core/errors.h"
#include "core/text.h"
#include "core/uuid.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

namespace evidence::db {

std::vector<FindingAcknowledgement> Store::acknowledgements(const std::string& recordUuid) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAckCols +
                                             " FROM finding_acknowledgements WHERE record_uuid = ? ORDER BY id");
        q.bind(1, recordUuid);
        return readAll<FindingAcknowledgement>(q, readAck);
    });
}

std::vector<FindingAcknowledgement> Store::allAcknowledgements() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kAckCols + " FROM finding_acknowledgements ORDER BY id");
        return readAll<FindingAcknowledgement>(q, readAck);
    });
}

RowId Store::acknowledge(FindingAcknowledgement& a)
{
    return writeInTransaction(*this, path(), [&] {
        if (text::trim(a.reason).empty())
            throw DataError("say why this finding is not identifying (the reason is kept with the submission)");
        if (text::trim(a.acknowledgedBy).empty())
            throw DataError("say which role acknowledges the finding (e.g. Policy officer)");
        a.acknowledgedAt = m_impl->options.clock();
        SQLite::Statement find(
            *m_impl->db, "SELECT id, uuid FROM finding_acknowledgements WHERE record_uuid = ? AND fingerprint = ?");
        find.bind(1, a.recordUuid);
        find.bind(2, a.fingerprint);
        if (find.executeStep()) {
            a.id = find.getColumn(0).getInt64();
            a.uuid = find.getColumn(1).getString();
            SQLite::Statement u(*m_impl->db, "UPDATE finding_acknowledgements SET reason = ?, acknowledged_by = ?, "
                                             "acknowledged_at = ?, matched_text = ? WHERE id = ?");
            bindText(u, 1, a.reason);
            bindText(u, 2, a.acknowledgedBy);
            u.bind(3, a.acknowledgedAt);
            bindText(u, 4, a.matchedText);
            u.bind(5, a.id);
            u.exec();
            return a.id;
        }
        if (a.uuid.empty())
            a.uuid = newUuid();
        SQLite::Statement q(*m_impl->db,
                            "INSERT INTO finding_acknowledgements (uuid, record_table, record_uuid, field, "
                            "kind, matched_text, fingerprint, reason, acknowledged_by, acknowledged_at) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, a.uuid);
        q.bind(2, a.recordTable);
        q.bind(3, a.recordUuid);
        q.bind(4, a.field);
        q.bind(5, a.kind);
        bindText(q, 6, a.matchedText);
        bindText(q, 7, a.fingerprint);
        bindText(q, 8, a.reason);
        bindText(q, 9, a.acknowledgedBy);
        q.bind(10, a.acknowledgedAt);
        q.exec();
        a.id = m_impl->db->getLastInsertRowid();
        return a.id;
    });
}

void Store::removeAcknowledgement(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "DELETE FROM finding_acknowledgements WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "acknowledgement", id);
    });
}

} // namespace evidence::db
