// The workbook's statistics are honest on any store. Each test builds its own small store
// (not the sample) and reads the laid-out tables and charts.

#include "app/anonymisation.h"
#include "app/export_job.h"
#include "app/importer.h"
#include "app/trend_analysis.h"
#include "core/text.h"
#include "core/trends/headline.h"
#include "core/trends/totals.h"
#include "export/builder.h"
#include "export/layout.h"
#include "export/suppression.h"
#include "export/workbook_writer.h"
#include "export_fixture.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

using namespace evidence;

namespace {

/// A store with one measure, the figures of @p rows (CSV lines after the header), and a submission
/// that selects the measure.
struct SmallStore
{
    test::TempDir dir;
    db::Store store = db::Store::create(dir.file("small.evidence"), test::fixedOptions());

    explicit SmallStore(const std::string& rows, Unit unit = Unit::Count)
    {
        test::addOneMeasureSubmission(store, rows, "2019-06-28T09:00:00Z", unit);
    }

    xlsx::Layout layout() const { return test::layoutOf(store); }

    /// Adds measure @p name with the figures of @p rows (CSV lines after the header), selected.
    void addMeasure(const std::string& name, const std::string& rows, Unit unit = Unit::Count)
    {
        Measure m;
        m.name = name;
        m.unit = unit;
        store.insert(m);
        app::importCsvText(store, test::kFiguresHeader + rows, "more.csv", {});
        store.setMeasureSelected(store.submissions().at(0).id, m.id, true);
    }
};

const xlsx::Sheet& sheetWith(const xlsx::Layout& l, const std::string& tableStart)
{
    for (const auto& s : l.sheets)
        if (s.table && s.table->name.starts_with(tableStart))
            return s;
    throw std::runtime_error("no table " + tableStart);
}

/// The column chart of the change by area, or null when the workbook has none.
const xlsx::Chart* changeChart(const xlsx::Layout& l)
{
    for (const auto& sheet : l.sheets)
        for (const auto& c : sheet.charts)
            if (c.title.find(": change from") != std::string::npos)
                return &c;
    return nullptr;
}

std::size_t column(const xlsx::Table& t, const std::string& headerStart)
{
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].header.starts_with(headerStart))
            return c;
    throw std::runtime_error("no column " + headerStart);
}

std::string cellText(const xlsx::Cell& c)
{
    return c.kind == xlsx::Cell::Kind::Number || (c.kind == xlsx::Cell::Kind::Formula && !c.textResult)
               ? std::to_string(c.number)
               : c.text;
}

// Dorset has both years, Wiltshire and Sussex not: 1 of the 39 forces of England (the smallest area holding
// them all) like for like.
const std::string kOneForce = "Offences,E23000039,Dorset,2015/16,,,28,,FOI requests,\n"
                              "Offences,E23000039,Dorset,2018/19,,,82,,FOI requests,\n"
                              "Offences,E23000038,Wiltshire,2018/19,,,54,,FOI requests,\n"
                              "Offences,E23000033,Sussex,2017/18,,,38,,FOI requests,\n"
                              "Offences,E23000033,Sussex,2018/19,,,58,,FOI requests,\n";

} // namespace

BOOST_AUTO_TEST_SUITE(statistics)

// Finding 1: a like-for-like total of one force is named by what it covers, and its change is [u].
BOOST_AUTO_TEST_CASE(a_like_for_like_total_of_few_forces_states_no_change)
{
    SmallStore s(kOneForce);
    const auto l = s.layout();
    const auto& t = *sheetWith(l, "Table_2").table;
    const auto& last = t.rows.back();
    const std::string label = last[column(t, "Area")].text;
    BOOST_TEST(label.starts_with(
                   "Like-for-like total of 1 force with figures for both 2015/16 and 2018/19 (of 39) in England"),
               label);
    BOOST_TEST(label.find("Like-for-like total, England") == std::string::npos);
    BOOST_TEST(cellText(last[column(t, "Change (%)")]) == "[u]");
    BOOST_TEST(cellText(last[column(t, "Change")]) == "[u]");
    BOOST_TEST(cellText(last[column(t, "Significance")]) != "[s]");
    BOOST_TEST(last[column(t, "Notes")].text.find("Low reliability") != std::string::npos,
               last[column(t, "Notes")].text);
    // No chart of it either.
    for (const auto& sheet : l.sheets)
        for (const auto& c : sheet.charts)
            BOOST_TEST(c.title.find("like-for-like") == std::string::npos);
}

// Finding 2: the totals table does not read like a count of forces, and names no 40 forces in a cell.
BOOST_AUTO_TEST_CASE(totals_are_labelled_as_sums_and_gaps_are_counted)
{
    SmallStore s(kOneForce);
    const auto l = s.layout();
    const auto& t = *sheetWith(l, "Table_3").table;
    BOOST_TEST(t.columns[column(t, "Sum of the figures")].header.find("forces with one") != std::string::npos);
    const std::size_t gaps = column(t, "Forces without a figure");
    for (const auto& row : t.rows)
        BOOST_TEST(row[gaps].text.size() < 80u, row[gaps].text);
}

// Finding 5: the change chart compares forces over one pair of periods, each once.
BOOST_AUTO_TEST_CASE(the_change_chart_compares_like_with_like)
{
    SmallStore s(kOneForce + "Offences,E12000009,South West,2015/16,,,187,,FOI requests,\n"
                             "Offences,E12000009,South West,2018/19,,,334,,FOI requests,\n");
    const auto l = s.layout();
    const xlsx::Chart* change = changeChart(l);
    BOOST_REQUIRE(change);
    BOOST_TEST(change->title.find("2015/16 to 2018/19 by police force area") != std::string::npos);
    BOOST_REQUIRE_EQUAL(change->series.size(), 1u);
    BOOST_TEST(change->series[0].values.size() == 1u);               // Dorset; not Sussex (2017/18), not the South West
    BOOST_TEST(change->altText.find("Sussex") != std::string::npos); // said to be left out
    BOOST_TEST(change->altText.find("South West") == std::string::npos);
}

// Findings 3 and 8: a breakdown of one category of a large total is a share of that total, its "not
// recorded" is the rest, no summary figures are stated, and the observation's note is kept.
BOOST_AUTO_TEST_CASE(a_partial_breakdown_is_measured_against_its_total)
{
    SmallStore s(kOneForce + "Offences,E23000039,Dorset,2018/19,victim age,10 and under,9,,FOI requests,"
                             "Another version gives 7\n");
    const auto l = s.layout();
    const auto& b = *sheetWith(l, "Table_4").table;
    BOOST_REQUIRE_EQUAL(b.rows.size(), 1u);
    const auto& share = b.rows[0][column(b, "Share")];
    BOOST_TEST(share.number == 9.0 / 82.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(b.rows[0][column(b, "Notes")].text.find("Another version gives 7") != std::string::npos);
    const auto& sum = *sheetWith(l, "Table_5").table;
    const auto& row = sum.rows.at(0);
    BOOST_TEST(row[column(sum, "Not recorded")].number == 73.0);
    BOOST_TEST(cellText(row[column(sum, "Most common category")]) == "[x]");
    BOOST_TEST(cellText(row[column(sum, "Median")]) == "[x]");
    BOOST_TEST(cellText(row[column(sum, "Share at or under")]) == "[x]");
    const std::string notes = row[column(sum, "Notes")].text;
    BOOST_TEST(notes.find("Another version gives 7") != std::string::npos);
    BOOST_TEST(notes.find("incomplete") == std::string::npos);
    // Nor is it charted as if it were the whole distribution.
    for (const auto& sheet : l.sheets)
        for (const auto& c : sheet.charts)
            BOOST_TEST(c.title.find("victim age") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(categories_above_the_total_are_not_called_incomplete)
{
    SmallStore s(kOneForce + "Offences,E23000038,Wiltshire,2018/19,sex,female,40,,FOI requests,\n"
                             "Offences,E23000038,Wiltshire,2018/19,sex,male,30,,FOI requests,\n");
    const auto l = s.layout();
    const auto& sum = *sheetWith(l, "Table_5").table;
    const std::string notes = sum.rows.at(0)[column(sum, "Notes")].text;
    BOOST_TEST(notes.find("add up to 70, more than the 54") != std::string::npos, notes);
    BOOST_TEST(notes.find("incomplete") == std::string::npos);
    // Table 4, read on its own, says so on the breakdown's first row, and only there.
    const auto& rows = *sheetWith(l, "Table_4").table;
    BOOST_REQUIRE_EQUAL(rows.rows.size(), 2u);
    BOOST_TEST(rows.rows[0][column(rows, "Notes")].text.find("add up to 70, more than the 54") != std::string::npos,
               rows.rows[0][column(rows, "Notes")].text);
    BOOST_TEST(rows.rows[1][column(rows, "Notes")].text.find("more than the 54") == std::string::npos);
}

// A category whose count is not available says so once on its row: the share's note begins with the same
// reason, and the two are one sentence, not that reason and then the reason again.
BOOST_AUTO_TEST_CASE(a_missing_count_is_explained_once_on_its_row)
{
    SmallStore s(kOneForce + "Offences,E23000038,Wiltshire,2018/19,sex,female,40,,FOI requests,\n"
                             "Offences,E23000038,Wiltshire,2018/19,sex,male,,[x],FOI requests,\n");
    const auto l = s.layout();
    const auto& rows = *sheetWith(l, "Table_4").table;
    for (const auto& row : rows.rows) {
        const std::string notes = row[column(rows, "Notes")].text;
        const std::string reason = "count for 'male' is not available [x]";
        const auto first = notes.find(reason);
        BOOST_TEST(first != std::string::npos, notes);
        BOOST_TEST(notes.find(reason, first + 1) == std::string::npos, notes);
    }
    // Nor is 'female' charted alone, as if it were the whole breakdown.
    for (const auto& sheet : l.sheets)
        for (const auto& c : sheet.charts)
            BOOST_TEST(c.title.find("sex") == std::string::npos, c.title);
}

// A missing count leaves several summary figures unknown: the summary's note gives the cause once and then
// each figure it leaves unknown, not the cause again for each.
BOOST_AUTO_TEST_CASE(a_missing_count_is_the_cause_once_in_the_summary)
{
    SmallStore s(kOneForce + "Offences,E23000038,Wiltshire,2018/19,victim age,9,,[x],FOI requests,\n"
                             "Offences,E23000038,Wiltshire,2018/19,victim age,12,30,,FOI requests,\n"
                             "Offences,E23000038,Wiltshire,2018/19,victim age,15,20,,FOI requests,\n");
    const auto l = s.layout();
    const auto& sum = *sheetWith(l, "Table_5").table;
    const std::string notes = sum.rows.at(0)[column(sum, "Notes")].text;
    const std::string cause = "The count for '9' is not available [x], so ";
    const auto first = notes.find(cause);
    BOOST_TEST(first != std::string::npos, notes);
    BOOST_TEST(notes.find(cause, first + 1) == std::string::npos, notes);
    BOOST_TEST(notes.find("the most common category is not known") != std::string::npos, notes);
    BOOST_TEST(notes.find(", and the count at or under 10 is not known.") != std::string::npos, notes);
}

// Nor are the categories charted beside those a suppressed export shows as [c]: one bar left standing would
// read as the whole breakdown. The Charts sheet says why, whether some or all of them are confidential.
BOOST_AUTO_TEST_CASE(a_breakdown_with_confidential_counts_is_not_charted_and_the_charts_sheet_says_why)
{
    SmallStore s(kOneForce + "Offences,E23000038,Wiltshire,2018/19,victim age,0-10,4,,FOI requests,\n"
                             "Offences,E23000038,Wiltshire,2018/19,victim age,11-15,25,,FOI requests,\n"
                             "Offences,E23000038,Wiltshire,2018/19,victim age,16-17,25,,FOI requests,\n");
    auto model = app::buildWorkbookModel(s.store, 0, "test");
    xlsx::suppressSmallCounts(model, app::suppressionOptions(s.store, model, 5));
    const auto l = xlsx::buildLayout(model, false, true).layout;
    std::size_t shown = 0;
    for (const auto& row : sheetWith(l, "Table_4").table->rows)
        shown += row[column(*sheetWith(l, "Table_4").table, "Count")].kind == xlsx::Cell::Kind::Number;
    BOOST_TEST(shown >= 1u); // a category is left standing: the case the rule is for
    for (const auto& sheet : l.sheets)
        for (const auto& c : sheet.charts)
            BOOST_TEST(c.title.find("victim age") == std::string::npos, c.title);
    bool said = false;
    for (const auto& sheet : l.sheets)
        for (const auto& line : sheet.lines)
            said = said ||
                   (line.text.starts_with("The breakdown by victim age for Wiltshire in 2018/19 is not "
                                          "charted: the counts for ") &&
                    line.text.find("'0-10'") != std::string::npos && line.text.ends_with(" are confidential [c]."));
    BOOST_TEST(said);
}

// A suppressed first figure is the reason for each figure of its row that is not given: the row's note says
// so once, naming what cannot be computed, not the same cause once for each.
BOOST_AUTO_TEST_CASE(a_change_row_gives_each_cause_once)
{
    SmallStore s(kOneForce);
    auto model = app::buildWorkbookModel(s.store, 0, "test");
    xlsx::suppressSmallCounts(model, app::suppressionOptions(s.store, model, 30));
    const auto l = xlsx::buildLayout(model, false, true).layout;
    const auto& t = *sheetWith(l, "Table_2").table;
    bool dorset = false;
    for (const auto& row : t.rows) {
        if (row[column(t, "Area")].text != "Dorset")
            continue;
        dorset = true;
        const std::string notes = row[column(t, "Notes")].text;
        BOOST_TEST(notes == "Confidential [c]: the 2015/16 figure, so a change and the confidence interval cannot be "
                            "computed.",
                   notes);
    }
    BOOST_TEST(dorset);
    // Dorset's change is the only one over the totals' periods, so there is no chart of the change by area:
    // the Charts sheet says why, on lines that wrap to the charts' width rather than run off the printed page.
    BOOST_TEST(!changeChart(l));
    const xlsx::Sheet& charts = l.sheets.back();
    BOOST_REQUIRE(charts.name == "Charts");
    BOOST_TEST(charts.wrapLines);
    bool said = false;
    for (const auto& line : charts.lines)
        said = said || line.text == "The change by police force area of Offences is not charted: no police force "
                                    "area has a change from 2015/16 to 2018/19 that can be given (Dorset and Sussex).";
    BOOST_TEST(said);
}

// A sum of percentages or rates means nothing: no total, like-for-like total or headline of one is given,
// and the sheet says why.
BOOST_AUTO_TEST_CASE(rates_and_percentages_are_never_added_up)
{
    for (const Unit unit : {Unit::Percentage, Unit::RatePer10000}) {
        SmallStore s("Offences,E23000039,Dorset,2015/16,,,12.5,,FOI requests,\n"
                     "Offences,E23000039,Dorset,2018/19,,,15,,FOI requests,\n"
                     "Offences,E23000038,Wiltshire,2015/16,,,10,,FOI requests,\n"
                     "Offences,E23000038,Wiltshire,2018/19,,,20,,FOI requests,\n",
                     unit);
        const auto analysis = app::analyseMeasure(s.store, s.store.measures().at(0).id, {});
        BOOST_TEST(!analysis.totals.has_value());
        BOOST_CHECK_THROW(trends::computeTotals(analysis.totalObservations, analysis.scopeMembers,
                                                trends::TotalsOptions{std::nullopt, std::nullopt, unit, {}}),
                          DataError);
        const auto l = s.layout();
        for (const auto& sheet : l.sheets) {
            BOOST_TEST(!(sheet.table && sheet.table->name.find("Totals") != std::string::npos), sheet.name);
            if (sheet.table)
                for (const auto& row : sheet.table->rows)
                    BOOST_TEST(row.front().text.find("Like-for-like") == std::string::npos, row.front().text);
        }
        bool said = false;
        for (const auto& line : sheetWith(l, "Table_1").lines)
            said = said || line.text.find("are not added up or averaged across areas") != std::string::npos;
        BOOST_TEST(said);
    }
}

// The median of single values is the middle case's value, the two middle cases averaged: 40 cases aged 12
// or 13 and 40 aged 14 or 15 have a median of 13.5, not the category "13" holding the 40th.
BOOST_AUTO_TEST_CASE(the_median_of_single_ages_averages_the_two_middle_cases)
{
    SmallStore s(kOneForce + "Offences,E23000039,Dorset,2018/19,victim age,12,20,,FOI requests,\n"
                             "Offences,E23000039,Dorset,2018/19,victim age,13,20,,FOI requests,\n"
                             "Offences,E23000039,Dorset,2018/19,victim age,14,20,,FOI requests,\n"
                             "Offences,E23000039,Dorset,2018/19,victim age,15,20,,FOI requests,\n");
    const auto l = s.layout();
    const auto& sum = *sheetWith(l, "Table_5").table;
    BOOST_TEST(cellText(sum.rows.at(0)[column(sum, "Median")]) == "13.5");
}

// The threshold of ages (10) was shown beside a breakdown by offence type, whose count at or under it is
// [z]: a threshold of what the categories are not is not applicable either.
BOOST_AUTO_TEST_CASE(a_breakdown_of_words_has_no_threshold)
{
    SmallStore s(kOneForce + "Offences,E23000039,Dorset,2018/19,victim age,10 and under,30,,FOI requests,\n"
                             "Offences,E23000039,Dorset,2018/19,victim age,11 to 17,52,,FOI requests,\n"
                             "Offences,E23000039,Dorset,2018/19,offence type,Grooming,50,,FOI requests,\n"
                             "Offences,E23000039,Dorset,2018/19,offence type,Image offences,32,,FOI requests,\n");
    const auto l = s.layout();
    const auto& sum = *sheetWith(l, "Table_5").table;
    std::map<std::string, std::string> threshold;
    for (const auto& row : sum.rows)
        threshold[row[column(sum, "Breakdown")].text] = cellText(row[column(sum, "Threshold")]);
    BOOST_TEST(threshold["Victim age"] == std::to_string(10.0));
    BOOST_TEST(threshold["Offence type"] == "[z]");
}

// Police Scotland counts crime under another standard: its figures keep their own row but are never added
// to the other forces' total, and the total is not called the United Kingdom's.
BOOST_AUTO_TEST_CASE(police_scotland_is_never_added_to_the_other_forces)
{
    SmallStore s(kOneForce + "Offences,S92000003,Police Scotland,2015/16,,,500,,FOI requests,\n"
                             "Offences,S92000003,Police Scotland,2018/19,,,900,,FOI requests,\n");
    const auto analysis = app::analyseMeasure(s.store, s.store.measures().at(0).id, {});
    BOOST_REQUIRE(analysis.scope.has_value());
    BOOST_TEST(analysis.scope->name.find("United Kingdom") == std::string::npos, analysis.scope->name);
    for (const auto& a : analysis.scopeMembers)
        BOOST_TEST(a.name != "Police Scotland");
    BOOST_REQUIRE(analysis.totals.has_value());
    for (const auto& pt : analysis.totals->periods)
        if (pt.total.computable()) // 2016/17 has no figure
            BOOST_TEST(pt.total.value() < 500.0, pt.period.toString());
    const auto l = s.layout();
    bool row = false;
    for (const auto& r : sheetWith(l, "Table_1").table->rows)
        row = row || r.front().text == "Police Scotland";
    BOOST_TEST(row);
}

// The change chart compares territorial forces only: British Transport Police and Police Scotland keep their
// rows in the tables but are not set beside the others.
BOOST_AUTO_TEST_CASE(the_change_chart_leaves_out_forces_that_count_otherwise)
{
    SmallStore s(kOneForce + "Offences,,British Transport Police,2015/16,,,5,,FOI requests,\n"
                             "Offences,,British Transport Police,2018/19,,,9,,FOI requests,\n"
                             "Offences,S92000003,Police Scotland,2015/16,,,500,,FOI requests,\n"
                             "Offences,S92000003,Police Scotland,2018/19,,,900,,FOI requests,\n");
    const auto l = s.layout();
    const xlsx::Chart* change = changeChart(l);
    BOOST_REQUIRE(change);
    BOOST_REQUIRE_EQUAL(change->series.size(), 1u);
    BOOST_TEST(change->series[0].values.size() == 1u); // Dorset
    BOOST_TEST(change->altText.find("British Transport Police") == std::string::npos, change->altText);
    BOOST_TEST(change->altText.find("Police Scotland") == std::string::npos, change->altText);
}

// Without the area's total, 90 of 100 cases counted as not recorded make the breakdown partial: no most
// common, median or threshold figure. And a workbook that refers to no note is still written.
BOOST_AUTO_TEST_CASE(a_breakdown_mostly_not_recorded_states_no_summary_even_without_a_total)
{
    SmallStore s("Offences,E23000033,Sussex,2018/19,victim age,13,2,,FOI requests,\n"
                 "Offences,E23000033,Sussex,2018/19,victim age,14,3,,FOI requests,\n"
                 "Offences,E23000033,Sussex,2018/19,victim age,15,5,,FOI requests,\n"
                 "Offences,E23000033,Sussex,2018/19,victim age,Not recorded,90,,FOI requests,\n");
    const auto l = s.layout();
    const xlsx::Table* summary = nullptr;
    for (const auto& sheet : l.sheets)
        if (sheet.table && sheet.table->name.find("Breakdown_summaries") != std::string::npos)
            summary = &*sheet.table;
    BOOST_REQUIRE(summary);
    const auto& row = summary->rows.at(0);
    BOOST_TEST(cellText(row[column(*summary, "Most common category")]) == "[x]");
    BOOST_TEST(cellText(row[column(*summary, "Median")]) == "[x]");
    BOOST_TEST(row[column(*summary, "Notes")].text.find("Only 10 of the 100 (10.0%)") != std::string::npos,
               row[column(*summary, "Notes")].text);
    BOOST_TEST(xlsx::validate(l).empty());
    // The contents describe what the sheets hold: no notes, and no chart (a partial breakdown is not charted).
    for (const auto& sheet : l.sheets) {
        if (sheet.name == "Notes")
            BOOST_TEST(sheet.description == "Notes: none in this workbook");
        if (sheet.name == "Charts")
            BOOST_TEST(sheet.description == "Why no figure is charted");
    }
    xlsx::writeWorkbook(app::buildWorkbookModel(s.store, 0, "test"), s.dir.file("partial.xlsx"));
    BOOST_TEST(std::filesystem::file_size(s.dir.file("partial.xlsx")) > 0u);
}

// With figures for one period only, nothing is compared: no like-for-like row, chart or "both 2018/19 and
// 2018/19", and the headline gives the total with nothing to compare it with.
BOOST_AUTO_TEST_CASE(one_period_compares_nothing)
{
    SmallStore s("Offences,E23000039,Dorset,2018/19,,,82,,FOI requests,\n"
                 "Offences,E23000038,Wiltshire,2018/19,,,54,,FOI requests,\n"
                 "Offences,E23000033,Sussex,2018/19,,,58,,FOI requests,\n");
    const auto analysis = app::analyseMeasure(s.store, s.store.measures().at(0).id, {});
    BOOST_REQUIRE(analysis.totals.has_value());
    BOOST_TEST(!trends::comparesPeriods(*analysis.totals));
    const std::string h = trends::headline(*analysis.totals, analysis.totalsContext);
    BOOST_TEST(h.find("both") == std::string::npos, h);
    BOOST_TEST(h.find("no other period to compare with") != std::string::npos, h);
    const auto l = s.layout();
    for (const auto& sheet : l.sheets) {
        for (const auto& line : sheet.lines)
            BOOST_TEST(line.text.find("both 2018/19 and 2018/19") == std::string::npos,
                       sheet.name << ": " << line.text);
        for (const auto& c : sheet.charts)
            BOOST_TEST(c.title.find("like-for-like") == std::string::npos, c.title);
        if (!sheet.table)
            continue;
        for (const auto& col : sheet.table->columns)
            BOOST_TEST(col.header.find("both 2018/19 and 2018/19") == std::string::npos, col.header);
        for (const auto& r : sheet.table->rows)
            for (const auto& cell : r)
                BOOST_TEST(cell.text.find("both 2018/19 and 2018/19") == std::string::npos, cell.text);
    }
}

// A suppressed category's note names the category: "Male" and "Female" must not read to the guard's re-read
// of the written workbook as people's names, refusing an export that `check` calls ready.
BOOST_AUTO_TEST_CASE(a_suppressed_category_named_like_a_person_is_exported)
{
    SmallStore s("Offences,E23000036,Avon and Somerset,2018/19,,,70,,FOI requests,\n"
                 "Offences,E23000036,Avon and Somerset,2018/19,victim gender,Female,60,,FOI requests,\n"
                 "Offences,E23000036,Avon and Somerset,2018/19,victim gender,Male,4,,FOI requests,\n"
                 "Offences,E23000036,Avon and Somerset,2018/19,victim gender,Not known,6,,FOI requests,\n");
    auto options = test::SampleFixture::options();
    options.suppressBelow = 5;
    app::useStoreScanner(s.store, options, true);
    const auto report = app::exportWorkbook(s.store, s.dir.file("suppressed.xlsx"), options);
    BOOST_TEST((report.status == app::ExportStatus::Written), text::join(report.reasons, "; "));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(case_studies)

// Finding 4: the case-study sheet's question column is what the answers cite, not the filing tags.
BOOST_AUTO_TEST_CASE(the_question_column_follows_the_answers)
{
    SmallStore s(kOneForce);
    app::importCsvText(s.store,
                       "reference,title,age,age_band,gender,region,year,harm_types,platform_types,narrative,outcome,"
                       "consent,consent_recorded_by,consent_date,questions\n"
                       "CS-101,An account,14,,female,South West,2019,grooming,messaging,A child was contacted by an "
                       "adult online.,Reported,yes,Policy officer,2019-05-01,3;7;7a\n",
                       "cases.csv", {});
    const auto sub = s.store.submissions().at(0);
    const auto cs = s.store.caseStudyByReference("CS-101");
    s.store.setCaseStudySelected(sub.id, cs->id, true);
    app::markReviewed(s.store, cs->id, "Policy officer");
    Answer a;
    a.submissionId = sub.id;
    a.questionId = s.store.questionByNumber(sub.consultationId, "7")->id;
    a.text = "Private messaging.";
    a.citedCaseStudies.push_back(cs->id);
    s.store.save(a);
    const auto l = s.layout();
    const auto& t = *sheetWith(l, "Case_studies").table;
    BOOST_TEST(t.rows.at(0)[column(t, "Questions whose answers cite it")].text == "7");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(periods_and_cover)

// Findings 10 and 11: a year without figures keeps its column and is said; a row with one period is not a
// comparison.
BOOST_AUTO_TEST_CASE(empty_years_keep_their_column_and_single_periods_are_not_compared)
{
    SmallStore s(kOneForce);
    const auto l = s.layout();
    const auto& stats = sheetWith(l, "Table_1");
    std::vector<std::string> headers;
    for (const auto& c : stats.table->columns)
        headers.push_back(c.header);
    BOOST_TEST((std::find(headers.begin(), headers.end(), "2016/17") != headers.end()));
    bool said = false;
    for (const auto& line : stats.lines)
        said = said || line.text.find("No area has a figure for 2016/17") != std::string::npos;
    BOOST_TEST(said);
    const auto& change = sheetWith(l, "Table_2");
    for (const auto& row : change.table->rows)
        BOOST_TEST(row[column(*change.table, "Area")].text != "Wiltshire");
    bool listed = false;
    for (const auto& line : change.lines)
        listed = listed || (line.text.find("figure for one period only") != std::string::npos &&
                            line.text.find("Wiltshire") != std::string::npos);
    BOOST_TEST(listed);
}

// A rate of 0.003 per 10,000 showed as 0.00, which reads as none. It is shown to two significant digits, and
// so are the other figures of its kind in the table: one precision down every column (WORKBOOK.md C6), and
// along a row of an area's periods. A table without such a figure keeps two decimals.
BOOST_AUTO_TEST_CASE(a_tiny_rate_is_not_shown_as_zero)
{
    SmallStore s("Offences,E23000039,Dorset,2015/16,,,0.003,,FOI requests,\n"
                 "Offences,E23000039,Dorset,2018/19,,,1.25,,FOI requests,\n"
                 "Offences,E23000038,Wiltshire,2015/16,,,2.5,,FOI requests,\n"
                 "Offences,E23000038,Wiltshire,2018/19,,,3.75,,FOI requests,\n",
                 Unit::RatePer10000);
    const auto file = s.dir.file("tiny.xlsx");
    xlsx::writeWorkbook(app::buildWorkbookModel(s.store, 0, "test"), file);
    int status = 0;
    const std::string shown =
        test::run("/usr/bin/python3 -c \"import openpyxl, sys\n"
                  "for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:\n"
                  "    for row in ws.iter_rows():\n"
                  "        for c in row:\n"
                  "            if isinstance(c.value, float) or str(c.value).startswith('=\\'Table'):\n"
                  "                print(ws.title, c.coordinate, c.number_format)\" '" +
                      file.string() + "' 2>&1",
                  status);
    BOOST_TEST(status == 0, shown);
    // Table 1's figures and the first and last figures they give Table 2.
    for (const char* cell : {"Table 1 D11", "Table 1 G11", "Table 1 D12", "Table 1 G12", "Table 2 F8", "Table 2 G9"})
        BOOST_TEST(shown.find(std::string(cell) + " #,##0.0000\n") != std::string::npos, cell << "\n" << shown);
    BOOST_TEST(shown.find("#,##0.00\n") == std::string::npos, shown);

    SmallStore plain("Offences,E23000039,Dorset,2015/16,,,0.25,,FOI requests,\n", Unit::RatePer10000);
    const auto plainFile = plain.dir.file("plain.xlsx");
    xlsx::writeWorkbook(app::buildWorkbookModel(plain.store, 0, "test"), plainFile);
    const std::string styles = test::zipPart(plainFile, "xl/styles.xml");
    BOOST_TEST(styles.find("formatCode=\"#,##0.00\"") != std::string::npos, styles);
    BOOST_TEST(styles.find("formatCode=\"#,##0.0000\"") == std::string::npos, styles);
}

// The totals table left out 2016/17, which Table 1 keeps: its rows read 2015/16, 2017/18 as if adjacent.
BOOST_AUTO_TEST_CASE(the_totals_table_keeps_empty_periods)
{
    SmallStore s(kOneForce);
    const auto l = s.layout();
    const auto& totals = sheetWith(l, "Table_3");
    const auto& t = *totals.table;
    std::vector<std::string> periods;
    for (const auto& row : t.rows)
        periods.push_back(row[column(t, "Period")].text);
    BOOST_TEST((periods == std::vector<std::string>{"2015/16", "2016/17", "2017/18", "2018/19"}));
    const auto& empty = t.rows.at(1);
    BOOST_TEST(cellText(empty[column(t, "Sum of the figures")]) == "[x]");
    BOOST_TEST(cellText(empty[column(t, "Forces with a figure")]) == std::to_string(0.0));
    BOOST_TEST(empty[column(t, "Forces without a figure")].text == "All 39: none has a figure for 2016/17");
    bool said = false;
    for (const auto& line : totals.lines)
        said =
            said || line.text.find("No area in scope has a figure for 2016/17: its row is kept") != std::string::npos;
    BOOST_TEST(said);
    BOOST_TEST(xlsx::validate(l).empty());
}

// A first figure that rounds to zero ([low]) made the area "a figure for one period only": it is compared,
// with a change that cannot be computed.
BOOST_AUTO_TEST_CASE(a_low_first_figure_is_compared_not_dropped)
{
    SmallStore s(kOneForce + "Offences,E23000038,Wiltshire,2015/16,,,,[low],FOI requests,\n");
    const auto l = s.layout();
    const auto& change = sheetWith(l, "Table_2");
    const auto& t = *change.table;
    const std::vector<xlsx::Cell>* wiltshire = nullptr;
    for (const auto& row : t.rows)
        if (row[column(t, "Area")].text == "Wiltshire")
            wiltshire = &row;
    BOOST_REQUIRE(wiltshire);
    BOOST_TEST((*wiltshire)[column(t, "Compared from")].text == "2015/16");
    BOOST_TEST(cellText((*wiltshire)[column(t, "First figure")]) == "[low]");
    BOOST_TEST(cellText((*wiltshire)[column(t, "Change (%)")]) == "[x]");
    for (const auto& line : change.lines)
        if (line.text.find("figure for one period only") != std::string::npos)
            BOOST_TEST(line.text.find("Wiltshire") == std::string::npos, line.text);
}

// A published total for a larger area covers whichever forces answered in each year: its change says so.
BOOST_AUTO_TEST_CASE(a_published_total_s_change_says_its_areas_may_differ)
{
    SmallStore s(kOneForce + "Offences,,\"England, Wales and Northern Ireland\",2015/16,,,4042,,FOI requests,40 of "
                             "44 forces responded\n"
                             "Offences,,\"England, Wales and Northern Ireland\",2018/19,,,8224,,FOI requests,40 of "
                             "44 forces responded\n");
    const auto l = s.layout();
    const auto& change = sheetWith(l, "Table_2");
    const auto& t = *change.table;
    std::string label;
    for (const auto& row : t.rows)
        if (row[column(t, "Area")].text.starts_with("England, Wales and Northern Ireland"))
            label = row[column(t, "Area")].text;
    BOOST_TEST(label.find("[note") != std::string::npos, label);
    bool noted = false;
    for (const auto& sheet : l.sheets)
        if (sheet.name == "Notes" && sheet.table)
            for (const auto& row : sheet.table->rows)
                for (const auto& cell : row)
                    noted = noted || cell.text.find("The areas they count may differ between the compared periods") !=
                                         std::string::npos;
    BOOST_TEST(noted);
    // A force's own row carries no such note.
    for (const auto& row : t.rows)
        if (row[column(t, "Area")].text.starts_with("Dorset"))
            BOOST_TEST(row[column(t, "Area")].text == "Dorset");
}

// Finding 16: each figure's source and its date are shown beside it.
BOOST_AUTO_TEST_CASE(each_row_names_its_source)
{
    SmallStore s(kOneForce);
    const auto l = s.layout();
    const auto& t = *sheetWith(l, "Table_1").table;
    BOOST_TEST(t.rows.at(0)[column(t, "Source and date published")].text == "FOI requests");
}

BOOST_AUTO_TEST_CASE(periods_span_every_year)
{
    const auto span = trends::periodSpan({Period::parse("2018/19"), Period::parse("2015/16")});
    BOOST_REQUIRE_EQUAL(span.size(), 4u);
    BOOST_TEST(span[1].toString() == "2016/17");
    const auto q = trends::periodSpan({Period::parse("2018 Q4"), Period::parse("2019 Q2")});
    BOOST_TEST(q.size() == 3u);
    BOOST_TEST(trends::periodsWithout(span, {Period::parse("2015/16"), Period::parse("2018/19")}).size() == 2u);
}

// With two measures, "Not listed ... Wiltshire and Wiltshire" did not say which measure each belongs to.
// A percentage's change from 45.5 to 40.05 is -5.45 in the Change column and -12.0% in the Change (%) one,
// and the change table did not say that the first is in percentage points.
BOOST_AUTO_TEST_CASE(the_change_of_a_percentage_is_said_to_be_in_points)
{
    auto rows = [](const std::string& measure) {
        return measure + ",E23000033,Sussex,2015/16,,,45.5,,FOI requests,\n" + measure +
               ",E23000033,Sussex,2018/19,,,40.05,,FOI requests,\n";
    };
    auto pointsLine = [](const xlsx::Layout& l) {
        std::string said;
        for (const auto& sheet : l.sheets)
            if (sheet.table && sheet.table->name.find("Change_by_area") != std::string::npos)
                for (const auto& line : sheet.lines)
                    if (line.text.find("percentage points") != std::string::npos)
                        said = line.text;
        return said;
    };
    SmallStore percentages(rows("Offences"), Unit::Percentage);
    BOOST_TEST(pointsLine(percentages.layout())
                   .starts_with("The figures are percentages, so the change is in percentage points"));
    SmallStore mixed(kOneForce);
    mixed.addMeasure("Share flagged online", rows("Share flagged online"), Unit::Percentage);
    const std::string said = pointsLine(mixed.layout()); // in the percentages' own change table
    BOOST_TEST(said.starts_with("The figures are percentages, so the change is in percentage points"), said);
    BOOST_TEST(pointsLine(SmallStore(kOneForce).layout()).empty());
}

// One number format down a column (WORKBOOK.md C6) and no count shown with a rate's decimals: measures of
// different units have a change table each, and each says which unit its figures are in.
BOOST_AUTO_TEST_CASE(measures_of_different_units_have_a_change_table_each)
{
    SmallStore s(kOneForce);
    s.addMeasure("Rate of offences",
                 "Rate of offences,E23000039,Dorset,2015/16,,,1.25,,FOI requests,\n"
                 "Rate of offences,E23000039,Dorset,2018/19,,,3.5,,FOI requests,\n",
                 Unit::RatePer10000);
    const auto l = s.layout();
    std::vector<const xlsx::Sheet*> changes;
    for (const auto& sheet : l.sheets)
        if (sheet.table && sheet.table->name.find("Change_by_area") != std::string::npos)
            changes.push_back(&sheet);
    BOOST_REQUIRE_EQUAL(changes.size(), 2u);
    const std::map<std::string, xlsx::ColumnType> wanted = {{"Offences", xlsx::ColumnType::Count},
                                                            {"Rate of offences", xlsx::ColumnType::Decimal2}};
    std::set<std::string> seen;
    for (const xlsx::Sheet* sheet : changes) {
        const auto& t = *sheet->table;
        BOOST_REQUIRE(!t.rows.empty());
        const std::string measure = t.rows.front()[column(t, "Measure")].text;
        for (const auto& row : t.rows)
            BOOST_TEST(row[column(t, "Measure")].text == measure); // one measure's unit a table, here
        BOOST_REQUIRE(wanted.count(measure));
        seen.insert(measure);
        for (const char* header : {"First figure", "Last figure", "Change"})
            BOOST_TEST((t.columns[column(t, header)].type == wanted.at(measure)), header);
        const std::string title = sheet->lines.front().text;
        BOOST_TEST(title.find(measure == "Offences" ? ", counts" : ", rates per 10,000") != std::string::npos, title);
        bool unitSaid = false;
        for (const auto& line : sheet->lines)
            unitSaid =
                unitSaid || line.text == "The first and last figures and the change are " +
                                             std::string(measure == "Offences" ? "counts." : "rates per 10,000.");
        BOOST_TEST(unitSaid, title);
    }
    BOOST_TEST(seen.size() == 2u);
    // Each statistics table points to its own measure's change table.
    const std::string rateTable =
        changes[0]->table->rows.front()[column(*changes[0]->table, "Measure")].text == "Rate of offences"
            ? changes[0]->name
            : changes[1]->name;
    bool pointed = false;
    for (const auto& sheet : l.sheets)
        if (sheet.table && !sheet.lines.empty() && sheet.lines.front().text.starts_with("Table ") &&
            sheet.lines.front().text.find("Rate of offences, by area") != std::string::npos)
            for (const auto& line : sheet.lines)
                pointed = pointed || line.text.find("hange in each area is in " + rateTable) != std::string::npos;
    BOOST_TEST(pointed, rateTable);
}

// Quarters are compared with the same quarter of the year, and the change table says so.
BOOST_AUTO_TEST_CASE(quarters_are_compared_season_with_season)
{
    std::string rows;
    for (const char* q : {"2017 Q1", "2017 Q4", "2018 Q1", "2018 Q4"})
        rows += std::string("Offences,E23000039,Dorset,") + q + ",,,12,,FOI requests,\n";
    SmallStore s(rows);
    const auto l = s.layout();
    for (const auto& sheet : l.sheets) {
        if (!sheet.table || sheet.table->name.find("Change_by_area") == std::string::npos)
            continue;
        const auto& t = *sheet.table;
        BOOST_TEST(t.rows.at(0)[column(t, "Compared from")].text == "Oct to Dec 2017");
        BOOST_TEST(t.rows.at(0)[column(t, "Compared to")].text == "Oct to Dec 2018");
        bool said = false;
        for (const auto& line : sheet.lines)
            said = said || line.text.find("for quarters, the latest and the earliest of the same quarter of the "
                                          "year") != std::string::npos;
        BOOST_TEST(said);
    }
}

// Less than a year of quarters is compared first to last: the row says that the change may be one of season,
// in the months a reader is shown (WORKBOOK.md C8), and the sheet does not claim that no change is.
BOOST_AUTO_TEST_CASE(quarters_of_different_seasons_say_so)
{
    SmallStore s("Offences,E23000039,Dorset,2019 Q1,,,10,,FOI requests,\n"
                 "Offences,E23000039,Dorset,2019 Q3,,,20,,FOI requests,\n");
    const auto l = s.layout();
    const auto& sheet = sheetWith(l, "Table_2");
    const auto& t = *sheet.table;
    const std::string notes = t.rows.at(0)[column(t, "Notes")].text;
    BOOST_TEST(notes.find("Jan to Mar 2019 and Jul to Sep 2019 are different quarters of the year, so the change may "
                          "be one of season") != std::string::npos,
               notes);
    for (const auto& row : t.rows)
        for (const auto& cell : row)
            BOOST_TEST(cell.text.find(" Q1") == std::string::npos, cell.text);
    for (const auto& line : sheet.lines)
        BOOST_TEST(line.text.find("so that a change is not one of season)") == std::string::npos, line.text);
}

BOOST_AUTO_TEST_CASE(the_not_listed_sentence_names_each_measure)
{
    SmallStore s(kOneForce);
    s.addMeasure("Other offences", "Other offences,E23000038,Wiltshire,2018/19,,,6,,FOI requests,\n");
    const auto l = s.layout();
    const xlsx::Sheet* change = nullptr;
    for (const auto& sheet : l.sheets)
        if (sheet.table && sheet.table->name.find("Change_by_area") != std::string::npos)
            change = &sheet;
    BOOST_REQUIRE(change);
    std::string said;
    for (const auto& line : change->lines)
        if (line.text.find("figure for one period only") != std::string::npos)
            said = line.text;
    BOOST_TEST(said.find("Wiltshire (Offences)") != std::string::npos, said);
    BOOST_TEST(said.find("Wiltshire (Other offences)") != std::string::npos, said);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evidence_links)

// Finding 4: an answer citing the figures links to the published figure for the area in scope, not to A1.
BOOST_AUTO_TEST_CASE(figures_cited_link_to_the_rows_they_rest_on)
{
    SmallStore s(kOneForce + "Offences,E92000001,England,2015/16,,,400,,FOI requests,\n"
                             "Offences,E92000001,England,2018/19,,,800,,FOI requests,\n");
    const auto sub = s.store.submissions().at(0);
    Answer a;
    a.submissionId = sub.id;
    a.questionId = s.store.questionByNumber(sub.consultationId, "17")->id;
    a.text = "Offences doubled.";
    a.citedMeasures.push_back(s.store.measures().at(0).id);
    s.store.save(a);
    const auto l = s.layout();
    const auto& t = *sheetWith(l, "Evidence").table;
    std::size_t linked = 0;
    for (const auto& row : t.rows)
        if (row[1].text == "Figures") {
            BOOST_TEST(row[2].link().row.has_value(), row[2].text);
            BOOST_TEST(row[2].text.find("row for England") != std::string::npos);
            ++linked;
        }
    BOOST_TEST(linked == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cover)

// One measure in calendar years and one in quarters: the cover said "Periods are calendar years" and gave one
// range from a year to a quarter.
BOOST_AUTO_TEST_CASE(each_kind_of_period_is_named_with_its_measures)
{
    SmallStore s("Offences,E23000039,Dorset,2018,,,28,,FOI requests,\n"
                 "Offences,E23000039,Dorset,2019,,,82,,FOI requests,\n");
    s.addMeasure("Reports", "Reports,E23000039,Dorset,2019 Q1,,,10,,FOI requests,\n"
                            "Reports,E23000039,Dorset,2019 Q2,,,15,,FOI requests,\n");
    const auto l = s.layout();
    bool named = false;
    for (const auto& line : l.sheets.at(0).lines) {
        BOOST_TEST(line.text.find("Periods are calendar years.") == std::string::npos, line.text);
        BOOST_TEST(line.text.find("2018 to 2019 Q2") == std::string::npos, line.text);
        named =
            named || line.text.find("Periods differ between measures: calendar years for Offences; calendar "
                                    "quarters, written as months (Jan to Mar 2019) for Reports.") != std::string::npos;
    }
    BOOST_TEST(named);
}

// Finding 7: an area with figures for two measures is counted once on the cover.
BOOST_AUTO_TEST_CASE(areas_are_counted_once_across_measures)
{
    SmallStore s(kOneForce);
    s.addMeasure("Other offences", "Other offences,E23000039,Dorset,2018/19,,,5,,FOI requests,\n"
                                   "Other offences,E23000038,Wiltshire,2018/19,,,6,,FOI requests,\n");
    const auto l = s.layout();
    bool counted = false;
    for (const auto& line : l.sheets.at(0).lines) {
        BOOST_TEST(line.text.find("for 5 areas") == std::string::npos, line.text);
        counted = counted || line.text.find("for 3 areas") != std::string::npos;
    }
    BOOST_TEST(counted);
}

BOOST_AUTO_TEST_SUITE_END()
