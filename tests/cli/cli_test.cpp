// evidence-cli end to end, as a separate process: exit codes, stdout and stderr.
#define BOOST_TEST_MODULE cli
#include "cli/cli_process.h"
#include "db/edit_lock.h"
#include "db/store.h"
#include "support/process.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

using namespace evidence;
using test::cli;
using test::contains;
using test::TempDir;

BOOST_AUTO_TEST_SUITE(cli_process)

BOOST_AUTO_TEST_CASE(version_and_help)
{
    auto r = cli({"--version"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out == std::string("evidence-cli ") + "0.1.0\n");
    r = cli({"--help"});
    BOOST_TEST(r.exitCode == 0);
    for (const char* verb : {"init", "sample", "import", "list", "show", "audit"})
        BOOST_TEST(contains(r.out, verb));
    r = cli({"import", "--help"});
    BOOST_TEST(r.exitCode == 0);
    for (const char* option : {"--create-missing", "--replace", "--dry-run"})
        BOOST_TEST(contains(r.out, option));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_1)
{
    BOOST_TEST(cli({}).exitCode == 1);
    BOOST_TEST(cli({"frobnicate"}).exitCode == 1);
    BOOST_TEST(cli({"import"}).exitCode == 1);
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_TEST(cli({"init", store}).exitCode == 0);
    auto r = cli({"list", store, "things"});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(contains(r.err, "things not in"));
    r = cli({"list", store, "areas", "--measure", "x"});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(contains(r.err, "filter observations only"));
    BOOST_TEST(cli({"import", store, "a.csv", "--bogus"}).exitCode == 1);
}

// `add measure` and `include case-study` name a kind in the singular, `list measures` in the plural: a
// verb given the other form refused it.
BOOST_AUTO_TEST_CASE(kinds_are_taken_in_the_singular_or_the_plural)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_TEST(cli({"sample", store}).exitCode == 0);
    const auto plural = cli({"list", store, "measures"});
    BOOST_TEST(plural.exitCode == 0);
    for (const char* kind : {"measure", "Measure", "MEASURES"}) {
        const auto r = cli({"list", store, kind});
        BOOST_TEST(r.exitCode == 0, kind << ": " << r.err);
        BOOST_TEST(r.out == plural.out, kind);
    }
    BOOST_TEST(cli({"list", store, "case-study"}).out == cli({"list", store, "case-studies"}).out);
    BOOST_TEST(cli({"list", store, "figures"}).out == cli({"list", store, "observations"}).out);
    auto r = cli({"add", store, "measures", "name", "Other offences"});
    BOOST_TEST(r.exitCode == 0, r.err);
    r = cli({"include", store, "case_studies", "CS-001"});
    BOOST_TEST(r.exitCode == 0, r.err);
    r = cli({"delete", store, "measures", "Other offences"});
    BOOST_TEST(r.exitCode == 0, r.err);
    r = cli({"add", store, "things", "name", "x"});
    BOOST_TEST(r.exitCode != 0);
    BOOST_TEST(contains(r.err, "is not a kind of record"), r.err);
}

BOOST_AUTO_TEST_CASE(init_starts_the_submission_and_export_suppresses_small_counts_on_request)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_TEST(cli({"init", store, "--organisation", "Test charity", "--title", "Our response"}).exitCode == 0);
    auto r = cli({"list", store, "submissions"});
    BOOST_TEST(contains(r.out, "Our response"));
    const auto fixture = evidence::test::sourcePath("tests/data/suppression/observations.csv").string();
    BOOST_TEST(cli({"import", store, fixture, "--create-missing"}).exitCode == 0);
    r = cli({"export", store, dir.file("x.xlsx").string(), "--suppress-below", "1"});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(contains(r.err, "--suppress-below: Value 1 not in range 2 to 1000"));
    BOOST_TEST(!std::filesystem::exists(dir.file("x.xlsx")));
    r = cli({"export", store, dir.file("x.xlsx").string(), "--suppress-below", "5"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "counts below 5"));
    r = cli({"export", store, dir.file("plain.xlsx").string()});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(!contains(r.out, "Suppressed"));
}

BOOST_AUTO_TEST_CASE(check_lists_what_stops_the_export_and_exits_4_exactly_when_export_refuses)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    // No organisation: the workbook would have no author.
    BOOST_TEST(cli({"init", store, "--title", "Our response"}).exitCode == 0);
    const auto fixture = evidence::test::sourcePath("tests/data/suppression/observations.csv").string();
    BOOST_TEST(cli({"import", store, fixture, "--create-missing"}).exitCode == 0);
    auto r = cli({"check", store});
    BOOST_TEST(r.exitCode == 4, r.out << r.err);
    BOOST_TEST(contains(r.out, "BLOCK\tSubmission\tThe submission has no organisation"), r.out);
    BOOST_TEST(contains(r.out, "CHECK\tSubmission\tThe submission has no organisational email"), r.out);
    BOOST_TEST(contains(r.out, "CHECK\tMeasure "), r.out); // the statistical warnings
    BOOST_TEST(contains(r.out, "1 problem stops the export"), r.out);
    auto e = cli({"export", store, dir.file("x.xlsx").string()});
    BOOST_TEST(e.exitCode == 2);
    BOOST_TEST(contains(e.err, "The submission has no organisation: the workbook's author is the organisation"), e.err);
    BOOST_TEST(!std::filesystem::exists(dir.file("x.xlsx")));

    // With an organisation nothing stops it: check exits 0 and the export is written.
    const auto ready = dir.file("ready.evidence").string();
    BOOST_TEST(cli({"init", ready, "--organisation", "Test charity"}).exitCode == 0);
    BOOST_TEST(cli({"import", ready, fixture, "--create-missing"}).exitCode == 0);
    r = cli({"check", ready});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(!contains(r.out, "BLOCK"), r.out);
    BOOST_TEST(contains(r.out, "Ready to export;"), r.out);
    // An export that records nothing in the store leaves its file as it was (it used to rewrite the header
    // twice, syncing the file each time).
    const std::string before = test::readFile(ready);
    BOOST_TEST(cli({"export", ready, dir.file("y.xlsx").string()}).exitCode == 0);
    BOOST_TEST((test::readFile(ready) == before), "the export changed the store's bytes");

    BOOST_TEST(cli({"check"}).exitCode == 1);
    BOOST_TEST(cli({"check", dir.file("missing.evidence").string()}).exitCode == 2);
}

BOOST_AUTO_TEST_CASE(init_and_list_reference_data)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    auto r = cli({"init", store});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "Created"));
    r = cli({"init", store});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "already exists"));
    r = cli({"list", store, "questions"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "14b"));
    r = cli({"list", store, "areas", "--csv"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "E23000039,Dorset,police force area,,South West,England\r\n"));
    BOOST_TEST(contains(r.out, ",\"England, Wales and Northern Ireland\",aggregate"));
}

BOOST_AUTO_TEST_CASE(sample_list_and_show)
{
    TempDir dir;
    const auto store = dir.file("sample.evidence").string();
    auto r = cli({"sample", store});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "15 observations, 4 case studies, 1 submission"));
    r = cli({"list", store, "observations", "--area", "E23000039"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "2015/16"));
    BOOST_TEST(contains(r.out, "82"));
    BOOST_TEST(!contains(r.out, "Sussex"));
    r = cli({"list", store, "observations", "--period", "2018/19", "--area", "Yorkshire and The Humber", "--csv"});
    BOOST_TEST(contains(r.out, "\"1,493\""));
    r = cli({"list", store, "observations", "--period", "2018-19"});
    BOOST_TEST(r.exitCode == 0);
    r = cli({"list", store, "observations", "--period", "spring"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "period 'spring' is not a period"));
    r = cli({"list", store, "observations", "--area", "West Midlands"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "matches 2 areas"));
    r = cli({"list", store, "case-studies"});
    BOOST_TEST(contains(r.out, "CS-004"));
    BOOST_TEST(contains(r.out, "draft"));
    r = cli({"show", store, "CS-001"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "Molly*"));
    BOOST_TEST(contains(r.out, "Review: reviewed by Policy officer"));
    r = cli({"show", store, "Q17"});
    BOOST_TEST(contains(r.out, "Answer in submission 1: [yes]"));
    r = cli({"show", store, "Dorset"});
    BOOST_TEST(contains(r.out, "Code: E23000039"));
    r = cli({"show", store, "nothing-like-this"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "nothing in the store is called 'nothing-like-this'"));
    r = cli({"audit", store, "--limit", "3"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "answer"));
}

BOOST_AUTO_TEST_CASE(import_errors_exit_2_and_change_nothing)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_TEST(cli({"sample", store}).exitCode == 0);
    const auto csv = dir.file("bad.csv");
    test::writeFile(csv, "measure,area_code,period,value,source\n"
                         "Sexual offences against under-18s recorded with an online flag,E23000039,2016/17,30,"
                         "NSPCC FOI requests to police forces (2019)\n"
                         "Sexual offences against under-18s recorded with an online flag,E23000039,2017/18,-4,"
                         "NSPCC FOI requests to police forces (2019)\n"
                         "Sexual offences against under-18s recorded with an online flag,E23000039,2017/19,4,"
                         "NSPCC FOI requests to police forces (2019)\n");
    auto r = cli({"import", store, csv.string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.err == "bad.csv:3: column 'value' value '-4': is negative: figures are counts, rates or percentages "
                        "and cannot be below zero\n"
                        "bad.csv:4: column 'period' value '2017/19': is not a period: use a financial year such as "
                        "2015/16, a year such as 2019, or a quarter such as 2019 Q1\n");
    r = cli({"list", store, "observations", "--area", "E23000039"});
    BOOST_TEST(!contains(r.out, "2016/17"));

    test::writeFile(csv, "measure,area_code,period,value,source\n"
                         "Sexual offences against under-18s recorded with an online flag,E23000039,2016/17,30,"
                         "NSPCC FOI requests to police forces (2019)\n");
    r = cli({"import", store, csv.string(), "--dry-run"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "Nothing was written."));
    BOOST_TEST(!contains(cli({"list", store, "observations", "--area", "E23000039"}).out, "2016/17"));
    r = cli({"import", store, csv.string()});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out == "Imported 1 observation from " + csv.string() + ".\n");
    BOOST_TEST(contains(cli({"list", store, "observations", "--area", "E23000039"}).out, "2016/17"));
    r = cli({"import", store, csv.string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "use --replace"));
    BOOST_TEST(cli({"import", store, csv.string(), "--replace"}).exitCode == 0);

    r = cli({"import", store, dir.file("missing.csv").string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "does not exist"));
    r = cli({"import", store, dir.path().string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "is a folder"));
}

BOOST_AUTO_TEST_CASE(bad_store_files_exit_2)
{
    TempDir dir;
    test::writeFile(dir.file("notes.txt"), "hello");
    auto r = cli({"list", dir.file("notes.txt").string(), "areas"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "not an Evidence Desk store"));
    r = cli({"list", dir.file("nope.evidence").string(), "areas"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "does not exist"));
    BOOST_TEST(!std::filesystem::exists(dir.file("nope.evidence")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(trends_command)

BOOST_AUTO_TEST_CASE(sample_trends_table_csv_and_headlines)
{
    TempDir dir;
    const auto store = dir.file("sample.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"trends", store});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "192.9"));
    BOOST_TEST(contains(r.out, "Totals over the 44 forces of England, Wales and Northern Ireland"));
    BOOST_TEST(contains(r.out, "Breakdown by victim age"));
    r = cli({"trends", store, "--headlines", "--area", "Dorset"});
    BOOST_TEST(r.out == "Sexual offences against under-18s recorded with an online flag in Dorset rose from 28 in "
                        "2015/16 to 82 in 2018/19, an increase of 193% (almost three times as many).\n");
    r = cli({"trends", store, "--csv", "--area", "E12000003"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "Yorkshire and The Humber,"));
    BOOST_TEST(contains(r.out, ",104.801097393689"));
    r = cli({"trends", store, "--from", "2017/18", "--to", "2018/19", "--area", "Sussex", "--headlines"});
    BOOST_TEST(contains(r.out, "rose from 38 in 2017/18 to 58 in 2018/19, an increase of 53%"));
    r = cli({"trends", store, "--measure", "Burglaries"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "no measure is named 'Burglaries'"));
    r = cli({"trends", store, "--from", "2015/16", "--to", "2019"});
    BOOST_TEST(r.exitCode == 2);
}

BOOST_AUTO_TEST_CASE(figures_show_and_set_their_round_and_as_at_date)
{
    TempDir dir;
    const auto store = dir.file("sample.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"list", store, "observations", "--area", "Wiltshire", "--csv"});
    BOOST_TEST(contains(r.out, "as at,round,note"), r.out);
    BOOST_TEST(contains(r.out, "\"ITV Meridian, June 2019\",2019-06-25,June 2019 round,"), r.out);
    r = cli({"set-figure", store, "--measure", "Sexual offences against under-18s recorded with an online flag",
             "--area", "Wiltshire", "--period", "2018/19", "--as-at", "2019-06-14"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out == "The figure is as at 2019-06-14, from the June 2019 round.\n");
    r = cli({"set-figure", store, "--measure", "Sexual offences against under-18s recorded with an online flag",
             "--area", "Wiltshire", "--period", "2018/19", "--as-at", "2019-06-31"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "as-at date '2019-06-31' is not a date of the calendar"), r.err);
    r = cli({"list", store, "observations", "--area", "Wiltshire", "--csv"});
    BOOST_TEST(contains(r.out, ",2019-06-14,June 2019 round,"), r.out);
    r = cli({"set-figure", store, "--measure", "Sexual offences against under-18s recorded with an online flag",
             "--area", "Wiltshire", "--period", "2018/19"});
    BOOST_TEST(r.exitCode == 1);
}

BOOST_AUTO_TEST_CASE(a_case_study_shows_and_sets_its_basis_and_a_review_its_date)
{
    TempDir dir;
    const auto store = dir.file("sample.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"show", store, "CS-001"});
    BOOST_TEST(contains(r.out, "Basis: published account (no consent is held or claimed)"), r.out);
    BOOST_TEST(contains(r.out, "Citation: Bournemouth Echo, \""), r.out);
    BOOST_TEST(contains(r.out, "Review: reviewed by Policy officer on 2019-06-27"), r.out);
    r = cli({"list", store, "case-studies"});
    BOOST_TEST(contains(r.out, "published_account"), r.out);

    r = cli({"set-case-study", store, "CS-002", "--basis", "published_account"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "a published account needs its citation"), r.err);
    r = cli({"set-case-study", store, "CS-002", "--basis", "published_account", "--citation-publisher",
             "Example Gazette", "--citation-title", "A report", "--citation-url", "https://example.org/report"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "CS-002 is retold from a published account."), r.out);
    BOOST_TEST(contains(r.out, "it is a draft again"), r.out);

    r = cli({"review", store, "CS-002", "--role", "Policy officer", "--on", "2019-06-26"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out == "CS-002 is reviewed by Policy officer on 2019-06-26.\n");
    r = cli({"review", store, "CS-002", "--role", "Policy officer", "--on", "2999-01-01"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "the review date 2999-01-01 is in the future"), r.err);
}

BOOST_AUTO_TEST_CASE(the_submissions_coverage_threshold_is_the_trends_default)
{
    TempDir dir;
    const auto store = dir.file("sample.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    const auto measure = "Sexual offences against under-18s recorded with an online flag";
    // Two of the 44 forces have figures for both years: below the default of half, no change is stated.
    auto r = cli({"trends", store, "--headlines", "--scope", "England", "--measure", measure});
    BOOST_TEST(contains(r.out, "No change is given"), r.out);
    r = cli({"set-submission", store, "--coverage-threshold", "2"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "at least 2% of the areas in scope"), r.out);
    r = cli({"show", store, "Response to the Online Harms White Paper consultation"});
    BOOST_TEST(contains(r.out, "Coverage threshold: 2% of the areas in scope"), r.out);
    r = cli({"list", store, "submissions"});
    BOOST_TEST(contains(r.out, "2%"), r.out);
    r = cli({"trends", store, "--headlines", "--scope", "England", "--measure", measure});
    BOOST_TEST(!contains(r.out, "No change is given"), r.out);
    // The option still overrides the submission's for one run.
    r = cli({"trends", store, "--headlines", "--scope", "England", "--measure", measure, "--coverage-threshold", "50"});
    BOOST_TEST(contains(r.out, "No change is given"), r.out);
    BOOST_TEST(cli({"set-submission", store, "--coverage-threshold", "150"}).exitCode == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(anonymisation_commands)

BOOST_AUTO_TEST_CASE(scan_review_and_acknowledge)
{
    TempDir dir;
    const auto store = dir.file("sample.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"scan", store, "--submission", "1"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "0 BLOCK, 0 WARN open, 9 acknowledged."));
    r = cli({"scan", store, "--show-text"});
    BOOST_TEST(r.exitCode == 3);
    BOOST_TEST(contains(r.out, "Riverside Academy"));
    r = cli({"scan", store, "--case-study", "CS-004", "--json"});
    BOOST_TEST(r.exitCode == 3);
    BOOST_TEST(contains(r.out, "\"blocking\": 4")); // school, handle, phone, and the first name (a BLOCK since [9])
    BOOST_TEST(contains(r.out, "\"kind\": \"phone\""));
    BOOST_TEST(contains(r.out, "\"char_begin\": 154"));
    r = cli({"review", store, "CS-004", "--role", "Policy officer"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "CS-004 narrative: BLOCK school name at characters 33-49 ('R\u2026 (17 characters)')"));
    r = cli({"acknowledge", store, "CS-004", "--text", "Riverside Academy", "--reason", "x", "--role", "P"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "cannot be acknowledged"));
    r = cli({"acknowledge", store, "CS-004", "--text", "Sunderland", "--reason", "Large city", "--role", "P"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out == "Acknowledged 1 finding of CS-004.\n");
    r = cli({"scan", store, "--case-study", "CS-004", "--all"});
    BOOST_TEST(contains(r.out, "ACK"));
    r = cli({"review", store, "CS-001", "--draft"});
    BOOST_TEST(r.exitCode == 0);
    r = cli({"review", store, "CS-001"});
    BOOST_TEST(r.exitCode == 1);
    r = cli({"review", store, "CS-001", "--role", "Policy officer"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out == "CS-001 is reviewed by Policy officer.\n");
}

BOOST_AUTO_TEST_CASE(commands_that_write_are_refused_while_another_program_edits_the_store_exit_5)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_TEST(cli({"sample", store}).exitCode == 0);
    const auto csv = dir.file("one.csv");
    test::writeFile(csv, "measure,area_code,period,value,source\n"
                         "Sexual offences against under-18s recorded with an online flag,E23000039,2016/17,30,"
                         "NSPCC FOI requests to police forces (2019)\n");
    // Another process holds the store open for editing, as the desktop app does, until told to stop.
    int toChild[2], fromChild[2];
    BOOST_REQUIRE(::pipe(toChild) == 0 && ::pipe(fromChild) == 0);
    const pid_t holder = ::fork();
    BOOST_REQUIRE(holder >= 0);
    if (holder == 0) {
        ::close(toChild[1]);
        ::close(fromChild[0]);
        try {
            const auto lock = db::EditLock::acquire(store, "officer");
            const char ready = 'y';
            (void)!::write(fromChild[1], &ready, 1);
            char stop = 0;
            (void)!::read(toChild[0], &stop, 1);
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);
    }
    ::close(toChild[0]);
    ::close(fromChild[1]);
    char ready = 0;
    BOOST_REQUIRE(::read(fromChild[0], &ready, 1) == 1);
    const std::string before = cli({"audit", store}).out;

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"import", store, csv.string()},
          {"review", store, "CS-001", "--draft"},
          {"acknowledge", store, "CS-002", "--text", "x", "--reason", "r", "--role", "Policy officer"},
          {"export", store, dir.file("out.xlsx").string()}}) {
        BOOST_TEST_CONTEXT(args.front())
        {
            const auto r = cli(args);
            BOOST_TEST(r.exitCode == 5);
            BOOST_TEST(contains(r.err, "already open for editing by officer on "));
            BOOST_TEST(contains(r.err, "(Evidence Desk, process " + std::to_string(holder) + ")"));
        }
    }
    BOOST_TEST(!std::filesystem::exists(dir.file("out.xlsx")));
    // Commands that only read still work, and nothing was changed.
    BOOST_TEST(cli({"list", store, "case-studies"}).exitCode == 0);
    BOOST_TEST(cli({"show", store, "CS-001"}).exitCode == 0);
    BOOST_TEST(cli({"check", store}).exitCode != 5);
    BOOST_TEST(cli({"audit", store}).out == before);
    BOOST_TEST(!contains(cli({"list", store, "observations", "--area", "E23000039"}).out, "2016/17"));

    ::close(toChild[1]);
    ::close(fromChild[0]);
    int status = 0;
    ::waitpid(holder, &status, 0);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    // Once the holder has gone, the same command goes through.
    BOOST_TEST(cli({"import", store, csv.string()}).exitCode == 0);
    BOOST_TEST(contains(cli({"list", store, "observations", "--area", "E23000039"}).out, "2016/17"));
}

BOOST_AUTO_TEST_SUITE_END()
