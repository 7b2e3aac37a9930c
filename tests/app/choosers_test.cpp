// What the lists a person chooses from show, on the reference areas a new store holds.
#include "app/choosers.h"
#include "support/store_fixture.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

using namespace evidence;

BOOST_AUTO_TEST_SUITE(choosers)

BOOST_FIXTURE_TEST_CASE(areas_that_share_a_name_are_told_apart_by_kind, test::StoreFixture)
{
    const std::vector<Area> all = store.areas();
    const std::vector<std::string> labels = app::areaLabels(all);
    BOOST_TEST(std::count(labels.begin(), labels.end(), "West Midlands (police force)") == 1);
    BOOST_TEST(std::count(labels.begin(), labels.end(), "West Midlands (region)") == 1);
    BOOST_TEST(std::count(labels.begin(), labels.end(), "West Midlands") == 0);
    BOOST_TEST(std::count(labels.begin(), labels.end(), "Dorset") == 1); // a unique name stays as it is
    // A list of the regions alone still names the region by kind: the store knows the force of that name.
    std::vector<Area> regions;
    std::copy_if(all.begin(), all.end(), std::back_inserter(regions),
                 [](const Area& a) { return a.kind == AreaKind::Region; });
    const auto regionLabels = app::areaLabels(regions, all);
    BOOST_TEST(std::count(regionLabels.begin(), regionLabels.end(), "West Midlands (region)") == 1);
    const auto it = std::find_if(all.begin(), all.end(), [](const Area& a) {
        return a.name == "West Midlands" && a.kind == AreaKind::PoliceForceArea;
    });
    BOOST_REQUIRE(it != all.end());
    BOOST_TEST(app::areaLabel(*it, all) == "West Midlands (police force)");
}

BOOST_AUTO_TEST_CASE(type_to_find_matches_every_word_in_any_order_ignoring_case)
{
    BOOST_TEST(app::matchesSearch("West Midlands (region)", "mid west"));
    BOOST_TEST(app::matchesSearch("West Midlands (region)", "  REGION "));
    BOOST_TEST(app::matchesSearch("West Midlands (region)", ""));
    BOOST_TEST(!app::matchesSearch("West Midlands (region)", "force"));
    BOOST_TEST(!app::matchesSearch("Dorset", "dorset x"));
    const std::vector<std::string> labels{"Avon and Somerset", "Dorset", "West Midlands (police force)",
                                          "West Midlands (region)"};
    BOOST_TEST((app::searchMatches(labels, "west") == std::vector<std::size_t>{2, 3}));
    BOOST_TEST((app::searchMatches(labels, "s") == std::vector<std::size_t>{0, 1, 2, 3}));
    BOOST_TEST(app::searchMatches(labels, "zzz").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(list_order)

BOOST_AUTO_TEST_CASE(sources_are_found_by_title_publisher_or_address_and_sorted)
{
    std::vector<Source> s(3);
    s[0].title = "ONS crime survey";
    s[0].publisher = "Office for National Statistics";
    s[0].datePublished = "2020-01-01";
    s[1].title = "FOI to forces";
    s[1].publisher = "NSPCC";
    s[2].title = "annual report";
    s[2].url = "https://example.org/nspcc";
    BOOST_TEST((app::arrangeSources(s, "", app::SourceOrder::Added) == std::vector<std::size_t>{0, 1, 2}));
    BOOST_TEST((app::arrangeSources(s, "", app::SourceOrder::Title) == std::vector<std::size_t>{2, 1, 0}));
    // Without a publisher, last.
    BOOST_TEST((app::arrangeSources(s, "", app::SourceOrder::Publisher) == std::vector<std::size_t>{1, 0, 2}));
    BOOST_TEST((app::arrangeSources(s, "", app::SourceOrder::Published) == std::vector<std::size_t>{0, 1, 2}));
    BOOST_TEST((app::arrangeSources(s, "nspcc", app::SourceOrder::Title) == std::vector<std::size_t>{2, 1}));
}

BOOST_AUTO_TEST_CASE(case_studies_are_found_by_reference_title_or_status_and_sorted)
{
    std::vector<CaseStudy> c(3);
    c[0].id = 1;
    c[0].reference = "CS-002";
    c[0].title = "Grooming online";
    c[1].id = 2;
    c[1].reference = "CS-001";
    c[1].title = "bullying";
    c[1].review = ReviewState::Reviewed;
    c[2].id = 3;
    c[2].reference = "CS-003";
    c[2].title = "Sextortion";
    const std::set<RowId> included{3};
    using app::CaseOrder;
    BOOST_TEST(
        (app::arrangeCaseStudies(c, "", CaseOrder::Reference, false, included) == std::vector<std::size_t>{1, 0, 2}));
    BOOST_TEST(
        (app::arrangeCaseStudies(c, "", CaseOrder::Reference, true, included) == std::vector<std::size_t>{2, 0, 1}));
    BOOST_TEST(
        (app::arrangeCaseStudies(c, "", CaseOrder::Title, false, included) == std::vector<std::size_t>{1, 0, 2}));
    BOOST_TEST((app::arrangeCaseStudies(c, "", CaseOrder::Status, false, included) ==
                std::vector<std::size_t>{0, 2, 1})); // drafts first
    BOOST_TEST(
        (app::arrangeCaseStudies(c, "", CaseOrder::Included, false, included) == std::vector<std::size_t>{2, 1, 0}));
    BOOST_TEST(
        (app::arrangeCaseStudies(c, "draft", CaseOrder::Reference, false, included) == std::vector<std::size_t>{0, 2}));
    BOOST_TEST((app::arrangeCaseStudies(c, "cs-00 online", CaseOrder::Reference, false, included) ==
                std::vector<std::size_t>{0}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cell_order)

BOOST_AUTO_TEST_CASE(figures_sort_by_value_before_text)
{
    BOOST_TEST(app::compareCells("82", "1,493") < 0);
    BOOST_TEST(app::compareCells("-12.5%", "+3%") < 0);
    BOOST_TEST(app::compareCells("\u221212", "3") < 0);
    BOOST_TEST(app::compareCells("82 [p]", "82") == 0);
    BOOST_TEST(app::compareCells("1,493", "Change") < 0);
    BOOST_TEST(app::compareCells("change", "Average") > 0);
    BOOST_TEST(app::compareCells("[x]", "5") > 0);
}

BOOST_AUTO_TEST_SUITE_END()
