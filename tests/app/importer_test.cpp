#include "app/importer.h"
#include "core/errors.h"
#include "support/store_fixture.h"

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <set>

using namespace evidence;
using app::importCsvText;
using app::ImportOptions;

namespace {

const std::string kHeader = "measure,area_code,area_name,period,dimension,category,value,marker,source,note\n";

struct ImportFixture : test::StoreFixture
{
    ImportFixture() { test::addOffencesAndFoi(store); }

    std::vector<std::string> problems(const std::string& csv, ImportOptions options = {})
    {
        const auto before = store.observationCount();
        try {
            importCsvText(store, csv, "in.csv", options);
        } catch (const DataError& e) {
            BOOST_TEST(store.observationCount() == before); // nothing committed
            return e.problems();
        }
        return {};
    }
    std::string problem(const std::string& csv, ImportOptions options = {})
    {
        auto p = problems(csv, options);
        BOOST_REQUIRE_MESSAGE(p.size() == 1u, "expected one problem, got " << p.size());
        return p[0];
    }
};

std::string sample(const char* name)
{
    return test::readFile(test::sourcePath("src/app/sample") / name);
}

} // namespace

BOOST_AUTO_TEST_SUITE(importer)

BOOST_FIXTURE_TEST_CASE(shared_samples_import, test::StoreFixture)
{
    ImportOptions o;
    o.createMissing = true;
    const auto r = importCsvText(store, sample("observations.csv"), "observations.csv", o);
    BOOST_TEST(r.inserted == 15u);
    BOOST_TEST(r.createdMeasures.size() == 1u);
    BOOST_TEST(r.createdSources.size() == 7u); // the NSPCC release and six regional reports of it
    BOOST_TEST(store.observationCount() == 15u);
    const auto cs = importCsvText(store, sample("case_studies.csv"), "case_studies.csv", {});
    BOOST_TEST(cs.inserted == 4u);
    const auto molly = store.caseStudyByReference("CS-001");
    BOOST_REQUIRE(molly);
    BOOST_TEST(*molly->age == 15);
    BOOST_TEST(store.area(molly->regionAreaId)->name == "South West");
    BOOST_TEST(
        (molly->harmTypes == std::vector<std::string>{"grooming", "sexual messages", "attempted offline contact"}));
    BOOST_TEST((molly->questionNumbers == std::vector<std::string>{"17"}));
    BOOST_TEST((molly->review == ReviewState::Draft)); // imports are drafts until reviewed
    BOOST_TEST((molly->consent == Consent::Unknown));  // a published account is cited, not consented to
    BOOST_TEST((molly->basis == CaseStudyBasis::PublishedAccount));
    BOOST_TEST(molly->citation.publisher == "Bournemouth Echo");
    db::ObservationFilter f;
    f.areaId = store.areasByCode("E12000003").at(0).id;
    f.period = Period::parse("2018/19");
    BOOST_TEST(*store.observations(f).at(0).value == 1493.0); // "1,493"
    f.areaId = store.areasByCode("E23000001").at(0).id;
    const auto met = store.observations(f).at(0);
    BOOST_TEST(!met.value);
    BOOST_TEST(met.markers.toString() == "[x]");
}

BOOST_FIXTURE_TEST_CASE(progress_counts_rows_and_cancel_leaves_the_store_unchanged, ImportFixture)
{
    std::string csv = kHeader;
    for (int i = 0; i < 1000; ++i)
        csv +=
            "Offences,E23000039,,2019/20,age,group " + std::to_string(i) + "," + std::to_string(100 + i) + ",,FOI,\n";
    ImportOptions o;
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    o.progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
    {
        const auto before = store.observationCount();
        std::atomic<bool> cancel{false};
        o.cancel = &cancel;
        // Cancelled part way through, as the dialog's Cancel button does from the interface thread.
        auto cancelling = o;
        cancelling.progress = [&](std::size_t done, std::size_t total) {
            calls.emplace_back(done, total);
            if (done >= 512)
                cancel = true;
        };
        BOOST_CHECK_THROW(importCsvText(store, csv, "in.csv", cancelling), CancelledError);
        BOOST_TEST(store.observationCount() == before); // rolled back
        BOOST_TEST(calls.size() >= 3u);
        BOOST_TEST(calls.back().first == 512u);
        BOOST_TEST(calls.back().second == 1000u); // the file's rows, from its line ends
    }
    calls.clear();
    o.cancel = nullptr;
    const auto r = importCsvText(store, csv, "in.csv", o);
    BOOST_TEST(r.inserted == 1000u);
    BOOST_REQUIRE(!calls.empty());
    BOOST_TEST(calls.front().first == 0u);
    BOOST_TEST((calls.back() == std::pair<std::size_t, std::size_t>{1000u, 1000u}));
}

BOOST_FIXTURE_TEST_CASE(dry_run_writes_nothing, ImportFixture)
{
    ImportOptions o;
    o.dryRun = true;
    o.createMissing = true;
    const auto r = importCsvText(store, kHeader + "New measure,E23000039,,2015/16,,,28,,New source,\n", "in.csv", o);
    BOOST_TEST(r.inserted == 1u);
    BOOST_TEST(r.dryRun);
    BOOST_TEST(store.observationCount() == 0u);
    BOOST_TEST(!store.measureByName("New measure"));
    BOOST_TEST(!store.sourceByTitle("New source"));
}

BOOST_FIXTURE_TEST_CASE(duplicates_need_replace, ImportFixture)
{
    const std::string row = kHeader + "Offences,E23000039,Dorset,2015/16,,,28,,FOI,\n";
    importCsvText(store, row, "in.csv", {});
    BOOST_TEST(problem(row) ==
               "in.csv:2: the store already holds this figure (same measure, area, period, breakdown and source): use "
               "--replace to overwrite it");
    ImportOptions o;
    o.replace = true;
    const auto r =
        importCsvText(store, kHeader + "Offences,E23000039,Dorset,2015/16,,,29,[r],FOI,revised\n", "in.csv", o);
    BOOST_TEST(r.replaced == 1u);
    BOOST_TEST(store.observationCount() == 1u);
    BOOST_TEST(*store.observations().at(0).value == 29.0);
    BOOST_TEST(store.observations().at(0).markers.toString() == "[r]");
}

BOOST_FIXTURE_TEST_CASE(a_repeated_row_names_its_first_line_with_or_without_replace, ImportFixture)
{
    const std::string dorset = "Offences,E23000039,Dorset,2015/16,victim age,13,28,,FOI,\n";
    const std::string devon = "Offences,E23000037,,2015/16,,,40,,FOI,\n";
    const std::string repeat = "in.csv:5: this row repeats line 3 (same measure, area, period, breakdown and source)";
    ImportOptions replace;
    replace.replace = true;
    // A new figure twice: refused, with or without --replace, and nothing is kept.
    for (const auto& options : {ImportOptions{}, replace}) {
        BOOST_TEST_CONTEXT("replace " << options.replace)
        {
            BOOST_TEST(problem(kHeader + devon + dorset + "Offences,E23000039,,2016/17,,,30,,FOI,\n" + dorset,
                               options) == repeat);
        }
    }
    // A figure already in the store, replaced twice by one file: the second is a repeat too.
    importCsvText(store, kHeader + dorset, "in.csv", {});
    BOOST_TEST(problem(kHeader + devon + dorset + "Offences,E23000037,,2016/17,,,2,,FOI,\n" + dorset, replace) ==
               repeat);
    BOOST_TEST(*store.observations().at(0).value == 28.0);
    // The first line of a repeat that failed on its own is not what the later row repeats.
    const std::string age14 = "Offences,E23000039,,2015/16,victim age,14,";
    BOOST_TEST(problems(kHeader + age14 + "-1,,FOI,\n" + age14 + "5,,FOI,\n").size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(crlf_bom_quotes_and_embedded_newlines, ImportFixture)
{
    const std::string csv =
        "\xEF\xBB\xBF"
        "MEASURE,Area_Code,period,value,source,note\r\n"
        "Offences,E23000039,2015/16,\"1,493\",FOI,\"a note, with \"\"quotes\"\"\r\nand a newline\"\r\n"
        "\r\n"
        "Offences,E23000039,2016/17,-1,FOI,\r\n";
    // Line 5: the first record spans lines 2-3, then a blank line 4.
    BOOST_TEST(problem(csv) == "in.csv:5: column 'value' value '-1': is negative: figures are counts, rates or "
                               "percentages and cannot be below zero");
    const std::string good =
        "\xEF\xBB\xBF"
        "measure,area_code,period,value,source,note\r\n"
        "Offences,E23000039,2015/16,\"1,493\",FOI,\"a note, with \"\"quotes\"\"\r\nand a newline\"\r\n";
    importCsvText(store, good, "in.csv", {});
    BOOST_TEST(store.observations().at(0).note == "a note, with \"quotes\"\r\nand a newline");
}

BOOST_FIXTURE_TEST_CASE(every_problem_of_a_file_is_reported, ImportFixture)
{
    const auto p = problems(kHeader + "Offences,E23000039,,2015/16,,,28,,FOI,\n"
                                      "Offences,E23000039,,2015/17,,,28,,FOI,\n"
                                      "Offences,E99999999,,2016/17,,,28,,FOI,\n"
                                      "Offences,E23000039,,2017/18,,,abc,,FOI,\n");
    BOOST_TEST(p.size() == 3u);
    BOOST_TEST(store.observationCount() == 0u); // the good first row is not kept either
}

struct Malformed
{
    const char* name;
    std::string csv;
    std::string message;
};

BOOST_FIXTURE_TEST_CASE(malformed_inputs_have_exact_messages, ImportFixture)
{
    const std::string row = "Offences,E23000039,,2015/16,,,28,,FOI,\n";
    const std::vector<Malformed> cases = {
        {"unknown column", "measure,area_code,period,value,source,colour\nOffences,E23000039,2015/16,1,FOI,red\n",
         "in.csv:1: column 'colour' value 'colour': unknown column for observations: the columns are measure, "
         "area_code, area_name, period, dimension, category, value, marker, source, note, as_at, round"},
        {"missing column", "measure,area_code,period,source\nOffences,E23000039,2015/16,FOI\n",
         "in.csv:1: the required column 'value' is missing"},
        {"no area column", "measure,period,value,source\nOffences,2015/16,1,FOI\n",
         "in.csv:1: the file needs an 'area_code' or an 'area_name' column"},
        {"duplicate column", "measure,measure,area_code,period,value,source\nA,A,E23000039,2015/16,1,FOI\n",
         "in.csv:1: column 'measure' value 'measure': the column appears twice"},
        {"bad period", kHeader + "Offences,E23000039,,2015/17,,,28,,FOI,\n",
         "in.csv:2: column 'period' value '2015/17': is not a period: use a financial year such as 2015/16, a year "
         "such as 2019, or a quarter such as 2019 Q1"},
        {"negative", kHeader + "Offences,E23000039,,2015/16,,,-5,,FOI,\n",
         "in.csv:2: column 'value' value '-5': is negative: figures are counts, rates or percentages and cannot be "
         "below zero"},
        {"not a number", kHeader + "Offences,E23000039,,2015/16,,,twelve,,FOI,\n",
         "in.csv:2: column 'value' value 'twelve': is not a number: use digits, e.g. 82 or 1,493, or a marker such "
         "as [x]"},
        {"bad thousands", kHeader + "Offences,E23000039,,2015/16,,,\"14,93\",,FOI,\n",
         "in.csv:2: column 'value' value '14,93': has misplaced thousands separators: write 1,493 or 1493"},
        {"empty value", kHeader + "Offences,E23000039,,2015/16,,,,,FOI,\n",
         "in.csv:2: column 'value' value '': is empty: give a figure, or a marker that replaces it ([x] not "
         "available, [c] confidential, [z] not applicable, [low])"},
        {"marker in value", kHeader + "Offences,E23000039,,2015/16,,,[x],,FOI,\n",
         "in.csv:2: column 'value' value '[x]': is a marker: put markers in the 'marker' column and leave 'value' "
         "empty"},
        {"value and replacing marker", kHeader + "Offences,E23000039,,2015/16,,,12,[c],FOI,\n",
         "in.csv:2: column 'marker' value '[c]': [c] stands instead of a value, but value is 12: remove one of them"},
        {"unknown marker", kHeader + "Offences,E23000039,,2015/16,,,12,[q],FOI,\n",
         "in.csv:2: column 'marker' value '[q]': is not a known code: use [x] not available, [c] confidential, [z] "
         "not applicable, [low] low figure, or the qualifiers [p] [e] [r] [u] [b]"},
        {"unknown area code", kHeader + "Offences,E99999999,,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'area_code' value 'E99999999': no known area has this code"},
        {"unknown area name", kHeader + "Offences,,Atlantis,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'area_name' value 'Atlantis': no known area has this name: add it as an area first, or "
         "give its area_code"},
        {"ambiguous name", kHeader + "Offences,,West Midlands,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'area_name' value 'West Midlands': the name matches 2 areas (police force area West "
         "Midlands (E23000014), region West Midlands (E12000005)): give area_code too"},
        {"shared code", kHeader + "Offences,N92000002,,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'area_code' value 'N92000002': the code is shared by 2 areas (police force area Police "
         "Service of Northern Ireland (N92000002), country Northern Ireland (N92000002)): give area_name too"},
        {"code and name disagree", kHeader + "Offences,E23000039,Sussex,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'area_name' value 'Sussex': does not match area_code E23000039, which is police force "
         "area Dorset (E23000039)"},
        {"no area", kHeader + "Offences,,,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'area_code' value '': give area_code or area_name"},
        {"dimension without category", kHeader + "Offences,E23000039,,2015/16,victim age,,12,,FOI,\n",
         "in.csv:2: column 'category' value '': is empty but dimension is set: give both (e.g. victim age / 13) or "
         "neither"},
        {"category without dimension", kHeader + "Offences,E23000039,,2015/16,,13,12,,FOI,\n",
         "in.csv:2: column 'dimension' value '': is empty but category is set: give both (e.g. victim age / 13) or "
         "neither"},
        {"unknown measure", kHeader + "Robberies,E23000039,,2015/16,,,12,,FOI,\n",
         "in.csv:2: column 'measure' value 'Robberies': no measure has this name: add it first, or import with "
         "--create-missing"},
        {"unknown source", kHeader + "Offences,E23000039,,2015/16,,,12,,Gossip,\n",
         "in.csv:2: column 'source' value 'Gossip': no source has this name: add it first, or import with "
         "--create-missing"},
        {"repeated row", kHeader + row + row,
         "in.csv:3: this row repeats line 2 (same measure, area, period, "
         "breakdown and source)"},
        {"too few fields", kHeader + "Offences,E23000039,,2015/16,,,12\n",
         "in.csv:2: the row has 7 fields but the header has 10: check for a missing or extra comma"},
        {"stray quote", kHeader + "Offences,E23000039,,2015/16,,,1\"2,,FOI,\n",
         "in.csv:2: a quote (\") is misplaced: quote the whole field and double any quote inside it, e.g. \"say "
         "\"\"hi\"\"\""},
        {"unclosed quote", kHeader + "Offences,E23000039,,2015/16,,,12,,FOI,\"unfinished\n",
         "in.csv:2: the file ends inside a quoted field: a closing \" is missing"},
        {"invalid UTF-8", kHeader + "Offences,E23000039,,2015/16,,,12,,FOI,caf\xe9\n",
         "in.csv:2: the text is not valid UTF-8: save the file as \"CSV UTF-8\" and import it again"},
        {"header only", kHeader, "in.csv:1: the file has a header but no rows"},
        {"empty file", "", "in.csv:1: the file is empty: it needs a header row and at least one row"},
        {"unrecognised header", "name,colour\nx,y\n",
         "in.csv:1: the header is neither an observations file (measure, area_code, area_name, period, dimension, "
         "category, value, marker, source, note) nor a case-studies file (reference, title, narrative, ...)"},
    };
    BOOST_TEST(cases.size() >= 20u);
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name)
        {
            BOOST_TEST(problem(c.csv) == c.message);
        }
    }
}

namespace {

// The problems importing @p csv as case studies reports, each a line; none when it imports. A refused file
// adds no case study.
std::vector<std::string> caseStudyProblems(db::Store& store, const std::string& csv)
{
    const auto before = store.caseStudies().size();
    try {
        importCsvText(store, csv, "cs.csv", {});
    } catch (const DataError& e) {
        BOOST_TEST(store.caseStudies().size() == before);
        return e.problems();
    }
    return {};
}

} // namespace

BOOST_FIXTURE_TEST_CASE(case_study_rules, test::StoreFixture)
{
    const std::string header = "reference,title,age,age_band,region,year,narrative,consent,consent_recorded_by,"
                               "consent_date,questions\n";
    auto problemsOf = [&](const std::string& row) { return caseStudyProblems(store, header + row); };
    BOOST_TEST(problemsOf("CS-9,T,14,,Sunderland,2019,Text,no,,,3")
                   .at(0)
                   .find("cs.csv:2: column 'region' value 'Sunderland': is not an ITL1 region or a nation") == 0);
    BOOST_TEST(problemsOf("CS-9,T,14,13-15,North East,2019,Text,no,,,3").at(0) ==
               "cs.csv:2: column 'age_band' value '13-15': give an age or an age band, not both");
    BOOST_TEST(problemsOf("CS-9,T,,teen,North East,2019,Text,no,,,3").at(0) ==
               "cs.csv:2: column 'age_band' value 'teen': is not an age band: write e.g. 13-15, under 10, 10 and "
               "under, 16 and over");
    BOOST_TEST(problemsOf("CS-9,T,14,,North East,2019-03-14,Text,no,,,3").at(0) ==
               "cs.csv:2: column 'year' value '2019-03-14': is not a year such as 2019 (only the year is kept, never "
               "a full date)");
    BOOST_TEST(problemsOf("CS-9,T,14,,North East,2019,Text,yes,,,3").at(0) ==
               "cs.csv:2: column 'consent_recorded_by' value '': is empty: say which role recorded the consent (e.g. "
               "Policy officer)");
    BOOST_TEST(problemsOf("CS-9,T,14,,North East,2019,Text,no,,,99").at(0) ==
               "cs.csv:2: column 'questions' value '99': is not a question number of the consultation (e.g. 3, 7a, "
               "14b)");
    BOOST_TEST(problemsOf("CS-9,T,41,,North East,2019,Text,no,,,3").at(0) ==
               "cs.csv:2: column 'age' value '41': is not an age in whole years from 0 to 25");
    const auto ok = importCsvText(store, header + "CS-9,T,,10 and under,Wales,2019,Text,no,,,7a\n", "cs.csv", {});
    BOOST_TEST(ok.inserted == 1u);
    BOOST_TEST(problemsOf("CS-9,T,,10 and under,Wales,2019,Text,no,,,7a").at(0) ==
               "cs.csv:2: column 'reference' value 'CS-9': a case study with this reference is already in the store: "
               "use --replace to overwrite it");
}

BOOST_FIXTURE_TEST_CASE(figures_import_their_round_and_as_at_date, ImportFixture)
{
    const std::string header = "measure,area_code,period,value,source,as_at,round\n";
    importCsvText(store,
                  header + "Offences,E23000038,2018/19,54,FOI,2019-06-14,June 2019 round\n"
                           "Offences,E23000039,2018/19,82,FOI,,\n",
                  "in.csv", {});
    const auto all = store.observations();
    BOOST_REQUIRE(all.size() == 2u);
    const auto& wiltshire = all[0].areaId == store.areasByCode("E23000038").at(0).id ? all[0] : all[1];
    const auto& dorset = &wiltshire == &all[0] ? all[1] : all[0];
    BOOST_TEST(wiltshire.asAt == "2019-06-14");
    BOOST_TEST(wiltshire.round == "June 2019 round");
    BOOST_TEST(dorset.asAt.empty());
    BOOST_TEST(dorset.round.empty());
    BOOST_TEST(problem(header + "Offences,E23000036,2018/19,5,FOI,2019-02-29,\n") ==
               "in.csv:2: column 'as_at' value '2019-02-29': is not a date of the calendar written as 2019-06-10 (or "
               "2019-06 for a month): check the month and day, or leave it empty for the source's date");
    BOOST_TEST(problem(header + "Offences,E23000036,2018/19,5,FOI,June 2019,\n")
                   .find("column 'as_at' value 'June "
                         "2019'") != std::string::npos);
}

// FOI replies and press tables name forces their own way: "Devon and Cornwall Police" for ONS's "Devon &
// Cornwall" was "no known area has this name". Such variants now find the force, and only the force.
BOOST_FIXTURE_TEST_CASE(forces_named_as_their_replies_name_them_are_found, ImportFixture)
{
    const std::string header = "measure,area_code,area_name,period,value,source\n";
    importCsvText(store,
                  header + "Offences,,Devon and Cornwall Police,2018/19,50,FOI\n"
                           "Offences,,dorset police,2018/19,82,FOI\n"
                           "Offences,,City of London Police,2018/19,3,FOI\n"
                           "Offences,,Dyfed Powys,2018/19,20,FOI\n"
                           "Offences,,Metropolitan Police Service,2018/19,900,FOI\n"
                           "Offences,,West Midlands Police,2018/19,300,FOI\n"
                           "Offences,,Avon & Somerset Constabulary,2018/19,120,FOI\n"
                           "Offences,E23000038,Wiltshire Police,2018/19,54,FOI\n",
                  "in.csv", {});
    std::set<std::string> codes;
    for (const auto& o : store.observations())
        codes.insert(store.area(o.areaId)->code);
    BOOST_TEST((codes == std::set<std::string>{"E23000035", "E23000039", "E23000034", "W15000004", "E23000001",
                                               "E23000014", "E23000036", "E23000038"}));
    // Without a word naming a force, the region and the force of one name are still told apart by code only.
    BOOST_TEST(problem(header + "Offences,,West Midlands,2017/18,5,FOI\n").find("the name matches 2 areas") !=
               std::string::npos);
    BOOST_TEST(problem(header + "Offences,,Devon Police,2017/18,5,FOI\n").find("no known area has this name") !=
               std::string::npos);
}

// A percentage of 140 was imported into a share and charted as one.
BOOST_FIXTURE_TEST_CASE(a_percentage_over_100_is_a_located_problem, ImportFixture)
{
    Measure share;
    share.name = "Share online";
    share.unit = Unit::Percentage;
    store.insert(share);
    const std::string header = "measure,area_code,period,value,source\n";
    BOOST_TEST(problem(header + "Share online,E23000039,2018/19,100,FOI\nShare online,E23000039,2017/18,140,FOI\n") ==
               "in.csv:3: column 'value' value '140': is above 100, but measure 'Share online' is a percentage of a "
               "whole: give the share, or import the figure under a count or rate measure");
    BOOST_TEST(importCsvText(store,
                             header + "Share online,E23000039,2018/19,100,FOI\nOffences,E23000039,2018/19,140,FOI\n",
                             "in.csv", {})
                   .inserted == 2u);
}

BOOST_FIXTURE_TEST_CASE(case_studies_import_their_basis_and_citation, test::StoreFixture)
{
    const std::string header = "reference,title,narrative,consent,basis,citation_publisher,citation_title,"
                               "citation_date,citation_url\n";
    auto problemsOf = [&](const std::string& row) { return caseStudyProblems(store, header + row); };
    BOOST_TEST(problemsOf("CS-1,T,Text,,published,,,,").size() == 3u);
    BOOST_TEST(problemsOf("CS-1,T,Text,,published_account,Echo,Title,,").at(0) ==
               "cs.csv:2: column 'citation_date' value '': is empty and so is citation_url: a published account "
               "needs the date it was published or its address");
    BOOST_TEST(problemsOf("CS-1,T,Text,,published_account,Echo,Title,2019-06-31,").at(0) ==
               "cs.csv:2: column 'citation_date' value '2019-06-31': is not a date of the calendar written as "
               "2019-06-10 (or 2019-06): check the month and day");
    {
        const auto p = problemsOf("CS-1,T,Text,yes,published_account,Echo,Title,2019-06-25,");
        BOOST_TEST(std::any_of(p.begin(), p.end(), [](const std::string& x) {
            return x.find("column 'consent' value 'yes': is given for a published account") != std::string::npos;
        }));
    }
    BOOST_TEST(problemsOf("CS-1,T,Text,,hearsay,,,,").at(0).find("column 'basis' value 'hearsay': must be consent") !=
               std::string::npos);
    BOOST_TEST(problemsOf("CS-1,T,Text,not_applicable,consent,,,,")
                   .at(0)
                   .find("column 'consent' value 'not_applicable': is not applicable only for a published account") !=
               std::string::npos);
    BOOST_TEST(problemsOf("CS-1,T,Text,not_applicable,published account,Echo,Title,,https://example.org/a").empty());
    const auto c = store.caseStudyByReference("CS-1");
    BOOST_REQUIRE(c);
    BOOST_TEST((c->basis == CaseStudyBasis::PublishedAccount));
    BOOST_TEST(c->citation.url == "https://example.org/a");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(importer_fuzz_findings)

// import_fuzz: a NUL byte in a measure that --create-missing would create made the store's CHECK
// refuse it, and the whole import failed with a message naming no file or line. No text may hold a NUL
// now: the reader refuses the file at the line that holds one.
BOOST_FIXTURE_TEST_CASE(nul_in_a_new_measure_name_is_a_located_problem, ImportFixture)
{
    ImportOptions o;
    o.createMissing = true;
    const std::string csv = kHeader + "Off\n" + std::string("\0ces", 4) + ",E23000039,,2015/16,,,12,,FOI,\n";
    const auto p = problems(csv, o);
    BOOST_REQUIRE(p.size() == 1u);
    BOOST_TEST(p[0] == "in.csv:3: the file holds a NUL byte, which no text may contain: is it a CSV file saved as "
                       "text?");
    BOOST_TEST(store.measures().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
