#include "app/observation_grid_model.h"

#include "app/choosers.h"
#include "core/area_order.h"
#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"

#include <algorithm>
#include <unordered_map>

namespace evidence::app {

CellInput parseCellInput(std::string_view typed)
{
    const std::string_view s = text::trim(typed);
    CellInput in;
    if (s.empty()) {
        in.clear = true;
        return in;
    }
    const std::size_t bracket = s.find('[');
    const std::string_view number = text::trim(s.substr(0, bracket));
    if (bracket != std::string_view::npos)
        in.markers = Markers::parse(s.substr(bracket));
    if (!number.empty()) {
        std::string why;
        in.value = parseFigure(number, why);
        if (!in.value)
            throw DataError("'" + text::quoteForMessage(number) + "' " + why);
    }
    return in;
}

std::string cellText(const Observation& o)
{
    std::string s;
    if (o.value)
        s = formatFigure(*o.value, 6);
    const std::string markers = o.markers.toString();
    if (!markers.empty()) {
        if (!s.empty())
            s += ' ';
        s += markers;
    }
    return s;
}

namespace {
bool rowOrder(const Area& a, const Area& b)
{
    if (areaKindRank(a.kind) != areaKindRank(b.kind))
        return areaKindRank(a.kind) < areaKindRank(b.kind);
    return a.name < b.name;
}
} // namespace

ObservationGridModel::ObservationGridModel(db::Store& store) : m_store(store) {}

void ObservationGridModel::setSourceId(RowId sourceId)
{
    m_sourceId = sourceId;
    index();
}

void ObservationGridModel::load(RowId measureId, const std::string& dimension, const std::string& category)
{
    m_measureId = measureId;
    m_dimension = dimension;
    m_category = category;
    m_rows.clear();
    m_periods.clear();
    reload();
}

void ObservationGridModel::reload()
{
    m_allAreas = m_store.areas();
    m_observations.clear();
    if (m_measureId) {
        db::ObservationFilter f;
        f.measureId = m_measureId;
        f.dimension = m_dimension;
        if (!m_dimension.empty())
            f.category = m_category;
        m_observations = m_store.observations(f);
    }
    // Rows: the areas already shown (added by hand) plus every area with a figure.
    std::unordered_map<RowId, const Area*> byId;
    for (const auto& a : m_allAreas)
        byId[a.id] = &a;
    std::vector<RowId> keep;
    for (const auto& r : m_rows)
        keep.push_back(r.id);
    for (const auto& o : m_observations)
        keep.push_back(o.areaId);
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    m_rows.clear();
    for (RowId id : keep)
        if (auto it = byId.find(id); it != byId.end())
            m_rows.push_back(*it->second);
    std::sort(m_rows.begin(), m_rows.end(), rowOrder);

    // Columns: every period of the measure (so all breakdowns line up), plus those added by hand.
    std::vector<Period> periods = m_periods;
    if (m_measureId)
        for (const auto& p : m_store.periods(m_measureId))
            periods.push_back(p);
    for (const auto& o : m_observations)
        periods.push_back(o.period);
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    m_periods = std::move(periods);
    index();
}

void ObservationGridModel::index()
{
    m_cells.assign(m_rows.size() * m_periods.size(), -1);
    std::unordered_map<RowId, std::size_t> rowById;
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        rowById[m_rows[r].id] = r;
    for (std::size_t i = 0; i < m_observations.size(); ++i) {
        const auto& o = m_observations[i];
        const auto r = rowById.find(o.areaId);
        const std::size_t c = columnOf(o.period);
        if (r == rowById.end() || c == m_periods.size())
            continue;
        int& cell = m_cells[r->second * m_periods.size() + c];
        // Several sources for one cell: show the one new figures go to, else the first.
        if (cell < 0 ||
            (o.sourceId == m_sourceId && m_observations[static_cast<std::size_t>(cell)].sourceId != m_sourceId))
            cell = static_cast<int>(i);
    }
}

std::size_t ObservationGridModel::columnOf(const Period& p) const
{
    const auto it = std::lower_bound(m_periods.begin(), m_periods.end(), p);
    if (it == m_periods.end() || *it != p)
        return m_periods.size();
    return static_cast<std::size_t>(it - m_periods.begin());
}

const Observation* ObservationGridModel::observation(std::size_t row, std::size_t column) const
{
    if (row >= m_rows.size() || column >= m_periods.size())
        return nullptr;
    const int i = m_cells[row * m_periods.size() + column];
    return i < 0 ? nullptr : &m_observations[static_cast<std::size_t>(i)];
}

std::string ObservationGridModel::blockText(std::size_t top, std::size_t left, std::size_t bottom,
                                            std::size_t right) const
{
    std::string out;
    for (std::size_t r = top; r <= bottom && r < rowCount(); ++r) {
        for (std::size_t c = left; c <= right && c < columnCount(); ++c) {
            if (c > left)
                out += '\t';
            out += text(r, c);
        }
        out += '\n';
    }
    return out;
}

ObservationGridModel::PastePlan ObservationGridModel::planPaste(std::size_t top, std::size_t left,
                                                                std::string_view block) const
{
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at <= block.size();) {
        std::size_t end = block.find('\n', at);
        if (end == std::string_view::npos)
            end = block.size();
        std::string_view line = block.substr(at, end - at);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        at = end + 1;
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back(); // the line end spreadsheets put after the last row
    PastePlan plan;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::size_t j = 0;
        for (std::size_t at = 0;; ++j) {
            const std::size_t end = std::min(lines[i].find('\t', at), lines[i].size());
            const std::string text(text::trim(lines[i].substr(at, end - at)));
            const std::size_t r = top + i, c = left + j;
            if (r >= rowCount() || c >= columnCount()) {
                if (!text.empty())
                    plan.refused.push_back("Line " + std::to_string(i + 1) + ", cell " + std::to_string(j + 1) + " ('" +
                                           text::quoteForMessage(text) +
                                           "'): outside the grid; add the area or period first, or paste higher up.");
            } else {
                const std::string where = area(r).name + ", " + period(c).toString();
                try {
                    const CellInput in = parseCellInput(text);
                    if (!in.clear && !observation(r, c) && !m_sourceId)
                        throw DataError("choose the source of new figures first");
                    plan.cells.push_back({r, c, text});
                    plan.replaced += observation(r, c) ? 1 : 0;
                } catch (const DataError& e) {
                    plan.refused.push_back(where + ": " + e.what());
                }
            }
            if (end == lines[i].size())
                break;
            at = end + 1;
        }
    }
    return plan;
}

ObservationGridModel::PastePlan ObservationGridModel::planFillDown(std::size_t top, std::size_t left,
                                                                   std::size_t bottom, std::size_t right) const
{
    if (bottom <= top || top >= rowCount())
        return {};
    std::string first = blockText(top, left, top, right);
    std::string block;
    for (std::size_t r = top + 1; r <= bottom && r < rowCount(); ++r)
        block += first;
    return planPaste(top + 1, left, block);
}

std::string ObservationGridModel::rowLabel(std::size_t row) const
{
    return app::areaLabel(m_rows.at(row), m_allAreas);
}

std::optional<Outlier> ObservationGridModel::outlier(std::size_t row, std::size_t column, std::string_view typed) const
{
    if (row >= rowCount() || column >= columnCount())
        return std::nullopt;
    std::optional<double> value;
    try {
        value = parseCellInput(typed).value;
    } catch (const DataError&) {
        return std::nullopt; // not a figure: the save says why
    }
    if (!value)
        return std::nullopt;
    return findOutlier(rowValues(row), column, *value);
}

std::optional<Outlier> ObservationGridModel::outlier(std::size_t row, std::size_t column) const
{
    const Observation* o = observation(row, column);
    if (!o || !o->value)
        return std::nullopt;
    return findOutlier(rowValues(row), column, *o->value);
}

std::vector<std::optional<double>> ObservationGridModel::rowValues(std::size_t row) const
{
    std::vector<std::optional<double>> series(columnCount());
    for (std::size_t c = 0; c < columnCount(); ++c)
        if (const Observation* o = observation(row, c))
            series[c] = o->value;
    return series;
}

void ObservationGridModel::applyPaste(const PastePlan& plan)
{
    try {
        db::Store::Transaction tx(m_store);
        for (const auto& cell : plan.cells)
            set(cell.row, cell.column, cell.text);
        tx.commit();
    } catch (...) {
        reload(); // the cache holds cells the rollback undid
        throw;
    }
}

std::string ObservationGridModel::text(std::size_t row, std::size_t column) const
{
    const Observation* o = observation(row, column);
    return o ? cellText(*o) : std::string();
}

void ObservationGridModel::set(std::size_t row, std::size_t column, std::string_view typed)
{
    const CellInput in = parseCellInput(typed);
    const Observation* existing = observation(row, column);
    if (in.clear) {
        if (existing)
            m_store.removeObservation(existing->id);
    } else if (existing) {
        Observation o = *existing;
        o.value = in.value;
        o.markers = in.markers;
        m_store.update(o);
    } else {
        if (!m_sourceId)
            throw DataError("choose the source of new figures first (add one in Sources if the list is empty)");
        Observation o;
        o.measureId = m_measureId;
        o.areaId = m_rows.at(row).id;
        o.period = m_periods.at(column);
        o.dimension = m_dimension;
        o.category = m_category;
        o.value = in.value;
        o.markers = in.markers;
        o.sourceId = m_sourceId;
        m_store.insert(o);
    }
    // Re-read the one cell's figures from the store, so the cache shows exactly what was saved.
    db::ObservationFilter f;
    f.measureId = m_measureId;
    f.areaId = m_rows.at(row).id;
    f.period = m_periods.at(column);
    f.dimension = m_dimension;
    if (!m_dimension.empty())
        f.category = m_category;
    std::erase_if(m_observations,
                  [&](const Observation& o) { return o.areaId == m_rows[row].id && o.period == m_periods[column]; });
    for (auto& o : m_store.observations(f))
        m_observations.push_back(std::move(o));
    index();
}

std::size_t ObservationGridModel::addArea(RowId areaId)
{
    if (auto r = rowOf(areaId))
        return *r;
    const auto it = std::find_if(m_allAreas.begin(), m_allAreas.end(), [&](const Area& a) { return a.id == areaId; });
    if (it == m_allAreas.end())
        throw NotFoundError("that area is not in the store");
    m_rows.push_back(*it);
    std::sort(m_rows.begin(), m_rows.end(), rowOrder);
    index();
    return *rowOf(areaId);
}

std::size_t ObservationGridModel::addPeriod(const Period& period)
{
    if (!m_periods.empty() && m_periods.front().kind() != period.kind())
        throw DataError("this measure's periods are " + std::string(Period::kindName(m_periods.front().kind())) +
                        "s, so " + period.toString() + " (a " + std::string(Period::kindName(period.kind())) +
                        ") cannot be added: a series cannot mix them");
    const std::size_t c = columnOf(period);
    if (c < m_periods.size())
        return c;
    m_periods.insert(std::upper_bound(m_periods.begin(), m_periods.end(), period), period);
    index();
    return columnOf(period);
}

std::optional<std::size_t> ObservationGridModel::rowOf(RowId areaId) const
{
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].id == areaId)
            return r;
    return std::nullopt;
}

std::vector<Observation> ObservationGridModel::rowObservations(std::size_t row) const
{
    std::vector<Observation> out;
    for (std::size_t c = 0; c < m_periods.size(); ++c)
        if (const Observation* o = observation(row, c))
            out.push_back(*o);
    return out;
}

} // namespace evidence::app

namespace evidence::app {

std::vector<Observation> ObservationGridModel::shownObservations() const
{
    std::vector<Observation> out;
    for (int i : m_cells)
        if (i >= 0)
            out.push_back(m_observations[static_cast<std::size_t>(i)]);
    return out;
}

} // namespace evidence::app
