// trends: the figures of the trend engine for one measure, as a table, CSV or headlines.

#include "app/lookup.h"
#include "app/trend_analysis.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/errors.h"
#include "core/text.h"

#include <memory>
#include <optional>

namespace evidence::cli {

Command addTrendsCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, measure, area, from, to, scope;
        bool csv = false, headlines = false, totalsOnly = false;
        long long threshold = 10;
        std::optional<double> coverage;
        RowId submission = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("trends", "Change figures, totals with coverage, like-for-like change, "
                                             "distributions and headlines for one measure");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("--measure", a->measure, "The measure (name); needed when the store has several");
    sub->add_option("--area", a->area, "Only the series of this area (GSS code or name)");
    sub->add_option("--from", a->from, "The earlier compared period (default: the earliest with a value)");
    sub->add_option("--to", a->to, "The later compared period (default: the latest with a value)");
    sub->add_option("--scope", a->scope,
                    "Total the police force areas of this area (default: the aggregate the figures belong to)");
    sub->add_option("--threshold", a->threshold, "Distributions: count and share at or under this value")
        ->capture_default_str();
    sub->add_option("--coverage-threshold", a->coverage,
                    "Percentage of the areas in scope a like-for-like total must cover for its change to be stated "
                    "(default: the submission's, set with `set submission --coverage-threshold`)")
        ->check(CLI::Range(0.0, 100.0));
    sub->add_option("--submission", a->submission,
                    "The submission whose coverage threshold applies (its id; default: the only one)");
    sub->add_flag("--csv", a->csv, "Write the series figures as CSV (full precision) instead of tables");
    sub->add_flag("--headlines", a->headlines, "Write only the plain-English headlines");
    sub->add_flag("--totals", a->totalsOnly, "Write only the totals per period (with --csv: every missing area)");
    return {sub, [=] {
                auto store = openForReading(a->store);
                Measure measure;
                if (!a->measure.empty()) {
                    measure = app::findMeasure(store, a->measure);
                } else {
                    const auto all = store.measures();
                    if (all.size() != 1) {
                        std::vector<std::string> names;
                        for (const auto& m : all)
                            names.push_back("'" + m.name + "'");
                        throw DataError(all.empty() ? std::string("the store has no measures yet")
                                                    : "choose a measure with --measure: " + text::join(names, ", "));
                    }
                    measure = all.front();
                }
                app::AnalysisOptions options;
                if (!a->from.empty())
                    options.from = Period::parse(a->from);
                if (!a->to.empty())
                    options.to = Period::parse(a->to);
                if (!a->area.empty())
                    options.areaId = app::findArea(store, a->area).id;
                if (!a->scope.empty())
                    options.scopeAreaId = app::findArea(store, a->scope).id;
                options.threshold = a->threshold;
                options.coverageThreshold =
                    a->coverage ? *a->coverage / 100.0 : app::submissionCoverageThreshold(store, a->submission);
                const auto analysis = app::analyseMeasure(store, measure.id, options);

                if (a->headlines) {
                    for (const auto& line : trends::headlines(analysis.series))
                        io.out << line << '\n';
                    if (analysis.totals && analysis.totals->likeForLike.coverage.covered > 0 && a->area.empty())
                        io.out << trends::headline(*analysis.totals, analysis.totalsContext) << '\n';
                    return kOk;
                }
                if (a->totalsOnly) {
                    if (!analysis.totals && !trends::addsUp(measure.unit))
                        throw DataError("no totals: " + trends::whyNotAddedUp(measure.unit));
                    if (!analysis.totals)
                        throw DataError("no totals: the measure has no figures for police force areas to add up");
                    if (a->csv)
                        io.out << trends::renderCsv(trends::totalsTable(*analysis.totals, trends::Precision::Full));
                    else
                        io.out << trends::formatTotalsTable(*analysis.totals, analysis.totalsContext);
                    return kOk;
                }
                if (a->csv) {
                    io.out << trends::formatSeriesCsv(analysis.series);
                    return kOk;
                }
                io.out << "Measure: " << measure.name << "\n\n" << trends::formatSeriesTable(analysis.series);
                if (analysis.totals && a->area.empty()) {
                    io.out << "\nTotals over the " << analysis.scopeMembers.size() << " "
                           << trends::areaNoun(analysis.scopeMembers) << " of " << analysis.scope->name << "\n\n"
                           << trends::formatTotalsTable(*analysis.totals, analysis.totalsContext);
                }
                for (const auto& b : analysis.breakdowns) {
                    io.out << "\nBreakdown by " << b.distribution.dimension << ": " << b.area.name << ", "
                           << b.distribution.period.toString() << "\n\n"
                           << trends::renderAligned(
                                  trends::distributionTable(b.distribution, trends::Precision::Display));
                }
                return kOk;
            }};
}

} // namespace evidence::cli
