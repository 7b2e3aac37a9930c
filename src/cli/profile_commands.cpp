// profile: consultation profiles (import, list, show), correcting a question's wording, the length of each
// answer against its limits, and an answer as plain text for an online form.

#include "app/consultation_profile.h"
#include "app/lookup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/writable_store.h"
#include "core/errors.h"
#include "core/text.h"

#include <memory>
#include <optional>

namespace evidence::cli {
namespace {

/// The consultation a person names by id, code or title; by default the one the submission answers.
Consultation findConsultation(const db::Store& store, const std::string& given, RowId submissionId = 0)
{
    if (given.empty())
        return *store.consultation(app::findSubmission(store, submissionId).consultationId);
    const auto all = store.consultations();
    for (const auto& c : all)
        if (std::to_string(c.id) == given || (!c.code.empty() && text::iequals(c.code, given)) ||
            text::iequals(c.title, given))
            return c;
    std::string names;
    for (const auto& c : all)
        names += "\n  " + std::to_string(c.id) + "  " + (c.code.empty() ? "" : c.code + "  ") + c.title;
    throw NotFoundError("there is no consultation '" + given + "' in the store; it holds:" + names);
}

std::string yesNo(bool b)
{
    return b ? "yes" : "no";
}

std::string orNone(const std::optional<int>& v, const std::string& unit)
{
    return v ? std::to_string(*v) + unit : "none";
}

void printProfile(std::ostream& out, const ConsultationProfile& p)
{
    out << "Profile:            " << p.name << '\n'
        << "Consultation:       " << (p.code.empty() ? "" : p.code + " ") << p.title << '\n'
        << "Publisher:          " << p.publisher << '\n';
    if (!p.url.empty())
        out << "Address:            " << p.url << '\n';
    out << "Opens:              " << (p.opens.empty() ? "not set" : p.opens) << '\n'
        << "Closes:             "
        << (p.closesDate.empty()
                ? "not set"
                : p.closesDate + (p.closesTime.empty() ? "" : " at " + p.closesTime + " " + p.timeZone))
        << '\n'
        << "Channels:           " << text::join(p.channels, ", ") << '\n';
    if (!p.fileFormats.empty())
        out << "File formats:       " << text::join(p.fileFormats, ", ")
            << (p.maxFileMegabytes ? ", under " + std::to_string(*p.maxFileMegabytes) + " MB" : "") << '\n';
    out << "Words in total:     " << orNone(p.wordLimitTotal, " at most") << '\n'
        << "Words per answer:   " << orNone(p.wordLimitPerAnswer, " at most") << '\n'
        << "Partial answers:    " << (p.partialAnswersAllowed ? "accepted" : "not accepted") << '\n'
        << "Extra points:       " << (p.extraPointsAllowed ? "accepted" : "not accepted") << '\n'
        << "Responses:          " << publicationCode(p.publication) << '\n';
    if (!p.confidentialityNote.empty())
        out << "Confidentiality:    " << p.confidentialityNote << '\n';
    if (!p.heading.empty())
        out << "Heading:            " << p.heading << '\n';
    out << "Summary first:      " << yesNo(p.summaryFirst) << '\n'
        << "Numbered paragraphs: " << yesNo(p.numberedParagraphs) << '\n'
        << "Wording checked:    " << (p.wordingChecked ? "yes" : "NO") << '\n';
    if (!p.wordingNote.empty())
        out << "                    " << p.wordingNote << '\n';
    out << "Questions:          " << p.questions.size() << '\n';
    for (const auto& q : p.questions) {
        out << "  " << q.number << "\t[" << answerTypeCode(q.answerType) << (q.required ? ", required" : "");
        if (const auto limit = q.wordLimit ? q.wordLimit : p.wordLimitPerAnswer)
            out << ", " << *limit << " words";
        if (q.formCharLimit)
            out << ", form " << *q.formCharLimit << " characters";
        out << "]\t" << q.text;
        if (!q.choices.empty())
            out << " (choices: " << text::join(q.choices, "; ") << ")";
        out << '\n';
    }
}

} // namespace

Command addProfileCommand(CLI::App& app, Io io)
{
    struct Args
    {
        std::string store, file, consultation, number, wording;
        RowId submission = 0;
        bool noSubmission = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("profile", "Consultation profiles: the questions and the rules of the channel a "
                                              "response goes through (deadline, word limits, document layout)");
    sub->require_subcommand(1);

    auto* import = sub->add_subcommand(
        "import", "Load a profile (a .toml file, or the name of a shipped one) into the store and its submission, "
                  "in one audited write; nothing changes when the file has a problem");
    import->add_option("STORE", a->store, "The store")->required();
    import->add_option("FILE", a->file, "The profile's file, or a shipped profile's name (see: profile list)")
        ->required();
    import->add_option("--submission", a->submission, "The submission to answer it (its id; default: the only one)");
    import->add_flag("--no-submission", a->noSubmission, "Only add the consultation; leave the submission as it is");

    auto* list = sub->add_subcommand("list", "The shipped profiles and the consultations in the store");
    list->add_option("STORE", a->store, "The store")->required();

    auto* show = sub->add_subcommand("show", "A consultation's profile: its rules and questions with their limits");
    show->add_option("STORE", a->store, "The store")->required();
    show->add_option("CONSULTATION", a->consultation, "Its id, code or title (default: the submission's)");

    auto* setQuestion = sub->add_subcommand(
        "set-question", "Correct the wording of one question (an audited edit), e.g. after checking it against the "
                        "published text");
    setQuestion->add_option("STORE", a->store, "The store")->required();
    setQuestion->add_option("NUMBER", a->number, "The question's number, e.g. 14b")->required();
    setQuestion->add_option("TEXT", a->wording, "Its wording, in quotes")->required();
    setQuestion->add_option("--consultation", a->consultation, "Its id, code or title (default: the submission's)");

    auto* words = sub->add_subcommand("words", "Words in each answer and in total, against the profile's limits");
    words->add_option("STORE", a->store, "The store")->required();
    words->add_option("--submission", a->submission, "The submission (its id; default: the only one)");

    auto* copy = sub->add_subcommand(
        "copy", "One answer as plain text for pasting into an online form; its length against the form's limit "
                "goes to standard error, so that standard output is the text alone");
    copy->add_option("STORE", a->store, "The store")->required();
    copy->add_option("NUMBER", a->number, "The question's number, e.g. 7a")->required();
    copy->add_option("--submission", a->submission, "The submission (its id; default: the only one)");

    return {sub, [=] {
                if (import->parsed()) {
                    const auto profile = app::loadProfile(a->file); // read and checked before the store opens
                    auto w = openForWriting(a->store);
                    std::optional<RowId> submission;
                    if (!a->noSubmission && !w.store.submissions().empty())
                        submission = app::findSubmission(w.store, a->submission).id;
                    const auto r = app::importProfile(w.store, profile, submission);
                    io.out << "Profile '" << profile.name << "' loaded: consultation "
                           << (r.consultationCreated ? "added" : "updated") << ", "
                           << text::counted(r.questionsAdded, "question", "questions") << " added, "
                           << r.questionsChanged << " changed.\n";
                    if (!r.questionsNotInProfile.empty())
                        io.out << "Kept, though the profile does not list "
                               << (r.questionsNotInProfile.size() == 1 ? "it: question " : "them: questions ")
                               << text::join(r.questionsNotInProfile, ", ") << ".\n";
                    if (r.submissionSwitched)
                        io.out << "Submission " << *submission << " now answers " << profile.title << ".\n";
                    if (!profile.wordingChecked)
                        io.out << "The questions' wording has not been checked against the published text: "
                                  "correct it with: evidence-cli profile set-question STORE NUMBER \"TEXT\"\n";
                    return kOk;
                }
                if (list->parsed()) {
                    const auto store = openForReading(a->store);
                    io.out << "Shipped profiles (import by name):\n";
                    for (const auto& s : app::shippedProfiles())
                        io.out << "  " << s.name << '\n';
                    io.out << "Consultations in the store:\n";
                    for (const auto& c : store.consultations()) {
                        const auto p = store.consultationProfile(c.id);
                        io.out << "  " << c.id << '\t' << (c.code.empty() ? "-" : c.code) << '\t' << c.title << '\t'
                               << (p ? "profile " + p->name : "no profile") << '\n';
                    }
                    return kOk;
                }
                if (show->parsed()) {
                    const auto store = openForReading(a->store);
                    const auto c = findConsultation(store, a->consultation);
                    const auto p = store.consultationProfile(c.id);
                    if (!p)
                        throw NotFoundError("consultation '" + c.title +
                                            "' has no profile yet: import one with evidence-cli profile import");
                    printProfile(io.out, *p);
                    return kOk;
                }
                if (setQuestion->parsed()) {
                    auto w = openForWriting(a->store);
                    const auto c = findConsultation(w.store, a->consultation);
                    app::setQuestionText(w.store, c.id, a->number, a->wording);
                    io.out << "Question " << a->number << " of " << c.title
                           << " now reads: " << w.store.questionByNumber(c.id, a->number)->text << '\n';
                    return kOk;
                }
                if (words->parsed()) {
                    const auto store = openForReading(a->store);
                    const auto s = app::findSubmission(store, a->submission);
                    const auto r = app::measureResponse(store, s.id);
                    io.out << "Summary\t" << app::describeWords(r.summaryWords, std::nullopt) << '\n';
                    for (const auto& l : r.answers)
                        io.out << "Question " << l.number << '\t' << app::describeWords(l.words, l.wordLimit) << '\t'
                               << app::describeCharacters(l.characters, l.formCharLimit) << '\n';
                    io.out << "Additional points\t" << app::describeWords(r.pointWords, std::nullopt) << '\n';
                    io.out << "Total\t" << app::describeWords(r.totalWords, r.totalLimit) << '\n';
                    return kOk;
                }
                const auto store = openForReading(a->store);
                const auto s = app::findSubmission(store, a->submission);
                const auto q = store.questionByNumber(s.consultationId, a->number);
                if (!q)
                    throw NotFoundError("there is no question " + a->number + " in this submission's consultation");
                const auto answer = store.answer(s.id, q->id);
                const std::string plain = app::plainTextForForm(answer ? answer->text : "");
                io.out << plain << '\n';
                io.err << "Question " << q->number << ": "
                       << app::describeCharacters(app::countCharacters(plain), q->formCharLimit) << ", "
                       << app::describeWords(app::countWords(plain), std::nullopt) << ".\n";
                return kOk;
            }};
}

} // namespace evidence::cli
