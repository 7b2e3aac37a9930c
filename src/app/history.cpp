#include "app/history.h"

#include "core/errors.h"
#include "core/text.h"
#include "db/store.h"

#include <algorithm>
#include <array>
#include <variant>

namespace evidence::app {

namespace {

/// Tables by how well a record of theirs names an edit: a deleted case study also removes its
/// selections and citations, and the edit is the case study's; a pasted block is its figures'.
constexpr std::array<std::string_view, 17> kRank = {"case_studies",
                                                    "sources",
                                                    "measures",
                                                    "submissions",
                                                    "answers",
                                                    "submission_points",
                                                    "areas",
                                                    "questions",
                                                    "consultations",
                                                    "observations",
                                                    "submission_case_studies",
                                                    "submission_measures",
                                                    "case_study_questions",
                                                    "answer_evidence",
                                                    "finding_acknowledgements",
                                                    "area_members",
                                                    "imports"};

std::size_t rankOf(std::string_view table)
{
    return static_cast<std::size_t>(std::find(kRank.begin(), kRank.end(), table) - kRank.begin());
}

std::string textOf(const db::RowChange& row, std::string_view column)
{
    const db::SqlValue* v = row.value(column, true);
    if (!v)
        v = row.value(column, false);
    return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : std::string();
}

RowId idOf(const db::RowChange& row, std::string_view column)
{
    const db::SqlValue* v = row.value(column, true);
    if (!v)
        v = row.value(column, false);
    return v && std::holds_alternative<std::int64_t>(*v) ? std::get<std::int64_t>(*v) : 0;
}

std::string quoted(const std::string& s)
{
    return "\u201c" + text::quoteForMessage(s, 40) + "\u201d";
}

/// What a user calls a column in the forms.
std::string fieldName(const std::string& column)
{
    static const std::array<std::pair<std::string_view, std::string_view>, 6> kNames = {{
        {"as_at", "as-at date"},
        {"contact_email", "contact e-mail"},
        {"region_area_id", "region"},
        {"consultation_id", "consultation"},
        {"date_published", "date published"},
        {"date_retrieved", "date retrieved"},
    }};
    for (const auto& [c, name] : kNames)
        if (c == column)
            return std::string(name);
    std::string out = column;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

/// " narrative" when the edit changed one field the user edits, else "".
std::string oneField(const db::RowChange& row)
{
    std::vector<std::string> fields;
    for (const auto& c : row.changedColumns())
        if (c != "review_state" && c != "reviewed_by" && c != "reviewed_at")
            fields.push_back(c);
    return fields.size() == 1 ? " " + fieldName(fields.front()) : std::string();
}

std::string verb(const db::RowChange& row)
{
    return !row.before ? "Add" : !row.after ? "Delete" : "Edit";
}

std::string figureName(const db::Store& store, const db::RowChange& row)
{
    std::string name;
    if (auto area = store.area(idOf(row, "area_id")))
        name = area->name + " ";
    name += textOf(row, "period");
    const std::string category = textOf(row, "category");
    if (!category.empty())
        name += " (" + text::quoteForMessage(category, 30) + ")";
    return name;
}

std::string caseStudyReference(const db::Store& store, RowId id)
{
    const auto cs = store.caseStudy(id);
    return cs ? cs->reference : std::string("a case study");
}

std::string measureName(const db::Store& store, RowId id)
{
    const auto m = store.measure(id);
    return m ? quoted(m->name) : std::string("a measure");
}

/// The record of @p row as a message names it.
std::string recordName(const db::Store& store, const db::RowChange& row)
{
    const std::string& t = row.table;
    if (t == "case_studies")
        return "case study " + textOf(row, "reference");
    if (t == "sources")
        return "the source " + quoted(textOf(row, "title"));
    if (t == "measures")
        return "the measure " + quoted(textOf(row, "name"));
    if (t == "submissions")
        return "the submission";
    if (t == "observations")
        return "the figure for " + figureName(store, row);
    if (t == "answers")
        return "an answer";
    return "a record of " + fieldName(t);
}

} // namespace

std::string describeEdit(const db::Store& store, const db::ChangeSet& changes, EditPlace& place)
{
    place = EditPlace();
    if (changes.empty())
        return "Edit";
    const auto principal = std::min_element(
        changes.begin(), changes.end(), [](const auto& a, const auto& b) { return rankOf(a.table) < rankOf(b.table); });
    const db::RowChange& row = *principal;
    const std::string& t = row.table;
    const RowId id = idOf(row, "id");
    if (t == "case_studies") {
        place = {EditPlace::Kind::CaseStudy, id};
        const std::string ref = textOf(row, "reference");
        if (!row.before || !row.after)
            return verb(row) + " case study " + ref;
        const auto changed = row.changedColumns();
        if (std::all_of(changed.begin(), changed.end(), [](const auto& c) { return c.starts_with("review"); }))
            return "Mark " + ref + (textOf(row, "review_state") == "reviewed" ? " reviewed" : " draft");
        return "Edit " + ref + oneField(row);
    }
    if (t == "sources") {
        place = {EditPlace::Kind::Source, id};
        return verb(row) + " source " + quoted(textOf(row, "title"));
    }
    if (t == "measures") {
        place = {EditPlace::Kind::Measure, id};
        return verb(row) + " measure " + quoted(textOf(row, "name"));
    }
    if (t == "submissions") {
        place = {EditPlace::Kind::Submission, id};
        return "Edit submission" + oneField(row);
    }
    if (t == "answers") {
        const RowId question = idOf(row, "question_id");
        place = {EditPlace::Kind::Answer, question};
        const auto q = store.question(question);
        return std::string(row.after ? "Edit" : "Delete") + " answer to question " + (q ? q->number : "?");
    }
    if (t == "observations") {
        place = {EditPlace::Kind::Measure, idOf(row, "measure_id")};
        const auto figures = static_cast<std::size_t>(
            std::count_if(changes.begin(), changes.end(), [](const auto& c) { return c.table == "observations"; }));
        const bool cleared = std::all_of(changes.begin(), changes.end(), [](const auto& c) { return !c.after; });
        if (figures == 1)
            return (cleared ? "Clear " : "Edit ") + figureName(store, row);
        return (cleared ? "Clear " : "Edit ") + std::to_string(figures) + " figures";
    }
    if (t == "submission_case_studies" || t == "case_study_questions") {
        const RowId cs = idOf(row, "case_study_id");
        place = {EditPlace::Kind::CaseStudy, cs};
        if (t == "case_study_questions")
            return "Edit " + caseStudyReference(store, cs) + " questions";
        return std::string(row.after ? "Select " : "Leave out ") + caseStudyReference(store, cs);
    }
    if (t == "submission_measures") {
        const RowId m = idOf(row, "measure_id");
        place = {EditPlace::Kind::Measure, m};
        return std::string(row.after ? "Select measure " : "Leave out measure ") + measureName(store, m);
    }
    if (t == "answer_evidence") {
        place = {EditPlace::Kind::Answer, 0};
        return "Edit the evidence an answer cites";
    }
    if (t == "submission_points") {
        // Adding or deleting a point moves the points after it: the one added or deleted names the edit.
        const auto named = std::find_if(changes.begin(), changes.end(), [](const db::RowChange& c) {
            return c.table == "submission_points" && (!c.before || !c.after);
        });
        const db::RowChange& point = named != changes.end() ? *named : row;
        place = {EditPlace::Kind::Answer, 0};
        return verb(point) + " additional point " + std::to_string(idOf(point, "position"));
    }
    if (t == "questions" && row.before && row.after) {
        place = {EditPlace::Kind::Answer, id};
        return "Edit the wording of question " + textOf(row, "number");
    }
    if (t == "finding_acknowledgements")
        return row.after ? "Acknowledge a finding" : "Remove an acknowledgement";
    return "Edit " + fieldName(t);
}

History::History(db::Store& store)
    : m_store(store), m_capture(store, [this](db::ChangeSet changes) { recorded(std::move(changes)); })
{
}

std::string History::undoLabel() const
{
    return m_undo.empty() ? std::string() : m_undo.back().label;
}

std::string History::redoLabel() const
{
    return m_redo.empty() ? std::string() : m_redo.back().label;
}

namespace {

/// How long a pause in typing into one field may be for the saves before and after it to stay one edit.
constexpr auto kTypingPause = std::chrono::seconds(10);

/// True when @p next saves more typing into the text @p last saved: the same record's same text
/// columns and nothing else, going on from where @p last left them.
bool continuesTyping(const db::ChangeSet& last, const db::ChangeSet& next)
{
    if (last.size() != 1 || next.size() != 1)
        return false;
    const db::RowChange& a = last.front();
    const db::RowChange& b = next.front();
    if (a.table != b.table || a.uuid != b.uuid || !a.before || !a.after || !b.before || !b.after ||
        *a.after != *b.before)
        return false;
    const auto columns = b.changedColumns();
    if (columns.empty() || columns != a.changedColumns())
        return false;
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& c) {
        return std::holds_alternative<std::string>(*b.value(c, true)) &&
               std::holds_alternative<std::string>(*b.value(c, false));
    });
}

} // namespace

void History::recorded(db::ChangeSet changes)
{
    const auto now = std::chrono::steady_clock::now();
    if (m_redo.empty() && !m_undo.empty() && now - m_undo.back().at < kTypingPause &&
        continuesTyping(m_undo.back().changes, changes)) {
        Edit& last = m_undo.back();
        last.changes.front().after = std::move(changes.front().after);
        last.at = now;
        return;
    }
    Edit edit;
    edit.at = now;
    try {
        edit.label = describeEdit(m_store, changes, edit.place);
    } catch (const std::exception&) {
        edit.label = "Edit"; // a name is a courtesy: the edit stays undoable without one
        edit.place = EditPlace();
    }
    edit.changes = std::move(changes);
    m_undo.push_back(std::move(edit));
    m_redo.clear();
}

EditPlace History::undo()
{
    return step(m_undo, m_redo, true);
}

EditPlace History::redo()
{
    return step(m_redo, m_undo, false);
}

EditPlace History::step(std::vector<Edit>& from, std::vector<Edit>& to, bool undoing)
{
    if (from.empty())
        throw Error(undoing ? "There is nothing to undo." : "There is nothing to redo.");
    const char* what = undoing ? "undo" : "redo";
    const auto refusal = m_capture.restore(from.back().changes, undoing, what);
    if (refusal) {
        const Edit edit = std::move(from.back());
        from.pop_back();
        const std::string record = recordName(m_store, edit.changes[refusal->change]);
        const std::string why = refusal->why == db::RestoreRefusal::Why::ChangedSince
                                    ? record + " was changed after that edit, by another window or program, and " +
                                          std::string(what) + "ing it would overwrite that change"
                                    : std::string("putting back ") + record +
                                          " would clash with what the store holds now (another record may have "
                                          "taken its name since)";
        throw Error("Could not " + std::string(what) + " \u201c" + edit.label + "\u201d: " + why +
                    ". Nothing was changed, and the edit is taken off the " + what + " list.");
    }
    const EditPlace place = from.back().place;
    to.push_back(std::move(from.back()));
    from.pop_back();
    to.back().at = {}; // typing after an undo or redo is an edit of its own
    return place;
}

} // namespace evidence::app
