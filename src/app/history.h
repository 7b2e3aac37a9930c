#pragma once
/// @file history.h
/// @brief Undo and redo of every edit made to a store since it was opened, deletions included.
///
/// Each committed write transaction of the store is one edit (a typed figure, a pasted block, a
/// saved form field, a deleted case study with everything that hung from it), except that a text
/// field saved at each pause in typing is one edit while the typing goes on. Undoing it puts back
/// every record it changed, with its original uuid, in one transaction; redoing it makes the edit
/// again, also in one transaction. Only the fields the edit changed are written, and nothing is
/// written when any record it changed was changed since by something else (another window or
/// program): the undo would overwrite that change.
///
/// The history is kept in memory only and is gone when the store is closed: it can hold text the
/// user has since removed from the store (a child's name), which must not be left on disk.

#include "core/domain.h"
#include "db/change_capture.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace evidence::db {
class Store;
}

namespace evidence::app {

/// The record an edit changed, to show it after undoing or redoing the edit.
struct EditPlace
{
    /// What kind of record it is.
    enum class Kind { Submission, Source, Measure, CaseStudy, Answer, Other };
    /// What kind of record the edit changed: Other when it cannot be shown (or the edit was not named).
    Kind kind = Kind::Other;
    /// The source, measure (also for its figures), case study or question (for an answer); 0 for none.
    RowId id = 0;
};

/// The undo and redo history of one store's edits in this window: each committed transaction is one edit
/// (typing into one field in quick succession makes one), named for the Edit menu. A new edit clears what
/// could be redone. Not thread-safe: used by the window's thread.
class History
{
public:
    /// Records every edit of @p store from now on; @p store must outlive the history.
    explicit History(db::Store& store);
    History(const History&) = delete;
    History& operator=(const History&) = delete;

    /// Whether there is an edit to undo.
    bool canUndo() const noexcept { return !m_undo.empty(); }
    /// Whether there is an undone edit to make again.
    bool canRedo() const noexcept { return !m_redo.empty(); }
    /// What undo() would undo, e.g. "Edit Dorset 2018/19"; empty when nothing.
    std::string undoLabel() const;
    /// What redo() would make again; empty when nothing.
    std::string redoLabel() const;
    /// How many edits can be undone.
    std::size_t undoCount() const noexcept { return m_undo.size(); }
    /// How many undone edits can be made again.
    std::size_t redoCount() const noexcept { return m_redo.size(); }

    /// Undoes the latest edit not undone, in one transaction.
    /// @throws Error when a record it changed was changed since, or cannot be put back; nothing is
    ///         written then, and the edit leaves the history (it can no longer be undone).
    EditPlace undo();
    /// Makes the latest undone edit again, in one transaction; refuses as undo() does.
    EditPlace redo();

private:
    struct Edit
    {
        std::string label;
        EditPlace place;
        db::ChangeSet changes;
        std::chrono::steady_clock::time_point at; ///< when it was last saved (typing joins it)
    };
    void recorded(db::ChangeSet changes);
    EditPlace step(std::vector<Edit>& from, std::vector<Edit>& to, bool undoing);

    db::Store& m_store;
    std::vector<Edit> m_undo, m_redo;
    db::ChangeCapture m_capture; ///< last: it reports into the members above
};

/// A short name of what @p changes did, for the Edit menu ("Edit Dorset 2018/19", "Delete case study
/// CS-004"), and where it is shown.
std::string describeEdit(const db::Store& store, const db::ChangeSet& changes, EditPlace& place);

} // namespace evidence::app
