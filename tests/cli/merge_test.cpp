#define BOOST_TEST_MODULE merge_cli
// evidence-cli merge: exit codes, the conflict list, choices from the command line and from a file.

#include "cli_process.h"
#include "db/store.h"
#include "support/temp_dir.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

using namespace evidence;
using test::cli;
using test::contains;

namespace {

/// Two copies of the sample whose submissions' coverage thresholds were changed apart.
struct Copies
{
    test::TempDir dir;
    std::string mine = dir.file("mine.evidence").string(), theirs = dir.file("theirs.evidence").string();
    Copies()
    {
        BOOST_REQUIRE(cli({"sample", mine}).exitCode == 0);
        std::filesystem::copy_file(mine, theirs);
        BOOST_REQUIRE(cli({"set-submission", mine, "--coverage-threshold", "60"}).exitCode == 0);
        BOOST_REQUIRE(cli({"set-submission", theirs, "--coverage-threshold", "70"}).exitCode == 0);
    }
    std::string conflictId()
    {
        const auto r = cli({"merge", mine, theirs, "--dry-run"});
        const auto at = r.out.find("submissions/");
        BOOST_REQUIRE(at != std::string::npos);
        return r.out.substr(at, r.out.find('\n', at) - at);
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(a_conflict_without_a_choice_merges_nothing, Copies)
{
    auto r = cli({"merge", mine, theirs, "--dry-run"});
    BOOST_TEST(r.exitCode == 6);
    BOOST_TEST(contains(r.out, "Submission, coverage_threshold"));
    BOOST_TEST(contains(r.out, "mine:   '0.6'"));
    BOOST_TEST(contains(r.out, "theirs: '0.7'"));
    r = cli({"merge", mine, theirs});
    BOOST_TEST(r.exitCode == 6);
    BOOST_TEST(contains(r.out, "Not merged"));
    BOOST_TEST(contains(cli({"merge", mine, theirs, "--dry-run"}).out, "mine:   '0.6'"));
}

BOOST_FIXTURE_TEST_CASE(prefer_takes_one_side_for_all, Copies)
{
    auto r = cli({"merge", mine, theirs, "--prefer", "theirs"});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "Merged: 0 added, 1 updated"));
    r = cli({"merge", mine, theirs, "--dry-run"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(contains(r.out, "0 conflicts"));
    BOOST_TEST(cli({"merge", mine, theirs, "--prefer", "maybe"}).exitCode == 1);
}

BOOST_FIXTURE_TEST_CASE(choices_come_from_a_file, Copies)
{
    const auto file = dir.file("choices.txt");
    const auto id = conflictId();
    {
        std::ofstream f(file);
        f << id << " perhaps\n";
    }
    auto r = cli({"merge", mine, theirs, "--choices", file.string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "choices.txt:1: choice 'perhaps'"));
    {
        std::ofstream f(file);
        f << "# keep our threshold\n" << id << " mine\n";
    }
    r = cli({"merge", mine, theirs, "--choices", file.string()});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "choice: mine"));
    BOOST_TEST(contains(cli({"audit", mine, "--limit", "3"}).out,
                        "{\"merge\":{\"action\":\"conflict resolved\",\"choice\":\"mine\""));
}

BOOST_AUTO_TEST_CASE(another_submission_is_refused_unless_asked)
{
    test::TempDir dir;
    const auto a = dir.file("a.evidence").string(), b = dir.file("b.evidence").string();
    BOOST_REQUIRE(cli({"sample", a}).exitCode == 0);
    BOOST_REQUIRE(cli({"init", b}).exitCode == 0);
    auto r = cli({"merge", a, b});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "--between-submissions"));
    r = cli({"merge", a, b, "--between-submissions", "--dry-run"});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "share no history"));
}

BOOST_AUTO_TEST_CASE(a_figure_moved_to_a_measure_deleted_in_mine_is_listed_with_both_sides)
{
    test::TempDir dir;
    const auto mine = dir.file("mine.evidence").string(), theirs = dir.file("theirs.evidence").string();
    BOOST_REQUIRE(cli({"sample", mine}).exitCode == 0);
    BOOST_REQUIRE(cli({"add", mine, "measure", "name", "Grooming"}).exitCode == 0);
    std::filesystem::copy_file(mine, theirs);
    BOOST_REQUIRE(cli({"delete", mine, "measure", "Grooming"}).exitCode == 0);
    // The other copy moves one figure to the measure (as the grid of the desktop app writes it).
    std::string uuid, measure;
    {
        auto s = db::Store::open(theirs, db::OpenMode::ReadWrite);
        auto o = s.observations({}).at(0);
        uuid = o.uuid;
        measure = s.measure(o.measureId)->name;
        o.measureId = s.measureByName("Grooming")->id;
        s.update(o);
    }
    auto r = cli({"merge", mine, theirs, "--dry-run"});
    BOOST_TEST(r.exitCode == 6, r.out << r.err);
    BOOST_TEST(contains(r.out, "1 conflict:\n  observations/" + uuid + "/measure_id\n"), r.out);
    BOOST_TEST(contains(r.out, "    mine:   '" + measure + " (Measure Grooming deleted)' (changed by "), r.out);
    BOOST_TEST(contains(r.out, "    theirs: 'Grooming' (changed by "), r.out);
    BOOST_TEST(contains(r.out, "choice: none yet (mine or theirs)"), r.out);

    r = cli({"merge", mine, theirs, "--prefer", "theirs"});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "Measure Grooming is brought back from the source"), r.out);
    {
        auto s = db::Store::open(mine, db::OpenMode::ReadOnly);
        const auto grooming = s.measureByName("Grooming");
        BOOST_REQUIRE(grooming.has_value());
        db::ObservationFilter f;
        f.measureId = grooming->id;
        const auto moved = s.observations(f);
        BOOST_REQUIRE(moved.size() == 1u);
        BOOST_TEST(moved[0].uuid == uuid);
    }
    SQLite::Database raw(mine, SQLite::OPEN_READONLY);
    SQLite::Statement dangling(raw, "PRAGMA foreign_key_check");
    BOOST_TEST(!dangling.executeStep());
}
