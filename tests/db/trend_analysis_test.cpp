// Issue [7]: the trends of a measure read its observations once, in identity order, and regroup the
// breakdowns within each area. These tests pin what that must keep: the same observations as
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
        return std::make_tuple(a.areaId, a.dimension, a.category, a.period.sortKey(), a.sourceId) <
               std::make_tuple(b.areaId, b.dimension, b.category, b.period.sortKey(), b.sourceId);
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
        BOOST_TEST(got.distribution.dimension == std::get<2>(key));
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

BOOST_FIXTURE_TEST_CASE(breakdowns_interleaved_in_identity_order_are_regrouped, Figures)
{
    Observation o; // a second period of the first area's "sex" breakdown
    o.measureId = measureId;
    o.areaId = areaIds[0];
    o.period = Period::parse("2016/17");
    o.dimension = "sex";
    o.category = "male";
    o.value = 6;
    o.sourceId = store.sources().at(0).id;
    store.insert(o);

    // In identity order each dimension comes whole (every period), and within it each period's
    // categories are interleaved with the other periods'.
    std::vector<std::string> read;
    for (const auto& x : store.observationsForAnalysis(measureId))
        if (x.areaId == areaIds[0] && !x.isTotal())
            read.push_back(x.dimension + " " + x.category + " " + x.period.toString());
    BOOST_TEST(read ==
                   (std::vector<std::string>{"sex female 2015/16", "sex male 2015/16", "sex male 2016/17",
                                             "victim age 10 2015/16", "victim age 2 2015/16", "victim age 2 2016/17",
                                             "victim age aged 5 2015/16", "victim age not recorded 2016/17"}),
               boost::test_tools::per_element());

    // The breakdowns go by area, then period, then dimension.
    std::vector<std::string> got;
    for (const auto& b : app::analyseMeasure(store, measureId).breakdowns) {
        std::string line =
            std::to_string(b.area.id) + " " + b.distribution.period.toString() + " " + b.distribution.dimension + ":";
        for (const auto& c : b.distribution.categories)
            line += " " + c.category;
        for (const auto& c : b.distribution.notRecordedCategories)
            line += " (" + c.category + ")";
        got.push_back(line);
    }
    std::vector<std::string> want = {
        std::to_string(areaIds[0]) + " 2015/16 sex: female male",
        std::to_string(areaIds[0]) + " 2015/16 victim age: 2 aged 5 10",
        std::to_string(areaIds[0]) + " 2016/17 sex: male",
        std::to_string(areaIds[0]) + " 2016/17 victim age: 2 (not recorded)",
    };
    const std::string secondArea = std::to_string(areaIds[1]) + " 2017/18 victim age: 2 10";
    want.insert(areaIds[1] < areaIds[0] ? want.begin() : want.end(), secondArea);
    BOOST_TEST(got == want, boost::test_tools::per_element());
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
