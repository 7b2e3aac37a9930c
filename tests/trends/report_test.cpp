#include "core/trends/report.h"
#include "fixtures.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace evidence;
using namespace evidence::trends;
using evidence::test::category;
using evidence::test::force;
using evidence::test::obs;
namespace tt = boost::test_tools;

namespace {

std::vector<SeriesRow> rows()
{
    return {{{"Recorded offences", "Dorset"}, computeSeries({obs(1, "2015/16", 28), obs(1, "2018/19", 82)})},
            {{"Recorded offences", "Zeroshire"}, computeSeries({obs(2, "2015/16", 0), obs(2, "2018/19", 5)})}};
}

std::vector<std::string> lines(const std::string& text, const std::string& eol = "\n")
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (auto end = text.find(eol); end != std::string::npos; end = text.find(eol, start)) {
        out.push_back(text.substr(start, end - start));
        start = end + eol.size();
    }
    return out;
}

// Splits one RFC 4180 record (no embedded line breaks in these tests).
std::vector<std::string> csvRecord(const std::string& line)
{
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(csv_fields)
{
    BOOST_TEST(csvField("Dorset") == "Dorset");
    BOOST_TEST(csvField("England, Wales") == "\"England, Wales\"");
    BOOST_TEST(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csvField("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csvField("") == "");
}

BOOST_AUTO_TEST_CASE(series_csv_keeps_full_precision)
{
    const std::string csv = formatSeriesCsv(rows());
    const auto records = lines(csv, "\r\n");
    BOOST_REQUIRE(records.size() == 3u);
    BOOST_TEST(records[0] == "Area,From,To,First,Last,Change,Change (%),Fold change,Annual rate (%),Slope per year,"
                             "R²,95% CI lower,95% CI upper,Significance,Notes");
    const auto dorset = csvRecord(records[1]);
    BOOST_REQUIRE(dorset.size() == 15u);
    BOOST_TEST(dorset[0] == "Dorset");
    BOOST_TEST(dorset[3] == "28");
    BOOST_TEST(dorset[5] == "54");
    BOOST_TEST(std::stod(dorset[6]) == 192.857142857142857, tt::tolerance(1e-14));
    BOOST_TEST(dorset[6].size() > 10u); // not rounded to one decimal
    BOOST_TEST(std::stod(dorset[8]) == 43.071107944025777, tt::tolerance(1e-14));
    BOOST_TEST(dorset[10] == "[z]");
    BOOST_TEST(dorset[13] == "[s]");
    BOOST_TEST(dorset[14].find("three or more periods") != std::string::npos);
    const auto zero = csvRecord(records[2]);
    BOOST_TEST(zero[6] == "[z]");
    BOOST_TEST(zero[7] == "[z]");
    BOOST_TEST(zero[14].find("the 2015/16 figure is zero") != std::string::npos);
    BOOST_TEST(records[2].find("\"") != std::string::npos); // the notes hold commas, so they are quoted
}

BOOST_AUTO_TEST_CASE(series_table_is_aligned)
{
    const std::string table = formatSeriesTable(rows());
    const auto text = lines(table);
    BOOST_REQUIRE(text.size() >= 4u);
    const std::string& header = text[0];
    const std::string& dorset = text[2];
    // Right-aligned numbers end where their header ends.
    const auto headerEnd = header.find("Change (%)") + std::string("Change (%)").size();
    BOOST_TEST(dorset.substr(headerEnd - 5, 5) == "192.9");
    const auto foldEnd = header.find("Fold change") + std::string("Fold change").size();
    BOOST_TEST(dorset.substr(foldEnd - 4, 4) == "2.93");
    const auto rateEnd = header.find("Annual rate (%)") + std::string("Annual rate (%)").size();
    BOOST_TEST(dorset.substr(rateEnd - 4, 4) == "43.1");
    BOOST_TEST(text[1].find_first_not_of("- ") == std::string::npos);
    BOOST_TEST(table.find("Key: [s] significant") != std::string::npos);
    BOOST_TEST(table.find("[z] not applicable") != std::string::npos);
    BOOST_TEST(table.find("[c]") == std::string::npos); // only the codes used
    BOOST_TEST(table.find("- Zeroshire: Change (%), Fold change, Annual rate (%) [z]: the 2015/16 figure is zero, so "
                          "a percentage change, a fold change and an annual rate cannot be computed.") !=
               std::string::npos);
    BOOST_TEST(table.find("- Zeroshire: 95% CI lower, 95% CI upper [z]: the 2015/16 count is zero") !=
               std::string::npos);
    for (const auto& l : text)
        BOOST_TEST((l.empty() || l.back() != ' '));
}

BOOST_AUTO_TEST_CASE(series_table_columns_for_coverage_and_measures)
{
    auto r = rows();
    r[1].context.subject = "Other measure";
    r[0].context.coverage = Coverage{40, 44, "forces"};
    const TextTable t = seriesTable(r, Precision::Display);
    BOOST_TEST(t.headers[1] == "Measure");
    BOOST_TEST(t.headers.back() == "Coverage");
    BOOST_TEST(t.rows[0].back() == "40 of 44 forces");
    BOOST_TEST(t.rows[0].size() == t.headers.size());
}

BOOST_AUTO_TEST_CASE(headline_lines)
{
    const auto h = headlines(rows());
    BOOST_REQUIRE(h.size() == 2u);
    BOOST_TEST(h[0] == "Recorded offences in Dorset rose from 28 in 2015/16 to 82 in 2018/19, an increase of 193% "
                       "(almost three times as many).");
    BOOST_TEST(h[1].find("Zeroshire rose from 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(totals_text)
{
    const std::vector<Area> scope = {force(1, "Dorset"), force(2, "Wiltshire"), force(3, "Sussex")};
    const auto totals = computeTotals(
        {obs(1, "2015/16", 28), obs(2, "2015/16", 10), obs(1, "2018/19", 82), obs(3, "2018/19", 58)}, scope);
    const std::string out = formatTotalsTable(totals, {"Recorded offences", ""});
    BOOST_TEST(out.find("2 of 3 forces") != std::string::npos);
    BOOST_TEST(out.find("Sussex [x]") != std::string::npos);
    // One force of three: the like-for-like row says what it covers and gives no change.
    BOOST_TEST(out.find("Like-for-like total of 1 force with figures for both 2015/16 and 2018/19 (of 3)") !=
               std::string::npos);
    BOOST_TEST(out.find("192.9") == std::string::npos);
    BOOST_TEST(out.find("[u]") != std::string::npos);
    HeadlineContext lenient{"Recorded offences", ""};
    lenient.coverageThreshold = 0.3;
    BOOST_TEST(formatTotalsTable(totals, lenient).find("192.9") != std::string::npos);
    const std::string csv = renderCsv(totalsTable(totals, Precision::Full));
    BOOST_TEST(csv.starts_with("Period,Total,Coverage,Missing\r\n2015/16,38,2 of 3 forces,Sussex [x]\r\n"));
}

BOOST_AUTO_TEST_CASE(distribution_text)
{
    DistributionOptions options;
    options.threshold = 10;
    const auto d = computeDistribution({category("victim age", "0-10", 25), category("victim age", "11-17", 75),
                                        category("victim age", "Not recorded", 12)},
                                       options);
    const TextTable t = distributionTable(d, Precision::Display);
    BOOST_TEST(t.headers[0] == "Victim age");
    BOOST_TEST((t.rows[0] == std::vector<std::string>{"0-10", "25", "25.0"}));
    BOOST_TEST((t.rows[2] == std::vector<std::string>{"Not recorded", "12", "[z]"}));
    const std::string out = renderAligned(t);
    BOOST_TEST(out.find("Most common: 11-17 (75).") != std::string::npos);
    BOOST_TEST(out.find("Median category: 11-17.") != std::string::npos);
    BOOST_TEST(out.find("At or under 10: 25 (25.0% of recorded).") != std::string::npos);
    BOOST_TEST(out.find("Shares exclude 12 with victim age not recorded (10.7% of 112 in all).") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
