// Small-count suppression of the workbook model (export/suppression.h) and through the export use case. The
// attack on the written workbooks is tests/export/attack_suppression.py (CTest export_suppression_*).

#include "app/export_job.h"
#include "app/importer.h"
#include "app/lookup.h"
#include "core/errors.h"
#include "export/suppression.h"
#include "export_fixture.h"

#include <boost/test/unit_test.hpp>

using namespace evidence;
using namespace evidence::test;

namespace {

// The fixture of tests/data/suppression: ten forces of the south of England and the South West region, four
// years, each figure broken down by victim age.
struct SmallCounts
{
    TempDir dir;
    db::Store store = db::Store::create(dir.file("fixture.evidence"), fixedOptions());

    SmallCounts()
    {
        app::ensureSubmission(store, {}, "Test charity");
        app::ImportOptions o;
        o.createMissing = true;
        app::importCsv(store, sourcePath("tests/data/suppression/observations.csv"), o);
    }
    xlsx::WorkbookModel model() const { return app::buildWorkbookModel(store, 0, "test"); }
};

bool hidden(const trends::Figure& f)
{
    return f.code() == trends::code::kSuppressed;
}

} // namespace

BOOST_AUTO_TEST_SUITE(suppression)

BOOST_AUTO_TEST_CASE(every_count_below_the_threshold_and_every_zero_in_a_breakdown_is_hidden)
{
    SmallCounts f;
    const xlsx::WorkbookModel before = f.model();
    xlsx::WorkbookModel after = before;
    const auto summary = xlsx::suppressSmallCounts(after, {5, {}});
    BOOST_TEST(summary.primary > 0u);
    BOOST_TEST(summary.secondary > 0u);
    BOOST_REQUIRE(after.suppression.has_value());
    BOOST_TEST(after.suppression->threshold == 5);

    BOOST_REQUIRE_EQUAL(before.measures.size(), 1u);
    const auto& b = before.measures[0];
    const auto& a = after.measures[0];
    std::size_t primary = 0;
    for (std::size_t i = 0; i < b.series.size(); ++i)
        for (std::size_t k = 0; k < b.series[i].figures.points.size(); ++k) {
            const auto& was = b.series[i].figures.points[k].value;
            const auto& now = a.series[i].figures.points[k].value;
            if (was.computable() && was.value() > 0 && was.value() < 5) {
                BOOST_TEST(hidden(now), b.series[i].area.name << " " << was.value());
                ++primary;
            } else if (!hidden(now)) {
                BOOST_TEST((now == was)); // published counts are unchanged
            }
        }
    for (std::size_t i = 0; i < b.distributions.size(); ++i)
        for (std::size_t k = 0; k < b.distributions[i].distribution.categories.size(); ++k) {
            const auto& was = b.distributions[i].distribution.categories[k].count;
            if (was.computable() && was.value() < 5) {
                BOOST_TEST(hidden(a.distributions[i].distribution.categories[k].count));
                ++primary;
            }
        }
    BOOST_TEST(primary > 0u);
}

BOOST_AUTO_TEST_CASE(totals_keep_their_values_and_changes_from_a_hidden_count_are_hidden)
{
    SmallCounts f;
    const xlsx::WorkbookModel before = f.model();
    xlsx::WorkbookModel after = before;
    xlsx::suppressSmallCounts(after, {5, {}});
    const auto& b = before.measures[0];
    const auto& a = after.measures[0];
    BOOST_REQUIRE(b.totals && a.totals);
    for (std::size_t p = 0; p < b.totals->result.periods.size(); ++p) {
        const auto& now = a.totals->result.periods[p].total;
        if (!hidden(now))
            BOOST_TEST((now == b.totals->result.periods[p].total));
    }
    std::size_t checked = 0;
    for (const auto& s : a.series) {
        const auto& fig = s.figures;
        if (hidden(fig.first) || hidden(fig.last)) {
            for (const auto* derived : {&fig.absoluteChange, &fig.percentChange, &fig.foldChange, &fig.annualRate,
                                        &fig.ciLower, &fig.ciUpper})
                BOOST_TEST(hidden(*derived), s.area.name);
            ++checked;
        }
    }
    BOOST_TEST(checked > 0u);
    // A share whose count is hidden is hidden.
    for (const auto& ad : a.distributions)
        for (const auto& cc : ad.distribution.categories)
            if (hidden(cc.count))
                BOOST_TEST(!cc.share.computable());
}

BOOST_AUTO_TEST_CASE(the_same_model_gives_the_same_cells)
{
    SmallCounts f;
    xlsx::WorkbookModel one = f.model(), two = f.model();
    const auto s1 = xlsx::suppressSmallCounts(one, {10, {}});
    const auto s2 = xlsx::suppressSmallCounts(two, {10, {}});
    BOOST_TEST(s1.primary == s2.primary);
    BOOST_TEST(s1.secondary == s2.secondary);
    for (std::size_t i = 0; i < one.measures[0].series.size(); ++i)
        for (std::size_t k = 0; k < one.measures[0].series[i].figures.points.size(); ++k)
            BOOST_TEST((one.measures[0].series[i].figures.points[k].value ==
                        two.measures[0].series[i].figures.points[k].value));
}

BOOST_AUTO_TEST_CASE(a_threshold_outside_2_to_1000_is_refused)
{
    SmallCounts f;
    xlsx::WorkbookModel m = f.model();
    BOOST_CHECK_EXCEPTION(xlsx::suppressSmallCounts(m, {1, {}}), DataError, [](const DataError& e) {
        return std::string(e.what()) == "the suppression threshold must be a whole number from 2 to 1000, not 1";
    });
    BOOST_CHECK_THROW(xlsx::suppressSmallCounts(m, {1001, {}}), DataError);
    BOOST_TEST(!m.suppression.has_value());
}

BOOST_AUTO_TEST_CASE(the_export_is_unsuppressed_by_default_and_states_the_rule_when_suppressed)
{
    SmallCounts f;
    auto options = SampleFixture::options();
    auto plain = app::exportWorkbook(f.store, f.dir.file("plain.xlsx"), options);
    BOOST_REQUIRE(plain.status == app::ExportStatus::Written);
    BOOST_TEST(!plain.suppression.has_value());
    BOOST_TEST(zipPart(plain.file, "xl/sharedStrings.xml").find("<t>[c]</t>") == std::string::npos);

    options.suppressBelow = 5;
    auto report = app::exportWorkbook(f.store, f.dir.file("suppressed.xlsx"), options);
    BOOST_REQUIRE(report.status == app::ExportStatus::Written);
    BOOST_REQUIRE(report.suppression.has_value());
    BOOST_TEST(report.suppression->primary > 0u);
    const std::string strings = zipPart(report.file, "xl/sharedStrings.xml");
    BOOST_TEST(strings.find("<t>[c]</t>") != std::string::npos);
    BOOST_TEST(strings.find("Counts below 5 are shown as [c] (confidential)") != std::string::npos);
    BOOST_TEST(strings.find("Small counts are suppressed in this workbook.") != std::string::npos);
    // The exclusion note quotes no hidden count: its words only.
    BOOST_TEST(strings.find("Shares exclude cases with victim age not recorded.") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
