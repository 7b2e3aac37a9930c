// export: write a submission's workbook (.xlsx) for reviewers; check: what stops it, and what to check first.

#include "app/export_job.h"
#include "app/ods_export.h"
#include "app/readiness.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/platform.h"
#include "core/text.h"
#include "db/store.h"
#include "export/suppression.h"

#include <filesystem>
#include <memory>

namespace evidence::cli {

Command addExportCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, out;
        RowId submission = 0;
        int suppressBelow = 0;
        bool valuesOnly = false, noCharts = false, allowUnreviewed = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "export", "Write the submission's workbook (.xlsx): cover, contents, notes, figures, changes, totals, "
                  "breakdowns, case studies, responses, sources and methodology. Refused (exit code 2, one reason "
                  "a line) exactly when `check` lists something that stops it");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("OUT", a->out,
                    "The workbook to write, e.g. response.xlsx, or a folder to write it in under its default name "
                    "(replaced only when the new file is complete). A name ending in .ods writes OpenDocument, "
                    "converted by LibreOffice (which must be installed) and re-checked by the guard")
        ->required();
    sub->add_option("--submission", a->submission, "The submission to export (its id; default: the only one)");
    sub->add_flag("--values-only", a->valuesOnly, "Write computed cells as plain values instead of formulas");
    sub->add_flag("--no-charts", a->noCharts, "Leave out the Charts sheet");
    sub->add_flag("--allow-unreviewed", a->allowUnreviewed,
                  "Include selected case studies that are still drafts, if they have no BLOCK finding (recorded in "
                  "the workbook's notes and the audit log)");
    sub->add_option("--suppress-below", a->suppressBelow,
                    "Show counts below N as [c] (confidential), and hide further counts so that none can be worked "
                    "out from the totals; the workbook's notes state the rule. Common choices: 3, 5, 10. Default: "
                    "no suppression")
        ->check(CLI::Range(2, xlsx::kMaxSuppressionThreshold))
        ->type_name("N");
    return {sub, [=] {
                // The integrity check reads every page: the export runs it on the core that waits while
                // libxlsxwriter closes the workbook, instead of before everything else.
                db::StoreOptions storeOptions;
                storeOptions.checkOnOpen = false;
                auto opened = openForWriting(a->store, storeOptions);
                auto& store = opened.store;
                std::filesystem::path out = platform::pathFromUtf8(a->out);
                std::error_code ec;
                if (std::filesystem::is_directory(out, ec))
                    out /= app::defaultExportFileName(store, a->submission);
                app::ExportOptions options;
                options.submissionId = a->submission;
                options.valuesOnly = a->valuesOnly;
                options.charts = !a->noCharts;
                options.allowUnreviewed = a->allowUnreviewed;
                options.suppressBelow = a->suppressBelow;
                options.checkStore = true;
                app::useStoreScanner(store, options);
                const bool ods = text::toLowerAscii(platform::utf8(out.extension())) == ".ods";
                const auto report =
                    ods ? app::exportOds(store, out, options) : app::exportWorkbook(store, out, options);
                if (const std::size_t n = report.abandonedTemporaryFilesRemoved)
                    io.out << "Removed " << n << (n == 1 ? " unfinished workbook" : " unfinished workbooks")
                           << " left beside " << platform::utf8(out.filename())
                           << (n == 1 ? " by an export that was stopped.\n" : " by exports that were stopped.\n");
                switch (report.status) {
                case app::ExportStatus::Written:
                    io.out << "Wrote " << platform::utf8(report.file) << " (" << report.bytes << " bytes).\n";
                    for (const auto& o : report.overrides)
                        io.out << "Override: " << o << '\n';
                    if (report.suppression)
                        io.out << "Suppressed " << report.suppression->primary << " counts below "
                               << report.suppression->threshold << " (or zero in a breakdown), "
                               << report.suppression->secondary << " further counts so that none can be worked out "
                               << "from the totals, and " << report.suppression->dependent
                               << " figures computed from them.\n";
                    return kOk;
                case app::ExportStatus::Refused:
                    io.err << "evidence-cli export: refused; nothing was written. Reasons:\n";
                    for (const auto& r : report.reasons)
                        io.err << r << '\n';
                    return kBadData;
                case app::ExportStatus::Cancelled:
                    io.err << "evidence-cli export: cancelled; nothing was written.\n";
                    return kBadData;
                }
                return kBadData;
            }};
}

Command addCheckCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store;
        RowId submission = 0;
        bool allowUnreviewed = false;
        int suppressBelow = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "check", "Say whether the submission is ready to export: every problem that stops the export (BLOCK), then "
                 "what a reviewer should check first (CHECK), one a line. The export refuses exactly when this "
                 "lists a BLOCK, with the same words. Exit code 0: ready; 4: something stops the export");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("--submission", a->submission, "The submission to check (its id; default: the only one)");
    sub->add_flag("--allow-unreviewed", a->allowUnreviewed,
                  "Check as `export --allow-unreviewed` would: drafts without a BLOCK finding do not stop it");
    sub->add_option("--suppress-below", a->suppressBelow,
                    "Check as `export --suppress-below N` would: a count it hides, typed in an account, answer or "
                    "note, stops it")
        ->check(CLI::Range(2, xlsx::kMaxSuppressionThreshold))
        ->type_name("N");
    return {sub, [=] {
                const auto store = openForReading(a->store);
                const app::ReadinessList list =
                    app::checkReadiness(store, a->submission, a->allowUnreviewed, a->suppressBelow);
                for (const auto& item : list.items)
                    io.out << (item.blocking ? "BLOCK" : "CHECK") << '\t' << item.where << '\t' << item.text << '\n';
                for (const auto& note : list.overrides())
                    io.out << "OVERRIDE\t\t" << note << '\n';
                const std::size_t blocking = list.blockingCount();
                const std::size_t checks = list.items.size() - blocking;
                if (blocking > 0) {
                    io.out << text::counted(blocking, "problem stops", "problems stop") << " the export; " << checks
                           << " more to check.\n";
                    return kNotReady;
                }
                io.out << "Ready to export; " << text::counted(checks, "thing", "things") << " to check.\n";
                return kOk;
            }};
}

} // namespace evidence::cli
