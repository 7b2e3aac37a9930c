#pragma once
/// @file statistics_view.h
/// @brief The Statistics view: a measure and breakdown, the editable grid of figures, and the trend of a row.

#include "app/observation_grid_model.h"
#include "app/trend_analysis.h"
#include "gui/view.h"

#include <memory>
#include <wx/grid.h>
#include <wx/timer.h>

class wxCheckBox;
class wxChoice;
class wxDataViewListCtrl;
class wxTextCtrl;
class wxStaticText;

namespace evidence::gui {

class TrendChart;

/// wxGrid's virtual table over the page cache: it holds no figures of its own.
class ObservationTable : public wxGridTableBase
{
public:
    /// Shows @p model (nullptr: nothing).
    void setModel(const app::ObservationGridModel* model) noexcept { m_model = model; }
    int GetNumberRows() override { return m_model ? static_cast<int>(m_model->rowCount()) : 0; }
    int GetNumberCols() override { return m_model ? static_cast<int>(m_model->columnCount()) : 0; }
    wxString GetValue(int row, int col) override;
    /// Writes happen in the grid's CELL_CHANGING handler (so a refused value can be vetoed).
    void SetValue(int, int, const wxString&) override {}
    bool IsEmptyCell(int row, int col) override;
    wxString GetRowLabelValue(int row) override;
    /// Tints a figure about ten times, or a tenth of, its neighbours (a warning; it is saved as typed).
    wxGridCellAttr* GetAttr(int row, int col, wxGridCellAttr::wxAttrKind kind) override;
    wxString GetColLabelValue(int col) override;
    /// Tells the grid that rows or columns were added or removed since @p rows x @p cols.
    void resync(int rows, int cols);

    ~ObservationTable() override;

private:
    const app::ObservationGridModel* m_model = nullptr;
    wxGridCellAttr* m_outlierAttr = nullptr;
};

/// A block of grid cells, its first and last rows and columns included.
struct GridBlock
{
    int top = 0;    ///< first row
    int left = 0;   ///< first column
    int bottom = 0; ///< last row
    int right = 0;  ///< last column
};
/// The first selected block of @p grid, or its cursor's cell when nothing is selected.
GridBlock selectedBlock(wxGrid& grid);

/// The Statistics view: a grid of a measure's figures (areas by periods, for its totals or one breakdown
/// category), edited in place and saved as each cell's edit ends, with the trend panel of the selected area.
class StatisticsView : public View
{
public:
    /// Loads the view's form under @p parent. @throws std::logic_error when the form is missing.
    explicit StatisticsView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;
    /// Ends the cell edit in progress, saving what was typed (as Enter would).
    void flush() override;
    wxString unsavedProblem() const override;
    bool goTo(const GoToTarget& target) override;

    /// For tests and the benchmark.
    wxGrid* grid() const noexcept { return m_grid; }
    /// For tests and the benchmark: the model behind the grid.
    app::ObservationGridModel* model() const noexcept { return m_model.get(); }
    /// Selects the measure @p measureId (and its totals).
    void selectMeasure(RowId measureId);
    /// Pastes a block copied from a spreadsheet at the grid's cursor, after showing what it will write (and
    /// writing nothing when any cell cannot be used, listing each).
    void paste(const wxString& block);
    /// Copies the top cell of each column of the selection into the cells below it (with one cell, or one
    /// row, selected: the cell above into it), in one transaction; when any cell cannot take it, writes
    /// nothing and lists each.
    void fillDown();
    /// The headline shown for the selected row.
    wxString headline() const;

private:
    void fillMeasures(RowId select);
    void fillBreakdowns(const std::string& dimension, const std::string& category);
    void fillSources();
    void updateIncluded();
    void fillScopes();
    void loadSlice();
    void resyncGrid(int oldRows, int oldCols);
    void updateTrend();
    void onCellChanging(wxGridEvent& e);
    void warnIfOutlier(int row, int col, const wxString& typed, const wxString& before);
    void onGridKey(wxKeyEvent& e);
    void onNewMeasure();
    void onEditMeasure();
    void onNewBreakdown();
    void onAddArea();
    void onAddPeriod();
    void onFigureProvenance();
    /// The figure in the grid cursor's cell with its source, as-at date and round, as a sentence ("" if empty).
    wxString describeCursorFigure() const;
    RowId selectedMeasureId() const;
    /// Writes a checked paste or fill-down in one transaction and says in the status bar what it wrote
    /// (@p done, with the cell count) or why it wrote nothing (after @p nothing).
    void applyPlan(const app::ObservationGridModel::PastePlan& plan, const wxString& done, const wxString& nothing);

    wxChoice* m_measure;
    wxChoice* m_breakdown;
    wxChoice* m_source;
    wxChoice* m_scope;
    wxCheckBox* m_include;
    wxGrid* m_grid;
    TrendChart* m_chart;
    wxDataViewListCtrl* m_figures;
    wxTextCtrl* m_total;
    wxTextCtrl* m_headline;

    std::vector<Measure> m_measures;
    std::vector<std::pair<std::string, std::string>> m_breakdowns; ///< [0] is the totals ("", "")
    std::vector<Source> m_sources;
    std::vector<Area> m_scopes;
    std::unique_ptr<app::ObservationGridModel> m_model;
    ObservationTable* m_table = nullptr;              ///< owned by the grid
    bool m_scopeChosen = false;                       ///< the user picked "Total over" for this measure
    bool m_loaded = false;                            ///< lists read since the store was attached
    std::unique_ptr<app::MeasureAnalysis> m_analysis; ///< totals of the shown measure, until an edit
    wxTimer m_trendTimer;
    /// Why the last cell typed was refused, while what was typed is still (or about to be again) in the
    /// cell's editor; empty once it is saved or given up with Escape.
    wxString m_refused;
    bool m_reopenPending = false; ///< the refused entry is about to be put back into the editor
};

} // namespace evidence::gui
