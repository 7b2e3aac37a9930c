#include "gui/statistics_view.h"

#include "app/choosers.h"
#include "app/lookup.h"
#include "app/trend_analysis.h"
#include "core/errors.h"
#include "core/text.h"
#include "core/trends/headline.h"
#include "core/trends/report.h"
#include "core/trends/series.h"
#include "core/trends/totals.h"
#include "db/store.h"
#include "gui/dialogs.h"
#include "gui/error_text.h"
#include "gui/find_chooser.h"
#include "gui/trend_chart.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/msgdlg.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>

namespace evidence::gui {

namespace {

/// The trend's figures, sorted by a click on a column's header: values by size, not as text.
class FigureStore : public wxDataViewListStore
{
public:
    int Compare(const wxDataViewItem& a, const wxDataViewItem& b, unsigned column, bool ascending) const override
    {
        wxVariant x, y;
        GetValue(x, a, column);
        GetValue(y, b, column);
        int c = app::compareCells(toUtf8(x.GetString()), toUtf8(y.GetString()));
        if (c == 0)
            c = static_cast<int>(GetRow(a)) - static_cast<int>(GetRow(b));
        return ascending ? c : -c;
    }
};

} // namespace

// ---- ObservationTable ---------------------------------------------------------------------------

wxString ObservationTable::GetValue(int row, int col)
{
    return m_model ? toWx(m_model->text(static_cast<std::size_t>(row), static_cast<std::size_t>(col))) : wxString();
}

bool ObservationTable::IsEmptyCell(int row, int col)
{
    return !m_model || !m_model->observation(static_cast<std::size_t>(row), static_cast<std::size_t>(col));
}

wxString ObservationTable::GetRowLabelValue(int row)
{
    return m_model ? toWx(m_model->rowLabel(static_cast<std::size_t>(row))) : wxString();
}

wxString ObservationTable::GetColLabelValue(int col)
{
    return m_model ? toWx(m_model->period(static_cast<std::size_t>(col)).toString()) : wxString();
}

ObservationTable::~ObservationTable()
{
    if (m_outlierAttr)
        m_outlierAttr->DecRef();
}

wxGridCellAttr* ObservationTable::GetAttr(int row, int col, wxGridCellAttr::wxAttrKind kind)
{
    wxGridCellAttr* attr = wxGridTableBase::GetAttr(row, col, kind);
    if (attr || !m_model || row < 0 || col < 0 ||
        !m_model->outlier(static_cast<std::size_t>(row), static_cast<std::size_t>(col)))
        return attr;
    if (!m_outlierAttr) {
        m_outlierAttr = new wxGridCellAttr();
        m_outlierAttr->SetBackgroundColour(wxColour(0xFF, 0xE8, 0xB0)); // amber: check, not an error
    }
    m_outlierAttr->IncRef();
    return m_outlierAttr;
}

void ObservationTable::resync(int rows, int cols)
{
    wxGrid* grid = GetView();
    if (!grid)
        return;
    grid->BeginBatch();
    const int newRows = GetNumberRows(), newCols = GetNumberCols();
    if (newRows < rows) {
        wxGridTableMessage m(this, wxGRIDTABLE_NOTIFY_ROWS_DELETED, newRows, rows - newRows);
        grid->ProcessTableMessage(m);
    } else if (newRows > rows) {
        wxGridTableMessage m(this, wxGRIDTABLE_NOTIFY_ROWS_APPENDED, newRows - rows);
        grid->ProcessTableMessage(m);
    }
    if (newCols < cols) {
        wxGridTableMessage m(this, wxGRIDTABLE_NOTIFY_COLS_DELETED, newCols, cols - newCols);
        grid->ProcessTableMessage(m);
    } else if (newCols > cols) {
        wxGridTableMessage m(this, wxGRIDTABLE_NOTIFY_COLS_APPENDED, newCols - cols);
        grid->ProcessTableMessage(m);
    }
    grid->EndBatch();
    grid->ForceRefresh();
}

// ---- StatisticsView -------------------------------------------------------------------------------

GridBlock selectedBlock(wxGrid& grid)
{
    GridBlock block{grid.GetGridCursorRow(), grid.GetGridCursorCol(), grid.GetGridCursorRow(), grid.GetGridCursorCol()};
    const wxGridBlocks blocks = grid.GetSelectedBlocks();
    if (blocks.begin() != blocks.end()) {
        const wxGridBlockCoords& b = *blocks.begin();
        block = {b.GetTopRow(), b.GetLeftCol(), b.GetBottomRow(), b.GetRightCol()};
    }
    return block;
}

StatisticsView::StatisticsView(wxWindow* parent) : View(parent, "statistics_panel")
{
    m_measure = ctrl<wxChoice>("measure_choice");
    m_breakdown = ctrl<wxChoice>("breakdown_choice");
    m_source = ctrl<wxChoice>("source_choice");
    m_scope = ctrl<wxChoice>("total_scope_choice");
    m_grid = ctrl<wxGrid>("grid");
    m_figures = ctrl<wxDataViewListCtrl>("figures_list");
    m_total = ctrl<wxTextCtrl>("total_text");
    m_headline = ctrl<wxTextCtrl>("headline_text");
    m_include = ctrl<wxCheckBox>("include_measure_check");

    m_chart = new TrendChart(this, XRCID("trend_chart"));
    wxXmlResource::Get()->AttachUnknownControl("chart", m_chart, this);

    m_table = new ObservationTable();
    m_grid->SetTable(m_table, true, wxGrid::wxGridSelectCells);
    m_grid->SetDefaultCellAlignment(wxALIGN_RIGHT, wxALIGN_CENTRE);
    m_grid->SetRowLabelAlignment(wxALIGN_LEFT, wxALIGN_CENTRE);
    m_grid->SetDefaultColSize(FromDIP(84));
    m_grid->SetRowLabelSize(FromDIP(200));
    // As in a spreadsheet: Tab at the last column goes on to the next row (Enter moves down); Tab at the
    // grid's last cell (Shift+Tab at its first) leaves it, so the keyboard never gets stuck in the grid.
    m_grid->SetTabBehaviour(wxGrid::Tab_Wrap);
    m_grid->Bind(wxEVT_GRID_TABBING, [this](wxGridEvent& e) {
        const int rows = m_grid->GetNumberRows(), cols = m_grid->GetNumberCols();
        int row = m_grid->GetGridCursorRow(), col = m_grid->GetGridCursorCol();
        if (rows == 0 || cols == 0 || row < 0 || col < 0) {
            e.Skip();
            return;
        }
        flush(); // saves the cell being edited, as Enter would; a refused entry reopens its editor
        if (!m_refused.empty() && m_reopenPending)
            return;
        const bool back = e.ShiftDown();
        if (back ? row == 0 && col == 0 : row == rows - 1 && col == cols - 1) {
            // Out of the grid to the controls next to it in the form (Navigate() from inside the grid's key
            // handling leaves the focus where it is). After the grid has finished with the key.
            CallAfter([this, back] {
                if (back)
                    FindWindow(XRCID("add_period_button"))->SetFocus();
                else
                    m_figures->SetFocus();
            });
            return;
        }
        col += back ? -1 : 1;
        if (col == cols) {
            col = 0;
            ++row;
        } else if (col < 0) {
            col = cols - 1;
            --row;
        }
        m_grid->GoToCell(row, col);
    });
    m_grid->SetHelpText("Figures by area (rows) and period (columns)");

    {
        auto* store = new FigureStore();
        m_figures->AssociateModel(store);
        store->DecRef();
    }
    m_figures->AppendTextColumn("Figure", wxDATAVIEW_CELL_INERT, columnWidth(m_figures, "Figure", "Annual rate (%)"),
                                wxALIGN_NOT, wxDATAVIEW_COL_RESIZABLE | wxDATAVIEW_COL_SORTABLE);
    m_figures->AppendTextColumn("Value", wxDATAVIEW_CELL_INERT, FromDIP(110), wxALIGN_RIGHT,
                                wxDATAVIEW_COL_RESIZABLE | wxDATAVIEW_COL_SORTABLE);
    // The figures of a series (about ten rows) beside the grid; the headline and the like-for-like total,
    // with its notes, below it, tall enough for their text in a window 1024 pixels wide.
    m_figures->SetMinSize(
        wxSize(std::max(FromDIP(262), m_figures->GetColumn(0)->GetWidth() + FromDIP(110) + FromDIP(22)), -1));
    m_headline->SetMinSize(wxSize(-1, m_headline->GetCharHeight() * 2 + FromDIP(20)));
    m_total->SetMinSize(wxSize(-1, m_total->GetCharHeight() * 4 + FromDIP(20)));
    m_grid->SetMinSize(FromDIP(wxSize(300, 160)));
    // Choices as wide as their longest item would push the buttons off a 1024-pixel window.
    for (wxChoice* c : {m_measure, m_breakdown, m_source, m_scope})
        c->SetMinSize(FromDIP(wxSize(120, -1)));
    installTypeToFind(m_measure, "measure");
    installTypeToFind(m_breakdown, "breakdown");
    installTypeToFind(m_source, "source");
    installTypeToFind(m_scope, "area");

    m_measure->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        updateIncluded();
        fillBreakdowns("", "");
        loadSlice();
    });
    m_breakdown->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { loadSlice(); });
    m_include->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
        if (const RowId measure = selectedMeasureId()) {
            try {
                m_ws->store().setMeasureSelected(m_ws->submissionId(), measure, m_include->GetValue());
                m_ws->storeChanged();
                setStatus(m_include->GetValue() ? "The measure is included in the submission's workbook."
                                                : "The measure is left out of the submission's workbook.");
            } catch (...) {
                setStatus("Not saved: " + describeError(std::current_exception()), true);
            }
        }
    });
    m_source->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        const int i = m_source->GetSelection();
        if (m_model && i >= 0 && static_cast<std::size_t>(i) < m_sources.size()) {
            m_model->setSourceId(m_sources[static_cast<std::size_t>(i)].id);
            m_grid->ForceRefresh();
            updateTrend();
        }
    });
    m_scope->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        m_scopeChosen = true;
        m_analysis.reset();
        updateTrend();
    });
    m_trendTimer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateTrend(); });
    m_grid->Bind(wxEVT_GRID_CELL_CHANGING, &StatisticsView::onCellChanging, this);
    m_grid->Bind(wxEVT_GRID_SELECT_CELL, [this](wxGridEvent& e) {
        e.Skip();
        if (e.GetRow() != m_grid->GetGridCursorRow())
            m_trendTimer.StartOnce(120); // while moving fast, compute once the cursor rests
        // Where and when the figure is from, once the cursor is on it; a refused entry's reason stays shown.
        CallAfter([this] {
            if (!m_refused.empty())
                return;
            if (const wxString d = describeCursorFigure(); !d.empty())
                setStatus(d);
        });
    });
    m_grid->Bind(wxEVT_KEY_DOWN, &StatisticsView::onGridKey, this);
    // The typing-slip warning as the figure is typed: in the status area, never stopping the save.
    m_grid->Bind(wxEVT_GRID_EDITOR_CREATED, [this](wxGridEditorCreatedEvent& e) {
        e.Skip();
        if (auto* text = dynamic_cast<wxTextCtrl*>(e.GetControl()))
            text->Bind(wxEVT_TEXT, [this, text](wxCommandEvent& t) {
                t.Skip();
                if (m_refused.empty()) // why an entry was refused stays in view while it is corrected
                    warnIfOutlier(m_grid->GetGridCursorRow(), m_grid->GetGridCursorCol(), text->GetValue(), wxString());
            });
    });
    // A key that reaches the grid while a cell's editor is open (typed before the editor took the focus, or
    // after the focus strayed) belongs to that cell: wxGrid would drop it, splitting "1,493" into 1 and ",493".
    m_grid->GetGridWindow()->Bind(wxEVT_CHAR, [this](wxKeyEvent& e) {
        const wxChar c = e.GetUnicodeKey();
        if (!m_grid->IsCellEditControlShown() || c < 32 || c == 127 || e.HasAnyModifiers()) {
            e.Skip();
            return;
        }
        wxGridCellEditor* editor = m_grid->GetCellEditor(m_grid->GetGridCursorRow(), m_grid->GetGridCursorCol());
        auto* text = editor ? dynamic_cast<wxTextCtrl*>(editor->GetControl()) : nullptr;
        if (editor)
            editor->DecRef();
        if (!text) {
            e.Skip();
            return;
        }
        if (wxWindow::FindFocus() != text) {
            // Focusing a text box selects all of it, which the next key would replace: keep the caret.
            const long at = text->GetInsertionPoint();
            text->SetFocus();
            text->SetSelection(at, at);
        }
        text->WriteText(wxString(c));
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onNewMeasure(); }, XRCID("new_measure_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onEditMeasure(); }, XRCID("edit_measure_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onNewBreakdown(); }, XRCID("new_breakdown_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onAddArea(); }, XRCID("add_area_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onAddPeriod(); }, XRCID("add_period_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onFigureProvenance(); }, XRCID("figure_provenance_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { copyToClipboard(m_headline->GetValue()); }, XRCID("copy_button"));
    attach(nullptr);
}

void StatisticsView::attach(Workspace* workspace)
{
    const int rows = m_table->GetNumberRows(), cols = m_table->GetNumberCols();
    m_ws = workspace;
    m_refused.clear();
    m_table->setModel(nullptr);
    m_model.reset();
    if (m_ws)
        m_model = std::make_unique<app::ObservationGridModel>(m_ws->store());
    m_table->setModel(m_model.get());
    resyncGrid(rows, cols);
    m_measures.clear();
    m_sources.clear();
    m_measure->Clear();
    m_breakdown->Clear();
    m_source->Clear();
    m_scope->Clear();
    m_loaded = false; // read when first shown
    updateTrend();
}

void StatisticsView::showing()
{
    if (!m_ws || !m_model)
        return;
    if (!m_loaded) {
        m_loaded = true;
        fillSources();
        fillScopes();
        fillMeasures(0);
        fillBreakdowns("", "");
        loadSlice();
        return;
    }
    const RowId measure = selectedMeasureId();
    const auto breakdown = m_model->dimension().empty()
                               ? std::pair<std::string, std::string>()
                               : std::pair<std::string, std::string>(m_model->dimension(), m_model->category());
    fillSources();
    fillMeasures(measure);
    if (selectedMeasureId() != measure) {
        fillBreakdowns("", "");
        loadSlice();
        return;
    }
    fillBreakdowns(breakdown.first, breakdown.second);
    const int rows = m_table->GetNumberRows(), cols = m_table->GetNumberCols();
    try {
        m_model->reload();
    } catch (...) {
        setStatus(describeError(std::current_exception()), true);
    }
    resyncGrid(rows, cols);
    m_analysis.reset();
    updateTrend();
}

bool StatisticsView::goTo(const GoToTarget& target)
{
    // The measure shown stays as it is, breakdown included (an undone figure of it is shown there).
    if (target.id && target.id != selectedMeasureId())
        selectMeasure(target.id);
    m_grid->SetFocus();
    return true;
}

RowId StatisticsView::selectedMeasureId() const
{
    const int i = m_measure->GetSelection();
    return (i >= 0 && static_cast<std::size_t>(i) < m_measures.size()) ? m_measures[static_cast<std::size_t>(i)].id : 0;
}

void StatisticsView::selectMeasure(RowId measureId)
{
    for (std::size_t i = 0; i < m_measures.size(); ++i)
        if (m_measures[i].id == measureId) {
            m_measure->SetSelection(static_cast<int>(i));
            updateIncluded();
            fillBreakdowns("", "");
            loadSlice();
        }
}

void StatisticsView::fillMeasures(RowId select)
{
    m_measures = m_ws->store().measures();
    m_measure->Clear();
    int selection = m_measures.empty() ? wxNOT_FOUND : 0;
    for (std::size_t i = 0; i < m_measures.size(); ++i) {
        m_measure->Append(toWx(m_measures[i].name));
        if (m_measures[i].id == select)
            selection = static_cast<int>(i);
    }
    m_measure->SetSelection(selection);
    FindWindow(XRCID("edit_measure_button"))->Enable(selection != wxNOT_FOUND);
    updateIncluded();
}

void StatisticsView::updateIncluded()
{
    const RowId measure = selectedMeasureId();
    m_include->Enable(measure != 0);
    bool included = false;
    if (measure && m_ws) {
        const auto selected = m_ws->store().selectedMeasures(m_ws->submissionId());
        included = std::find(selected.begin(), selected.end(), measure) != selected.end();
    }
    m_include->SetValue(included);
}

void StatisticsView::fillBreakdowns(const std::string& dimension, const std::string& category)
{
    m_breakdowns.assign(1, {});
    if (const RowId measure = selectedMeasureId())
        for (auto& b : m_ws->store().breakdowns(measure))
            m_breakdowns.push_back(std::move(b));
    if (!dimension.empty() &&
        std::find(m_breakdowns.begin(), m_breakdowns.end(), std::pair(dimension, category)) == m_breakdowns.end())
        m_breakdowns.emplace_back(dimension, category);
    m_breakdown->Clear();
    int selection = 0;
    for (std::size_t i = 0; i < m_breakdowns.size(); ++i) {
        const auto& [d, c] = m_breakdowns[i];
        m_breakdown->Append(i == 0 ? wxString("Total (no breakdown)") : toWx(d + ": " + c));
        if (d == dimension && c == category)
            selection = static_cast<int>(i);
    }
    m_breakdown->SetSelection(selection);
}

void StatisticsView::fillSources()
{
    const RowId previous = m_model ? m_model->sourceId() : 0;
    m_sources = m_ws->store().sources();
    m_source->Clear();
    int selection = m_sources.empty() ? wxNOT_FOUND : 0;
    for (std::size_t i = 0; i < m_sources.size(); ++i) {
        m_source->Append(toWx(m_sources[i].title));
        if (m_sources[i].id == previous)
            selection = static_cast<int>(i);
    }
    m_source->SetSelection(selection);
    if (m_model)
        m_model->setSourceId(selection == wxNOT_FOUND ? 0 : m_sources[static_cast<std::size_t>(selection)].id);
}

void StatisticsView::fillScopes()
{
    // Areas made of other areas (nations, aggregates) can be totalled over their members.
    m_scopes.clear();
    m_scope->Clear();
    for (const auto& a : m_ws->store().areas())
        if (a.kind != AreaKind::PoliceForceArea && !m_ws->store().areaMembers(a.id).empty())
            m_scopes.push_back(a);
    for (const auto& label : app::areaLabels(m_scopes, m_ws->store().areas()))
        m_scope->Append(toWx(label));
}

void StatisticsView::loadSlice()
{
    if (!m_model)
        return;
    const int rows = m_table->GetNumberRows(), cols = m_table->GetNumberCols();
    const int b = std::max(0, m_breakdown->GetSelection());
    const auto& [dimension, category] =
        m_breakdowns.empty() ? std::pair<std::string, std::string>() : m_breakdowns[static_cast<std::size_t>(b)];
    try {
        m_model->load(selectedMeasureId(), dimension, category);
        setStatus(m_measures.empty() ? wxString("Add a measure (New Measure…) to start entering figures.")
                                     : wxString());
    } catch (...) {
        setStatus(describeError(std::current_exception()), true);
    }
    resyncGrid(rows, cols);
    m_scopeChosen = false; // the analysis chooses the scope of each measure until the user does
    m_analysis.reset();
    if (m_grid->GetNumberRows() > 0 && m_grid->GetNumberCols() > 0)
        m_grid->SetGridCursor(0, 0);
    updateTrend();
}

void StatisticsView::resyncGrid(int oldRows, int oldCols)
{
    m_table->resync(oldRows, oldCols);
    m_grid->SetRowLabelSize(m_model && m_model->rowCount() ? wxGRID_AUTOSIZE : FromDIP(200));
}

wxString StatisticsView::headline() const
{
    return m_headline->GetValue();
}

void StatisticsView::updateTrend()
{
    m_figures->DeleteAllItems();
    const int row = m_grid->GetGridCursorRow();
    const RowId measureId = selectedMeasureId();
    if (!m_model || row < 0 || static_cast<std::size_t>(row) >= m_model->rowCount() || !measureId) {
        m_chart->clear(m_ws ? "Select a row of the grid to see its trend." : "");
        m_headline->ChangeValue(wxString());
        m_total->ChangeValue(wxString());
        return;
    }
    const auto r = static_cast<std::size_t>(row);
    const Measure& measure = m_measures[static_cast<std::size_t>(m_measure->GetSelection())];
    const Area& area = m_model->area(r);

    std::vector<TrendChart::Point> points;
    for (std::size_t c = 0; c < m_model->columnCount(); ++c) {
        const Observation* o = m_model->observation(r, c);
        TrendChart::Point p;
        p.period = toWx(m_model->period(c).toString());
        p.years = m_model->period(0).yearsUntil(m_model->period(c));
        if (o && o->value)
            p.value = o->value;
        else if (o)
            p.code = toWx(o->markers.toString());
        points.push_back(std::move(p));
    }
    m_chart->setSeries(std::move(points), toWx(unitLabel(measure.unit)));

    m_headline->ChangeValue(m_model->rowObservations(r).empty()
                                ? "No figures for " + toWx(area.name) + " yet: type them into the grid."
                                : wxString());
    wxString notes; // the reasons for shorthand codes, and their key, shown under the total
    auto showSeries = [&](const trends::SeriesRow& series) {
        const trends::TextTable table = trends::seriesTable({series}, trends::Precision::Display);
        for (std::size_t i = 0; i < table.headers.size(); ++i) {
            if (table.headers[i] == "Area" || table.headers[i] == "Measure")
                continue;
            appendRow(m_figures, {toWx(table.headers[i]), toWx(table.rows.front()[i])});
        }
        for (const auto& note : table.notes)
            notes += "\n" + toWx(note);
        if (const std::string key = trends::shorthandKey(table.rows); !key.empty())
            notes += "\nKey: " + toWx(key);
        m_headline->ChangeValue(toWx(trends::headline(series.figures, series.context)));
    };

    // The row's own series, computed by the trend engine as the application's analysis does.
    auto showRowSeries = [&](std::string subject) {
        try {
            trends::SeriesRow series;
            series.context.subject = std::move(subject);
            series.context.areaName = area.name;
            trends::CompareOptions options;
            options.unit = measure.unit;
            const auto observations = m_model->rowObservations(r);
            if (!observations.empty()) {
                series.figures = trends::computeSeries(observations, options);
                showSeries(series);
            }
        } catch (...) {
            m_headline->ChangeValue(describeError(std::current_exception()));
        }
    };
    if (!m_model->dimension().empty()) {
        // A breakdown category: its own series; totals and shares are the workbook's breakdown tables.
        showRowSeries(measure.name + " (" + m_model->dimension() + ": " + m_model->category() + ")");
        m_total->ChangeValue("Like-for-like totals are computed for the totals (choose Total (no breakdown))." + notes);
        m_scope->Enable(false);
        return;
    }

    showRowSeries(measure.name);

    // Totals: the application's analysis decides the scope, as for the CLI and the workbook. They do not
    // depend on the row, so they are computed once per measure and again after an edit.
    m_scope->Enable(!m_scopes.empty());
    try {
        if (!m_analysis) {
            app::AnalysisOptions options;
            options.areaId = area.id; // only one series: the totals are what is needed here
            const int s = m_scope->GetSelection();
            if (m_scopeChosen && s != wxNOT_FOUND)
                options.scopeAreaId = m_scopes[static_cast<std::size_t>(s)].id;
            m_analysis = std::make_unique<app::MeasureAnalysis>(app::analyseMeasure(m_ws->store(), measureId, options));
        }
        const app::MeasureAnalysis& analysis = *m_analysis;
        if (analysis.scope)
            for (std::size_t i = 0; i < m_scopes.size(); ++i)
                if (m_scopes[i].id == analysis.scope->id)
                    m_scope->SetSelection(static_cast<int>(i));
        if (analysis.totals)
            m_total->ChangeValue(
                "Like-for-like total: " + toWx(trends::headline(*analysis.totals, analysis.totalsContext)) + notes);
        else if (analysis.scope)
            m_total->ChangeValue("No figures of the areas that make up " + toWx(analysis.scope->name) +
                                 ", so there is no total." + notes);
        else
            m_total->ChangeValue("No area contains every force with figures, so there is no total: choose one "
                                 "under Total over." +
                                 notes);
    } catch (...) {
        m_total->ChangeValue(describeError(std::current_exception()) + notes);
    }
}

void StatisticsView::flush()
{
    if (m_grid->IsCellEditControlEnabled())
        m_grid->DisableCellEditControl(); // saves, or refuses into m_refused
}

wxString StatisticsView::unsavedProblem() const
{
    if (m_refused.empty() || !(m_reopenPending || m_grid->IsCellEditControlShown()))
        return {};
    return m_refused;
}

void StatisticsView::onCellChanging(wxGridEvent& e)
{
    if (!m_model)
        return;
    const int row = e.GetRow(), col = e.GetCol();
    const wxString typed = e.GetString();
    try {
        m_model->set(static_cast<std::size_t>(row), static_cast<std::size_t>(col), toUtf8(typed));
        m_refused.clear();
        const wxString saved = "Saved " + toWx(m_model->rowLabel(static_cast<std::size_t>(row))) + ", " +
                               toWx(m_model->period(static_cast<std::size_t>(col)).toString()) + ".";
        setStatus(saved);
        warnIfOutlier(row, col, typed, saved + " ");
        m_ws->storeChanged();
        m_analysis.reset();
        m_trendTimer.StartOnce(400); // totals are recomputed once typing pauses
    } catch (...) {
        e.Veto();
        m_refused = "Not saved: " + toWx(m_model->area(static_cast<std::size_t>(row)).name) + ", " +
                    toWx(m_model->period(static_cast<std::size_t>(col)).toString()) + ": " +
                    describeError(std::current_exception());
        m_reopenPending = true;
        setStatus("Not saved: " + describeError(std::current_exception()) +
                      " Your entry is still in the cell: correct it, or press Escape to keep the previous figure.",
                  true);
        // Reopen the editor with what was typed, so nothing the user typed is lost.
        CallAfter([this, row, col, typed] {
            m_reopenPending = false;
            if (row >= m_grid->GetNumberRows() || col >= m_grid->GetNumberCols())
                return;
            m_grid->SetGridCursor(row, col);
            m_grid->EnableCellEditControl();
            if (auto* editor = m_grid->GetCellEditor(row, col)) {
                if (auto* text = dynamic_cast<wxTextCtrl*>(editor->GetControl())) {
                    text->SetValue(typed);
                    text->SetInsertionPointEnd();
                }
                editor->DecRef();
            }
        });
    }
}

void StatisticsView::warnIfOutlier(int row, int col, const wxString& typed, const wxString& before)
{
    if (!m_model || row < 0 || col < 0)
        return;
    const auto outlier = m_model->outlier(static_cast<std::size_t>(row), static_cast<std::size_t>(col), toUtf8(typed));
    if (outlier)
        setStatus(before + "Check: " + toWx(describeOutlier(*outlier)), true);
    else if (before.empty())
        setStatus(wxString()); // the warning of what was typed before no longer holds
}

void StatisticsView::fillDown()
{
    if (!m_model || !m_ws || m_grid->GetGridCursorRow() < 0)
        return;
    flush();
    auto [top, left, bottom, right] = selectedBlock(*m_grid);
    if (top == bottom) { // as in a spreadsheet: one row fills from the row above
        if (top == 0) {
            setStatus("Nothing to fill down: select the figure and the cells below it.", true);
            return;
        }
        --top;
    }
    const auto plan = m_model->planFillDown(static_cast<std::size_t>(top), static_cast<std::size_t>(left),
                                            static_cast<std::size_t>(bottom), static_cast<std::size_t>(right));
    if (!plan.refused.empty()) {
        wxString list;
        for (const auto& r : plan.refused)
            list += wxString::FromUTF8("\u2022 ") + toWx(r) + "\n";
        wxMessageDialog refused(this,
                                toWx("Nothing was filled: " + text::counted(plan.refused.size(), "cell", "cells") +
                                     " cannot take the figure."),
                                "Fill Down", wxOK | wxICON_WARNING);
        refused.SetExtendedMessage(list);
        refused.ShowModal();
        setStatus(
            toWx("Nothing filled: " + text::counted(plan.refused.size(), "cell", "cells") + " cannot take the figure."),
            true);
        return;
    }
    applyPlan(plan, toWx("Filled " + text::counted(plan.cells.size(), "cell", "cells") + " down."), "Nothing filled: ");
}

void StatisticsView::paste(const wxString& block)
{
    if (!m_model || !m_ws || m_grid->GetGridCursorRow() < 0)
        return;
    flush();
    const auto top = static_cast<std::size_t>(m_grid->GetGridCursorRow());
    const auto left = static_cast<std::size_t>(m_grid->GetGridCursorCol());
    const app::ObservationGridModel::PastePlan plan = m_model->planPaste(top, left, toUtf8(block));
    if (plan.cells.empty() && plan.refused.empty())
        return;
    if (!plan.refused.empty()) {
        wxString list;
        for (const auto& r : plan.refused)
            list += wxString::FromUTF8("\u2022 ") + toWx(r) + "\n";
        wxMessageDialog refused(
            this,
            toWx("Nothing was pasted: " + text::counted(plan.refused.size(), "cell", "cells") + " cannot be used."),
            "Paste Figures", wxOK | wxICON_WARNING);
        refused.SetExtendedMessage(list + "\nCorrect them in the spreadsheet and copy the block again.");
        refused.ShowModal();
        setStatus(toWx("Nothing pasted: " + text::counted(plan.refused.size(), "cell", "cells") + " cannot be used."),
                  true);
        return;
    }
    // The preview: what each row will hold, and how many figures it replaces.
    wxString preview;
    std::size_t shownRows = 0;
    for (std::size_t i = 0; i < plan.cells.size(); ++i) {
        const auto& cell = plan.cells[i];
        if (i == 0 || plan.cells[i - 1].row != cell.row) {
            if (++shownRows > 15) {
                preview += wxString::FromUTF8("\u2026\n");
                break;
            }
            preview += (i ? "\n" : "") + toWx(m_model->area(cell.row).name) + ":";
        }
        preview += " " + toWx(m_model->period(cell.column).toString()) + " " +
                   (cell.text.empty() ? wxString("(cleared)") : toWx(cell.text)) + ";";
    }
    const auto& first = plan.cells.front();
    const auto& last = plan.cells.back();
    wxMessageDialog ask(
        this,
        wxString::Format("Paste %s into %s to %s, %s to %s?", toWx(text::counted(plan.cells.size(), "cell", "cells")),
                         toWx(m_model->area(first.row).name), toWx(m_model->area(last.row).name),
                         toWx(m_model->period(first.column).toString()), toWx(m_model->period(last.column).toString())),
        "Paste Figures", wxYES_NO | wxYES_DEFAULT | wxICON_QUESTION);
    ask.SetExtendedMessage(preview + (plan.replaced ? toWx("\n\n" + text::counted(plan.replaced, "figure", "figures") +
                                                           " there now will be replaced.")
                                                    : wxString()));
    ask.SetYesNoLabels("&Paste", "&Cancel");
    if (ask.ShowModal() != wxID_YES)
        return;
    applyPlan(plan, toWx("Pasted " + text::counted(plan.cells.size(), "cell", "cells") + "."), "Nothing pasted: ");
}

void StatisticsView::applyPlan(const app::ObservationGridModel::PastePlan& plan, const wxString& done,
                               const wxString& nothing)
{
    try {
        m_model->applyPaste(plan);
        setStatus(done);
        m_ws->storeChanged();
    } catch (...) {
        setStatus(nothing + describeError(std::current_exception()), true);
    }
    m_grid->ForceRefresh();
    m_analysis.reset();
    updateTrend();
}

void StatisticsView::onGridKey(wxKeyEvent& e)
{
    const int key = e.GetKeyCode();
    if ((key != WXK_DELETE && key != WXK_BACK) || m_grid->IsCellEditControlShown() || !m_model) {
        e.Skip();
        return;
    }
    std::vector<std::pair<int, int>> cells;
    for (const wxGridBlockCoords& block : m_grid->GetSelectedBlocks())
        for (int r = block.GetTopRow(); r <= block.GetBottomRow(); ++r)
            for (int c = block.GetLeftCol(); c <= block.GetRightCol(); ++c)
                cells.emplace_back(r, c);
    if (cells.empty() && m_grid->GetGridCursorRow() >= 0)
        cells.emplace_back(m_grid->GetGridCursorRow(), m_grid->GetGridCursorCol());
    try {
        for (const auto& [r, c] : cells)
            m_model->set(static_cast<std::size_t>(r), static_cast<std::size_t>(c), "");
        setStatus(cells.size() == 1 ? wxString("Cleared the figure.")
                                    : wxString::Format("Cleared %zu cells.", cells.size()));
    } catch (...) {
        setStatus("Not cleared: " + describeError(std::current_exception()), true);
    }
    m_ws->storeChanged();
    m_grid->ForceRefresh();
    m_analysis.reset();
    updateTrend();
}

void StatisticsView::onNewMeasure()
{
    Measure m;
    if (editMeasure(this, m_ws->store(), m)) {
        m_ws->storeChanged();
        fillMeasures(m.id);
        fillBreakdowns("", "");
        loadSlice();
    }
}

void StatisticsView::onEditMeasure()
{
    const int i = m_measure->GetSelection();
    if (i == wxNOT_FOUND)
        return;
    Measure m = m_measures[static_cast<std::size_t>(i)];
    if (editMeasure(this, m_ws->store(), m)) {
        m_ws->storeChanged();
        fillMeasures(m.id);
        m_analysis.reset();
        updateTrend();
    }
}

void StatisticsView::onNewBreakdown()
{
    if (!selectedMeasureId())
        return;
    std::vector<std::string> dimensions;
    for (const auto& b : m_breakdowns)
        if (!b.first.empty() && std::find(dimensions.begin(), dimensions.end(), b.first) == dimensions.end())
            dimensions.push_back(b.first);
    std::string dimension, category;
    if (askBreakdown(this, dimensions, dimension, category)) {
        fillBreakdowns(dimension, category);
        loadSlice();
        setStatus("Type the figures for " + toWx(dimension + ": " + category) +
                  " into the grid; the breakdown is saved with its first figure.");
    }
}

void StatisticsView::onAddArea()
{
    if (!m_model || !selectedMeasureId())
        return;
    std::vector<Area> candidates;
    for (auto& a : m_ws->store().areas())
        if (!m_model->rowOf(a.id))
            candidates.push_back(std::move(a));
    std::vector<std::string> labels = app::areaLabels(candidates, m_ws->store().areas());
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (!candidates[i].code.empty())
            labels[i] += " \u2013 " + candidates[i].code; // found by its code as well
    FindChooser dlg(this, "Add Area",
                    "Type part of the area's name or code, then choose the area to add as a row:", std::move(labels));
    if (dlg.ShowModal() != wxID_OK || dlg.choice() < 0)
        return;
    const int rows = m_table->GetNumberRows(), cols = m_table->GetNumberCols();
    const std::size_t row = m_model->addArea(candidates[static_cast<std::size_t>(dlg.choice())].id);
    resyncGrid(rows, cols);
    m_grid->SetGridCursor(static_cast<int>(row), 0);
    m_grid->MakeCellVisible(static_cast<int>(row), 0);
    m_grid->SetFocus();
    updateTrend();
}

wxString StatisticsView::describeCursorFigure() const
{
    const int row = m_grid->GetGridCursorRow(), col = m_grid->GetGridCursorCol();
    if (!m_ws || !m_model || row < 0 || col < 0)
        return {};
    const Observation* o = m_model->observation(static_cast<std::size_t>(row), static_cast<std::size_t>(col));
    if (!o)
        return {};
    const auto source = m_ws->store().source(o->sourceId);
    if (!source)
        return {};
    const std::string asAt = figureAsAt(*o, *source);
    return toWx(m_model->area(static_cast<std::size_t>(row)).name + ", " + o->period.toString() + ": " +
                app::cellText(*o) + ", from " + source->title +
                (asAt.empty() ? std::string() : ", as at " + asAt + (o->asAt.empty() ? " (the source's date)" : "")) +
                (o->round.empty() ? std::string() : ", " + o->round) + ".");
}

void StatisticsView::onFigureProvenance()
{
    const int row = m_grid->GetGridCursorRow(), col = m_grid->GetGridCursorCol();
    const Observation* o = m_model && row >= 0 && col >= 0
                               ? m_model->observation(static_cast<std::size_t>(row), static_cast<std::size_t>(col))
                               : nullptr;
    if (!m_ws || !o) {
        setStatus("Choose a cell that holds a figure first.", true);
        return;
    }
    Observation figure = *o;
    if (!askFigureProvenance(this, describeCursorFigure(), figure.asAt, figure.round,
                             [&](const std::string& asAt, const std::string& round) {
                                 figure.asAt = asAt;
                                 figure.round = round;
                                 m_ws->store().update(figure);
                             }))
        return;
    m_model->reload();
    m_grid->ForceRefresh();
    m_ws->storeChanged();
    setStatus("Saved. " + describeCursorFigure());
}

void StatisticsView::onAddPeriod()
{
    if (!m_model || !selectedMeasureId())
        return;
    wxTextEntryDialog dlg(this,
                          "Periods to add as columns: one, e.g. 2019/20 (financial year), 2019 or 2019 Q1, or a "
                          "range, e.g. 2015/16 to 2018/19:",
                          "Add Periods");
    auto* problem =
        new wxStaticText(&dlg, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, 0, "period_problem_text");
    problem->SetForegroundColour(problemColour());
    dlg.GetSizer()->Insert(dlg.GetSizer()->GetItemCount() - 1, problem,
                           wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    wxTextCtrl* entry = nullptr; // the dialog's value is only updated when it closes
    for (wxWindow* child : dlg.GetChildren())
        if (!entry)
            entry = dynamic_cast<wxTextCtrl*>(child);
    // Adds what was typed; on a mistake, says why under the entry and keeps the dialog open with it.
    auto add = [&]() {
        try {
            const std::vector<Period> periods = parsePeriods(toUtf8(entry ? entry->GetValue() : dlg.GetValue()));
            const int rows = m_table->GetNumberRows(), cols = m_table->GetNumberCols();
            // All of one kind: the first is refused before any is added, or none is. Later ones go after it.
            const std::size_t col = m_model->addPeriod(periods.front());
            for (const Period& p : periods)
                m_model->addPeriod(p);
            resyncGrid(rows, cols);
            if (m_grid->GetNumberRows() > 0) {
                const int row = std::max(0, m_grid->GetGridCursorRow());
                m_grid->SetGridCursor(row, static_cast<int>(col));
                m_grid->MakeCellVisible(row, static_cast<int>(col));
            }
            setStatus(periods.size() == 1
                          ? "Added the column " + toWx(periods.front().toString()) + "."
                          : wxString::Format("Added %zu columns, %s to %s.", periods.size(),
                                             toWx(periods.front().toString()), toWx(periods.back().toString())));
            return true;
        } catch (...) {
            problem->SetLabelText("Not added: " + describeError(std::current_exception()));
            problem->Wrap(dlg.GetClientSize().x - FromDIP(20));
            dlg.GetSizer()->Fit(&dlg);
            return false;
        }
    };
    dlg.Bind(
        wxEVT_BUTTON,
        [&](wxCommandEvent&) {
            if (add())
                dlg.EndModal(wxID_ADD);
        },
        wxID_OK);
    const int answer = dlg.ShowModal();
    if (answer == wxID_OK && !add()) // confirmed without the button (e.g. by Enter on some platforms)
        setStatus(problem->GetLabelText(), true);
    if (answer == wxID_OK || answer == wxID_ADD) {
        m_grid->SetFocus();
        updateTrend();
    }
}

} // namespace evidence::gui
