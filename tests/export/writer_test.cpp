// Writing workbooks other than the sample as it stands (golden_test.cpp holds that one byte for byte): the model,
// values-only, no charts, many overrides, a decimal-comma locale, formula injection, refused text, progress and
// cancellation.

#include "core/errors.h"
#include "core/trends/figure.h"
#include "export/workbook_writer.h"
#include "export_fixture.h"

#include <boost/test/unit_test.hpp>
#include <clocale>
#include <cstdlib>
#include <regex>

using namespace evidence;

BOOST_AUTO_TEST_SUITE(writer)

BOOST_AUTO_TEST_CASE(the_sample_model_holds_every_section)
{
    test::SampleFixture f;
    const auto m = f.model();
    BOOST_REQUIRE(m.measures.size() == 1u);
    const auto& sec = m.measures[0];
    BOOST_TEST(sec.series.size() == 8u);
    BOOST_TEST(sec.periods.size() == 4u); // 2015/16 to 2018/19: 2016/17 has no figures but keeps its column
    BOOST_REQUIRE(sec.totals.has_value());
    BOOST_TEST(sec.totals->scopeName == "England, Wales and Northern Ireland");
    BOOST_TEST(sec.distributions.size() == 1u);
    BOOST_TEST(m.caseStudies.size() == 3u);
    BOOST_TEST(m.responses.size() == 3u);
    BOOST_TEST(m.sources.size() == 7u); // the NSPCC release and the regional reports that carry force figures
    BOOST_TEST(!m.methodology.empty());
    BOOST_TEST(xlsx::validateModel(m).empty());
}

BOOST_AUTO_TEST_CASE(values_only_writes_no_formulas)
{
    test::SampleFixture f;
    const auto file = f.dir.file("v.xlsx");
    xlsx::WriteOptions o;
    o.valuesOnly = true;
    xlsx::writeWorkbook(f.model(), file, o);
    for (int i = 1; i <= 14; ++i) {
        std::string sheet;
        try {
            sheet = test::zipPart(file, "xl/worksheets/sheet" + std::to_string(i) + ".xml");
        } catch (const std::exception&) {
            break;
        }
        BOOST_TEST(sheet.find("<f>") == std::string::npos, "sheet " << i);
    }
    std::string out;
    BOOST_TEST(test::checkWorkbook(file, "--values-only", out) == 0, out);
}

BOOST_AUTO_TEST_CASE(many_overrides_are_counted_not_joined_into_one_cell)
{
    // 1,000 admitted drafts would make one cover line of about 150,000 characters (an Excel cell holds 32,767).
    test::SampleFixture f;
    xlsx::WorkbookModel m = f.model();
    for (int i = 0; i < 1000; ++i)
        m.overrides.push_back("CS-" + std::to_string(i) +
                              " had not been reviewed when this workbook was exported; it is included because the "
                              "export used the allow-unreviewed override.");
    const auto file = f.dir.file("many.xlsx");
    BOOST_REQUIRE_NO_THROW(xlsx::writeWorkbook(m, file));
    BOOST_TEST(test::zipPart(file, "xl/sharedStrings.xml").find("1000 case studies had not been reviewed") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_charts_leaves_out_the_charts_sheet)
{
    test::SampleFixture f;
    xlsx::WriteOptions o;
    o.charts = false;
    xlsx::writeWorkbook(f.model(), f.dir.file("n.xlsx"), o);
    BOOST_TEST(test::zipPart(f.dir.file("n.xlsx"), "xl/workbook.xml").find("Charts") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(numbers_are_written_with_a_point_under_a_decimal_comma_locale)
{
    // Build de_DE.UTF-8 into a temporary folder (Debian's container has no locales installed).
    test::TempDir locales;
    int status = 0;
    test::run("localedef -i de_DE -f UTF-8 '" + locales.path().string() + "/de_DE.UTF-8' 2>&1", status);
    ::setenv("LOCPATH", locales.path().c_str(), 1);
    const char* previous = std::setlocale(LC_ALL, nullptr);
    const std::string saved = previous ? previous : "C";
    if (!std::setlocale(LC_ALL, "de_DE.UTF-8")) {
        ::unsetenv("LOCPATH");
        BOOST_TEST_MESSAGE("de_DE.UTF-8 cannot be built here; skipping");
        return;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%g", 0.5);
    BOOST_TEST(std::string(buf) == "0,5"); // the locale is really in force
    test::SampleFixture f;
    // Closed on this thread; on another while this one waits (as an export does); and with the largest tables
    // (Tables 1 and 2 and the Methodology) written apart, in a workbook closed on another thread.
    const auto file = f.dir.file("de.xlsx");
    const auto waited = f.dir.file("waited.xlsx");
    const auto apart = f.dir.file("apart.xlsx");
    BOOST_CHECK_NO_THROW(xlsx::writeWorkbook(f.model(), file));
    xlsx::WriteOptions options;
    options.whileClosing = [](std::vector<std::string>&&, const std::vector<xlsx::FileBeingWritten>&) {};
    BOOST_CHECK_NO_THROW(xlsx::writeWorkbook(f.model(), waited, options));
    options.helperFile = f.dir.file("helper.xlsx");
    options.apartMinCells = 1;
    BOOST_CHECK_NO_THROW(xlsx::writeWorkbook(f.model(), apart, options));
    std::snprintf(buf, sizeof buf, "%g", 0.5);
    BOOST_TEST(std::string(buf) == "0,5"); // and restored after writing
    std::setlocale(LC_ALL, saved.c_str());
    ::unsetenv("LOCPATH");
    for (const auto& written : {file, waited, apart}) {
        const std::string change = test::zipPart(written, "xl/worksheets/sheet5.xml");
        BOOST_TEST(std::regex_search(change, std::regex("<v>1\\.92857142857142")), written.filename());
        BOOST_TEST(!std::regex_search(change, std::regex("<v>1,928")), written.filename());
        const std::string methodology = test::zipPart(written, "xl/worksheets/sheet13.xml");
        BOOST_TEST(!std::regex_search(methodology, std::regex("<v>[0-9]+,[0-9]")), written.filename());
    }
}

BOOST_AUTO_TEST_CASE(text_that_looks_like_a_formula_stays_text)
{
    test::SampleFixture f;
    auto m = f.model();
    const std::vector<std::string> attacks = {"=HYPERLINK(\"http://evil.example\",\"click\")", "+SUM(A1:A2)", "-2+3",
                                              "@SUM(A1)", "=7*6"};
    m.caseStudies[0].caseStudy.narrative = attacks[0];
    m.caseStudies[1].caseStudy.narrative = attacks[1];
    m.caseStudies[2].caseStudy.title = attacks[2];
    m.responses[0].answer.text = attacks[3];
    m.responses[1].answer.text = attacks[4];
    const auto file = f.dir.file("inject.xlsx");
    xlsx::writeWorkbook(m, file);
    std::string args;
    for (const auto& a : attacks)
        args += " '--expect-text=" + a + "'";
    std::string out;
    BOOST_TEST(test::checkWorkbook(file, args, out) == 0, out);
}

BOOST_AUTO_TEST_CASE(bad_text_is_refused_before_anything_is_written)
{
    test::SampleFixture f;
    auto m = f.model();
    m.caseStudies[0].caseStudy.narrative = std::string(40000, 'a');
    m.caseStudies[1].caseStudy.outcome = "Caf\xe9";
    const auto file = f.dir.file("bad.xlsx");
    try {
        xlsx::writeWorkbook(m, file);
        BOOST_FAIL("expected a DataError");
    } catch (const DataError& e) {
        BOOST_TEST(e.problems().size() == 2u);
        BOOST_TEST(e.problems()[0].find("column 'Account'") != std::string::npos, e.problems()[0]);
        BOOST_TEST(e.problems()[0].find("40,000 characters") != std::string::npos);
        BOOST_TEST(e.problems()[1].find("not valid UTF-8") != std::string::npos);
    }
    BOOST_TEST(!std::filesystem::exists(file));
}

BOOST_AUTO_TEST_CASE(progress_is_reported_and_cancel_stops)
{
    test::SampleFixture f;
    std::vector<std::string> steps;
    double last = 0;
    bool monotonic = true;
    xlsx::WriteOptions o;
    o.progress = [&](double fraction, const std::string& step) {
        monotonic = monotonic && fraction >= last;
        last = fraction;
        steps.push_back(step);
    };
    xlsx::writeWorkbook(f.model(), f.dir.file("p.xlsx"), o);
    BOOST_TEST(monotonic);
    BOOST_TEST(last == 1.0);
    BOOST_TEST(steps.size() > 10u);

    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    o.progress = [&](double, const std::string& step) {
        if (step == "sheet Table 2")
            cancel = true;
    };
    BOOST_CHECK_THROW(xlsx::writeWorkbook(f.model(), f.dir.file("q.xlsx"), o), xlsx::ExportCancelled);
    BOOST_TEST(!std::filesystem::exists(f.dir.file("q.xlsx")));
}

BOOST_AUTO_TEST_SUITE_END()
