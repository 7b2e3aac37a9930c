// set-figure, set-case-study, set-submission: change the fields of one record that no import sets again
// (a figure's round, a case study's basis, a submission's coverage threshold). Each is one audited write, under
// the edit lock as every command that writes.

#include "app/lookup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"
#include "db/store.h"

#include <memory>
#include <optional>

namespace evidence::cli {

Command addSetFigureCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, measure, area, period, source, dimension, category;
        std::optional<std::string> asAt, round;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("set-figure", "Record when one figure is from: its as-at date and the round of "
                                                 "requests it came from");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("--measure", a->measure, "The figure's measure (name)")->required();
    sub->add_option("--area", a->area, "The figure's area (GSS code or name)")->required();
    sub->add_option("--period", a->period, "The figure's period (e.g. 2018/19)")->required();
    sub->add_option("--source", a->source, "The figure's source (title); needed when several sources give it");
    sub->add_option("--dimension", a->dimension, "For a breakdown: its dimension (e.g. victim age)");
    sub->add_option("--category", a->category, "For a breakdown: its category (e.g. 10 and under)");
    sub->add_option("--as-at", a->asAt,
                    "The date the figure is correct at, YYYY-MM-DD or YYYY-MM (empty: its source's date)");
    sub->add_option("--round", a->round, "The collection it came from, e.g. \"June 2019 round\" (empty: none)");
    return {sub, [=] {
                if (!a->asAt && !a->round)
                    throw CLI::ValidationError("give --as-at, --round or both");
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                db::ObservationFilter f;
                f.measureId = app::findMeasure(store, a->measure).id;
                f.areaId = app::findArea(store, a->area).id;
                f.period = Period::parse(a->period);
                f.dimension = a->dimension;
                f.category = a->category;
                if (!a->source.empty()) {
                    const auto s = store.sourceByTitle(a->source);
                    if (!s)
                        throw NotFoundError("there is no source titled '" + a->source +
                                            "' (list them with: evidence-cli list STORE sources)");
                    f.sourceId = s->id;
                }
                const auto found = store.observations(f);
                if (found.empty())
                    throw NotFoundError("the store holds no such figure (list them with: evidence-cli list STORE "
                                        "observations --measure M --area A --period P)");
                if (found.size() > 1)
                    throw DataError("several sources give this figure: choose one with --source");
                Observation o = found.front();
                if (a->asAt)
                    o.asAt = std::string(text::trim(*a->asAt));
                if (a->round)
                    o.round = std::string(text::trim(*a->round));
                store.update(o);
                io.out << "The figure is as at " << (o.asAt.empty() ? "its source's date" : o.asAt)
                       << (o.round.empty() ? "" : ", from the " + o.round) << ".\n";
                return kOk;
            }};
}

Command addSetCaseStudyCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, ref;
        std::optional<std::string> basis, publisher, title, date, url;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "set-case-study", "Record what a case study rests on: consent, or a published account with its citation");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("REF", a->ref, "The case study's reference, e.g. CS-001")->required();
    sub->add_option("--basis", a->basis, "consent (told with consent) or published_account (retold from one)");
    sub->add_option("--citation-publisher", a->publisher, "Who published the account, e.g. a newspaper");
    sub->add_option("--citation-title", a->title, "The title it was published under");
    sub->add_option("--citation-date", a->date, "When it was published, YYYY-MM-DD or YYYY-MM");
    sub->add_option("--citation-url", a->url, "Where it was published");
    return {sub, [=] {
                if (!a->basis && !a->publisher && !a->title && !a->date && !a->url)
                    throw CLI::ValidationError("give --basis or a --citation-... option");
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                auto c = store.caseStudyByReference(a->ref);
                if (!c)
                    throw NotFoundError("there is no case study with reference '" + a->ref +
                                        "' (list them with: evidence-cli list STORE case-studies)");
                const bool wasReviewed = c->review == ReviewState::Reviewed;
                if (a->basis)
                    c->basis = parseCaseStudyBasis(*a->basis);
                if (c->basis == CaseStudyBasis::PublishedAccount)
                    c->consent = Consent::Unknown; // the charity holds no consent for a published account
                for (auto [given, field] : {std::pair{&a->publisher, &c->citation.publisher},
                                            {&a->title, &c->citation.title},
                                            {&a->date, &c->citation.date},
                                            {&a->url, &c->citation.url}})
                    if (*given)
                        *field = std::string(text::trim(**given));
                store.update(*c);
                const auto after = store.caseStudy(c->id);
                io.out << c->reference << " is "
                       << (after->basis == CaseStudyBasis::PublishedAccount ? "retold from a published account"
                                                                            : "told with consent")
                       << ".\n";
                if (wasReviewed && after->review == ReviewState::Draft)
                    io.out << "Its basis or citation changed, so it is a draft again: review it.\n";
                return kOk;
            }};
}

Command addSetSubmissionCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store;
        RowId submission = 0;
        double coverage = 50;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("set-submission", "Change a submission's settings");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("--submission", a->submission, "The submission (its id; default: the only one)");
    sub->add_option("--coverage-threshold", a->coverage,
                    "Percentage of the areas in scope a like-for-like total must cover for its change to be stated "
                    "(the tables, headlines and the readiness check use it)")
        ->required()
        ->check(CLI::Range(0.0, 100.0));
    return {sub, [=] {
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                Submission s = app::findSubmission(store, a->submission);
                s.coverageThreshold = a->coverage / 100.0;
                store.update(s);
                io.out << "Submission " << s.id << " states a like-for-like change when its total covers at least "
                       << formatFigure(a->coverage, 1) << "% of the areas in scope.\n";
                return kOk;
            }};
}

} // namespace evidence::cli
