#include "core/embedded.h"
#include "core/errors.h"
#include "db/store_impl.h"

#include <algorithm>
#include <charconv>
#include <span>
#include <vector>

namespace evidence::db::migrations {
std::span<const evidence::EmbeddedFile> embeddedFiles();
}

namespace evidence::db {
namespace {

struct Migration
{
    int version;
    std::string_view name;
    std::string_view sql;
};

// Migrations are named NNN_description.sql; the number is the schema version they produce.
std::vector<Migration> allMigrations()
{
    std::vector<Migration> out;
    for (const auto& f : migrations::embeddedFiles()) {
        int v = 0;
        std::from_chars(f.name.data(), f.name.data() + 3, v);
        out.push_back({v, f.name, f.data});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i].version != static_cast<int>(i) + 1)
            throw Error("internal error: migrations are not numbered 1, 2, 3, ...");
    return out;
}

const std::vector<std::string_view>& unauditedTables()
{
    static const std::vector<std::string_view> kTables = {"audit_log", "store_info"};
    return kTables;
}

constexpr TextKind F = TextKind::FreeText;
constexpr TextKind C = TextKind::Copy;
constexpr TextKind X = TextKind::Fixed;

} // namespace

const std::vector<TextColumn>& textColumns()
{
    static const std::string_view kId = "a generated identifier";
    static const std::string_view kDate = "a date checked when it is entered";
    static const std::string_view kReference = "reference data the tool ships (published by the government)";
    static const std::vector<TextColumn> kColumns = {
        {"store_info", "key", X, "the store's own settings"},
        {"store_info", "value", X, "the store's own settings (its id and creation time)"},
        {"sources", "uuid", X, kId},
        {"sources", "title", F, ""},
        {"sources", "publisher", F, ""},
        {"sources", "method", F, ""},
        {"sources", "date_published", X, kDate},
        {"sources", "date_retrieved", X, kDate},
        {"sources", "url", X, "the address of a published source, shown as a link"},
        {"sources", "licence", F, ""},
        {"sources", "quality_notes", F, ""},
        {"measures", "uuid", X, kId},
        {"measures", "name", F, ""},
        {"measures", "definition", F, ""},
        {"measures", "unit", X, "one of three units"},
        {"measures", "population", F, ""},
        {"areas", "uuid", X, kId},
        {"areas", "code", X, kReference},
        {"areas", "name", X, kReference},
        {"areas", "kind", X, kReference},
        {"areas", "itl1_code", X, kReference},
        {"areas", "region_name", X, kReference},
        {"areas", "country", X, kReference},
        {"area_members", "uuid", X, kId},
        {"observations", "uuid", X, kId},
        {"observations", "period", X, "a period checked when it is entered"},
        {"observations", "dimension", F, ""},
        {"observations", "category", F, ""},
        {"observations", "markers", X, "marker codes checked when they are entered"},
        {"observations", "note", F, ""},
        {"observations", "as_at", X, kDate},
        {"observations", "round", F, ""},
        {"consultations", "uuid", X, kId},
        {"consultations", "code", X, kReference},
        {"consultations", "title", X, kReference},
        {"consultations", "publisher", X, kReference},
        {"consultations", "opens", X, kReference},
        {"consultations", "closes", X, kReference},
        {"consultations", "url", X, kReference},
        {"questions", "uuid", X, kId},
        {"questions", "number", X, kReference},
        {"questions", "text", F, ""}, // shipped, but an ordinary edit corrects it against the published text
        {"questions", "answer_type", X, kReference},
        {"questions", "choices", X, kReference},
        {"consultation_profiles", "uuid", X, kId},
        {"consultation_profiles", "name", X, "the name of a consultation's profile"},
        {"consultation_profiles", "closes_time", X, "a time of day checked when it is imported"},
        {"consultation_profiles", "time_zone", X, "a time zone's name checked when it is imported"},
        {"consultation_profiles", "channels", X, "channel codes checked when they are imported"},
        {"consultation_profiles", "file_formats", X, "file extensions checked when they are imported"},
        {"consultation_profiles", "publication", X, "one of three publication rules"},
        {"consultation_profiles", "confidentiality_note", X, kReference},
        {"consultation_profiles", "heading", X, kReference},
        {"consultation_profiles", "wording_note", X, kReference},
        {"case_studies", "uuid", X, kId},
        {"case_studies", "reference", F, ""},
        {"case_studies", "title", F, ""},
        {"case_studies", "narrative", F, ""},
        {"case_studies", "age_band", F, ""},
        {"case_studies", "gender", F, ""},
        {"case_studies", "harm_types", F, ""},
        {"case_studies", "platform_types", F, ""},
        {"case_studies", "outcome", F, ""},
        {"case_studies", "consent", X, "yes, no or unknown"},
        {"case_studies", "consent_recorded_by", F, ""},
        {"case_studies", "consent_date", X, kDate},
        {"case_studies", "review_state", X, "draft or reviewed"},
        {"case_studies", "reviewed_by", F, ""},
        {"case_studies", "reviewed_at", X, "a time the tool writes or a date checked when it is entered"},
        {"case_studies", "basis", X, "consent or published_account"},
        {"case_studies", "citation_publisher", F, ""},
        {"case_studies", "citation_title", F, ""},
        {"case_studies", "citation_date", X, kDate},
        {"case_studies", "citation_url", X, "the address of a published account, shown as a link"},
        {"case_study_questions", "uuid", X, kId},
        {"submissions", "uuid", X, kId},
        {"submissions", "title", F, ""},
        {"submissions", "organisation", F, ""},
        {"submissions", "contact_role", F, ""},
        {"submissions", "contact_email", F, ""},
        {"submissions", "as_at", X, kDate},
        {"submissions", "summary", F, ""},
        {"submissions", "caveats", F, ""},
        {"submission_case_studies", "uuid", X, kId},
        {"submission_measures", "uuid", X, kId},
        {"answers", "uuid", X, kId},
        {"answers", "choice", F, ""},
        {"answers", "text", F, ""},
        {"answer_evidence", "uuid", X, kId},
        {"submission_points", "uuid", X, kId},
        {"submission_points", "text", F, ""},
        {"submission_points", "created_at", X, "a time the tool writes"},
        {"submission_points", "updated_at", X, "a time the tool writes"},
        {"audit_log", "at", X, "a time the tool writes"},
        {"audit_log", "os_user", X, "the operating system's login name"},
        {"audit_log", "table_name", X, "a table's name"},
        {"audit_log", "record_uuid", X, kId},
        {"audit_log", "action", X, "insert, update, delete or export"},
        {"audit_log", "old_values", X, "the audit log, whose free text is redacted by its triggers"},
        {"audit_log", "new_values", X, "the audit log, whose free text is redacted by its triggers"},
        {"finding_acknowledgements", "uuid", X, kId},
        {"finding_acknowledgements", "record_table", X, "a table's name"},
        {"finding_acknowledgements", "record_uuid", X, kId},
        {"finding_acknowledgements", "field", X, "a field code"},
        {"finding_acknowledgements", "kind", X, "a finding kind's code"},
        {"finding_acknowledgements", "matched_text", C, ""},
        {"finding_acknowledgements", "fingerprint", C, ""},
        {"finding_acknowledgements", "reason", F, ""},
        {"finding_acknowledgements", "acknowledged_by", F, ""},
        {"finding_acknowledgements", "acknowledged_at", X, "a time the tool writes"},
        {"imports", "uuid", X, kId},
        {"imports", "file_name", X, "the length and extension of the imported file's name, never the name"},
        {"imports", "sha256", X, "a hash"},
        {"imports", "kind", X, "observations or case_studies"},
        {"imports", "options", X, "the import's option names"},
    };
    return kColumns;
}

std::vector<std::string> redactedColumns(std::string_view table)
{
    std::vector<std::string> out;
    for (const auto& c : textColumns())
        if (c.table == table && c.kind != TextKind::Fixed)
            out.emplace_back(c.column);
    return out;
}

int Store::latestSchemaVersion()
{
    const auto all = allMigrations();
    return all.empty() ? 0 : all.back().version;
}

void migrate(SQLite::Database& db, int fromVersion, int toVersion)
{
    const auto all = allMigrations();
    if (toVersion < 0)
        toVersion = all.empty() ? 0 : all.back().version;
    int last = 0; // the last migration to apply, which refreshes the triggers
    for (const auto& m : all)
        if (m.version > fromVersion && m.version <= toVersion)
            last = m.version;
    // A migration that rebuilds a table drops the old one, and with enforcement on that drop would delete
    // (ON DELETE CASCADE) every row that refers to it. Enforcement can only change outside a transaction;
    // each migration is checked with foreign_key_check below instead. A failed migration fails the open,
    // which closes the connection.
    db.exec("PRAGMA foreign_keys = OFF");
    for (const auto& m : all) {
        if (m.version <= fromVersion || m.version > toVersion)
            continue;
        SQLite::Transaction tx(db);
        db.exec(std::string(m.sql));
        if (m.version == last)
            installAuditTriggers(db);
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        // A migration must leave every foreign key satisfied, or it is not committed.
        SQLite::Statement fk(db, "PRAGMA foreign_key_check");
        if (fk.executeStep())
            throw Error("migration " + std::string(m.name) + " left a broken reference in table " +
                        fk.getColumn(0).getString());
        tx.commit();
    }
    db.exec("PRAGMA foreign_keys = ON");
}

namespace {

// An acknowledgement keeps a copy of the text it acknowledges. When an edit removes that text from
// its record, or the record goes, the acknowledgement goes too: no copy of removed text stays behind.
void installAcknowledgementCleanup(SQLite::Database& db, const std::string& table,
                                   const std::vector<std::string>& columns, const std::vector<std::string>& redacted)
{
    db.exec("DROP TRIGGER IF EXISTS acknowledgements_" + table + "_update");
    db.exec("DROP TRIGGER IF EXISTS acknowledgements_" + table + "_delete");
    if (table == "finding_acknowledgements" || table == "imports")
        return;
    // Of the table's columns as they are: a store at an earlier schema lacks the newer ones.
    std::vector<std::string> free;
    for (const auto& c : redacted)
        for (const auto& t : textColumns())
            if (t.table == table && t.column == c && t.kind == TextKind::FreeText &&
                std::find(columns.begin(), columns.end(), c) != columns.end())
                free.push_back(c);
    if (!free.empty()) {
        std::string all;
        for (const auto& c : free)
            all += (all.empty() ? "" : " || char(10) || ") + std::string("NEW.\"") + c + "\"";
        db.exec("CREATE TRIGGER acknowledgements_" + table + "_update AFTER UPDATE ON \"" + table +
                "\" BEGIN DELETE FROM finding_acknowledgements WHERE record_uuid = NEW.uuid AND "
                "instr(lower(" +
                all + "), lower(matched_text)) = 0; END");
    }
    db.exec("CREATE TRIGGER acknowledgements_" + table + "_delete AFTER DELETE ON \"" + table +
            "\" BEGIN DELETE FROM finding_acknowledgements WHERE record_uuid = OLD.uuid; END");
}

} // namespace

void installAuditTriggers(SQLite::Database& db)
{
    std::vector<std::string> tables;
    {
        SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "ORDER BY name");
        while (q.executeStep())
            tables.push_back(q.getColumn(0).getString());
    }
    for (const auto& table : tables) {
        if (std::find(unauditedTables().begin(), unauditedTables().end(), table) != unauditedTables().end())
            continue;
        std::vector<std::string> columns;
        SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.executeStep())
            columns.push_back(info.getColumn(0).getString());
        if (std::find(columns.begin(), columns.end(), "uuid") == columns.end())
            throw Error("internal error: table " + table + " has no uuid column to audit");

        // Free text (and copies of it) is logged as its length only: an edit that removes a name must
        // not leave the name in the log. The log still says who changed which field when.
        // An update's new side marks an edited text ("[redacted: 12 characters, edited]"), so that an edit
        // keeping the length is still seen as one (a merge needs to know which texts each copy changed).
        const auto redacted = redactedColumns(table);
        auto jsonOf = [&](const char* row, bool markEdits = false) {
            std::string s = "json_object(";
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i)
                    s += ", ";
                const std::string column = "\"" + columns[i] + "\"";
                const std::string value = std::string(row) + "." + column;
                if (std::find(redacted.begin(), redacted.end(), columns[i]) == redacted.end())
                    s += "'" + columns[i] + "', " + value;
                else if (markEdits)
                    s += "'" + columns[i] + "', '[redacted: ' || length(" + value + ") || CASE WHEN OLD." + column +
                         " IS NOT NEW." + column + " THEN ' characters, edited]' ELSE ' characters]' END";
                else
                    s += "'" + columns[i] + "', '[redacted: ' || length(" + value + ") || ' characters]'";
            }
            return s + ")";
        };
        std::string changed;
        for (const auto& c : columns) {
            if (!changed.empty())
                changed += " OR ";
            changed += "OLD.\"" + c + "\" IS NOT NEW.\"" + c + "\"";
        }
        const std::string insertInto = "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, "
                                       "old_values, new_values) VALUES (evidence_now(), evidence_os_user(), '" +
                                       table + "', ";
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_insert");
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_update");
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_delete");
        db.exec("CREATE TRIGGER audit_" + table + "_insert AFTER INSERT ON \"" + table + "\" BEGIN " + insertInto +
                "NEW.uuid, 'insert', '', " + jsonOf("NEW") + "); END");
        db.exec("CREATE TRIGGER audit_" + table + "_update AFTER UPDATE ON \"" + table + "\" WHEN " + changed +
                " BEGIN " + insertInto + "NEW.uuid, 'update', " + jsonOf("OLD") + ", " + jsonOf("NEW", true) +
                "); END");
        db.exec("CREATE TRIGGER audit_" + table + "_delete AFTER DELETE ON \"" + table + "\" BEGIN " + insertInto +
                "OLD.uuid, 'delete', " + jsonOf("OLD") + ", ''); END");
        installAcknowledgementCleanup(db, table, columns, redacted);
    }
}

} // namespace evidence::db
