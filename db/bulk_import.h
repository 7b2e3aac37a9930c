#pragma once
/// @file bulk_import.h
/// @brief Writing a whole file's figures or case studies into a store in one transaction, audited as one
/// import rather than row by row (per-row entries made a large import spend most of its time writing the
/// log); the import's entry names the exact bytes it read by their size and SHA-256.

#include "db/store.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace evidence::db {

/// Writes many observations quickly inside an open Transaction, reusing prepared statements.
/// Values are validated like insert(); the caller resolves measures, areas and sources.
class Store::ObservationWriter
{
public:
    /// Prepares the statements on @p store, which must have a Transaction open (and a BulkImport, when there
    /// is one, made first: it changes the schema).
    explicit ObservationWriter(Store& store);
    ~ObservationWriter();
    ObservationWriter(const ObservationWriter&) = delete;
    ObservationWriter& operator=(const ObservationWriter&) = delete;
    /// Inserts @p o, assigning its id and, when it has none, a uuid. The uuids one writer assigns sort in the
    /// order it writes them: the rows an import adds are those between its first and last (BulkImport).
    /// With @p replace an observation with the same identity (measure, area, period, breakdown, source) is
    /// overwritten, keeping its uuid.
    /// @return true when an existing observation was replaced.
    /// @throws DuplicateError when the identity exists and !replace; DataError when the values are invalid.
    bool write(Observation& o, bool replace);

private:
    struct Statements;
    Store& m_store;
    std::unique_ptr<Statements> m_statements;
};

/// What a bulk import read and did, recorded as one row of `imports` (and so one audit entry).
struct Store::ImportRecord
{
    std::string fileName; ///< kept as its length and extension only: a file name can name a child
    /// The file's size in bytes and its SHA-256 below: what exactly was read.
    std::uint64_t fileSize = 0;
    std::string sha256; ///< of the file's bytes, 64 hex digits
    std::string kind;   ///< observations or case_studies
    /// The data rows read, and of them those added and those that replaced a figure with the same identity.
    std::size_t rows = 0, inserted = 0, replaced = 0;
    std::string options; ///< e.g. "replace create-missing"
};
/// Audits a bulk import as a whole instead of row by row, inside an open Transaction.
///
/// While it lives, inserts into @p quietTable (none when empty) are not audited one by one (its
/// insert trigger is dropped inside the transaction); updates and deletes still are, so a
/// replaced row keeps its old values in the log. finish() re-creates the trigger and records
/// the import in `imports`, whose own trigger writes the import's audit entry. That entry names the rows
/// added to @p quietTable under `added` (the table, and the first and last uuid the ObservationWriter gave,
/// which every uuid it gave lies between): a merge knows them from it as added by the import. Everything
/// happens inside the caller's transaction, so a rollback or a crash restores the trigger and
/// no committed store ever skips auditing.
/// @code
/// Store::Transaction tx(store);
/// Store::BulkImport bulk(store, "observations");
/// Store::ObservationWriter writer(store); // after BulkImport: the schema changed
/// ... writer.write() ...
/// bulk.finish(record);
/// tx.commit();
/// @endcode
class Store::BulkImport
{
public:
    /// Stops auditing inserts into @p quietTable one by one, inside the Transaction open on @p store (an
    /// internal Error without one), and suspends the store's change capture.
    BulkImport(Store& store, std::string_view quietTable);
    ~BulkImport();
    BulkImport(const BulkImport&) = delete;
    BulkImport& operator=(const BulkImport&) = delete;
    /// Switches per-row audit back on and records @p record; returns the import's uuid.
    std::string finish(const ImportRecord& record);

private:
    Store& m_store;
    std::string m_triggerSql; ///< the dropped trigger, to re-create
    std::string m_quietTable;
    std::int64_t m_lastIdBefore = 0; ///< the largest id in the quiet table before the import: its rows come after
    bool m_finished = false;
};

} // namespace evidence::db
