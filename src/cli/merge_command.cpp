// merge: bring another officer's copy of the submission into this one.

#include "app/merge.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/platform.h"
#include "core/text.h"

#include <memory>

namespace evidence::cli {

namespace {

void printReport(std::ostream& out, const app::MergeReport& r, bool dryRun, bool showText)
{
    out << (r.sameHistory ? "The stores share their history up to target audit entry " + std::to_string(r.targetBase) +
                                " and source audit entry " + std::to_string(r.sourceBase) + ".\n"
                          : std::string("The stores share no history: every difference is a conflict.\n"));
    for (const auto& line : r.changes)
        out << (dryRun || !r.written ? "would " : "") << line << '\n';
    for (const auto& line : r.returnedToDraft)
        out << line << " returns to draft: its text differs between the stores.\n";
    for (const auto& line : r.notes)
        out << line << '\n';
    if (!r.conflicts.empty()) {
        out << text::counted(r.conflicts.size(), "conflict", "conflicts") << ":\n";
        for (const auto& c : r.conflicts) {
            const auto shown = [&](const std::string& v) {
                return !c.freeText || showText ? "'" + v + "'"
                                               : "(" + std::to_string(v.size()) + " characters of text)";
            };
            const auto by = [](const app::MergeChangeBy& b) {
                return b.osUser.empty() ? std::string("unchanged") : "changed by " + b.osUser + " at " + b.at;
            };
            out << "  " << c.id << "\n    " << c.recordLabel << ", " << c.field << "\n    mine:   " << shown(c.mine)
                << " (" << by(c.mineBy) << ")\n    theirs: " << shown(c.theirs) << " (" << by(c.theirsBy) << ")\n"
                << "    choice: "
                << (c.choice == app::MergeChoice::Unset
                        ? std::string(c.bothPossible ? "none yet (mine, theirs or both)" : "none yet (mine or theirs)")
                        : std::string(app::choiceName(c.choice)))
                << '\n';
        }
    }
    out << (r.written ? "Merged"
            : dryRun  ? "Dry run"
                      : "Not merged")
        << ": " << r.added << " added, " << r.updated << " updated, " << r.deleted << " deleted, "
        << text::counted(r.conflicts.size(), "conflict", "conflicts") << " (" << r.unresolved()
        << " without a choice).\n";
}

} // namespace

Command addMergeCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string target, source, prefer, choices;
        bool dryRun = false, betweenSubmissions = false, showText = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "merge", "Bring the records of SOURCE (another copy of the submission) into TARGET, in one transaction. "
                 "Records changed in one store only take that change; a conflict (changed in both, or deleted in "
                 "one and edited in the other) needs a choice, or nothing is merged");
    sub->add_option("TARGET", a->target, "The store to merge into (mine)")->required();
    sub->add_option("SOURCE", a->source, "The store to merge from (theirs); it is never written")->required();
    sub->add_flag("--dry-run", a->dryRun, "List what would be added, updated and deleted, and every conflict");
    sub->add_option("--prefer", a->prefer,
                    "The choice for every conflict not in --choices: mine, theirs, or both (two case studies kept "
                    "side by side; other conflicts still need a choice)")
        ->check(CLI::IsMember({"mine", "theirs", "both"}));
    sub->add_option("--choices", a->choices,
                    "A file of choices, one conflict per line: its id (from --dry-run) then mine, theirs or both");
    sub->add_flag("--between-submissions", a->betweenSubmissions,
                  "Allow SOURCE to hold a different submission: its evidence is copied, not its answers");
    sub->add_flag("--show-text", a->showText, "Show free text in conflicts (it may identify someone)");
    return {sub, [=] {
                app::MergeOptions options;
                options.dryRun = a->dryRun;
                options.betweenSubmissions = a->betweenSubmissions;
                if (!a->prefer.empty())
                    options.preferAll = app::parseChoice(a->prefer);
                if (!a->choices.empty())
                    app::readChoicesFile(a->choices, options);
                app::MergeSource source(platform::pathFromUtf8(a->source));
                if (source.upgradedCopy())
                    io.out << a->source << " is from an older version: a copy of it was upgraded to merge from; "
                           << "the file itself is unchanged.\n";
                app::MergeReport report;
                if (a->dryRun) {
                    auto target = db::Store::open(platform::pathFromUtf8(a->target), db::OpenMode::ReadOnly);
                    report = app::mergeStores(target, source, options);
                } else {
                    auto opened = openForWriting(a->target);
                    report = app::mergeStores(opened.store, source, options);
                }
                printReport(io.out, report, a->dryRun, a->showText);
                return report.unresolved() ? kConflicts : kOk;
            }};
}

} // namespace evidence::cli
