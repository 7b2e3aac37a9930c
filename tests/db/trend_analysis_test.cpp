// Issue [7]: the trends of a measure read its observations once, in identity order, and group the
// breakdowns as runs of that order. These tests pin what that must keep: the same observations as
// Store::observations() and the same breakdowns, in the same order, as grouping them one by one.

#include "app/trend_analysis.h"
#include "core/errors.h"
#include "core/trends/report.h"
#include "store_fixture.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <tuple>

using namespace evidence;
using evidence::test::StoreFixture;

namespace {

struct Figures : StoreFixture
{
    RowId measureId = 0;
    std::vector<RowId> areaIds;

    Figures()
    {
        Source first, second;
        first.title = "FOI 1";
        second.title = "FOI 2";
        store.insert(first);
        store.insert(second);
        Measure m;
        m.name = "Sexual offences against under-18s";
        store.insert(m);
        measureId = m.id;
        areaIds = {store.areasByCode("E23000039").at(0).id, store.areasByCode("E23000036").at(0).id};

        // Inserted out of order on purpose: areas, periods, dimensions and categories interleaved.
        struct Row
        {
            std::size_t area;
            const char* period;
            const char* dimension;
            const char* category;
            std::optional<double> value;
            const char* markers;
        };
        const std::vector<Row> rows = {
            {1, "2017/18", "victim age", "2", 4, ""},
            {0, "2016/17", "", "", 40, ""},
            {0, "2015/16", "victim age", "10", 7, ""},
            {1, "2015/16", "", "", 12, "[r]"},
            {0, "2015/16", "sex", "male", 3, ""},
            {0, "2015/16", "victim age", "aged 5", 2, ""},
            {1, "2017/18", "victim age", "10", {}, "[c]"},
            {0, "2015/16", "", "", 30, ""},
            {0, "2015/16", "sex", "female", 9, ""},
            {0, "2016/17", "victim age", "2", 0, ""},
            {1, "2017/18", "", "", 15, ""},
            {0, "2015/16", "victim age", "2", 1, ""},
            {0, "2017/18", "", "", {}, "[x]"},
            {1, "2016/17", "", "", 14, ""},
            {0, "2016/17", "victim age", "not recorded", 5, ""},
        };
        db::Store::Transaction tx(store);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            Observation o;
            o.measureId = measureId;
            o.areaId = areaIds[rows[i].area];
            o.period = Period::parse(rows[i].period);
            o.dimension = rows[i].dimension;
            o.category = rows[i].category;
            o.value = rows[i].value;
            o.markers = Markers::parse(rows[i].markers);
            o.sourceId = i % 2 ? first.id : second.id;
            o.note = "note " + std::to_string(i);
            store.insert(o);
        }
        tx.commit();
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(trend_analysis)

BOOST_FIXTURE_TEST_CASE(observations_for_analysis_are_the_observations_in_identity_order, Figures)
{
    db::ObservationFilter f;
    f.measureId = measureId;
    const auto all = store.observations(f);
    const auto lean = store.observationsForAnalysis(measureId);
    BOOST_REQUIRE_EQUAL(lean.size(), all.size());
    BOOST_TEST(std::is_sorted(lean.begin(), lean.end(), [](const Observation& a, const Observation& b) {
        return std::make_tuple(a.areaId, a.period.sortKey(), a.dimension, a.category, a.sourceId) <
               std::make_tuple(b.areaId, b.period.sortKey(), b.dimension, b.category, b.sourceId);
    }));
    for (const auto& o : lean) {
        const auto same = std::find_if(all.begin(), all.end(), [&](const Observation& x) { return x.id == o.id; });
        BOOST_REQUIRE(same != all.end());
        BOOST_TEST(o.uuid.empty());
        BOOST_TEST(o.note.empty());
        BOOST_TEST(o.measureId == same->measureId);
        BOOST_TEST(o.areaId == same->areaId);
        BOOST_TEST(o.period.toString() == same->period.toString());
        BOOST_TEST(o.dimension == same->dimension);
        BOOST_TEST(o.category == same->category);
        BOOST_TEST((o.value == same->value));
        BOOST_TEST(o.markers.toString() == same->markers.toString());
        BOOST_TEST(o.sourceId == same->sourceId);
    }
    BOOST_TEST(store.observationsForAnalysis(measureId + 1000).empty());
}

BOOST_FIXTURE_TEST_CASE(breakdowns_are_those_of_each_area_period_and_dimension_in_order, Figures)
{
    // The reference: every breakdown grouped one observation at a time, as the analysis did before.
    db::ObservationFilter f;
    f.measureId = measureId;
    std::map<std::tuple<RowId, std::int64_t, std::string>, std::vector<Observation>> expected;
    for (const auto& o : store.observations(f))
        if (!o.isTotal())
            expected[{o.areaId, o.period.sortKey(), o.dimension}].push_back(o);

    trends::DistributionOptions options; // as analyseMeasure() asks by default
    options.threshold = 10;
    const auto analysis = app::analyseMeasure(store, measureId);
    BOOST_REQUIRE_EQUAL(analysis.breakdowns.size(), expected.size());
    std::size_t i = 0;
    for (const auto& [key, obs] : expected) {
        const auto& got = analysis.breakdowns[i++];
        BOOST_TEST(got.area.id == std::get<0>(key));
        const auto want = trends::computeDistribution(obs, options);
        BOOST_TEST(got.distribution.period.toString() == want.period.toString());
        BOOST_TEST(trends::renderCsv(trends::distributionTable(got.distribution, trends::Precision::Full)) ==
                   trends::renderCsv(trends::distributionTable(want, trends::Precision::Full)));
        BOOST_TEST(got.distribution.exclusionNote == want.exclusionNote);
        BOOST_TEST(got.distribution.medianCategory == want.medianCategory);
    }

    // Totals: one series per area, and the selected area keeps only its own breakdowns.
    BOOST_TEST(analysis.series.size() == 2u);
    app::AnalysisOptions only;
    only.areaId = areaIds[1];
    const auto one = app::analyseMeasure(store, measureId, only);
    BOOST_REQUIRE_EQUAL(one.breakdowns.size(), 1u);
    BOOST_TEST(one.breakdowns[0].area.id == areaIds[1]);
    BOOST_TEST(one.breakdowns[0].distribution.categories.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_repeated_category_is_still_refused, Figures)
{
    Observation o;
    o.measureId = measureId;
    o.areaId = areaIds[0];
    o.period = Period::parse("2015/16");
    o.dimension = "victim age";
    o.category = "Aged 5"; // "aged 5" in other letters
    o.value = 1;
    o.sourceId = store.sources().at(0).id;
    store.insert(o);
    BOOST_CHECK_THROW(app::analyseMeasure(store, measureId), DataError);
}

BOOST_AUTO_TEST_SUITE_END()
