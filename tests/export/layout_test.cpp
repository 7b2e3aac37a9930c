// The export library's own rules: names, text, references, file names, Markdown, validation.

#include "core/errors.h"
#include "export/builder.h"
#include "export/layout.h"
#include "export/markdown.h"
#include "export/text_metrics.h"
#include "export/workbook_writer.h"
#include "export/xlsx_workbook.h"
#include "export_fixture.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

using namespace evidence;
using namespace evidence::xlsx;

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& what)
{
    for (const auto& p : problems)
        if (p.find(what) != std::string::npos)
            return true;
    return false;
}

Layout oneTable()
{
    return test::oneTableLayout("Table 1: a title", {{"Dorset", 28}});
}

} // namespace

BOOST_AUTO_TEST_SUITE(names)

BOOST_AUTO_TEST_CASE(sheet_names_follow_excel_rules)
{
    BOOST_TEST(sheetNameProblems("Table 1").empty());
    BOOST_TEST(sheetNameProblems("Case studies").empty());
    BOOST_TEST(!sheetNameProblems("").empty());
    BOOST_TEST(!sheetNameProblems("A name that is far longer than thirty-one").empty());
    BOOST_TEST(!sheetNameProblems("a/b").empty());
    BOOST_TEST(!sheetNameProblems("Q1: [x]").empty());
    BOOST_TEST(!sheetNameProblems("'quoted").empty());
    BOOST_TEST(!sheetNameProblems(" padded").empty());
    BOOST_TEST(!sheetNameProblems("history").empty());
    BOOST_TEST(!sheetNameProblems("bad \xff").empty());
    // 31 characters counted as characters, not bytes.
    BOOST_TEST(sheetNameProblems("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                 "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9")
                   .empty());
}

BOOST_AUTO_TEST_CASE(table_names_are_not_cell_references)
{
    BOOST_TEST(tableNameProblems("Table_1_Figures_by_area").empty());
    BOOST_TEST(tableNameProblems("Table_of_contents").empty());
    for (const char* bad :
         {"", "A1", "FY2019", "XFD1048576", "R1C1", "R", "c", "RC", "1Table", "Table 1", "Table-1", "Table/1"})
        BOOST_TEST_CONTEXT(bad)
        {
            BOOST_TEST(!tableNameProblems(bad).empty());
        }
}

BOOST_AUTO_TEST_CASE(references_and_quoting)
{
    BOOST_TEST(columnName(0) == "A");
    BOOST_TEST(columnName(25) == "Z");
    BOOST_TEST(columnName(26) == "AA");
    BOOST_TEST(columnName(16383) == "XFD");
    BOOST_TEST(quotedSheetName("Notes") == "Notes");
    BOOST_TEST(quotedSheetName("Table 1") == "'Table 1'");
    BOOST_TEST(quotedSheetName("It's") == "'It''s'");
    BOOST_TEST(quotedSheetName("A1") == "'A1'");
}

BOOST_AUTO_TEST_CASE(text_lengths_and_escapes)
{
    BOOST_TEST(excelLength("abc") == 3u);
    BOOST_TEST(excelLength("\xC2\xA3") == 1u);         // £
    BOOST_TEST(excelLength("\xF0\x9F\x98\x80") == 2u); // an emoji is a surrogate pair
    BOOST_TEST(escapeForXlsx("a_x0041_b") == "a_x005F_x0041_b");
    BOOST_TEST(escapeForXlsx("plain_text_x") == "plain_text_x");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(formulas)

BOOST_AUTO_TEST_CASE(lists_merge_consecutive_rows_into_ranges)
{
    Formula f("SUM(");
    f.addList({Ref{1, 0, 3}, Ref{1, 1, 3}, Ref{1, 2, 3}, Ref{1, 5, 3}}).add(")");
    Layout l;
    l.sheets.resize(2);
    l.sheets[1].name = "Table 1";
    l.sheets[1].lines.resize(6); // header in row 7, body from row 8
    Table t;
    t.columns.resize(4);
    t.rows.resize(6, std::vector<Cell>(4, Cell::makeNumber(1)));
    l.sheets[1].table = t;
    // Rendered through a cell of sheet 0 so the references carry the sheet name.
    l.sheets[0].name = "Other";
    l.sheets[0].lines.push_back({Line::Style::Title, "x", {}});
    Table other;
    other.name = "Other_table";
    other.columns = {{"Value", ColumnType::Count}};
    other.rows.push_back({Cell::makeFormula(f, 4)});
    l.sheets[0].table = other;
    l.sheets[1].lines.assign(6, Line{Line::Style::Body, "line", {}});
    l.sheets[1].table->name = "Table_1_x";
    for (std::size_t c = 0; c < 4; ++c)
        l.sheets[1].table->columns[c].header = "H" + std::to_string(c);
    l.properties.title = "T";
    l.properties.author = "A";
    l.properties.created = 1;
    BOOST_TEST(validate(l).empty());
    test::TempDir dir;
    render(l, dir.file("f.xlsx"), false, {});
    const std::string sheet = test::zipPart(dir.file("f.xlsx"), "xl/worksheets/sheet1.xml");
    BOOST_TEST(sheet.find("<f>SUM('Table 1'!D8:D10,'Table 1'!D13)</f><v>4</v>") != std::string::npos, sheet);
}

BOOST_AUTO_TEST_CASE(formulas_keep_their_parts_in_order)
{
    Formula f;
    f.add(Ref{2, 7, 3}).add("/SUM(").add(Ref{2, 5, 3}, Ref{2, 9, 3}).add(")").add(Ref{4, 1, 1}, Ref{4, 1, 1});
    std::vector<std::string> seen;
    f.forEachPart([&](const Formula::Part& p) {
        auto ref = [](const Ref& r) {
            return std::to_string(r.sheet) + "." + std::to_string(r.row) + "." + std::to_string(r.col);
        };
        if (!p.first)
            seen.push_back("text " + std::string(p.text));
        else if (!p.last)
            seen.push_back("cell " + ref(*p.first));
        else
            seen.push_back("range " + ref(*p.first) + "-" + ref(*p.last));
    });
    const std::vector<std::string> expected = {"cell 2.7.3", "text /SUM(", "range 2.5.3-2.9.3", "text )", "cell 4.1.1"};
    BOOST_TEST(seen == expected, boost::test_tools::per_element());

    // A cell's copy has its own formula and link.
    const Cell formula = Cell::makeFormula(f, 0.5);
    Cell copy = formula;
    copy = Cell::makeNumber(1);
    BOOST_TEST(!formula.formula().empty());
    BOOST_TEST(copy.formula().empty());
    const Cell link = Cell::makeLink("Sources", LinkTarget{"https://example.org/", std::nullopt, std::nullopt});
    const Cell linkCopy(link);
    BOOST_TEST(linkCopy.link().url == "https://example.org/");
    BOOST_TEST(linkCopy.formula().empty());
    BOOST_TEST(Cell::makeText("x").link().url.empty());

    // Excel's largest sheet is far smaller; a reference past what the formula can hold is refused.
    BOOST_CHECK_THROW(Formula().add(Ref{0, std::size_t{1} << 40, 0}), std::length_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(a_valid_layout_has_no_problems)
{
    BOOST_TEST(validate(oneTable()).empty());
}

BOOST_AUTO_TEST_CASE(text_must_be_utf8_and_fit_a_cell)
{
    auto l = oneTable();
    l.sheets[0].table->rows[0][0] = Cell::makeText("Caf\xe9");
    BOOST_TEST(mentions(validate(l), "not valid UTF-8"));
    l.sheets[0].table->rows[0][0] = Cell::makeText(std::string(32768, 'a'));
    BOOST_TEST(mentions(validate(l), "at most 32,767"));
    l.sheets[0].table->rows[0][0] = Cell::makeText(std::string(32767, 'a'));
    BOOST_TEST(validate(l).empty());
    l.sheets[0].table->rows[0][0] = Cell::makeText("");
    BOOST_TEST(mentions(validate(l), "is empty"));
}

BOOST_AUTO_TEST_CASE(numbers_must_be_finite)
{
    auto l = oneTable();
    l.sheets[0].table->rows[0][1] = Cell::makeNumber(std::numeric_limits<double>::quiet_NaN());
    BOOST_TEST(mentions(validate(l), "not finite"));
    l.sheets[0].table->rows[0][1] = Cell::makeFormula(Formula("1/0"), std::numeric_limits<double>::infinity());
    BOOST_TEST(mentions(validate(l), "not finite"));
    l.sheets[0].table->rows[0][1] = Cell::makeText("12 [e]");
    BOOST_TEST(mentions(validate(l), "numeric column holds the text"));
    l.sheets[0].table->rows[0][1] = Cell::makeText("[x]");
    BOOST_TEST(validate(l).empty());
}

BOOST_AUTO_TEST_CASE(a_large_tables_problems_come_in_row_order)
{
    // Rows are checked a block at a time on several threads: problems far apart, in different blocks, and
    // several in one block, must still come in the order of the rows.
    auto l = oneTable();
    auto& rows = l.sheets[0].table->rows;
    for (int i = 0; i < 70000; ++i)
        rows.push_back({Cell::makeText("Area " + std::to_string(i)), Cell::makeNumber(i)});
    const std::vector<std::size_t> bad = {3, 4, 16383, 16384, 40000, 69999};
    for (std::size_t r : bad)
        rows[r][1] = Cell::makeNumber(std::numeric_limits<double>::quiet_NaN());
    rows[50000].pop_back();
    std::vector<std::string> expected;
    for (std::size_t r : bad) {
        if (r > 50000 && expected.size() == 5)
            expected.push_back("sheet 'Table 1' table row 50001 has 1 cells for 2 columns");
        expected.push_back("sheet 'Table 1' table row " + std::to_string(r + 1) +
                           " column '2019' holds a number that is not finite");
    }
    BOOST_TEST(validate(l) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(headers_are_unique_single_lines)
{
    auto l = oneTable();
    l.sheets[0].table->columns[1].header = "area";
    BOOST_TEST(mentions(validate(l), "used twice"));
    l.sheets[0].table->columns[1].header = "Two\nlines";
    BOOST_TEST(mentions(validate(l), "line break"));
    l.sheets[0].table->columns[1].header = "Column 2";
    BOOST_TEST(mentions(validate(l), "default name"));
    l.sheets[0].table->columns[1].header = "";
    BOOST_TEST(mentions(validate(l), "no header"));
}

BOOST_AUTO_TEST_CASE(names_are_unique_across_the_workbook)
{
    auto l = oneTable();
    l.sheets.push_back(l.sheets[0]);
    auto p = validate(l);
    BOOST_TEST(mentions(p, "sheet name 'Table 1' is used twice"));
    BOOST_TEST(mentions(p, "table name 'Table_1_Test' is used twice"));
}

BOOST_AUTO_TEST_CASE(references_and_links_must_exist)
{
    auto l = oneTable();
    l.sheets[0].table->rows[0][1] = Cell::makeFormula(Formula().add(Ref{0, 7, 1}), 1);
    BOOST_TEST(mentions(validate(l), "refers to a cell that does not exist"));
    LinkTarget t;
    t.sheet = 4;
    l.sheets[0].table->rows[0][0] = Cell::makeLink("Go", t);
    BOOST_TEST(mentions(validate(l), "links to a place that does not exist"));
}

BOOST_AUTO_TEST_CASE(document_title_has_no_dashes)
{
    auto l = oneTable();
    l.properties.title = "Under-18s";
    BOOST_TEST(mentions(validate(l), "dash or an underscore"));
    l.properties.title = "T";
    l.properties.created = 0;
    BOOST_TEST(mentions(validate(l), "fixed creation time"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(wording)

BOOST_AUTO_TEST_CASE(periods_dates_and_file_names)
{
    BOOST_TEST(Period::financialYear(2015).label() == "2015/16");
    BOOST_TEST(Period::calendarYear(2019).label() == "2019");
    BOOST_TEST(Period::quarter(2019, 1).label() == "Jan to Mar 2019");
    BOOST_TEST(Period::quarter(2019, 4).label() == "Oct to Dec 2019");
    BOOST_TEST(readableDate("2019-06-28T09:00:00Z") == "28 June 2019");
    BOOST_TEST(readableDate("2019-06") == "June 2019");
    BOOST_TEST(readableDate("sometime") == "sometime");
    BOOST_TEST(parseIsoTime("2019-06-28T09:00:00Z") == 1561712400);
    BOOST_TEST(parseIsoTime("nonsense") == 0);

    WorkbookModel m;
    m.consultation.title = "Online Harms White Paper";
    m.submission.title = "Response to the Online Harms White Paper consultation";
    BOOST_TEST(defaultFileName(m) == "online-harms-white-paper-consultation-response-evidence.xlsx");
    m.consultation.title = "A very long consultation title that goes on and on about many different things";
    const std::string name = defaultFileName(m);
    BOOST_TEST(name.size() - 5 <= 60u);
    BOOST_TEST(name.find("--") == std::string::npos);
    BOOST_TEST(name.back() == 'x');
    m.submission.title = "Evidence-based response_draft";
    BOOST_TEST(workbookTitle(m).find_first_of("-_") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(methodology_markdown_becomes_plain_rows)
{
    const auto blocks = markdownBlocks("# Methodology\n\nIntro **bold** and `code`.\n\n## 1. Series\n\nA "
                                       "paragraph\nover two lines.\n\n- item one\n  continued\n- item two\n\n"
                                       "| Code | Meaning |\n|---|---|\n| `[x]` | not available |\n\n"
                                       "    lower = exp(a)\n\nSee [the guide](https://example.org).\n");
    BOOST_REQUIRE(blocks.size() == 7u);
    BOOST_TEST(blocks[0].section == "Introduction");
    BOOST_TEST(blocks[0].text == "Intro bold and code.");
    BOOST_TEST(blocks[1].section == "1. Series");
    BOOST_TEST(blocks[1].text == "A paragraph over two lines.");
    BOOST_TEST(blocks[2].text == "item one continued");
    BOOST_TEST(blocks[3].text == "item two");
    BOOST_TEST(blocks[4].text == "[x]: not available");
    BOOST_TEST(blocks[5].text == "lower = exp(a)");
    BOOST_TEST(blocks[6].text == "See the guide (https://example.org).");
    // Pseudonym stars in running text survive.
    BOOST_TEST(plainInline("Molly* said") == "Molly* said");
}

BOOST_AUTO_TEST_CASE(text_width_estimates_are_sane)
{
    BOOST_TEST(textWidthPx("", 12) == 0.0);
    BOOST_TEST(textWidthPx("WWW", 12) > textWidthPx("iii", 12));
    BOOST_TEST(textWidthPx("Area", 12, true) > textWidthPx("Area", 12));
    BOOST_TEST(wrappedLineCount("one two three", 1000, 12) == 1);
    BOOST_TEST(wrappedLineCount("one two three", 40, 12) == 3);
    BOOST_TEST(wrappedLineCount("a\nb", 1000, 12) == 2);
    BOOST_TEST(lineHeightPt(12) == 15.75);
}

BOOST_AUTO_TEST_SUITE_END()
