// Additional points: a submission's points not tied to a question, kept in the order the response gives them.

#include "core/errors.h"
#include "core/text.h"
#include "core/uuid.h"
#include "db/store_impl.h"

namespace evidence::db {
namespace {

constexpr const char* kPointCols = "id, uuid, submission_id, position, text, created_at, updated_at";

AdditionalPoint readPoint(SQLite::Statement& q)
{
    AdditionalPoint p;
    p.id = q.getColumn(0).getInt64();
    p.uuid = q.getColumn(1).getString();
    p.submissionId = q.getColumn(2).getInt64();
    p.position = q.getColumn(3).getInt();
    p.text = q.getColumn(4).getString();
    p.createdAt = q.getColumn(5).getString();
    p.updatedAt = q.getColumn(6).getString();
    return p;
}

void checkPointText(const std::string& s)
{
    if (!text::isValidUtf8(s))
        throw DataError("the point's text is not valid UTF-8 and cannot be saved");
    if (s.find('\0') != std::string::npos)
        throw DataError("the point's text holds a NUL character, which no text may contain, and cannot be saved");
    if (text::trim(s).empty())
        throw DataError("an additional point needs some text: delete the point instead of emptying it");
    // The document's paragraphs have no such limit, but the same text may be pasted into a workbook cell.
    if (text::codePointCount(s) > 32767)
        throw DataError("the point is " + std::to_string(text::codePointCount(s)) +
                        " characters long: a text holds at most 32,767");
}

// Moves the points of @p submission at @p from and after by @p delta places.
void shiftPoints(SQLite::Database& db, RowId submission, int from, int delta)
{
    SQLite::Statement u(db, "UPDATE submission_points SET position = position + ? WHERE submission_id = ? AND "
                            "position >= ?");
    u.bind(1, delta);
    u.bind(2, submission);
    u.bind(3, from);
    u.exec();
}

} // namespace

std::vector<AdditionalPoint> Store::additionalPoints(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(database(), std::string("SELECT ") + kPointCols +
                                            " FROM submission_points WHERE submission_id = ? ORDER BY position, id");
        q.bind(1, submissionId);
        std::vector<AdditionalPoint> out;
        while (q.executeStep())
            out.push_back(readPoint(q));
        return out;
    });
}

std::optional<AdditionalPoint> Store::additionalPoint(RowId id) const
{
    return readTranslated(path(), [&]() -> std::optional<AdditionalPoint> {
        SQLite::Statement q(database(), std::string("SELECT ") + kPointCols + " FROM submission_points WHERE id = ?");
        q.bind(1, id);
        if (q.executeStep())
            return readPoint(q);
        return std::nullopt;
    });
}

RowId Store::insert(AdditionalPoint& p)
{
    checkPointText(p.text);
    return writeInTransaction(*this, path(), [&] {
        SQLite::Database& db = database();
        if (!submission(p.submissionId))
            throw DataError("submission " + std::to_string(p.submissionId) + " does not exist");
        SQLite::Statement last(db, "SELECT coalesce(max(position), 0) FROM submission_points WHERE submission_id = ?");
        last.bind(1, p.submissionId);
        last.executeStep();
        const int count = last.getColumn(0).getInt();
        if (p.position <= 0 || p.position > count)
            p.position = count + 1;
        else
            shiftPoints(db, p.submissionId, p.position, 1);
        if (p.uuid.empty())
            p.uuid = newUuid();
        p.createdAt = p.updatedAt = m_impl->options.clock();
        SQLite::Statement i(db, "INSERT INTO submission_points (uuid, submission_id, position, text, created_at, "
                                "updated_at) VALUES (?,?,?,?,?,?)");
        i.bind(1, p.uuid);
        i.bind(2, p.submissionId);
        i.bind(3, p.position);
        i.bind(4, p.text);
        i.bind(5, p.createdAt);
        i.bind(6, p.updatedAt);
        i.exec();
        p.id = db.getLastInsertRowid();
        return p.id;
    });
}

void Store::update(const AdditionalPoint& p)
{
    checkPointText(p.text);
    writeInTransaction(*this, path(), [&] {
        const auto current = additionalPoint(p.id);
        if (!current)
            throw NotFoundError("additional point " + std::to_string(p.id) + " no longer exists");
        if (current->text == p.text)
            return; // nothing changed: no audit entry, no new time
        SQLite::Statement u(database(), "UPDATE submission_points SET text = ?, updated_at = ? WHERE id = ?");
        u.bind(1, p.text);
        u.bind(2, m_impl->options.clock());
        u.bind(3, p.id);
        u.exec();
    });
}

void Store::removeAdditionalPoint(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        const auto current = additionalPoint(id);
        if (!current)
            throw NotFoundError("additional point " + std::to_string(id) + " no longer exists");
        SQLite::Statement d(database(), "DELETE FROM submission_points WHERE id = ?");
        d.bind(1, id);
        d.exec();
        shiftPoints(database(), current->submissionId, current->position + 1, -1);
    });
}

} // namespace evidence::db
