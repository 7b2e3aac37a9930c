// Consultation profiles: reading the file (file:line errors), loading it into a store built here, correcting a
// question's wording, and measuring answers against the profile's limits.
#define BOOST_TEST_MODULE profile
#include "app/consultation_profile.h"
#include "app/lookup.h"
#include "app/readiness.h"
#include "core/errors.h"
#include "store_fixture.h"

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
