#pragma once
/// @file build_context.h
/// @brief The workbook builder's shared state and its methods, one file per sheet family (export library
/// internal).
///
/// buildLayout() (builder.h) runs a Builder: builder.cpp plans the sheets and writes the lines above each
/// table; sheet_statistics.cpp, sheet_change.cpp, sheet_totals.cpp and sheet_breakdowns.cpp lay out the
/// tables of figures; sheet_case_studies.cpp, sheet_responses.cpp and sheet_sources.cpp the text tables;
/// sheet_charts.cpp the charts; sheet_notes.cpp the notes, methodology, contents, cover and properties.
/// Every sentence they write goes through prose.h.

#include "builder.h"
#include "core/area_order.h"
#include "core/numbers.h"
#include "core/text.h"
#include "core/trends/figure.h"
#include "export/suppression.h"
#include "export/workbook_writer.h"
#include "markdown.h"
#include "prose.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace evidence::xlsx {

using namespace prose;

/// A sheet index, row or column that does not exist (a sheet the workbook has none of, a column not shown).
inline constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// What one sheet needs to know of the others while the workbook is built: the index of each sheet (kNone
/// when the workbook has none), the notes referred to so far, and the rows and columns of the cells that
/// other sheets refer to (a change row's figures, a total, a breakdown's recorded total, a case study's row).
struct BuildContext
{
    /// The workbook laid out so far, and the problems found in the model (BuildResult).
    Layout m_layout;
    std::vector<std::string> m_problems;
    /// The index of each sheet, or kNone when the workbook has none: the cover, contents and notes sheets.
    std::size_t m_cover = kNone, m_contents = kNone, m_notes = kNone;
    /// Per measure, in model order: the index of its statistics sheet, or kNone when it has no series.
    std::vector<std::size_t> m_stats;
    /// The change sheets, one for each unit the measures' figures are in (one column of figures must not hold
    /// counts beside rates), in order; and per measure, in model order, its change sheet, or kNone when it has
    /// no change row.
    std::vector<std::size_t> m_changeSheets;
    std::vector<std::size_t> m_changeOf;
    /// The totals, breakdowns and breakdown-summary sheets.
    std::size_t m_totals = kNone, m_breakdowns = kNone, m_breakdownSummary = kNone;
    /// The case studies, responses, evidence-cited and sources sheets.
    std::size_t m_cases = kNone, m_responses = kNone, m_evidence = kNone, m_sources = kNone;
    /// The methodology sheet, and the sheet the charts are on.
    std::size_t m_methodology = kNone, m_chartsSheet = kNone;
    /// The notes referred to so far, in order: note N is m_noteTexts[N - 1].
    std::vector<std::string> m_noteTexts;
    std::map<std::size_t, std::size_t> m_noteColumns; // sheet -> a row-label column other than the first
    // Positions of cells other tables refer to.
    std::map<std::pair<std::size_t, std::int64_t>, std::size_t> m_totalsRow; // (measure, period) -> row
    std::size_t m_totalsPeriodCol = 0, m_totalsTotalCol = 0, m_totalsLflCol = 0;
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> m_changeRow; // (measure, series) -> row
    std::map<std::size_t, std::size_t> m_lflChangeRow;                      // measure -> row
    std::map<std::size_t, std::vector<Period>> m_emptyPeriods; // measure -> period columns without a figure
    /// The columns of the change tables that charts read: the area's name and the percentage change.
    std::size_t m_changeAreaCol = 0, m_changePercentCol = 0;
    /// Where one distribution's categories are in the breakdowns table.
    struct DistRows
    {
        /// Its first row, then how many recorded and not-recorded categories follow it.
        std::size_t first = 0;
        std::size_t recorded = 0;
        std::size_t notRecorded = 0;
    };
    std::map<std::pair<std::size_t, std::size_t>, DistRows> m_distRows; // (measure, distribution) -> rows
    std::vector<std::vector<std::size_t>> m_distOrder;                  // per measure: its distributions in row order
    /// The columns of the breakdowns table that charts read: the category and its count.
    std::size_t m_distCategoryCol = 0, m_distCountCol = 0;
    /// Per case study id: its row in the case studies table, where responses' citations link to.
    std::map<RowId, std::size_t> m_caseRow;
    std::map<std::size_t, std::size_t> m_evidenceRow; // response index -> its first row in Evidence cited
    /// Charts made so far, numbering their titles.
    std::size_t m_chartCount = 0;
};

/// Lays out one WorkbookModel; used once, by buildLayout().
class Builder : private BuildContext
{
public:
    /// Lays out @p model; @p valuesOnly and @p charts as in WriteOptions. The model must outlive the Builder.
    Builder(const WorkbookModel& model, bool valuesOnly, bool charts);
    /// Lays out every sheet; call once.
    BuildResult build();

private:
    const WorkbookModel& m_model;
    bool m_valuesOnly;
    bool m_chartsWanted;
    bool m_multiMeasure = false;
    struct ChangeCols
    {
        std::size_t measure = kNone, area, code, from, to, years, first, last, change, percent, fold, annual, lower,
                    upper, significance, notes;
    };

    // builder.cpp
    std::size_t addSheet(std::string name, bool listed = true);
    bool anyChart() const;
    void plan();
    std::string tableNumber(std::size_t sheet) const { return m_layout.sheets[sheet].name; } // "Table 3"
    std::string tableName(std::size_t sheet, const std::string& what) const;

    // sheet_notes.cpp
    std::string note(const std::string& text);
    static void renumberIn(std::string& s, std::vector<std::size_t>& number, std::size_t& next);
    void renumberNotes();
    std::string overridesText() const;
    std::string suppressionNote(Unit unit = Unit::Count);
    bool anyConfidential(const std::vector<Ref>& refs) const;

    // builder.cpp
    void finishTableSheet(std::size_t si, const std::string& title, const std::string& description,
                          const std::vector<std::string>& extra);

    // sheet_statistics.cpp
    static std::size_t statsPeriodCol(std::size_t periodIndex) { return 3 + periodIndex; }
    std::optional<std::size_t> periodIndex(const MeasureSection& sec, const Period& p) const;
    std::string provenanceText(RowId areaId, const std::vector<Period>& periods,
                               const std::map<std::pair<RowId, std::int64_t>, const Observation*>& totals) const;
    static bool isSuppressed(const trends::SeriesPoint* p);
    static std::map<std::pair<RowId, std::int64_t>, const Observation*> totalObservations(const MeasureSection& sec);
    std::vector<std::string> sourceTitles(const MeasureSection& sec) const;
    std::string periodSpan(const MeasureSection& sec) const;
    void buildStatistics(std::size_t mi);

    // sheet_change.cpp
    ChangeCols changeColumns(Table& t, ColumnType valueType, bool fractionalYears, const std::string& ciNote);
    void fillChangeRow(std::vector<Cell>& row, std::size_t si, std::size_t rowIndex, const ChangeCols& c,
                       const trends::SeriesFigures& f);
    void buildChange(std::size_t si);
    std::string lflNote(const MeasureSection& sec);

    // sheet_totals.cpp
    std::string commonNoun() const;
    void buildTotals();

    // sheet_breakdowns.cpp
    std::optional<Ref> areaTotalRef(std::size_t mi, RowId areaId, const Period& period) const;
    void buildBreakdowns();
    void buildBreakdownSummary();

    // sheet_case_studies.cpp
    std::string citingQuestions(RowId caseStudyId) const;
    void buildCaseStudies();

    // sheet_responses.cpp
    const MeasureSection* measureById(RowId id, std::size_t& index) const;
    const CaseStudyEntry* caseById(RowId id) const;
    void buildResponses();
    void buildEvidence();

    // sheet_sources.cpp
    void buildSources();

    // sheet_notes.cpp
    std::string workedExample() const;
    void buildMethodology();

    // sheet_charts.cpp
    void buildCharts();

    // sheet_notes.cpp
    void buildNotes();
    void buildContents();
    void buildCover();
    void buildProperties();
};

} // namespace evidence::xlsx
