// What Excel would hide or print badly, read back from written workbooks: rows over 409 points, long
// accounts cut off, print setup, the Normal style's font, ages and years as text.

#include "app/export_job.h"
#include "app/importer.h"
#include "app/lookup.h"
#include "export/layout.h"
#include "export/text_metrics.h"
#include "export/xlsx_workbook.h"
#include "export_fixture.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace evidence;
using namespace evidence::test;
using namespace evidence::xlsx;

namespace {

/// About @p chars characters of plain prose, in paragraphs of @p perParagraph sentences (0: one paragraph).
std::string prose(std::size_t chars, std::size_t perParagraph, const std::string& seed)
{
    const std::vector<std::string> sentences = {
        "The young person talked with a support worker about what had happened online.",
        "They said the messages began as friendly and became frightening over several weeks.",
        "A parent noticed the change in mood and asked the school for help.",
        "The worker explained how to keep the messages and how to report the account.",
        "Over the following months the young person went back to school and to their club."};
    std::string out;
    std::size_t n = 0;
    while (out.size() < chars) {
        if (!out.empty())
            out += perParagraph && n % perParagraph == 0 ? "\n\n" : " ";
        out += seed + " " + sentences[n % sentences.size()];
        ++n;
    }
    return out;
}

std::string jsonEscape(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

/// Runs tests/export/check_layout.py on @p workbook with the accounts given.
int checkLayout(const std::filesystem::path& workbook, const std::vector<std::pair<std::string, std::string>>& accounts,
                std::string& output)
{
    const auto json = workbook.parent_path() / (workbook.stem().string() + "-accounts.json");
    std::ofstream out(json);
    out << "{";
    for (std::size_t i = 0; i < accounts.size(); ++i)
        out << (i ? "," : "") << "\"" << accounts[i].first << "\":\"" << jsonEscape(accounts[i].second) << "\"";
    out << "}";
    out.close();
    int status = 0;
    output = run("/usr/bin/python3 '" + sourcePath("tests/export/check_layout.py").string() + "' '" +
                     workbook.string() + "' '" + json.string() + "' 2>&1",
                 status);
    return status;
}

// Case studies with accounts of 3,000 to 20,000 characters, reviewed and selected, over a small set of figures.
struct LongAccounts
{
    TempDir dir;
    db::Store store = db::Store::create(dir.file("long.evidence"), fixedOptions());
    std::vector<std::pair<std::string, std::string>> accounts;

    LongAccounts()
    {
        addSuppressionSubmission(store);
        const Submission s = store.submissions().at(0);
        const std::vector<std::tuple<std::string, std::size_t, std::size_t>> shapes = {
            {"CS-201", 3000, 3},  // short paragraphs
            {"CS-202", 9000, 12}, // paragraphs longer than a row
            {"CS-203", 20000, 0}, // one paragraph of 20,000 characters
            {"CS-204", 300, 0}};  // fits one row
        int age = 11;
        for (const auto& [ref, chars, per] : shapes) {
            CaseStudy c;
            c.reference = ref;
            c.title = "Account " + ref;
            c.narrative = prose(chars, per, "In " + ref + ",");
            c.age = age++;
            c.year = 2018;
            c.consent = Consent::Obtained;
            const RowId id = store.insert(c);
            store.setReviewState(id, ReviewState::Reviewed, "Policy officer");
            store.setCaseStudySelected(s.id, id, true);
            accounts.emplace_back(ref, c.narrative);
        }
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(print_layout)

BOOST_AUTO_TEST_CASE(split_to_fit_keeps_every_word_and_fits_each_piece)
{
    const double width = 600;
    const int maxLines = 25;
    for (const auto& [chars, per] :
         std::vector<std::pair<std::size_t, std::size_t>>{{200, 0}, {3000, 2}, {9000, 12}, {20000, 0}, {20000, 1}})
        BOOST_TEST_CONTEXT(chars << " characters, " << per << " sentences a paragraph")
        {
            const std::string text = prose(chars, per, "Here");
            const auto pieces = splitToFit(text, width, 12, maxLines);
            std::string joined;
            for (const auto& p : pieces) {
                BOOST_TEST(wrappedLineCount(p, width, 12) <= maxLines);
                BOOST_TEST(!p.empty());
                joined += p + " ";
            }
            std::istringstream a(text), b(joined);
            const std::vector<std::string> wa{std::istream_iterator<std::string>(a),
                                              std::istream_iterator<std::string>()};
            const std::vector<std::string> wb{std::istream_iterator<std::string>(b),
                                              std::istream_iterator<std::string>()};
            BOOST_TEST(wa == wb);
            if (wrappedLineCount(text, width, 12) <= maxLines)
                BOOST_TEST(pieces.size() == 1u);
        }
    // A megabyte in one paragraph: cut in time proportional to its length (each piece is measured, not the
    // rest of the paragraph again and again).
    const std::string huge = prose(1000000, 0, "Here");
    const auto start = std::chrono::steady_clock::now();
    const auto hugePieces = splitToFit(huge, width, 12, maxLines);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("1,000,000 characters in " << hugePieces.size() << " pieces, " << seconds << " s");
    BOOST_TEST(hugePieces.size() > 300u);
    BOOST_TEST(seconds < 20.0); // quadratic cutting took minutes
    // A word longer than a whole row is cut inside it, and nothing is lost.
    const std::string word(30000, 'x');
    const auto pieces = splitToFit(word, 300, 12, 25);
    std::size_t total = 0;
    for (const auto& p : pieces) {
        BOOST_TEST(wrappedLineCount(p, 300, 12) <= 25);
        total += p.size();
    }
    BOOST_TEST(total == word.size());
}

BOOST_AUTO_TEST_CASE(long_accounts_are_shown_in_full_in_rows_excel_can_show)
{
    LongAccounts f;
    app::ExportOptions options;
    options.toolVersion = "test";
    const auto target = f.dir.file("long.xlsx");
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_REQUIRE((report.status == app::ExportStatus::Written));
    std::string output;
    BOOST_TEST(checkLayout(target, f.accounts, output) == 0, output);
    BOOST_TEST_MESSAGE(output);
    // The Case studies sheet's rows: a 20,000-character account needs several.
    BOOST_TEST(output.find("CS-203: 2") != std::string::npos, output);
    BOOST_TEST(output.find("CS-204: 300") == std::string::npos); // about 300: one row
    BOOST_TEST(output.find("in 1 row(s)") != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(values_only_and_charts_off_keep_the_same_layout_rules)
{
    LongAccounts f;
    app::ExportOptions options;
    options.toolVersion = "test";
    options.valuesOnly = true;
    options.charts = false;
    const auto target = f.dir.file("values.xlsx");
    BOOST_REQUIRE((app::exportWorkbook(f.store, target, options).status == app::ExportStatus::Written));
    std::string output;
    BOOST_TEST(checkLayout(target, f.accounts, output) == 0, output);
}

BOOST_AUTO_TEST_CASE(a_title_wider_than_its_table_is_printed_in_full)
{
    TempDir dir;
    std::vector<std::pair<std::string, double>> rows;
    for (int i = 0; i < 200; ++i)
        rows.emplace_back("Area " + std::to_string(i), i);
    const Layout l = oneTableLayout(
        "Table 1: a title far wider than the two narrow columns of the table below it, as titles are", rows);
    render(l, dir.file("t.xlsx"), false, {});
    std::string output;
    BOOST_TEST(checkLayout(dir.file("t.xlsx"), {}, output) == 0, output);
    const std::string workbook = zipPart(dir.file("t.xlsx"), "xl/workbook.xml");
    BOOST_TEST(workbook.find("_xlnm.Print_Titles") != std::string::npos, workbook);
    BOOST_TEST(workbook.find("_xlnm.Print_Area") != std::string::npos, workbook);
}

BOOST_AUTO_TEST_CASE(the_normal_style_is_arial_12_and_columns_keep_their_pixel_widths)
{
    TempDir dir;
    const Layout l = oneTableLayout("Table 1", {{"Dorset", 28}});
    render(l, dir.file("f.xlsx"), false, {});
    const std::string styles = zipPart(dir.file("f.xlsx"), "xl/styles.xml");
    const auto fonts = styles.find("<fonts");
    const auto firstFont = styles.substr(fonts, styles.find("</font>", fonts) - fonts);
    BOOST_TEST(firstFont.find("<sz val=\"12\"/>") != std::string::npos, firstFont);
    BOOST_TEST(firstFont.find("<name val=\"Arial\"/>") != std::string::npos, firstFont);
    BOOST_TEST(styles.find("Calibri") == std::string::npos, styles);
    // A column of P pixels is written as P / 9 character widths (Arial 12's digits), not P / 7.
    const std::string sheet = zipPart(dir.file("f.xlsx"), "xl/worksheets/sheet1.xml");
    const auto at = sheet.find("width=\"");
    BOOST_REQUIRE(at != std::string::npos);
    const double width = std::stod(sheet.substr(at + 7));
    BOOST_TEST(width * kDefaultDigitPx >= 60);
    BOOST_TEST(width * kDefaultDigitPx <= 120, sheet.substr(at, 40));
}

BOOST_AUTO_TEST_SUITE_END()
