#include "app/sample.h"
#include "support/store_fixture.h"

#include <boost/test/unit_test.hpp>

using namespace evidence;

BOOST_AUTO_TEST_SUITE(sample)

BOOST_AUTO_TEST_CASE(sample_submission_is_complete)
{
    test::TempDir dir;
    auto store = app::createSampleStore(dir.file("sample.evidence"), test::fixedOptions());
    BOOST_TEST(store.observationCount() == 15u);
    const auto cases = store.caseStudies();
    BOOST_REQUIRE(cases.size() == 4u);
    const auto subs = store.submissions();
    BOOST_REQUIRE(subs.size() == 1u);
    const auto selected = store.selectedCaseStudies(subs[0].id);
    BOOST_TEST(selected.size() == 3u);
    for (const auto& c : cases) {
        const bool isSelected = std::find(selected.begin(), selected.end(), c.id) != selected.end();
        BOOST_TEST_CONTEXT(c.reference)
        {
            BOOST_TEST(isSelected == (c.reference != "CS-004"));
            BOOST_TEST((c.review == ReviewState::Reviewed) == isSelected);
        }
    }
    const auto dorset = store.areasByCode("E23000039").at(0);
    db::ObservationFilter f;
    f.areaId = dorset.id;
    const auto obs = store.observations(f);
    BOOST_REQUIRE(obs.size() == 2u);
    BOOST_TEST(*obs[0].value == 28.0);
    BOOST_TEST(obs[0].period.toString() == "2015/16");
    BOOST_TEST(*obs[1].value == 82.0);
    f.areaId = store.areasByName("England, Wales and Northern Ireland").at(0).id;
    f.dimension = "";
    const auto national = store.observations(f);
    BOOST_REQUIRE(national.size() == 2u);
    BOOST_TEST(*national[0].value == 4042.0);
    BOOST_TEST(*national[1].value == 8224.0);
    BOOST_TEST(store.answers(subs[0].id).size() == 3u);
    // The published figures, as the reference lists them: Thames Valley 2015/16 was 303.
    f = {};
    f.areaId = store.areasByCode("E23000029").at(0).id;
    f.period = Period::parse("2015/16");
    BOOST_TEST(*store.observations(f).at(0).value == 303.0);
    // Each regional report that carries a force's figures is a source with its link and date.
    const auto sources = store.sources();
    BOOST_TEST(sources.size() == 7u);
    for (const auto& s : sources) {
        BOOST_TEST(!s.url.empty());
        BOOST_TEST(s.datePublished.starts_with("2019-06"));
    }
    BOOST_TEST(store.measures().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
