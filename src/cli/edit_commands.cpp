// add, set, delete, include, exclude, answer, cite: every edit the desktop app's forms make, for scripts. Each is
// one transaction under the store's edit lock, through app/record_edits.h, so the store's rules and audit log apply.

#include "app/record_edits.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"

#include <memory>
#include <optional>

namespace evidence::cli {
namespace {

std::string fieldList(app::RecordKind kind)
{
    std::string out;
    for (const auto& f : app::recordFields(kind))
        out += "  " + std::string(app::recordKindName(kind)) + "." + std::string(f.name) + ": " + std::string(f.help) +
               "\n";
    return out;
}

std::string allFields()
{
    std::string out = "Fields:\n";
    for (auto k : {app::RecordKind::Submission, app::RecordKind::Source, app::RecordKind::Measure,
                   app::RecordKind::Area, app::RecordKind::CaseStudy})
        out += fieldList(k);
    return out;
}

/// FIELD VALUE pairs typed on the command line, then FIELD=PATH pairs whose values are read from files.
std::vector<app::FieldValue> fieldValues(const std::vector<std::string>& pairs, const std::vector<std::string>& files)
{
    if (pairs.size() % 2)
        throw CLI::ValidationError("field '" + pairs.back() + "' has no value: give FIELD VALUE pairs");
    std::vector<app::FieldValue> out;
    for (std::size_t i = 0; i < pairs.size(); i += 2)
        out.push_back({pairs[i], pairs[i + 1]});
    for (const auto& f : files) {
        const auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
            throw CLI::ValidationError("--file '" + f + "' is not FIELD=PATH, e.g. submission.summary=summary.txt");
        out.push_back({f.substr(0, eq), app::readTextFile(platform::pathFromUtf8(f.substr(eq + 1)))});
    }
    return out;
}

/// The kind a set command's fields name ("submission.organisation" is a submission's), one kind per command.
app::RecordKind kindOfFields(const std::vector<app::FieldValue>& values)
{
    std::optional<app::RecordKind> kind;
    for (const auto& v : values) {
        const auto dot = v.field.find('.');
        if (dot == std::string::npos)
            throw CLI::ValidationError("field '" + v.field +
                                       "' names no kind of record: write it as KIND.FIELD, e.g. submission.summary");
        const auto k = app::parseRecordKind(v.field.substr(0, dot));
        if (kind && *kind != k)
            throw CLI::ValidationError("one set changes one record: '" + v.field + "' is not a field of a " +
                                       std::string(app::recordKindName(*kind)));
        kind = k;
    }
    return *kind;
}

} // namespace

Command addAddCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, kind;
        std::vector<std::string> pairs, files;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "add", "Add a source, measure, area, case study or submission with the fields given (one transaction; "
               "figures and many case studies come in with import)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("KIND", a->kind, "source, measure, area, case-study or submission")->required();
    sub->add_option("FIELD_VALUE", a->pairs,
                    "FIELD VALUE pairs, e.g. title \"NSPCC FOI requests\" publisher NSPCC (put -- before a value that "
                    "starts with -)");
    sub->add_option("--file", a->files,
                    "FIELD=PATH: the field's value is the UTF-8 text of the file (one line "
                    "break at its end is dropped)")
        ->allow_extra_args(false);
    sub->footer(allFields());
    return {sub, [=] {
                const auto kind = app::parseRecordKind(a->kind);
                const auto values = fieldValues(a->pairs, a->files);
                auto opened = openForWriting(a->store);
                const auto r = app::addRecord(opened.store, kind, values);
                io.out << "Added " << r.label << " (" << r.uuid << ").\n";
                return kOk;
            }};
}

Command addSetCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, record;
        std::vector<std::string> pairs, files;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("set", "Change fields of one record, e.g. set STORE submission.organisation "
                                          "\"Our charity\" (one transaction; refused whole when one value is)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("FIELD_VALUE", a->pairs,
                    "KIND.FIELD VALUE pairs of one record, e.g. source.publisher NSPCC source.url https://...");
    sub->add_option("--record", a->record,
                    "Which record: a source's title, a measure's name, an area's code or name, a case study's "
                    "reference, or a UUID (a submission: its id, default the only one)");
    sub->add_option("--file", a->files,
                    "KIND.FIELD=PATH: the field's value is the UTF-8 text of the file (one line "
                    "break at its end is dropped)")
        ->allow_extra_args(false);
    sub->footer(allFields());
    return {sub, [=] {
                const auto values = fieldValues(a->pairs, a->files);
                if (values.empty())
                    throw CLI::ValidationError("give KIND.FIELD VALUE, e.g. submission.organisation \"Our charity\"");
                const auto kind = kindOfFields(values);
                if (kind != app::RecordKind::Submission && text::trim(a->record).empty())
                    throw CLI::ValidationError("--record is required: say which " +
                                               std::string(app::recordKindName(kind)) + " to change");
                auto opened = openForWriting(a->store);
                const auto r = app::setFields(opened.store, kind, a->record, values);
                io.out << "Changed " << values.size() << (values.size() == 1 ? " field" : " fields") << " of "
                       << r.label << ".\n";
                return kOk;
            }};
}

Command addDeleteCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, kind, key;
        RowId submission = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "delete", "Delete a source or measure (refused while figures use it), an area of your own (refused while "
                  "figures or case studies use it), a case study, a figure, an answer (with its citations) or an "
                  "acknowledgement");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("KIND", a->kind, "source, measure, area, case-study, figure, answer or acknowledgement")
        ->required();
    sub->add_option("RECORD", a->key,
                    "A source's title, a measure's name, an area's code or name, a case study's reference, an "
                    "answer's question number, or the record's UUID (figures and acknowledgements: the UUID)")
        ->required();
    sub->add_option("--submission", a->submission, "The submission of an answer (its id; default: the only one)");
    return {sub, [=] {
                auto opened = openForWriting(a->store);
                const auto r = app::deleteRecord(opened.store, a->kind, a->key, a->submission);
                io.out << "Deleted " << r.label << " (" << r.uuid << ").\n";
                return kOk;
            }};
}

namespace {

Command addIncludeVerb(CLI::App& app, Io io, bool include)
{
    struct Args
    {
        std::string store, kind;
        std::vector<std::string> keys;
        RowId submission = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub =
        app.add_subcommand(include ? "include" : "exclude",
                           include ? "Include measures or case studies in the submission's workbook"
                                   : "Leave measures or case studies out of the submission's workbook (an answer "
                                     "that cites one stops the export until its citation is removed)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("KIND", a->kind, "measure or case-study")->required();
    sub->add_option("RECORD", a->keys, "Measure names or case-study references (or UUIDs)")->required();
    sub->add_option("--submission", a->submission, "The submission (its id; default: the only one)");
    return {sub, [=] {
                const auto kind = app::parseRecordKind(a->kind);
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                db::Store::Transaction tx(store);
                std::vector<app::EditResult> done;
                for (const auto& key : a->keys)
                    done.push_back(app::setIncluded(store, a->submission, kind, key, include));
                tx.commit();
                for (const auto& r : done) {
                    io.out << (include ? "Included " : "Left out ") << r.label << ".\n";
                    for (const auto& note : r.notes)
                        io.out << note << '\n';
                }
                return kOk;
            }};
}

} // namespace

Command addIncludeCommand(CLI::App& app, Io io)
{
    return addIncludeVerb(app, io, true);
}

Command addExcludeCommand(CLI::App& app, Io io)
{
    return addIncludeVerb(app, io, false);
}

Command addAnswerCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, question;
        std::optional<std::string> choice, text, textFile;
        RowId submission = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("answer", "Write the answer to one consultation question: its choice and/or its "
                                             "text (what is not given, and the citations, stay)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("QUESTION", a->question, "The question's number, e.g. 7a or Q7a")->required();
    sub->add_option("--choice", a->choice,
                    "yes or no; one of a choice question's choices; several separated by ';'; empty to clear");
    auto* textOption = sub->add_option("--text", a->text, "The answer's text (empty to clear)");
    sub->add_option("--text-file", a->textFile, "The answer's text from a UTF-8 file")->excludes(textOption);
    sub->add_option("--submission", a->submission, "The submission (its id; default: the only one)");
    return {sub, [=] {
                if (!a->choice && !a->text && !a->textFile)
                    throw CLI::ValidationError("give --choice, --text or --text-file");
                std::optional<std::string> body = a->text;
                if (a->textFile)
                    body = app::readTextFile(platform::pathFromUtf8(*a->textFile));
                auto opened = openForWriting(a->store);
                const auto answer = app::writeAnswer(opened.store, a->submission, a->question, a->choice, body);
                const auto q = opened.store.question(answer.questionId);
                io.out << "Answered question " << q->number << (answer.choice.empty() ? "" : " (" + answer.choice + ")")
                       << ": " << text::codePointCount(answer.text) << " characters of text.\n";
                return kOk;
            }};
}

Command addCiteCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, question;
        std::vector<std::string> measures, caseStudies;
        RowId submission = 0;
        bool remove = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("cite", "Cite included measures or case studies as the evidence of an answer "
                                           "(the workbook links the answer to them)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("QUESTION", a->question, "The question's number, e.g. 7a or Q7a")->required();
    sub->add_option("--measure", a->measures, "A measure's name (repeat for several)")->allow_extra_args(false);
    sub->add_option("--case-study", a->caseStudies, "A case study's reference (repeat for several)")
        ->allow_extra_args(false);
    sub->add_flag("--remove", a->remove, "Remove these citations instead");
    sub->add_option("--submission", a->submission, "The submission (its id; default: the only one)");
    return {sub, [=] {
                if (a->measures.empty() && a->caseStudies.empty())
                    throw CLI::ValidationError("give --measure or --case-study");
                auto opened = openForWriting(a->store);
                const auto answer =
                    app::cite(opened.store, a->submission, a->question, a->measures, a->caseStudies, a->remove);
                const auto q = opened.store.question(answer.questionId);
                io.out << "The answer to question " << q->number << " cites " << answer.citedMeasures.size()
                       << (answer.citedMeasures.size() == 1 ? " measure" : " measures") << " and "
                       << answer.citedCaseStudies.size()
                       << (answer.citedCaseStudies.size() == 1 ? " case study" : " case studies") << ".\n";
                return kOk;
            }};
}

} // namespace evidence::cli
