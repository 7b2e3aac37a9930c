#include "core/embedded.h"
#include "core/errors.h"
#include "core/text.h"
#include "core/uuid.h"
#include "csv/csv_reader.h"
#include "db/store_impl.h"

#include <map>
#include <span>

namespace evidence::db::reference {
std::span<const evidence::EmbeddedFile> embeddedFiles();
}

namespace evidence::db {
namespace {

std::string_view embedded(std::string_view name)
{
    for (const auto& f : reference::embeddedFiles())
        if (f.name == name)
            return f.data;
    throw Error("internal error: reference file " + std::string(name) + " is not embedded");
}

// Reads an embedded CSV into maps keyed by its header.
std::vector<std::map<std::string, std::string>> readTable(std::string_view name)
{
    csv::Reader reader(std::string(embedded(name)), std::string(name));
    csv::Record header, row;
    std::vector<std::map<std::string, std::string>> out;
    if (!reader.next(header))
        return out;
    while (reader.next(row)) {
        std::map<std::string, std::string> m;
        for (std::size_t i = 0; i < header.fields.size() && i < row.fields.size(); ++i)
            m[header.fields[i]] = row.fields[i];
        out.push_back(std::move(m));
    }
    return out;
}

RowId insertArea(SQLite::Database& db, const std::string& code, const std::string& name, const std::string& kind,
                 const std::string& itl1, const std::string& region, const std::string& country)
{
    SQLite::Statement q(db, "INSERT INTO areas (uuid, code, name, kind, itl1_code, region_name, country, reference) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, 1)");
    q.bind(1, newUuid());
    q.bind(2, code);
    q.bind(3, name);
    q.bind(4, kind);
    q.bind(5, itl1);
    q.bind(6, region);
    q.bind(7, country);
    q.exec();
    return db.getLastInsertRowid();
}

void addMember(SQLite::Database& db, RowId parent, RowId member)
{
    SQLite::Statement q(db, "INSERT INTO area_members (uuid, parent_id, member_id) VALUES (?, ?, ?)");
    q.bind(1, newUuid());
    q.bind(2, parent);
    q.bind(3, member);
    q.exec();
}

} // namespace

void loadReferenceData(SQLite::Database& db)
{
    struct Force
    {
        RowId id;
        std::string region, country;
    };
    std::vector<Force> forces;
    for (auto& r : readTable("police_force_areas.csv")) {
        const RowId id = insertArea(db, r["code"], r["name"], "police_force_area", "", r["region"], r["country"]);
        forces.push_back({id, r["region"], r["country"]});
    }
    std::map<std::string, std::string> itl1ByName;
    for (auto& r : readTable("itl1_regions.csv")) {
        if (r["country"] == "England") {
            const RowId id = insertArea(db, r["gss_code"], r["name"], "region", r["itl1_code"], "", "England");
            for (const auto& f : forces)
                if (f.region == r["name"])
                    addMember(db, id, f.id);
        }
    }
    for (auto& r : readTable("nations_and_aggregates.csv")) {
        const RowId id = insertArea(db, r["code"], r["name"], r["kind"], r["itl1_code"], "", r["country"]);
        for (const auto& rule : text::splitList(r["members"])) {
            for (const auto& f : forces) {
                if (rule == "all" || (rule.starts_with("country=") && f.country == rule.substr(8)))
                    addMember(db, id, f.id);
            }
        }
    }
    for (auto& c : readTable("consultations.csv")) {
        SQLite::Statement q(db, "INSERT INTO consultations (uuid, code, title, publisher, opens, closes, url) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, newUuid());
        q.bind(2, c["code"]);
        q.bind(3, c["title"]);
        q.bind(4, c["publisher"]);
        q.bind(5, c["opens"]);
        q.bind(6, c["closes"]);
        q.bind(7, c["url"]);
        q.exec();
        const RowId consultationId = db.getLastInsertRowid();
        int position = 0;
        for (auto& question : readTable(c["questions_file"])) {
            SQLite::Statement qq(db, "INSERT INTO questions (uuid, consultation_id, number, position, text, "
                                     "answer_type, choices) VALUES (?, ?, ?, ?, ?, ?, ?)");
            qq.bind(1, newUuid());
            qq.bind(2, consultationId);
            qq.bind(3, question["id"]);
            qq.bind(4, ++position);
            qq.bind(5, question["text"]);
            qq.bind(6, question["answer_type"]);
            qq.bind(7, question["choices"]);
            qq.exec();
        }
    }
}

} // namespace evidence::db
