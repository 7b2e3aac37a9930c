#pragma once
/// @file observation_grid_model.h
/// @brief GUI-free page cache behind the statistics grid: one measure and breakdown, areas by periods.
///
/// The grid never copies the store: this class reads one slice (a measure and one breakdown category, or
/// the totals) with a single query, indexes it by (area, period) and writes every edit straight back
/// through Store::insert/update/removeObservation.
///
/// Candidate for the core: parseCellInput() and cellText() (the shorthand of a typed cell).

#include "core/outliers.h"
#include "db/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::app {

/// What a person typed into a cell.
struct CellInput
{
    bool clear = false;          ///< the cell was emptied: remove the figure
    std::optional<double> value; ///< the figure, if any
    Markers markers;             ///< shorthand markers typed after or instead of the figure
};

/// Parses "82", "1,493", "12.5 [p]", "[x]" or "" (clear).
/// @throws DataError with a sentence quoting the text and saying what is accepted.
CellInput parseCellInput(std::string_view typed);

/// The text a cell shows for an observation: "1,493", "82 [p]", "[x]".
std::string cellText(const Observation& observation);

/// One slice of observations laid out as a table: areas are rows, periods are columns.
class ObservationGridModel
{
public:
    /// A model over @p store, which must outlive it; empty until load().
    explicit ObservationGridModel(db::Store& store);

    /// Reads the figures of @p measureId for one breakdown category (empty strings: the totals).
    /// Rows are the areas with figures (police force areas, then regions, countries and aggregates,
    /// each by name); columns are the periods with figures of the measure, in time order.
    void load(RowId measureId, const std::string& dimension, const std::string& category);
    /// Re-reads the current slice (after an import), keeping added rows and columns.
    void reload();
    /// The source given to new figures (existing figures keep theirs).
    void setSourceId(RowId sourceId);
    /// The source given to new figures; 0 when none is chosen (a new figure is then refused).
    RowId sourceId() const noexcept { return m_sourceId; }

    /// The measure shown.
    RowId measureId() const noexcept { return m_measureId; }
    /// The breakdown dimension shown (empty: the totals).
    const std::string& dimension() const noexcept { return m_dimension; }
    /// The category of that dimension shown (empty: the totals).
    const std::string& category() const noexcept { return m_category; }

    /// How many rows (areas) the grid has.
    std::size_t rowCount() const noexcept { return m_rows.size(); }
    /// How many columns (periods) the grid has.
    std::size_t columnCount() const noexcept { return m_periods.size(); }
    /// The area of row @p row. @throws std::out_of_range past the last row.
    const Area& area(std::size_t row) const { return m_rows.at(row); }
    /// The row's label: the area's name, with its kind where another area shares the name (app::areaLabels).
    std::string rowLabel(std::size_t row) const;
    /// The period of column @p column. @throws std::out_of_range past the last column.
    const Period& period(std::size_t column) const { return m_periods.at(column); }
    /// The figure in a cell, or nullptr when it is empty.
    const Observation* observation(std::size_t row, std::size_t column) const;
    /// cellText() of the cell, or "" when empty.
    std::string text(std::size_t row, std::size_t column) const;

    /// The cells from (@p top, @p left) to (@p bottom, @p right) inclusive as a spreadsheet copies them: a
    /// line per row ending in "\n", cells separated by tabs, each as the grid shows it ("1,493", "[x]", "").
    std::string blockText(std::size_t top, std::size_t left, std::size_t bottom, std::size_t right) const;

    /// What pasting a block (lines of tab-separated cells, as spreadsheets copy) at (@p top, @p left) would
    /// write: each cell's text, and a sentence for every cell that cannot be used (outside the grid, not a
    /// figure, no source for a new figure). An empty cell clears its figure, as in a spreadsheet.
    struct PastePlan
    {
        /// One cell to write.
        struct Cell
        {
            /// Where the cell is in the grid, and the text to write into it ("" clears its figure).
            std::size_t row = 0, column = 0;
            std::string text;
        };
        /// The cells to write, and a sentence for each cell that cannot be used.
        std::vector<Cell> cells;
        std::vector<std::string> refused;
        std::size_t replaced = 0; ///< cells that hold a figure now
    };
    /// Plans pasting @p block at (@p top, @p left); applyPaste() writes it.
    PastePlan planPaste(std::size_t top, std::size_t left, std::string_view block) const;
    /// What Fill Down over the cells from (@p top, @p left) to (@p bottom, @p right) would write: each column's
    /// top cell copied into the cells below it, as in a spreadsheet (an empty top cell clears them), with every
    /// cell that cannot take it listed. Applied, like a paste, by applyPaste() in one transaction.
    PastePlan planFillDown(std::size_t top, std::size_t left, std::size_t bottom, std::size_t right) const;
    /// Writes every cell of @p plan in one transaction: all of them or, on any error, none (and the slice
    /// is read again). @throws like set().
    void applyPaste(const PastePlan& plan);

    /// Writes what was typed into a cell: inserts, updates or (when emptied) removes the figure.
    /// @throws DataError (unparsable text, a value the store refuses, no source chosen for a new figure)
    ///         and FileError/BusyError from the store; the cell keeps its previous figure.
    void set(std::size_t row, std::size_t column, std::string_view typed);

    /// Adds an empty row for @p areaId (or finds it); returns its row.
    std::size_t addArea(RowId areaId);
    /// Adds an empty column for @p period (or finds it); returns its column.
    /// @throws DataError when @p period is of another kind than the columns (a series cannot mix them).
    std::size_t addPeriod(const Period& period);
    /// The row of @p areaId, if shown.
    std::optional<std::size_t> rowOf(RowId areaId) const;

    /// The warning for @p value typed into a cell when it is about ten times, or a tenth of, the figures beside
    /// it in its row (core/outliers.h); nothing when it is not, or the text is not a figure.
    std::optional<Outlier> outlier(std::size_t row, std::size_t column, std::string_view typed) const;
    /// outlier() of the figure a cell holds.
    std::optional<Outlier> outlier(std::size_t row, std::size_t column) const;

    /// The figures of one row in period order (for the trend of that row).
    std::vector<Observation> rowObservations(std::size_t row) const;
    /// The figures shown in the cells, one per area and period (for totals). Where several sources give
    /// a figure for one cell, only the one shown counts.
    std::vector<Observation> shownObservations() const;

private:
    void index();
    std::vector<std::optional<double>> rowValues(std::size_t row) const;
    std::size_t columnOf(const Period& p) const;

    db::Store& m_store;
    RowId m_measureId = 0;
    std::string m_dimension;
    std::string m_category;
    RowId m_sourceId = 0;
    std::vector<Area> m_allAreas;
    std::vector<Area> m_rows;
    std::vector<Period> m_periods;
    std::vector<Observation> m_observations;
    std::vector<int> m_cells; ///< rows x columns: index into m_observations, or -1
};

} // namespace evidence::app
