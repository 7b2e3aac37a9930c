#include "app/anonymisation.h"
#include "app/sample.h"
#include "app/workbook_text.h"
#include "core/errors.h"
#include "support/store_fixture.h"
#include "support/text_workbook.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <xlsxwriter.h>

using namespace evidence;

namespace {

struct SampleFixture
{
    test::TempDir dir;
    db::Store store = app::createSampleStore(dir.file("sample.evidence"), test::fixedOptions());
    CaseStudy draft = *store.caseStudyByReference("CS-004");
    RowId submission = store.submissions().at(0).id;

    std::vector<anon::Finding> openFindings(const CaseStudy& c)
    {
        std::vector<anon::Finding> out;
        for (const auto& f : app::scanCaseStudy(store, c))
            out.insert(out.end(), f.open.begin(), f.open.end());
        return out;
    }
    app::FieldFindings narrative(const CaseStudy& c)
    {
        for (const auto& f : app::scanCaseStudy(store, c))
            if (f.fieldLabel == "narrative")
                return f;
        throw std::runtime_error("no narrative field");
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(anonymisation)

BOOST_FIXTURE_TEST_CASE(draft_case_study_cannot_be_reviewed_until_fixed_and_acknowledged, SampleFixture)
{
    auto check = app::checkReview(store, draft.id);
    BOOST_TEST(!check.allowed);
    // A plain first name is a BLOCK (docs/anonymisation.md §2.13; it was a WARN): in a child's account it identifies.
    BOOST_TEST(check.blocking == 4u);               // school, handle, phone, name
    BOOST_TEST(check.unacknowledgedWarnings == 2u); // street, town
    BOOST_CHECK_THROW(app::markReviewed(store, draft.id, "Policy officer"), DataError);
    BOOST_TEST((store.caseStudy(draft.id)->review == ReviewState::Draft));

    // A BLOCK finding can never be acknowledged.
    const auto field = narrative(draft);
    for (const auto& f : field.open)
        if (f.severity == anon::Severity::Block)
            BOOST_CHECK_THROW(app::acknowledgeFinding(store, field, f, "reason", "Policy officer"), DataError);

    // Apply the suggested fixes to the BLOCK findings, acknowledge the WARN ones.
    std::vector<anon::Finding> blocks;
    for (const auto& f : field.open)
        if (f.severity == anon::Severity::Block)
            blocks.push_back(f);
    draft.narrative = anon::applyFixes(draft.narrative, blocks);
    store.update(draft);
    draft = *store.caseStudyByReference("CS-004");
    const auto after = narrative(draft);
    BOOST_TEST(after.blocking() == 0u);
    for (const auto& f : after.open)
        app::acknowledgeFinding(store, after, f, "Checked with the support worker: not identifying", "Policy officer");
    check = app::checkReview(store, draft.id);
    BOOST_TEST(check.allowed);
    app::markReviewed(store, draft.id, "Policy officer");
    BOOST_TEST((store.caseStudy(draft.id)->review == ReviewState::Reviewed));

    // Acknowledgements survive an unrelated edit; the edit returns the case study to draft.
    draft = *store.caseStudy(draft.id);
    draft.narrative += " She is now safe.";
    store.update(draft);
    BOOST_TEST((store.caseStudy(draft.id)->review == ReviewState::Draft));
    BOOST_TEST(app::checkReview(store, draft.id).allowed);
    BOOST_TEST(narrative(*store.caseStudy(draft.id)).acknowledged.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(export_gate, SampleFixture)
{
    BOOST_TEST(app::exportBlockers(store, submission, false).empty());
    store.setCaseStudySelected(submission, draft.id, true);
    auto reasons = app::exportBlockers(store, submission, false);
    BOOST_TEST(reasons.size() == 5u); // the draft, and its four BLOCK findings (school, handle, phone, name)
    BOOST_TEST(reasons.at(0).find("Case study CS-004 is a draft") == 0u);
    reasons = app::exportBlockers(store, submission, true); // the override admits drafts, never BLOCKs
    BOOST_TEST(reasons.size() == 4u);
    for (const auto& r : reasons)
        BOOST_TEST(r.find("BLOCK") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(contact_email_allowed_only_in_the_contact_field, SampleFixture)
{
    auto sub = *store.submission(submission);
    BOOST_TEST(app::exportBlockers(store, submission, false).empty());
    sub.summary += " Write to policy@example.org.uk for details.";
    store.update(sub);
    const auto reasons = app::exportBlockers(store, submission, false);
    BOOST_TEST(reasons.size() == 1u);
    BOOST_TEST(reasons.at(0).find("summary") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(workbook_rescan_reads_the_written_file, SampleFixture)
{
    const auto path = dir.file("book.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Case studies");
    worksheet_write_string(ws, 0, 0, "Case studies", nullptr);
    worksheet_write_string(ws, 1, 0, "Molly* met Gavin* online.", nullptr);
    worksheet_write_string(ws, 2, 0, "Contact: policy@example.org.uk", nullptr);
    worksheet_write_number(ws, 3, 0, 4012345678901.0, nullptr); // numbers are not text
    lxw_worksheet* other = workbook_add_worksheet(wb, "Notes");
    worksheet_write_string(other, 0, 0, "Call 07700 900123 about Riverside Academy", nullptr);
    BOOST_REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const auto texts = app::readWorkbookText(path);
    bool sawSheetName = false;
    for (const auto& t : texts)
        sawSheetName = sawSheetName || (t.where == "sheet name" && t.text == "Case studies");
    BOOST_TEST(sawSheetName);
    const auto problems = app::rescanWorkbook(store, submission, path);
    BOOST_REQUIRE(problems.size() == 2u); // the phone number and the school, not the pseudonyms or the contact
    BOOST_TEST(problems[0].find("phone number") != std::string::npos);
    BOOST_TEST(problems[1].find("school name") != std::string::npos);
    test::writeFile(dir.file("broken.xlsx"), "not a zip");
    BOOST_CHECK_THROW(app::readWorkbookText(dir.file("broken.xlsx")), FileError);
}

BOOST_FIXTURE_TEST_CASE(workbook_rescan_skips_area_names_only_as_whole_words, SampleFixture)
{
    // The re-read skips a place that is an area's name ("Kent") or a whole word of one ("Somerset" in "Avon and
    // Somerset"), but not a name or a city that is only part of a word of one: "Ken" is not "Kent", and
    // "Nottingham" is a city inside "Nottinghamshire" (such findings used to pass the re-read).
    bool shire = false;
    for (const auto& a : store.areas())
        shire = shire || a.name == "Nottinghamshire";
    BOOST_REQUIRE(shire);
    const auto path = dir.file("book.xlsx");
    test::writeTextWorkbook(path, "Case studies", {"Molly* lived in Nottingham.", "Nottinghamshire"});
    const auto problems = app::rescanWorkbook(store, submission, path);
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].find("place") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(workbook_rescan_takes_a_selected_measure_s_name_as_the_measure, SampleFixture)
{
    // The workbook's own words around a measure's name ("change in Measure 0") read as a place; the store's
    // scan found the name clean, so the re-read must not refuse the export for it. A place the store does
    // not name is still found beside it.
    const auto selected = store.selectedMeasures(submission);
    BOOST_REQUIRE(!selected.empty());
    auto measure = *store.measure(selected.front());
    measure.name = "Measure 0";
    store.update(measure);
    const auto path = dir.file("book.xlsx");
    test::writeTextWorkbook(
        path, "Chart 1", {"Change in Measure 0 by police force area, 2015/16 to 2018/19", "Molly* lived in Wexcombe."});
    const auto problems = app::rescanWorkbook(store, submission, path);
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].find("characters 17-24") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(workbook_rescan_finds_text_among_numbers, SampleFixture)
{
    // readWorkbookText() passes over worksheets that cannot hold text: each sheet here is numbers but for one
    // text a reader sees, which the re-scan must still find.
    const auto path = dir.file("book.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    auto numbers = [&](const char* name) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, name);
        for (lxw_row_t r = 0; r < 200; ++r)
            for (lxw_col_t c = 0; c < 5; ++c)
                worksheet_write_number(ws, r, c, r * 5.0 + c, nullptr);
        return ws;
    };
    numbers("Numbers");
    worksheet_write_formula_str(numbers("Formula"), 200, 0, "=\"Riverside \"&\"Academy\"", nullptr,
                                "Riverside Academy");
    worksheet_set_header(numbers("Header"), "&CCall 07700 900123");
    BOOST_REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const auto texts = app::readWorkbookText(path);
    std::vector<std::string> sheetTexts;
    for (const auto& t : texts)
        if (t.part.starts_with("xl/worksheets/"))
            sheetTexts.push_back(t.where + ": " + t.text);
    BOOST_TEST(sheetTexts ==
                   (std::vector<std::string>{"text cell: Riverside Academy", "header or footer: &CCall 07700 900123"}),
               boost::test_tools::per_element());
    const auto problems = app::rescanWorkbook(store, submission, path);
    BOOST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0].find("school name") != std::string::npos);
    BOOST_TEST(problems[0].find("xl/worksheets/sheet2.xml") != std::string::npos);
    BOOST_TEST(problems[1].find("phone number") != std::string::npos);
    BOOST_TEST(problems[1].find("xl/worksheets/sheet3.xml") != std::string::npos);

    // Inline strings (what libxlsxwriter writes in its constant-memory mode).
    const auto inlinePath = dir.file("inline.xlsx");
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* inlineWb = workbook_new_opt(inlinePath.c_str(), &options);
    lxw_worksheet* ws = workbook_add_worksheet(inlineWb, "Inline");
    worksheet_write_number(ws, 0, 0, 1, nullptr);
    worksheet_write_string(ws, 1, 0, "Riverside Academy", nullptr);
    BOOST_REQUIRE(workbook_close(inlineWb) == LXW_NO_ERROR);
    const auto inlineProblems = app::rescanWorkbook(store, submission, inlinePath);
    BOOST_REQUIRE(inlineProblems.size() == 1u);
    BOOST_TEST(inlineProblems[0].find("school name") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_guards_lean_reads_match_the_full_reads, SampleFixture)
{
    const auto selected = store.selectedCaseStudies(submission);
    const auto records = store.selectedCaseStudyRecords(submission);
    BOOST_REQUIRE(records.size() == selected.size());
    bool linkedToQuestions = false;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto one = store.caseStudy(selected[i]);
        BOOST_TEST(records[i].id == one->id);
        BOOST_TEST(records[i].uuid == one->uuid);
        BOOST_TEST(records[i].reference == one->reference);
        BOOST_TEST(records[i].narrative == one->narrative);
        BOOST_TEST(records[i].consentDate == one->consentDate);
        BOOST_TEST(records[i].reviewedAt == one->reviewedAt);
        BOOST_TEST(records[i].questionNumbers == one->questionNumbers, boost::test_tools::per_element());
        linkedToQuestions = linkedToQuestions || !one->questionNumbers.empty();
    }
    BOOST_TEST(linkedToQuestions);

    bool sawNote = false;
    for (const auto& m : store.measures()) {
        db::ObservationFilter f;
        f.measureId = m.id;
        std::vector<std::string> withNotes;
        std::set<RowId> sources;
        for (const auto& o : store.observations(f)) {
            sources.insert(o.sourceId);
            if (!o.note.empty())
                withNotes.push_back(o.uuid + " " + std::to_string(o.areaId) + " " + o.period.toString() + " " +
                                    std::to_string(o.sourceId) + " " + o.note);
        }
        std::vector<std::string> lean;
        for (const auto& o : store.observationsWithNotes(m.id))
            lean.push_back(o.uuid + " " + std::to_string(o.areaId) + " " + o.period.toString() + " " +
                           std::to_string(o.sourceId) + " " + o.note);
        BOOST_TEST(lean == withNotes, boost::test_tools::per_element());
        BOOST_TEST(store.observationSourceIds(m.id) == std::vector<RowId>(sources.begin(), sources.end()),
                   boost::test_tools::per_element());
        sawNote = sawNote || !withNotes.empty();
    }
    BOOST_TEST(sawNote);
}

BOOST_AUTO_TEST_SUITE_END()
