#include "app/document_job.h"

#include "app/consultation_profile.h"
#include "app/part_file.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "export/builder.h"
#include "export/layout.h"
#include "export/workbook_writer.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace evidence::app {
namespace {

// Paragraphs of a text: separated by line breaks, blank ones dropped.
std::vector<std::string> paragraphsOf(std::string_view text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const auto line = text::trim(text.substr(start, end - start));
        if (!line.empty())
            out.emplace_back(line);
        start = end + 1;
    }
    return out;
}

// The summary's points: its lines, or, when it is one paragraph, its sentences (a full stop, question or
// exclamation mark followed by a space and a capital letter or a digit).
std::vector<std::string> summaryPoints(std::string_view summary)
{
    std::vector<std::string> lines = paragraphsOf(summary);
    for (auto& l : lines)
        if (l.size() > 2 && (l[0] == '-' || l[0] == '*') && l[1] == ' ')
            l = std::string(text::trim(std::string_view(l).substr(2)));
    if (lines.size() != 1)
        return lines;
    std::vector<std::string> sentences;
    const std::string& s = lines.front();
    std::size_t start = 0;
    for (std::size_t i = 0; i + 2 < s.size(); ++i)
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ' &&
            (std::isupper(static_cast<unsigned char>(s[i + 2])) ||
             std::isdigit(static_cast<unsigned char>(s[i + 2])))) {
            sentences.emplace_back(text::trim(std::string_view(s).substr(start, i + 1 - start)));
            start = i + 2;
        }
    sentences.emplace_back(text::trim(std::string_view(s).substr(start)));
    return sentences;
}

std::string upperFirst(std::string s)
{
    if (!s.empty())
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string plural(std::size_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string listAnd(const std::vector<std::string>& items)
{
    if (items.size() <= 1)
        return items.empty() ? std::string() : items.front();
    std::vector<std::string> head(items.begin(), items.end() - 1);
    return text::join(head, ", ") + " and " + items.back();
}

std::string caseStudyDetails(const xlsx::CaseStudyEntry& e)
{
    const CaseStudy& c = e.caseStudy;
    std::vector<std::string> parts;
    if (c.age)
        parts.push_back("aged " + std::to_string(*c.age));
    else if (!c.ageBand.empty())
        parts.push_back("aged " + c.ageBand);
    if (!c.gender.empty())
        parts.push_back(c.gender);
    if (!e.regionName.empty())
        parts.push_back(e.regionName);
    if (c.year)
        parts.push_back(std::to_string(*c.year));
    std::string out = upperFirst(text::join(parts, ", "));
    if (!c.harmTypes.empty())
        out += (out.empty() ? "" : ". ") + std::string("Types of harm: ") + text::join(c.harmTypes, "; ");
    if (!c.platformTypes.empty())
        out += (out.empty() ? "" : ". ") + std::string("Types of platform: ") + text::join(c.platformTypes, "; ");
    return out.empty() ? out : out + ".";
}

} // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> workbookReferences(const xlsx::WorkbookModel& model)
{
    xlsx::BuildResult built = xlsx::buildLayout(model, false, true);
    xlsx::settleRows(built.layout);
    const auto& sheets = built.layout.sheets;
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& r : model.responses)
        out.emplace_back(r.question.number, std::vector<std::string>{});
    const auto evidence = std::find_if(sheets.begin(), sheets.end(), [](const xlsx::Sheet& s) {
        return s.table && s.table->name == "Evidence_cited";
    });
    if (evidence == sheets.end())
        return out;
    for (const auto& row : evidence->table->rows) {
        if (row.size() < 3 || row[2].kind != xlsx::Cell::Kind::Link)
            continue; // "None", or a continuation row
        const auto& link = row[2].link();
        if (!link.sheet || *link.sheet >= sheets.size())
            continue;
        const xlsx::Sheet& target = sheets[*link.sheet];
        std::string where = target.name;
        if (link.row)
            where += ", row " + std::to_string(xlsx::sheetRowNumber(target, *link.row));
        // The link's own words say what the row holds, after the sheet's name ("Table 1: ...").
        std::string what = row[2].text;
        if (const auto colon = what.find(": "); colon != std::string::npos)
            what = what.substr(colon + 2);
        where += " (" + what + ")";
        for (auto& [number, refs] : out)
            if (number == row[0].text && std::find(refs.begin(), refs.end(), where) == refs.end())
                refs.push_back(where);
    }
    return out;
}

DocumentOptions documentOptionsFor(const ConsultationProfile& profile, RowId profileConsultationId,
                                   const Submission& submission, const std::string& confidentiality)
{
    DocumentOptions o;
    o.heading = profile.heading.empty() ? std::string() : profile.headingFor(submission.organisation);
    o.numberedParagraphs = profile.numberedParagraphs;
    o.summaryAsBullets = profile.summaryFirst;
    o.confidentiality = confidentiality;
    o.wordLimitPerAnswer = profile.wordLimitPerAnswer ? static_cast<std::size_t>(*profile.wordLimitPerAnswer) : 0;
    o.wordLimitTotal = profile.wordLimitTotal ? static_cast<std::size_t>(*profile.wordLimitTotal) : 0;
    o.extraPointsAllowed = profile.extraPointsAllowed;
    o.publication = profile.publication;
    if (profileConsultationId == submission.consultationId) {
        o.questionWordLimits = true;
        for (const auto& q : profile.questions)
            if (q.required || !profile.partialAnswersAllowed)
                o.requiredQuestions.push_back(q.number);
    } else {
        o.notes.push_back("The profile '" + profile.name + "' is for " + profile.title +
                          ", not the consultation this submission answers: its layout and limits are used, its "
                          "questions are not.");
    }
    return o;
}

ComposedDocument composeDocument(const xlsx::WorkbookModel& model, const DocumentOptions& options)
{
    ComposedDocument doc;
    doc.notes = options.notes;
    const Submission& sub = model.submission;
    DocumentContent& c = doc.content;
    c.author = sub.organisation;
    c.language = options.language.empty() ? std::string("en-GB") : options.language;
    // Dated as the workbook is: by the figures' as-at date, else the consultation's opening (the readiness
    // list blocks an export with neither).
    c.date = (text::trim(sub.asAt).empty() ? model.consultation.opens : sub.asAt).substr(0, 10);
    c.title = options.heading.empty() ? "Written evidence submitted by " + sub.organisation : options.heading;

    int number = 0;
    using Kind = DocumentBlock::Kind;
    auto add = [&](Kind kind, std::string text, std::string label = {}) {
        DocumentBlock b;
        b.kind = kind;
        b.text = std::move(text);
        b.label = std::move(label);
        if (kind == Kind::Numbered) {
            if (options.numberedParagraphs)
                b.number = ++number;
            else
                b.kind = Kind::Body;
        }
        c.blocks.push_back(std::move(b));
    };

    add(Kind::Title, c.title);
    if (!sub.title.empty())
        add(Kind::Body, sub.title);
    if (!model.consultation.title.empty())
        add(Kind::Body,
            model.consultation.title + (model.consultation.code.empty() ? "" : " (" + model.consultation.code + ")") +
                (model.consultation.publisher.empty() ? "" : ", " + model.consultation.publisher),
            "Consultation:");
    add(Kind::Body, sub.organisation, "Submitted by:");
    if (!text::trim(sub.asAt).empty()) // the opening date only dates the file: it is no date of the response
        add(Kind::Body, xlsx::readableDate(c.date), "Date:");
    if (!options.confidentiality.empty())
        add(Kind::Emphasis, options.confidentiality);

    if (!text::trim(sub.summary).empty()) {
        add(Kind::Heading, "Summary");
        for (auto& point : summaryPoints(sub.summary))
            add(options.summaryAsBullets ? Kind::Bullet : Kind::Body, std::move(point));
    }

    const std::string workbookName = xlsx::defaultFileName(model);
    const auto references = workbookReferences(model);
    if (!model.responses.empty()) {
        add(Kind::Heading, "Answers to the consultation questions");
        for (std::size_t ri = 0; ri < model.responses.size(); ++ri) {
            const auto& r = model.responses[ri];
            add(Kind::Subheading, "Question " + r.question.number);
            add(Kind::Body, r.question.text, "Question:");
            if (!r.answer.choice.empty()) {
                auto choices = text::splitList(r.answer.choice);
                for (auto& ch : choices)
                    ch = upperFirst(ch);
                add(Kind::Body, text::join(choices, "; "), "Our answer:");
            }
            for (auto& p : paragraphsOf(r.answer.text))
                add(Kind::Numbered, std::move(p));
            const std::size_t words = countWords(r.answer.text);
            const std::size_t limit = options.questionWordLimits && r.question.wordLimit
                                          ? static_cast<std::size_t>(*r.question.wordLimit)
                                          : options.wordLimitPerAnswer;
            doc.answers.push_back({r.question.number, words, limit});
            if (limit && words > limit)
                doc.overLimits.push_back("The answer to question " + r.question.number + " has " +
                                         plural(words, "word", "words") + ", over the limit of " +
                                         std::to_string(limit) + ".");
            const auto& refs = references.at(ri).second;
            if (!refs.empty()) {
                const std::string sentence =
                    "see " + listAnd(refs) + " of the accompanying workbook (" + workbookName + ").";
                add(Kind::Body, sentence, "Evidence:");
                doc.references.emplace_back(r.question.number, sentence);
            }
        }
    }

    {
        std::vector<std::string> unanswered;
        for (const auto& required : options.requiredQuestions)
            if (std::none_of(model.responses.begin(), model.responses.end(), [&](const xlsx::ResponseEntry& r) {
                    return r.question.number == required &&
                           (!text::trim(r.answer.text).empty() || !text::trim(r.answer.choice).empty());
                }))
                unanswered.push_back(required);
        if (!unanswered.empty())
            doc.notes.push_back("The consultation asks for an answer to question" +
                                std::string(unanswered.size() == 1 ? " " : "s ") + listAnd(unanswered) +
                                ", not answered.");
    }
    if (!options.additionalPoints.empty() && !options.extraPointsAllowed)
        doc.notes.push_back("The consultation accepts no points outside its questions: the " +
                            plural(options.additionalPoints.size(), "additional point was", "additional points were") +
                            " left out of the document.");
    if (options.publication == Publication::Published && !options.confidentiality.empty())
        doc.notes.push_back("The consultation publishes every response it accepts: the confidentiality statement "
                            "may not keep this one from being published.");
    else if (options.publication == Publication::PublishedUnlessConfidential && options.confidentiality.empty())
        doc.notes.push_back("The consultation publishes responses unless they ask for confidentiality in their text; "
                            "this one does not ask.");
    if (!options.additionalPoints.empty() && options.extraPointsAllowed) {
        add(Kind::Heading, "Additional points");
        for (const auto& point : options.additionalPoints)
            for (auto& p : paragraphsOf(point))
                add(Kind::Numbered, std::move(p));
    }

    if (!text::trim(sub.caveats).empty()) {
        add(Kind::Heading, "About the evidence");
        for (auto& p : paragraphsOf(sub.caveats))
            add(Kind::Numbered, std::move(p));
    }

    std::vector<const xlsx::CaseStudyEntry*> cases;
    if (options.caseStudies.empty()) {
        for (const auto& e : model.caseStudies)
            cases.push_back(&e);
    } else {
        std::vector<std::string> unknown;
        for (const auto& ref : options.caseStudies) {
            const auto it = std::find_if(model.caseStudies.begin(), model.caseStudies.end(),
                                         [&](const auto& e) { return e.caseStudy.reference == ref; });
            if (it == model.caseStudies.end())
                unknown.push_back("case study " + ref +
                                  " is not selected for the submission: select it for the submission first, or "
                                  "leave it out of the document");
            else if (std::find(cases.begin(), cases.end(), &*it) == cases.end())
                cases.push_back(&*it);
        }
        if (!unknown.empty())
            throw DataError(unknown);
        std::sort(cases.begin(), cases.end(),
                  [](const auto* a, const auto* b) { return a->caseStudy.reference < b->caseStudy.reference; });
    }
    if (!cases.empty()) {
        add(Kind::Heading, "Case studies");
        add(Kind::Body, "Names marked * have been changed to protect identities. Places are given no more precisely "
                        "than the region.");
        for (const auto* e : cases) {
            const CaseStudy& cs = e->caseStudy;
            add(Kind::Subheading, "Case study " + cs.reference + (cs.title.empty() ? "" : ": " + cs.title));
            if (const std::string details = caseStudyDetails(*e); !details.empty())
                add(Kind::Body, details);
            for (auto& p : paragraphsOf(cs.narrative))
                add(Kind::Numbered, std::move(p));
            if (!text::trim(cs.outcome).empty())
                add(Kind::Numbered, std::string(text::trim(cs.outcome)), "Outcome or support:");
            if (cs.basis == CaseStudyBasis::PublishedAccount) {
                std::vector<std::string> cite;
                for (const auto* part : {&cs.citation.publisher, &cs.citation.title})
                    if (!part->empty())
                        cite.push_back(*part);
                if (!cs.citation.date.empty())
                    cite.push_back(xlsx::readableDate(cs.citation.date));
                add(Kind::Body,
                    "retold from a published account" + (cite.empty() ? "" : ": " + text::join(cite, ", ")) + ".",
                    "Source:");
            }
        }
    }

    add(Kind::Heading, "The accompanying workbook");
    add(Kind::Body, "The figures, case studies, sources and methodology behind this response are set out in the "
                    "accompanying workbook, " +
                        workbookName + ". Table and row numbers above refer to it.");

    for (const auto& b : c.blocks)
        doc.totalWords += countWords(b.label) + countWords(b.text);
    if (options.wordLimitTotal && doc.totalWords > options.wordLimitTotal)
        doc.overLimits.push_back("The document has " + plural(doc.totalWords, "word", "words") +
                                 ", over the limit of " + std::to_string(options.wordLimitTotal) + ".");
    return doc;
}

DocumentReport exportDocument(db::Store& store, const std::filesystem::path& target, const DocumentOptions& options,
                              const ExportOptions& gate)
{
    DocumentReport report;
    report.file = target;
    if (target.empty())
        throw FileError("no file name was given for the document");
    const DocumentFormat format = documentFormatOf(target);
    std::error_code ec;
    if (std::filesystem::is_directory(target, ec))
        throw FileError(platform::utf8(target) + " is a folder: give a file name ending in .docx or .odt");

    xlsx::WorkbookModel model;
    ReadinessFacts facts;
    DocumentOptions withPoints = options;
    {
        const db::Store::ReadSnapshot snapshot(store);
        model = buildWorkbookModel(store, gate.submissionId, gate.toolVersion);
        facts = readReadinessFacts(store, model);
        withPoints.additionalPoints.clear();
        for (auto& p : store.additionalPoints(model.submission.id))
            withPoints.additionalPoints.push_back(std::move(p.text));
    }
    // The workbook's gate, whole: the document holds the answers and case studies the workbook does.
    GateResult verdict = checkExportGate(model, facts, gate);
    report.overrides = verdict.overrides;
    if (!verdict.refusals.empty()) {
        report.reasons = std::move(verdict.refusals);
        return report;
    }
    const ComposedDocument doc = composeDocument(model, withPoints);
    report.answers = doc.answers;
    report.totalWords = doc.totalWords;
    report.overLimits = doc.overLimits;
    report.notes = doc.notes;
    if (gate.cancel && gate.cancel->load()) {
        report.status = ExportStatus::Cancelled;
        return report;
    }

    PartFile part(target, renderDocument(doc.content, format));
    if (gate.postWriteScan) {
        auto reasons = gate.postWriteScan({})(part.path(), nullptr);
        if (!reasons.empty()) {
            report.reasons = std::move(reasons);
            return report;
        }
    }
    if (verdict.overrides.empty()) {
        part.renameTo(target);
    } else {
        db::Store::Transaction tx(store);
        recordOverrideEvent(store, model, platform::utf8(target), verdict.overrides);
        part.renameTo(target);
        tx.commit();
    }
    report.status = ExportStatus::Written;
    report.bytes = std::filesystem::file_size(target, ec);
    return report;
}

} // namespace evidence::app
