// point: the submission's additional points, those not tied to a question (add, list, edit, delete).

#include "app/consultation_profile.h"
#include "app/lookup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/errors.h"

#include <memory>

namespace evidence::cli {
namespace {

/// The point at @p position (1 first) of @p submissionId.
AdditionalPoint pointAt(const db::Store& store, RowId submissionId, int position)
{
    const auto points = store.additionalPoints(submissionId);
    for (const auto& p : points)
        if (p.position == position)
            return p;
    throw NotFoundError("there is no additional point " + std::to_string(position) + ": the submission has " +
                        (points.empty() ? std::string("none") : "points 1 to " + std::to_string(points.size())));
}

} // namespace

Command addPointCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, text;
        RowId submission = 0;
        int position = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "point", "Additional points: what the response says outside the consultation's questions, written to the "
                 "document as numbered paragraphs after the answers, counted in its words and checked by the "
                 "anonymisation guard like answers");
    sub->require_subcommand(1);
    auto storeAndSubmission = [&](CLI::App* c) {
        c->add_option("STORE", a->store, "The store")->required();
        c->add_option("--submission", a->submission, "The submission (its id; default: the only one)");
    };

    auto* add = sub->add_subcommand("add", "Add a point (an audited write), last or at --position");
    storeAndSubmission(add);
    add->add_option("TEXT", a->text, "The point, in quotes; line breaks separate its paragraphs")->required();
    add->add_option("--position", a->position, "Its place, 1 first; the points from there on move down one")
        ->check(CLI::PositiveNumber);

    auto* list = sub->add_subcommand("list", "The points in order, with their words");
    storeAndSubmission(list);

    auto* edit = sub->add_subcommand("edit", "Replace the text of a point (an audited write)");
    storeAndSubmission(edit);
    edit->add_option("NUMBER", a->position, "The point's number, as `point list` shows it")
        ->required()
        ->check(CLI::PositiveNumber);
    edit->add_option("TEXT", a->text, "Its new text, in quotes")->required();

    auto* deletion = sub->add_subcommand("delete", "Delete a point (audited); the points after it move up one");
    storeAndSubmission(deletion);
    deletion->add_option("NUMBER", a->position, "The point's number, as `point list` shows it")
        ->required()
        ->check(CLI::PositiveNumber);

    return {sub, [=] {
                if (list->parsed()) {
                    const auto store = openForReading(a->store);
                    const auto s = app::findSubmission(store, a->submission);
                    const auto points = store.additionalPoints(s.id);
                    if (points.empty())
                        io.out << "No additional points. Add one with: evidence-cli point add STORE \"TEXT\"\n";
                    for (const auto& p : points)
                        io.out << p.position << '\t' << app::describeWords(app::countWords(p.text), std::nullopt)
                               << '\t' << p.text << '\n';
                    return kOk;
                }
                auto w = openForWriting(a->store);
                const auto s = app::findSubmission(w.store, a->submission);
                if (add->parsed()) {
                    AdditionalPoint p;
                    p.submissionId = s.id;
                    p.position = a->position;
                    p.text = a->text;
                    w.store.insert(p);
                    io.out << "Added additional point " << p.position << " ("
                           << app::describeWords(app::countWords(p.text), std::nullopt) << ").\n";
                    return kOk;
                }
                AdditionalPoint p = pointAt(w.store, s.id, a->position);
                if (edit->parsed()) {
                    p.text = a->text;
                    w.store.update(p);
                    io.out << "Additional point " << p.position << " now has "
                           << app::describeWords(app::countWords(p.text), std::nullopt) << ".\n";
                    return kOk;
                }
                w.store.removeAdditionalPoint(p.id);
                io.out << "Deleted additional point " << p.position << ".\n";
                return kOk;
            }};
}

} // namespace evidence::cli
