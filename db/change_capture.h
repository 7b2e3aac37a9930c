#pragma once
/// @file change_capture.h
/// @brief What each committed write of a store changed, record by record, and putting records back:
/// the ground of Edit > Undo and Redo.
///
/// While a ChangeCapture is attached, temporary triggers of its Store's connection (never in the
/// file) note the first image of each record a write transaction touches, foreign-key cascades
/// included. Just before the commit the
/// capture reads each such record as it now stands, so that the change set holds each record's
/// state before and after the whole transaction: a savepoint rolled back inside it leaves nothing
/// behind. Records are identified by their uuid, which every audited table has.
///
/// Everything is kept in memory only: a change set can hold text that the user has since removed
/// from the store (a child's name), so it is never written anywhere.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

struct sqlite3_value;

namespace evidence::db {

class Store;

/// A column's value as SQLite holds it (the schema has no blobs).
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// One record before and after a change; an empty side is a record that does not exist there.
struct RowChange
{
    /// The table of the record, and its uuid (every table of the store has one).
    std::string table;
    std::string uuid;
    std::shared_ptr<const std::vector<std::string>> columns; ///< the table's columns, in order
    /// The record's values in the order of columns, before and after the change: empty for a record that did
    /// not exist on that side.
    std::optional<std::vector<SqlValue>> before, after;

    /// The value of @p column before (or after) the change; nullptr when that side has no record.
    const SqlValue* value(std::string_view column, bool afterChange) const;
    /// The columns whose value differs; every column for a record added or removed.
    std::vector<std::string> changedColumns() const;
};

/// The records one committed transaction changed, in the order it first touched them.
using ChangeSet = std::vector<RowChange>;

/// Why restore() wrote nothing.
struct RestoreRefusal
{
    /// What kind of refusal it is.
    enum class Why {
        ChangedSince, ///< the record no longer holds what the change left (another window or program)
        Clash,        ///< putting it back would break a rule (e.g. another record has taken its name)
    };
    std::size_t change = 0; ///< index into the change set
    /// Why it was refused.
    Why why = Why::ChangedSince;
};

/// Records what each committed transaction of a store changes, so that it can be undone and redone: temporary
/// triggers note each record touched, its before image is read when first touched and its after image before
/// COMMIT. Used by one thread, the store's.
class ChangeCapture
{
public:
    /// Starts capturing @p store's writes; @p committed gets each committed transaction's changes
    /// (never an empty set). A store has at most one capture.
    ChangeCapture(Store& store, std::function<void(ChangeSet)> committed);
    ~ChangeCapture();
    ChangeCapture(const ChangeCapture&) = delete;
    ChangeCapture& operator=(const ChangeCapture&) = delete;

    /// Puts every record of @p changes back as it was before them (@p toBefore) or after them, in one
    /// transaction that is not itself captured. Every record must hold what the other side says, whole:
    /// otherwise nothing is written and the refusal names the first that does not. Only the columns
    /// that differ are written, so the audit log shows the same fields as the change; its entries are
    /// marked with @p auditMark ("undo" or "redo") under the key "undo".
    std::optional<RestoreRefusal> restore(const ChangeSet& changes, bool toBefore, const std::string& auditMark);

    // Called by Store::Transaction (outermost level only) and Store::BulkImport.
    void begin();
    /// Reads the after images of the open transaction's records (before COMMIT, while they can still be read).
    void beforeCommit();
    /// Hands the committed transaction's changes to the callback; an exception from it is swallowed.
    void committed() noexcept;
    /// Forgets the transaction's records (and the triggers, when the rollback removed them).
    void rolledBack() noexcept;
    /// A bulk import is not captured: its rows are many and its insert triggers are dropped for speed.
    void suspend();

    /// Internal: a record the triggers report (argument values as SQLite gives them).
    void touched(std::size_t table, int argc, sqlite3_value** argv);

private:
    struct Table;
    std::vector<SqlValue> readRow(const Table& table, const std::string& uuid, bool& found) const;
    void dropTriggers();

    Store& m_store;
    std::function<void(ChangeSet)> m_committed;
    std::vector<Table> m_tables;
    bool m_installed = false;            ///< the temporary triggers exist
    bool m_installedNow = false;         ///< made in the open transaction (which a rollback undoes)
    bool m_active = false;               ///< the open transaction is captured
    bool m_restoring = false;            ///< restore() is writing
    ChangeSet m_rows;                    ///< this transaction's records, before images only until beforeCommit()
    std::vector<std::size_t> m_rowTable; ///< each record's table, into m_tables
    std::unordered_map<std::string, std::size_t> m_seen; ///< table and uuid to index into m_rows
    std::optional<ChangeSet> m_ready;                    ///< read before COMMIT, handed over after it
};

} // namespace evidence::db
