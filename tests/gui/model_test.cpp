// The GUI-free helpers behind the forms (no windows).
#include "core/errors.h"
#include "gui/case_study_model.h"
#include "gui/observation_grid_model.h"
#include "gui/submission_model.h"

#include <boost/test/unit_test.hpp>

using namespace evidence;
using namespace evidence::gui;

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
