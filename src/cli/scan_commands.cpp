// scan, review, acknowledge: the anonymisation guard from the command line.

#include "app/anonymisation.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/table.h"
#include "cli/writable_store.h"
#include "core/errors.h"
#include "core/text.h"

#include <memory>
#include <nlohmann/json.hpp>

namespace evidence::cli {
namespace {

CaseStudy requireCaseStudy(const db::Store& store, const std::string& ref)
{
    if (auto c = store.caseStudyByReference(ref))
        return *c;
    throw NotFoundError("there is no case study with reference '" + ref +
                        "' (list them with: evidence-cli list STORE case-studies)");
}

nlohmann::json toJson(const app::FieldFindings& field, const anon::Finding& f, bool acknowledged, bool showText)
{
    nlohmann::json j = {{"record", field.recordLabel},
                        {"record_table", field.recordTable},
                        {"record_uuid", field.recordUuid},
                        {"field", field.fieldLabel},
                        {"kind", anon::kindCode(f.kind)},
                        {"severity", anon::severityName(f.severity)},
                        {"byte_begin", f.byteBegin},
                        {"byte_end", f.byteEnd},
                        {"char_begin", f.charBegin},
                        {"char_end", f.charEnd},
                        {"matched", showText ? f.matched : app::maskText(f.matched)},
                        {"suggestion", f.suggestion},
                        {"acknowledged", acknowledged}};
    // The fingerprint holds the matched text, and a replacement may keep part of it ("Jade*").
    if (showText) {
        j["fingerprint"] = f.fingerprint();
        j["replacement"] = f.replacement;
    }
    return j;
}

} // namespace

Command addScanCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, caseStudy;
        RowId submission = 0;
        bool json = false, all = false, showText = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("scan", "Find identifying details (names, schools, phone numbers, ...) in the "
                                           "store's free text; exit code 3 when any BLOCK finding is open");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("--case-study", a->caseStudy, "Only this case study (reference, e.g. CS-004)");
    sub->add_option("--submission", a->submission, "Only what this submission exports (its id)");
    sub->add_flag("--all", a->all, "Also list acknowledged WARN findings");
    sub->add_flag("--json", a->json, "Write the findings as JSON");
    sub->add_flag("--show-text", a->showText,
                  "Show the matched text of each finding (otherwise only its first character and length: "
                  "output that ends up in a log must not hold a child's account)");
    return {
        sub, [=] {
            auto store = openForReading(a->store);
            std::vector<app::FieldFindings> fields;
            if (!a->caseStudy.empty())
                fields = app::scanCaseStudy(store, requireCaseStudy(store, a->caseStudy));
            else if (a->submission)
                fields = app::scanStore(store, a->submission);
            else
                fields = app::scanStore(store);
            std::size_t blocking = 0, warnings = 0, acknowledged = 0;
            nlohmann::json list = nlohmann::json::array();
            TextTable t{{"record", "field", "severity", "kind", "chars", "matched", "suggestion"}, {}, {}};
            for (const auto& field : fields) {
                for (const auto& f : field.open) {
                    (f.severity == anon::Severity::Block ? blocking : warnings)++;
                    list.push_back(toJson(field, f, false, a->showText));
                    t.rows.push_back({field.recordLabel, field.fieldLabel, std::string(anon::severityName(f.severity)),
                                      std::string(anon::kindName(f.kind)),
                                      std::to_string(f.charBegin) + "-" + std::to_string(f.charEnd),
                                      a->showText ? f.matched : app::maskText(f.matched), f.suggestion});
                }
                for (const auto& f : field.acknowledged) {
                    ++acknowledged;
                    if (!a->all)
                        continue;
                    list.push_back(toJson(field, f, true, a->showText));
                    t.rows.push_back({field.recordLabel, field.fieldLabel, "ACK", std::string(anon::kindName(f.kind)),
                                      std::to_string(f.charBegin) + "-" + std::to_string(f.charEnd),
                                      a->showText ? f.matched : app::maskText(f.matched), "acknowledged"});
                }
            }
            if (a->json) {
                io.out << nlohmann::json{{"blocking", blocking},
                                         {"warnings", warnings},
                                         {"acknowledged", acknowledged},
                                         {"findings", list}}
                              .dump(2)
                       << '\n';
            } else {
                if (!t.rows.empty())
                    t.print(io.out);
                io.out << blocking << " BLOCK, " << warnings << " WARN open, " << acknowledged << " acknowledged.\n";
            }
            return blocking ? kBlockFindings : kOk;
        }};
}

Command addReviewCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, ref, role, on;
        bool draft = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("review", "Mark a case study reviewed (needs no BLOCK finding and every WARN "
                                             "fixed or acknowledged), or return it to draft");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("REF", a->ref, "The case study's reference, e.g. CS-001")->required();
    sub->add_option("--role", a->role, "Who reviews it, as a role (e.g. Policy officer)");
    sub->add_option("--on", a->on, "The date the review happened, YYYY-MM-DD (default: now; never a later day)");
    sub->add_flag("--draft", a->draft, "Return it to draft instead");
    return {sub, [=] {
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                const auto c = requireCaseStudy(store, a->ref);
                if (a->draft) {
                    store.setReviewState(c.id, ReviewState::Draft, "");
                    io.out << c.reference << " is a draft again.\n";
                    return kOk;
                }
                if (text::trim(a->role).empty())
                    throw CLI::ValidationError("--role is required to mark a case study reviewed");
                app::markReviewed(store, c.id, a->role, a->on);
                io.out << c.reference << " is reviewed by " << a->role << (a->on.empty() ? "" : " on " + a->on)
                       << ".\n";
                return kOk;
            }};
}

Command addAcknowledgeCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, ref, field, matched, kind, reason, role;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("acknowledge", "Record that WARN findings of a record are not identifying, with "
                                                  "the reason (BLOCK findings must be changed instead)");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("RECORD", a->ref,
                    "A case study's reference (e.g. CS-002), a source's title, a measure's name, \"submission\", or "
                    "any record's UUID as scan --json gives it")
        ->required();
    sub->add_option("--text", a->matched, "The matched text as `scan --show-text` shows it");
    sub->add_option("--kind", a->kind, "Every open finding of this kind, e.g. place, person_name (scan --json)");
    sub->add_option("--field", a->field,
                    "Only this field, as scan names it (narrative, quality notes, citation publisher; citation for "
                    "every citation field)");
    sub->add_option("--reason", a->reason, "Why it is not identifying")->required();
    sub->add_option("--role", a->role, "Who acknowledges it, as a role")->required();
    return {sub, [=] {
                if (a->matched.empty() && a->kind.empty())
                    throw CLI::ValidationError("give --text, --kind or both: which findings are acknowledged");
                if (!a->kind.empty())
                    anon::parseKindCode(a->kind); // an unknown kind is refused, naming it
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                std::string uuid, label;
                if (auto c = store.caseStudyByReference(a->ref)) {
                    uuid = c->uuid;
                    label = c->reference;
                } else if (auto s = store.sourceByTitle(a->ref)) {
                    uuid = s->uuid;
                    label = "source '" + s->title + "'";
                } else if (auto m = store.measureByName(a->ref)) {
                    uuid = m->uuid;
                    label = "measure '" + m->name + "'";
                } else if (a->ref == "submission") {
                    const auto subs = store.submissions();
                    if (subs.size() != 1)
                        throw CLI::ValidationError("the store holds " + std::to_string(subs.size()) +
                                                   " submissions: give the submission's UUID");
                    uuid = subs.front().uuid;
                    label = "the submission";
                } else {
                    uuid = a->ref;
                    label = "record " + a->ref;
                }
                db::Store::Transaction tx(store);
                std::size_t done = 0;
                bool known = false;
                for (const auto& field : app::scanStore(store)) {
                    if (field.recordUuid != uuid)
                        continue;
                    known = true;
                    if (!a->field.empty() && field.fieldLabel != a->field &&
                        !field.fieldLabel.starts_with(a->field + " "))
                        continue;
                    for (const auto& f : field.open) {
                        if (!a->matched.empty() && f.matched != a->matched)
                            continue;
                        if (!a->kind.empty() && anon::kindCode(f.kind) != a->kind)
                            continue;
                        app::acknowledgeFinding(store, field, f, a->reason, a->role);
                        ++done;
                    }
                }
                if (!known && label.starts_with("record "))
                    throw NotFoundError("there is no case study, source or measure named '" + a->ref +
                                        "', and no record with that UUID has a finding (see: evidence-cli scan STORE)");
                if (!done)
                    throw NotFoundError("no open finding of " + label + " matches" +
                                        (a->matched.empty() ? "" : " '" + app::maskText(a->matched) + "'") +
                                        (a->kind.empty() ? "" : " of kind " + a->kind) +
                                        (a->field.empty() ? "" : " in " + a->field) +
                                        " (see: evidence-cli scan STORE --all)");
                tx.commit();
                io.out << "Acknowledged " << done << (done == 1 ? " finding" : " findings") << " of " << label << ".\n";
                return kOk;
            }};
}

} // namespace evidence::cli
