#pragma once
/// @file readiness.h
/// @brief "Ready to export?": the one list of what stops an export and what a reviewer should check first.
///
/// The GUI's Export view shows it, `evidence-cli check` prints it, and the export job refuses exactly when it
/// holds a blocking item, giving those items' words as its reasons: the pre-flight can never say "ready" and
/// the export then refuse.
///
/// @code
/// auto list = evidence::app::checkReadiness(store, submissionId, /*allowUnreviewed=*/false);
/// for (const auto& item : list.items) std::cout << (item.blocking ? "BLOCK " : "CHECK ") << item.text << '\n';
/// @endcode

#include "app/anonymisation.h"
#include "db/store.h"
#include "export/workbook_model.h"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace evidence::app {

/// Something an anonymisation scan found in the text about to be exported.
struct GateFinding
{
    bool blocking = false;          ///< a BLOCK finding: refuses the export; no option admits it
    std::string caseStudyReference; ///< the case study it is in (e.g. "CS-004"); empty for other text
    std::string description;        ///< e.g. "phone number '07700 900123' in the account"
    /// The field and the finding itself, when the scan came from the store (to open or acknowledge it).
    std::optional<std::pair<FieldFindings, anon::Finding>> detail{};
    /// The record to open for it: the question of an answer, the measure of an observation, else the record.
    RowId openId = 0;
};

/// Where a readiness item is, for a user interface to open it.
struct ReadinessPlace
{
    /// "case_studies", "submissions", "answers" (id: the question), "measures" and "observations" (id: the
    /// measure), "sources"; empty when the item has no one place.
    std::string table;
    RowId id = 0;
    std::string field; ///< the scanner's field code, or empty
    /// For a finding: the UTF-8 byte range of the match in the field's text; 0, 0 otherwise.
    std::size_t begin = 0, end = 0;
};

/// One thing to fix (blocking) or to check (not blocking) before the workbook goes to reviewers.
struct ReadinessItem
{
    /// Whether it stops the export (a refusal) rather than asking for a check.
    bool blocking = false;
    std::string where; ///< e.g. "Case study CS-004", "Submission", "Measure 'Offences'"
    std::string text;  ///< one sentence: what is wrong and what to do; the export's reason when blocking
    /// Where the item is, for Go To.
    ReadinessPlace place;
    /// For an anonymisation finding: where it is and what it is (a WARN one can be acknowledged).
    std::optional<std::pair<FieldFindings, anon::Finding>> finding;
};

/// What the list needs from the store besides the workbook's model.
struct ReadinessFacts
{
    std::vector<Measure> untickedMeasures;        ///< measures the submission leaves out while others are ticked
    std::vector<Measure> emptyMeasures;           ///< measures the submission includes that have no figure
    std::set<std::string> caseStudyReferences;    ///< the case studies named in answers that are in the store
    std::vector<std::string> referencePrefixes{}; ///< e.g. "CS-": how the store's references begin
    int suppressBelow = 0;                        ///< the export's --suppress-below; 0 = off
    std::vector<double> suppressedCounts{};       ///< the counts that suppression hides (ascending)
    /// The figures suppression hides, as (measure, area, period key): their notes go with them, unshown.
    std::set<std::tuple<RowId, RowId, std::int64_t>> suppressedFigures{};
};

/// The list, blocking items and checks in the order a user would fix them.
struct ReadinessList
{
    /// The items, in the order a user would fix them.
    std::vector<ReadinessItem> items;
    /// What allowUnreviewed admits: one note per admitted draft, by position in the model's case studies
    /// (empty for the others).
    std::vector<std::string> overrideNotes;

    /// Whether any item is blocking: the export would refuse.
    bool blocked() const noexcept;
    /// How many items are blocking.
    std::size_t blockingCount() const noexcept;
    /// The texts of the blocking items: the export's reasons for refusing.
    std::vector<std::string> refusals() const;
    /// The non-empty override notes, in order.
    std::vector<std::string> overrides() const;
};

/// Reads the facts for @p model from @p store (same snapshot as the model is best). With @p suppressBelow
/// (ExportOptions::suppressBelow) also the counts the export's suppression would hide.
/// @throws DataError when @p suppressBelow is not 0 and outside what suppressSmallCounts() accepts
ReadinessFacts readReadinessFacts(const db::Store& store, const xlsx::WorkbookModel& model, int suppressBelow = 0);

/// The list for @p model, given the anonymisation scan's @p findings. Pure: no store access.
ReadinessList assessReadiness(const xlsx::WorkbookModel& model, const ReadinessFacts& facts, bool allowUnreviewed,
                              const std::vector<GateFinding>& findings);

/// Builds the model, scans the store and returns the list: what the GUI and `evidence-cli check` show.
/// @throws NotFoundError / DataError as buildWorkbookModel().
/// @p suppressBelow as ExportOptions::suppressBelow: a hidden count typed into the store's text blocks.
ReadinessList checkReadiness(const db::Store& store, RowId submissionId, bool allowUnreviewed, int suppressBelow = 0);

/// A number standing as a word of its own in typed text, as the suppression check reads it.
struct NumberInText
{
    /// The number as read (thousands commas removed).
    double value = 0;
    std::size_t begin = 0, end = 0; ///< bytes
};

/// The numbers of @p text that could state a count: each a word of its own ("12", "1,204", "3.5"), not part
/// of a period ("2015/16"), a range ("13-15"), a date or time, a reference ("CS-004", "Q7") or a "[note 2]"
/// marker, and not a year (1900 to 2099 without a separator), an age ("aged 14", "14 years old") or the
/// number of something named ("question 7", "case study 12", "table 3", "page 2").
std::vector<NumberInText> countsInText(std::string_view text);

/// Answers and a response longer than the consultation's profile allows (words per answer and in total,
/// characters of the online form's box): checks, never blocking. checkReadiness() ends with them.
std::vector<ReadinessItem> lengthChecks(const db::Store& store, RowId submissionId);

/// The statistical warnings alone (low coverage of a like-for-like total, below the submission's coverage
/// threshold, which the model carries; breakdowns that do not add up to
/// their area's total, areas compared over different periods). Never blocking.
std::vector<ReadinessItem> statisticalWarnings(const xlsx::WorkbookModel& model);

} // namespace evidence::app
