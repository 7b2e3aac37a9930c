#pragma once
/// @file workbook_model.h
/// @brief Everything the workbook shows, as plain values: no store, no toolkit.
///
/// The application layer (src/app/export_job.cpp) gathers this from a store and the trend engine; the
/// export library only lays it out. Every computed figure comes from src/core/trends: the writer never
/// computes a trend itself, it only writes the formula that shows the working next to the engine's result.

#include "core/domain.h"
#include "core/trends/distribution.h"
#include "core/trends/series.h"
#include "core/trends/totals.h"

#include <optional>
#include <string>
#include <vector>

namespace evidence::xlsx {

/// One row of a statistics table and of the change table: an area and the figures of its series.
struct AreaSeries
{
    /// The area of the row.
    Area area;
    trends::SeriesFigures figures; ///< from trends::computeSeries() over the area's totals
};

/// The totals of one measure over the areas in scope (e.g. the 44 forces of England, Wales and Northern Ireland).
struct MeasureTotals
{
    std::string scopeName;       ///< what the scope is, e.g. "England, Wales and Northern Ireland"
    std::vector<Area> scope;     ///< the areas added up
    trends::TotalsResult result; ///< from trends::computeTotals()
};

/// One breakdown (e.g. victim age) of one measure for one area and period.
struct AreaDistribution
{
    /// The area the breakdown is of.
    Area area;
    trends::Distribution distribution; ///< from trends::computeDistribution()
};

/// One measure: its statistics table, the series of each area, its totals and breakdowns.
struct MeasureSection
{
    /// The measure, as the store holds it.
    Measure measure;
    std::vector<Period> periods;           ///< columns of the statistics table, in time order
    std::vector<Observation> observations; ///< the measure's totals (breakdowns are in distributions)
    std::vector<RowId> sourceIds;          ///< sources of all its observations, in order of first appearance
    std::vector<AreaSeries> series;        ///< rows of the statistics table, in order (one per area)
    std::optional<MeasureTotals> totals;   ///< absent when no scope could be chosen
    /// Its breakdowns, one per area, period and dimension (the breakdowns table sets its own order).
    std::vector<AreaDistribution> distributions;
};

/// A case study selected for the submission.
struct CaseStudyEntry
{
    /// The case study, as the store holds it.
    CaseStudy caseStudy;
    std::string regionName;   ///< name of CaseStudy::regionAreaId, empty when not given
    std::string overrideNote; ///< non-empty when an override admitted it: what was overridden and how
};

/// An answered consultation question.
struct ResponseEntry
{
    /// The question answered.
    Question question;
    Answer answer; ///< cites measures by id (MeasureSection::measure.id) and case studies by id
};

/// What small-count suppression did to the model (export/suppression.h), for the Notes sheet.
struct SuppressionSummary
{
    int threshold = 0;         ///< counts below this are shown as "[c]"
    std::size_t primary = 0;   ///< counts hidden because they are below the threshold
    std::size_t secondary = 0; ///< counts hidden so that the primary ones cannot be worked out from totals
    std::size_t dependent = 0; ///< computed figures (changes, shares) hidden because they use a hidden count
    /// The distinct counts hidden (ascending): none of them may appear in text typed into the store either.
    std::vector<double> hiddenCounts{};
};

/// The whole workbook's content.
struct WorkbookModel
{
    /// The consultation answered and the submission that answers it.
    Consultation consultation;
    Submission submission;
    std::vector<Source> sources; ///< the sources of the figures shown
    /// One section per selected measure that has figures, in the order of the statistics sheets.
    std::vector<MeasureSection> measures;
    /// The selected case studies, in reference order.
    std::vector<CaseStudyEntry> caseStudies;
    std::vector<ResponseEntry> responses; ///< in question order
    std::string methodology;              ///< Markdown (evidence::methodologyText())
    /// One sentence per override used for this export (e.g. a draft case study admitted with
    /// --allow-unreviewed); written to the Notes sheet and mentioned on the cover.
    std::vector<std::string> overrides;
    /// Set when small counts were suppressed (export/suppression.h); the Notes sheet states the rule.
    std::optional<SuppressionSummary> suppression;
    /// The share of the areas in scope a like-for-like total must cover for its change to be given as a
    /// number; below it the change is "[u]" (low reliability) with a note.
    double coverageThreshold = trends::kDefaultCoverageThreshold;
    std::string storeId;     ///< written as a custom document property
    std::string toolVersion; ///< e.g. "0.1.0"
};

} // namespace evidence::xlsx
