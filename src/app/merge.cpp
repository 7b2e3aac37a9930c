#include "app/merge.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/uuid.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sqlite3.h>
#include <unordered_map>
#include <unordered_set>

namespace evidence::app {

namespace fs = std::filesystem;
using db::SqlValue;

std::string_view choiceName(MergeChoice choice)
{
    switch (choice) {
    case MergeChoice::Mine:
        return "mine";
    case MergeChoice::Theirs:
        return "theirs";
    case MergeChoice::Both:
        return "both";
    case MergeChoice::Unset:
        break;
    }
    return "";
}

MergeChoice parseChoice(std::string_view name)
{
    if (name == "mine")
        return MergeChoice::Mine;
    if (name == "theirs")
        return MergeChoice::Theirs;
    if (name == "both")
        return MergeChoice::Both;
    throw DataError("choice '" + std::string(name) + "': must be mine, theirs or both");
}

std::size_t MergeReport::unresolved() const
{
    return static_cast<std::size_t>(std::count_if(conflicts.begin(), conflicts.end(),
                                                  [](const auto& c) { return c.choice == MergeChoice::Unset; }));
}

namespace {

/// The tables a merge knows, parents before the records that refer to them. A table of the schema
/// missing here stops every merge (a test merges every table), so a new table is never skipped unseen.
struct TableSpec
{
    std::string_view name;
    /// Natural identities, tried in order, for records the two stores gave different uuids. A key with
    /// a column named "code" is not used when the code is empty.
    std::vector<std::vector<std::string_view>> keys;
    bool ofSubmission = false; ///< the submission's own records: not copied between submissions
    /// Key columns the store compares ignoring (ASCII) letter case, so that it holds one of "CS-012" and
    /// "cs-012" (or of "FOI" and "foi", "Offences" and "offences", two areas of one kind named "Kent" and
    /// "KENT" or coded "E23000039" and "e23000039"): the merge matches them as one record too.
    std::vector<std::string_view> caseless = {};
};

const std::vector<TableSpec>& tableSpecs()
{
    static const std::vector<TableSpec> kSpecs = {
        {"sources", {{"title"}}, false, {"title"}},
        {"measures", {{"name"}}, false, {"name"}},
        {"areas", {{"kind", "code"}, {"kind", "name"}}, false, {"code", "name"}},
        {"area_members", {{"parent_id", "member_id"}}},
        {"consultations", {{"code"}, {"title"}}},
        {"questions", {{"consultation_id", "number"}}},
        {"consultation_profiles", {{"consultation_id"}}},
        {"case_studies", {{"reference"}}, false, {"reference"}},
        {"case_study_questions", {{"case_study_id", "question_id"}}},
        {"submissions", {}, true},
        {"submission_case_studies", {{"submission_id", "case_study_id"}}, true},
        {"submission_measures", {{"submission_id", "measure_id"}}, true},
        {"answers", {{"submission_id", "question_id"}}, true},
        {"answer_evidence", {{"answer_id", "measure_id", "case_study_id"}}, true},
        {"submission_points", {}, true},
        {"observations", {{"measure_id", "area_id", "period_key", "dimension", "category", "source_id"}}},
        {"finding_acknowledgements", {{"record_uuid", "fingerprint"}}},
        {"imports", {}},
    };
    return kSpecs;
}

bool notMerged(std::string_view table)
{
    return table == "audit_log" || table == "store_info";
}

struct Row
{
    std::string uuid;
    std::vector<SqlValue> values; ///< per Table::columns; a reference to another record as its uuid
};

struct Table
{
    const TableSpec* spec = nullptr;
    std::vector<std::string> columns;              ///< every column but id (uuid included)
    std::map<std::string, std::string> references; ///< column to the table it refers to (by id)
    std::set<std::string> cascades;                ///< references whose record's deletion deletes this one
    std::set<std::string> redacted;                ///< free text the audit log keeps as its length
    std::set<std::string> freeText;

    std::size_t index(std::string_view column) const
    {
        return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), column) - columns.begin());
    }
};

std::string sqlName(std::string_view name)
{
    return "\"" + std::string(name) + "\"";
}

SqlValue valueOf(const SQLite::Column& c)
{
    if (c.isInteger())
        return c.getInt64();
    if (c.isFloat())
        return c.getDouble();
    if (c.isNull())
        return std::monostate{};
    return c.getString();
}

void bindValue(SQLite::Statement& q, int index, const SqlValue& v)
{
    if (std::holds_alternative<std::monostate>(v))
        q.bind(index);
    else if (const auto* i = std::get_if<std::int64_t>(&v))
        q.bind(index, *i);
    else if (const auto* d = std::get_if<double>(&v))
        q.bind(index, *d);
    else
        q.bind(index, std::get<std::string>(v));
}

std::string text(const SqlValue& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return "(none)";
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, *d);
        return std::string(buf, r.ptr);
    }
    return std::get<std::string>(v);
}

std::string plain(const SqlValue& v)
{
    return std::holds_alternative<std::monostate>(v) ? std::string() : text(v);
}

Table describe(const db::Store& store, const TableSpec& spec)
{
    auto& db = store.database();
    Table t;
    t.spec = &spec;
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, std::string(spec.name));
    while (info.executeStep())
        if (info.getColumn(0).getString() != "id")
            t.columns.push_back(info.getColumn(0).getString());
    SQLite::Statement fk(db, "SELECT \"from\", \"table\", on_delete FROM pragma_foreign_key_list(?)");
    fk.bind(1, std::string(spec.name));
    while (fk.executeStep()) {
        t.references[fk.getColumn(0).getString()] = fk.getColumn(1).getString();
        if (fk.getColumn(2).getString() == "CASCADE")
            t.cascades.insert(fk.getColumn(0).getString());
    }
    for (const auto& c : db::redactedColumns(spec.name))
        t.redacted.insert(c);
    for (const auto& c : db::textColumns())
        if (c.table == spec.name && c.kind == db::TextKind::FreeText)
            t.freeText.insert(std::string(c.column));
    return t;
}

/// Reads the records of a table one at a time, references as the uuids of the records they name.
class RowReader
{
public:
    /// @p where (SQL on the table as "t", one text parameter) selects records; @p orderBy orders them.
    RowReader(const db::Store& store, const Table& t, const std::string& where, const std::string& parameter,
              const std::string& orderBy)
        : m_table(t), m_query(store.database(), sql(t, where, orderBy)), m_uuidAt(t.index("uuid"))
    {
        if (m_query.getBindParameterCount() > 0)
            m_query.bind(1, parameter);
    }

    /// The next record into @p r; false after the last.
    bool next(Row& r)
    {
        if (!m_query.executeStep())
            return false;
        r.values.clear();
        r.values.reserve(m_table.columns.size());
        for (int i = 0; i < static_cast<int>(m_table.columns.size()); ++i)
            r.values.push_back(valueOf(m_query.getColumn(i)));
        r.uuid = std::get<std::string>(r.values[m_uuidAt]);
        return true;
    }

private:
    static std::string sql(const Table& t, const std::string& where, const std::string& orderBy)
    {
        std::string out = "SELECT ";
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const auto& c = t.columns[i];
            out += i ? ", " : "";
            const auto ref = t.references.find(c);
            out += ref == t.references.end()
                       ? "t." + sqlName(c)
                       : "(SELECT uuid FROM " + sqlName(ref->second) + " WHERE id = t." + sqlName(c) + ")";
        }
        return out + " FROM " + sqlName(t.spec->name) + " AS t" + (where.empty() ? "" : " WHERE " + where) +
               " ORDER BY " + orderBy;
    }

    const Table& m_table;
    SQLite::Statement m_query;
    std::size_t m_uuidAt;
};

/// The records of @p t in the order they were written, or with @p where (SQL on the table as "t", one text
/// parameter) those it selects.
std::vector<Row> readRows(const db::Store& store, const Table& t, const std::string& where = {},
                          const std::string& parameter = {})
{
    RowReader reader(store, t, where, parameter, "t.rowid");
    std::vector<Row> rows;
    for (Row r; reader.next(r);)
        rows.push_back(r);
    return rows;
}

struct AuditRow
{
    std::int64_t id = 0;
    std::string at, osUser, table, recordUuid, action, oldValues, newValues;
    std::set<std::string> changedFields; ///< for an update: the fields whose logged values differ
    std::set<std::string> emptyText;     ///< for an update: redacted fields logged as empty before and after
    /// For an update: its log marks each redacted field it edited (schema 12), so one it does not mark was
    /// not edited. Earlier entries give a length only, which an edit keeping the length leaves as it was.
    bool marksTextEdits = false;
    /// For a bulk import: the first and last uuid of the rows it added, which have no entry of their own.
    std::string addedFirst, addedLast;
};

/// The rows one bulk import added: every uuid from the first to the last (bulk_import.h).
struct ImportedRows
{
    std::string first, last;
    std::vector<const AuditRow*> entry; ///< the import's
};

/// One store's audit log, with its entries after the common state grouped by record.
struct AuditLog
{
    std::vector<AuditRow> rows; ///< by id
    std::unordered_map<std::string, std::vector<const AuditRow*>> since;
    std::vector<ImportedRows> imported; ///< the imports after the common state

    const AuditRow* byId(std::int64_t id) const
    {
        auto it =
            std::lower_bound(rows.begin(), rows.end(), id, [](const AuditRow& r, std::int64_t v) { return r.id < v; });
        return it != rows.end() && it->id == id ? &*it : nullptr;
    }
    const std::vector<const AuditRow*>* changes(const std::string& uuid) const
    {
        if (auto it = since.find(uuid); it != since.end())
            return &it->second;
        for (const auto& i : imported)
            if (i.first <= uuid && uuid <= i.last)
                return &i.entry;
        return nullptr;
    }
    std::int64_t lastId() const { return rows.empty() ? 0 : rows.back().id; }
};

AuditLog readAudit(const db::Store& store)
{
    AuditLog log;
    auto& db = store.database();
    SQLite::Statement q(db, "SELECT id, at, os_user, table_name, record_uuid, action, old_values, new_values FROM "
                            "audit_log ORDER BY id");
    while (q.executeStep())
        log.rows.push_back({q.getColumn(0).getInt64(),
                            q.getColumn(1).getString(),
                            q.getColumn(2).getString(),
                            q.getColumn(3).getString(),
                            q.getColumn(4).getString(),
                            q.getColumn(5).getString(),
                            q.getColumn(6).getString(),
                            q.getColumn(7).getString(),
                            {},
                            {},
                            false,
                            {},
                            {}});
    // Entries logged since the store's triggers mark edited texts (absent before schema 12).
    SQLite::Statement from(db, "SELECT value FROM store_info WHERE key = 'audit_marks_text_edits_from'");
    if (from.executeStep()) {
        const std::int64_t first = from.getColumn(0).getInt64();
        for (auto& row : log.rows)
            row.marksTextEdits = row.id >= first;
    }
    // Which fields each update changed, as far as the log can tell (free text is logged as its length).
    SQLite::Statement f(db, "SELECT a.id, o.key FROM audit_log AS a, json_each(a.old_values) AS o "
                            "WHERE a.action = 'update' AND json_valid(a.old_values) AND json_valid(a.new_values) "
                            "AND o.value IS NOT json_extract(a.new_values, '$.\"' || o.key || '\"')");
    while (f.executeStep())
        if (auto* row = const_cast<AuditRow*>(log.byId(f.getColumn(0).getInt64())))
            row->changedFields.insert(f.getColumn(1).getString());
    // An empty text logged as empty is the one redacted value known not to have changed.
    SQLite::Statement e(db, "SELECT a.id, o.key FROM audit_log AS a, json_each(a.old_values) AS o "
                            "WHERE a.action = 'update' AND json_valid(a.old_values) AND json_valid(a.new_values) "
                            "AND o.value = '[redacted: 0 characters]' "
                            "AND json_extract(a.new_values, '$.\"' || o.key || '\"') = o.value");
    while (e.executeStep())
        if (auto* row = const_cast<AuditRow*>(log.byId(e.getColumn(0).getInt64())))
            row->emptyText.insert(e.getColumn(1).getString());
    SQLite::Statement i(db, "SELECT id, json_extract(new_values, '$.added.first_uuid'), "
                            "json_extract(new_values, '$.added.last_uuid') FROM audit_log WHERE table_name = 'imports' "
                            "AND action = 'insert' AND json_valid(new_values) "
                            "AND json_type(new_values, '$.added.first_uuid') = 'text' "
                            "AND json_type(new_values, '$.added.last_uuid') = 'text'");
    while (i.executeStep())
        if (auto* row = const_cast<AuditRow*>(log.byId(i.getColumn(0).getInt64()))) {
            row->addedFirst = i.getColumn(1).getString();
            row->addedLast = i.getColumn(2).getString();
        }
    return log;
}

bool sameEntry(const AuditRow& a, const AuditRow& b)
{
    return a.id == b.id && a.at == b.at && a.osUser == b.osUser && a.table == b.table && a.recordUuid == b.recordUuid &&
           a.action == b.action && a.oldValues == b.oldValues && a.newValues == b.newValues;
}

/// A merge summary entry: the store it merged from and that store's last audit entry then.
struct MergeMark
{
    std::int64_t entryId = 0, sourceId = 0;
    std::string sourceAt, sourceRecord;
};

std::vector<MergeMark> mergeMarks(const db::Store& store)
{
    std::vector<MergeMark> marks;
    SQLite::Statement q(store.database(),
                        "SELECT id, json_extract(new_values, '$.merge.source_audit_id'), "
                        "json_extract(new_values, '$.merge.source_audit_at'), "
                        "json_extract(new_values, '$.merge.source_audit_record') FROM audit_log "
                        "WHERE table_name = 'store_info' AND json_valid(new_values) "
                        "AND json_extract(new_values, '$.merge.source_audit_id') IS NOT NULL ORDER BY id DESC");
    while (q.executeStep())
        marks.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                         q.getColumn(3).getString()});
    return marks;
}

bool marks(const AuditLog& log, const MergeMark& m)
{
    const AuditRow* r = log.byId(m.sourceId);
    return r && r->at == m.sourceAt && r->recordUuid == m.sourceRecord;
}

/// Where the two stores were last the same, and which side holds the merged state when a record
/// changed in neither since but differs.
struct Base
{
    std::int64_t mine = 0, theirs = 0;
    MergeChoice favour = MergeChoice::Unset;
    bool shared = false;
};

Base findBase(const db::Store& target, const AuditLog& mine, const db::Store& source, const AuditLog& theirs)
{
    Base base;
    std::size_t i = 0;
    while (i < mine.rows.size() && i < theirs.rows.size() && sameEntry(mine.rows[i], theirs.rows[i]))
        ++i;
    if (i > 0) {
        base.mine = base.theirs = mine.rows[i - 1].id;
        base.shared = true;
    }
    // After a merge the target holds the merged state: a later merge of the same pair starts there.
    for (const auto& m : mergeMarks(target))
        if (marks(theirs, m)) {
            if (m.entryId + m.sourceId > base.mine + base.theirs)
                base = {m.entryId, m.sourceId, MergeChoice::Mine, true};
            break;
        }
    for (const auto& m : mergeMarks(source))
        if (marks(mine, m)) {
            if (m.sourceId + m.entryId > base.mine + base.theirs)
                base = {m.sourceId, m.entryId, MergeChoice::Theirs, true};
            break;
        }
    return base;
}

void groupSince(AuditLog& log, std::int64_t base)
{
    for (const auto& r : log.rows) {
        if (r.id > base && r.table != "store_info")
            log.since[r.recordUuid].push_back(&r);
        if (r.id > base && !r.addedFirst.empty())
            log.imported.push_back({r.addedFirst, r.addedLast, {&r}});
    }
    // A row an import added and then changed was added by the import, its first change since.
    for (auto& [uuid, entries] : log.since)
        for (const auto& i : log.imported)
            if (i.first <= uuid && uuid <= i.last) {
                const AuditRow* import = i.entry.front();
                entries.insert(
                    std::find_if(entries.begin(), entries.end(), [&](const AuditRow* r) { return r->id > import->id; }),
                    import);
                break;
            }
}

/// Whether the update @p entry may have edited the redacted @p field that its logged values do not show as
/// changed: an earlier entry's logged length cannot show an edit that kept the length, so it may have, unless
/// the text was empty before and after.
bool mayHaveEdited(const AuditRow& entry, const std::string& field)
{
    return !entry.marksTextEdits && !entry.emptyText.count(field);
}

MergeChangeBy lastChange(const AuditLog& log, const std::string& uuid, const std::string& field, bool redacted)
{
    const auto* changes = log.changes(uuid);
    if (!changes)
        return {};
    for (auto it = changes->rbegin(); it != changes->rend(); ++it)
        if (field.empty() || (*it)->action != "update" || (*it)->changedFields.count(field) ||
            (redacted && mayHaveEdited(**it, field)))
            return {(*it)->osUser, (*it)->at};
    return {changes->back()->osUser, changes->back()->at};
}

bool fieldChanged(const AuditLog& log, const std::string& uuid, const std::string& field, bool redacted)
{
    const auto* changes = log.changes(uuid);
    if (!changes)
        return false;
    for (const auto* c : *changes)
        if (c->action != "update" || c->changedFields.count(field) || (redacted && mayHaveEdited(*c, field)))
            return true;
    return false;
}

bool deletedSince(const AuditLog& log, const std::string& uuid)
{
    const auto* changes = log.changes(uuid);
    return changes && changes->back()->action == "delete";
}

/// What will be written for one record.
struct Write
{
    enum class What { Insert, Update, Delete, Copy } what = What::Update;
    std::size_t table = 0;
    std::string uuid;             ///< the target's uuid (for Copy: of the record copied from)
    Row row;                      ///< Insert, Copy: theirs; Update: the new values
    std::set<std::size_t> fields; ///< Update: the columns to set
    std::string label;
    /// Why an Insert is written: a record of theirs (Planned), one a choice brings back (Chosen), one
    /// restored because a record kept needs it (Parent), or one that belongs to a record brought back or
    /// copied (Child).
    enum class Origin { Planned, Chosen, Parent, Child } origin = Origin::Planned;
    bool cancelled = false;
};

using RecordKey = std::pair<std::size_t, std::string>; ///< (table, the target's uuid)

struct Planner
{
    db::Store& target;
    const db::Store& source;
    const MergeOptions& options;
    MergeReport report;
    Base base;
    AuditLog mine, theirs;
    std::vector<Table> tables;
    std::unordered_map<std::string, std::string> alias;       ///< source uuid to the target's uuid of the same record
    std::unordered_map<std::string, std::string> sourceUuids; ///< the reverse of alias
    std::vector<std::vector<std::pair<std::size_t, std::string>>>
        children;                                       ///< by table: (table, column) referring to it
    std::map<std::string, std::size_t> conflictAt;      ///< conflict id to its index
    std::unordered_map<std::string, std::string> names; ///< a record's short name, for labels
    std::vector<Write> writes;
    std::map<std::pair<std::size_t, std::string>, std::size_t> updateAt;       ///< (table, uuid) to its Update
    std::map<std::string, std::pair<std::size_t, std::string>> conflictRecord; ///< conflict id to (table, source uuid)
    std::map<std::pair<std::size_t, std::string>, Row> theirsRows, mineRows;   ///< records in conflict

    const fs::path sourceFile; ///< what messages call the source

    Planner(db::Store& t, const db::Store& s, fs::path file, const MergeOptions& o)
        : target(t), source(s), options(o), sourceFile(std::move(file))
    {
    }

    std::string name(const SqlValue& v) const
    {
        if (const auto* s = std::get_if<std::string>(&v)) {
            auto it = names.find(*s);
            if (it != names.end())
                return it->second;
        }
        return text(v);
    }

    std::string label(const Table& t, const Row& r)
    {
        auto v = [&](std::string_view c) -> const SqlValue& { return r.values[t.index(c)]; };
        const std::string_view n = t.spec->name;
        std::string shortName, full;
        if (n == "sources") {
            shortName = plain(v("title"));
            full = "Source " + shortName;
        } else if (n == "measures") {
            shortName = plain(v("name"));
            full = "Measure " + shortName;
        } else if (n == "areas") {
            shortName = plain(v("name"));
            full = "Area " + shortName;
        } else if (n == "area_members") {
            full = "Area " + name(v("member_id")) + " in " + name(v("parent_id"));
        } else if (n == "consultations") {
            shortName = plain(v("code")).empty() ? plain(v("title")) : plain(v("code"));
            full = "Consultation " + shortName;
        } else if (n == "questions") {
            shortName = plain(v("number"));
            full = "Question " + shortName;
        } else if (n == "consultation_profiles") {
            full = "Profile of consultation " + name(v("consultation_id"));
        } else if (n == "case_studies") {
            shortName = plain(v("reference"));
            full = "Case study " + shortName;
        } else if (n == "case_study_questions") {
            full = "Case study " + name(v("case_study_id")) + " for question " + name(v("question_id"));
        } else if (n == "submissions") {
            shortName = "the submission";
            full = "Submission";
        } else if (n == "submission_case_studies") {
            full = "Case study " + name(v("case_study_id")) + " included in the submission";
        } else if (n == "submission_measures") {
            full = "Measure " + name(v("measure_id")) + " included in the submission";
        } else if (n == "answers") {
            shortName = "answer to question " + name(v("question_id"));
            full = "Answer to question " + name(v("question_id"));
        } else if (n == "answer_evidence") {
            const bool measure = !std::holds_alternative<std::monostate>(v("measure_id"));
            full = (measure ? "Measure " + name(v("measure_id")) : "Case study " + name(v("case_study_id"))) +
                   " cited in the " + name(v("answer_id"));
        } else if (n == "submission_points") {
            full = "Additional point " + plain(v("position"));
        } else if (n == "observations") {
            full = "Figure " + name(v("measure_id")) + ", " + name(v("area_id")) + ", " + plain(v("period"));
            if (!plain(v("dimension")).empty())
                full += ", " + plain(v("dimension")) + " " + plain(v("category"));
            full += ", " + name(v("source_id"));
        } else if (n == "finding_acknowledgements") {
            full = "Acknowledged finding (" + plain(v("kind")) + ") in " + name(v("record_uuid"));
        } else if (n == "imports") {
            full = "Import of " + plain(v("file_name"));
        } else {
            full = std::string(n) + " " + r.uuid;
        }
        if (!shortName.empty())
            names.emplace(r.uuid, shortName);
        return full;
    }

    std::string keyOf(const Table& t, const Row& r, const std::vector<std::string_view>& key) const
    {
        std::string k;
        for (auto c : key) {
            const auto& v = r.values[t.index(c)];
            if (c == "code" && plain(v).empty())
                return {};
            const bool caseless =
                std::find(t.spec->caseless.begin(), t.spec->caseless.end(), c) != t.spec->caseless.end();
            k += (caseless ? text::toLowerAscii(text(v)) : text(v)) + '\x1f' + std::to_string(v.index()) + '\x1e';
        }
        return k;
    }

    void translate(const Table& t, Row& r) const
    {
        for (const auto& [column, ref] : t.references) {
            (void)ref;
            auto& v = r.values[t.index(column)];
            if (const auto* s = std::get_if<std::string>(&v)) {
                auto it = alias.find(*s);
                if (it != alias.end())
                    v = it->second;
            }
        }
        if (t.spec->name == "finding_acknowledgements") {
            auto& v = r.values[t.index("record_uuid")];
            if (const auto* s = std::get_if<std::string>(&v)) {
                auto it = alias.find(*s);
                if (it != alias.end())
                    v = it->second;
            }
        }
    }

    void addConflict(std::size_t ti, MergeConflict c, const Row* mineRow, const Row* theirsRow,
                     const std::string& sourceUuid)
    {
        c.table = std::string(tables[ti].spec->name);
        c.id = c.table + "/" + c.recordUuid + "/" + c.field;
        auto chosen = options.choices.find(c.id);
        c.choice = chosen != options.choices.end() ? chosen->second : options.preferAll;
        if (c.choice == MergeChoice::Both && !c.bothPossible)
            c.choice = MergeChoice::Unset;
        if (mineRow)
            mineRows[{ti, c.recordUuid}] = *mineRow;
        if (theirsRow)
            theirsRows[{ti, c.recordUuid}] = *theirsRow;
        conflictRecord[c.id] = {ti, sourceUuid};
        conflictAt[c.id] = report.conflicts.size();
        report.conflicts.push_back(std::move(c));
    }

    Write& update(std::size_t ti, const Row& mineRow, const std::string& lbl)
    {
        auto key = std::make_pair(ti, mineRow.uuid);
        auto it = updateAt.find(key);
        if (it != updateAt.end())
            return writes[it->second];
        updateAt[key] = writes.size();
        writes.push_back({Write::What::Update, ti, mineRow.uuid, mineRow, {}, lbl});
        return writes.back();
    }

    void plan()
    {
        {
            db::Store::ReadSnapshot a(target);
            db::Store::ReadSnapshot b(source);
            checkSubmissions();
            mine = readAudit(target);
            theirs = readAudit(source);
            base = findBase(target, mine, source, theirs);
            groupSince(mine, base.mine);
            groupSince(theirs, base.theirs);
            report.sameHistory = base.shared;
            report.targetBase = base.mine;
            report.sourceBase = base.theirs;
            report.sourceStoreId = source.storeId();

            std::set<std::string> known;
            for (const auto& spec : tableSpecs()) {
                known.insert(std::string(spec.name));
                tables.push_back(describe(target, spec));
            }
            SQLite::Statement all(target.database(),
                                  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
            while (all.executeStep()) {
                const auto n = all.getColumn(0).getString();
                if (!known.count(n) && !notMerged(n))
                    throw Error("internal error: the merge does not know table " + n);
            }
            children.resize(tables.size());
            for (std::size_t ti = 0; ti < tables.size(); ++ti)
                for (const auto& [column, parent] : tables[ti].references)
                    children[tableIndex(parent)].emplace_back(ti, column);
            for (std::size_t ti = 0; ti < tables.size(); ++ti) {
                if (tables[ti].spec->ofSubmission && options.betweenSubmissions)
                    continue;
                if (tables[ti].spec->name == "observations")
                    planLargeTable(ti);
                else
                    planTable(ti, readRows(target, tables[ti]), readRows(source, tables[ti]));
            }
            resolve();
        }
    }

    std::size_t tableIndex(std::string_view name) const
    {
        for (std::size_t ti = 0; ti < tables.size(); ++ti)
            if (tables[ti].spec->name == name)
                return ti;
        throw Error("internal error: the merge does not know table " + std::string(name));
    }

    void checkSubmissions()
    {
        auto uuids = [](const db::Store& s) {
            std::set<std::string> out;
            for (const auto& sub : s.submissions())
                out.insert(sub.uuid);
            return out;
        };
        const auto a = uuids(target), b = uuids(source);
        if (a != b && !a.empty() && !b.empty() && !options.betweenSubmissions) {
            auto titles = [](const db::Store& s) {
                std::string out;
                for (const auto& sub : s.submissions())
                    out += (out.empty() ? "\"" : ", \"") + sub.title + "\" (" + sub.uuid + ")";
                return out;
            };
            throw DifferentSubmissionsError(
                platform::utf8(sourceFile) + " holds a different submission (" + titles(source) + ") from " +
                platform::utf8(target.path()) + " (" + titles(target) +
                "): nothing was merged. To copy its evidence into this submission, merge with "
                "--between-submissions.");
        }
    }

    void planTable(std::size_t ti, std::vector<Row> mineList, std::vector<Row> theirsList)
    {
        const Table& t = tables[ti];
        std::unordered_map<std::string, std::size_t> mineAt;
        for (std::size_t i = 0; i < mineList.size(); ++i)
            mineAt[mineList[i].uuid] = i;
        std::unordered_set<std::string> theirsUuids;
        for (const auto& r : theirsList)
            theirsUuids.insert(r.uuid);
        // Records both stores added on their own (different uuids) are the same record when they share
        // a natural identity: reference data by its codes, a figure by its measure, area, period...
        std::vector<std::unordered_map<std::string, std::string>> mineByKey(t.spec->keys.size());
        for (const auto& r : mineList)
            if (!theirsUuids.count(r.uuid))
                for (std::size_t k = 0; k < t.spec->keys.size(); ++k)
                    if (auto key = keyOf(t, r, t.spec->keys[k]); !key.empty())
                        mineByKey[k].emplace(key, r.uuid);
        std::vector<std::string> sourceUuid(theirsList.size());
        for (std::size_t i = 0; i < theirsList.size(); ++i) {
            Row& r = theirsList[i];
            translate(t, r);
            sourceUuid[i] = r.uuid;
            if (mineAt.count(r.uuid))
                continue;
            for (std::size_t k = 0; k < t.spec->keys.size(); ++k) {
                const auto key = keyOf(t, r, t.spec->keys[k]);
                auto it = key.empty() ? mineByKey[k].end() : mineByKey[k].find(key);
                if (it != mineByKey[k].end()) {
                    alias[r.uuid] = it->second;
                    sourceUuids[it->second] = r.uuid;
                    r.uuid = it->second;
                    r.values[t.index("uuid")] = it->second;
                    mineByKey[k].erase(it);
                    break;
                }
            }
        }
        for (const auto& r : mineList)
            label(t, r);
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < theirsList.size(); ++i) {
            const Row& tr = theirsList[i];
            seen.insert(tr.uuid);
            auto m = mineAt.find(tr.uuid);
            const std::string lbl = label(t, tr);
            if (m != mineAt.end())
                planBoth(ti, mineList[m->second], tr, sourceUuid[i], lbl);
            else
                planTheirsOnly(ti, tr, sourceUuid[i], lbl);
        }
        for (const auto& r : mineList)
            if (!seen.count(r.uuid))
                planMineOnly(ti, r, label(t, r));
    }

    /// planTable() for a table of many records (a store holds a million figures), reading both stores side by
    /// side rather than holding either: first in uuid order, for the records both hold; then, when each holds
    /// records the other does not (stores created apart share no uuid), those records in the order of their
    /// identity in the target's terms, to match the ones both added apart.
    void planLargeTable(std::size_t ti)
    {
        const Table& t = tables[ti];
        std::size_t mineOnly = 0, theirsOnly = 0;
        {
            RowReader mineReader(target, t, {}, {}, "t.uuid"), theirsReader(source, t, {}, {}, "t.uuid");
            Row m, tr;
            bool haveMine = mineReader.next(m), haveTheirs = theirsReader.next(tr);
            while (haveMine || haveTheirs) {
                if (haveMine && (!haveTheirs || m.uuid < tr.uuid)) {
                    ++mineOnly;
                    haveMine = mineReader.next(m);
                } else if (haveTheirs && (!haveMine || tr.uuid < m.uuid)) {
                    ++theirsOnly;
                    haveTheirs = theirsReader.next(tr);
                } else {
                    translate(t, tr);
                    label(t, m);
                    planBoth(ti, m, tr, tr.uuid, label(t, tr));
                    haveMine = mineReader.next(m);
                    haveTheirs = theirsReader.next(tr);
                }
            }
        }
        if (mineOnly + theirsOnly > 0)
            planByIdentity(ti, mineOnly > 0, theirsOnly > 0);
    }

    /// The records of a large table that one store holds alone, both stores read in the order of the
    /// table's identity (its one key), references in the target's terms.
    void planByIdentity(std::size_t ti, bool readMine, bool readTheirs)
    {
        const Table& t = tables[ti];
        const auto& key = t.spec->keys.at(0);
        // An acknowledgement names its record by uuid: a record matched by identity keeps its source uuid
        // known when one refers to it, or when a write or conflict needs it (the source's history).
        std::unordered_set<std::string> acknowledged;
        {
            SQLite::Statement q(source.database(),
                                "SELECT record_uuid FROM finding_acknowledgements WHERE record_table = ?");
            q.bind(1, std::string(t.spec->name));
            while (q.executeStep())
                acknowledged.insert(q.getColumn(0).getString());
        }
        std::string mineOrder, theirsOrder;
        std::vector<std::size_t> keyAt;
        for (const auto c : key) {
            const auto ref = t.references.find(std::string(c));
            const std::string column = "t." + sqlName(c);
            const std::string e = ref == t.references.end()
                                      ? column
                                      : "(SELECT uuid FROM " + sqlName(ref->second) + " WHERE id = " + column + ")";
            mineOrder += e + ", ";
            theirsOrder += (ref == t.references.end() ? e : "evidence_merge_alias(" + e + ")") + ", ";
            keyAt.push_back(t.index(c));
        }
        IdentityOrder functions(*this, t);
        const std::string alone = "NOT evidence_merge_elsewhere(t.uuid)";
        RowReader mineReader(target, t, alone, {}, mineOrder + "t.rowid");
        RowReader theirsReader(source, t, alone, {}, theirsOrder + "t.rowid");
        Row m, tr;
        const auto nextTheirs = [&] {
            if (!theirsReader.next(tr))
                return false;
            translate(t, tr);
            return true;
        };
        bool haveMine = readMine && mineReader.next(m), haveTheirs = readTheirs && nextTheirs();
        while (haveMine || haveTheirs) {
            const int order = !haveMine ? 1 : !haveTheirs ? -1 : compareKeys(m, tr, keyAt);
            if (order < 0) {
                planMineOnly(ti, m, label(t, m));
                haveMine = mineReader.next(m);
            } else if (order > 0) {
                planTheirsOnly(ti, tr, tr.uuid, label(t, tr));
                haveTheirs = nextTheirs();
            } else {
                const std::string su = tr.uuid;
                tr.uuid = m.uuid;
                tr.values[t.index("uuid")] = m.uuid;
                const std::size_t writesBefore = writes.size(), conflictsBefore = report.conflicts.size();
                label(t, m);
                planBoth(ti, m, tr, su, label(t, tr));
                if (writes.size() != writesBefore || report.conflicts.size() != conflictsBefore ||
                    acknowledged.count(su)) {
                    alias[su] = m.uuid;
                    sourceUuids[m.uuid] = su;
                }
                haveMine = mineReader.next(m);
                haveTheirs = nextTheirs();
            }
        }
    }

    /// Orders two rows' identities as SQLite orders them (NULL, then numbers, then text, by its bytes).
    static int compareKeys(const Row& a, const Row& b, const std::vector<std::size_t>& keyAt)
    {
        const auto rank = [](const SqlValue& v) {
            return std::holds_alternative<std::monostate>(v) ? 0 : std::holds_alternative<std::string>(v) ? 2 : 1;
        };
        const auto number = [](const SqlValue& v) {
            const auto* i = std::get_if<std::int64_t>(&v);
            return i ? static_cast<double>(*i) : std::get<double>(v);
        };
        for (const std::size_t f : keyAt) {
            const SqlValue &x = a.values[f], &y = b.values[f];
            const int rx = rank(x), ry = rank(y);
            if (rx != ry)
                return rx < ry ? -1 : 1;
            if (rx == 2) {
                if (const int c = std::get<std::string>(x).compare(std::get<std::string>(y)))
                    return c < 0 ? -1 : 1;
            } else if (rx == 1) {
                const auto* ix = std::get_if<std::int64_t>(&x);
                const auto* iy = std::get_if<std::int64_t>(&y);
                if (ix && iy ? *ix != *iy : number(x) != number(y))
                    return (ix && iy ? *ix < *iy : number(x) < number(y)) ? -1 : 1;
            }
        }
        return 0;
    }

    /// The SQL functions planByIdentity() orders and filters with, on both stores' connections while it
    /// reads: evidence_merge_alias(uuid), a source record's uuid in the target's terms, and
    /// evidence_merge_elsewhere(uuid), whether the other store holds a record of the table with that uuid.
    class IdentityOrder
    {
    public:
        IdentityOrder(const Planner& p, const Table& t)
            : m_target(p.target.database().getHandle()), m_source(p.source.database().getHandle()),
              m_inSource(p.source.database(), lookup(t)), m_inTarget(p.target.database(), lookup(t)), m_alias(&p.alias)
        {
            create(m_target, "evidence_merge_elsewhere", &m_inSource, &elsewhere);
            create(m_source, "evidence_merge_elsewhere", &m_inTarget, &elsewhere);
            create(m_source, "evidence_merge_alias", &m_alias, &aliasOf);
        }
        ~IdentityOrder()
        {
            m_inSource.tryReset();
            m_inTarget.tryReset();
            for (auto* db : {m_target, m_source})
                sqlite3_create_function_v2(db, "evidence_merge_elsewhere", 1, SQLITE_UTF8, nullptr, nullptr, nullptr,
                                           nullptr, nullptr);
            sqlite3_create_function_v2(m_source, "evidence_merge_alias", 1, SQLITE_UTF8, nullptr, nullptr, nullptr,
                                       nullptr, nullptr);
        }
        IdentityOrder(const IdentityOrder&) = delete;
        IdentityOrder& operator=(const IdentityOrder&) = delete;

    private:
        static std::string lookup(const Table& t)
        {
            return "SELECT 1 FROM " + sqlName(t.spec->name) + " WHERE uuid = ?";
        }

        static void create(sqlite3* db, const char* name, void* data,
                           void (*fn)(sqlite3_context*, int, sqlite3_value**))
        {
            const int rc = sqlite3_create_function_v2(db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, data, fn,
                                                      nullptr, nullptr, nullptr);
            if (rc != SQLITE_OK)
                throw Error("internal error: cannot define " + std::string(name) + ": " + sqlite3_errstr(rc));
        }

        static void elsewhere(sqlite3_context* ctx, int, sqlite3_value** argv)
        {
            auto* q = static_cast<SQLite::Statement*>(sqlite3_user_data(ctx));
            const auto* uuid = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
            try {
                q->reset();
                q->bindNoCopy(1, uuid ? uuid : "");
                sqlite3_result_int(ctx, q->executeStep() ? 1 : 0);
            } catch (const std::exception& e) {
                sqlite3_result_error(ctx, e.what(), -1);
            }
        }

        static void aliasOf(sqlite3_context* ctx, int, sqlite3_value** argv)
        {
            const auto& alias =
                **static_cast<const std::unordered_map<std::string, std::string>**>(sqlite3_user_data(ctx));
            if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
                const std::string uuid(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])),
                                       static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
                if (auto it = alias.find(uuid); it != alias.end()) {
                    sqlite3_result_text(ctx, it->second.data(), static_cast<int>(it->second.size()), SQLITE_TRANSIENT);
                    return;
                }
            }
            sqlite3_result_value(ctx, argv[0]);
        }

        sqlite3 *m_target, *m_source;
        SQLite::Statement m_inSource, m_inTarget;
        const std::unordered_map<std::string, std::string>* m_alias;
    };

    void planBoth(std::size_t ti, const Row& m, const Row& tr, const std::string& su, const std::string& lbl)
    {
        const Table& t = tables[ti];
        const bool caseStudy = t.spec->name == "case_studies";
        bool textDiffers = false;
        if (caseStudy)
            for (const auto* c : {"title", "narrative", "outcome"})
                textDiffers = textDiffers || m.values[t.index(c)] != tr.values[t.index(c)];
        const bool changedMine = mine.changes(m.uuid) != nullptr;
        const bool changedTheirs = theirs.changes(su) != nullptr;
        std::vector<std::size_t> conflicting;
        for (std::size_t f = 0; f < t.columns.size(); ++f) {
            const auto& c = t.columns[f];
            if (c == "uuid" || m.values[f] == tr.values[f])
                continue;
            if (caseStudy && textDiffers && (c == "review_state" || c == "reviewed_by" || c == "reviewed_at"))
                continue; // returns to draft below, whichever review either side holds
            const bool redacted = t.redacted.count(c) != 0;
            const bool mineChanged = fieldChanged(mine, m.uuid, c, redacted);
            const bool theirsChanged = fieldChanged(theirs, su, c, redacted);
            MergeChoice take = MergeChoice::Unset;
            if (theirsChanged && !mineChanged)
                take = MergeChoice::Theirs;
            else if (mineChanged && !theirsChanged)
                take = MergeChoice::Mine;
            else if (!mineChanged && !theirsChanged && !(changedMine && changedTheirs))
                take = base.favour;
            if (take == MergeChoice::Theirs)
                update(ti, m, lbl).fields.insert(f);
            else if (take == MergeChoice::Unset)
                conflicting.push_back(f);
        }
        for (std::size_t f : conflicting) {
            const auto& c = t.columns[f];
            const bool redacted = t.redacted.count(c) != 0;
            MergeConflict conflict;
            conflict.recordUuid = m.uuid;
            conflict.recordLabel = lbl;
            conflict.field = c;
            conflict.mine = t.references.count(c) ? name(m.values[f]) : text(m.values[f]);
            conflict.theirs = t.references.count(c) ? name(tr.values[f]) : text(tr.values[f]);
            conflict.freeText = t.freeText.count(c) != 0;
            conflict.mineBy = lastChange(mine, m.uuid, c, redacted);
            conflict.theirsBy = lastChange(theirs, su, c, redacted);
            conflict.bothPossible = caseStudy;
            addConflict(ti, std::move(conflict), &m, &tr, su);
        }
        if (caseStudy && textDiffers) {
            Write& w = update(ti, m, lbl);
            w.row.values[t.index("review_state")] = std::string("draft");
            w.row.values[t.index("reviewed_by")] = std::string();
            w.row.values[t.index("reviewed_at")] = std::string();
            for (const auto* c : {"review_state", "reviewed_by", "reviewed_at"})
                if (m.values[t.index(c)] != w.row.values[t.index(c)])
                    w.fields.insert(t.index(c));
            if (std::get<std::string>(m.values[t.index("review_state")]) != "draft")
                report.returnedToDraft.push_back(lbl);
        }
        // Fields taken from theirs carry their values.
        auto it = updateAt.find({ti, m.uuid});
        if (it != updateAt.end())
            for (std::size_t f : writes[it->second].fields)
                if (!(caseStudy && textDiffers &&
                      (t.columns[f] == "review_state" || t.columns[f] == "reviewed_by" ||
                       t.columns[f] == "reviewed_at")))
                    writes[it->second].row.values[f] = tr.values[f];
    }

    void planTheirsOnly(std::size_t ti, const Row& tr, const std::string& su, const std::string& lbl)
    {
        if (deletedSince(mine, tr.uuid)) {
            if (!theirs.changes(su))
                return; // deleted here, unchanged there: the deletion stands
            MergeConflict c;
            c.kind = MergeConflict::Kind::DeletedInMine;
            c.recordUuid = tr.uuid;
            c.recordLabel = lbl;
            c.field = "(record)";
            c.mine = "(deleted)";
            c.theirs = "(edited)";
            c.mineBy = lastChange(mine, tr.uuid, {}, false);
            c.theirsBy = lastChange(theirs, su, {}, false);
            addConflict(ti, std::move(c), nullptr, &tr, su);
            return;
        }
        // Since a merge that left it out (a deletion kept), neither store touched it: it stays out.
        if (base.favour == MergeChoice::Mine && !theirs.changes(su))
            return;
        writes.push_back({Write::What::Insert, ti, tr.uuid, tr, {}, lbl});
    }

    void planMineOnly(std::size_t ti, const Row& m, const std::string& lbl)
    {
        // The source holds a merge that left it out, and it is unchanged here since: it goes.
        const bool leftOut = base.favour == MergeChoice::Theirs && !mine.changes(m.uuid);
        if (!deletedSince(theirs, m.uuid) && !leftOut)
            return; // added here, or never in theirs: it stays
        if (!mine.changes(m.uuid)) {
            writes.push_back({Write::What::Delete, ti, m.uuid, m, {}, lbl});
            return;
        }
        MergeConflict c;
        c.kind = MergeConflict::Kind::DeletedInTheirs;
        c.recordUuid = m.uuid;
        c.recordLabel = lbl;
        c.field = "(record)";
        c.mine = "(edited)";
        c.theirs = "(deleted)";
        c.mineBy = lastChange(mine, m.uuid, {}, false);
        c.theirsBy = lastChange(theirs, m.uuid, {}, false);
        addConflict(ti, std::move(c), &m, nullptr, m.uuid);
    }

    /// Turns the choices made into writes.
    void resolve()
    {
        std::set<std::pair<std::size_t, std::string>> copied;
        for (const auto& c : report.conflicts) {
            const auto [ti, su] = conflictRecord.at(c.id);
            (void)su;
            const auto key = std::make_pair(ti, c.recordUuid);
            switch (c.choice) {
            case MergeChoice::Unset:
            case MergeChoice::Mine:
                break;
            case MergeChoice::Theirs:
                if (c.kind == MergeConflict::Kind::DeletedInMine) {
                    writes.push_back({Write::What::Insert, ti, c.recordUuid, theirsRows.at(key), {}, c.recordLabel});
                    writes.back().origin = Write::Origin::Chosen;
                } else if (c.kind == MergeConflict::Kind::DeletedInTheirs) {
                    writes.push_back({Write::What::Delete, ti, c.recordUuid, mineRows.at(key), {}, c.recordLabel});
                    writes.back().origin = Write::Origin::Chosen;
                } else {
                    const Table& t = tables[ti];
                    Write& w = update(ti, mineRows.at(key), c.recordLabel);
                    const std::size_t f = t.index(c.field);
                    w.fields.insert(f);
                    w.row.values[f] = theirsRows.at(key).values[f];
                }
                break;
            case MergeChoice::Both:
                if (copied.insert(key).second) {
                    Write copy{Write::What::Copy, ti, c.recordUuid, theirsRows.at(key), {}, c.recordLabel};
                    copy.row.uuid = newUuid();
                    copy.row.values[tables[ti].index("uuid")] = copy.row.uuid;
                    writes.push_back(std::move(copy));
                }
                break;
            }
        }
        keptTwice = std::move(copied);
        for (auto& w : writes)
            if (w.origin == Write::Origin::Planned && w.what != Write::What::Copy && underCopied(w))
                w.cancelled = true;
        // Parents are written before the records that refer to them.
        std::stable_sort(writes.begin(), writes.end(),
                         [](const Write& a, const Write& b) { return a.table < b.table; });
        updateAt.clear();
        // A record of theirs that refers to a record deleted in the target and kept deleted follows it.
        for (const auto& c : report.conflicts)
            if (c.kind == MergeConflict::Kind::DeletedInMine && c.choice != MergeChoice::Theirs)
                heldBack.insert({conflictRecord.at(c.id).first, c.recordUuid});
        for (const auto& w : writes)
            if (!w.cancelled)
                (w.what == Write::What::Delete ? deleting : inserting).insert({w.table, w.row.uuid});
        secureParents();
        for (std::size_t i = 0; i < writes.size(); ++i)
            if (writes[i].what == Write::What::Delete && !writes[i].cancelled)
                deleteAt.emplace(RecordKey{writes[i].table, writes[i].uuid}, i);
        // A record the source deleted and this store changed, kept by a choice, keeps what the source's
        // deletion took with it (a case study's question links, its inclusion in the submission, the answers'
        // citations of it): those deletions only followed from the one not taken.
        for (const auto& c : report.conflicts)
            if (c.kind == MergeConflict::Kind::DeletedInTheirs && c.choice == MergeChoice::Mine)
                for (const auto& [cj, r] : dependants(target, conflictRecord.at(c.id).first, c.recordUuid, true))
                    if (auto d = deleteAt.find({cj, r.uuid}); d != deleteAt.end() && !writes[d->second].cancelled &&
                                                              writes[d->second].origin == Write::Origin::Planned)
                        keep(d->second);
        for (std::size_t i = writes.size(); i-- > 0;)
            if (writes[i].what == Write::What::Delete && !writes[i].cancelled)
                deletionStands(i);
        // Updates that set nothing new (a field taken back to its own value) are dropped.
        writes.erase(std::remove_if(writes.begin(), writes.end(),
                                    [](const Write& w) {
                                        return w.cancelled || (w.what == Write::What::Update && w.fields.empty());
                                    }),
                     writes.end());
        requireDistinctIdentities();
        for (const auto& w : writes) {
            switch (w.what) {
            case Write::What::Insert:
                ++report.added;
                report.changes.push_back("add " + w.label);
                break;
            case Write::What::Copy:
                ++report.added;
                report.changes.push_back("add " + w.label + " from the source as a case study of its own (both kept)");
                break;
            case Write::What::Update: {
                ++report.updated;
                std::string fields;
                for (std::size_t f : w.fields)
                    fields += (fields.empty() ? "" : ", ") + tables[w.table].columns[f];
                report.changes.push_back("update " + w.label + " (" + fields + ")");
                break;
            }
            case Write::What::Delete:
                ++report.deleted;
                report.changes.push_back("delete " + w.label);
                break;
            }
        }
    }

    /// A store holds one source of a title, one measure of a name, one case study of a reference...: a merge
    /// that would leave two (a source renamed in one copy to a title the other copy gave a new source) is
    /// refused here, in the dry run as in the merge, naming both records, rather than failing on the store's
    /// constraint half-way through its writes.
    void requireDistinctIdentities()
    {
        std::vector<std::string> clashes;
        for (std::size_t ti = 0; ti < tables.size(); ++ti) {
            const Table& t = tables[ti];
            if (t.spec->keys.empty() || t.spec->name == "observations" ||
                (t.spec->ofSubmission && options.betweenSubmissions))
                continue; // figures: an identity both copies gave is matched as one record when planned
            std::map<std::string, std::pair<Row, std::string>> after; // uuid -> values, and which record it is
            for (const Row& r : readRows(target, t))
                after[r.uuid] = {r, label(t, r) + " here"};
            for (const Write& w : writes) {
                // A case study kept twice is given a reference of its own as it is written.
                if (w.table != ti || w.cancelled || w.what == Write::What::Copy)
                    continue;
                if (w.what == Write::What::Delete)
                    after.erase(w.uuid);
                else if (w.what == Write::What::Update)
                    after[w.uuid].first = w.row;
                else
                    after[w.row.uuid] = {w.row, label(t, w.row) + " from " + platform::utf8(sourceFile)};
            }
            for (const auto& key : t.spec->keys) {
                std::map<std::string, const std::string*> holder;
                for (const auto& [uuid, entry] : after) {
                    const std::string k = keyOf(t, entry.first, key);
                    if (k.empty())
                        continue;
                    if (auto [it, fresh] = holder.emplace(k, &entry.second); !fresh)
                        clashes.push_back(std::min(*it->second, entry.second) + " and " +
                                          std::max(*it->second, entry.second) + " would both be " +
                                          label(t, entry.first));
                }
            }
        }
        if (!clashes.empty())
            throw DataError("cannot merge " + platform::utf8(sourceFile) + " into " + platform::utf8(target.path()) +
                            ": " + text::join(clashes, "; ") +
                            ", and a store holds one of each. Rename one of them in either store, then merge "
                            "again. Nothing was merged.");
    }

    std::set<RecordKey> keptTwice;           ///< case studies kept twice ("both"), by the target's uuid
    std::set<RecordKey> inserting, deleting; ///< records the writes add (update too) and delete

    /// Whether @p w changes a question link, inclusion, citation or acknowledgement of a case study kept
    /// twice. The target's case study keeps the target's own; the copy carries the source's version, so
    /// what the source changed of them goes with the copy alone (copyDependants()).
    bool underCopied(const Write& w) const
    {
        const Table& t = tables[w.table];
        if (t.spec->name == "finding_acknowledgements") {
            const auto* uuid = std::get_if<std::string>(&w.row.values[t.index("record_uuid")]);
            return uuid && plain(w.row.values[t.index("record_table")]) == "case_studies" &&
                   keptTwice.count({tableIndex("case_studies"), *uuid});
        }
        for (const auto& [column, parentTable] : t.references) {
            const auto* uuid = std::get_if<std::string>(&w.row.values[t.index(column)]);
            if (uuid && t.cascades.count(column) && keptTwice.count({tableIndex(parentTable), *uuid}))
                return true;
        }
        return false;
    }
    std::set<RecordKey> heldBack; ///< records of theirs not added, by a choice or for want of one
    std::map<RecordKey, std::size_t> deleteAt;
    std::map<RecordKey, bool> deletionDecided;
    std::map<RecordKey, bool> inTarget; ///< whether the target held the record before the merge

    std::string sourceUuidOf(const std::string& uuid) const
    {
        auto it = sourceUuids.find(uuid);
        return it == sourceUuids.end() ? uuid : it->second;
    }

    /// A record read from the source, in the target's terms: its uuid and references as the target's.
    void own(std::size_t ti, Row& r) const
    {
        translate(tables[ti], r);
        auto it = alias.find(r.uuid);
        if (it != alias.end()) {
            r.uuid = it->second;
            r.values[tables[ti].index("uuid")] = r.uuid;
        }
    }

    std::optional<Row> theirsRow(std::size_t ti, const std::string& uuid) const
    {
        auto rows = readRows(source, tables[ti], "t.uuid = ?", sourceUuidOf(uuid));
        if (rows.empty())
            return std::nullopt;
        own(ti, rows[0]);
        return std::move(rows[0]);
    }

    std::string whereChildOf(std::size_t parent, const std::string& column) const
    {
        return "t." + sqlName(column) + " = (SELECT id FROM " + sqlName(tables[parent].spec->name) + " WHERE uuid = ?)";
    }

    /// The records of one store that its deletion of the record would delete with it.
    std::vector<std::pair<std::size_t, Row>> dependants(const db::Store& store, std::size_t ti, const std::string& uuid,
                                                        bool cascadeOnly) const
    {
        std::vector<std::pair<std::size_t, Row>> out;
        for (const auto& [cj, column] : children[ti]) {
            if ((cascadeOnly && !tables[cj].cascades.count(column)) ||
                (options.betweenSubmissions && tables[cj].spec->ofSubmission))
                continue;
            const bool theirsSide = &store == &source;
            for (auto& r :
                 readRows(store, tables[cj], whereChildOf(ti, column), theirsSide ? sourceUuidOf(uuid) : uuid)) {
                if (theirsSide)
                    own(cj, r);
                out.emplace_back(cj, std::move(r));
            }
        }
        return out;
    }

    bool present(const RecordKey& key)
    {
        if (inserting.count(key))
            return true;
        if (deleting.count(key))
            return false;
        auto [it, added] = inTarget.try_emplace(key, false);
        if (added) {
            SQLite::Statement q(target.database(),
                                "SELECT 1 FROM " + sqlName(tables[key.first].spec->name) + " WHERE uuid = ?");
            q.bind(1, key.second);
            it->second = q.executeStep();
        }
        return it->second;
    }

    MergeConflict* recordConflict(std::size_t ti, const std::string& uuid)
    {
        auto it = conflictAt.find(std::string(tables[ti].spec->name) + "/" + uuid + "/(record)");
        return it == conflictAt.end() ? nullptr : &report.conflicts[it->second];
    }

    /// "(added)" or "(edited)" since the stores parted; a record with no entry was added by an import made
    /// before imports named the rows they add in their entry.
    std::string changeWord(const AuditLog& log, const std::string& uuid) const
    {
        const auto* changes = log.changes(uuid);
        return !changes || changes->front()->action == "insert" ? "(added)" : "(edited)";
    }

    /// A record of the target that theirs never held (added here, perhaps by an import made before imports
    /// named the rows they add in their entry).
    bool addedHere(std::size_t ti, const std::string& uuid) const
    {
        return !deletedSince(theirs, sourceUuidOf(uuid)) && !theirsRow(ti, uuid);
    }

    std::size_t addWrite(Write w)
    {
        (w.what == Write::What::Delete ? deleting : inserting).insert({w.table, w.row.uuid});
        writes.push_back(std::move(w));
        return writes.size() - 1;
    }

    /// Brings back a record of theirs that the target deleted, because a record kept refers to it.
    /// forLabel is taken by value: callers pass a label held in `writes`, which this may reallocate.
    bool restore(const RecordKey& key, std::string forLabel)
    {
        if (inserting.count(key))
            return true;
        auto row = theirsRow(key.first, key.second);
        if (!row)
            return false;
        const std::string lbl = label(tables[key.first], *row);
        Write w{Write::What::Insert, key.first, key.second, std::move(*row), {}, lbl};
        w.origin = Write::Origin::Parent;
        addWrite(std::move(w));
        report.notes.push_back(lbl + " is brought back from the source: " + forLabel + " refers to it");
        return true;
    }

    /// Every record added refers to records the target will hold. A record of theirs whose parent the
    /// target deleted is a conflict: keeping it brings the parent back (and what the deletion took with
    /// it); keeping the deletion leaves it out. Records brought back or copied bring their own records.
    void secureParents()
    {
        for (std::size_t i = 0; i < writes.size(); ++i) {
            if (writes[i].what == Write::What::Update && !writes[i].cancelled)
                secureReferences(i);
            if (writes[i].what == Write::What::Delete || writes[i].what == Write::What::Update || writes[i].cancelled)
                continue;
            const std::size_t ti = writes[i].table;
            const Table& t = tables[ti];
            for (const auto& [column, parentTable] : t.references) {
                const auto* v = std::get_if<std::string>(&writes[i].row.values[t.index(column)]);
                if (!v)
                    continue;
                const RecordKey parent{tableIndex(parentTable), *v};
                if (present(parent))
                    continue;
                Write& w = writes[i];
                const bool conflicted = w.origin == Write::Origin::Planned && !heldBack.count(parent);
                if (conflicted) {
                    MergeConflict c;
                    c.kind = MergeConflict::Kind::DeletedInMine;
                    c.recordUuid = w.row.uuid;
                    c.recordLabel = w.label;
                    c.field = "(record)";
                    const auto parentRow = theirsRow(parent.first, parent.second);
                    const std::string parentLabel =
                        parentRow ? label(tables[parent.first], *parentRow) : "the " + column + " it refers to";
                    c.mine = "(" + parentLabel + " deleted)";
                    c.theirs = changeWord(theirs, sourceUuidOf(w.row.uuid));
                    c.mineBy = lastChange(mine, parent.second, {}, false);
                    c.theirsBy = lastChange(theirs, sourceUuidOf(w.row.uuid), {}, false);
                    addConflict(ti, std::move(c), nullptr, &w.row, sourceUuidOf(w.row.uuid));
                    if (report.conflicts.back().choice == MergeChoice::Theirs)
                        w.origin = Write::Origin::Chosen;
                }
                if ((w.origin == Write::Origin::Chosen || w.origin == Write::Origin::Parent) &&
                    restore(parent, writes[i].label))
                    continue;
                Write& held = writes[i];
                held.cancelled = true;
                inserting.erase({ti, held.row.uuid});
                heldBack.insert({ti, held.row.uuid});
                if (!conflicted)
                    report.notes.push_back(held.label + " is left out: the " + column + " it refers to is not kept");
                break;
            }
            if (writes[i].cancelled)
                continue;
            if (writes[i].what == Write::What::Copy)
                copyDependants(i);
            else if (writes[i].origin != Write::Origin::Planned)
                bringDependants(i);
        }
    }

    /// An update of theirs that points a record at one the target deleted (a figure moved to a measure, area
    /// or source deleted here) is a conflict like a record added under it: "theirs" brings that record back
    /// (with what its deletion took) and takes the update; "mine" keeps the deletion and the record as the
    /// target holds it, but for fields chosen one by one. A field conflict settled by "theirs" brings the
    /// record back too; where the record itself is in conflict, its choice decides.
    void secureReferences(std::size_t i)
    {
        const std::size_t ti = writes[i].table;
        const Table& t = tables[ti];
        const std::string prefix = std::string(t.spec->name) + "/" + writes[i].uuid + "/";
        auto chosenTheirs = [&](std::size_t f) {
            auto at = conflictAt.find(prefix + t.columns[f]);
            return at != conflictAt.end() && report.conflicts[at->second].choice == MergeChoice::Theirs;
        };
        const std::vector<std::size_t> fields(writes[i].fields.begin(), writes[i].fields.end());
        for (const std::size_t f : fields) {
            const auto ref = t.references.find(t.columns[f]);
            const auto* v = std::get_if<std::string>(&writes[i].row.values[f]);
            if (ref == t.references.end() || !v || !writes[i].fields.count(f))
                continue;
            const RecordKey parent{tableIndex(ref->second), *v};
            if (present(parent))
                continue;
            const bool parentHeldBack = heldBack.count(parent) != 0;
            MergeChoice choice = MergeChoice::Mine;
            if (!parentHeldBack && chosenTheirs(f))
                choice = MergeChoice::Theirs;
            else if (!parentHeldBack) {
                const auto parentRow = theirsRow(parent.first, parent.second);
                const std::string parentLabel =
                    parentRow ? label(tables[parent.first], *parentRow) : "the record it refers to";
                const auto mineRow = readRows(target, t, "t.uuid = ?", writes[i].uuid);
                MergeConflict c;
                c.kind = MergeConflict::Kind::DeletedInMine;
                c.recordUuid = writes[i].uuid;
                c.recordLabel = writes[i].label;
                c.field = t.columns[f];
                c.mine = (mineRow.empty() ? std::string("(none)") : name(mineRow[0].values[f])) + " (" + parentLabel +
                         " deleted)";
                c.theirs = name(writes[i].row.values[f]);
                c.mineBy = lastChange(mine, parent.second, {}, false);
                c.theirsBy = lastChange(theirs, sourceUuidOf(writes[i].uuid), t.columns[f], false);
                addConflict(ti, std::move(c), nullptr, nullptr, sourceUuidOf(writes[i].uuid));
                choice = report.conflicts.back().choice;
            }
            if (choice == MergeChoice::Theirs && restore(parent, writes[i].label))
                continue;
            std::erase_if(writes[i].fields, [&](std::size_t g) { return g == f || !chosenTheirs(g); });
            if (choice != MergeChoice::Unset)
                report.notes.push_back(writes[i].label + " keeps the target's values: the " + t.columns[f] +
                                       " the source gave it was deleted here and stays deleted");
        }
    }

    /// A record brought back comes with the records its deletion took with it, as theirs holds them.
    void bringDependants(std::size_t i)
    {
        const std::string forLabel = writes[i].label;
        for (auto& [cj, r] : dependants(source, writes[i].table, writes[i].row.uuid, true)) {
            const RecordKey key{cj, r.uuid};
            if (present(key) || heldBack.count(key) || recordConflict(cj, r.uuid))
                continue;
            const std::string lbl = label(tables[cj], r);
            Write w{Write::What::Insert, cj, r.uuid, std::move(r), {}, lbl};
            w.origin = Write::Origin::Child;
            addWrite(std::move(w));
            report.notes.push_back(lbl + " comes back with " + forLabel);
        }
    }

    /// A case study kept twice: the copy has its own question links, inclusion and citations.
    void copyDependants(std::size_t i)
    {
        const std::size_t ti = writes[i].table;
        const std::string original = writes[i].uuid, copy = writes[i].row.uuid;
        names.emplace(copy, name(SqlValue(original)) + " (the copy)");
        for (auto& [cj, r] : dependants(source, ti, original, true)) {
            const Table& t = tables[cj];
            r.uuid = newUuid();
            r.values[t.index("uuid")] = r.uuid;
            for (const auto& [column, parentTable] : t.references)
                if (parentTable == tables[ti].spec->name && r.values[t.index(column)] == SqlValue(original))
                    r.values[t.index(column)] = copy;
            const std::string lbl = label(t, r);
            Write w{Write::What::Insert, cj, r.uuid, std::move(r), {}, lbl};
            w.origin = Write::Origin::Child;
            addWrite(std::move(w));
        }
        // The source's acknowledgements go with its text: each names the words it accepts (its fingerprint),
        // so it covers the copy's identical text and nothing else, and the copy is a draft to be reviewed.
        const std::size_t ai = tableIndex("finding_acknowledgements");
        const Table& acks = tables[ai];
        for (auto& r :
             readRows(source, acks, "t.record_table = 'case_studies' AND t.record_uuid = ?", sourceUuidOf(original))) {
            r.uuid = newUuid();
            r.values[acks.index("uuid")] = r.uuid;
            r.values[acks.index("record_uuid")] = copy;
            const std::string lbl = label(acks, r);
            Write w{Write::What::Insert, ai, r.uuid, std::move(r), {}, lbl};
            w.origin = Write::Origin::Child;
            addWrite(std::move(w));
        }
    }

    /// Whether the deletion at @p wi goes ahead: a record of the target that refers to the record
    /// deleted and changed in the target since is a conflict (unless the deletion was chosen in one);
    /// keeping it keeps the record it refers to.
    bool deletionStands(std::size_t wi)
    {
        const RecordKey key{writes[wi].table, writes[wi].uuid};
        if (auto d = deletionDecided.find(key); d != deletionDecided.end())
            return d->second;
        deletionDecided[key] = true;
        bool stands = true;
        std::string keptChild;
        const std::string parentLabel = writes[wi].label;
        for (auto& [cj, r] : dependants(target, key.first, key.second, false)) {
            const RecordKey child{cj, r.uuid};
            auto d = deleteAt.find(child);
            if (d == deleteAt.end()) {
                MergeConflict* c = recordConflict(cj, r.uuid);
                // Where the deletion is itself a choice, what refers to the record goes with it.
                const bool changedHere = mine.changes(r.uuid) || addedHere(cj, r.uuid);
                if (!c && changedHere && writes[wi].origin != Write::Origin::Chosen) {
                    MergeConflict n;
                    n.kind = MergeConflict::Kind::DeletedInTheirs;
                    n.recordUuid = r.uuid;
                    n.recordLabel = label(tables[cj], r);
                    n.field = "(record)";
                    n.mine = changeWord(mine, r.uuid);
                    n.theirs = "(" + parentLabel + " deleted)";
                    n.mineBy = lastChange(mine, r.uuid, {}, false);
                    n.theirsBy = lastChange(theirs, sourceUuidOf(key.second), {}, false);
                    addConflict(cj, std::move(n), &r, nullptr, r.uuid);
                    c = &report.conflicts.back();
                }
                if (c && c->choice != MergeChoice::Theirs) {
                    if (c->choice == MergeChoice::Mine) {
                        stands = false;
                        keptChild = c->recordLabel;
                    }
                    continue;
                }
                const std::string lbl = label(tables[cj], r);
                if (!c && changedHere)
                    report.notes.push_back(lbl + ", changed here, goes with " + parentLabel +
                                           ", whose deletion was chosen");
                d = deleteAt.emplace(child, addWrite({Write::What::Delete, cj, r.uuid, std::move(r), {}, lbl})).first;
            }
            if (!deletionStands(d->second)) {
                stands = false;
                keptChild = writes[d->second].label;
            }
        }
        deletionDecided[key] = stands;
        if (!stands) {
            keep(wi);
            report.notes.push_back(parentLabel + " is kept: " + keptChild + " refers to it and is kept");
        }
        return stands;
    }

    /// Cancels the deletion at @p wi, and the deletions that only followed from it in theirs (the
    /// records its deletion took with it there, unchanged in the target).
    void keep(std::size_t wi)
    {
        writes[wi].cancelled = true;
        const RecordKey key{writes[wi].table, writes[wi].uuid};
        deleting.erase(key);
        deletionDecided[key] = false;
        for (const auto& [cj, r] : dependants(target, key.first, key.second, true)) {
            auto d = deleteAt.find({cj, r.uuid});
            if (d != deleteAt.end() && !writes[d->second].cancelled &&
                writes[d->second].origin == Write::Origin::Planned)
                keep(d->second);
        }
    }

    std::optional<RowId> idOf(const std::string& table, const std::string& uuid) const
    {
        SQLite::Statement q(target.database(), "SELECT id FROM " + sqlName(table) + " WHERE uuid = ?");
        q.bind(1, uuid);
        if (q.executeStep())
            return q.getColumn(0).getInt64();
        return std::nullopt;
    }

    /// The value to store for column @p f: a reference as the target's id. False when the record it
    /// refers to is not in the target (deleted there, kept deleted by a choice).
    bool stored(const Table& t, const Row& r, std::size_t f, SqlValue& out) const
    {
        const auto ref = t.references.find(t.columns[f]);
        if (ref == t.references.end() || !std::holds_alternative<std::string>(r.values[f])) {
            out = r.values[f];
            return true;
        }
        auto id = idOf(ref->second, std::get<std::string>(r.values[f]));
        if (!id)
            return false;
        out = *id;
        return true;
    }

    std::string freeReference(const std::string& reference) const
    {
        for (int n = 2;; ++n) {
            const std::string candidate = reference + "-" + std::to_string(n);
            SQLite::Statement q(target.database(), "SELECT 1 FROM case_studies WHERE reference = ? COLLATE NOCASE");
            q.bind(1, candidate);
            if (!q.executeStep())
                return candidate;
        }
    }

    void insert(const Write& w, std::size_t& written)
    {
        const Table& t = tables[w.table];
        Row row = w.row;
        if (w.what == Write::What::Copy) {
            const auto ref = freeReference(std::get<std::string>(row.values[t.index("reference")]));
            row.values[t.index("reference")] = ref;
            row.values[t.index("review_state")] = std::string("draft");
            row.values[t.index("reviewed_by")] = std::string();
            row.values[t.index("reviewed_at")] = std::string();
            report.notes.push_back(w.label + " from the source was added as case study " + ref + " (a draft)");
        }
        std::string cols, marks;
        std::vector<SqlValue> values;
        for (std::size_t f = 0; f < t.columns.size(); ++f) {
            SqlValue v;
            if (!stored(t, row, f, v))
                throw Error("internal error: " + w.label + " refers to a " + t.columns[f] +
                            " the target does not hold");
            cols += (cols.empty() ? "" : ", ") + sqlName(t.columns[f]);
            marks += marks.empty() ? "?" : ", ?";
            values.push_back(std::move(v));
        }
        SQLite::Statement q(target.database(),
                            "INSERT INTO " + sqlName(t.spec->name) + " (" + cols + ") VALUES (" + marks + ")");
        for (std::size_t i = 0; i < values.size(); ++i)
            bindValue(q, static_cast<int>(i + 1), values[i]);
        q.exec();
        wrote(written);
    }

    void wrote(std::size_t& written)
    {
        ++written;
        if (options.afterWrite)
            options.afterWrite(written);
    }

    void apply()
    {
        auto& db = target.database();
        const std::string from = report.sourceStoreId;
        const std::int64_t before = db.execAndGet("SELECT coalesce(max(id), 0) FROM audit_log").getInt64();
        std::size_t written = 0;
        // Deletions first, records that refer to others before those they refer to.
        std::vector<const Write*> deletions, ordered;
        for (const auto& w : writes)
            (w.what == Write::What::Delete ? deletions : ordered).push_back(&w);
        std::stable_sort(deletions.begin(), deletions.end(),
                         [](const Write* a, const Write* b) { return a->table > b->table; });
        for (const Write* w : deletions) {
            SQLite::Statement q(db, "DELETE FROM " + sqlName(tables[w->table].spec->name) + " WHERE uuid = ?");
            q.bind(1, w->uuid);
            current = w->label;
            q.exec();
            wrote(written);
        }
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const Write* a, const Write* b) { return a->table < b->table; });
        for (const Write* w : ordered) {
            current = w->label;
            if (w->what != Write::What::Update) {
                insert(*w, written);
                continue;
            }
            const Table& t = tables[w->table];
            std::string set;
            std::vector<SqlValue> values;
            for (std::size_t f : w->fields) {
                SqlValue v;
                if (!stored(t, w->row, f, v))
                    throw Error("internal error: " + w->label + " would refer to a " + t.columns[f] +
                                " the target does not hold");
                set += (set.empty() ? "" : ", ") + sqlName(t.columns[f]) + " = ?";
                values.push_back(std::move(v));
            }
            SQLite::Statement q(db, "UPDATE " + sqlName(t.spec->name) + " SET " + set + " WHERE uuid = ?");
            for (std::size_t i = 0; i < values.size(); ++i)
                bindValue(q, static_cast<int>(i + 1), values[i]);
            q.bind(static_cast<int>(values.size() + 1), w->uuid);
            q.exec();
            wrote(written);
        }
        current.clear();
        // Points added in both copies may share a position; the store keeps them 1, 2, 3 ... in the order
        // they were given, the earlier written first where two share one.
        db.exec("UPDATE submission_points SET position = r.n FROM (SELECT id, row_number() OVER (PARTITION BY "
                "submission_id ORDER BY position, created_at, id) AS n FROM submission_points) AS r "
                "WHERE submission_points.id = r.id AND submission_points.position <> r.n");
        // Every entry a merge writes says so under "merge", its "action" naming what it records. The entries
        // the triggers wrote are the records merged, as undo marks its own.
        SQLite::Statement mark(db, "UPDATE audit_log SET new_values = json_set(CASE new_values WHEN '' THEN '{}' "
                                   "ELSE new_values END, '$.merge', json_object('action', 'record merged', "
                                   "'from_store', ?)) WHERE id > ?");
        mark.bind(1, from);
        mark.bind(2, before);
        mark.exec();
        copySourceHistory();
        // Each choice, with the field but never the values: the audit log keeps no free text.
        for (const auto& c : report.conflicts) {
            SQLite::Statement q(db, "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, old_values, "
                                    "new_values) VALUES (evidence_now(), evidence_os_user(), ?, ?, 'update', '', "
                                    "json_object('merge', json_object('action', 'conflict resolved', 'choice', ?, "
                                    "'field', ?, 'from_store', ?, 'mine_changed_by', ?, 'mine_changed_at', ?, "
                                    "'theirs_changed_by', ?, 'theirs_changed_at', ?)))");
            q.bind(1, c.table);
            q.bind(2, c.recordUuid);
            q.bind(3, std::string(choiceName(c.choice)));
            q.bind(4, c.field);
            q.bind(5, from);
            q.bind(6, c.mineBy.osUser);
            q.bind(7, c.mineBy.at);
            q.bind(8, c.theirsBy.osUser);
            q.bind(9, c.theirsBy.at);
            q.exec();
        }
        const AuditRow* last = theirs.rows.empty() ? nullptr : &theirs.rows.back();
        SQLite::Statement summary(
            db, "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, old_values, new_values) "
                "VALUES (evidence_now(), evidence_os_user(), 'store_info', ?, 'update', '', json_object('merge', "
                "json_object('action', 'merge', 'from_store', ?, 'source_audit_id', ?, 'source_audit_at', ?, "
                "'source_audit_record', ?, "
                "'added', ?, 'updated', ?, 'deleted', ?, 'conflicts', ?)))");
        summary.bind(1, target.storeId());
        summary.bind(2, from);
        summary.bind(3, last ? last->id : std::int64_t{0});
        summary.bind(4, last ? last->at : std::string());
        summary.bind(5, last ? last->recordUuid : std::string());
        summary.bind(6, static_cast<std::int64_t>(report.added));
        summary.bind(7, static_cast<std::int64_t>(report.updated));
        summary.bind(8, static_cast<std::int64_t>(report.deleted));
        summary.bind(9, static_cast<std::int64_t>(report.conflicts.size()));
        summary.exec();
        report.written = true;
    }

    /// The source's audit entries since the stores parted, of each record merged, come with it (after the
    /// merge's own entries of the record): the target's log, and a later merge, then say who changed it in the
    /// source and when. Each keeps its time, user, action and (already redacted) values.
    void copySourceHistory()
    {
        std::vector<std::pair<const AuditRow*, const std::string*>> entries;
        for (const auto& w : writes) {
            const std::string su = sourceUuidOf(w.uuid);
            const auto* changes = theirs.changes(su);
            if (changes)
                for (const AuditRow* r : *changes)
                    if (r->recordUuid == su) // not the import that added it, which comes with its own record
                        entries.emplace_back(r, &w.row.uuid);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
        SQLite::Statement q(
            target.database(),
            "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, old_values, new_values) VALUES "
            "(?1, ?2, ?3, ?4, ?5, ?6, json_set(CASE WHEN json_valid(?7) THEN json_remove(?7, '$.merge') ELSE '{}' END, "
            "'$.merge', json_object('action', 'source history', 'from_store', ?8, 'source_audit_id', ?9, "
            "'source_merge', CASE WHEN json_valid(?7) THEN json_extract(?7, '$.merge') END)))");
        for (const auto& [r, uuid] : entries) {
            q.reset();
            q.bind(1, r->at);
            q.bind(2, r->osUser);
            q.bind(3, r->table);
            q.bind(4, *uuid);
            q.bind(5, r->action);
            q.bind(6, r->oldValues);
            q.bind(7, r->newValues);
            q.bind(8, report.sourceStoreId);
            q.bind(9, r->id);
            q.exec();
        }
    }

    std::string current; ///< the record being written, for a message when it fails
};

} // namespace

std::string describeUnresolved(const MergeReport& report, bool showText)
{
    std::string out;
    for (const auto& c : report.conflicts) {
        if (c.choice != MergeChoice::Unset)
            continue;
        auto shown = [&](const std::string& v) {
            if (!c.freeText || showText)
                return "'" + v + "'";
            return "(" + std::to_string(v.size()) + " characters of text)";
        };
        auto by = [](const MergeChangeBy& b) {
            return b.osUser.empty() ? std::string("unchanged since the stores parted") : b.osUser + " at " + b.at;
        };
        out += c.id + ": " + c.recordLabel + ", " + c.field + ": mine " + shown(c.mine) + " (" + by(c.mineBy) +
               "), theirs " + shown(c.theirs) + " (" + by(c.theirsBy) + ")" +
               (c.bothPossible ? "; both can be kept" : "") + "\n";
    }
    return out;
}

namespace {

MergeReport merge(db::Store& target, const db::Store& source, const fs::path& sourceFile, const MergeOptions& options)
{
    std::error_code ec;
    if (fs::equivalent(target.path(), sourceFile, ec))
        throw DataError("cannot merge " + platform::utf8(target.path()) + " into itself");
    Planner p(target, source, sourceFile, options);
    // A real merge reads the target inside its own transaction, so nothing saved meanwhile is overwritten.
    std::optional<db::Store::Transaction> tx;
    if (!options.dryRun)
        tx.emplace(target);
    try {
        p.plan();
    } catch (const SQLite::Exception& e) {
        throw Error("cannot read " + platform::utf8(target.path()) + " and " + platform::utf8(sourceFile) +
                    " to merge them: " + std::string(e.what()));
    }
    if (options.dryRun)
        return std::move(p.report);
    if (p.report.unresolved())
        return std::move(p.report);
    try {
        p.apply();
        tx->commit();
    } catch (const SQLite::Exception& e) {
        throw Error("the merge failed and changed nothing in " + platform::utf8(target.path()) +
                    (p.current.empty() ? std::string() : " (at " + p.current + ")") + ": " + e.what());
    }
    return std::move(p.report);
}

} // namespace

MergeReport mergeStores(db::Store& target, const db::Store& source, const MergeOptions& options)
{
    return merge(target, source, source.path(), options);
}

MergeReport mergeStores(db::Store& target, const MergeSource& source, const MergeOptions& options)
{
    return merge(target, source.store(), source.path(), options);
}

MergeSource::MergeSource(const fs::path& path) : m_path(path)
{
    try {
        open();
    } catch (const BusyError& e) {
        removeCopy();
        throw BusyError(namingSource(e.what()));
    } catch (const FileError& e) {
        removeCopy();
        throw FileError(namingSource(e.what()));
    } catch (const DataError& e) {
        removeCopy();
        std::vector<std::string> problems;
        for (const auto& problem : e.problems())
            problems.push_back(namingSource(problem));
        throw DataError(problems);
    } catch (const Error& e) {
        removeCopy();
        throw Error(namingSource(e.what()));
    } catch (...) {
        removeCopy();
        throw;
    }
}

std::string MergeSource::namingSource(std::string message) const
{
    if (m_copy.empty())
        return message;
    const std::string copy = platform::utf8(m_copy), file = platform::utf8(m_path);
    for (auto at = message.find(copy); at != std::string::npos; at = message.find(copy, at + file.size()))
        message.replace(at, copy.size(), file);
    return message;
}

void MergeSource::open()
{
    const fs::path& path = m_path;
    try {
        SQLite::Database raw(platform::utf8(path), SQLite::OPEN_READONLY);
        const int version = raw.execAndGet("PRAGMA user_version").getInt();
        if (version > 0 && version < db::Store::latestSchemaVersion()) {
            // The source is never written: an older store is upgraded in a private copy.
            m_copy = fs::temp_directory_path() / ("evidence-merge-" + newUuid() + ".evidence");
            if (auto why = platform::createPrivateFile(m_copy); !why.empty())
                throw FileError("cannot make a copy of " + platform::utf8(path) + " to upgrade: " + why);
            SQLite::Statement vacuum(raw, "VACUUM INTO ?");
            vacuum.bind(1, platform::utf8(m_copy));
            vacuum.exec();
        }
    } catch (const SQLite::Exception& e) {
        // Store::open below says what is wrong with the file.
        (void)e;
    }
    if (!m_copy.empty())
        m_store.emplace(db::Store::open(m_copy, db::OpenMode::ReadWrite));
    else
        m_store.emplace(db::Store::open(path, db::OpenMode::ReadOnly));
}

MergeSource::~MergeSource()
{
    removeCopy();
}

void MergeSource::removeCopy() noexcept
{
    m_store.reset();
    if (!m_copy.empty()) {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(platform::utf8(m_copy) + suffix, ec);
    }
}

void readChoicesFile(const fs::path& file, MergeOptions& options)
{
    std::ifstream in(file);
    if (!in)
        throw FileError("cannot read " + platform::utf8(file));
    std::string line;
    std::vector<std::string> problems;
    for (int n = 1; std::getline(in, line); ++n) {
        if (auto hash = line.find('#'); hash != std::string::npos)
            line.erase(hash);
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos)
            continue;
        const auto end = line.find_last_not_of(" \t\r");
        const auto space = line.find_last_of(" \t", end);
        if (space == std::string::npos || space < first) {
            problems.push_back(platform::utf8(file) + ":" + std::to_string(n) + ": '" + line.substr(first) +
                               "': expected a conflict id then mine, theirs or both");
            continue;
        }
        const std::string id = line.substr(first, line.find_last_not_of(" \t", space) - first + 1);
        const std::string word = line.substr(space + 1, end - space);
        try {
            const auto choice = parseChoice(word);
            if (id == "*")
                options.preferAll = choice;
            else
                options.choices[id] = choice;
        } catch (const DataError&) {
            problems.push_back(platform::utf8(file) + ":" + std::to_string(n) + ": choice '" + word +
                               "': must be mine, theirs or both");
        }
    }
    if (!problems.empty())
        throw DataError(problems);
}

} // namespace evidence::app
