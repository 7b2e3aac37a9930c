// The store's figures: reading them by filter, for analysis in bulk, and editing them one by one.

#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/uuid.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <sqlite3.h>
#include <variant>

namespace evidence::db {

namespace {

struct Where
{
    std::string sql;
    std::vector<std::pair<int, std::variant<std::int64_t, std::string>>> binds;
};

Where observationWhere(const ObservationFilter& f)
{
    Where w;
    std::vector<std::string> parts;
    int i = 0;
    auto add = [&](const std::string& cond, std::variant<std::int64_t, std::string> v) {
        parts.push_back(cond);
        w.binds.emplace_back(++i, std::move(v));
    };
    if (f.measureId)
        add("measure_id = ?", *f.measureId);
    if (f.areaId)
        add("area_id = ?", *f.areaId);
    if (f.period)
        add("period_key = ?", f.period->sortKey());
    if (f.sourceId)
        add("source_id = ?", *f.sourceId);
    if (f.dimension)
        add("dimension = ?", *f.dimension);
    if (f.category)
        add("category = ?", *f.category);
    else if (f.dimension && f.dimension->empty())
        // A total has no category (the table's CHECK): saying so lets SQLite read a measure's totals as one
        // range of the breakdown index (schema 9) rather than every figure of the measure.
        add("category = ?", std::string());
    for (std::size_t k = 0; k < parts.size(); ++k)
        w.sql += (k ? " AND " : " WHERE ") + parts[k];
    return w;
}

void bindWhere(SQLite::Statement& q, const Where& w)
{
    for (const auto& [i, v] : w.binds) {
        if (std::holds_alternative<std::int64_t>(v))
            q.bind(i, std::get<std::int64_t>(v));
        else
            q.bind(i, std::get<std::string>(v));
    }
}

// A count is a whole number: 1.5 offences is a typing error; a percentage is of a whole, so it is at most 100
// (a change in per cent is computed, never stored). The importer says so with the file's line; this check is for
// every other write (the grid, a paste, an edit), which names the cell.
void requireValueFitsUnit(SQLite::Database& db, const Observation& o)
{
    if (!o.value || (*o.value == std::floor(*o.value) && *o.value <= 100))
        return;
    SQLite::Statement q(db, "SELECT m.name, m.unit, a.name FROM measures m, areas a WHERE m.id = ? AND a.id = ?");
    q.bind(1, o.measureId);
    q.bind(2, o.areaId);
    if (!q.executeStep())
        return;
    const std::string unit = q.getColumn(1).getString();
    const bool fractionalCount = unit == unitCode(Unit::Count) && *o.value != std::floor(*o.value);
    const bool overWhole = unit == unitCode(Unit::Percentage) && *o.value > 100;
    if (!fractionalCount && !overWhole)
        return;
    std::array<char, 32> buf{};
    const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), *o.value).ptr;
    throw DataError("the figure for " + q.getColumn(2).getString() + ", " + o.period.toString() + ", measure '" +
                    q.getColumn(0).getString() + "' cannot be " + std::string(buf.data(), end) +
                    (fractionalCount ? ": it is not a whole number, and the measure is a count; give the count, or "
                                       "enter the figure under a rate or percentage measure"
                                     : ": the measure is a percentage, which cannot be above 100; give the share of "
                                       "the whole, or enter the figure under a count or rate measure"));
}

} // namespace

std::vector<Observation> Store::observations(const ObservationFilter& f) const
{
    return readTranslated(path(), [&] {
        const Where w = observationWhere(f);
        std::string sql = std::string("SELECT ") + kObservationCols + " FROM observations" + w.sql +
                          " ORDER BY measure_id, area_id, dimension, category, period_key, source_id";
        if (f.limit)
            sql += " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset);
        SQLite::Statement q(*m_impl->db, sql);
        bindWhere(q, w);
        return readAll<Observation>(q, readObservation);
    });
}

namespace {

// Read through SQLite's own interface: SQLiteCpp's Column objects cost a reference count each, and
// this runs for every column of every row. The uuid is left out: no figure uses it.
constexpr const char* kAnalysisCols =
    "id, area_id, period_key, dimension, category, value, markers, source_id, note, as_at, round";

using RawStatement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

RawStatement prepareRaw(sqlite3* db, const std::string& sql)
{
    sqlite3_stmt* prepared = nullptr;
    if (const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &prepared, nullptr); rc != SQLITE_OK)
        throw SQLite::Exception(db, rc);
    return RawStatement(prepared, sqlite3_finalize);
}

std::string_view columnText(sqlite3_stmt* stmt, int column)
{
    const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return {chars, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

/// Collects one measure's AnalysisRows as they are read.
class AnalysisRowsBuilder
{
public:
    explicit AnalysisRowsBuilder(RowId measureId) { m_out.measureId = measureId; }

    void reserve(std::size_t rows) { m_out.rows.reserve(rows); }
    std::size_t size() const noexcept { return m_out.rows.size(); }

    void add(sqlite3_stmt* stmt)
    {
        auto& r = m_out.rows.emplace_back();
        r.id = sqlite3_column_int64(stmt, 0);
        r.areaId = sqlite3_column_int64(stmt, 1);
        r.periodKey = sqlite3_column_int64(stmt, 2);
        // A breakdown's categories usually come in the same cycle, area after area: the category that
        // followed this one last time is tried first, and the text table only when it is not the one.
        r.dimension = m_lastDimension = intern(columnText(stmt, 3), m_lastDimension);
        r.category = intern(columnText(stmt, 4), m_successor[m_lastCategory]);
        m_successor[m_lastCategory] = r.category;
        m_lastCategory = r.category;
        if (sqlite3_column_type(stmt, 5) != SQLITE_NULL) {
            r.value = sqlite3_column_double(stmt, 5);
            r.hasValue = true;
        }
        if (const std::string_view markers = columnText(stmt, 6); !markers.empty())
            r.markers = Markers::parse(markers);
        r.sourceId = sqlite3_column_int64(stmt, 7);
        if (const std::string_view note = columnText(stmt, 8); !note.empty()) {
            r.note = static_cast<std::uint32_t>(m_out.notes.size());
            m_out.notes.emplace_back(note);
        }
        const std::string_view asAt = columnText(stmt, 9), round = columnText(stmt, 10);
        if (!asAt.empty() || !round.empty()) {
            // A measure's figures share a few as-at dates and rounds: the one of the row before is tried first.
            const auto& last = m_out.provenances[m_lastProvenance];
            if (last.first != asAt || last.second != round) {
                const auto it = std::find_if(m_out.provenances.begin(), m_out.provenances.end(),
                                             [&](const auto& p) { return p.first == asAt && p.second == round; });
                m_lastProvenance = static_cast<std::uint32_t>(it - m_out.provenances.begin());
                if (it == m_out.provenances.end())
                    m_out.provenances.emplace_back(asAt, round);
            }
            r.provenance = m_lastProvenance;
        }
    }

    /// The rows, their texts renumbered in byte order.
    AnalysisRows finish() &&
    {
        auto& texts = m_out.texts;
        std::vector<std::uint32_t> byText(texts.size());
        for (std::uint32_t i = 0; i < byText.size(); ++i)
            byText[i] = i;
        std::sort(byText.begin(), byText.end(), [&](auto a, auto b) { return texts[a] < texts[b]; });
        std::vector<std::uint32_t> renumbered(texts.size());
        std::vector<std::string> sorted;
        sorted.reserve(texts.size());
        for (std::uint32_t rank = 0; rank < byText.size(); ++rank) {
            renumbered[byText[rank]] = rank;
            sorted.push_back(std::move(texts[byText[rank]]));
        }
        texts = std::move(sorted); // "" stays first: no text sorts before it
        for (auto& r : m_out.rows) {
            r.dimension = renumbered[r.dimension];
            r.category = renumbered[r.category];
        }
        return std::move(m_out);
    }

private:
    std::uint32_t intern(std::string_view text, std::uint32_t guess)
    {
        if (m_out.texts[guess] == text)
            return guess;
        if (const auto it = m_ids.find(text); it != m_ids.end())
            return it->second;
        const auto id = static_cast<std::uint32_t>(m_out.texts.size());
        m_out.texts.emplace_back(text);
        m_ids.emplace(m_out.texts.back(), id);
        m_successor.push_back(0);
        return id;
    }

    AnalysisRows m_out;
    std::map<std::string, std::uint32_t, std::less<>> m_ids{{std::string(), 0}};
    std::vector<std::uint32_t> m_successor{0}; ///< by text: the category read after it last time
    std::uint32_t m_lastDimension = 0, m_lastCategory = 0, m_lastProvenance = 0;
};

} // namespace

Observation AnalysisRows::observation(const Row& row) const
{
    Observation o;
    o.id = row.id;
    o.measureId = measureId;
    o.areaId = row.areaId;
    o.period = Period::fromSortKey(row.periodKey);
    o.dimension = texts[row.dimension];
    o.category = texts[row.category];
    if (row.hasValue)
        o.value = row.value;
    o.markers = row.markers;
    o.sourceId = row.sourceId;
    o.note = notes[row.note];
    o.asAt = provenances[row.provenance].first;
    o.round = provenances[row.provenance].second;
    return o;
}

AnalysisRows Store::observationsForAnalysis(RowId measureId) const
{
    return readTranslated(path(), [&] {
        // The order of the UNIQUE identity index, so SQLite needs no temporary sort.
        sqlite3* db = m_impl->db->getHandle();
        const RawStatement q = prepareRaw(db, std::string("SELECT ") + kAnalysisCols +
                                                  " FROM observations WHERE measure_id = ? "
                                                  "ORDER BY area_id, dimension, category, period_key, source_id");
        sqlite3_stmt* stmt = q.get();
        sqlite3_bind_int64(stmt, 1, measureId);
        AnalysisRowsBuilder out(measureId);
        int rc = SQLITE_OK;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            out.add(stmt);
        if (rc != SQLITE_DONE)
            throw SQLite::Exception(db, rc);
        return std::move(out).finish();
    });
}

void Store::forEachMeasureForAnalysis(const std::vector<RowId>& measureIds,
                                      const std::function<void(AnalysisRows)>& ready) const
{
    readTranslated(path(), [&] {
        sqlite3* db = m_impl->db->getHandle();
        // The counts and the rows must come from one snapshot of the store, or a figure saved by
        // another program between the two reads would be counted in one and not the other.
        const ReadSnapshot snapshot(*this);

        struct Pending
        {
            AnalysisRowsBuilder rows;
            std::size_t expected = 0;
        };
        std::map<RowId, Pending> pending;
        for (RowId id : measureIds)
            pending.try_emplace(id, Pending{AnalysisRowsBuilder(id)});
        {
            // Knowing each measure's count sizes its list and tells when the last of its rows has been
            // read.
            SQLite::Statement counts(*m_impl->db, "SELECT measure_id, count(*) FROM observations GROUP BY measure_id");
            while (counts.executeStep())
                if (const auto it = pending.find(counts.getColumn(0).getInt64()); it != pending.end()) {
                    it->second.expected = static_cast<std::size_t>(counts.getColumn(1).getInt64());
                    it->second.rows.reserve(it->second.expected);
                }
        }
        for (auto it = pending.begin(); it != pending.end();) {
            if (it->second.expected == 0) {
                ready(std::move(it->second.rows).finish());
                it = pending.erase(it);
            } else {
                ++it;
            }
        }
        if (pending.empty())
            return;
        // One pass over the table in its own order reads each page once, in file order, where the index
        // would be walked and every row then looked up in the table (about twice the time at a million
        // observations).
        const RawStatement q =
            prepareRaw(db, std::string("SELECT ") + kAnalysisCols + ", measure_id FROM observations NOT INDEXED");
        sqlite3_stmt* stmt = q.get();
        std::optional<RowId> lastMeasure;
        Pending* current = nullptr; // lastMeasure's, null when it was not asked for or is done
        int rc = SQLITE_OK;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const RowId measureId = sqlite3_column_int64(stmt, 11);
            if (measureId != lastMeasure) {
                const auto it = pending.find(measureId);
                current = it == pending.end() ? nullptr : &it->second;
                lastMeasure = measureId;
            }
            if (!current)
                continue;
            current->rows.add(stmt);
            if (current->rows.size() == current->expected) {
                ready(std::move(current->rows).finish());
                pending.erase(measureId);
                current = nullptr;
                if (pending.empty())
                    return;
            }
        }
        if (rc != SQLITE_DONE)
            throw SQLite::Exception(db, rc);
        throw Error("internal error: " + platform::utf8(path()) +
                    " held fewer observations of a measure than it counted");
    });
}

std::map<RowId, std::vector<RowId>> Store::allAreaMembers() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT m.parent_id, m.member_id FROM area_members m "
                                         "JOIN areas a ON a.id = m.member_id ORDER BY m.parent_id, a.name");
        std::map<RowId, std::vector<RowId>> out;
        while (q.executeStep())
            out[q.getColumn(0).getInt64()].push_back(q.getColumn(1).getInt64());
        return out;
    });
}

std::size_t Store::observationCount(const ObservationFilter& f) const
{
    return readTranslated(path(), [&] {
        const Where w = observationWhere(f);
        SQLite::Statement q(*m_impl->db, "SELECT count(*) FROM observations" + w.sql);
        bindWhere(q, w);
        q.executeStep();
        return static_cast<std::size_t>(q.getColumn(0).getInt64());
    });
}

std::optional<Observation> Store::observation(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kObservationCols + " FROM observations WHERE id = ?");
        q.bind(1, id);
        return readOne<Observation>(q, readObservation);
    });
}

std::optional<Observation> Store::findObservation(const Observation& k) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kObservationCols +
                                             " FROM observations WHERE measure_id = ? AND area_id = ? AND "
                                             "period_key = ? AND dimension = ? AND category = ? AND source_id = ?");
        q.bind(1, k.measureId);
        q.bind(2, k.areaId);
        q.bind(3, k.period.sortKey());
        q.bind(4, k.dimension);
        q.bind(5, k.category);
        q.bind(6, k.sourceId);
        return readOne<Observation>(q, readObservation);
    });
}

RowId Store::insert(Observation& o)
{
    return writeInTransaction(*this, path(), [&] {
        validateObservation(o);
        requireValueFitsUnit(*m_impl->db, o);
        if (o.uuid.empty())
            o.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO observations (uuid, measure_id, area_id, period, period_key, "
                                         "dimension, category, value, markers, source_id, note, as_at, round) "
                                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        bindObservation(q, o);
        q.exec();
        o.id = m_impl->db->getLastInsertRowid();
        return o.id;
    });
}

void Store::update(const Observation& o)
{
    writeInTransaction(*this, path(), [&] {
        validateObservation(o);
        requireValueFitsUnit(*m_impl->db, o);
        SQLite::Statement q(*m_impl->db, "UPDATE observations SET uuid = ?, measure_id = ?, area_id = ?, period = ?, "
                                         "period_key = ?, dimension = ?, category = ?, value = ?, markers = ?, "
                                         "source_id = ?, note = ?, as_at = ?, round = ? WHERE id = ?");
        bindObservation(q, o);
        q.bind(14, o.id);
        q.exec();
        requireRow(*m_impl->db, "figure", o.id);
    });
}

void Store::removeObservation(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "DELETE FROM observations WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "figure", id);
    });
}

std::vector<Period> Store::periods(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            "SELECT DISTINCT period_key FROM observations WHERE measure_id = ? ORDER BY period_key");
        q.bind(1, measureId);
        std::vector<Period> out;
        while (q.executeStep())
            out.push_back(Period::fromSortKey(q.getColumn(0).getInt64()));
        return out;
    });
}

std::vector<std::pair<std::string, std::string>> Store::breakdowns(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT DISTINCT dimension, category FROM observations WHERE measure_id = ? "
                                         "AND dimension <> '' ORDER BY dimension, category");
        q.bind(1, measureId);
        std::vector<std::pair<std::string, std::string>> out;
        while (q.executeStep())
            out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        return out;
    });
}

std::vector<Observation> Store::observationsWithNotes(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT id, uuid, area_id, period_key, source_id, note FROM observations "
                                         "WHERE measure_id = ? AND note <> '' "
                                         "ORDER BY measure_id, area_id, dimension, category, period_key, source_id");
        q.bind(1, measureId);
        std::vector<Observation> out;
        while (q.executeStep()) {
            Observation& o = out.emplace_back();
            o.id = q.getColumn(0).getInt64();
            o.uuid = q.getColumn(1).getString();
            o.measureId = measureId;
            o.areaId = q.getColumn(2).getInt64();
            o.period = Period::fromSortKey(q.getColumn(3).getInt64());
            o.sourceId = q.getColumn(4).getInt64();
            o.note = q.getColumn(5).getString();
        }
        return out;
    });
}

std::vector<RowId> Store::observationSourceIds(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            "SELECT DISTINCT source_id FROM observations WHERE measure_id = ? ORDER BY source_id");
        q.bind(1, measureId);
        std::vector<RowId> out;
        while (q.executeStep())
            out.push_back(q.getColumn(0).getInt64());
        return out;
    });
}

} // namespace evidence::db
