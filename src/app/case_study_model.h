#pragma once
/// @file case_study_model.h
/// @brief GUI-free helpers of the case-study and submission forms (no toolkit types).
///
/// The anonymisation rules themselves live in src/app/anonymisation.h (scanCaseStudy, checkReview,
/// markReviewed, acknowledgeFinding); this file only counts, caches and words what they return.

#include "anon/scanner.h"
#include "app/anonymisation.h"
#include "core/domain.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace evidence::db {
class Store;
}

namespace evidence::app {

/// Scans text typed into a field that is not saved yet; WARN findings acknowledged for the record are dropped
/// (BLOCK findings always stay), as src/app does for saved text.
std::vector<anon::Finding> scanField(std::string_view text, anon::Field field,
                                     const std::vector<FindingAcknowledgement>& acks);

/// Counts of open findings by severity.
struct FindingCounts
{
    /// Open BLOCK findings, and open WARN findings (not acknowledged).
    std::size_t block = 0;
    std::size_t warn = 0;
    /// Whether there is no open finding.
    bool empty() const noexcept { return block == 0 && warn == 0; }
};
/// Counts @p findings by severity.
FindingCounts countFindings(std::span<const anon::Finding> findings) noexcept;

/// Open-finding counts per case study (app::scanCaseStudy), cached until its text or acknowledgements change.
class FindingsCache
{
public:
    /// The counts of @p caseStudy; scans it when its text or @p acks changed since the last scan.
    FindingCounts counts(const db::Store& store, const CaseStudy& caseStudy,
                         const std::vector<FindingAcknowledgement>& acks);
    /// Records the counts of @p fields, found in @p caseStudy's text with @p acks elsewhere (a scan run while
    /// the user typed), so that the list and the status bar do not scan the same text again.
    void remember(const CaseStudy& caseStudy, const std::vector<FindingAcknowledgement>& acks,
                  const std::vector<app::FieldFindings>& fields);
    /// Forgets every count: the main window does when a store is opened or closed.
    void clear() { m_entries.clear(); }

private:
    struct Entry
    {
        std::size_t key = 0;
        FindingCounts counts;
    };
    static std::size_t keyOf(const CaseStudy& c, const std::vector<FindingAcknowledgement>& acks);
    std::unordered_map<RowId, Entry> m_entries;
};

/// "BLOCK e-mail address “jo@example.org”": the severity as a word, so colour is never the only signal.
std::string findingLabel(const anon::Finding& finding);

/// Whether the suggested replacement of @p finding is a pseudonym (a name) rather than a generalisation.
bool isPseudonymFix(const anon::Finding& finding) noexcept;

/// A whole number typed into a field ("14"), or nothing when the text is empty.
/// @throws DataError naming @p field when the text is not a whole number between @p min and @p max.
std::optional<int> parseWholeNumber(std::string_view text, std::string_view field, int min, int max);

/// The next free reference of the form CS-001 after the highest one in @p references.
std::string nextCaseReference(const std::vector<std::string>& references);

} // namespace evidence::app
