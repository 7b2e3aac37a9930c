#pragma once
/// @file export_job.h
/// @brief The export use case: gather a submission from the store, run the pre-flight gate, write the
/// workbook to a temporary file beside the target and rename it into place.
///
/// A failed, refused or cancelled export leaves any earlier file at the target untouched and no temporary
/// file behind. The temporary files of exports that were killed are removed by the next export to the
/// same target.
///
/// @code
/// evidence::app::ExportOptions options;
/// options.allowUnreviewed = false;
/// auto report = evidence::app::exportWorkbook(store, "response.xlsx", options);
/// if (report.status == evidence::app::ExportStatus::Refused)
///     for (const auto& reason : report.reasons) std::cerr << reason << '\n';
/// @endcode

#include "app/anonymisation.h"
#include "app/readiness.h"
#include "app/workbook_text.h"
#include "db/store.h"
#include "export/suppression.h"
#include "export/workbook_model.h"
#include "export/workbook_writer.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace evidence::app {

/// Scans the workbook's content before it replaces the target (useStoreScanner() sets the store's guard).
/// Returns BLOCK findings and WARN findings that have no recorded acknowledgement.
/// Runs while libxlsxwriter writes the file on another thread, unless its findings could change the
/// workbook (drafts admitted by allowUnreviewed) or the export is refused anyway, when it runs first.
using PreflightScan = std::function<std::vector<GateFinding>(const xlsx::WorkbookModel& model)>;
/// Reads what the post-write scan needs from the store and returns that scan. Runs while libxlsxwriter
/// writes the file on another thread. @p expectedTexts: texts the file will hold, which the setup may scan
/// now, while it waits, rather than in the written file (prepareWorkbookRescan()).
using PostWriteScanSetup = std::function<PostWriteScan(std::vector<std::string>&& expectedTexts)>;

/// What to export and how (exportWorkbook()); every member has a usable default.
struct ExportOptions
{
    RowId submissionId = 0;       ///< 0: the store's only submission
    bool valuesOnly = false;      ///< plain values instead of formulas with cached results
    bool charts = true;           ///< add the Charts sheet
    bool allowUnreviewed = false; ///< admit draft case studies that have no BLOCK finding (recorded)
    /// Counts below this are shown as "[c]", with secondary suppression (export/suppression.h); 0 = off.
    int suppressBelow = 0;
    PreflightScan preflightScan;      ///< optional
    PostWriteScanSetup postWriteScan; ///< optional
    /// Progress (0..1) and the step just done, for a progress dialog.
    std::function<void(double fraction, const std::string& step)> progress;
    /// Set to true from another thread to cancel; the export then stops at the next step.
    const std::atomic<bool>* cancel = nullptr;
    /// Tests only: called before each step ("layout", "sheet Cover", ..., "close", "rename"); may throw.
    std::function<void(const std::string& step)> faultInjection;
    /// Tests only: the fewest cells of a table written apart, on another core (xlsx::WriteOptions).
    std::size_t apartMinCells = xlsx::kApartMinCells;
    std::string toolVersion; ///< written to the workbook's properties
    /// The file an override's audit entry names, when it is not the target: the .ods export writes the .xlsx
    /// into a private folder first, and the entry names the .ods the user asked for.
    std::filesystem::path recordedFile;
    /// The store was opened without its integrity check (db::StoreOptions::checkOnOpen): run it while the
    /// workbook is written; a damaged store then fails the export, whatever else went wrong first.
    bool checkStore = false;
};

/// How an export ended.
enum class ExportStatus {
    Written,  ///< the workbook is at ExportReport::file
    Refused,  ///< the gate or the post-write scan refused; see reasons
    Cancelled ///< cancelled through ExportOptions::cancel
};

/// What exportWorkbook() did.
struct ExportReport
{
    /// Whether the workbook was written, refused or cancelled, and the file it was written to.
    ExportStatus status = ExportStatus::Refused;
    std::filesystem::path file;
    std::vector<std::string> reasons;   ///< why it was refused, one sentence each
    std::vector<std::string> overrides; ///< what an override admitted (also in the workbook and audit log)
    std::uintmax_t bytes = 0;           ///< size of the written file
    std::optional<xlsx::SuppressionSummary> suppression; ///< what suppression hid, when it was on
    /// Temporary files left beside the target by exports that were killed, removed by this one.
    std::size_t abandonedTemporaryFilesRemoved = 0;
};

/// The gate's verdict on a model.
struct GateResult
{
    std::vector<std::string> refusals;  ///< empty: the export may go ahead (the blocking items' texts)
    std::vector<std::string> overrides; ///< what allowUnreviewed admitted
};

/// Gathers everything the workbook shows for a submission, computing every figure with src/core/trends.
/// @throws NotFoundError / DataError as findSubmission(); DataError when the trend engine refuses a series.
xlsx::WorkbookModel buildWorkbookModel(const db::Store& store, RowId submissionId, const std::string& toolVersion = {});

/// The pre-flight gate: the readiness list (app/readiness.h) of @p model with the scan's findings; refuses
/// exactly when the list has a blocking item, with those items' words. @p facts: read from the store with
/// readReadinessFacts(). Marks the case studies admitted by an override in @p model
/// (CaseStudyEntry::overrideNote, model.overrides).
GateResult checkExportGate(xlsx::WorkbookModel& model, const ReadinessFacts& facts, const ExportOptions& options);

/// How @p model's counts below @p threshold are suppressed: with the member areas of each region, nation or
/// grouping it shows, so that their sums are protected too.
xlsx::SuppressionOptions suppressionOptions(const db::Store& store, const xlsx::WorkbookModel& model, int threshold);

/// Runs the whole export to @p target (a file path; the folder must exist).
/// @return Written, Refused (with reasons) or Cancelled. The audit log gets an "export" event when an
///         override admitted anything.
/// @throws FileError when the file cannot be written (the earlier file is untouched); DataError when the
///         content cannot be written (e.g. a text longer than an Excel cell); NotFoundError for a bad submission.
ExportReport exportWorkbook(db::Store& store, const std::filesystem::path& target, const ExportOptions& options);

/// What the audit log records of an export that an override let through (the details of its "export" event):
/// the file written, the override, the references of the case studies it admitted and its notes, as one JSON
/// object in that key order, e.g. {"file":"a.xlsx","override":"allow-unreviewed","admitted":["CS-004"],"notes":[...]}.
std::string overrideEventDetails(const std::string& file, const std::vector<std::string>& admitted,
                                 const std::vector<std::string>& notes);

/// Records in the audit log that @p file, the workbook or document of @p model's submission, was written
/// because an override let through what @p notes say, with the case studies of @p model it admitted. The
/// caller holds the transaction in which the file is put in place, so the event and the file go together.
void recordOverrideEvent(db::Store& store, const xlsx::WorkbookModel& model, const std::string& file,
                         const std::vector<std::string>& notes);

/// Sets @p options' scans to the store's anonymisation guard (src/app/anonymisation.h): before writing, the
/// open findings in what the submission exports (every BLOCK, and each WARN without an acknowledgement); with
/// @p rescanWrittenFile also the re-scan of the written file before it replaces the target (rescanWorkbook(),
/// docs/anonymisation.md §6.3), accepting the admitted drafts' warnings when options.allowUnreviewed is set (call
/// this after setting it). @p store must outlive the export.
void useStoreScanner(const db::Store& store, ExportOptions& options, bool rescanWrittenFile = true);

/// The default file name for the submission (W13 of docs/workbook.md), e.g.
/// "online-harms-white-paper-consultation-response-evidence.xlsx".
std::string defaultExportFileName(const db::Store& store, RowId submissionId);

} // namespace evidence::app
