#pragma once
/// @file anonymisation.h
/// @brief The anonymisation guard over a store: scans every free text, enforces the review rules,
/// records acknowledgements and decides whether a submission may be exported (docs/anonymisation.md §6.3).

#include "anon/scanner.h"
#include "app/workbook_text.h"
#include "db/store.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace evidence::app {

/// The findings of one free-text field of one record.
struct FieldFindings
{
    std::string recordTable; ///< "case_studies", "answers", "submissions", "observations", "sources"
    /// The uuid and the row id of the record the field belongs to.
    std::string recordUuid;
    RowId recordId = 0;
    std::string recordLabel; ///< e.g. "Case study CS-004", "Answer to question 7a"
    /// Which field it is, as the scanner names it.
    anon::Field field = anon::Field::Other;
    std::string fieldLabel;                  ///< e.g. "narrative"
    std::vector<anon::Finding> open;         ///< every BLOCK, and each WARN without an acknowledgement
    std::vector<anon::Finding> acknowledged; ///< WARN findings with a recorded acknowledgement

    /// How many open findings are BLOCK (each stops an export).
    std::size_t blocking() const;
};

/// A free text as a message may show it: its first character and its length, never the text itself
/// ("H… (11 characters)"). Messages end up in logs; the text is a child's account.
std::string maskText(std::string_view text);

/// Describes a finding for a message: severity, kind and where it is, with the matched text masked
/// (maskText()). Only the user's own view of the findings (the GUI, `scan --show-text`) shows the text.
std::string describeFinding(const anon::Finding& finding);

/// Scans the title, narrative and outcome of @p caseStudy, applying its recorded acknowledgements.
std::vector<FieldFindings> scanCaseStudy(const db::Store& store, const CaseStudy& caseStudy);
/// The same with its acknowledgements read beforehand (Store::acknowledgements()): it touches no store,
/// so it can run on a thread of its own while the user types.
std::vector<FieldFindings> scanCaseStudy(const CaseStudy& caseStudy, const std::vector<FindingAcknowledgement>& acks);

/// Scans every free text of the store, or (with @p submissionId) what that submission exports: its
/// metadata, its answers, its selected case studies (every free-text field, the consent and review
/// roles included), its measures, the breakdowns and notes of its figures, their sources, and the
/// acknowledgements of those records. Which columns are free text is db::textColumns(), checked
/// against the schema by a test. Fields with no finding are left out.
std::vector<FieldFindings> scanStore(const db::Store& store, std::optional<RowId> submissionId = std::nullopt);

/// Whether a case study may be marked reviewed: zero BLOCK findings and every WARN acknowledged.
struct ReviewCheck
{
    /// Whether it may be marked reviewed.
    bool allowed = false;
    /// How many BLOCK findings and unacknowledged WARN findings stand in the way.
    std::size_t blocking = 0;
    std::size_t unacknowledgedWarnings = 0;
    std::vector<std::string> reasons; ///< sentences naming each finding that stands in the way
};
/// Scans case study @p caseStudyId and says whether it may be marked reviewed. @throws NotFoundError.
ReviewCheck checkReview(const db::Store& store, RowId caseStudyId);

/// Marks a case study reviewed by @p role when checkReview() allows it, on @p on (YYYY-MM-DD, the day the review
/// happened; empty: now).
/// @throws DataError with the reasons when it does not, or for a review date that is not a date or is in the future.
void markReviewed(db::Store& store, RowId caseStudyId, const std::string& role, const std::string& on = {});

/// Records that @p finding (a WARN of @p where) is not identifying, with @p reason and @p role.
/// @throws DataError for a BLOCK finding: those must be changed, never acknowledged.
void acknowledgeFinding(db::Store& store, const FieldFindings& where, const anon::Finding& finding,
                        const std::string& reason, const std::string& role);

/// Why @p submissionId may not be exported: each selected case study that is a draft (unless
/// @p allowUnreviewed) and every BLOCK finding in what it exports (no option admits those).
std::vector<std::string> exportBlockers(const db::Store& store, RowId submissionId, bool allowUnreviewed);

/// The scanner context for a submission's organisational contact field (its own e-mail allowed there).
anon::ScanContext contactContext(const Submission& submission);

/// Re-scans the text of a written workbook (every text cell, sheet and table name, chart text, alt text
/// and document property): returns a sentence per finding that is BLOCK, or WARN and matching no
/// acknowledgement recorded for the records the submission exports. Empty means the file may be published.
/// Whatever the scan of the store finds open (BLOCK, or WARN not acknowledged) is also looked for in
/// every text of the file as a whole word in any case, so a detail the workbook re-cases ("the helen
/// Marsh") is found though the scanner alone would not find it there.
/// The store's own reference facts are not findings: area names (a police force named after a town) and
/// the dates the officer entered in date fields (as-at, consultation, source and consent dates).
/// With @p acceptDraftWarnings (the --allow-unreviewed override), the open WARN findings of the selected
/// draft case studies pass too: the override that admitted those drafts is recorded with the export.
std::vector<std::string> rescanWorkbook(const db::Store& store, RowId submissionId,
                                        const std::filesystem::path& workbook, bool acceptDraftWarnings = false);

/// The scan of a written file (a workbook or a response document) before it replaces the target: any reason it
/// returns vetoes the export. It may be told ahead of the file texts the file will hold (expect()), which it
/// then scans while it waits rather than in the file.
class PostWriteScan
{
public:
    /// Reads and scans the file; given what followWrittenWorkbook() read of it while it was written (or null),
    /// it reads only the rest.
    using Scan =
        std::function<std::vector<std::string>(const std::filesystem::path& written, WorkbookPrereading* prereading)>;
    /// Scans texts the file will hold, ahead of it.
    using Expect = std::function<void(const std::vector<WorkbookText>& texts)>;

    /// No scan.
    PostWriteScan() = default;
    /// A scan that may be told texts ahead of the file.
    PostWriteScan(Scan scan, Expect expect) : m_scan(std::move(scan)), m_expect(std::move(expect)) {}
    /// A scan that is told nothing ahead of the file.
    template <class F, class = std::enable_if_t<std::is_invocable_r_v<
                           std::vector<std::string>, F&, const std::filesystem::path&, WorkbookPrereading*>>>
    PostWriteScan(F scan) : m_scan(std::move(scan))
    {
    }

    /// Whether there is a scan to run.
    explicit operator bool() const noexcept { return static_cast<bool>(m_scan); }
    /// The reasons the file at @p written may not replace the target.
    std::vector<std::string> operator()(const std::filesystem::path& written, WorkbookPrereading* prereading) const
    {
        return m_scan(written, prereading);
    }
    /// Scans @p texts now; the file's texts equal to one of them are not scanned again.
    void expect(const std::vector<WorkbookText>& texts) const
    {
        if (m_expect)
            m_expect(texts);
    }

private:
    Scan m_scan;
    Expect m_expect;
};

/// rescanWorkbook() in two steps: reads from the store what the scan needs (acknowledgements, area names,
/// entered dates) and returns the scan of a written file, which reads nothing else from the store. The
/// export reads the store while libxlsxwriter is busy writing, then scans the file it wrote.
/// @p storeFindings: what scanStore(store, submissionId) has just returned, when the caller has it (the
/// export's pre-flight scan), so that the store's texts are not scanned a second time.
/// @p expectedTexts: texts the file will hold, scanned now (while libxlsxwriter writes the file); a text
/// of the file equal to one of them is not scanned again. Any other text of the file is scanned as usual.
/// The returned scan takes what followWrittenWorkbook() read of the file while it was written (or null), and
/// reads only the rest (forEachWorkbookMember()); texts it is told to expect are scanned as @p expectedTexts.
PostWriteScan prepareWorkbookRescan(const db::Store& store, RowId submissionId, bool acceptDraftWarnings = false,
                                    std::optional<std::vector<FieldFindings>> storeFindings = std::nullopt,
                                    std::vector<std::string> expectedTexts = {});

} // namespace evidence::app
