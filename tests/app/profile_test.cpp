// Consultation profiles: reading the file (file:line errors), loading it into a store built here, correcting a
// question's wording, and measuring answers against the profile's limits.
#define BOOST_TEST_MODULE profile
#include "app/anonymisation.h"
#include "app/consultation_profile.h"
#include "app/document_job.h"
#include "app/history.h"
#include "app/lookup.h"
#include "app/readiness.h"
#include "core/errors.h"
#include "support/store_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>

using namespace evidence;
using evidence::test::StoreFixture;

namespace {

std::vector<std::string> problemsOf(std::string_view text)
{
    try {
        app::parseProfile(text, "p.toml");
    } catch (const DataError& e) {
        return e.problems();
    }
    return {};
}

bool anyContains(const std::vector<std::string>& all, const std::string& needle)
{
    return std::any_of(all.begin(), all.end(), [&](const auto& s) { return s.find(needle) != std::string::npos; });
}

long long count(const std::filesystem::path& path, const std::string& sql)
{
    SQLite::Database db(path.string());
    return db.execAndGet(sql).getInt64();
}

const char* kSmall = R"(name = "small"
[consultation]
code = "T 1"
title = "Test consultation"
closes = 2026-12-31
closes_time = "17:00"
time_zone = "Europe/London"
[response]
channels = ["online_survey"]
word_limit_total = 12
word_limit_per_answer = 5
[[question]]
number = "1"
text = "First?"
answer_type = "free_text"
form_char_limit = 20
[[question]]
number = "1a"
text = "And then?"
answer_type = "free_text"
word_limit = 3
)";

} // namespace

BOOST_AUTO_TEST_CASE(shipped_white_paper_profile_has_its_questions_deadline_and_channels)
{
    const auto p = app::loadProfile("online-harms-white-paper-2019");
    BOOST_TEST(p.code == "CP 57");
    BOOST_TEST(p.questions.size() == 23u);
    std::size_t own = 0;
    for (const auto& q : p.questions)
        own += q.parentNumber().empty() ? 1 : 0;
    BOOST_TEST(own == 18u);
    BOOST_TEST(p.questions[2].number == "2a");
    BOOST_TEST(p.questions[2].parentNumber() == "2");
    BOOST_TEST(p.closesDate == "2019-07-01");
    BOOST_TEST(p.closesTime == "23:59");
    BOOST_TEST(p.timeZone == "Europe/London");
    BOOST_TEST((p.channels == std::vector<std::string>{"online_survey", "email", "post"}));
    BOOST_TEST(!p.wordingChecked);
    BOOST_TEST(p.wordingNote.find("not been checked") != std::string::npos);
    BOOST_TEST(publicationCode(p.publication) == "published_unless_confidential");
}

BOOST_AUTO_TEST_CASE(shipped_select_committee_profile_has_the_document_rules)
{
    const auto p = app::loadProfile("commons-select-committee-written-evidence");
    BOOST_TEST(p.wordLimitTotal.value_or(0) == 3000);
    BOOST_TEST((p.fileFormats == std::vector<std::string>{"doc", "docx", "odt", "rtf"}));
    BOOST_TEST(p.maxFileMegabytes.value_or(0) == 25);
    BOOST_TEST(p.headingFor("NSPCC") == "Written evidence submitted by NSPCC");
    BOOST_TEST(p.summaryFirst);
    BOOST_TEST(p.numberedParagraphs);
}

BOOST_AUTO_TEST_CASE(a_bad_profile_is_reported_with_file_line_field_value_and_reason)
{
    const auto problems = problemsOf("name = \"x\"\n[consultation]\ntitle = \"T\"\n[response]\nchannels = [\"fax\"]\n"
                                     "word_limit_total = 0\nwordlimit = 3\n");
    BOOST_TEST(anyContains(problems, "p.toml:5: field 'response.channels' value 'fax': is not one of"));
    BOOST_TEST(anyContains(problems, "p.toml:6: field 'response.word_limit_total' value '0': must be a whole number"));
    BOOST_TEST(anyContains(problems, "p.toml:7: field 'response.wordlimit': is not a field"));
    BOOST_TEST(anyContains(problemsOf("name = \"x\"\n[consultation\n"), "p.toml:2: field '(file)'"));
    // A time without its zone, a sub-part before its question, a number used twice.
    const auto more = problemsOf("name = \"x\"\n[consultation]\ntitle = \"T\"\ncloses = 2019-07-01\n"
                                 "closes_time = \"23:59\"\n[response]\nchannels = [\"post\"]\n"
                                 "[[question]]\nnumber = \"3a\"\ntext = \"t\"\nanswer_type = \"free_text\"\n"
                                 "[[question]]\nnumber = \"4\"\ntext = \"t\"\nanswer_type = \"yes_no\"\n"
                                 "[[question]]\nnumber = \"4\"\ntext = \"t\"\nanswer_type = \"yes_no\"\n");
    BOOST_TEST(anyContains(more, "field 'consultation.time_zone': is required with closes_time"));
    BOOST_TEST(anyContains(more, "p.toml:9: field 'question[1].number' value '3a': is a sub-part of question 3"));
    BOOST_TEST(anyContains(more, "value '4': is also the number of the question on line 12"));
}

BOOST_AUTO_TEST_CASE(a_refused_file_changes_nothing_in_the_store)
{
    StoreFixture f;
    const auto before = count(f.path, "SELECT count(*) FROM audit_log");
    BOOST_CHECK_THROW(app::loadProfile((f.dir.path() / "missing.toml").string()), FileError);
    BOOST_CHECK_THROW(app::parseProfile("name = 3\n", "p.toml"), DataError);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log") == before);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM consultation_profiles") == 0);
}

BOOST_AUTO_TEST_CASE(importing_the_white_paper_profile_updates_the_stored_questions_with_audit_entries)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    const auto questionsBefore = count(f.path, "SELECT count(*) FROM questions");
    const auto r = app::importProfile(f.store, app::loadProfile("online-harms-white-paper-2019"), sub);
    BOOST_TEST(!r.consultationCreated);
    BOOST_TEST(r.questionsAdded == 0u);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM questions") == questionsBefore);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'consultation_profiles' AND "
                             "action = 'insert'") == 1);
    const auto stored = f.store.consultationProfile(r.consultationId);
    BOOST_REQUIRE(stored.has_value());
    BOOST_TEST(stored->closesTime == "23:59");
    BOOST_TEST(stored->questions.size() == 23u);

    // Correcting a question's wording is an ordinary, audited edit.
    const auto auditBefore = count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'questions'");
    app::setQuestionText(f.store, r.consultationId, "14b", "  Checked wording of 14b.  ");
    BOOST_TEST(f.store.questionByNumber(r.consultationId, "14b")->text == "Checked wording of 14b.");
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'questions'") == auditBefore + 1);
    BOOST_CHECK_THROW(app::setQuestionText(f.store, r.consultationId, "99", "x"), NotFoundError);
    BOOST_CHECK_THROW(app::setQuestionText(f.store, r.consultationId, "1", "  "), DataError);
}

BOOST_AUTO_TEST_CASE(a_submission_with_answers_to_another_consultation_is_not_switched_and_nothing_is_written)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    const auto s = f.store.submission(sub);
    Answer a;
    a.submissionId = sub;
    a.questionId = f.store.questions(s->consultationId).front().id;
    a.text = "An answer.";
    f.store.save(a);
    const auto consultations = count(f.path, "SELECT count(*) FROM consultations");
    BOOST_CHECK_THROW(app::importProfile(f.store, app::loadProfile("commons-select-committee-written-evidence"), sub),
                      DataError);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM consultations") == consultations);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM consultation_profiles") == 0);
    BOOST_TEST(f.store.submission(sub)->consultationId == s->consultationId);
}

BOOST_AUTO_TEST_CASE(a_new_consultation_is_loaded_into_an_empty_submission)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    const auto r = app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), sub);
    BOOST_TEST(r.consultationCreated);
    BOOST_TEST(r.questionsAdded == 2u);
    BOOST_TEST(r.submissionSwitched);
    BOOST_TEST(f.store.submission(sub)->consultationId == r.consultationId);
    // Importing it again adds nothing.
    const auto again = app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), sub);
    BOOST_TEST(again.questionsAdded == 0u);
    BOOST_TEST(again.questionsChanged == 0u);
}

BOOST_AUTO_TEST_CASE(words_and_characters_are_counted_as_a_reader_would)
{
    BOOST_TEST(app::countWords("") == 0u);
    BOOST_TEST(app::countWords("  one two\tthree\nfour  ") == 4u);
    BOOST_TEST(app::countWords("• a bullet – and a dash") == 5u);
    BOOST_TEST(app::countWords("Forces' figures rose 28 → 82, in Dorset") == 7u);
    BOOST_TEST(app::countWords("café naïve") == 2u);
    BOOST_TEST(app::countCharacters("£5 é") == 4u);
    BOOST_TEST(app::plainTextForForm("\r\n  First line  \r\n\r\n\r\n\tSecond\t \n\n") == "First line\n\nSecond");
}

BOOST_AUTO_TEST_CASE(answers_over_their_limits_are_checks_in_the_readiness_list)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    const auto r = app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), sub);
    const auto q1 = f.store.questionByNumber(r.consultationId, "1");
    const auto q1a = f.store.questionByNumber(r.consultationId, "1a");
    Answer a1;
    a1.submissionId = sub;
    a1.questionId = q1->id;
    a1.text = "one two three four five"; // 5 words: at the per-answer limit; 23 characters: over the form's 20
    f.store.save(a1);
    Answer a2;
    a2.submissionId = sub;
    a2.questionId = q1a->id;
    a2.text = "one two three four"; // 4 words: over its own limit of 3
    f.store.save(a2);

    const auto len = app::measureResponse(f.store, sub);
    BOOST_REQUIRE(len.answers.size() == 2u);
    BOOST_TEST(len.answers[0].wordLimit.value_or(0) == 5);
    BOOST_TEST(!len.answers[0].overWords());
    BOOST_TEST(len.answers[0].overCharacters());
    BOOST_TEST(len.answers[1].overWords());
    BOOST_TEST(len.totalWords == 9u);
    BOOST_TEST(!len.overTotal());

    auto items = app::lengthChecks(f.store, sub);
    BOOST_REQUIRE(items.size() == 2u);
    BOOST_TEST(items[0].where == "Question 1");
    BOOST_TEST(items[0].text.find("23 characters, 3 over the form's 20") != std::string::npos);
    BOOST_TEST(items[1].where == "Question 1a");
    BOOST_TEST(items[1].text.find("4 words, 1 over the 3 allowed") != std::string::npos);
    BOOST_TEST(std::none_of(items.begin(), items.end(), [](const auto& i) { return i.blocking; }));

    // Over the total: the summary counts too.
    auto s = *f.store.submission(sub);
    s.summary = "a b c d";
    f.store.update(s);
    items = app::lengthChecks(f.store, sub);
    BOOST_TEST(items.back().where == "Submission");
    BOOST_TEST(items.back().text.find("13 words, 1 over the 12 allowed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_profile_gives_the_document_its_layout_limits_and_rules)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    auto s = *f.store.submission(sub);
    s.organisation = "Our charity";
    f.store.update(s);
    const std::string strict = std::string(kSmall).replace(std::string(kSmall).find("[[question]]"), 0,
                                                           "partial_answers = false\nextra_points = false\n"
                                                           "publication = \"published\"\n[document]\n"
                                                           "heading = \"Evidence from {organisation}\"\n"
                                                           "numbered_paragraphs = true\n");
    app::importProfile(f.store, app::parseProfile(strict, "small.toml"), sub);
    const auto own = app::findStoredProfile(f.store, "SMALL"); // any case
    s = *f.store.submission(sub);
    const auto o = app::documentOptionsFor(own.profile, own.consultationId, s, app::kConfidentialityStatement);
    BOOST_TEST(o.heading == "Evidence from Our charity");
    BOOST_TEST(o.numberedParagraphs);
    BOOST_TEST(!o.summaryAsBullets); // summary_first not set
    BOOST_TEST(o.wordLimitPerAnswer == 5u);
    BOOST_TEST(o.wordLimitTotal == 12u);
    BOOST_TEST(o.questionWordLimits);
    BOOST_TEST(!o.extraPointsAllowed);
    BOOST_TEST((o.publication == Publication::Published));
    BOOST_TEST(o.confidentiality == app::kConfidentialityStatement);
    BOOST_TEST((o.requiredQuestions == std::vector<std::string>{"1", "1a"})); // no partial answers
    BOOST_TEST(o.notes.empty());

    // The committee's profile, loaded without switching the submission: layout and limits, no questions.
    app::importProfile(f.store, app::loadProfile("commons-select-committee-written-evidence"));
    const auto committee = app::findStoredProfile(f.store, "commons-select-committee-written-evidence");
    const auto c = app::documentOptionsFor(committee.profile, committee.consultationId, s);
    BOOST_TEST(c.heading == "Written evidence submitted by Our charity");
    BOOST_TEST(c.numberedParagraphs);
    BOOST_TEST(c.summaryAsBullets);
    BOOST_TEST(c.wordLimitTotal == 3000u);
    BOOST_TEST(c.wordLimitPerAnswer == 0u);
    BOOST_TEST(!c.questionWordLimits);
    BOOST_TEST(c.confidentiality.empty());
    BOOST_REQUIRE(c.notes.size() == 1u);
    BOOST_TEST(c.notes.front().find("not the consultation this submission answers") != std::string::npos);
    BOOST_TEST(app::storedProfiles(f.store).size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_unknown_profile_name_says_which_profiles_there_are)
{
    StoreFixture f;
    app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), app::ensureSubmission(f.store));
    try {
        app::findStoredProfile(f.store, "smal");
        BOOST_FAIL("no error");
    } catch (const NotFoundError& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("there is no profile 'smal' in the store (it holds small)") != std::string::npos, m);
        BOOST_TEST(m.find("evidence-cli profile import") != std::string::npos, m);
        BOOST_TEST(m.find("online-harms-white-paper-2019") != std::string::npos, m);
    }
}

BOOST_AUTO_TEST_CASE(additional_points_are_kept_in_order_audited_and_counted)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), sub);
    AdditionalPoint a, b, c;
    a.submissionId = b.submissionId = c.submissionId = sub;
    a.text = "first point here";
    b.text = "second";
    f.store.insert(a);
    f.store.insert(b);
    c.text = "goes first";
    c.position = 1;
    f.store.insert(c);
    auto points = f.store.additionalPoints(sub);
    BOOST_REQUIRE(points.size() == 3u);
    BOOST_TEST(points[0].text == "goes first");
    BOOST_TEST(points[1].text == "first point here");
    BOOST_TEST(points[2].position == 3);
    BOOST_TEST(points[0].createdAt == "2019-06-28T09:00:00Z");

    AdditionalPoint empty;
    empty.submissionId = sub;
    empty.text = "  \n ";
    BOOST_CHECK_THROW(f.store.insert(empty), DataError);
    points[1].text = "   ";
    BOOST_CHECK_THROW(f.store.update(points[1]), DataError);
    BOOST_TEST(f.store.additionalPoints(sub).size() == 3u);

    // Counted in the response's words: 2 + 3 + 1, over the total of 12 with the answers' words.
    auto len = app::measureResponse(f.store, sub);
    BOOST_TEST(len.pointWords == 6u);
    BOOST_TEST(len.totalWords == 6u);
    Answer ans;
    ans.submissionId = sub;
    ans.questionId = f.store.questionByNumber(f.store.submission(sub)->consultationId, "1")->id;
    ans.text = "one two three four five six seven";
    f.store.save(ans);
    const auto items = app::lengthChecks(f.store, sub);
    BOOST_TEST(anyContains({items.back().text}, "13 words, 1 over the 12 allowed in total (summary, answers and "
                                                "additional points)"),
               items.back().text);

    // Deleting closes the gap; every write is in the audit log, its text redacted.
    f.store.removeAdditionalPoint(points[0].id);
    points = f.store.additionalPoints(sub);
    BOOST_REQUIRE(points.size() == 2u);
    BOOST_TEST(points[0].position == 1);
    BOOST_TEST(points[0].text == "first point here");
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'submission_points' AND action = "
                             "'insert'") == 3);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'submission_points' AND action = "
                             "'delete'") == 1);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'submission_points' AND "
                             "new_values LIKE '%first point%'") == 0);
    BOOST_TEST(count(f.path, "SELECT count(*) FROM audit_log WHERE table_name = 'submission_points' AND "
                             "new_values LIKE '%redacted%'") >= 3);
}

BOOST_AUTO_TEST_CASE(the_guard_scans_additional_points_as_it_scans_answers)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    AdditionalPoint p;
    p.submissionId = sub;
    p.text = "Ring her mother on 07700 900123 for more.";
    f.store.insert(p);
    const auto fields = app::scanStore(f.store, sub);
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [](const app::FieldFindings& x) { return x.recordTable == "submission_points"; });
    BOOST_REQUIRE(it != fields.end());
    BOOST_TEST(it->recordLabel == "Additional point 1");
    BOOST_TEST(it->fieldLabel == "point");
    BOOST_TEST(it->blocking() >= 1u);
    const auto blockers = app::exportBlockers(f.store, sub, false);
    BOOST_TEST(anyContains(blockers, "Additional point 1, point"), blockers.size());
}

BOOST_AUTO_TEST_CASE(deleting_a_point_and_correcting_a_wording_are_undone_like_other_edits)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    const auto imported = app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), sub);
    AdditionalPoint a, b;
    a.submissionId = b.submissionId = sub;
    a.text = "first";
    b.text = "second";
    f.store.insert(a);
    f.store.insert(b);
    app::History history(f.store);
    f.store.removeAdditionalPoint(a.id); // "second" moves up to 1
    BOOST_TEST(history.undoLabel() == "Delete additional point 1");
    history.undo();
    auto points = f.store.additionalPoints(sub);
    BOOST_REQUIRE(points.size() == 2u);
    BOOST_TEST(points[0].uuid == a.uuid);
    BOOST_TEST(points[0].position == 1);
    BOOST_TEST(points[1].position == 2);

    app::setQuestionText(f.store, imported.consultationId, "1a", "And after that?");
    BOOST_TEST(history.undoLabel() == "Edit the wording of question 1a");
    history.undo();
    BOOST_TEST(f.store.questionByNumber(imported.consultationId, "1a")->text == "And then?");
}

BOOST_AUTO_TEST_CASE(a_corrected_wording_of_an_answered_question_is_scanned_before_export)
{
    StoreFixture f;
    const RowId sub = app::ensureSubmission(f.store);
    const auto r = app::importProfile(f.store, app::parseProfile(kSmall, "small.toml"), sub);
    Answer a;
    a.submissionId = sub;
    a.questionId = f.store.questionByNumber(r.consultationId, "1")->id;
    a.text = "Yes.";
    f.store.save(a);
    // The wording goes out with the answer to question 1; question 1a is not answered, so its wording stays.
    app::setQuestionText(f.store, r.consultationId, "1", "Should we ring her mother on 07700 900123?");
    app::setQuestionText(f.store, r.consultationId, "1a", "Or her father on 07700 900456?");
    const auto blockers = app::exportBlockers(f.store, sub, false);
    BOOST_TEST(anyContains(blockers, "Question 1, text"), blockers.size());
    BOOST_TEST(!anyContains(blockers, "Question 1a"));
}
