// Merging stores copied from one another and edited apart, on real store files.

#include "app/anonymisation.h"
#include "app/importer.h"
#include "app/lookup.h"
#include "app/merge.h"
#include "core/errors.h"
#include "db/store_impl.h"
#include "support/old_store.h"
#include "support/store_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <sstream>

using namespace evidence;

namespace {

db::StoreOptions as(const std::string& user, const std::string& at)
{
    db::StoreOptions o;
    o.clock = [at] { return at; };
    o.osUser = user;
    return o;
}

std::string readFile(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Every row of every table, the audit log included, as text: equal dumps are equal stores.
std::string dump(const std::filesystem::path& path)
{
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    std::string out;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (tables.executeStep()) {
        const std::string t = tables.getColumn(0).getString();
        out += "== " + t + "\n";
        SQLite::Statement q(db, "SELECT * FROM \"" + t + "\" ORDER BY 1");
        while (q.executeStep()) {
            for (int i = 0; i < q.getColumnCount(); ++i)
                out += (q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString()) + "|";
            out += "\n";
        }
    }
    return out;
}

const Period k2018 = Period::financialYear(2018);
const Period k2017 = Period::financialYear(2017);

Observation figure(db::Store& s, const std::string& area, Period period, double value,
                   const std::string& measure = "Offences")
{
    Observation o;
    o.measureId = s.measureByName(measure)->id;
    o.areaId = s.areasByName(area).at(0).id;
    o.sourceId = s.sourceByTitle("FOI")->id;
    o.period = period;
    o.value = value;
    s.insert(o);
    return o;
}

std::optional<Observation> findFigure(const db::Store& s, const std::string& area, Period period)
{
    Observation key;
    key.measureId = s.measureByName("Offences")->id;
    key.areaId = s.areasByName(area).at(0).id;
    key.sourceId = s.sourceByTitle("FOI")->id;
    key.period = period;
    return s.findObservation(key);
}

CaseStudy caseStudy(db::Store& s, const std::string& reference, const std::string& narrative)
{
    CaseStudy c;
    c.reference = reference;
    c.title = "Case " + reference;
    c.narrative = narrative;
    s.insert(c);
    return c;
}

/// Rewrites a case study's narrative, as an officer editing it in one copy would.
void rewriteNarrative(db::Store s, const std::string& reference, const std::string& narrative)
{
    auto c = *s.caseStudyByReference(reference);
    c.narrative = narrative;
    s.update(c);
}

/// One store, copied twice: "mine" (the target, Alice's) and "theirs" (the source, Bob's).
struct CopiedStores
{
    test::TempDir dir;
    std::filesystem::path minePath = dir.file("mine.evidence"), theirsPath = dir.file("theirs.evidence");

    CopiedStores()
    {
        {
            auto base = db::Store::create(dir.file("base.evidence"), test::fixedOptions());
            app::ensureSubmission(base, "Our response", "Our charity");
            test::addOffencesAndFoi(base);
            figure(base, "Dorset", k2018, 10);
            figure(base, "Wiltshire", k2018, 20);
            const auto cs1 = caseStudy(base, "CS-001", "A girl was groomed online.");
            base.setReviewState(cs1.id, ReviewState::Reviewed, "Policy officer");
            caseStudy(base, "CS-002", "A boy was bullied in a game.");
            CaseStudy cs3;
            cs3.reference = "CS-003";
            cs3.title = "Case CS-003";
            cs3.narrative = "A girl was sent images.";
            cs3.questionNumbers = {"1"};
            base.insert(cs3);
            const auto submission = base.submissions().at(0).id;
            base.setCaseStudySelected(submission, cs1.id, true);
            base.setCaseStudySelected(submission, cs3.id, true);
            Measure grooming;
            grooming.name = "Grooming";
            base.insert(grooming);
            base.setMeasureSelected(submission, grooming.id, true);
            Observation g;
            g.measureId = grooming.id;
            g.areaId = base.areasByName("Dorset").at(0).id;
            g.sourceId = base.sourceByTitle("FOI")->id;
            g.period = k2018;
            g.value = 5;
            base.insert(g);
        }
        std::filesystem::copy_file(dir.file("base.evidence"), minePath);
        std::filesystem::copy_file(dir.file("base.evidence"), theirsPath);
    }

    db::Store mine() { return db::Store::open(minePath, db::OpenMode::ReadWrite, as("alice", "2019-07-01T10:00:00Z")); }
    db::Store theirs()
    {
        return db::Store::open(theirsPath, db::OpenMode::ReadWrite, as("bob", "2019-07-02T11:00:00Z"));
    }

    /// Merges theirs into @p target (a dry run when @p dryRun).
    app::MergeReport mergeTheirs(db::Store& target, bool dryRun = false,
                                 app::MergeChoice preferAll = app::MergeChoice::Unset)
    {
        app::MergeOptions o;
        o.dryRun = dryRun;
        o.preferAll = preferAll;
        app::MergeSource source(theirsPath);
        return app::mergeStores(target, source.store(), o);
    }

    /// New records on both sides, the same field changed on both, a deletion on one side and an edit
    /// on the other, a case study edited after review, a change on each side of another record.
    void editApart()
    {
        {
            auto s = mine();
            caseStudy(s, "CS-010", "Alice's new case.");
            auto d = *findFigure(s, "Dorset", k2018);
            d.value = 11;
            s.update(d);
            auto cs2 = *s.caseStudyByReference("CS-002");
            cs2.age = 14;
            s.update(cs2);
            s.removeCaseStudy(s.caseStudyByReference("CS-003")->id);
        }
        {
            auto s = theirs();
            caseStudy(s, "CS-020", "Bob's new case.");
            figure(s, "Dorset", k2017, 7);
            auto d = *findFigure(s, "Dorset", k2018);
            d.value = 12;
            s.update(d);
            auto cs2 = *s.caseStudyByReference("CS-002");
            cs2.gender = "boy";
            s.update(cs2);
            auto cs3 = *s.caseStudyByReference("CS-003");
            cs3.narrative = "A girl was sent images by an adult.";
            s.update(cs3);
            auto cs1 = *s.caseStudyByReference("CS-001");
            cs1.narrative = "A girl was groomed online by a stranger.";
            s.update(cs1);
            s.removeObservation(findFigure(s, "Wiltshire", k2018)->id);
        }
    }
};

const app::MergeConflict* conflict(const app::MergeReport& r, const std::string& table, const std::string& field)
{
    for (const auto& c : r.conflicts)
        if (c.table == table && c.field == field)
            return &c;
    return nullptr;
}

/// The Grooming figure for @p area and @p period, if the store holds it.
std::optional<Observation> groomingFigure(const db::Store& s, const std::string& area, Period period)
{
    const auto m = s.measureByName("Grooming");
    if (!m)
        return std::nullopt;
    Observation key;
    key.measureId = m->id;
    key.areaId = s.areasByName(area).at(0).id;
    key.sourceId = s.sourceByTitle("FOI")->id;
    key.period = period;
    return s.findObservation(key);
}

void removeGrooming(db::Store s)
{
    const auto m = *s.measureByName("Grooming");
    db::ObservationFilter f;
    f.measureId = m.id;
    for (const auto& o : s.observations(f))
        s.removeObservation(o.id);
    s.removeMeasure(m.id);
}

bool groomingSelected(const db::Store& s)
{
    const auto m = s.measureByName("Grooming");
    const auto selected = s.selectedMeasures(s.submissions().at(0).id);
    return m && std::count(selected.begin(), selected.end(), m->id) == 1;
}

/// Every reference of every record names a record the store holds.
void checkNoDanglingReference(db::Store& s)
{
    SQLite::Statement q(s.database(), "PRAGMA foreign_key_check");
    BOOST_TEST(!q.executeStep());
}

/// Imports Offences for Dorset in 2016/17 and 2017/18 from a CSV file, as an officer would: one audit entry
/// for the import, none for each figure.
void importDorsetFigures(db::Store s)
{
    const std::string code = s.areasByName("Dorset").at(0).code;
    BOOST_REQUIRE(!code.empty());
    const auto r = app::importCsvText(s,
                                      "measure,area_code,period,value,source\n"
                                      "Offences," +
                                          code + ",2016/17,40,FOI\nOffences," + code + ",2017/18,61,FOI\n",
                                      "figures.csv", {});
    BOOST_REQUIRE(r.inserted == 2u);
}

/// Merges the store at @p sourcePath into @p target, with no choices.
app::MergeReport mergeFrom(db::Store& target, const std::filesystem::path& sourcePath)
{
    app::MergeSource source(sourcePath);
    return app::mergeStores(target, source.store(), {});
}

} // namespace

BOOST_AUTO_TEST_SUITE(merge)

BOOST_FIXTURE_TEST_CASE(a_dry_run_lists_every_conflict_and_writes_nothing, CopiedStores)
{
    editApart();
    const auto mineBefore = dump(minePath), theirsBefore = readFile(theirsPath);
    app::MergeReport r;
    {
        auto target = mine();
        app::MergeSource source(theirsPath);
        app::MergeOptions o;
        o.dryRun = true;
        r = app::mergeStores(target, source.store(), o);
    }
    BOOST_TEST(r.sameHistory);
    BOOST_TEST(r.conflicts.size() == 2u);
    const auto* value = conflict(r, "observations", "value");
    BOOST_REQUIRE(value);
    BOOST_TEST(value->recordLabel == "Figure Offences, Dorset, 2018/19, FOI");
    BOOST_TEST(value->mine == "11");
    BOOST_TEST(value->theirs == "12");
    BOOST_TEST(value->mineBy.osUser == "alice");
    BOOST_TEST(value->mineBy.at == "2019-07-01T10:00:00Z");
    BOOST_TEST(value->theirsBy.osUser == "bob");
    BOOST_TEST(value->theirsBy.at == "2019-07-02T11:00:00Z");
    BOOST_TEST(!value->bothPossible);
    const auto* deleted = conflict(r, "case_studies", "(record)");
    BOOST_REQUIRE(deleted);
    BOOST_TEST((deleted->kind == app::MergeConflict::Kind::DeletedInMine));
    BOOST_TEST(deleted->recordLabel == "Case study CS-003");
    BOOST_TEST(deleted->mineBy.osUser == "alice");
    BOOST_TEST(deleted->theirsBy.osUser == "bob");
    BOOST_TEST(r.added == 2u);   // CS-020, Dorset 2017/18
    BOOST_TEST(r.updated == 2u); // CS-002's gender, CS-001's narrative (and so its review)
    BOOST_TEST(r.deleted == 1u); // Wiltshire 2018/19
    BOOST_TEST(!r.written);
    BOOST_TEST((dump(minePath) == mineBefore));
    BOOST_TEST((readFile(theirsPath) == theirsBefore));
}

BOOST_FIXTURE_TEST_CASE(a_merge_takes_each_change_and_the_chosen_side_of_each_conflict, CopiedStores)
{
    editApart();
    std::string cs3Uuid;
    {
        auto s = theirs();
        cs3Uuid = s.caseStudyByReference("CS-003")->uuid;
    }
    const auto theirsBefore = readFile(theirsPath);
    auto target = mine();
    const auto auditBefore = target.auditLog().size();
    {
        // Without choices nothing is written.
        app::MergeSource source(theirsPath);
        const auto r = app::mergeStores(target, source.store(), {});
        BOOST_TEST(!r.written);
        BOOST_TEST(r.unresolved() == 2u, app::describeUnresolved(r, true));
        BOOST_TEST(target.auditLog().size() == auditBefore);
    }
    app::MergeOptions o;
    o.choices["case_studies/" + cs3Uuid + "/(record)"] = app::MergeChoice::Theirs;
    o.preferAll = app::MergeChoice::Theirs;
    app::MergeSource source(theirsPath);
    const auto r = app::mergeStores(target, source.store(), o);
    BOOST_TEST(r.written);

    // Record by record.
    BOOST_TEST(target.caseStudyByReference("CS-010").has_value()); // new in mine
    BOOST_TEST(target.caseStudyByReference("CS-020").has_value()); // new in theirs
    BOOST_TEST(*findFigure(target, "Dorset", k2017)->value == 7.0);
    BOOST_TEST(*findFigure(target, "Dorset", k2018)->value == 12.0); // the conflict, theirs chosen
    BOOST_TEST(!findFigure(target, "Wiltshire", k2018).has_value()); // deleted in theirs, unchanged in mine
    const auto cs2 = *target.caseStudyByReference("CS-002");
    BOOST_TEST(*cs2.age == 14);      // changed in mine only
    BOOST_TEST(cs2.gender == "boy"); // changed in theirs only
    const auto cs3 = target.caseStudyByReference("CS-003");
    BOOST_REQUIRE(cs3.has_value()); // deleted in mine, edited in theirs: theirs chosen
    BOOST_TEST(cs3->uuid == cs3Uuid);
    BOOST_TEST(cs3->narrative == "A girl was sent images by an adult.");
    const auto cs1 = *target.caseStudyByReference("CS-001");
    BOOST_TEST(cs1.narrative == "A girl was groomed online by a stranger."); // edited after review in theirs
    BOOST_TEST((cs1.review == ReviewState::Draft));
    BOOST_TEST(cs1.reviewedBy.empty());
    BOOST_TEST(r.returnedToDraft == std::vector<std::string>{"Case study CS-001"});
    // Still included in the submission, as it was on both sides.
    const auto selected = target.selectedCaseStudies(target.submissions().at(0).id);
    BOOST_TEST(std::count(selected.begin(), selected.end(), cs1.id) == 1);

    // The audit log: each choice, the merge's own writes marked, and a summary.
    SQLite::Database& db = target.database();
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM audit_log WHERE json_valid(new_values) AND json_extract(new_values, "
                             "'$.merge.choice') = "
                             "'theirs' AND os_user = 'alice'")
                   .getInt() == 2);
    BOOST_TEST(db.execAndGet("SELECT json_extract(new_values, '$.merge.theirs_changed_by') FROM audit_log WHERE "
                             "json_valid(new_values) AND json_extract(new_values, '$.merge.field') = 'value'")
                   .getString() == "bob");
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM audit_log WHERE table_name = 'observations' AND action = 'delete' "
                             "AND json_valid(new_values) AND json_extract(new_values, '$.merge.action') = 'record "
                             "merged'")
                   .getInt() == 1);
    BOOST_TEST(db.execAndGet("SELECT json_extract(new_values, '$.merge.added') FROM audit_log WHERE table_name = "
                             "'store_info'")
                   .getInt() == static_cast<int>(r.added));
    // No free text in the choices' entries.
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM audit_log WHERE new_values LIKE '%stranger%' OR new_values LIKE "
                             "'%by an adult%'")
                   .getInt() == 0);
    BOOST_TEST((readFile(theirsPath) == theirsBefore)); // the source is never written

    // Merging the same copy again finds nothing to do: the merge is the new common state.
    app::MergeSource again(theirsPath);
    const auto second = app::mergeStores(target, again.store(), {});
    BOOST_TEST(second.conflicts.empty());
    BOOST_TEST(second.added + second.updated + second.deleted == 0u);
}

BOOST_FIXTURE_TEST_CASE(keeping_mine_leaves_the_target_and_the_next_merge_keeps_it, CopiedStores)
{
    editApart();
    auto target = mine();
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Mine;
    {
        app::MergeSource source(theirsPath);
        BOOST_TEST(app::mergeStores(target, source.store(), o).written);
    }
    BOOST_TEST(*findFigure(target, "Dorset", k2018)->value == 11.0);
    BOOST_TEST(!target.caseStudyByReference("CS-003").has_value());
    BOOST_TEST(target.database()
                   .execAndGet("SELECT count(*) FROM audit_log WHERE json_valid(new_values) AND "
                               "json_extract(new_values, '$.merge.choice') = 'mine'")
                   .getInt() == 2);
    app::MergeSource source(theirsPath);
    const auto again = app::mergeStores(target, source.store(), {});
    BOOST_TEST(again.conflicts.empty());
    BOOST_TEST(again.added + again.updated + again.deleted == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_failed_merge_changes_nothing, CopiedStores)
{
    editApart();
    const auto before = dump(minePath);
    {
        auto target = mine();
        app::MergeOptions o;
        o.preferAll = app::MergeChoice::Theirs;
        o.afterWrite = [](std::size_t n) {
            if (n == 3)
                throw std::runtime_error("disk unplugged");
        };
        app::MergeSource source(theirsPath);
        BOOST_CHECK_THROW(app::mergeStores(target, source.store(), o), std::runtime_error);
    }
    BOOST_TEST((dump(minePath) == before));
}

BOOST_FIXTURE_TEST_CASE(two_case_studies_can_both_be_kept, CopiedStores)
{
    rewriteNarrative(mine(), "CS-002", "Alice's account.");
    rewriteNarrative(theirs(), "CS-002", "Bob's account.");
    auto target = mine();
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Both;
    app::MergeSource source(theirsPath);
    const auto r = app::mergeStores(target, source.store(), o);
    BOOST_REQUIRE(r.conflicts.size() == 1u);
    BOOST_TEST(r.conflicts[0].bothPossible);
    BOOST_TEST(r.conflicts[0].freeText);
    BOOST_TEST(r.written);
    BOOST_TEST(target.caseStudyByReference("CS-002")->narrative == "Alice's account.");
    const auto copy = target.caseStudyByReference("CS-002-2");
    BOOST_REQUIRE(copy.has_value());
    BOOST_TEST(copy->narrative == "Bob's account.");
    BOOST_TEST((copy->review == ReviewState::Draft));
}

BOOST_FIXTURE_TEST_CASE(points_added_in_both_copies_are_both_kept_in_order, CopiedStores)
{
    const auto add = [](db::Store s, const std::string& text) {
        AdditionalPoint p;
        p.submissionId = s.submissions().at(0).id;
        p.position = 1;
        p.text = text;
        s.insert(p);
    };
    add(mine(), "Alice's point.");
    add(theirs(), "Bob's point.");
    auto target = mine();
    app::MergeSource source(theirsPath);
    const auto r = app::mergeStores(target, source.store(), {});
    BOOST_TEST(r.conflicts.empty());
    BOOST_TEST(r.added == 1u);
    const auto points = target.additionalPoints(target.submissions().at(0).id);
    BOOST_REQUIRE(points.size() == 2u);
    BOOST_TEST(points[0].text == "Alice's point.");
    BOOST_TEST(points[0].position == 1);
    BOOST_TEST(points[1].text == "Bob's point.");
    BOOST_TEST(points[1].position == 2);
}

BOOST_FIXTURE_TEST_CASE(a_figure_added_under_a_measure_deleted_in_mine_is_a_conflict, CopiedStores)
{
    removeGrooming(mine());
    {
        auto s = theirs();
        figure(s, "Wiltshire", k2018, 3, "Grooming");
    }
    std::filesystem::copy_file(minePath, dir.file("mine-again.evidence"));
    app::MergeReport r;
    {
        auto target = mine();
        app::MergeSource source(theirsPath);
        r = app::mergeStores(target, source.store(), {});
        BOOST_TEST(!r.written);
        BOOST_REQUIRE(r.conflicts.size() == 1u);
        const auto& c = r.conflicts[0];
        BOOST_TEST((c.kind == app::MergeConflict::Kind::DeletedInMine));
        BOOST_TEST(c.recordLabel == "Figure Grooming, Wiltshire, 2018/19, FOI");
        BOOST_TEST(c.mine == "(Measure Grooming deleted)");
        BOOST_TEST(c.theirs == "(added)");
        BOOST_TEST(c.mineBy.osUser == "alice");
        BOOST_TEST(c.theirsBy.osUser == "bob");

        // Keeping the figure brings its measure back, with the submission's choice of it.
        app::MergeOptions o;
        o.choices[c.id] = app::MergeChoice::Theirs;
        BOOST_TEST(app::mergeStores(target, source.store(), o).written);
        BOOST_TEST(*groomingFigure(target, "Wiltshire", k2018)->value == 3.0);
        BOOST_TEST(groomingSelected(target));
        BOOST_TEST(!groomingFigure(target, "Dorset", k2018).has_value()); // deleted in mine, unchanged in theirs
        checkNoDanglingReference(target);
    }
    // Keeping the deletion leaves the figure out.
    auto target = db::Store::open(dir.file("mine-again.evidence"), db::OpenMode::ReadWrite);
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Mine;
    const auto kept = app::mergeStores(target, source.store(), o);
    BOOST_TEST(kept.written);
    BOOST_TEST(kept.conflicts.size() == 1u);
    BOOST_TEST(!target.measureByName("Grooming").has_value());
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(figures_kept_under_a_measure_deleted_in_theirs_keep_the_measure, CopiedStores)
{
    {
        auto s = mine();
        auto g = *groomingFigure(s, "Dorset", k2018);
        g.value = 6;
        s.update(g);
        figure(s, "Wiltshire", k2018, 2, "Grooming");
    }
    removeGrooming(theirs());
    std::filesystem::copy_file(minePath, dir.file("mine-again.evidence"));
    {
        auto target = mine();
        app::MergeSource source(theirsPath);
        app::MergeOptions o;
        o.preferAll = app::MergeChoice::Mine;
        const auto r = app::mergeStores(target, source.store(), o);
        // The figure edited in mine and deleted in theirs, and the figure added in mine under the measure.
        BOOST_REQUIRE(r.conflicts.size() == 2u);
        for (const auto& c : r.conflicts)
            BOOST_TEST((c.kind == app::MergeConflict::Kind::DeletedInTheirs));
        BOOST_TEST(r.conflicts[1].recordLabel == "Figure Grooming, Wiltshire, 2018/19, FOI");
        BOOST_TEST(r.conflicts[1].mine == "(added)");
        BOOST_TEST(r.conflicts[1].theirs == "(Measure Grooming deleted)");
        BOOST_TEST(r.written);
        BOOST_TEST(*groomingFigure(target, "Dorset", k2018)->value == 6.0);
        BOOST_TEST(*groomingFigure(target, "Wiltshire", k2018)->value == 2.0);
        BOOST_TEST(groomingSelected(target));
        checkNoDanglingReference(target);
    }
    auto target = db::Store::open(dir.file("mine-again.evidence"), db::OpenMode::ReadWrite);
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Theirs;
    const auto r = app::mergeStores(target, source.store(), o);
    BOOST_TEST(r.written);
    BOOST_TEST(!target.measureByName("Grooming").has_value());
    BOOST_TEST(r.deleted == 4u); // the measure, its two figures and the submission's choice of it
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(a_case_study_brought_back_comes_with_its_question_links_and_inclusion, CopiedStores)
{
    editApart();
    auto target = mine();
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Theirs;
    BOOST_TEST(app::mergeStores(target, source.store(), o).written);
    const auto cs3 = target.caseStudyByReference("CS-003");
    BOOST_REQUIRE(cs3.has_value());
    BOOST_TEST(cs3->questionNumbers == std::vector<std::string>{"1"});
    const auto selected = target.selectedCaseStudies(target.submissions().at(0).id);
    BOOST_TEST(std::count(selected.begin(), selected.end(), cs3->id) == 1);
    checkNoDanglingReference(target);
}

// Bob deleted CS-003, Alice rewrote it, and "mine" kept it: but its question link and its inclusion in the
// submission, which Bob's deletion took with it, were deleted. They stay with the case study kept.
BOOST_FIXTURE_TEST_CASE(a_case_study_kept_against_a_deletion_keeps_its_question_links_and_inclusion, CopiedStores)
{
    rewriteNarrative(mine(), "CS-003", "Alice's account.");
    {
        auto s = theirs();
        s.removeCaseStudy(s.caseStudyByReference("CS-003")->id);
    }
    auto target = mine();
    const auto r = mergeTheirs(target, false, app::MergeChoice::Mine);
    BOOST_TEST(r.written);
    BOOST_REQUIRE_EQUAL(r.conflicts.size(), 1u);
    BOOST_TEST((r.conflicts[0].kind == app::MergeConflict::Kind::DeletedInTheirs));
    const auto cs3 = target.caseStudyByReference("CS-003");
    BOOST_REQUIRE(cs3.has_value());
    BOOST_TEST(cs3->narrative == "Alice's account.");
    BOOST_TEST(cs3->questionNumbers == std::vector<std::string>{"1"});
    const auto selected = target.selectedCaseStudies(target.submissions().at(0).id);
    BOOST_TEST(std::count(selected.begin(), selected.end(), cs3->id) == 1);
    for (const auto& change : r.changes)
        BOOST_TEST(change.find("delete") != 0u, change);
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(a_case_study_kept_twice_keeps_its_question_links_and_inclusion_in_the_copy, CopiedStores)
{
    rewriteNarrative(mine(), "CS-003", "Alice's account.");
    rewriteNarrative(theirs(), "CS-003", "Bob's account.");
    auto target = mine();
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Both;
    const auto r = app::mergeStores(target, source.store(), o);
    BOOST_TEST(r.written);
    const auto original = *target.caseStudyByReference("CS-003");
    BOOST_TEST(original.narrative == "Alice's account.");
    BOOST_TEST(original.questionNumbers == std::vector<std::string>{"1"});
    const auto copy = target.caseStudyByReference("CS-003-2");
    BOOST_REQUIRE(copy.has_value());
    BOOST_TEST(copy->narrative == "Bob's account.");
    BOOST_TEST((copy->review == ReviewState::Draft));
    BOOST_TEST(copy->questionNumbers == std::vector<std::string>{"1"});
    const auto selected = target.selectedCaseStudies(target.submissions().at(0).id);
    BOOST_TEST(std::count(selected.begin(), selected.end(), copy->id) == 1);
    BOOST_TEST(std::count(selected.begin(), selected.end(), original.id) == 1);
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(a_figure_moved_to_a_measure_deleted_in_mine_is_a_conflict, CopiedStores)
{
    removeGrooming(mine());
    {
        auto s = theirs();
        auto w = *findFigure(s, "Wiltshire", k2018);
        w.measureId = s.measureByName("Grooming")->id;
        w.value = 21;
        s.update(w);
    }
    std::filesystem::copy_file(minePath, dir.file("mine-again.evidence"));
    std::string uuid, id;
    {
        auto target = mine();
        uuid = findFigure(target, "Wiltshire", k2018)->uuid;
        app::MergeSource source(theirsPath);
        app::MergeOptions o;
        o.dryRun = true;
        const auto r = app::mergeStores(target, source.store(), o);
        BOOST_REQUIRE(r.conflicts.size() == 1u);
        const auto& c = r.conflicts[0];
        id = c.id;
        BOOST_TEST((c.kind == app::MergeConflict::Kind::DeletedInMine));
        BOOST_TEST(c.id == "observations/" + uuid + "/measure_id");
        BOOST_TEST(c.recordLabel == "Figure Grooming, Wiltshire, 2018/19, FOI");
        BOOST_TEST(c.mine == "Offences (Measure Grooming deleted)");
        BOOST_TEST(c.theirs == "Grooming");
        BOOST_TEST(c.mineBy.osUser == "alice");
        BOOST_TEST(c.theirsBy.osUser == "bob");
        BOOST_TEST(c.theirsBy.at == "2019-07-02T11:00:00Z");

        // Theirs: the measure comes back (with the submission's choice of it) and the figure moves to it.
        o.dryRun = false;
        o.choices[id] = app::MergeChoice::Theirs;
        const auto taken = app::mergeStores(target, source.store(), o);
        BOOST_TEST(taken.written);
        BOOST_TEST(!findFigure(target, "Wiltshire", k2018).has_value());
        const auto moved = groomingFigure(target, "Wiltshire", k2018);
        BOOST_REQUIRE(moved.has_value());
        BOOST_TEST(moved->uuid == uuid);
        BOOST_TEST(*moved->value == 21.0);
        BOOST_TEST(groomingSelected(target));
        BOOST_TEST(!groomingFigure(target, "Dorset", k2018).has_value()); // deleted in mine, unchanged in theirs
        checkNoDanglingReference(target);
    }
    // Mine: the measure stays deleted and the figure stays as the target holds it.
    auto target = db::Store::open(dir.file("mine-again.evidence"), db::OpenMode::ReadWrite);
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.choices[id] = app::MergeChoice::Mine;
    const auto kept = app::mergeStores(target, source.store(), o);
    BOOST_TEST(kept.written);
    BOOST_TEST(kept.updated == 0u);
    BOOST_TEST(!target.measureByName("Grooming").has_value());
    const auto figure = findFigure(target, "Wiltshire", k2018);
    BOOST_REQUIRE(figure.has_value());
    BOOST_TEST(figure->uuid == uuid);
    BOOST_TEST(*figure->value == 20.0);
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(what_the_source_added_to_a_case_study_kept_twice_goes_to_the_copy_alone, CopiedStores)
{
    rewriteNarrative(mine(), "CS-002", "Alice's account.");
    {
        auto s = theirs();
        auto c = *s.caseStudyByReference("CS-002");
        c.narrative = "Bob's account.";
        c.questionNumbers = {"2"};
        s.update(c);
        const auto submission = s.submissions().at(0);
        s.setCaseStudySelected(submission.id, c.id, true);
        Answer a;
        a.submissionId = submission.id;
        a.questionId = s.questionByNumber(submission.consultationId, "2")->id;
        a.text = "Our helpline hears of this every week.";
        a.citedCaseStudies = {c.id};
        s.save(a);
    }
    auto target = mine();
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Both;
    BOOST_TEST(app::mergeStores(target, source.store(), o).written);
    const auto submission = target.submissions().at(0);
    const auto selected = target.selectedCaseStudies(submission.id);
    const auto answer = target.answer(submission.id, target.questionByNumber(submission.consultationId, "2")->id);
    BOOST_REQUIRE(answer.has_value());

    // Record by record: the target's case study as the target holds it.
    const auto original = *target.caseStudyByReference("CS-002");
    BOOST_TEST(original.narrative == "Alice's account.");
    BOOST_TEST(original.questionNumbers.empty());
    BOOST_TEST(std::count(selected.begin(), selected.end(), original.id) == 0);
    BOOST_TEST(std::count(answer->citedCaseStudies.begin(), answer->citedCaseStudies.end(), original.id) == 0);
    // The copy with what the source gave it.
    const auto copy = target.caseStudyByReference("CS-002-2");
    BOOST_REQUIRE(copy.has_value());
    BOOST_TEST(copy->narrative == "Bob's account.");
    BOOST_TEST(copy->questionNumbers == std::vector<std::string>{"2"});
    BOOST_TEST(std::count(selected.begin(), selected.end(), copy->id) == 1);
    BOOST_TEST(answer->citedCaseStudies == std::vector<RowId>{copy->id});
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(a_case_study_kept_twice_carries_the_sources_acknowledgements_to_the_copy, CopiedStores)
{
    const std::string text = "They met near Downing Street after a visit to Westminster Abbey.";
    rewriteNarrative(mine(), "CS-002", text + " Alice's account.");
    rewriteNarrative(theirs(), "CS-002", text + " Bob's account.");
    std::size_t acknowledged = 0;
    {
        auto s = theirs();
        const auto c = *s.caseStudyByReference("CS-002");
        for (const auto& field : app::scanCaseStudy(s, c))
            for (const auto& f : field.open)
                if (f.severity == anon::Severity::Warn) {
                    app::acknowledgeFinding(s, field, f, "A public place, named in the news", "Policy officer");
                    ++acknowledged;
                }
    }
    BOOST_REQUIRE(acknowledged > 0u);
    auto target = mine();
    app::MergeSource source(theirsPath);
    app::MergeOptions o;
    o.preferAll = app::MergeChoice::Both;
    BOOST_TEST(app::mergeStores(target, source.store(), o).written);
    // The copy carries the source's text and the acknowledgements of that text.
    const auto copy = target.caseStudyByReference("CS-002-2");
    BOOST_REQUIRE(copy.has_value());
    BOOST_TEST(target.acknowledgements(copy->uuid).size() == acknowledged);
    BOOST_TEST(app::checkReview(target, copy->id).unacknowledgedWarnings == 0u);
    BOOST_TEST((copy->review == ReviewState::Draft));
    // The target's case study keeps its own: none, though its text holds the same words.
    const auto original = *target.caseStudyByReference("CS-002");
    BOOST_TEST(target.acknowledgements(original.uuid).empty());
    BOOST_TEST(app::checkReview(target, original.id).unacknowledgedWarnings == acknowledged);
    checkNoDanglingReference(target);
}

BOOST_FIXTURE_TEST_CASE(the_sources_history_comes_with_the_records_merged, CopiedStores)
{
    const auto carolPath = dir.file("carol.evidence");
    std::filesystem::copy_file(dir.file("base.evidence"), carolPath);
    {
        auto s = theirs();
        auto d = *findFigure(s, "Dorset", k2018);
        d.value = 12;
        s.update(d);
    }
    {
        auto s = db::Store::open(carolPath, db::OpenMode::ReadWrite, as("carol", "2019-07-03T12:00:00Z"));
        auto d = *findFigure(s, "Dorset", k2018);
        d.value = 13;
        s.update(d);
    }
    auto target = mine();
    {
        app::MergeSource source(theirsPath);
        BOOST_TEST(app::mergeStores(target, source.store(), {}).written);
    }
    const auto dorset = *findFigure(target, "Dorset", k2018);
    BOOST_TEST(*dorset.value == 12.0);
    SQLite::Statement bob(target.database(),
                          "SELECT count(*) FROM audit_log WHERE record_uuid = ? AND os_user = 'bob' AND at = "
                          "'2019-07-02T11:00:00Z' AND action = 'update' AND json_extract(new_values, "
                          "'$.merge.action') = 'source history' AND json_extract(old_values, '$.value') = 10.0 AND "
                          "json_extract(new_values, '$.value') = 12.0");
    bob.bind(1, dorset.uuid);
    BOOST_REQUIRE(bob.executeStep());
    BOOST_TEST(bob.getColumn(0).getInt() == 1);
    // Every entry of the merge names what it records.
    std::set<std::string> actions;
    SQLite::Statement q(target.database(),
                        "SELECT DISTINCT json_extract(new_values, '$.merge.action') FROM audit_log WHERE "
                        "json_valid(new_values) AND json_extract(new_values, '$.merge') IS NOT NULL");
    while (q.executeStep())
        actions.insert(q.getColumn(0).isNull() ? "(none)" : q.getColumn(0).getString());
    BOOST_TEST((actions == std::set<std::string>{"merge", "record merged", "source history"}));

    // Merging a third copy, the figure's change in the target is Bob's, when he made it.
    app::MergeSource carol(carolPath);
    app::MergeOptions o;
    o.dryRun = true;
    const auto r = app::mergeStores(target, carol.store(), o);
    const auto* value = conflict(r, "observations", "value");
    BOOST_REQUIRE(value);
    BOOST_TEST(value->mine == "12");
    BOOST_TEST(value->mineBy.osUser == "bob");
    BOOST_TEST(value->mineBy.at == "2019-07-02T11:00:00Z");
    BOOST_TEST(value->theirsBy.osUser == "carol");
}

BOOST_FIXTURE_TEST_CASE(figures_the_source_imports_after_a_merge_come_with_the_next_merge, CopiedStores)
{
    {
        auto target = mine();
        BOOST_TEST(mergeFrom(target, theirsPath).written);
    }
    importDorsetFigures(theirs());
    auto target = mine();
    const auto r = mergeFrom(target, theirsPath);
    BOOST_TEST(r.written);
    BOOST_TEST(r.conflicts.empty());
    BOOST_TEST(r.added == 3u); // the two figures and the import's own record
    BOOST_TEST(r.deleted == 0u);
    const auto earlier = findFigure(target, "Dorset", Period::financialYear(2016));
    const auto later = findFigure(target, "Dorset", k2017);
    BOOST_REQUIRE(earlier.has_value());
    BOOST_REQUIRE(later.has_value());
    BOOST_TEST(*earlier->value == 40.0);
    BOOST_TEST(*later->value == 61.0);
    // The import's entry comes once, with its own record, never as the history of each figure.
    BOOST_TEST(target.database()
                   .execAndGet("SELECT count(*) FROM audit_log WHERE table_name = 'imports' AND "
                               "json_extract(new_values, '$.merge.action') = 'source history'")
                   .getInt() == 1);
    // A chain: a copy of the source, which imports figures of its own, is merged too.
    const auto carolPath = dir.file("carol.evidence");
    std::filesystem::copy_file(theirsPath, carolPath);
    {
        auto s = db::Store::open(carolPath, db::OpenMode::ReadWrite, as("carol", "2019-07-03T12:00:00Z"));
        figure(s, "Wiltshire", k2017, 21);
        const std::string code = s.areasByName("Wiltshire").at(0).code;
        app::importCsvText(s, "measure,area_code,period,value,source\nOffences," + code + ",2016/17,19,FOI\n",
                           "wiltshire.csv", {});
    }
    const auto chained = mergeFrom(target, carolPath);
    BOOST_TEST(chained.conflicts.empty());
    BOOST_TEST(chained.deleted == 0u);
    BOOST_TEST(findFigure(target, "Wiltshire", k2017).has_value());
    BOOST_TEST(findFigure(target, "Wiltshire", Period::financialYear(2016)).has_value());
}

BOOST_FIXTURE_TEST_CASE(figures_the_target_imports_after_a_merge_stay_when_it_catches_up, CopiedStores)
{
    {
        auto target = mine();
        BOOST_TEST(mergeFrom(target, theirsPath).written);
    }
    importDorsetFigures(theirs());
    auto target = theirs();
    app::MergeOptions dry;
    dry.dryRun = true;
    {
        app::MergeSource source(minePath);
        const auto planned = app::mergeStores(target, source.store(), dry);
        BOOST_TEST(planned.deleted == 0u);
        BOOST_TEST(planned.conflicts.empty());
    }
    const auto r = mergeFrom(target, minePath);
    BOOST_TEST(r.written);
    BOOST_TEST(r.deleted == 0u);
    BOOST_TEST(findFigure(target, "Dorset", Period::financialYear(2016)).has_value());
    BOOST_TEST(findFigure(target, "Dorset", k2017).has_value());
    // And the other way, once the two are in step again: the figures arrive rather than go.
    auto other = mine();
    BOOST_TEST(mergeFrom(other, theirsPath).deleted == 0u);
    BOOST_TEST(findFigure(other, "Dorset", k2017).has_value());
}

BOOST_FIXTURE_TEST_CASE(case_studies_added_in_both_whose_references_differ_in_case_are_one, CopiedStores)
{
    auto add = [](db::Store s, const std::string& reference) {
        CaseStudy c;
        c.reference = reference;
        c.title = "Twelfth case";
        c.narrative = "The same account in both copies.";
        s.insert(c);
    };
    add(mine(), "CS-012");
    add(theirs(), "cs-012");
    auto target = mine();
    const auto planned = mergeTheirs(target, true);
    BOOST_TEST(planned.added == 0u);
    BOOST_REQUIRE(planned.conflicts.size() == 1u);
    BOOST_TEST(planned.conflicts[0].field == "reference");
    BOOST_TEST(planned.conflicts[0].mine == "CS-012");
    BOOST_TEST(planned.conflicts[0].theirs == "cs-012");
    BOOST_TEST(mergeTheirs(target, false, app::MergeChoice::Mine).written);
    BOOST_TEST(target.database()
                   .execAndGet("SELECT count(*) FROM case_studies WHERE reference = 'CS-012' COLLATE NOCASE")
                   .getInt() == 1);
    BOOST_TEST(target.caseStudyByReference("CS-012")->reference == "CS-012");
}

// Bob renamed the source "FOI" to "FOI 2019" while Alice added a new source "FOI 2019": the dry run reported
// nothing and every merge failed on the store's UNIQUE constraint. Both now refuse, naming the two sources.
BOOST_FIXTURE_TEST_CASE(a_rename_to_a_title_the_other_copy_added_is_refused_by_name, CopiedStores)
{
    {
        auto s = theirs();
        auto foi = *s.sourceByTitle("FOI");
        foi.title = "FOI 2019";
        s.update(foi);
    }
    {
        auto s = mine();
        Source added;
        added.title = "FOI 2019";
        s.insert(added);
    }
    const std::string before = dump(minePath);
    for (const bool dryRun : {true, false}) {
        auto target = mine();
        std::string message;
        try {
            mergeTheirs(target, dryRun);
        } catch (const DataError& e) {
            message = e.what();
        }
        BOOST_TEST(message.find("Source FOI 2019 here and Source FOI here would both be Source FOI 2019") !=
                       std::string::npos,
                   message);
        BOOST_TEST(message.find("Rename one of them in either store, then merge again. Nothing was merged.") !=
                       std::string::npos,
                   message);
    }
    BOOST_TEST(dump(minePath) == before);
    // Renamed apart, the copies merge.
    {
        auto s = mine();
        auto added = *s.sourceByTitle("FOI 2019");
        added.title = "FOI 2019 (second round)";
        s.update(added);
    }
    auto target = mine();
    BOOST_TEST(mergeTheirs(target).written);
    BOOST_TEST(target.sourceByTitle("FOI 2019").has_value());
    BOOST_TEST(target.sourceByTitle("FOI 2019 (second round)").has_value());
}

// The store holds one of "Reports" and "reports" (as it does of "CS-012" and "cs-012"), but a merge of
// measures, sources and areas added apart in either case kept both.
BOOST_FIXTURE_TEST_CASE(records_added_in_both_whose_names_differ_in_case_are_one, CopiedStores)
{
    auto add = [](db::Store s, const std::string& measure, const std::string& source, const std::string& area) {
        Measure m;
        m.name = measure;
        s.insert(m);
        Source src;
        src.title = source;
        s.insert(src);
        Area a;
        a.name = area;
        a.kind = AreaKind::Aggregate;
        s.insert(a);
    };
    add(mine(), "Reports", "Helpline", "Kent and Medway");
    add(theirs(), "reports", "HELPLINE", "KENT AND MEDWAY");
    auto target = mine();
    const auto planned = mergeTheirs(target, true);
    BOOST_TEST(planned.added == 0u);
    BOOST_REQUIRE(planned.conflicts.size() == 3u);
    BOOST_TEST(mergeTheirs(target, false, app::MergeChoice::Mine).written);
    BOOST_TEST(
        target.database().execAndGet("SELECT count(*) FROM measures WHERE name = 'Reports' COLLATE NOCASE").getInt() ==
        1);
    BOOST_TEST(
        target.database().execAndGet("SELECT count(*) FROM sources WHERE title = 'Helpline' COLLATE NOCASE").getInt() ==
        1);
    BOOST_TEST(target.measureByName("Reports")->name == "Reports");
    const auto areas = target.areasByName("kent and medway");
    BOOST_REQUIRE(areas.size() == 1u);
    BOOST_TEST(areas.front().name == "Kent and Medway");
}

// The log keeps free text as its length, so every text of a case study either copy updated looked perhaps
// edited: a new account in one copy and a new age in the other were a conflict on the account, which an
// officer could settle the wrong way. The log now marks each text an update edits, even at the same length.
BOOST_FIXTURE_TEST_CASE(an_edit_of_another_field_is_not_taken_for_an_edit_of_a_text, CopiedStores)
{
    {
        auto s = mine();
        auto cs2 = *s.caseStudyByReference("CS-002");
        cs2.narrative = "A boy was bullied in a chat."; // the same length as before
        s.update(cs2);
        auto cs1 = *s.caseStudyByReference("CS-001");
        cs1.title = "Contact in a game";
        s.update(cs1);
    }
    {
        auto s = theirs();
        auto cs2 = *s.caseStudyByReference("CS-002");
        cs2.age = 13;
        s.update(cs2);
        auto cs1 = *s.caseStudyByReference("CS-001");
        cs1.title = "Contact on a site"; // the same length as mine: both edited it
        s.update(cs1);
    }
    auto target = mine();
    const auto planned = mergeTheirs(target, true);
    BOOST_REQUIRE(planned.conflicts.size() == 1u);
    BOOST_TEST(planned.conflicts.front().recordLabel.find("CS-001") != std::string::npos);
    BOOST_TEST(planned.conflicts.front().field == "title");
    BOOST_TEST(mergeTheirs(target, false, app::MergeChoice::Mine).written);
    const auto cs2 = *target.caseStudyByReference("CS-002");
    BOOST_TEST(cs2.narrative == "A boy was bullied in a chat.");
    BOOST_TEST((cs2.age == 13));
    BOOST_TEST(target.caseStudyByReference("CS-001")->title == "Contact in a game");
}

BOOST_AUTO_TEST_CASE(different_submissions_are_refused_unless_asked)
{
    test::TempDir dir;
    {
        auto a = db::Store::create(dir.file("a.evidence"), as("alice", "2019-07-01T10:00:00Z"));
        app::ensureSubmission(a, "Response A", "Charity A");
        test::addOffencesAndFoi(a);
        figure(a, "Dorset", k2018, 10);
        auto b = db::Store::create(dir.file("b.evidence"), as("bob", "2019-07-02T11:00:00Z"));
        app::ensureSubmission(b, "Response B", "Charity B");
        test::addOffencesAndFoi(b);
        figure(b, "Dorset", k2018, 15);
        figure(b, "Wiltshire", k2018, 4);
        caseStudy(b, "CS-100", "Bob's case.");
    }
    const auto before = dump(dir.file("a.evidence"));
    auto target = db::Store::open(dir.file("a.evidence"));
    app::MergeSource source(dir.file("b.evidence"));
    try {
        app::mergeStores(target, source.store(), {});
        BOOST_FAIL("merged two submissions");
    } catch (const DataError& e) {
        BOOST_TEST(std::string(e.what()).find("different submission") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("--between-submissions") != std::string::npos);
    }
    BOOST_TEST((dump(dir.file("a.evidence")) == before));

    app::MergeOptions o;
    o.betweenSubmissions = true;
    o.dryRun = true;
    const auto r = app::mergeStores(target, source.store(), o);
    BOOST_TEST(!r.sameHistory);
    // Reference data (areas, the consultation and its questions), the measure and the source match by
    // their codes and names; the figures that disagree are one conflict, never a sum.
    BOOST_REQUIRE(r.conflicts.size() == 1u);
    BOOST_TEST(r.conflicts[0].recordLabel == "Figure Offences, Dorset, 2018/19, FOI");
    BOOST_TEST(r.conflicts[0].mine == "10");
    BOOST_TEST(r.conflicts[0].theirs == "15");
    BOOST_TEST(r.added == 2u); // Wiltshire's figure and CS-100; not submission B itself

    o.dryRun = false;
    o.preferAll = app::MergeChoice::Mine;
    BOOST_TEST(app::mergeStores(target, source.store(), o).written);
    BOOST_TEST(target.submissions().size() == 1u);
    BOOST_TEST(*findFigure(target, "Dorset", k2018)->value == 10.0);
    BOOST_TEST(*findFigure(target, "Wiltshire", k2018)->value == 4.0);
    BOOST_TEST(target.caseStudyByReference("CS-100").has_value());
}

BOOST_AUTO_TEST_CASE(a_figure_matched_between_stores_created_apart_keeps_the_sources_acknowledgement)
{
    test::TempDir dir;
    const std::string note = "Counted at the station on Downing Street.";
    for (const std::string name : {"a", "b"}) {
        auto s =
            db::Store::create(dir.file(name + ".evidence"), as(name == "a" ? "alice" : "bob", "2019-07-01T10:00:00Z"));
        app::ensureSubmission(s, "Response " + name, "Charity " + name);
        test::addOffencesAndFoi(s);
        auto dorset = figure(s, "Dorset", k2018, 10);
        dorset.note = note;
        s.update(dorset);
        figure(s, "Wiltshire", k2018, 20);
    }
    std::size_t acknowledged = 0;
    {
        auto b = db::Store::open(dir.file("b.evidence"), db::OpenMode::ReadWrite);
        for (const auto& field : app::scanStore(b))
            for (const auto& f : field.open)
                if (field.recordTable == "observations" && f.severity == anon::Severity::Warn) {
                    app::acknowledgeFinding(b, field, f, "A public street", "Policy officer");
                    ++acknowledged;
                }
    }
    BOOST_REQUIRE(acknowledged > 0u);
    auto target = db::Store::open(dir.file("a.evidence"), db::OpenMode::ReadWrite);
    app::MergeSource source(dir.file("b.evidence"));
    app::MergeOptions o;
    o.betweenSubmissions = true;
    const auto r = app::mergeStores(target, source.store(), o);
    BOOST_TEST(r.conflicts.empty());
    BOOST_TEST(r.written);
    // The figures are matched by their measure, area, period and source; the acknowledgement follows the match.
    BOOST_TEST(target.allAcknowledgements().size() == acknowledged);
    BOOST_TEST(target.acknowledgements(findFigure(target, "Dorset", k2018)->uuid).size() == acknowledged);
    for (const auto& field : app::scanStore(target))
        BOOST_TEST(field.open.empty(), field.recordLabel);
}

BOOST_FIXTURE_TEST_CASE(merged_text_is_scanned_before_export, CopiedStores)
{
    {
        auto s = theirs();
        const auto c = caseStudy(s, "CS-030", "Call Jade Thompson on 07700 900123 at Riverside Academy.");
        s.setCaseStudySelected(s.submissions().at(0).id, c.id, true);
    }
    auto target = mine();
    app::MergeSource source(theirsPath);
    BOOST_TEST(app::mergeStores(target, source.store(), {}).written);
    const auto reasons = app::exportBlockers(target, target.submissions().at(0).id, true);
    BOOST_TEST(!reasons.empty());
    for (const auto& reason : reasons)
        BOOST_TEST(reason.find("CS-030") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_newer_source_is_refused_and_an_older_one_upgraded_in_a_copy)
{
    test::TempDir dir;
    auto target = db::Store::create(dir.file("mine.evidence"), test::fixedOptions());
    {
        auto newer = db::Store::create(dir.file("newer.evidence"), test::fixedOptions());
    }
    {
        SQLite::Database raw(dir.file("newer.evidence").string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = " + std::to_string(db::Store::latestSchemaVersion() + 1));
    }
    try {
        app::MergeSource source(dir.file("newer.evidence"));
        BOOST_FAIL("opened a newer store");
    } catch (const FileError& e) {
        BOOST_TEST(std::string(e.what()).find("newer version") != std::string::npos);
    }

    const auto older = dir.file("older.evidence");
    {
        auto raw = test::openStoreAtVersion(older, db::Store::latestSchemaVersion() - 1);
        raw.exec("INSERT INTO store_info (key, value) VALUES ('store_id', '22222222-2222-4222-8222-222222222222')");
        raw.exec("INSERT INTO measures (uuid, name) VALUES ('11111111-1111-4111-8111-111111111111', 'Older')");
        raw.exec("PRAGMA journal_mode = DELETE");
    }
    const auto olderBefore = readFile(older);
    {
        app::MergeSource source(older);
        BOOST_TEST(source.upgradedCopy());
        BOOST_TEST(source.store().schemaVersion() == db::Store::latestSchemaVersion());
        BOOST_TEST(app::mergeStores(target, source.store(), {}).written);
    }
    BOOST_TEST(target.measureByName("Older").has_value());
    BOOST_TEST((readFile(older) == olderBefore));
}

BOOST_AUTO_TEST_CASE(messages_about_an_upgraded_source_name_its_file_never_the_copy)
{
    test::TempDir dir;
    auto target = db::Store::create(dir.file("mine.evidence"), as("alice", "2019-07-01T10:00:00Z"));
    app::ensureSubmission(target, "Response A", "Charity A");
    const auto older = dir.file("older.evidence"), broken = dir.file("broken.evidence");
    {
        auto b = db::Store::create(older, as("bob", "2019-07-02T11:00:00Z"));
        app::ensureSubmission(b, "Response B", "Charity B");
    }
    std::filesystem::copy_file(older, broken);
    {
        // Schema 10, before additional points; the broken copy claims it but still holds their table.
        SQLite::Database raw(older.string(), SQLite::OPEN_READWRITE);
        raw.exec("DROP TABLE submission_points");
        raw.exec("DELETE FROM store_info WHERE key = 'audit_marks_text_edits_from'");
        raw.exec("PRAGMA user_version = 10");
        SQLite::Database rawBroken(broken.string(), SQLite::OPEN_READWRITE);
        rawBroken.exec("PRAGMA user_version = 10");
    }
    const auto namesOnlyTheFile = [](const std::string& message, const std::filesystem::path& file) {
        BOOST_TEST(message.find(file.string()) != std::string::npos, message);
        BOOST_TEST(message.find("evidence-merge-") == std::string::npos, message);
    };
    {
        app::MergeSource source(older);
        BOOST_REQUIRE(source.upgradedCopy());
        BOOST_TEST(source.path() == older);
        try {
            app::mergeStores(target, source, {});
            BOOST_FAIL("merged two submissions");
        } catch (const app::DifferentSubmissionsError& e) {
            namesOnlyTheFile(e.what(), older);
        }
    }
    try {
        app::MergeSource source(broken);
        BOOST_FAIL("upgraded a store that cannot be upgraded");
    } catch (const Error& e) {
        namesOnlyTheFile(e.what(), broken);
    }
}

BOOST_AUTO_TEST_CASE(a_choices_file_is_read_line_by_line)
{
    test::TempDir dir;
    {
        std::ofstream f(dir.file("choices.txt"));
        f << "# mine unless listed\n* mine\nobservations/u1/value theirs\n\ncase_studies/u2/narrative both # two\n";
    }
    app::MergeOptions o;
    app::readChoicesFile(dir.file("choices.txt"), o);
    BOOST_TEST((o.preferAll == app::MergeChoice::Mine));
    BOOST_TEST((o.choices.at("observations/u1/value") == app::MergeChoice::Theirs));
    BOOST_TEST((o.choices.at("case_studies/u2/narrative") == app::MergeChoice::Both));
    {
        std::ofstream f(dir.file("bad.txt"));
        f << "observations/u1/value theirs\nobservations/u3/value maybe\n";
    }
    try {
        app::readChoicesFile(dir.file("bad.txt"), o);
        BOOST_FAIL("read a bad choice");
    } catch (const DataError& e) {
        BOOST_TEST(e.problems().at(0).find("bad.txt:2: choice 'maybe'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
