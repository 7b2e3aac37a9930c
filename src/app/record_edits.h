#pragma once
/// @file record_edits.h
/// @brief Edits of single records by field name, for scripts: add, set and delete records, include evidence in a
/// submission, write answers and cite their evidence. Each call is one transaction over the store's own methods,
/// so the store's rules and audit log apply as they do to the desktop app's forms.

#include "db/store.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::app {

/// The kinds of record whose fields can be added and set by name.
enum class RecordKind { Submission, Source, Measure, Area, CaseStudy };

/// "submission", "source", "measure", "area", "case-study".
std::string_view recordKindName(RecordKind kind) noexcept;
/// Parses recordKindName()'s words (also "case_study"). @throws DataError naming the word and the kinds.
RecordKind parseRecordKind(std::string_view word);

/// One settable field of a kind of record.
struct FieldSpec
{
    std::string_view name; ///< e.g. "date_published"
    std::string_view help; ///< what it holds and how to write it
    /// Typed by a person and scanned by the anonymisation guard: messages show it masked, never as typed.
    bool freeText = false;
};
/// Every field of @p kind that add and set accept, in the order a form shows them.
const std::vector<FieldSpec>& recordFields(RecordKind kind);

/// A field and the value typed for it ("organisation", "Our charity"). The field may carry its kind as a
/// prefix ("submission.organisation").
struct FieldValue
{
    /// The field's name (as recordFields() names it, optionally prefixed by its kind), and the value as typed.
    std::string field;
    std::string value;
};

/// What an edit did, for the message a command prints.
struct EditResult
{
    std::string label; ///< e.g. "source 'NSPCC FOI requests'", "case study CS-001"
    std::string uuid;  ///< the record's
    /// The record's row id.
    RowId id = 0;
    std::vector<std::string> notes; ///< what the user should know, e.g. that an answer cites what was left out
};

/// Adds a record of @p kind with @p values (unnamed fields keep their defaults), in one transaction.
/// @throws DataError naming the field and its value (free text masked) for an unknown field or a value the field
/// or the store refuses; nothing is written then.
EditResult addRecord(db::Store& store, RecordKind kind, const std::vector<FieldValue>& values);

/// Changes @p values of one record, in one transaction. @p key finds it: a submission by its id (empty: the only
/// one), a source by title, a measure by name, an area by code or name, a case study by reference; each also by
/// UUID. Reference areas (shipped with every store) cannot be changed.
/// @throws NotFoundError for no such record; DataError as addRecord().
EditResult setFields(db::Store& store, RecordKind kind, std::string_view key, const std::vector<FieldValue>& values);

/// Deletes one record, in one transaction: @p kind is "source", "measure", "area", "case-study", "figure" (by UUID),
/// "answer" (by question number, in the submission @p submissionId, 0 for the only one; its citations go with it)
/// or "acknowledgement" (by UUID); others by their key as setFields() finds them. The store refuses to delete a
/// source or measure that figures still use, naming how many; an area is refused while figures or case studies use
/// it, and a reference area always.
/// @throws NotFoundError for no such record; DataError for a refusal; nothing is written then.
EditResult deleteRecord(db::Store& store, std::string_view kind, std::string_view key, RowId submissionId = 0);

/// Includes (or, with @p included false, leaves out) a measure or a case study in the submission's workbook.
/// Leaving out evidence that an answer cites is allowed, as in the desktop app, and noted: the export is refused
/// until the citation is removed. @throws DataError for another kind.
EditResult setIncluded(db::Store& store, RowId submissionId, RecordKind kind, std::string_view key, bool included);

/// The question numbered @p number in the consultation @p submissionId answers.
/// @throws NotFoundError listing how to see the questions.
Question findQuestion(const db::Store& store, RowId submissionId, std::string_view number);

/// Writes the choice and/or the text of the answer to one question, keeping what is not given (and its
/// citations). A choice must be one the question offers: "yes" or "no" for yes/no questions, one of its choices,
/// or several separated by ';' for a multiple choice; empty clears it. A question without a text box takes no
/// text. @throws DataError naming the question, the field and the value.
Answer writeAnswer(db::Store& store, RowId submissionId, std::string_view questionNumber,
                   const std::optional<std::string>& choice, const std::optional<std::string>& text);

/// Adds (or, with @p remove, removes) citations of measures (names or UUIDs) and case studies (references or UUIDs)
/// to the answer to one question, starting the answer when there is none. Only evidence the submission includes
/// can be cited, as in the Responses view. @throws NotFoundError / DataError naming what is refused.
Answer cite(db::Store& store, RowId submissionId, std::string_view questionNumber,
            const std::vector<std::string>& measures, const std::vector<std::string>& caseStudies, bool remove);

/// A percentage typed by a person ("50", "33.3", "40 %"), as a share from 0 to 1; nothing when it is not a number
/// from 0 to 100. The coverage threshold typed in the desktop app and given to `set submission.coverage_threshold`.
std::optional<double> parsePercent(std::string_view typed);

/// The whole of a UTF-8 text file, for a value too long or too delicate for the command line; one line break at
/// its end (as editors write) is dropped. @throws FileError for a file that is not a regular file, is over
/// 4 MiB or cannot be read.
std::string readTextFile(const std::filesystem::path& path);

} // namespace evidence::app
