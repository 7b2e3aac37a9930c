#pragma once
/// @file merge.h
/// @brief Bringing the records of one store (SOURCE, "theirs") into another (TARGET, "mine"): officers
/// who work on copies of one submission merge their copies without losing or silently overwriting
/// anything.
///
/// Records are matched by their uuids; reference data and records with a natural identity (an area's
/// kind and code, a question's number, a figure's measure, area, period, breakdown and source, a
/// source's title, a measure's name, a case study's reference, whose letter case the store ignores) are
/// also matched by that identity when the two stores gave them different uuids.
///
/// Which side changed a record is read from the audit logs. Two stores copied from one another share
/// their audit log up to the copy: the longest common run of entries (same id, time, user, table,
/// record, action and values) is the state both started from. A record with an audit entry after that
/// point changed on that side since. A bulk import writes one entry rather than one per figure, and names
/// in it the figures it added (bulk_import.h): they count as added on that side when the import came
/// after that point. A merge writes a summary entry naming the source's last audit entry, so the next
/// merge of the same pair starts from the merge rather than from the copy. From this:
/// - a record changed (added, edited, deleted) in one store only takes that change;
/// - a record changed in both takes each field changed in one only; a field changed in both (or whose
///   change the redacted audit log cannot tell apart) is a conflict, as is a deletion on one side of a
///   record edited, added under or pointed at on the other (a figure moved to a measure the target
///   deleted), and a record that both stores added with the same identity but different values (figures
///   that disagree are a conflict, never summed).
/// Conflicts are never resolved silently: each needs a choice (keep mine, take theirs, or keep both
/// where both can exist: two case studies), given one by one or for all, and each choice is recorded
/// in the target's audit log. Keeping both leaves the target's case study as the target holds it; the
/// copy, a draft, carries the source's version: text, question links, inclusion, citations and the
/// acknowledgements of its findings. An acknowledgement names the words it accepts (its fingerprint), so
/// the source's cover the copy's identical text and nothing else, and the draft is still reviewed.
/// The merge is one transaction: refused or failed, it leaves the target as it was. A case study whose
/// text differs between the stores returns to draft.

#include "core/errors.h"
#include "db/change_capture.h"
#include "db/store.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evidence::app {

/// What to do with a conflict: keep the target's value (Mine), take the source's (Theirs), or keep both records
/// (Both, where MergeConflict::bothPossible); Unset until a person chooses.
enum class MergeChoice { Unset, Mine, Theirs, Both };

/// The source holds another submission and MergeOptions::betweenSubmissions was not given.
class DifferentSubmissionsError : public DataError
{
public:
    using DataError::DataError;
};

/// "mine", "theirs", "both"; "" for Unset.
std::string_view choiceName(MergeChoice choice);
/// The choice a name means ("mine", "theirs", "both"). @throws DataError for another word.
MergeChoice parseChoice(std::string_view name);

/// Who last changed a record (or one field of it) on one side, from that store's audit log.
struct MergeChangeBy
{
    std::string osUser; ///< empty when the audit log does not say (the record was never changed since)
    std::string at;     ///< ISO 8601 UTC
};

/// One difference that needs a person's choice.
struct MergeConflict
{
    /// What kind of conflict it is.
    enum class Kind {
        Field,           ///< the field holds different values in the two stores, changed in both
        DeletedInMine,   ///< deleted in the target, edited in the source
        DeletedInTheirs, ///< deleted in the source, edited in the target
    };
    /// "table/uuid/field" (uuid of the target's record where it has one): the same in a dry run and in
    /// the merge, for choices given in a file.
    std::string id;
    /// What kind of conflict it is.
    Kind kind = Kind::Field;
    /// The table of the record, and the record's uuid.
    std::string table;
    std::string recordUuid;
    std::string recordLabel;  ///< e.g. "Case study CS-004", "Figure Offences, Dorset, 2018/19"
    std::string field;        ///< the column; "(record)" for a deletion against an edit
    std::string mine, theirs; ///< the values as text ("(deleted)" for a record that is gone)
    bool freeText = false;    ///< the values are free text typed by a person (may identify someone)
    /// Who last changed the record or field in the target (mine) and in the source (theirs).
    MergeChangeBy mineBy, theirsBy;
    bool bothPossible = false; ///< "keep both" can be chosen (two case studies can exist side by side)
    /// The choice made for it (from MergeOptions), or Unset.
    MergeChoice choice = MergeChoice::Unset;
};

/// How to merge (mergeStores()): a dry run, between submissions, and the choices for conflicts.
struct MergeOptions
{
    /// Work out and report what the merge would do, writing nothing.
    bool dryRun = false;
    /// Allow stores of different submissions: evidence records are copied, the submission's own
    /// records (its details, selections and answers) are not.
    bool betweenSubmissions = false;
    /// The choice for every conflict not named in @c choices.
    MergeChoice preferAll = MergeChoice::Unset;
    /// Choices by conflict id (MergeConflict::id).
    std::map<std::string, MergeChoice> choices;
    /// Called after each record written, with its number (1, 2, ...): tests throw from it to show that
    /// a failed merge leaves the target as it was.
    std::function<void(std::size_t)> afterWrite;
};

/// What a merge did (or, in a dry run, would do).
struct MergeReport
{
    /// The source store's own uuid (Store::storeId()).
    std::string sourceStoreId;
    bool sameHistory = false;    ///< the stores share audit history (a copy, or merged before)
    std::int64_t targetBase = 0; ///< last target audit entry of the common state
    std::int64_t sourceBase = 0; ///< last source audit entry of the common state
    /// Records added to, updated in and deleted from the target.
    std::size_t added = 0, updated = 0, deleted = 0;
    std::vector<std::string> changes; ///< one line per record added, updated or deleted
    /// Every conflict found, with the choice made for each (Unset when none was).
    std::vector<MergeConflict> conflicts;
    std::vector<std::string> returnedToDraft; ///< case studies whose review no longer covers their text
    std::vector<std::string> notes;           ///< records skipped and why
    /// Whether the merge was written (false for a dry run, and while any conflict is unresolved).
    bool written = false;

    /// How many conflicts have no choice: the merge writes nothing while there are any.
    std::size_t unresolved() const;
};

/// The conflicts of @p report that have no choice yet, listed one per line for a message.
std::string describeUnresolved(const MergeReport& report, bool showText);

/// A source store opened for merging, without ever writing to it: a store of an older schema is
/// copied to a temporary file and the copy upgraded; one of a newer schema is refused.
class MergeSource
{
public:
    /// @throws FileError naming the file for a missing, damaged or newer store.
    explicit MergeSource(const std::filesystem::path& path);
    ~MergeSource();
    MergeSource(const MergeSource&) = delete;
    MergeSource& operator=(const MergeSource&) = delete;
    /// The source store, opened read-only (or its upgraded copy).
    const db::Store& store() const { return *m_store; }
    /// The file named by the user (never the upgraded copy): what messages name.
    const std::filesystem::path& path() const { return m_path; }
    /// Whether the store read is an upgraded copy of the user's file (an older schema).
    bool upgradedCopy() const { return !m_copy.empty(); }

private:
    void open();
    void removeCopy() noexcept;
    /// @p message with the upgraded copy's name replaced by the user's file's.
    std::string namingSource(std::string message) const;

    std::filesystem::path m_path;
    std::filesystem::path m_copy; ///< the upgraded temporary copy, removed on destruction
    std::optional<db::Store> m_store;
};

/// Merges @p source into @p target in one transaction. Writes nothing in a dry run, nor when a
/// conflict has no choice (MergeReport::written is false and unresolved() counts them).
/// @throws DataError when the submissions differ (without MergeOptions::betweenSubmissions) or when
///         @p source is @p target; Error when writing fails: the whole merge is rolled back then.
MergeReport mergeStores(db::Store& target, const db::Store& source, const MergeOptions& options);
/// The same from a source opened for merging: messages name its file, never an upgraded copy.
MergeReport mergeStores(db::Store& target, const MergeSource& source, const MergeOptions& options);

/// Reads a choices file: one conflict per line, its id then "mine", "theirs" or "both" ("#" starts a
/// comment; "* CHOICE" sets the choice for every conflict not listed).
/// @throws DataError naming the file, line and value of a line it cannot use.
void readChoicesFile(const std::filesystem::path& file, MergeOptions& options);

} // namespace evidence::app
