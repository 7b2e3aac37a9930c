// The store's consultations, their questions and the rules of the profile each was imported with.

#include "core/errors.h"
#include "core/text.h"
#include "core/uuid.h"
#include "db/store_impl.h"
#include "db/store_rows.h"

namespace evidence::db {

std::vector<Consultation> Store::consultations() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kConsultationCols + " FROM consultations ORDER BY id");
        return readAll<Consultation>(q, readConsultation);
    });
}

std::optional<Consultation> Store::consultation(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kConsultationCols + " FROM consultations WHERE id = ?");
        q.bind(1, id);
        return readOne<Consultation>(q, readConsultation);
    });
}

RowId Store::insert(Consultation& c)
{
    return writeInTransaction(*this, path(), [&] {
        if (c.uuid.empty())
            c.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO consultations (uuid, code, title, publisher, opens, closes, url) "
                                         "VALUES (?,?,?,?,?,?,?)");
        bindConsultation(q, c);
        q.exec();
        c.id = m_impl->db->getLastInsertRowid();
        return c.id;
    });
}

void Store::update(const Consultation& c)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "UPDATE consultations SET uuid = ?, code = ?, title = ?, publisher = ?, "
                                         "opens = ?, closes = ?, url = ? WHERE id = ?");
        bindConsultation(q, c);
        q.bind(8, c.id);
        q.exec();
        requireRow(*m_impl->db, "consultation", c.id);
    });
}

std::vector<Question> Store::questions(RowId consultationId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kQuestionCols +
                                             " FROM questions WHERE consultation_id = ? ORDER BY position, id");
        q.bind(1, consultationId);
        return readAll<Question>(q, readQuestion);
    });
}

std::optional<Question> Store::question(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kQuestionCols + " FROM questions WHERE id = ?");
        q.bind(1, id);
        return readOne<Question>(q, readQuestion);
    });
}

std::optional<Question> Store::questionByNumber(RowId consultationId, std::string_view number) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kQuestionCols +
                                             " FROM questions WHERE consultation_id = ? AND number = ? COLLATE NOCASE");
        q.bind(1, consultationId);
        q.bind(2, std::string(text::trim(number)));
        return readOne<Question>(q, readQuestion);
    });
}

RowId Store::insert(Question& x)
{
    return writeInTransaction(*this, path(), [&] {
        if (questionByNumber(x.consultationId, x.number))
            throw DataError("question " + x.number + " already exists in this consultation");
        if (x.uuid.empty())
            x.uuid = newUuid();
        if (x.position == 0)
            x.position = static_cast<int>(
                m_impl->db
                    ->execAndGet("SELECT coalesce(max(position), 0) + 1 FROM questions WHERE consultation_id = " +
                                 std::to_string(x.consultationId))
                    .getInt());
        SQLite::Statement q(*m_impl->db, "INSERT INTO questions (uuid, consultation_id, number, position, text, "
                                         "answer_type, choices, word_limit, form_char_limit, required) "
                                         "VALUES (?,?,?,?,?,?,?,?,?,?)");
        bindQuestion(q, x);
        q.exec();
        x.id = m_impl->db->getLastInsertRowid();
        return x.id;
    });
}

void Store::update(const Question& x)
{
    writeInTransaction(*this, path(), [&] {
        if (auto other = questionByNumber(x.consultationId, x.number); other && other->id != x.id)
            throw DataError("question " + x.number + " already exists in this consultation");
        SQLite::Statement q(*m_impl->db, "UPDATE questions SET uuid = ?, consultation_id = ?, number = ?, "
                                         "position = ?, text = ?, answer_type = ?, choices = ?, word_limit = ?, "
                                         "form_char_limit = ?, required = ? WHERE id = ?");
        bindQuestion(q, x);
        q.bind(11, x.id);
        q.exec();
        requireRow(*m_impl->db, "question", x.id);
    });
}

std::optional<ConsultationProfile> Store::consultationProfile(RowId consultationId) const
{
    return readTranslated(path(), [&]() -> std::optional<ConsultationProfile> {
        const auto c = consultation(consultationId);
        SQLite::Statement q(*m_impl->db,
                            "SELECT name, closes_time, time_zone, channels, file_formats, max_file_mb, "
                            "word_limit_total, word_limit_answer, partial_answers, extra_points, publication, "
                            "confidentiality_note, heading, summary_first, numbered_paragraphs, wording_checked, "
                            "wording_note FROM consultation_profiles WHERE consultation_id = ?");
        q.bind(1, consultationId);
        if (!c || !q.executeStep())
            return std::nullopt;
        auto optionalInt = [&](int column) -> std::optional<int> {
            if (q.getColumn(column).isNull())
                return std::nullopt;
            return q.getColumn(column).getInt();
        };
        ConsultationProfile p;
        p.name = q.getColumn(0).getString();
        p.code = c->code;
        p.title = c->title;
        p.publisher = c->publisher;
        p.url = c->url;
        p.opens = c->opens;
        p.closesDate = c->closes;
        p.closesTime = q.getColumn(1).getString();
        p.timeZone = q.getColumn(2).getString();
        p.channels = text::splitList(q.getColumn(3).getString());
        p.fileFormats = text::splitList(q.getColumn(4).getString());
        p.maxFileMegabytes = optionalInt(5);
        p.wordLimitTotal = optionalInt(6);
        p.wordLimitPerAnswer = optionalInt(7);
        p.partialAnswersAllowed = q.getColumn(8).getInt() != 0;
        p.extraPointsAllowed = q.getColumn(9).getInt() != 0;
        p.publication =
            parsePublication(q.getColumn(10).getString()).value_or(Publication::PublishedUnlessConfidential);
        p.confidentialityNote = q.getColumn(11).getString();
        p.heading = q.getColumn(12).getString();
        p.summaryFirst = q.getColumn(13).getInt() != 0;
        p.numberedParagraphs = q.getColumn(14).getInt() != 0;
        p.wordingChecked = q.getColumn(15).getInt() != 0;
        p.wordingNote = q.getColumn(16).getString();
        for (const auto& x : questions(consultationId))
            p.questions.push_back(
                {x.number, x.text, x.answerType, x.choices, x.required, x.wordLimit, x.formCharLimit, 0});
        return p;
    });
}

void Store::saveConsultationProfileSettings(RowId consultationId, const ConsultationProfile& p)
{
    writeInTransaction(*this, path(), [&] {
        if (!consultation(consultationId))
            throw NotFoundError("consultation " + std::to_string(consultationId) + " does not exist");
        if (text::trim(p.name).empty())
            throw DataError("a consultation's profile needs a name");
        // An update keeps the row's uuid, so the audit log follows one profile through its versions.
        SQLite::Statement q(
            *m_impl->db,
            "INSERT INTO consultation_profiles (uuid, consultation_id, name, closes_time, time_zone, channels, "
            "file_formats, max_file_mb, word_limit_total, word_limit_answer, partial_answers, extra_points, "
            "publication, confidentiality_note, heading, summary_first, numbered_paragraphs, wording_checked, "
            "wording_note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (consultation_id) DO UPDATE SET "
            "name = excluded.name, closes_time = excluded.closes_time, time_zone = excluded.time_zone, "
            "channels = excluded.channels, file_formats = excluded.file_formats, max_file_mb = excluded.max_file_mb, "
            "word_limit_total = excluded.word_limit_total, word_limit_answer = excluded.word_limit_answer, "
            "partial_answers = excluded.partial_answers, extra_points = excluded.extra_points, "
            "publication = excluded.publication, confidentiality_note = excluded.confidentiality_note, "
            "heading = excluded.heading, summary_first = excluded.summary_first, "
            "numbered_paragraphs = excluded.numbered_paragraphs, wording_checked = excluded.wording_checked, "
            "wording_note = excluded.wording_note");
        bindText(q, 1, newUuid());
        q.bind(2, consultationId);
        bindText(q, 3, std::string(text::trim(p.name)));
        bindText(q, 4, p.closesTime);
        bindText(q, 5, p.timeZone);
        bindText(q, 6, text::join(p.channels, ";"));
        bindText(q, 7, text::join(p.fileFormats, ";"));
        int column = 8;
        for (const auto& limit : {p.maxFileMegabytes, p.wordLimitTotal, p.wordLimitPerAnswer}) {
            if (limit && *limit <= 0)
                throw DataError("a limit in a consultation's profile must be a positive number");
            if (limit)
                q.bind(column++, *limit);
            else
                q.bind(column++);
        }
        q.bind(11, p.partialAnswersAllowed ? 1 : 0);
        q.bind(12, p.extraPointsAllowed ? 1 : 0);
        q.bind(13, std::string(publicationCode(p.publication)));
        bindText(q, 14, p.confidentialityNote);
        bindText(q, 15, p.heading);
        q.bind(16, p.summaryFirst ? 1 : 0);
        q.bind(17, p.numberedParagraphs ? 1 : 0);
        q.bind(18, p.wordingChecked ? 1 : 0);
        bindText(q, 19, p.wordingNote);
        q.exec();
    });
}

} // namespace evidence::db
