// document: write the submission as a response document (.docx or .odt) to send with the workbook.

#include "app/consultation_profile.h"
#include "app/document_job.h"
#include "app/export_job.h"
#include "app/lookup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/platform.h"

#include <memory>

namespace evidence::cli {

Command addDocumentCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, out, profile, heading, confidential;
        RowId submission = 0;
        std::size_t wordLimit = 0, totalWordLimit = 0;
        std::vector<std::string> caseStudies;
        bool noNumbers = false, summaryText = false, allowUnreviewed = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand(
        "document", "Write the response document (.docx or .odt): heading, organisation, date, summary, the answers "
                    "question by question in numbered paragraphs with the workbook rows they cite, additional "
                    "points and case studies, with word counts. Refused (exit code 2, one reason a line) exactly "
                    "when `export` refuses the workbook. --profile lays it out as a consultation's profile asks; "
                    "the other options override the profile");
    sub->add_option("STORE", a->store, "The store")->required();
    sub->add_option("OUT", a->out,
                    "The document to write, ending in .docx (Word) or .odt (OpenDocument Text); replaced only when "
                    "the new file is complete and has passed the anonymisation guard")
        ->required();
    sub->add_option("--submission", a->submission, "The submission (its id; default: the only one)");
    sub->add_option("--profile", a->profile,
                    "A consultation profile loaded into the store (see: profile list), e.g. "
                    "commons-select-committee-written-evidence: its heading, numbered paragraphs, bullet-point "
                    "summary, word limits, required questions, whether extra points are accepted and whether "
                    "responses are published")
        ->type_name("NAME");
    sub->add_option("--heading", a->heading,
                    "The document's heading (default: \"Written evidence submitted by\" and the organisation)")
        ->type_name("TEXT");
    sub->add_option("--confidential", a->confidential,
                    "A confidentiality statement to print under the heading, e.g. \"This response is confidential: "
                    "please do not publish it.\" (default: none, and the response may be published)")
        ->type_name("TEXT");
    sub->add_flag("--no-paragraph-numbers", a->noNumbers, "Do not number the paragraphs");
    sub->add_flag("--summary-as-paragraphs", a->summaryText,
                  "Write the summary as paragraphs instead of bullet points");
    auto* wordLimit = sub->add_option("--word-limit", a->wordLimit,
                                      "Words each answer may have; longer answers are reported (default: no limit)")
                          ->type_name("N");
    auto* totalWordLimit =
        sub->add_option("--total-word-limit", a->totalWordLimit,
                        "Words the whole document may have, e.g. 3000 for a Commons select committee; reported when "
                        "over (default: no limit)")
            ->type_name("N");
    sub->add_option("--case-study", a->caseStudies,
                    "A case study to include, by reference (repeat for several; default: every case study selected "
                    "for the submission)")
        ->type_name("REF");
    sub->add_flag("--allow-unreviewed", a->allowUnreviewed,
                  "As `export --allow-unreviewed`: admit selected drafts that have no BLOCK finding (recorded)");
    return {sub, [=] {
                auto opened = openForWriting(a->store);
                auto& store = opened.store;
                app::DocumentOptions options;
                if (!a->profile.empty()) {
                    const auto chosen = app::findStoredProfile(store, a->profile);
                    options = app::documentOptionsFor(chosen.profile, chosen.consultationId,
                                                      app::findSubmission(store, a->submission), a->confidential);
                    io.out << "Profile: " << chosen.profile.name << '\n';
                }
                if (!a->heading.empty())
                    options.heading = a->heading;
                if (!a->confidential.empty())
                    options.confidentiality = a->confidential;
                if (a->noNumbers)
                    options.numberedParagraphs = false;
                if (a->summaryText)
                    options.summaryAsBullets = false;
                if (wordLimit->count())
                    options.wordLimitPerAnswer = a->wordLimit;
                if (totalWordLimit->count())
                    options.wordLimitTotal = a->totalWordLimit;
                options.caseStudies = a->caseStudies;
                app::ExportOptions gate;
                gate.submissionId = a->submission;
                gate.allowUnreviewed = a->allowUnreviewed;
                app::useStoreScanner(store, gate);
                const auto report = app::exportDocument(store, platform::pathFromUtf8(a->out), options, gate);
                switch (report.status) {
                case app::ExportStatus::Written:
                    io.out << "Wrote " << platform::utf8(report.file) << " (" << report.bytes << " bytes).\n";
                    for (const auto& o : report.overrides)
                        io.out << "Override: " << o << '\n';
                    for (const auto& w : report.answers)
                        io.out << "Question " << w.questionNumber << ": " << w.words
                               << (w.words == 1 ? " word" : " words")
                               << (w.limit ? " (limit " + std::to_string(w.limit) + ")" : std::string()) << '\n';
                    io.out << "Whole document: " << report.totalWords << " words"
                           << (options.wordLimitTotal ? " (limit " + std::to_string(options.wordLimitTotal) + ")"
                                                      : std::string())
                           << '\n';
                    for (const auto& over : report.overLimits)
                        io.err << "Over the limit: " << over << '\n';
                    for (const auto& note : report.notes)
                        io.out << "Note: " << note << '\n';
                    return kOk;
                case app::ExportStatus::Refused:
                    io.err << "evidence-cli document: refused; nothing was written. Reasons:\n";
                    for (const auto& r : report.reasons)
                        io.err << r << '\n';
                    return kBadData;
                case app::ExportStatus::Cancelled:
                    io.err << "evidence-cli document: cancelled; nothing was written.\n";
                    return kBadData;
                }
                return kBadData;
            }};
}

} // namespace evidence::cli
