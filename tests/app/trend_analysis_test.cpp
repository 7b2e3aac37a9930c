// The trends of a measure read its observations once, as compact rows whose texts are
// numbered in byte order, and regroup the breakdowns within each area. These tests pin what that must
// keep: the same observations as Store::observations() and the same breakdowns, in the same order, as
// grouping them one by one.

#include "app/trend_analysis.h"
#include "core/errors.h"
#include "core/trends/report.h"
#include "support/store_fixture.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <tuple>

using namespace evidence;
using evidence::test::StoreFixture;

namespace {

struct Row
{
    std::size_t area;
    const char* period;
    const char* dimension;
    const char* category;
    std::optional<double> value;
    const char* markers;
};

// Out of order on purpose: areas, periods, dimensions and categories interleaved.
const std::vector<Row> kRows = {
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

struct Figures : StoreFixture
{
    RowId measureId = 0;
    std::vector<RowId> areaIds;
    std::vector<RowId> sourceIds;

    Figures()
    {
        Source first, second;
        first.title = "FOI 1";
        second.title = "FOI 2";
        store.insert(first);
        store.insert(second);
        sourceIds = {first.id, second.id};
        areaIds = {store.areasByCode("E23000039").at(0).id, store.areasByCode("E23000036").at(0).id};
        measureId = addMeasure("Sexual offences against under-18s", kRows);
    }

    /// A measure with @p rows, inserted in the order given; each value scaled by @p scale.
    RowId addMeasure(const std::string& name, const std::vector<Row>& rows, double scale = 1)
    {
        Measure m;
        m.name = name;
        store.insert(m);
        db::Store::Transaction tx(store);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            Observation o;
            o.measureId = m.id;
            o.areaId = areaIds[rows[i].area];
            o.period = Period::parse(rows[i].period);
            o.dimension = rows[i].dimension;
            o.category = rows[i].category;
            if (rows[i].value)
                o.value = *rows[i].value * scale;
            o.markers = Markers::parse(rows[i].markers);
            o.sourceId = sourceIds[i % 2 ? 0 : 1];
            o.note = "note " + std::to_string(i);
            store.insert(o);
        }
        tx.commit();
        return m.id;
    }

    /// One more figure of the fixture's measure.
    void addFigure(std::size_t area, const std::string& period, const std::string& dimension,
                   const std::string& category, double value, RowId sourceId)
    {
        Observation o;
        o.measureId = measureId;
        o.areaId = areaIds[area];
        o.period = Period::parse(period);
        o.dimension = dimension;
        o.category = category;
        o.value = value;
        o.sourceId = sourceId;
        store.insert(o);
    }
};

/// Everything an analysis shows, as text, to compare two analyses whole.
std::string describe(const app::MeasureAnalysis& a)
{
    std::string out = "measure " + a.measure.name + "\n" + trends::formatSeriesCsv(a.series);
    for (const auto& area : a.seriesAreas)
        out += "series area " + area.name + "\n";
    if (a.scope)
        out += "scope " + a.scope->name + "\n";
    for (const auto& m : a.scopeMembers)
        out += "member " + m.name + "\n";
    if (a.totals)
        out += trends::renderCsv(trends::totalsTable(*a.totals, trends::Precision::Full));
    for (const auto& b : a.breakdowns)
        out += "breakdown " + b.area.name + "\n" +
               trends::renderCsv(trends::distributionTable(b.distribution, trends::Precision::Full));
    for (const auto& o : a.totalObservations)
        out += "total " + std::to_string(o.areaId) + " " + o.period.toString() + " " + o.markers.toString() + " " +
               o.note + "\n";
    for (RowId s : a.sourceIds)
        out += "source " + std::to_string(s) + "\n";
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(trend_analysis)

/// Every row of @p lean is the store's observation with its id, and the texts are numbered in byte order.
void checkRows(const db::Store& store, const db::AnalysisRows& lean)
{
    db::ObservationFilter f;
    f.measureId = lean.measureId;
    const auto all = store.observations(f);
    BOOST_REQUIRE_EQUAL(lean.rows.size(), all.size());
    BOOST_TEST(lean.texts.at(0).empty());
    BOOST_TEST((std::adjacent_find(lean.texts.begin(), lean.texts.end(), std::greater_equal<>()) == lean.texts.end()));
    for (const auto& row : lean.rows) {
        const auto o = lean.observation(row);
        const auto same = std::find_if(all.begin(), all.end(), [&](const Observation& x) { return x.id == o.id; });
        BOOST_REQUIRE(same != all.end());
        BOOST_TEST(o.uuid.empty());
        BOOST_TEST(o.note == same->note);
        BOOST_TEST(o.measureId == same->measureId);
        BOOST_TEST(o.areaId == same->areaId);
        BOOST_TEST(o.period.toString() == same->period.toString());
        BOOST_TEST(o.dimension == same->dimension);
        BOOST_TEST(o.category == same->category);
        BOOST_TEST((o.value == same->value));
        BOOST_TEST(o.markers.toString() == same->markers.toString());
        BOOST_TEST(o.sourceId == same->sourceId);
        BOOST_TEST(row.isTotal() == same->isTotal());
    }
}

BOOST_FIXTURE_TEST_CASE(observations_for_analysis_are_the_observations_in_identity_order, Figures)
{
    const auto lean = store.observationsForAnalysis(measureId);
    checkRows(store, lean);
    BOOST_TEST(std::is_sorted(lean.rows.begin(), lean.rows.end(), [](const auto& a, const auto& b) {
        return std::make_tuple(a.areaId, a.dimension, a.category, a.periodKey, a.sourceId) <
               std::make_tuple(b.areaId, b.dimension, b.category, b.periodKey, b.sourceId);
    }));
    BOOST_TEST(store.observationsForAnalysis(measureId + 1000).rows.empty());
}

BOOST_FIXTURE_TEST_CASE(rows_read_in_the_tables_order_are_the_observations, Figures)
{
    // Categories of one length in a cycle that changes ("12" is followed by "11", then by "13", then by
    // "14"), so the reader's guess of the next category is wrong as often as right.
    std::vector<Row> rows = kRows;
    for (const auto& [period, category] : std::vector<std::pair<const char*, const char*>>{{"2020/21", "12"},
                                                                                           {"2020/21", "11"},
                                                                                           {"2021/22", "12"},
                                                                                           {"2021/22", "13"},
                                                                                           {"2022/23", "12"},
                                                                                           {"2022/23", "14"},
                                                                                           {"2022/23", "11"}})
        rows.push_back({1, period, "victim age", category, 1, ""});
    const RowId cycling = addMeasure("Cycling categories", rows);
    std::size_t seen = 0;
    store.forEachMeasureForAnalysis({measureId, cycling}, [&](db::AnalysisRows lean) {
        ++seen;
        checkRows(store, lean);
    });
    BOOST_TEST(seen == 2u);
}

BOOST_FIXTURE_TEST_CASE(breakdowns_are_those_of_each_area_period_and_dimension_in_order, Figures)
{
    // The reference: every breakdown grouped one observation at a time, as the analysis did before.
    db::ObservationFilter f;
    f.measureId = measureId;
    std::map<std::tuple<RowId, std::int64_t, std::string>, std::vector<Observation>> expected;
    std::map<std::pair<RowId, std::int64_t>, double> areaTotals; // each breakdown is of its area's total
    for (const auto& o : store.observations(f))
        if (!o.isTotal())
            expected[{o.areaId, o.period.sortKey(), o.dimension}].push_back(o);
        else if (o.value && !o.markers.hasReplacing())
            areaTotals[{o.areaId, o.period.sortKey()}] = *o.value;

    trends::DistributionOptions options; // as analyseMeasure() asks by default
    options.threshold = 10;
    const auto analysis = app::analyseMeasure(store, measureId);
    BOOST_REQUIRE_EQUAL(analysis.breakdowns.size(), expected.size());
    std::size_t i = 0;
    for (const auto& [key, obs] : expected) {
        const auto& got = analysis.breakdowns[i++];
        BOOST_TEST(got.area.id == std::get<0>(key));
        BOOST_TEST(got.distribution.dimension == std::get<2>(key));
        options.areaTotal.reset();
        if (const auto t = areaTotals.find({std::get<0>(key), std::get<1>(key)}); t != areaTotals.end())
            options.areaTotal = t->second;
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
    // A second period of the first area's "sex" breakdown.
    addFigure(0, "2016/17", "sex", "male", 6, store.sources().at(0).id);

    // In identity order each dimension comes whole (every period), and within it each period's
    // categories are interleaved with the other periods'.
    std::vector<std::string> read;
    const auto lean = store.observationsForAnalysis(measureId);
    for (const auto& row : lean.rows)
        if (const auto x = lean.observation(row); x.areaId == areaIds[0] && !x.isTotal())
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
    // "Aged 5" is "aged 5" in other letters.
    addFigure(0, "2015/16", "victim age", "Aged 5", 1, store.sources().at(0).id);
    BOOST_CHECK_THROW(app::analyseMeasure(store, measureId), DataError);
}

BOOST_FIXTURE_TEST_CASE(several_measures_at_once_give_what_each_gives_alone, Figures)
{
    // The same figures in three other orders: grouped by area in ascending order with each area's rows
    // shuffled, already in identity order, and areas descending. Plus a measure with no figures.
    std::vector<Row> byArea = kRows, identity = kRows, descending = kRows;
    std::stable_sort(byArea.begin(), byArea.end(),
                     [&](const Row& a, const Row& b) { return areaIds[a.area] < areaIds[b.area]; });
    auto key = [&](const Row& r) {
        return std::make_tuple(areaIds[r.area], std::string(r.dimension), std::string(r.category),
                               Period::parse(r.period).sortKey());
    };
    std::sort(identity.begin(), identity.end(), [&](const Row& a, const Row& b) { return key(a) < key(b); });
    std::sort(descending.begin(), descending.end(), [&](const Row& a, const Row& b) { return key(a) > key(b); });
    const RowId grouped = addMeasure("Grouped by area", byArea, 2);
    const RowId ordered = addMeasure("In identity order", identity, 3);
    const RowId reversed = addMeasure("Areas descending", descending, 5);
    Measure none;
    none.name = "No figures yet";
    store.insert(none);

    const std::vector<RowId> ids = {reversed, measureId, none.id, grouped, ordered, measureId};
    const auto together = app::analyseMeasures(store, ids);
    BOOST_REQUIRE_EQUAL(together.size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto alone = app::analyseMeasure(store, ids[i]);
        BOOST_TEST(describe(together[i]) == describe(alone));
    }
    BOOST_TEST(together[2].series.empty());
    BOOST_TEST(together[2].breakdowns.empty());
    // The values differ by measure, so a mix-up between measures would show.
    BOOST_TEST(describe(together[0]) != describe(together[1]));
    BOOST_CHECK_THROW(app::analyseMeasures(store, {measureId, 999999}), NotFoundError);
}

BOOST_FIXTURE_TEST_CASE(of_several_measures_in_error_the_first_asked_for_is_reported, Figures)
{
    // Each repeats a category in other letters, in a different period, which the message names.
    std::vector<Row> rows = kRows, others = kRows;
    rows.push_back({0, "2015/16", "victim age", "Aged 5", 1, ""});
    others.push_back({0, "2016/17", "victim age", "Not recorded", 1, ""});
    const RowId first = addMeasure("First in error", rows);
    const RowId second = addMeasure("Second in error", others);
    for (const auto& [ids, period] : {std::pair{std::vector<RowId>{measureId, second, first}, "2016/17"},
                                      std::pair{std::vector<RowId>{first, measureId, second}, "2015/16"}}) {
        try {
            app::analyseMeasures(store, ids);
            BOOST_ERROR("no error reported for " << period);
        } catch (const DataError& e) {
            BOOST_TEST(std::string(e.what()).find(period) != std::string::npos, e.what());
        }
    }
}

BOOST_FIXTURE_TEST_CASE(a_read_snapshot_sees_the_store_as_of_one_moment, Figures)
{
    auto reader = db::Store::open(path, db::OpenMode::ReadOnly);
    const auto before = reader.observationCount();
    {
        const db::Store::ReadSnapshot snapshot(reader);
        BOOST_TEST(reader.observationCount() == before);
        addMeasure("Saved meanwhile", kRows); // by another connection, as the GUI or a second program would
        BOOST_TEST(reader.observationCount() == before);
        BOOST_TEST(!reader.measureByName("Saved meanwhile"));
        {
            const db::Store::ReadSnapshot nested(reader); // does nothing: the outer one holds the moment
        }
        BOOST_TEST(reader.observationCount() == before);
    }
    BOOST_TEST(reader.observationCount() == before + kRows.size());
    {
        const db::Store::ReadSnapshot snapshot(store);
        BOOST_CHECK_THROW(db::Store::Transaction tx(store), Error); // a change inside it is refused
    }
    db::Store::Transaction tx(store); // and allowed again after it
    tx.commit();
}

BOOST_FIXTURE_TEST_CASE(an_analysis_keeps_the_totals_and_the_sources_in_identity_order, Figures)
{
    // A third source, first seen in a breakdown of the second area only: it must still be named.
    Source third;
    third.title = "FOI 3";
    store.insert(third);
    addFigure(1, "2016/17", "victim age", "2", 1, third.id);

    db::ObservationFilter f;
    f.measureId = measureId;
    std::vector<RowId> wantTotals, wantSources;
    std::vector<std::string> wantNotes;
    for (const auto& x : store.observations(f)) { // identity order
        if (x.isTotal()) {
            wantTotals.push_back(x.id);
            wantNotes.push_back(x.note);
        }
        if (std::find(wantSources.begin(), wantSources.end(), x.sourceId) == wantSources.end())
            wantSources.push_back(x.sourceId);
    }
    BOOST_REQUIRE_EQUAL(wantSources.size(), 3u);
    for (const auto& a :
         {app::analyseMeasure(store, measureId), app::analyseMeasures(store, {measureId, measureId})[0]}) {
        std::vector<RowId> gotTotals;
        std::vector<std::string> gotNotes;
        for (const auto& t : a.totalObservations) {
            BOOST_TEST(t.isTotal());
            gotTotals.push_back(t.id);
            gotNotes.push_back(t.note);
        }
        BOOST_TEST(gotTotals == wantTotals, boost::test_tools::per_element());
        BOOST_TEST(gotNotes == wantNotes, boost::test_tools::per_element());
        BOOST_TEST(a.sourceIds == wantSources, boost::test_tools::per_element());
    }
}

// One category of a large total is measured against that total, with its note.
BOOST_FIXTURE_TEST_CASE(a_breakdown_is_of_its_areas_total, StoreFixture)
{
    const auto [measureId, sourceId] = test::addOffencesAndFoi(store);
    const RowId area = store.areasByCode("E23000039").at(0).id;
    auto add = [&](const char* dimension, const char* category, double value, const char* note) {
        Observation o;
        o.measureId = measureId;
        o.areaId = area;
        o.period = Period::parse("2018/19");
        o.dimension = dimension;
        o.category = category;
        o.value = value;
        o.sourceId = sourceId;
        o.note = note;
        store.insert(o);
    };
    add("", "", 1000, "");
    add("victim age", "10 and under", 40, "Another version gives 35");
    const auto a = app::analyseMeasure(store, measureId);
    BOOST_REQUIRE_EQUAL(a.breakdowns.size(), 1u);
    const auto& d = a.breakdowns[0].distribution;
    BOOST_TEST(d.partial);
    BOOST_TEST(d.notRecorded.value() == 960.0);
    BOOST_TEST(d.categories.at(0).share.value() == 0.04, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(d.categories.at(0).note == "Another version gives 35");
    BOOST_TEST(d.mostCommon.empty());
}

// British Transport Police polices the railways across other forces' areas, so a
// total of the forces of Great Britain leaves it out (and a national total has 44 forces, never 46).
BOOST_FIXTURE_TEST_CASE(british_transport_police_is_never_in_scope, StoreFixture)
{
    const auto [measureId, sourceId] = test::addOffencesAndFoi(store);
    std::optional<Area> btp;
    for (const auto& area : store.areas())
        if (area.name == "British Transport Police")
            btp = area;
    BOOST_REQUIRE(btp.has_value());
    BOOST_TEST(!isTerritorialForce(*btp));
    auto add = [&](RowId areaId, const char* period, double value) {
        Observation o;
        o.measureId = measureId;
        o.areaId = areaId;
        o.period = Period::parse(period);
        o.value = value;
        o.sourceId = sourceId;
        store.insert(o);
    };
    const RowId dorset = store.areasByCode("E23000039").at(0).id;
    add(dorset, "2015/16", 10);
    add(dorset, "2018/19", 20);
    add(btp->id, "2015/16", 5);
    add(btp->id, "2018/19", 9);
    const auto a = app::analyseMeasure(store, measureId);
    BOOST_REQUIRE(a.totals.has_value());
    for (const auto& member : a.scopeMembers)
        BOOST_TEST(member.name != "British Transport Police");
    BOOST_TEST(a.totals->likeForLike.coverage.covered == 1u);
    BOOST_TEST(a.totals->periods.back().total.value() == 20.0);
    // Every scope leaves it out, the United Kingdom's too: the 43 forces of England and Wales and the Police
    // Service of Northern Ireland (Police Scotland counts crime under another standard).
    app::AnalysisOptions uk;
    uk.scopeAreaId = store.areasByCode("K02000001").at(0).id;
    const auto all = app::analyseMeasure(store, measureId, uk);
    BOOST_TEST(all.scopeMembers.size() == 44u);
    BOOST_TEST(all.totals->likeForLike.coverage.inScope == 44u);
    for (const auto& member : all.scopeMembers)
        BOOST_TEST(member.name != "Police Scotland");
}

// The coverage threshold is the submission's: the analysis, its headline and the workbook use it unless told
// otherwise for one run.
BOOST_FIXTURE_TEST_CASE(the_analysis_uses_the_submissions_coverage_threshold, StoreFixture)
{
    const auto [measureId, sourceId] = test::addOffencesAndFoi(store);
    for (const char* code : {"E23000039", "E23000038"}) // two forces of England's 39: 5% coverage
        for (const auto& [period, value] : {std::pair{"2015/16", 10.0}, std::pair{"2018/19", 20.0}}) {
            Observation o;
            o.measureId = measureId;
            o.areaId = store.areasByCode(code).at(0).id;
            o.period = Period::parse(period);
            o.value = value;
            o.sourceId = sourceId;
            store.insert(o);
        }
    Submission s;
    s.consultationId = store.consultations().at(0).id;
    s.title = "Response";
    store.insert(s);
    app::AnalysisOptions england;
    england.scopeAreaId = store.areasByCode("E92000001").at(0).id;
    auto a = app::analyseMeasure(store, measureId, england);
    BOOST_TEST(a.totalsContext.coverageThreshold == 0.5);
    BOOST_TEST(trends::headline(*a.totals, a.totalsContext).find("No change is given") != std::string::npos);

    s.coverageThreshold = 0.05;
    store.update(s);
    a = app::analyseMeasure(store, measureId, england);
    BOOST_TEST(a.totalsContext.coverageThreshold == 0.05);
    BOOST_TEST(trends::headline(*a.totals, a.totalsContext).find("No change is given") == std::string::npos);
    england.coverageThreshold = 0.5; // given for one run, it wins
    BOOST_TEST(app::analyseMeasure(store, measureId, england).totalsContext.coverageThreshold == 0.5);
    BOOST_TEST(app::analyseMeasures(store, {measureId})[0].totalsContext.coverageThreshold == 0.05);
}

BOOST_AUTO_TEST_SUITE_END()
