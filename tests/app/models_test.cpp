// The GUI-free helpers behind the forms (no windows).
#include "app/case_study_model.h"
#include "app/observation_grid_model.h"
#include "app/submission_model.h"
#include "core/errors.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>

using namespace evidence;
using namespace evidence::app;

BOOST_AUTO_TEST_SUITE(models)

BOOST_AUTO_TEST_CASE(cells_accept_figures_and_shorthand)
{
    BOOST_TEST(*parseCellInput("82").value == 82.0);
    BOOST_TEST(*parseCellInput(" 1,493 ").value == 1493.0);
    const CellInput x = parseCellInput("[x]");
    BOOST_TEST(!x.value);
    BOOST_TEST(x.markers.has(Marker::NotAvailable));
    const CellInput p = parseCellInput("12.5 [p]");
    BOOST_TEST(*p.value == 12.5);
    BOOST_TEST(p.markers.has(Marker::Provisional));
    BOOST_TEST(parseCellInput("").clear);
}

BOOST_AUTO_TEST_CASE(cells_refuse_what_is_not_a_figure_with_the_reason)
{
    try {
        parseCellInput("1,49");
        BOOST_FAIL("1,49 was accepted");
    } catch (const DataError& e) {
        BOOST_TEST(std::string(e.what()).find("thousands separators") != std::string::npos);
    }
    BOOST_CHECK_THROW(parseCellInput("-3"), DataError);
    BOOST_CHECK_THROW(parseCellInput("[q]"), DataError);
    BOOST_CHECK_THROW(parseCellInput("eighty"), DataError);
}

BOOST_AUTO_TEST_CASE(cell_text_reads_back)
{
    Observation o;
    o.value = 1493;
    BOOST_TEST(cellText(o) == "1,493");
    o.markers.add(Marker::Provisional);
    BOOST_TEST(cellText(o) == "1,493 [p]");
    Observation x;
    x.markers.add(Marker::NotAvailable);
    BOOST_TEST(cellText(x) == "[x]");
}

namespace {

/// A new store with one measure and one source, and a grid of three forces by 2015/16 to 2017/18.
struct GridFixture
{
    evidence::test::TempDir dir;
    db::Store store = db::Store::create(dir.file("grid.evidence"));
    ObservationGridModel model{store};

    GridFixture()
    {
        const auto [measureId, sourceId] = evidence::test::addOffencesAndFoi(store);
        model.load(measureId, "", "");
        model.setSourceId(sourceId);
        for (const char* code : {"E23000039", "E23000035", "E23000038"})
            model.addArea(store.areasByCode(code).at(0).id);
        for (const Period& p : parsePeriods("2015/16 to 2017/18"))
            model.addPeriod(p);
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(fill_down_copies_each_top_cell_into_the_rows_below_in_one_transaction, GridFixture)
{
    model.set(0, 0, "120");
    model.set(0, 1, "[x]");
    model.set(2, 1, "99");
    const auto plan = model.planFillDown(0, 0, 2, 1);
    BOOST_TEST(plan.refused.empty());
    BOOST_TEST(plan.cells.size() == 4u);
    BOOST_TEST(plan.replaced == 1u);
    model.applyPaste(plan);
    for (std::size_t r = 0; r < 3; ++r) {
        BOOST_TEST(model.text(r, 0) == "120");
        BOOST_TEST(model.text(r, 1) == "[x]");
    }
    BOOST_TEST(store.observationCount() == 6u);
    BOOST_TEST(model.planFillDown(1, 0, 1, 2).cells.empty()); // one row: nothing below to fill
}

BOOST_FIXTURE_TEST_CASE(fill_down_lists_every_cell_it_cannot_fill, GridFixture)
{
    model.set(0, 0, "120");
    model.set(0, 1, "130");
    model.setSourceId(0); // no source for new figures
    const auto plan = model.planFillDown(0, 0, 2, 1);
    BOOST_TEST(plan.refused.size() == 4u);
    BOOST_TEST(plan.refused.front().find("choose the source") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_figure_ten_times_its_neighbours_is_an_outlier_of_its_row, GridFixture)
{
    model.set(1, 0, "150");
    model.set(1, 2, "160");
    BOOST_TEST(!model.outlier(1, 1, "170").has_value());
    const auto o = model.outlier(1, 1, "1,550");
    BOOST_REQUIRE(o);
    BOOST_TEST(o->typical == 155.0);
    BOOST_TEST(!model.outlier(1, 1, "15x").has_value());   // not a figure: the save says why
    BOOST_TEST(!model.outlier(0, 1, "1,550").has_value()); // another row has no figures
    model.set(1, 1, "1,550");
    BOOST_TEST(model.outlier(1, 1).has_value());
}

BOOST_FIXTURE_TEST_CASE(rows_that_share_a_name_are_labelled_with_their_kind, GridFixture)
{
    const std::size_t force = model.addArea(store.areasByCode("E23000014").at(0).id);
    const std::size_t region = model.addArea(store.areasByCode("E12000005").at(0).id);
    BOOST_TEST(model.rowLabel(force) == "West Midlands (police force)");
    BOOST_TEST(model.rowLabel(region) == "West Midlands (region)");
    BOOST_TEST(model.rowLabel(*model.rowOf(store.areasByCode("E23000039").at(0).id)) == "Dorset");
}

BOOST_AUTO_TEST_CASE(submission_fields_name_the_field_and_what_to_do)
{
    Submission s;
    s.title = "Response";
    s.contactEmail = "policy@charity.org.uk";
    s.asAt = "2019-06-28T09:00:00Z";
    BOOST_TEST(checkSubmissionFields(s).empty());
    s.contactEmail = "jane@";
    s.asAt = "28/06/2019";
    const auto problems = checkSubmissionFields(s);
    BOOST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0].message.rfind("Organisational email:", 0) == 0u);
    BOOST_TEST(problems[1].message.rfind("As at:", 0) == 0u);
    BOOST_TEST(isIsoDate("2020-02-29"));
    BOOST_TEST(!isIsoDate("2019-02-29"));
    BOOST_TEST(asAtFromDate("2019-06-28", "2019-06-28T09:00:00Z") == "2019-06-28T09:00:00Z");
    BOOST_TEST(asAtFromDate("2019-07-01", "2019-06-28T09:00:00Z") == "2019-07-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(case_references_and_numbers)
{
    BOOST_TEST(nextCaseReference({"CS-001", "CS-004", "other"}) == "CS-005");
    BOOST_TEST(nextCaseReference({}) == "CS-001");
    BOOST_TEST(*parseWholeNumber("14", "Age", 0, 25) == 14);
    BOOST_TEST(!parseWholeNumber(" ", "Age", 0, 25));
    BOOST_CHECK_THROW(parseWholeNumber("fourteen", "Age", 0, 25), DataError);
}

BOOST_AUTO_TEST_SUITE_END()
