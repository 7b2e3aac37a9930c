// The "ready to export?" list (app/readiness.h) on small stores built here, and the export's refusal: an
// export refuses exactly when the list has a blocking item, with the same words.

#include "app/document_job.h"
#include "app/export_job.h"
#include "app/importer.h"
#include "app/lookup.h"
#include "app/readiness.h"
#include "core/text.h"
#include "export_fixture.h"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>

using namespace evidence;
using namespace evidence::test;

namespace {

// Ten forces of the south of England, four years, with breakdowns by victim age (tests/data/suppression), one
// reviewed case study with consent, and an answer citing both: nothing stops its export.
struct SmallStore
{
    TempDir dir;
    db::Store store = db::Store::create(dir.file("small.evidence"), fixedOptions());
    RowId caseStudyId = 0;
    RowId questionId = 0;

    SmallStore()
    {
        test::addSuppressionSubmission(store);
        const Submission s = submission();
        CaseStudy c;
        c.reference = "CS-101";
        c.title = "Contact through a game";
        c.narrative = "A child of twelve was contacted by an adult through an online game.";
        c.consent = Consent::Obtained;
        c.consentRecordedBy = "Service manager";
        caseStudyId = store.insert(c);
        store.setReviewState(caseStudyId, ReviewState::Reviewed, "Policy officer");
        store.setCaseStudySelected(s.id, caseStudyId, true);
        questionId = store.questions(s.consultationId).at(0).id;
        Answer a;
        a.submissionId = s.id;
        a.questionId = questionId;
        a.text = "Our case study CS-101 shows how contact begins.";
        a.citedCaseStudies = {caseStudyId};
        store.save(a);
    }
    Submission submission() const { return store.submissions().at(0); }
    /// Changes the submission as @p edit does, in the store.
    template <typename Edit>
    void editSubmission(Edit edit)
    {
        Submission s = submission();
        edit(s);
        store.update(s);
    }
    app::ReadinessList check(bool allowUnreviewed = false) const
    {
        return app::checkReadiness(store, 0, allowUnreviewed);
    }
    app::ExportReport exportTo(const std::string& name, bool allowUnreviewed = false)
    {
        app::ExportOptions options;
        options.toolVersion = "test";
        options.allowUnreviewed = allowUnreviewed;
        app::useStoreScanner(store, options);
        return app::exportWorkbook(store, dir.file(name), options);
    }
};

/// Adds a figure of the store's measure for Essex, a force the store has no figure for.
void addEssexFigure(db::Store& store, const Period& period, double value)
{
    Observation o;
    o.measureId = store.measures().at(0).id;
    o.sourceId = store.sources().at(0).id;
    for (const auto& area : store.areas())
        if (area.name == "Essex")
            o.areaId = area.id;
    BOOST_REQUIRE(o.areaId != 0);
    o.period = period;
    o.value = value;
    store.insert(o);
}

bool listed(const app::ReadinessList& list, const std::string& words, bool blocking)
{
    for (const auto& i : list.items)
        if (i.blocking == blocking && i.text.find(words) != std::string::npos)
            return true;
    return false;
}

std::string describe(const app::ReadinessList& list)
{
    std::string out;
    for (const auto& i : list.items)
        out += (i.blocking ? "BLOCK " : "CHECK ") + i.text + "\n";
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(readiness)

BOOST_AUTO_TEST_CASE(a_complete_small_store_is_ready)
{
    SmallStore f;
    const auto list = f.check();
    BOOST_TEST(!list.blocked(), describe(list));
    BOOST_TEST((f.exportTo("ready.xlsx").status == app::ExportStatus::Written));
}

BOOST_AUTO_TEST_CASE(a_missing_organisation_is_listed_where_the_export_used_to_fail_on_a_missing_author)
{
    SmallStore f;
    f.editSubmission([](Submission& s) { s.organisation.clear(); });
    const auto list = f.check();
    BOOST_TEST(listed(list, "has no organisation", true), describe(list));
    const auto report = f.exportTo("no-org.xlsx");
    BOOST_TEST((report.status == app::ExportStatus::Refused));
    BOOST_TEST(report.reasons == list.refusals(), describe(list));
}

BOOST_AUTO_TEST_CASE(a_missing_email_is_listed_and_does_not_stop_the_export)
{
    SmallStore f;
    f.editSubmission([](Submission& s) { s.contactEmail.clear(); });
    const auto list = f.check();
    BOOST_TEST(listed(list, "no organisational email", false), describe(list));
    BOOST_TEST(!list.blocked());
}

// With no as-at date but a consultation to date the files by, the export went ahead unlisted, the cover read
// "Figures as at ." and the response document's properties were dated "T00:00:00Z", which is no date.
BOOST_AUTO_TEST_CASE(a_missing_as_at_date_is_listed_and_nothing_is_dated_with_nothing)
{
    SmallStore f;
    f.editSubmission([](Submission& s) { s.asAt.clear(); });
    const auto list = f.check();
    BOOST_TEST(listed(list, "has no as-at date", false), describe(list));
    BOOST_TEST(!list.blocked(), describe(list));
    const auto report = f.exportTo("no-as-at.xlsx");
    BOOST_REQUIRE_MESSAGE(report.status == app::ExportStatus::Written,
                          "not written (status " << static_cast<int>(report.status)
                                                 << "): " << text::join(report.reasons, "; "));
    const std::string strings = test::zipPart(report.file, "xl/sharedStrings.xml");
    BOOST_TEST(strings.find("Figures as at .") == std::string::npos);
    BOOST_TEST(strings.find("No as-at date is given for the figures as a whole") != std::string::npos);
    const auto model = app::buildWorkbookModel(f.store, 0, "test");
    BOOST_REQUIRE(!model.consultation.opens.empty());
    const auto document = app::composeDocument(model, {});
    BOOST_TEST(document.content.date == model.consultation.opens.substr(0, 10));
    // The opening date dates the file only: the response says no date rather than that one.
    for (const auto& block : document.content.blocks)
        BOOST_TEST(block.label != "Date:", block.text);
}

// A submission whose ticked measures had no figures, and which included no case study, was "ready to export"
// with nothing to check, and its workbook's cover said it held the figures and case studies the response
// cites. A ticked measure without figures was left out of the workbook without a word.
BOOST_AUTO_TEST_CASE(a_workbook_without_evidence_is_refused_and_an_empty_measure_is_listed)
{
    SmallStore f;
    const Submission s = f.submission();
    Measure empty;
    empty.name = "Reports to the helpline";
    f.store.insert(empty);
    f.store.setMeasureSelected(s.id, empty.id, true);
    auto list = f.check();
    BOOST_TEST(listed(list, "The measure 'Reports to the helpline' is in the submission but has no figures", false),
               describe(list));
    BOOST_TEST(!list.blocked(), describe(list));

    for (const auto& m : f.store.measures())
        f.store.setMeasureSelected(s.id, m.id, m.id == empty.id);
    f.store.setCaseStudySelected(s.id, f.caseStudyId, false);
    list = f.check();
    BOOST_TEST(listed(list, "includes no figures and no case studies, so the workbook would hold no evidence", true),
               describe(list));
    const auto report = f.exportTo("empty.xlsx");
    BOOST_TEST((report.status == app::ExportStatus::Refused));
    BOOST_TEST(report.reasons == list.refusals(), describe(list));
}

BOOST_AUTO_TEST_CASE(unknown_consent_on_a_reviewed_case_study_told_to_the_charity_stops_the_export)
{
    SmallStore f;
    CaseStudy c = *f.store.caseStudy(f.caseStudyId);
    c.consent = Consent::Unknown;
    f.store.update(c);
    f.store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer");
    const auto list = f.check();
    BOOST_TEST(listed(list, "Case study CS-101 has no consent recorded", true), describe(list));
    const auto report = f.exportTo("consent.xlsx");
    BOOST_TEST((report.status == app::ExportStatus::Refused));
    BOOST_TEST(report.reasons == list.refusals(), describe(list));

    c = *f.store.caseStudy(f.caseStudyId);
    c.consent = Consent::NotObtained;
    f.store.update(c);
    BOOST_TEST(listed(f.check(), "Case study CS-101 was not given consent", true));
}

BOOST_AUTO_TEST_CASE(a_published_account_with_its_citation_is_exported_without_a_consent_item)
{
    SmallStore f;
    CaseStudy c = *f.store.caseStudy(f.caseStudyId);
    c.basis = CaseStudyBasis::PublishedAccount;
    c.consent = Consent::Unknown;
    c.consentRecordedBy.clear();
    c.citation = {"Example Gazette", "Children groomed through games", "2019-06-25", ""};
    f.store.update(c);
    f.store.setReviewState(c.id, ReviewState::Reviewed, "Policy officer", "2019-06-27");
    const auto list = f.check();
    for (const auto& i : list.items)
        BOOST_TEST(i.text.find("consent") == std::string::npos, i.text);
    BOOST_TEST(!list.blocked(), describe(list));
    BOOST_TEST((f.exportTo("published.xlsx").status == app::ExportStatus::Written));
}

// The workbook names the store and the submission by their random ids. About one id in 7,700 (of 400,000
// generated) holds decimal digits that pass the Luhn check, in three groups or as its last twelve, which the
// guard's re-read took for a payment card number: that store's every export was refused.
BOOST_AUTO_TEST_CASE(random_ids_that_pass_for_card_numbers_do_not_stop_the_export)
{
    SmallStore f;
    f.store.database().exec("UPDATE store_info SET value = '0727a5da-4111-4111-8116-c4593f04e20f' "
                            "WHERE key = 'store_id'");
    f.store.database().exec("UPDATE submissions SET uuid = 'ea47bd5c-5321-4567-8910-eb2c8af31878'");
    BOOST_REQUIRE(f.store.storeId() == "0727a5da-4111-4111-8116-c4593f04e20f");
    const auto report = f.exportTo("ids.xlsx");
    BOOST_TEST((report.status == app::ExportStatus::Written),
               "not written (status " << static_cast<int>(report.status) << "): " << text::join(report.reasons, "; "));
    BOOST_TEST(test::zipPart(report.file, "docProps/custom.xml").find("0727a5da-4111-4111-8116-c4593f04e20f") !=
               std::string::npos);
    // The same digits anywhere else are still a card number.
    Submission s = f.submission();
    s.caveats = "Paid with 4111-4111-8116.";
    f.store.update(s);
    BOOST_TEST((f.exportTo("card.xlsx").status == app::ExportStatus::Refused));
}

BOOST_AUTO_TEST_CASE(the_submissions_coverage_threshold_decides_the_low_coverage_warning)
{
    SmallStore f;
    // Nine of the 39 forces of England (23%) have figures in both compared years.
    BOOST_TEST(listed(f.check(), "covers only 9 of 39 forces", false));
    Submission s = f.submission();
    s.coverageThreshold = 0.2;
    f.store.update(s);
    const auto model = app::buildWorkbookModel(f.store, s.id);
    BOOST_TEST(model.coverageThreshold == 0.2);
    BOOST_TEST(!listed(f.check(), "covers only", false), describe(f.check()));
}

BOOST_AUTO_TEST_CASE(unticked_measures_are_listed)
{
    SmallStore f;
    Measure extra;
    extra.name = "Imported later";
    f.store.insert(extra);
    // Once one measure is ticked, the others are left out of the workbook: each must be named.
    const Submission s = f.submission();
    for (const auto& m : f.store.measures())
        if (m.name != "Imported later")
            f.store.setMeasureSelected(s.id, m.id, true);
    const auto list = f.check();
    BOOST_TEST(listed(list, "The measure 'Imported later' is not ticked", false), describe(list));
    BOOST_TEST(!list.blocked());
}

BOOST_AUTO_TEST_CASE(an_answer_naming_a_deleted_or_unselected_case_study_blocks)
{
    SmallStore f;
    Answer a = *f.store.answer(f.submission().id, f.questionId);
    a.text = "Case studies CS-101 and CS-777 show this.";
    f.store.save(a);
    auto list = f.check();
    BOOST_TEST(listed(list, "names case study CS-777, which is not in the store", true), describe(list));
    BOOST_TEST(!listed(list, "names case study CS-101", true));

    // Deleted after the answer was written: the citation goes with it, the name in the text stays.
    CaseStudy other;
    other.reference = "CS-102";
    other.narrative = "An account.";
    other.consent = Consent::Obtained;
    const RowId otherId = f.store.insert(other);
    a.text = "See CS-102.";
    f.store.save(a);
    list = f.check();
    BOOST_TEST(listed(list, "names case study CS-102, which is not selected", true), describe(list));
    f.store.removeCaseStudy(otherId);
    list = f.check();
    BOOST_TEST(listed(list, "names case study CS-102, which is not in the store", true), describe(list));
    BOOST_TEST((f.exportTo("deleted.xlsx").status == app::ExportStatus::Refused));
}

BOOST_AUTO_TEST_CASE(statistical_warnings_name_low_coverage_and_different_periods)
{
    SmallStore f;
    // Nine of the 39 forces of England have figures in both compared years: under half.
    auto list = f.check();
    BOOST_TEST(listed(list, "covers only 9 of 39 forces", false), describe(list));
    // A force whose figures start two years later is compared over other periods.
    addEssexFigure(f.store, Period::financialYear(2017), 40);
    addEssexFigure(f.store, Period::financialYear(2018), 52);
    list = f.check();
    BOOST_TEST(listed(list, "are over different periods", false), describe(list));
    BOOST_TEST(listed(list, "2017/18 to 2018/19 for Essex", false), describe(list));
    BOOST_TEST(!list.blocked());
}

// A measure given in financial years for one force and calendar years for another made `check` fail with a
// bare error naming no measure. It is a BLOCK line naming the measure and both figures, and the export
// stops with the same words.
BOOST_AUTO_TEST_CASE(two_kinds_of_period_in_one_measure_is_a_block_line)
{
    SmallStore f;
    addEssexFigure(f.store, Period::calendarYear(2018), 40);
    const auto list = f.check();
    BOOST_REQUIRE_EQUAL(list.items.size(), 1u);
    const auto& item = list.items.front();
    BOOST_TEST(item.blocking);
    BOOST_TEST(item.where == "Figures");
    BOOST_TEST(item.text.starts_with("Measure '" + f.store.measures().at(0).name + "' mixes kinds of period: "),
               item.text);
    BOOST_TEST(item.text.find("Essex one for 2018 (a calendar year)") != std::string::npos, item.text);
    BOOST_TEST(item.text.find("(a financial year)") != std::string::npos, item.text);
    std::string refusal;
    try {
        f.exportTo("mixed.xlsx");
    } catch (const DataError& e) {
        refusal = e.what();
    }
    BOOST_REQUIRE(!refusal.empty());
    BOOST_TEST(item.text.find(refusal.substr(1)) == 1u, item.text << " | " << refusal);
    BOOST_TEST(!std::filesystem::exists(f.dir.file("mixed.xlsx")));
}

BOOST_AUTO_TEST_CASE(a_breakdown_short_of_its_total_is_a_partial_breakdown)
{
    SmallStore f;
    // Raise one force's total above the sum of its age breakdown.
    const RowId measureId = f.store.measures().at(0).id;
    db::ObservationFilter filter;
    filter.measureId = measureId;
    for (auto o : f.store.observations(filter))
        if (o.dimension.empty() && o.period == Period::financialYear(2018)) {
            o.value = *o.value + 500;
            f.store.update(o);
            break;
        }
    const auto list = f.check();
    BOOST_TEST(listed(list, "the rest are not recorded", false), describe(list));
}

BOOST_AUTO_TEST_CASE(export_refuses_exactly_when_check_lists_a_blocking_item)
{
    // Several stores, each with one thing wrong (or none): the export's verdict and reasons are the list's.
    const std::vector<std::pair<std::string, std::function<void(SmallStore&)>>> variants = {
        {"complete", [](SmallStore&) {}},
        {"no organisation", [](SmallStore& f) { f.editSubmission([](Submission& s) { s.organisation.clear(); }); }},
        {"no email", [](SmallStore& f) { f.editSubmission([](Submission& s) { s.contactEmail.clear(); }); }},
        {"draft", [](SmallStore& f) { f.store.setReviewState(f.caseStudyId, ReviewState::Draft, ""); }},
        {"identifying detail",
         [](SmallStore& f) {
             CaseStudy c = *f.store.caseStudy(f.caseStudyId);
             c.narrative += " Call 07700 900123.";
             f.store.update(c);
         }},
        {"answer names a missing case study",
         [](SmallStore& f) {
             Answer a = *f.store.answer(f.submission().id, f.questionId);
             a.text += " And CS-900.";
             f.store.save(a);
         }},
    };
    for (const auto& [name, change] : variants)
        for (const bool allowUnreviewed : {false, true})
            BOOST_TEST_CONTEXT(name << (allowUnreviewed ? " (allow unreviewed)" : ""))
            {
                SmallStore f;
                change(f);
                const auto list = f.check(allowUnreviewed);
                const auto report = f.exportTo("out.xlsx", allowUnreviewed);
                BOOST_TEST(list.blocked() == (report.status == app::ExportStatus::Refused), describe(list));
                if (list.blocked())
                    BOOST_TEST(report.reasons == list.refusals());
                else
                    BOOST_TEST(report.overrides == list.overrides());
            }
}

// A count the tables show as [c] is refused in every other typed text the workbook shows too: a measure's
// name, definition and population, a source's title, publisher and licence, the submission's organisation
// and contact role.
BOOST_AUTO_TEST_CASE(a_suppressed_count_typed_in_a_measure_source_or_contact_stops_a_suppressed_export)
{
    SmallStore f;
    Measure m = f.store.measures().at(0);
    m.definition = "Offences recorded by the police; 4 of them in the smallest force";
    f.store.update(m);
    Source src = f.store.sources().at(0);
    src.licence = "Open Government Licence; 4 forces asked us not to republish";
    f.store.update(src);
    Submission sub = f.submission();
    sub.contactRole = "Policy officer for the 4 children's cases";
    f.store.update(sub);
    const auto list = app::checkReadiness(f.store, 0, false, 5);
    bool definition = false, licence = false, role = false;
    for (const auto& i : list.items) {
        BOOST_TEST(i.text.find("smallest") == std::string::npos, i.text); // never quotes the text
        definition = definition || (i.blocking && i.where == "Measure '" + m.name + "', definition");
        licence = licence || (i.blocking && i.where == "Source '" + src.title + "', licence");
        role = role || (i.blocking && i.where == "Submission, contact role");
    }
    BOOST_TEST(definition, describe(list));
    BOOST_TEST(licence, describe(list));
    BOOST_TEST(role, describe(list));
    BOOST_TEST(!app::checkReadiness(f.store, 0, false).blocked());
}

// Suppression is total: a count the tables show as [c] is refused in any text typed into the store, by the
// export, `check` and the GUI's pre-flight alike, naming where it is without quoting the text.
BOOST_AUTO_TEST_CASE(a_suppressed_count_typed_in_an_account_or_answer_stops_a_suppressed_export)
{
    SmallStore f;
    // Avon and Somerset recorded 4 offences in 2015/16: below 5, so [c] in every table.
    const auto facts = app::readReadinessFacts(f.store, app::buildWorkbookModel(f.store, f.submission().id, "test"), 5);
    BOOST_TEST_REQUIRE(std::binary_search(facts.suppressedCounts.begin(), facts.suppressedCounts.end(), 4.0));
    const std::string secret = "We heard that 4 children were contacted through one game in 2015/16.";
    CaseStudy c = *f.store.caseStudy(f.caseStudyId);
    c.narrative = secret;
    f.store.update(c);
    f.store.setReviewState(f.caseStudyId, ReviewState::Reviewed, "Policy officer"); // an edit makes it a draft
    Answer a = f.store.answers(f.submission().id).at(0);
    a.text = "Our case study CS-101 shows how contact begins; we know of 4 such children.";
    f.store.save(a);

    app::ExportOptions options;
    options.toolVersion = "test";
    options.suppressBelow = 5;
    app::useStoreScanner(f.store, options);
    const auto refused = app::exportWorkbook(f.store, f.dir.file("suppressed.xlsx"), options);
    BOOST_TEST_REQUIRE((refused.status == app::ExportStatus::Refused));
    BOOST_TEST(!std::filesystem::exists(f.dir.file("suppressed.xlsx")));
    const auto list = app::checkReadiness(f.store, 0, false, 5);
    BOOST_TEST(refused.reasons == list.refusals());
    bool account = false, answer = false;
    for (const auto& i : list.items) {
        BOOST_TEST(i.text.find("children") == std::string::npos, i.text); // never quotes the text
        if (i.blocking && i.where == "Case study CS-101, account") {
            account = true;
            BOOST_TEST(i.place.table == "case_studies");
            BOOST_TEST(i.place.field == "case_study.narrative");
            BOOST_TEST(secret.substr(i.place.begin, i.place.end - i.place.begin) == "4");
            BOOST_TEST(i.text.find("characters 15-15") != std::string::npos, i.text);
        }
        answer = answer || (i.blocking && i.where.starts_with("Answer to question ") && i.where.ends_with(", answer"));
    }
    BOOST_TEST(account, describe(list));
    BOOST_TEST(answer, describe(list));

    // Without suppression nothing is hidden, and the same texts export.
    const auto plain = app::checkReadiness(f.store, 0, false);
    BOOST_TEST(!plain.blocked(), describe(plain));
    BOOST_TEST((f.exportTo("plain.xlsx").status == app::ExportStatus::Written));
}

// A measure or source numbered rather than named, and a round of requests, name something: with 4 a hidden
// count, they stop nothing, while a count beside them still does.
BOOST_AUTO_TEST_CASE(numbered_measures_sources_and_rounds_do_not_stop_a_suppressed_export)
{
    SmallStore f;
    Measure m = f.store.measures().at(0);
    m.name = "Measure 4";
    m.definition = "Offences recorded by the police, as asked in round 4 of our requests";
    f.store.update(m);
    Source src = f.store.sources().at(0);
    src.title = "Source 4";
    f.store.update(src);
    const app::ReadinessFacts facts = app::readReadinessFacts(f.store, app::buildWorkbookModel(f.store, 0), 5);
    BOOST_TEST_REQUIRE(std::binary_search(facts.suppressedCounts.begin(), facts.suppressedCounts.end(), 4.0));
    const auto quiet = app::checkReadiness(f.store, 0, false, 5);
    BOOST_TEST(!quiet.blocked(), describe(quiet));

    src.publisher = "Source 4, which 4 forces answered";
    f.store.update(src);
    const auto list = app::checkReadiness(f.store, 0, false, 5);
    bool publisher = false;
    for (const auto& i : list.items)
        publisher = publisher || (i.blocking && i.where == "Source 'Source 4', publisher");
    BOOST_TEST(publisher, describe(list));
}

BOOST_AUTO_TEST_CASE(years_ages_question_numbers_and_parts_of_words_are_not_counts)
{
    const std::string quiet =
        "aged 4, age 4, question 4, Question 4, 4 years old, 2015/16, 13-15, Q4, CS-004, in 2019, "
        "[note 4], case study 4, table 4, 4th, 4pm, 10:45, 2019-06-28, v4.2, 4/5, Measure 4, Source 4, round 4, "
        "wave 4, part 4, section 4, paragraph 4, annex 4, appendix 4, version 4";
    BOOST_TEST(app::countsInText(quiet).empty());
    const auto found = app::countsInText("4 children, 1,204 offences, 3.5 per cent (12).");
    BOOST_TEST_REQUIRE(found.size() == 4U);
    BOOST_TEST(found[0].value == 4.0);
    BOOST_TEST(found[1].value == 1204.0);
    BOOST_TEST(found[2].value == 3.5);
    BOOST_TEST(found[3].value == 12.0);
}

BOOST_AUTO_TEST_SUITE_END()
