#pragma once
/// @file trend_chart.h
/// @brief A line chart of one series, drawn with wxGraphicsContext: labelled axes, periods without a
/// figure shown as gaps with their shorthand code.

#include <optional>
#include <vector>
#include <wx/window.h>

namespace evidence::gui {

/// Where the period labels of a chart go: for each label (centre @p centres, width @p widths, in order),
/// its left edge, or nullopt when it is left out because it would overlap its neighbour. Every label shown
/// lies within [0, @p width]; the first and the last period are always labelled.
std::vector<std::optional<double>> placeAxisLabels(const std::vector<double>& centres,
                                                   const std::vector<double>& widths, double width, double gap);

/// The trend panel's chart of one area's series: a line over the periods, gaps where a figure is missing (its
/// marker shown instead), and the unit on the value axis. Drawn by itself; it takes no focus.
class TrendChart : public wxWindow
{
public:
    /// One period of the series.
    struct Point
    {
        wxString period;             ///< x-axis label, e.g. "2015/16"
        std::optional<double> value; ///< empty: a gap
        wxString code;               ///< shown instead of a missing value, e.g. "[x]"
        double years = 0;            ///< position on the time axis: years after the first period
    };

    /// A chart window under @p parent, showing nothing until setSeries() or clear().
    TrendChart(wxWindow* parent, wxWindowID id = wxID_ANY);

    /// Shows @p points; @p yLabel names the unit (e.g. "count").
    void setSeries(std::vector<Point> points, const wxString& yLabel);
    /// Shows @p message instead of a chart.
    void clear(const wxString& message);

    /// The points shown (for tests).
    const std::vector<Point>& points() const noexcept { return m_points; }
    /// The figures list beside the chart carries the same numbers for keyboard and screen-reader users; the
    /// chart itself takes no focus (it would show none).
    bool AcceptsFocus() const override { return false; }

private:
    void onPaint(wxPaintEvent&);

    std::vector<Point> m_points;
    wxString m_yLabel;
    wxString m_message;
};

} // namespace evidence::gui
