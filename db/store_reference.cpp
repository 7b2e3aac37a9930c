// The store's sources, measures and areas: what every figure refers to.

#include "core/errors.h"
#include "core/text.h"
#include "core/uuid.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

#include <array>
#include <charconv>

namespace evidence::db {

// ---- sources -----------------------------------------------------------------------------------

std::vector<Source> Store::sources() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSourceCols + " FROM sources ORDER BY title");
        return readAll<Source>(q, readSource);
    });
}

std::optional<Source> Store::source(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSourceCols + " FROM sources WHERE id = ?");
        q.bind(1, id);
        return readOne<Source>(q, readSource);
    });
}

std::optional<Source> Store::sourceByTitle(std::string_view title) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kSourceCols + " FROM sources WHERE title = ? COLLATE NOCASE");
        q.bind(1, std::string(text::trim(title)));
        return readOne<Source>(q, readSource);
    });
}

RowId Store::insert(Source& s)
{
    return writeInTransaction(*this, path(), [&] {
        if (auto existing = sourceByTitle(s.title))
            throw DataError("a source titled '" + existing->title + "' already exists");
        if (s.uuid.empty())
            s.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO sources (uuid, title, publisher, method, date_published, "
                                         "date_retrieved, url, licence, quality_notes) VALUES (?,?,?,?,?,?,?,?,?)");
        bindSource(q, s);
        q.exec();
        s.id = m_impl->db->getLastInsertRowid();
        return s.id;
    });
}

void Store::update(const Source& s)
{
    writeInTransaction(*this, path(), [&] {
        if (auto existing = sourceByTitle(s.title); existing && existing->id != s.id)
            throw DataError("another source is already titled '" + existing->title + "'");
        SQLite::Statement q(*m_impl->db, "UPDATE sources SET uuid = ?, title = ?, publisher = ?, method = ?, "
                                         "date_published = ?, date_retrieved = ?, url = ?, licence = ?, "
                                         "quality_notes = ? WHERE id = ?");
        bindSource(q, s);
        q.bind(10, s.id);
        q.exec();
        requireRow(*m_impl->db, "source", s.id);
    });
}

void Store::removeSource(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        const auto n =
            m_impl->db->execAndGet("SELECT count(*) FROM observations WHERE source_id = " + std::to_string(id))
                .getInt64();
        if (n > 0)
            throw DataError("this source cannot be deleted: " + std::to_string(n) +
                            " figures cite it. Delete or move those figures first.");
        SQLite::Statement q(*m_impl->db, "DELETE FROM sources WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "source", id);
    });
}

// ---- measures ----------------------------------------------------------------------------------

std::vector<Measure> Store::measures() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kMeasureCols + " FROM measures ORDER BY name");
        return readAll<Measure>(q, readMeasure);
    });
}

std::optional<Measure> Store::measure(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kMeasureCols + " FROM measures WHERE id = ?");
        q.bind(1, id);
        return readOne<Measure>(q, readMeasure);
    });
}

std::optional<Measure> Store::measureByName(std::string_view name) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kMeasureCols + " FROM measures WHERE name = ? COLLATE NOCASE");
        q.bind(1, std::string(text::trim(name)));
        return readOne<Measure>(q, readMeasure);
    });
}

RowId Store::insert(Measure& m)
{
    return writeInTransaction(*this, path(), [&] {
        if (auto existing = measureByName(m.name))
            throw DataError("a measure named '" + existing->name + "' already exists");
        if (m.uuid.empty())
            m.uuid = newUuid();
        SQLite::Statement q(*m_impl->db,
                            "INSERT INTO measures (uuid, name, definition, unit, population) VALUES (?,?,?,?,?)");
        bindMeasure(q, m);
        q.exec();
        m.id = m_impl->db->getLastInsertRowid();
        return m.id;
    });
}

void Store::update(const Measure& m)
{
    writeInTransaction(*this, path(), [&] {
        if (auto existing = measureByName(m.name); existing && existing->id != m.id)
            throw DataError("another measure is already named '" + existing->name + "'");
        if (m.unit == Unit::Count || m.unit == Unit::Percentage) {
            // Making a rate a count would leave its fractions in a count, and a count a percentage its figures over
            // 100 in a share: name the first one.
            const bool count = m.unit == Unit::Count;
            SQLite::Statement f(*m_impl->db, std::string("SELECT a.name, o.period, o.value FROM observations o JOIN "
                                                         "areas a ON a.id = o.area_id WHERE o.measure_id = ? AND "
                                                         "o.value IS NOT NULL AND ") +
                                                 (count ? "o.value <> CAST(o.value AS INTEGER)" : "o.value > 100") +
                                                 " ORDER BY o.id LIMIT 1");
            f.bind(1, m.id);
            if (f.executeStep()) {
                std::array<char, 32> buf{};
                const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), f.getColumn(2).getDouble()).ptr;
                throw DataError("measure '" + m.name + "' cannot be a " + (count ? "count" : "percentage") +
                                ": its figure for " + f.getColumn(0).getString() + ", " + f.getColumn(1).getString() +
                                " is " + std::string(buf.data(), end) +
                                (count ? ", which is not a whole number" : ", and a percentage is at most 100"));
            }
        }
        SQLite::Statement q(*m_impl->db, "UPDATE measures SET uuid = ?, name = ?, definition = ?, unit = ?, "
                                         "population = ? WHERE id = ?");
        bindMeasure(q, m);
        q.bind(6, m.id);
        q.exec();
        requireRow(*m_impl->db, "measure", m.id);
    });
}

void Store::removeMeasure(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        const auto n =
            m_impl->db->execAndGet("SELECT count(*) FROM observations WHERE measure_id = " + std::to_string(id))
                .getInt64();
        if (n > 0)
            throw DataError("this measure cannot be deleted: it has " + std::to_string(n) +
                            " figures. Delete those figures first.");
        SQLite::Statement q(*m_impl->db, "DELETE FROM measures WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "measure", id);
    });
}

// ---- areas -------------------------------------------------------------------------------------

std::vector<Area> Store::areas() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols +
                                             " FROM areas ORDER BY CASE kind WHEN 'police_force_area' THEN 1 WHEN "
                                             "'region' THEN 2 WHEN 'country' THEN 3 ELSE 4 END, name");
        return readAll<Area>(q, readArea);
    });
}

std::optional<Area> Store::area(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols + " FROM areas WHERE id = ?");
        q.bind(1, id);
        return readOne<Area>(q, readArea);
    });
}

std::vector<Area> Store::areasByCode(std::string_view code) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols +
                                             " FROM areas WHERE code = ? COLLATE NOCASE ORDER BY id");
        q.bind(1, std::string(text::trim(code)));
        return readAll<Area>(q, readArea);
    });
}

std::vector<Area> Store::areasByName(std::string_view name) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols +
                                             " FROM areas WHERE name = ? COLLATE NOCASE ORDER BY id");
        q.bind(1, std::string(text::trim(name)));
        return readAll<Area>(q, readArea);
    });
}

namespace {

/// Refuses an area of @p kind named or coded as another of its kind (@p self is the area's own id, 0 for a
/// new one), ignoring letter case as every lookup by name or code does: with "Dorset" and "DORSET", or
/// "E23000039" and "e23000039", an import's row would have two areas to go to.
void requireDistinctArea(const Store& store, RowId self, AreaKind kind, std::string_view name, std::string_view code)
{
    for (const auto& other : store.areasByName(name))
        if (other.kind == kind && other.id != self)
            throw DataError("an area named '" + other.name + "' already exists");
    if (!text::trim(code).empty())
        for (const auto& other : store.areasByCode(code))
            if (other.kind == kind && other.id != self)
                throw DataError("the code " + other.code + " is already the code of " + other.name);
}

} // namespace

RowId Store::insert(Area& a)
{
    return writeInTransaction(*this, path(), [&] {
        if (text::trim(a.name).empty())
            throw DataError("an area needs a name");
        requireDistinctArea(*this, 0, a.kind, a.name, a.code);
        if (a.uuid.empty())
            a.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO areas (uuid, code, name, kind, itl1_code, region_name, "
                                         "country, reference) VALUES (?,?,?,?,?,?,?,0)");
        bindText(q, 1, a.uuid);
        bindText(q, 2, std::string(text::trim(a.code)));
        bindText(q, 3, std::string(text::trim(a.name)));
        q.bind(4, std::string(areaKindCode(a.kind)));
        bindText(q, 5, a.itl1Code);
        bindText(q, 6, a.regionName);
        bindText(q, 7, a.country);
        q.exec();
        a.id = m_impl->db->getLastInsertRowid();
        a.reference = false;
        return a.id;
    });
}

void Store::update(const Area& a)
{
    writeInTransaction(*this, path(), [&] {
        const auto stored = area(a.id);
        if (!stored)
            throw NotFoundError("area " + std::to_string(a.id) + " does not exist (it may have been deleted)");
        requireDistinctArea(*this, a.id, stored->kind, a.name, a.code);
        SQLite::Statement q(*m_impl->db, "UPDATE areas SET code = ?, name = ?, itl1_code = ?, region_name = ?, "
                                         "country = ? WHERE id = ?");
        bindText(q, 1, std::string(text::trim(a.code)));
        bindText(q, 2, std::string(text::trim(a.name)));
        bindText(q, 3, a.itl1Code);
        bindText(q, 4, a.regionName);
        bindText(q, 5, a.country);
        q.bind(6, a.id);
        q.exec();
        requireRow(*m_impl->db, "area", a.id);
    });
}

std::vector<RowId> Store::areaMembers(RowId parentId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT m.member_id FROM area_members m JOIN areas a ON a.id = m.member_id "
                                         "WHERE m.parent_id = ? ORDER BY a.name");
        q.bind(1, parentId);
        std::vector<RowId> out;
        while (q.executeStep())
            out.push_back(q.getColumn(0).getInt64());
        return out;
    });
}

void Store::setAreaMembers(RowId parentId, const std::vector<RowId>& memberIds)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement del(*m_impl->db, "DELETE FROM area_members WHERE parent_id = ?");
        del.bind(1, parentId);
        del.exec();
        SQLite::Statement ins(*m_impl->db, "INSERT INTO area_members (uuid, parent_id, member_id) VALUES (?,?,?)");
        for (RowId m : memberIds) {
            if (m == parentId)
                throw DataError("an area cannot be a member of itself");
            ins.reset();
            ins.bind(1, newUuid());
            ins.bind(2, parentId);
            ins.bind(3, m);
            ins.exec();
        }
    });
}

} // namespace evidence::db
