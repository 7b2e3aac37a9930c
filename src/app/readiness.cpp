#include "app/readiness.h"

#include "app/consultation_profile.h"
#include "app/export_job.h"
#include "core/errors.h"
#include "core/text.h"
#include "core/trends/distribution.h"
#include "export/suppression.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

namespace evidence::app {

bool ReadinessList::blocked() const noexcept
{
    return blockingCount() > 0;
}

std::size_t ReadinessList::blockingCount() const noexcept
{
    return static_cast<std::size_t>(
        std::count_if(items.begin(), items.end(), [](const ReadinessItem& i) { return i.blocking; }));
}

std::vector<std::string> ReadinessList::refusals() const
{
    std::vector<std::string> out;
    for (const auto& i : items)
        if (i.blocking)
            out.push_back(i.text);
    return out;
}

std::vector<std::string> ReadinessList::overrides() const
{
    std::vector<std::string> out;
    for (const auto& n : overrideNotes)
        if (!n.empty())
            out.push_back(n);
    return out;
}

namespace {

/// The prefix of a reference such as "CS-004" ("CS-"), or empty when it does not end in digits.
std::string referencePrefix(const std::string& reference)
{
    std::size_t end = reference.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(reference[end - 1])))
        --end;
    if (end == reference.size() || end == 0)
        return {};
    return reference.substr(0, end);
}

/// The case-study references named in @p text: a known prefix followed by digits, standing as a word.
std::vector<std::string> namedReferences(const std::string& text, const std::vector<std::string>& prefixes)
{
    std::vector<std::string> out;
    for (const auto& prefix : prefixes) {
        for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
            if (at > 0 && std::isalnum(static_cast<unsigned char>(text[at - 1])))
                continue;
            std::size_t end = at + prefix.size();
            while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
                ++end;
            if (end == at + prefix.size() || (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))))
                continue;
            std::string ref = text.substr(at, end - at);
            if (std::find(out.begin(), out.end(), ref) == out.end())
                out.push_back(std::move(ref));
        }
    }
    return out;
}

ReadinessItem item(bool blocking, std::string where, std::string text, ReadinessPlace place = {})
{
    ReadinessItem i;
    i.blocking = blocking;
    i.where = std::move(where);
    i.text = std::move(text);
    i.place = std::move(place);
    return i;
}

ReadinessItem findingItem(bool blocking, std::string where, std::string text, const GateFinding& f)
{
    ReadinessItem i = item(blocking, std::move(where), std::move(text));
    if (f.detail) {
        const auto& [field, finding] = *f.detail;
        i.place.table = field.recordTable;
        i.place.id = f.openId ? f.openId : field.recordId;
        i.place.field = std::string(anon::fieldCode(field.field));
        i.place.begin = finding.byteBegin;
        i.place.end = finding.byteEnd;
        i.where = field.recordLabel + ", " + field.fieldLabel;
        i.finding = f.detail;
    }
    return i;
}

void submissionItems(const xlsx::WorkbookModel& model, std::vector<ReadinessItem>& items)
{
    const Submission& s = model.submission;
    const ReadinessPlace place{"submissions", s.id, "", 0, 0};
    if (text::trim(s.organisation).empty())
        items.push_back(item(true, "Submission",
                             "The submission has no organisation: the workbook's author is the organisation "
                             "(never a person). Enter it in Submission.",
                             place));
    // Without one the workbook still needs a date of its own: the consultation's opening date, when known,
    // dates the file, but the cover cannot say when the figures were taken.
    if (text::trim(s.asAt).empty())
        items.push_back(item(text::trim(model.consultation.opens).empty(), "Submission",
                             "The submission has no as-at date: the workbook records when its figures were "
                             "taken. Enter it in Submission.",
                             place));
    if (text::trim(s.contactEmail).empty())
        items.push_back(item(false, "Submission",
                             "The submission has no organisational email: the cover gives reviewers no address "
                             "to ask about the evidence. Enter one in Submission (a team's address, not a "
                             "person's).",
                             place));
}

void caseStudyItems(const xlsx::WorkbookModel& model, bool allowUnreviewed, const std::vector<GateFinding>& findings,
                    ReadinessList& list)
{
    list.overrideNotes.assign(model.caseStudies.size(), std::string());
    for (std::size_t ci = 0; ci < model.caseStudies.size(); ++ci) {
        const CaseStudy& cs = model.caseStudies[ci].caseStudy;
        const std::string who = "Case study " + cs.reference;
        const ReadinessPlace place{"case_studies", cs.id, "", 0, 0};
        std::vector<const GateFinding*> blocks, warns;
        for (const auto& f : findings)
            if (f.caseStudyReference == cs.reference)
                (f.blocking ? blocks : warns).push_back(&f);
        for (const auto* b : blocks)
            list.items.push_back(findingItem(true, who,
                                             who + " has an identifying detail that blocks any export (" +
                                                 b->description + "): change the text; no option admits it.",
                                             *b));
        const bool draft = cs.review != ReviewState::Reviewed;
        if (draft && !allowUnreviewed)
            list.items.push_back(item(true, who,
                                      who + " is selected for the submission but has not been reviewed: review it, "
                                            "remove it from the submission, or export with --allow-unreviewed.",
                                      place));
        if (draft && allowUnreviewed) {
            if (blocks.empty()) {
                std::string note = who + " had not been reviewed when this workbook was exported; it is included "
                                         "because the export used the allow-unreviewed override.";
                std::vector<std::string> described;
                for (const auto* w : warns)
                    described.push_back(w->description);
                if (!described.empty())
                    note += " Its anonymisation scan reported details that nobody has acknowledged: " +
                            text::join(described, "; ") + ".";
                list.overrideNotes[ci] = note;
            }
        } else {
            for (const auto* w : warns)
                list.items.push_back(findingItem(true, who,
                                                 who + " has an anonymisation finding that nobody has acknowledged (" +
                                                     w->description +
                                                     "): acknowledge it with a reason, or change the text.",
                                                 *w));
        }
        // A child's account is personal data, disclosed only with consent (UK Data Service; IPSO clause 6 for
        // under-16s). An account retold from a published one rests on its citation instead, which the store
        // requires for that basis: so a case study told to the charity whose consent is unknown or refused
        // has no basis to be published, and stops the export until consent is recorded or its basis corrected.
        if (cs.basis == CaseStudyBasis::Consent && cs.consent != Consent::Obtained)
            list.items.push_back(item(
                true, who,
                who + (cs.consent == Consent::NotObtained
                           ? " was not given consent: remove it from the submission."
                           : " has no consent recorded (consent is \"unknown\"): record the consent given, or, if it "
                             "is retold from a published account, record it as one with its citation."),
                ReadinessPlace{"case_studies", cs.id, "case_study.consent", 0, 0}));
    }
    for (const auto& f : findings) {
        if (!f.caseStudyReference.empty() &&
            std::any_of(model.caseStudies.begin(), model.caseStudies.end(),
                        [&](const auto& e) { return e.caseStudy.reference == f.caseStudyReference; }))
            continue;
        list.items.push_back(findingItem(true, "Text",
                                         f.blocking
                                             ? "Identifying detail that blocks any export: " + f.description + "."
                                             : "Anonymisation finding that nobody has acknowledged: " + f.description +
                                                   ": acknowledge it with a reason, or change the text.",
                                         f));
    }
}

void answerItems(const xlsx::WorkbookModel& model, const ReadinessFacts& facts, std::vector<ReadinessItem>& items)
{
    std::set<RowId> included, measures;
    std::set<std::string> includedReferences;
    for (const auto& e : model.caseStudies) {
        included.insert(e.caseStudy.id);
        includedReferences.insert(e.caseStudy.reference);
    }
    for (const auto& sec : model.measures)
        measures.insert(sec.measure.id);
    for (const auto& r : model.responses) {
        const std::string where = "Answer to question " + r.question.number;
        const ReadinessPlace place{"answers", r.question.id, "", 0, 0};
        for (RowId id : r.answer.citedCaseStudies)
            if (!included.count(id))
                items.push_back(item(true, where,
                                     "The answer to question " + r.question.number +
                                         " cites a case study that is not selected for the submission: select it or "
                                         "remove the citation.",
                                     place));
        for (RowId id : r.answer.citedMeasures)
            if (!measures.count(id))
                items.push_back(item(true, where,
                                     "The answer to question " + r.question.number +
                                         " cites figures that are not in the workbook (a measure that is not "
                                         "selected or has no observations): select it or remove the citation.",
                                     place));
        for (const auto& ref : namedReferences(r.answer.text, facts.referencePrefixes)) {
            if (includedReferences.count(ref))
                continue;
            items.push_back(item(true, where,
                                 "The answer to question " + r.question.number + " names case study " + ref +
                                     (facts.caseStudyReferences.count(ref)
                                          ? ", which is not selected for the submission: select it or change the "
                                            "answer."
                                          : ", which is not in the store (it was deleted or renamed): change the "
                                            "answer."),
                                 place));
        }
    }
}

/// Characters (code points) in @p s, for positions a user can find in an editor.
std::size_t characters(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool wordByte(unsigned char c)
{
    return std::isalnum(c) || c == '_';
}

/// The word (letters only, lower case) that ends just before @p at, skipping spaces.
std::string wordBefore(std::string_view text, std::size_t at)
{
    std::size_t end = at;
    while (end > 0 && text[end - 1] == ' ')
        --end;
    std::size_t begin = end;
    while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1])))
        --begin;
    return text::toLowerAscii(std::string(text.substr(begin, end - begin)));
}

/// The next @p n words (letters only, lower case) from @p at.
std::string wordsAfter(std::string_view text, std::size_t at, int n)
{
    std::string out;
    for (int w = 0; w < n; ++w) {
        while (at < text.size() && text[at] == ' ')
            ++at;
        const std::size_t begin = at;
        while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at])))
            ++at;
        if (at == begin)
            break;
        out += (out.empty() ? "" : " ") + text::toLowerAscii(std::string(text.substr(begin, at - begin)));
    }
    return out;
}

/// The texts typed into the store that the workbook shows, each with where it is.
struct TypedText
{
    std::string where; ///< e.g. "Case study CS-004"
    std::string field; ///< e.g. "account"
    std::string_view text;
    ReadinessPlace place;
};

std::vector<TypedText> typedTexts(const xlsx::WorkbookModel& model, const ReadinessFacts& facts)
{
    std::vector<TypedText> out;
    const Submission& s = model.submission;
    auto submission = [&](const std::string& field, const std::string& code, const std::string& t) {
        out.push_back({"Submission", field, t, ReadinessPlace{"submissions", s.id, code, 0, 0}});
    };
    submission("title", "submission.title", s.title);
    submission("summary", "submission.summary", s.summary);
    submission("caveats", "submission.caveats", s.caveats);
    submission("organisation", "submission.organisation", s.organisation);
    submission("contact role", "submission.contact_role", s.contactRole);
    for (const auto& r : model.responses)
        out.push_back({"Answer to question " + r.question.number, "answer", r.answer.text,
                       ReadinessPlace{"answers", r.question.id, "answer.text", 0, 0}});
    for (const auto& e : model.caseStudies) {
        const CaseStudy& c = e.caseStudy;
        auto field = [&](const std::string& name, const std::string& code, const std::string& t) {
            out.push_back({"Case study " + c.reference, name, t, ReadinessPlace{"case_studies", c.id, code, 0, 0}});
        };
        field("title", "case_study.title", c.title);
        field("account", "case_study.narrative", c.narrative);
        field("outcome", "case_study.outcome", c.outcome);
    }
    for (const auto& sec : model.measures) {
        const std::string where = "Measure '" + sec.measure.name + "'";
        const ReadinessPlace place{"measures", sec.measure.id, "", 0, 0};
        // The cover, the contents, every table's title and the notes quote these.
        out.push_back({where, "name", sec.measure.name, place});
        out.push_back({where, "definition", sec.measure.definition, place});
        out.push_back({where, "population", sec.measure.population, place});
        std::map<RowId, std::string> areaNames;
        for (const auto& a : sec.series)
            areaNames.emplace(a.area.id, a.area.name);
        // The note of a figure suppression hides is not shown: it goes with its figure.
        for (const auto& o : sec.observations)
            if (!o.note.empty() && !facts.suppressedFigures.count({sec.measure.id, o.areaId, o.period.sortKey()})) {
                const auto name = areaNames.find(o.areaId);
                out.push_back({where,
                               "note of the figure for " + (name == areaNames.end() ? "an area" : name->second) +
                                   " in " + o.period.toString(),
                               o.note, place});
            }
        for (const auto& d : sec.distributions)
            for (const auto* list : {&d.distribution.categories, &d.distribution.notRecordedCategories})
                for (const auto& c : *list)
                    if (!c.note.empty())
                        out.push_back({where,
                                       "note of the figure for " + c.category + " in the breakdown by " +
                                           d.distribution.dimension + " for " + d.area.name + " in " +
                                           d.distribution.period.toString(),
                                       c.note, place});
    }
    for (const auto& src : model.sources) {
        const ReadinessPlace place{"sources", src.id, "", 0, 0};
        for (const auto& [field, text] : {std::pair<const char*, const std::string*>{"title", &src.title},
                                          {"publisher", &src.publisher},
                                          {"method", &src.method},
                                          {"licence", &src.licence},
                                          {"quality notes", &src.qualityNotes}})
            out.push_back({"Source '" + src.title + "'", field, *text, place});
    }
    return out;
}

// Suppression is total: a count the tables show as [c] must not be readable in an account, an answer or a
// note either. The text is not quoted (the list ends up in logs and screenshots), only where it is.
void suppressedCountItems(const xlsx::WorkbookModel& model, const ReadinessFacts& facts,
                          std::vector<ReadinessItem>& items)
{
    if (facts.suppressBelow <= 0 || facts.suppressedCounts.empty())
        return;
    for (const TypedText& t : typedTexts(model, facts)) {
        for (const NumberInText& n : countsInText(t.text)) {
            if (!std::binary_search(facts.suppressedCounts.begin(), facts.suppressedCounts.end(), n.value))
                continue;
            ReadinessPlace place = t.place;
            if (!place.field.empty()) {
                place.begin = n.begin;
                place.end = n.end;
            }
            items.push_back(item(true, t.where + ", " + t.field,
                                 t.where + ": its " + t.field + " states, as a number at characters " +
                                     std::to_string(characters(t.text.substr(0, n.begin)) + 1) + "-" +
                                     std::to_string(characters(t.text.substr(0, n.end))) +
                                     ", a count that suppression below " + std::to_string(facts.suppressBelow) +
                                     " hides in the tables: reword it (for example \"fewer than " +
                                     std::to_string(facts.suppressBelow) + "\") or export without suppression.",
                                 place));
            break; // one item per field: the first is enough to find it
        }
    }
}

void measureItems(const xlsx::WorkbookModel& model, const ReadinessFacts& facts, std::vector<ReadinessItem>& items)
{
    const ReadinessPlace submission{"submissions", model.submission.id, "", 0, 0};
    auto aboutMeasure = [&](const Measure& m, const std::string& what) {
        items.push_back(item(false, "Measure '" + m.name + "'", "The measure '" + m.name + "' " + what, submission));
    };
    for (const auto& m : facts.emptyMeasures)
        aboutMeasure(m, "is in the submission but has no figures, so the workbook leaves it out: import its "
                        "figures, or untick it in Submission.");
    // The cover says the workbook holds the figures and case studies the response cites.
    if (model.measures.empty() && model.caseStudies.empty())
        items.push_back(item(true, "Submission",
                             "The submission includes no figures and no case studies, so the workbook would hold no "
                             "evidence: tick a measure that has figures in Submission, or include a case study in "
                             "Case studies.",
                             submission));
    for (const auto& m : facts.untickedMeasures)
        aboutMeasure(m, "is not ticked for the submission, so the workbook leaves its figures out: tick it in "
                        "Submission if reviewers should see them.");
}

} // namespace

std::vector<NumberInText> countsInText(std::string_view text)
{
    std::vector<NumberInText> out;
    auto digit = [&](std::size_t i) { return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!digit(i))
            continue;
        const std::size_t begin = i;
        if (begin > 0) {
            const auto before = static_cast<unsigned char>(text[begin - 1]);
            if (wordByte(before) || before == '/' || before == '.' || before == ',' || before == ':' || before == '-') {
                while (digit(i + 1))
                    ++i;
                continue;
            }
        }
        std::size_t end = begin;
        while (digit(end))
            ++end;
        std::string digits(text.substr(begin, end - begin));
        bool grouped = false;
        // "1,204": groups of three after a lead of one to three digits.
        if (end - begin <= 3)
            while (end < text.size() && text[end] == ',' && digit(end + 1) && digit(end + 2) && digit(end + 3) &&
                   !digit(end + 4)) {
                digits += std::string(text.substr(end + 1, 3));
                end += 4;
                grouped = true;
            }
        if (end < text.size() && text[end] == '.' && digit(end + 1)) {
            digits += '.';
            ++end;
            while (digit(end))
                digits += text[end++];
        }
        i = end - 1;
        if (end < text.size()) {
            const auto after = static_cast<unsigned char>(text[end]);
            if (wordByte(after) || after == '/' || after == ':' || after == '-')
                continue;
        }
        const double value = std::strtod(digits.c_str(), nullptr);
        const bool whole = digits.find('.') == std::string::npos;
        if (!grouped && whole && digits.size() == 4 && value >= 1900 && value <= 2099)
            continue; // a year
        if (begin >= 6 && text.substr(begin - 6, 6) == "[note " && end < text.size() && text[end] == ']')
            continue;
        const std::string previous = wordBefore(text, begin);
        // A number that names something (a question, case study, table, note, page, a measure or source
        // numbered rather than named, a round of requests, a part of a document) rather than counts.
        static const std::set<std::string> kNaming = {
            "age",   "aged",    "ages",      "question", "questions", "q",      "study", "table",
            "chart", "note",    "page",      "number",   "measure",   "source", "round", "wave",
            "part",  "section", "paragraph", "annex",    "appendix",  "version"};
        if (kNaming.count(previous))
            continue;
        const std::string next = wordsAfter(text, end, 2);
        if (next == "years old" || next == "year old")
            continue;
        out.push_back(NumberInText{value, begin, end});
    }
    return out;
}

std::vector<ReadinessItem> statisticalWarnings(const xlsx::WorkbookModel& model)
{
    std::vector<ReadinessItem> out;
    for (const auto& sec : model.measures) {
        const std::string where = "Measure '" + sec.measure.name + "'";
        const ReadinessPlace place{"measures", sec.measure.id, "", 0, 0};
        if (sec.totals) {
            const trends::Coverage& c = sec.totals->result.likeForLike.coverage;
            if (c.inScope > 0 && trends::comparesPeriods(sec.totals->result) &&
                trends::belowCoverageThreshold(c, model.coverageThreshold))
                out.push_back(item(false, where,
                                   "The like-for-like total of '" + sec.measure.name + "' covers only " + c.text() +
                                       " in " + sec.totals->scopeName + " (those with figures for both " +
                                       sec.totals->result.from.toString() + " and " + sec.totals->result.to.toString() +
                                       "): its change is of low reliability and says little about the whole.",
                                   place));
        }
        // Areas compared over different periods: their changes are not like with like.
        std::map<std::pair<Period, Period>, std::vector<std::string>> pairs;
        for (const auto& s : sec.series)
            if (s.figures.hasChange())
                pairs[{s.figures.from, s.figures.to}].push_back(s.area.name);
        if (pairs.size() > 1) {
            std::vector<std::string> parts;
            for (const auto& [p, names] : pairs)
                parts.push_back(p.first.toString() + " to " + p.second.toString() + " for " +
                                (names.size() == 1 ? names.front() : std::to_string(names.size()) + " areas"));
            out.push_back(item(false, where,
                               "The changes in '" + sec.measure.name + "' are over different periods (" +
                                   text::join(parts, "; ") + "): compare areas only over the same periods.",
                               place));
        }
        std::size_t unchanged = 0;
        for (const auto& s : sec.series)
            unchanged += s.figures.hasChange() ? 0 : 1;
        if (unchanged > 0)
            out.push_back(item(false, where,
                               std::to_string(unchanged) + (unchanged == 1 ? " area has" : " areas have") +
                                   " no change to report for '" + sec.measure.name +
                                   "' (a figure is missing in one of the compared periods, or there is only one "
                                   "period); the workbook shows " +
                                   (unchanged == 1 ? "it" : "them") + " with a shorthand code.",
                               place));
        // Breakdowns that do not account for their area's total (the trend engine measures each against it).
        for (const auto& d : sec.distributions) {
            const auto& dist = d.distribution;
            if (!dist.areaTotal || !dist.recordedTotal.computable() || dist.recordedTotal.value() >= *dist.areaTotal)
                continue;
            out.push_back(item(
                false, where,
                "The breakdown by " + dist.dimension + " of '" + sec.measure.name + "' for " + d.area.name + " in " +
                    dist.period.toString() + " accounts for " + dist.recordedTotal.display(0) + " of its total of " +
                    trends::Figure::of(*dist.areaTotal).display(0) +
                    ": the rest are not recorded, so its shares describe only part of the total" +
                    (trends::breakdownIsPartial(dist) ? " (under half, so no most common or median category is given)."
                                                      : "."),
                place));
        }
    }
    return out;
}

ReadinessFacts readReadinessFacts(const db::Store& store, const xlsx::WorkbookModel& model, int suppressBelow)
{
    ReadinessFacts f;
    if (suppressBelow != 0) {
        // What the export's suppression will hide, found by suppressing a copy of the figures.
        xlsx::WorkbookModel figures;
        figures.measures = model.measures;
        f.suppressBelow = suppressBelow;
        f.suppressedCounts =
            xlsx::suppressSmallCounts(figures, suppressionOptions(store, model, suppressBelow)).hiddenCounts;
        for (const auto& sec : figures.measures)
            for (const auto& series : sec.series)
                for (const auto& p : series.figures.points)
                    if (!p.value.computable() && p.value.code() == trends::code::kSuppressed)
                        f.suppressedFigures.emplace(sec.measure.id, series.area.id, p.period.sortKey());
    }
    const std::vector<RowId> ticked = store.selectedMeasures(model.submission.id);
    std::set<RowId> withFigures; // the model leaves out a measure that has none
    for (const auto& sec : model.measures)
        withFigures.insert(sec.measure.id);
    for (const auto& m : store.measures()) {
        const bool isTicked = std::find(ticked.begin(), ticked.end(), m.id) != ticked.end();
        if (!ticked.empty() && !isTicked)
            f.untickedMeasures.push_back(m);
        else if (!withFigures.count(m.id))
            f.emptyMeasures.push_back(m); // ticked, or included with every other when none is
    }
    // Only the references the answers name are looked up: the store's case studies may be tens of
    // megabytes of accounts.
    for (const auto& e : model.caseStudies) {
        const std::string prefix = referencePrefix(e.caseStudy.reference);
        if (!prefix.empty() &&
            std::find(f.referencePrefixes.begin(), f.referencePrefixes.end(), prefix) == f.referencePrefixes.end())
            f.referencePrefixes.push_back(prefix);
    }
    if (std::find(f.referencePrefixes.begin(), f.referencePrefixes.end(), "CS-") == f.referencePrefixes.end())
        f.referencePrefixes.push_back("CS-"); // how new case studies are numbered
    for (const auto& r : model.responses)
        for (const auto& ref : namedReferences(r.answer.text, f.referencePrefixes))
            if (!f.caseStudyReferences.count(ref) && store.caseStudyByReference(ref))
                f.caseStudyReferences.insert(ref);
    return f;
}

ReadinessList assessReadiness(const xlsx::WorkbookModel& model, const ReadinessFacts& facts, bool allowUnreviewed,
                              const std::vector<GateFinding>& findings)
{
    ReadinessList list;
    submissionItems(model, list.items);
    caseStudyItems(model, allowUnreviewed, findings, list);
    answerItems(model, facts, list.items);
    measureItems(model, facts, list.items);
    suppressedCountItems(model, facts, list.items);
    for (auto& w : statisticalWarnings(model))
        list.items.push_back(std::move(w));
    // Blocking items first, each group in the order found.
    std::stable_partition(list.items.begin(), list.items.end(), [](const ReadinessItem& i) { return i.blocking; });
    return list;
}

ReadinessList checkReadiness(const db::Store& store, RowId submissionId, bool allowUnreviewed, int suppressBelow)
{
    const db::Store::ReadSnapshot snapshot(store);
    xlsx::WorkbookModel model;
    try {
        model = buildWorkbookModel(store, submissionId);
    } catch (const DataError& e) {
        // Figures the trend engine cannot read (two kinds of period in one measure, two figures for one area
        // and period): the export would refuse with these words, so the list does too. The other checks need
        // the model, and run once this is fixed.
        std::string text = e.what();
        if (!text.empty())
            text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
        ReadinessList list;
        list.items.push_back(item(true, "Figures", text + ". The other checks run once this is fixed."));
        return list;
    }
    ExportOptions options;
    options.submissionId = model.submission.id;
    options.allowUnreviewed = allowUnreviewed;
    useStoreScanner(store, options, false);
    ReadinessList list = assessReadiness(model, readReadinessFacts(store, model, suppressBelow), allowUnreviewed,
                                         options.preflightScan(model));
    for (auto& item : lengthChecks(store, model.submission.id))
        list.items.push_back(std::move(item));
    return list;
}

std::vector<ReadinessItem> lengthChecks(const db::Store& store, RowId submissionId)
{
    // Never blocking: the workbook is not the response, and an officer may cut the text after the export.
    std::vector<ReadinessItem> items;
    const ResponseLength r = measureResponse(store, submissionId);
    for (const auto& a : r.answers) {
        if (a.overWords())
            items.push_back({false,
                             "Question " + a.number,
                             "The answer has " + describeWords(a.words, a.wordLimit) +
                                 " by the consultation's profile: shorten it before sending.",
                             {"answers", a.questionId, "answer.text", 0, 0},
                             std::nullopt});
        if (a.overCharacters())
            items.push_back({false,
                             "Question " + a.number,
                             "As plain text for the online form the answer has " +
                                 describeCharacters(a.characters, a.formCharLimit) +
                                 ": the form will cut it. Shorten it before pasting.",
                             {"answers", a.questionId, "answer.text", 0, 0},
                             std::nullopt});
    }
    if (r.overTotal())
        items.push_back({false,
                         "Submission",
                         "The response has " + describeWords(r.totalWords, r.totalLimit) +
                             " in total (summary, answers and additional points): shorten it before sending.",
                         {"submissions", submissionId, "", 0, 0},
                         std::nullopt});
    return items;
}

} // namespace evidence::app
