// What a reviewer reads is complete and nothing else. Each test builds its
// own small store (not the sample); the workbooks are read back with openpyxl where the test is about the
// written file.

#include "app/export_job.h"
#include "app/importer.h"
#include "core/text.h"
#include "export/builder.h"
#include "export_fixture.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

using namespace evidence;
using namespace evidence::test;

namespace {

// Five forces of the South East and South West and their regions. With a threshold of 30, Dorset 2015/16 (28,
// the methodology's old worked example), Wiltshire 2015/16 (23, whose note quotes it) and breakdown categories
// of 19, 26 and 29 are hidden; Sussex's breakdown then needs a further count hidden. Every hidden count is
// distinctive: no other figure, date or label of the workbook is 19, 23, 26, 28, 29, 101 or 89.
const std::string kFigures =
    "Offences,E23000039,Dorset,2015/16,,,28,,FOI requests,\n"
    "Offences,E23000039,Dorset,2018/19,,,82,,FOI requests,\n"
    "Offences,E23000038,Wiltshire,2015/16,,,23,,FOI requests,The force's own release gives 23.\n"
    "Offences,E23000038,Wiltshire,2018/19,,,61,,FOI requests,\n"
    "Offences,E23000033,Sussex,2015/16,,,141,,FOI requests,\n"
    "Offences,E23000033,Sussex,2018/19,,,219,,FOI requests,\n"
    "Offences,E23000030,Hampshire,2015/16,,,317,,FOI requests,\n"
    "Offences,E23000030,Hampshire,2018/19,,,463,,FOI requests,\n"
    "Offences,E23000029,Thames Valley,2015/16,,,303,,FOI requests,\n"
    "Offences,E23000029,Thames Valley,2018/19,,,407,,FOI requests,\n"
    "Offences,E12000008,South East,2018/19,,,1187,,FOI requests,\n"
    "Offences,E12000009,South West,2018/19,,,743,,FOI requests,\n"
    "Offences,E23000039,Dorset,2018/19,victim age,10 and under,19,,FOI requests,\n"
    "Offences,E23000039,Dorset,2018/19,victim age,11 to 15,37,,FOI requests,\n"
    "Offences,E23000039,Dorset,2018/19,victim age,16 to 17,26,,FOI requests,\n"
    "Offences,E23000033,Sussex,2018/19,victim age,10 and under,29,,FOI requests,\n"
    "Offences,E23000033,Sussex,2018/19,victim age,11 to 15,101,,FOI requests,\n"
    "Offences,E23000033,Sussex,2018/19,victim age,16 to 17,89,,FOI requests,\n"
    "Offences,E23000030,Hampshire,2018/19,victim age,10 and under,71,,FOI requests,\n"
    "Offences,E23000030,Hampshire,2018/19,victim age,11 to 15,246,,FOI requests,\n"
    "Offences,E23000030,Hampshire,2018/19,victim age,16 to 17,146,,FOI requests,\n";

db::StoreOptions storeOptions()
{
    db::StoreOptions o = fixedOptions();
    o.clock = [] { return std::string("2019-06-14T09:00:00Z"); }; // no day that is a hidden count
    return o;
}

struct Store
{
    TempDir dir;
    db::Store store = db::Store::create(dir.file("reviewer.evidence"), storeOptions());

    Store() { addOneMeasureSubmission(store, kFigures, "2019-06-14T09:00:00Z"); }

    xlsx::Layout layout() const { return layoutOf(store); }

    std::filesystem::path exported(const std::string& name, int suppressBelow)
    {
        auto options = SampleFixture::options();
        options.suppressBelow = suppressBelow;
        const auto report = app::exportWorkbook(store, dir.file(name), options);
        if (report.status != app::ExportStatus::Written)
            throw std::runtime_error("the export was refused: " + text::join(report.reasons, "; "));
        return report.file;
    }
};

std::string python(const std::string& script, const std::string& args, int& status)
{
    return run("/usr/bin/python3 '" + sourcePath("tests/export/" + script).string() + "' " + args + " 2>&1", status);
}

std::size_t column(const xlsx::Table& t, const std::string& header)
{
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].header == header)
            return c;
    throw std::runtime_error("no column " + header);
}

} // namespace

BOOST_AUTO_TEST_SUITE(reviewer)

// Finding 9: no hidden count anywhere (tables, notes, methodology, cover, charts, properties), and the note
// markers in reading order.
BOOST_AUTO_TEST_CASE(suppression_is_total_and_notes_come_in_reading_order)
{
    Store s;
    const auto plain = s.exported("plain.xlsx", 0);
    const auto suppressed = s.exported("suppressed.xlsx", 30);
    int status = 0;
    const std::string out =
        python("suppression_total.py", "'" + plain.string() + "' '" + suppressed.string() + "'", status);
    BOOST_TEST(status == 0, out);
    // The store is built so that primary and secondary suppression both hide counts.
    BOOST_TEST(out.find("hidden counts: [19.0, 23.0, 26.0, 28.0, 29.0") != std::string::npos, out);
}

// Finding 12: every table lists areas in one order (forces, then regions, each alphabetically).
BOOST_AUTO_TEST_CASE(rows_are_in_the_same_order_in_every_table)
{
    Store s;
    const auto l = s.layout();
    const std::vector<std::string> expected = {"Dorset",    "Hampshire",  "Sussex",    "Thames Valley",
                                               "Wiltshire", "South East", "South West"};
    std::size_t tables = 0;
    for (const auto& sheet : l.sheets) {
        if (!sheet.table)
            continue;
        const auto& t = *sheet.table;
        std::size_t areaCol = t.columns.size();
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (t.columns[c].header == "Area")
                areaCol = c;
        if (areaCol == t.columns.size())
            continue;
        std::vector<std::string> seen;
        for (const auto& row : t.rows) {
            const std::string& area = row[areaCol].text;
            if (std::find(expected.begin(), expected.end(), area) != expected.end() &&
                (seen.empty() || seen.back() != area))
                seen.push_back(area);
        }
        std::vector<std::string> wanted;
        for (const auto& a : expected)
            if (std::find(seen.begin(), seen.end(), a) != seen.end())
                wanted.push_back(a);
        BOOST_TEST(seen == wanted, sheet.name);
        BOOST_TEST(seen.size() >= 3u, sheet.name);
        ++tables;
    }
    BOOST_TEST(tables >= 4u); // figures, change, breakdowns, breakdown summaries
    bool said = false;
    for (const auto& line : l.sheets.front().lines)
        said = said || line.text.find("Every table lists areas in the same order") != std::string::npos;
    BOOST_TEST(said);
}

// Finding 14: an empty Notes cell is left empty, with its meaning stated above the table, and the checklist
// accepts an empty cell only there; the Methodology sheet neither describes the software nor quotes figures
// the tables do not show.
BOOST_AUTO_TEST_CASE(empty_notes_are_empty_and_said_and_the_methodology_is_about_the_figures)
{
    Store s;
    const auto l = s.layout();
    std::size_t empties = 0;
    for (const auto& sheet : l.sheets) {
        if (!sheet.table)
            continue;
        for (const auto& row : sheet.table->rows)
            for (const auto& cell : row)
                BOOST_TEST(cell.text != "None", sheet.name);
        for (std::size_t c = 0; c < sheet.table->columns.size(); ++c) {
            if (sheet.table->columns[c].header != "Notes")
                continue;
            bool empty = false;
            for (const auto& row : sheet.table->rows)
                empty = empty || row[c].text.empty();
            bool said = false;
            for (const auto& line : sheet.lines)
                said = said || line.text == "An empty Notes cell means the row has no note.";
            BOOST_TEST((said == empty), sheet.name);
            empties += empty;
        }
    }
    BOOST_TEST(empties >= 2u);
    for (const auto& sheet : l.sheets) {
        if (sheet.name != "Methodology")
            continue;
        for (const auto& line : sheet.lines)
            BOOST_TEST(line.text.find("Evidence Desk") == std::string::npos, line.text);
        bool worked = false;
        for (const auto& row : sheet.table->rows) {
            BOOST_TEST(row[1].text.find("Evidence Desk") == std::string::npos, row[1].text);
            BOOST_TEST(row[1].text.find("8,224") == std::string::npos, row[1].text);
            BOOST_TEST(row[1].text.find("Dorset: 28") == std::string::npos, row[1].text);
            // The change figures worked through on this workbook's first row that has them all.
            worked = worked || row[1].text.starts_with("Example: in Table 2, Dorset has 28 in 2015/16 and 82 in "
                                                       "2018/19, 3 years apart. Absolute change 82");
        }
        BOOST_TEST(worked);
    }
    // The cover's caveats are about the figures: how they are stored is said under "About this workbook".
    bool caveats = false;
    for (const auto& line : l.sheets.front().lines) {
        if (line.style == xlsx::Line::Style::Heading)
            caveats = line.text == "Key caveats";
        else if (caveats)
            BOOST_TEST((line.text.find("formula") == std::string::npos), line.text);
    }

    // The checklist: the written workbook passes, and a copy whose statement is removed fails on C5.
    const auto file = s.exported("plain.xlsx", 0);
    std::string out;
    BOOST_TEST(checkWorkbook(file, "", out) == 0, out);
    int status = 0;
    const std::string mutant = s.dir.file("unstated.xlsx").string();
    python("checker_selftest.py", "--unstated-empty '" + file.string() + "' '" + mutant + "'", status);
    BOOST_REQUIRE(status == 0);
    BOOST_TEST(checkWorkbook(mutant, "", out) != 0);
    BOOST_TEST(out.find("C5") != std::string::npos, out);
}

// Finding [9] of the guard: roles are written as typed, never with a lower-cased first letter.
BOOST_AUTO_TEST_CASE(roles_are_written_as_typed)
{
    Store s;
    app::importCsvText(s.store,
                       "reference,title,age,age_band,gender,region,year,harm_types,platform_types,narrative,outcome,"
                       "consent,consent_recorded_by,consent_date,questions\n"
                       "CS-201,An account,14,,female,South West,2019,grooming,messaging,A child was contacted by an "
                       "adult online.,Reported,yes,Policy Officer,2019-05-01,\n",
                       "cases.csv", {});
    const auto sub = s.store.submissions().at(0);
    const auto cs = s.store.caseStudyByReference("CS-201");
    s.store.setCaseStudySelected(sub.id, cs->id, true);
    app::markReviewed(s.store, cs->id, "Safeguarding Lead");
    const auto l = s.layout();
    for (const auto& sheet : l.sheets) {
        if (!sheet.table || sheet.table->name != "Case_studies")
            continue;
        const auto& row = sheet.table->rows.at(0);
        const std::string consent = row[column(*sheet.table, "Consent")].text;
        const std::string review = row[column(*sheet.table, "Review")].text;
        BOOST_TEST(consent == "Given, recorded on 1 May 2019; recorded by: Policy Officer");
        BOOST_TEST(review == "Reviewed on 14 June 2019; reviewer: Safeguarding Lead");
    }
}

// Finding 13: a Case studies sheet too wide to print at half size on one A3 page prints across pages, across
// before down, with the reference repeated (read back by check_layout.py).
BOOST_AUTO_TEST_CASE(a_wide_case_study_sheet_prints_across_pages_that_can_be_read)
{
    Store s;
    const std::string account = "A child was contacted by an adult on a gaming platform and then moved to a private "
                                "messaging app, where the adult asked for pictures and threatened to share them.";
    app::importCsvText(s.store,
                       "reference,title,age,age_band,gender,region,year,harm_types,platform_types,narrative,outcome,"
                       "consent,consent_recorded_by,consent_date,questions\n"
                       "CS-301,Contact from an adult met through a multiplayer game that moved to private messages,14,,"
                       "female,South West,2019,grooming; sexual messages; image sharing; sextortion; threats,"
                       "gaming; private messaging; social media; livestreaming,\"" +
                           account +
                           "\",Reported to the police and the platform; referred to a specialist therapeutic service "
                           "after the school safeguarding lead was told,yes,Safeguarding and policy officer,"
                           "2019-05-01,\n",
                       "cases.csv", {});
    const auto sub = s.store.submissions().at(0);
    const auto cs = s.store.caseStudyByReference("CS-301");
    s.store.setCaseStudySelected(sub.id, cs->id, true);
    app::markReviewed(s.store, cs->id, "Safeguarding and policy officer");
    const auto file = s.exported("wide.xlsx", 0);
    const auto json = s.dir.file("accounts.json");
    std::ofstream(json) << "{\"CS-301\": \"" << account << "\"}";
    int status = 0;
    const std::string out = python("check_layout.py", "'" + file.string() + "' '" + json.string() + "'", status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(out.find("Case studies: ") != std::string::npos, out);
    BOOST_TEST(out.find("pixels wide, printed 2 page(s) wide") != std::string::npos, out);
}

// Finding 16 and the provenance rules: each figure's round and as-at date, a case study's basis with its
// citation, and the submission's own coverage threshold reach the workbook.
BOOST_AUTO_TEST_CASE(each_figure_s_round_the_basis_of_an_account_and_the_stored_threshold_are_shown)
{
    Store s;
    app::importCsvText(s.store,
                       "measure,area_code,area_name,period,dimension,category,value,marker,source,note,as_at,round\n"
                       "Offences,E23000032,Kent,2015/16,,,211,,FOI requests,,2019-06,June 2019 round\n"
                       "Offences,E23000032,Kent,2018/19,,,388,,FOI requests,,2019-10-15,October 2019 round\n",
                       "rounds.csv", {});
    app::importCsvText(s.store,
                       "reference,title,age,age_band,gender,region,year,harm_types,platform_types,narrative,outcome,"
                       "consent,consent_recorded_by,consent_date,questions,basis,citation_publisher,citation_title,"
                       "citation_date,citation_url\n"
                       "CS-401,A published account,15,,female,South West,2019,grooming,messaging,A child was contacted "
                       "by an adult online.,Reported,,,,,published_account,Bournemouth Echo,Girl groomed online,"
                       "2019-06-25,https://www.bournemouthecho.co.uk/news/1\n",
                       "cases.csv", {});
    auto sub = s.store.submissions().at(0);
    const auto cs = s.store.caseStudyByReference("CS-401");
    s.store.setCaseStudySelected(sub.id, cs->id, true);
    app::markReviewed(s.store, cs->id, "Policy officer");
    sub.coverageThreshold = 0.1; // 6 of the 39 forces of England have both years: enough at 10%
    s.store.update(sub);

    const auto l = s.layout();
    bool kent = false, basis = false, lfl = false, said = false;
    for (const auto& sheet : l.sheets) {
        if (!sheet.table)
            continue;
        const auto& t = *sheet.table;
        for (const auto& row : t.rows) {
            if (t.name.starts_with("Table_1") && row[0].text == "Kent") {
                BOOST_TEST(row[column(t, "Round and as-at date of each figure")].text ==
                           "2015/16: June 2019 round, as at June 2019; 2018/19: October 2019 round, as at 15 October "
                           "2019");
                kent = true;
            }
            if (t.name == "Case_studies" && row[0].text == "CS-401") {
                BOOST_TEST(row[column(t, "Basis")].text ==
                           "Published account: Bournemouth Echo, Girl groomed online, 25 June 2019");
                BOOST_TEST(row[column(t, "Consent")].text == "[z]");
                basis = true;
            }
            if (t.name.starts_with("Table_2") && row[0].text.starts_with("Like-for-like total")) {
                BOOST_TEST((row[column(t, "Change (%)")].kind == xlsx::Cell::Kind::Formula), row[0].text);
                lfl = true;
            }
        }
    }
    for (const auto& line : l.sheets.front().lines)
        said = said ||
               line.text.find("at least 10% of the areas in scope (this submission's setting)") != std::string::npos;
    BOOST_TEST(kent);
    BOOST_TEST(basis);
    BOOST_TEST(lfl);
    BOOST_TEST(said);
}

BOOST_AUTO_TEST_SUITE_END()
