#include "gui/trend_chart.h"

#include "core/numbers.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <wx/dcbuffer.h>
#include <wx/graphics.h>
#include <wx/settings.h>

namespace evidence::gui {

namespace {
/// A round step for about @p ticks intervals up to @p max (1, 2 or 5 times a power of ten).
double niceStep(double max, int ticks)
{
    if (max <= 0)
        return 1;
    const double raw = max / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag)
            return m * mag;
    return 10 * mag;
}
} // namespace

std::vector<std::optional<double>> placeAxisLabels(const std::vector<double>& centres,
                                                   const std::vector<double>& widths, double width, double gap)
{
    const std::size_t n = centres.size();
    std::vector<std::optional<double>> out(n);
    if (n == 0)
        return out;
    auto leftOf = [&](std::size_t i) { return std::clamp(centres[i] - widths[i] / 2, 0.0, width - widths[i]); };
    // The last period is the one a reader looks for: it is placed first, and the others give way to it.
    const double last = leftOf(n - 1);
    out[n - 1] = last;
    double nextFree = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double x = leftOf(i);
        if (x < nextFree || (i > 0 && x + widths[i] + gap > last))
            continue;
        out[i] = x;
        nextFree = x + widths[i] + gap;
    }
    return out;
}

TrendChart::TrendChart(wxWindow* parent, wxWindowID id)
    : wxWindow(parent, id, wxDefaultPosition, wxDefaultSize, wxFULL_REPAINT_ON_RESIZE)
{
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetMinSize(FromDIP(wxSize(240, 110)));
    Bind(wxEVT_PAINT, &TrendChart::onPaint, this);
}

void TrendChart::setSeries(std::vector<Point> points, const wxString& yLabel)
{
    m_points = std::move(points);
    m_yLabel = yLabel;
    m_message.clear();
    wxString help;
    for (const auto& p : m_points)
        help += p.period + ": " + (p.value ? toWx(formatFigure(*p.value)) : p.code) + "\n";
    SetHelpText(help);
    Refresh();
}

void TrendChart::clear(const wxString& message)
{
    m_points.clear();
    m_message = message;
    SetHelpText(message);
    Refresh();
}

void TrendChart::onPaint(wxPaintEvent&)
{
    wxAutoBufferedPaintDC dc(this);
    const wxColour bg = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW);
    const wxColour fg = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    dc.SetBackground(wxBrush(bg));
    dc.Clear();
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    if (!gc)
        return;
    const wxSize size = GetClientSize();
    wxFont font = GetFont();
    gc->SetFont(font, fg);

    if (m_points.empty() || std::none_of(m_points.begin(), m_points.end(), [](const Point& p) { return p.value; })) {
        const wxString msg = m_message.empty() ? wxString("No figures to chart for this row.") : m_message;
        double w = 0, h = 0;
        gc->GetTextExtent(msg, &w, &h);
        gc->DrawText(msg, std::max(4.0, (size.x - w) / 2), (size.y - h) / 2);
        return;
    }

    double maxValue = 0;
    for (const auto& p : m_points)
        if (p.value)
            maxValue = std::max(maxValue, *p.value);
    const double step = niceStep(maxValue, 4);
    const double top = std::max(step, std::ceil(maxValue / step) * step);

    // Margins fit the widest y label and the x labels.
    double tw = 0, th = 0;
    gc->GetTextExtent(toWx(formatFigure(top)), &tw, &th);
    double yw = 0, yh = 0;
    gc->GetTextExtent(m_yLabel, &yw, &yh);
    const double left = tw + th + 12;
    // Room for half the last period's label right of its tick, so that it sits centred under it.
    double lastW = 0, lastH = 0;
    gc->GetTextExtent(m_points.back().period, &lastW, &lastH);
    const double right = std::max(12.0, lastW / 2 - 4);
    const double topMargin = th / 2 + 4;
    const double bottom = th + 10;
    const double plotW = size.x - left - right;
    const double plotH = size.y - topMargin - bottom;
    if (plotW < 40 || plotH < 30)
        return;

    const wxColour grid =
        wxColour((fg.Red() + 3 * bg.Red()) / 4, (fg.Green() + 3 * bg.Green()) / 4, (fg.Blue() + 3 * bg.Blue()) / 4);
    // Horizontal grid lines and y labels.
    for (double v = 0; v <= top + step / 2; v += step) {
        const double y = topMargin + plotH - v / top * plotH;
        gc->SetPen(wxPen(grid, 1));
        gc->StrokeLine(left, y, left + plotW, y);
        const wxString label = toWx(formatFigure(v));
        double w = 0, h = 0;
        gc->GetTextExtent(label, &w, &h);
        gc->DrawText(label, left - w - 6, y - h / 2);
    }
    // The y-axis title, rotated.
    gc->DrawText(m_yLabel, 2, topMargin + plotH / 2 + yw / 2, M_PI / 2);
    // Axes.
    gc->SetPen(wxPen(fg, 1));
    gc->StrokeLine(left, topMargin, left, topMargin + plotH);
    gc->StrokeLine(left, topMargin + plotH, left + plotW, topMargin + plotH);

    const std::size_t n = m_points.size();
    const double span = m_points.back().years - m_points.front().years;
    auto xAt = [&](std::size_t i) {
        return span <= 0 ? left + plotW / 2
                         : left + 8 + (plotW - 16) * (m_points[i].years - m_points.front().years) / span;
    };
    auto yAt = [&](double v) { return topMargin + plotH - v / top * plotH; };

    // X labels at their periods, leaving out any that would overlap another.
    std::vector<double> centres(n), widths(n);
    for (std::size_t i = 0; i < n; ++i) {
        double h = 0;
        gc->GetTextExtent(m_points[i].period, &widths[i], &h);
        centres[i] = xAt(i);
    }
    const auto placed = placeAxisLabels(centres, widths, size.x, 8);
    for (std::size_t i = 0; i < n; ++i) {
        if (!placed[i])
            continue;
        gc->SetPen(wxPen(fg, 1));
        gc->StrokeLine(xAt(i), topMargin + plotH, xAt(i), topMargin + plotH + 3);
        gc->DrawText(m_points[i].period, *placed[i], topMargin + plotH + 4);
    }

    // The line, broken where a period has no figure.
    const wxColour line(0x1f, 0x5f, 0xa8);
    gc->SetPen(wxPen(line, 2));
    for (std::size_t i = 1; i < n; ++i)
        if (m_points[i - 1].value && m_points[i].value)
            gc->StrokeLine(xAt(i - 1), yAt(*m_points[i - 1].value), xAt(i), yAt(*m_points[i].value));
    gc->SetBrush(wxBrush(line));
    for (std::size_t i = 0; i < n; ++i) {
        if (m_points[i].value) {
            gc->DrawEllipse(xAt(i) - 3.5, yAt(*m_points[i].value) - 3.5, 7, 7);
        } else if (!m_points[i].code.empty()) {
            double w = 0, h = 0;
            gc->GetTextExtent(m_points[i].code, &w, &h);
            gc->DrawText(m_points[i].code, xAt(i) - w / 2, topMargin + plotH - h - 4);
        }
    }
}

} // namespace evidence::gui
