// init, sample, import, audit: the verbs that create or change a store.

#include "app/importer.h"
#include "app/lookup.h"
#include "app/sample.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/table.h"
#include "cli/writable_store.h"
#include "core/platform.h"
#include "db/store.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace evidence::cli {

Command addInitCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string path, title, organisation;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("init", "Create a new, empty store (with the reference data of the consultation) "
                                           "and start its submission");
    sub->add_option("STORE", a->path, "The store file to create, e.g. response.evidence")->required();
    sub->add_option("--title", a->title, "The submission's title (default: \"Response to\" and the consultation)");
    sub->add_option("--organisation", a->organisation, "The organisation that submits the response");
    return {sub, [=] {
                auto store = db::Store::create(platform::pathFromUtf8(a->path));
                app::ensureSubmission(store, a->title, a->organisation);
                io.out << "Created " << a->path << " (store " << store.storeId() << ").\n";
                return kOk;
            }};
}

Command addSampleCommand(CLI::App& app, Io io)
{
    auto path = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("sample", "Create a new store holding the embedded sample submission");
    sub->add_option("STORE", *path, "The store file to create, e.g. sample.evidence")->required();
    return {sub, [=] {
                // A store that could not be filled (a full disk) is not left behind, half made.
                std::error_code ec;
                const bool existed = std::filesystem::exists(platform::pathFromUtf8(*path), ec);
                std::optional<db::Store> made;
                try {
                    made.emplace(app::createSampleStore(platform::pathFromUtf8(*path)));
                } catch (...) {
                    if (!existed)
                        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
                            std::filesystem::remove(platform::pathFromUtf8(*path + suffix), ec);
                    throw;
                }
                auto& store = *made;
                io.out << "Created " << *path << " with the sample submission: " << store.observationCount()
                       << " observations, " << store.caseStudies().size() << " case studies, "
                       << store.submissions().size() << " submission.\n";
                return kOk;
            }};
}

Command addImportCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, file;
        app::ImportOptions options;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("import", "Import observations or case studies from a CSV file (one transaction: "
                                             "one bad row and nothing is imported)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("FILE", a->file, "The CSV file (UTF-8; observations or case studies, told apart by the header)")
        ->required();
    sub->add_flag("--create-missing", a->options.createMissing, "Create measures and sources the store does not know");
    sub->add_flag("--replace", a->options.replace, "Overwrite records that are already in the store");
    sub->add_flag("--dry-run", a->options.dryRun, "Check the file and report, writing nothing");
    return {sub, [=] {
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                const auto report = app::importCsv(store, platform::pathFromUtf8(a->file), a->options);
                io.out << app::describe(report, a->file) << '\n';
                return kOk;
            }};
}

Command addAuditCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, record;
        std::size_t limit = 50;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("audit", "Show the audit log, newest first");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("--record", a->record, "Only changes to the record with this UUID");
    sub->add_option("--limit", a->limit, "At most this many entries (0 = all)")->capture_default_str();
    return {sub, [=] {
                auto store = openForReading(a->store);
                db::AuditFilter f;
                f.limit = a->limit;
                if (!a->record.empty())
                    f.recordUuid = a->record;
                TextTable t{{"when", "user", "table", "record", "action", "new values"}, {}, {}};
                for (const auto& e : store.auditLog(f))
                    t.rows.push_back({e.at, e.osUser, e.table, e.recordUuid, e.action, e.newValues});
                t.print(io.out);
                return kOk;
            }};
}

std::vector<Command> addAllCommands(CLI::App& app, Io io)
{
    return {addInitCommand(app, io),        addSampleCommand(app, io),       addImportCommand(app, io),
            addListCommand(app, io),        addShowCommand(app, io),         addAuditCommand(app, io),
            addTrendsCommand(app, io),      addScanCommand(app, io),         addReviewCommand(app, io),
            addAcknowledgeCommand(app, io), addCheckCommand(app, io),        addExportCommand(app, io),
            addSetFigureCommand(app, io),   addSetCaseStudyCommand(app, io), addSetSubmissionCommand(app, io),
            addDocumentCommand(app, io),    addProfileCommand(app, io),      addAddCommand(app, io),
            addSetCommand(app, io),         addDeleteCommand(app, io),       addIncludeCommand(app, io),
            addExcludeCommand(app, io),     addAnswerCommand(app, io),       addCiteCommand(app, io),
            addMergeCommand(app, io),       addPointCommand(app, io)};
}

} // namespace evidence::cli
