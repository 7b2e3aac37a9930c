// Undo and redo of every kind of edit, on stores built here (app/history.h, db/change_capture.h).

#include "app/field_merge.h"
#include "app/help.h"
#include "app/history.h"
#include "core/errors.h"
#include "support/store_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

using namespace evidence;

namespace {

int countCommits(void* counter)
{
    ++*static_cast<int*>(counter);
    return 0;
}

/// A store with a measure, a source, a submission and a case study, and a history started after them.
struct HistoryFixture : test::StoreFixture
{
    Measure measure;
    Source source;
    Submission submission;
    CaseStudy caseStudy;
    RowId dorset = 0;
    int commits = 0;
    std::unique_ptr<app::History> history;

    HistoryFixture()
    {
        measure.name = "Offences";
        store.insert(measure);
        source.title = "FOI 2019";
        store.insert(source);
        submission.consultationId = store.consultations().front().id;
        submission.title = "Response";
        submission.caveats = "Old caveats";
        store.insert(submission);
        caseStudy.reference = "CS-001";
        caseStudy.title = "A boy groomed online";
        caseStudy.narrative = "He was contacted by an adult.";
        caseStudy.questionNumbers = {"1"};
        store.insert(caseStudy);
        dorset = store.areasByName("Dorset").front().id;
        history = std::make_unique<app::History>(store);
        sqlite3_commit_hook(store.database().getHandle(), countCommits, &commits);
    }
    ~HistoryFixture() { sqlite3_commit_hook(store.database().getHandle(), nullptr, nullptr); }

    Observation figure(double value, std::string period = "2018/19")
    {
        Observation o;
        o.measureId = measure.id;
        o.areaId = dorset;
        o.period = Period::parse(period);
        o.value = value;
        o.sourceId = source.id;
        return o;
    }

    /// Undoes (or redoes) and checks that it took exactly one commit.
    app::EditPlace step(bool undo)
    {
        const int before = commits;
        const auto place = undo ? history->undo() : history->redo();
        BOOST_TEST(commits == before + 1);
        return place;
    }

    std::size_t rows(const std::string& table)
    {
        return static_cast<std::size_t>(store.database().execAndGet("SELECT count(*) FROM " + table).getInt64());
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(history, HistoryFixture)

BOOST_AUTO_TEST_CASE(a_figure_typed_set_and_cleared_is_undone_and_redone_with_its_uuid)
{
    BOOST_TEST(!history->canUndo());
    Observation o = figure(14);
    store.insert(o);
    BOOST_TEST(history->undoLabel() == "Edit Dorset 2018/19");
    o.value = 999;
    store.update(o);
    BOOST_TEST(history->undoCount() == 2u);

    const auto place = step(true);
    BOOST_TEST(static_cast<int>(place.kind) == static_cast<int>(app::EditPlace::Kind::Measure));
    BOOST_TEST(place.id == measure.id);
    BOOST_TEST(*store.observation(o.id)->value == 14.0);
    BOOST_TEST(history->redoLabel() == "Edit Dorset 2018/19");
    step(false);
    BOOST_TEST(*store.observation(o.id)->value == 999.0);

    store.removeObservation(o.id);
    BOOST_TEST(history->undoLabel() == "Clear Dorset 2018/19");
    BOOST_TEST(!history->canRedo()); // a new edit ends what could be redone
    step(true);
    const auto back = store.observation(o.id);
    BOOST_REQUIRE(back);
    BOOST_TEST(back->uuid == o.uuid);
    BOOST_TEST(*back->value == 999.0);

    // Back to before the figure existed.
    step(true);
    step(true);
    BOOST_TEST(!store.observation(o.id));
    BOOST_TEST(!history->canUndo());
    step(false);
    BOOST_TEST(store.observation(o.id)->uuid == o.uuid);
}

BOOST_AUTO_TEST_CASE(a_pasted_block_is_one_edit)
{
    Observation kept = figure(5, "2015/16");
    store.insert(kept);
    {
        db::Store::Transaction tx(store);
        for (const char* period : {"2016/17", "2017/18", "2018/19"}) {
            Observation o = figure(7, period);
            store.insert(o);
        }
        kept.value = 6;
        store.update(kept);
        tx.commit();
    }
    BOOST_TEST(history->undoLabel() == "Edit 4 figures");
    BOOST_TEST(store.observationCount() == 4u);
    step(true);
    BOOST_TEST(store.observationCount() == 1u);
    BOOST_TEST(*store.observation(kept.id)->value == 5.0);
    step(false);
    BOOST_TEST(store.observationCount() == 4u);
    BOOST_TEST(*store.observation(kept.id)->value == 6.0);
}

BOOST_AUTO_TEST_CASE(a_case_study_field_saved_alone_is_undone_alone)
{
    // The form saves field by field: only the title differs between what it read and what it holds.
    CaseStudy edited = caseStudy;
    edited.title = "A girl groomed online";
    {
        db::Store::Transaction tx(store);
        store.update(app::mergeEdits(caseStudy, edited, *store.caseStudy(caseStudy.id)));
        tx.commit();
    }
    BOOST_TEST(history->undoLabel() == "Edit CS-001 title");
    CaseStudy narrative = *store.caseStudy(caseStudy.id);
    narrative.narrative = "She was contacted by an adult.";
    store.update(narrative);
    BOOST_TEST(history->undoLabel() == "Edit CS-001 narrative");

    const auto place = step(true);
    BOOST_TEST(static_cast<int>(place.kind) == static_cast<int>(app::EditPlace::Kind::CaseStudy));
    BOOST_TEST(place.id == caseStudy.id);
    auto now = *store.caseStudy(caseStudy.id);
    BOOST_TEST(now.narrative == caseStudy.narrative);
    BOOST_TEST(now.title == "A girl groomed online");
    step(true);
    BOOST_TEST(store.caseStudy(caseStudy.id)->title == caseStudy.title);
}

BOOST_AUTO_TEST_CASE(undoing_a_text_edit_of_a_reviewed_case_study_restores_its_review)
{
    store.setReviewState(caseStudy.id, ReviewState::Reviewed, "Safeguarding lead");
    BOOST_TEST(history->undoLabel() == "Mark CS-001 reviewed");
    CaseStudy edited = *store.caseStudy(caseStudy.id);
    edited.narrative = "Changed.";
    store.update(edited);
    BOOST_TEST((store.caseStudy(caseStudy.id)->review == ReviewState::Draft));
    BOOST_TEST(history->undoLabel() == "Edit CS-001 narrative");
    step(true);
    const auto back = *store.caseStudy(caseStudy.id);
    BOOST_TEST(back.narrative == caseStudy.narrative);
    BOOST_TEST((back.review == ReviewState::Reviewed));
    BOOST_TEST(back.reviewedBy == "Safeguarding lead");
}

BOOST_AUTO_TEST_CASE(a_deleted_case_study_comes_back_with_its_uuid_selections_questions_and_citations)
{
    store.setCaseStudySelected(submission.id, caseStudy.id, true);
    const auto question = store.questionByNumber(submission.consultationId, "1");
    BOOST_REQUIRE(question);
    Answer a;
    a.submissionId = submission.id;
    a.questionId = question->id;
    a.text = "Yes.";
    a.citedCaseStudies = {caseStudy.id};
    store.save(a);
    const auto children = [&] {
        std::vector<std::string> out;
        for (const char* t : {"case_study_questions", "submission_case_studies", "answer_evidence"}) {
            SQLite::Statement q(store.database(), std::string("SELECT uuid FROM ") + t + " ORDER BY uuid");
            while (q.executeStep())
                out.push_back(q.getColumn(0).getString());
        }
        return out;
    };
    const auto before = children();
    BOOST_TEST(before.size() == 3u);

    store.removeCaseStudy(caseStudy.id);
    BOOST_TEST(history->undoLabel() == "Delete case study CS-001");
    BOOST_TEST(children().empty());
    step(true);
    const auto back = store.caseStudy(caseStudy.id);
    BOOST_REQUIRE(back);
    BOOST_TEST(back->uuid == caseStudy.uuid);
    BOOST_TEST(back->narrative == caseStudy.narrative);
    BOOST_TEST(children() == before);
    BOOST_TEST(store.selectedCaseStudies(submission.id) == std::vector<RowId>{caseStudy.id});
    BOOST_TEST(store.answer(submission.id, question->id)->citedCaseStudies == std::vector<RowId>{caseStudy.id});

    step(false);
    BOOST_TEST(!store.caseStudy(caseStudy.id));
    BOOST_TEST(children().empty());
}

BOOST_AUTO_TEST_CASE(submission_sources_measures_and_answers_are_undone)
{
    Submission s = *store.submission(submission.id);
    s.caveats = "New caveats";
    store.update(s);
    BOOST_TEST(history->undoLabel() == "Edit submission caveats");
    step(true);
    BOOST_TEST(store.submission(submission.id)->caveats == "Old caveats");

    Source added;
    added.title = "ONS";
    store.insert(added);
    BOOST_TEST(history->undoLabel() == "Add source \u201cONS\u201d");
    Source renamed = added;
    renamed.publisher = "Office for National Statistics";
    store.update(renamed);
    store.removeSource(added.id);
    BOOST_TEST(history->undoLabel() == "Delete source \u201cONS\u201d");
    step(true);
    BOOST_TEST(store.source(added.id)->publisher == "Office for National Statistics");
    BOOST_TEST(store.source(added.id)->uuid == added.uuid);
    step(true);
    BOOST_TEST(store.source(added.id)->publisher.empty());
    step(true);
    BOOST_TEST(!store.source(added.id));

    Measure m;
    m.name = "Recorded crimes";
    store.insert(m);
    store.setMeasureSelected(submission.id, m.id, true);
    BOOST_TEST(history->undoLabel() == "Select measure \u201cRecorded crimes\u201d");
    store.setMeasureSelected(submission.id, m.id, false);
    store.removeMeasure(m.id);
    BOOST_TEST(history->undoLabel() == "Delete measure \u201cRecorded crimes\u201d");
    step(true);
    BOOST_TEST(store.measure(m.id)->uuid == m.uuid);
    step(true);
    BOOST_TEST(store.selectedMeasures(submission.id) == std::vector<RowId>{m.id});

    const auto question = store.questionByNumber(submission.consultationId, "1");
    Answer a;
    a.submissionId = submission.id;
    a.questionId = question->id;
    a.text = "First answer.";
    store.save(a);
    a.text = "Second answer.";
    a.citedMeasures = {m.id};
    store.save(a);
    BOOST_TEST(history->undoLabel() == "Edit answer to question 1");
    const auto place = step(true);
    BOOST_TEST(static_cast<int>(place.kind) == static_cast<int>(app::EditPlace::Kind::Answer));
    BOOST_TEST(place.id == question->id);
    const auto back = store.answer(submission.id, question->id);
    BOOST_TEST(back->text == "First answer.");
    BOOST_TEST(back->citedMeasures.empty());
    step(false);
    BOOST_TEST(store.answer(submission.id, question->id)->citedMeasures == std::vector<RowId>{m.id});
}

BOOST_AUTO_TEST_CASE(the_audit_log_records_undo_and_redo_as_such)
{
    Observation o = figure(14);
    store.insert(o);
    o.value = 15;
    store.update(o);
    step(true);
    auto entries = store.auditLog({o.uuid, std::nullopt, 1});
    BOOST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(entries.front().action == "update");
    BOOST_TEST(entries.front().newValues.find("\"undo\":\"undo\"") != std::string::npos);
    BOOST_TEST(entries.front().newValues.find("\"value\":14") != std::string::npos);
    step(false);
    entries = store.auditLog({o.uuid, std::nullopt, 1});
    BOOST_TEST(entries.front().newValues.find("\"undo\":\"redo\"") != std::string::npos);

    store.removeObservation(o.id);
    step(true);
    entries = store.auditLog({o.uuid, std::nullopt, 1});
    BOOST_TEST(entries.front().action == "insert");
    BOOST_TEST(entries.front().newValues.find("\"undo\":\"undo\"") != std::string::npos);
    // The edits themselves are not marked.
    entries = store.auditLog({o.uuid, std::nullopt, 0});
    BOOST_TEST(entries.back().newValues.find("undo") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(undo_refuses_when_the_record_was_changed_since_and_writes_nothing)
{
    CaseStudy edited = *store.caseStudy(caseStudy.id);
    edited.title = "Edited here";
    store.update(edited);
    // Another program changes the same case study (written on this connection, outside any edit).
    store.database().exec("UPDATE case_studies SET outcome = 'Changed elsewhere' WHERE id = " +
                          std::to_string(caseStudy.id));
    const auto audit = rows("audit_log");
    const int before = commits;
    try {
        history->undo();
        BOOST_FAIL("undo overwrote a change made since");
    } catch (const Error& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("Could not undo \u201cEdit CS-001 title\u201d") != std::string::npos);
        BOOST_TEST(message.find("case study CS-001 was changed after that edit") != std::string::npos);
        BOOST_TEST(message.find("Nothing was changed") != std::string::npos);
    }
    BOOST_TEST(commits == before);
    BOOST_TEST(rows("audit_log") == audit);
    const auto now = *store.caseStudy(caseStudy.id);
    BOOST_TEST(now.title == "Edited here");
    BOOST_TEST(now.outcome == "Changed elsewhere");
    BOOST_TEST(!history->canUndo()); // taken off the list
}

BOOST_AUTO_TEST_CASE(undoing_a_deletion_refuses_when_another_record_took_its_name)
{
    Source s;
    s.title = "ONS";
    store.insert(s);
    store.removeSource(s.id);
    store.database().exec("INSERT INTO sources (uuid, title) VALUES ('other-uuid', 'ONS')");
    BOOST_CHECK_EXCEPTION(history->undo(), Error, [](const Error& e) {
        return std::string(e.what()).find("would clash with what the store holds now") != std::string::npos;
    });
    BOOST_TEST(store.sourceByTitle("ONS")->uuid == "other-uuid");
    BOOST_TEST(store.sources().size() == 2u); // FOI 2019 and the other ONS, nothing put back
}

BOOST_AUTO_TEST_CASE(what_a_rolled_back_savepoint_wrote_is_not_part_of_the_edit)
{
    Observation a = figure(1, "2016/17");
    {
        db::Store::Transaction tx(store);
        {
            db::Store::Transaction inner(store);
            Observation discarded = figure(2, "2017/18");
            store.insert(discarded);
        } // rolled back
        store.insert(a);
        tx.commit();
    }
    BOOST_TEST(history->undoCount() == 1u);
    BOOST_TEST(history->undoLabel() == "Edit Dorset 2016/17");
    step(true);
    BOOST_TEST(store.observationCount() == 0u);
}

BOOST_AUTO_TEST_CASE(failed_writes_and_writes_that_change_nothing_are_not_edits)
{
    Source duplicate;
    duplicate.title = source.title;
    BOOST_CHECK_THROW(store.insert(duplicate), Error);
    store.update(*store.source(source.id)); // saved unchanged
    BOOST_TEST(!history->canUndo());
}

BOOST_AUTO_TEST_CASE(the_history_ends_with_the_store_and_writes_nothing_of_its_own)
{
    Observation o = figure(3);
    store.insert(o);
    // Nothing of the history is in the file: its triggers are the connection's own, and end with it.
    BOOST_TEST(store.database().execAndGet("SELECT count(*) FROM sqlite_temp_master").getInt() > 0);
    BOOST_TEST(store.database().execAndGet("SELECT count(*) FROM sqlite_master WHERE name LIKE '%capture%'").getInt() ==
               0);
    history.reset();
    BOOST_TEST(store.database().execAndGet("SELECT count(*) FROM sqlite_temp_master").getInt() == 0);
    o.value = 4;
    store.update(o); // no capture left behind
    BOOST_TEST(*store.observation(o.id)->value == 4.0);
}

BOOST_AUTO_TEST_CASE(the_how_to_says_the_history_stays_in_memory)
{
    const std::string_view help = app::howToText();
    BOOST_TEST(help.find("Edit > Undo (Ctrl+Z)") != std::string_view::npos);
    BOOST_TEST(help.find("kept in memory only") != std::string_view::npos);
}

BOOST_AUTO_TEST_SUITE_END()
