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
    std::size_t begin = 0, end = 0;
};

/// One thing to fix (blocking) or to check (not blocking) before the workbook goes to reviewers.
struct ReadinessItem
{
    bool blocking = false;
    std::string where; ///< e.g. "Case study CS-004", "Submission", "Measure 'Offences'"
    std::string text;  ///< one sentence: what is wrong and what to do; the export's reason when blocking
    ReadinessPlace place;
    /// For an anonymisation finding: where it is and what it is (a WARN one can be acknowledged).
    std::optional<std::pair<FieldFindings, anon::Finding>> finding;
};

/// What the list needs from the store besides the workbook's model.
struct ReadinessFacts
{
    std::vector<Measure> untickedMeasures;        ///< measures the submission leaves out while others are ticked
    std::set<std::string> caseStudyReferences;    ///< the case studies named in answers that are in the store
    std::vector<std::string> referencePrefixes{}; ///< e.g. "CS-": how the store's references begin
};

/// The list, blocking items and checks in the order a user would fix them.
struct ReadinessList
{
    std::vector<ReadinessItem> items;
    /// What allowUnreviewed admits: one note per admitted draft, by position in the model's case studies
    /// (empty for the others).
    std::vector<std::string> overrideNotes;

    bool blocked() const noexcept;
    std::size_t blockingCount() const noexcept;
    /// The texts of the blocking items: the export's reasons for refusing.
    std::vector<std::string> refusals() const;
    /// The non-empty override notes, in order.
    std::vector<std::string> overrides() const;
};

/// Reads the facts for @p model from @p store (same snapshot as the model is best).
ReadinessFacts readReadinessFacts(const db::Store& store, const xlsx::WorkbookModel& model);

/// The list for @p model, given the anonymisation scan's @p findings. Pure: no store access.
ReadinessList assessReadiness(const xlsx::WorkbookModel& model, const ReadinessFacts& facts, bool allowUnreviewed,
                              const std::vector<GateFinding>& findings);

/// Builds the model, scans the store and returns the list: what the GUI and `evidence-cli check` show.
/// @throws NotFoundError / DataError as buildWorkbookModel().
ReadinessList checkReadiness(const db::Store& store, RowId submissionId, bool allowUnreviewed);

/// Answers and a response longer than the consultation's profile allows (words per answer and in total,
/// characters of the online form's box): checks, never blocking. checkReadiness() ends with them.
std::vector<ReadinessItem> lengthChecks(const db::Store& store, RowId submissionId);

/// The statistical warnings alone (low coverage of a like-for-like total, below the submission's coverage
/// threshold, which the model carries; breakdowns that do not add up to
/// their area's total, areas compared over different periods). Never blocking.
std::vector<ReadinessItem> statisticalWarnings(const xlsx::WorkbookModel& model);

} // namespace evidence::app
