// Saving field by field, pseudonyms that replace names, the edit lock and a store held twice in one process.
#include "app/field_merge.h"
#include "app/pseudonyms.h"
#include "core/errors.h"
#include "db/edit_lock.h"
#include "support/store_fixture.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace evidence;

namespace {
CaseStudy caseStudy(db::Store& store, const std::string& reference, const std::string& narrative)
{
    CaseStudy c;
    c.reference = reference;
    c.title = "A case";
    c.narrative = narrative;
    store.insert(c);
    return c;
}

int posixLocksOn(const std::filesystem::path& path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return 0;
    std::ifstream in("/proc/locks");
    std::string line;
    int n = 0;
    while (std::getline(in, line))
        if (line.find("POSIX") != std::string::npos &&
            line.find(" " + std::to_string(::getpid()) + " ") != std::string::npos &&
            line.find(":" + std::to_string(st.st_ino) + " ") != std::string::npos)
            ++n;
    return n;
}
} // namespace

BOOST_AUTO_TEST_SUITE(edit_safety)

BOOST_AUTO_TEST_CASE(a_save_takes_only_the_fields_the_user_changed)
{
    Submission base;
    base.title = "T";
    base.organisation = "Org";
    base.caveats = "C";
    Submission edited = base;
    edited.caveats = "C2";
    Submission current = base;
    current.organisation = "Org elsewhere";
    const Submission merged = app::mergeEdits(base, edited, current);
    BOOST_TEST(merged.caveats == "C2");
    BOOST_TEST(merged.organisation == "Org elsewhere");

    CaseStudy cb;
    cb.narrative = "N";
    cb.harmTypes = {"grooming"};
    CaseStudy ce = cb;
    ce.harmTypes = {"grooming", "sextortion"};
    CaseStudy cc = cb;
    cc.narrative = "N edited elsewhere";
    cc.review = ReviewState::Reviewed;
    const CaseStudy m = app::mergeEdits(cb, ce, cc);
    BOOST_TEST(m.narrative == "N edited elsewhere");
    BOOST_TEST(m.harmTypes.size() == 2u);
    BOOST_TEST((m.review == ReviewState::Reviewed));
}

BOOST_AUTO_TEST_CASE(a_pseudonym_is_another_name_and_stays_the_same_for_the_same_child)
{
    test::StoreFixture f;
    caseStudy(f.store, "CS-101", "Amira* was contacted by a man online.");
    caseStudy(f.store, "CS-102", "Olivia met him at a park.");
    app::PseudonymMemory memory;
    const auto choices = app::pseudonymChoices(f.store, "Olivia", memory);
    BOOST_REQUIRE(choices.size() >= 5u);
    for (const auto& c : choices) {
        BOOST_TEST(c.name != "Olivia");
        BOOST_TEST(c.name.find('*') == std::string::npos);
    }
    // Fresh names first, none with the real name's initial; the store's pseudonym last, with where it is used.
    BOOST_TEST(choices.back().name == "Amira");
    BOOST_TEST(choices.back().usedIn == std::vector<std::string>{"CS-101"});
    for (std::size_t i = 0; i + 1 < choices.size(); ++i) {
        BOOST_TEST(choices[i].name.front() != 'O');
        BOOST_TEST(choices[i].usedIn.empty());
    }
    BOOST_TEST(app::pseudonymText("Bea") == "Bea*");

    // Chosen once, offered first for the same name afterwards (and only in this store).
    memory.remember(f.store.storeId(), "Olivia", "Bea");
    const auto again = app::pseudonymChoices(f.store, "olivia", memory);
    BOOST_TEST(again.front().name == "Bea");
    BOOST_TEST(again.front().chosenBeforeForThisName);
    BOOST_TEST(memory.recall("another store", "Olivia").empty());
    // Nothing of the mapping is written to the store.
    for (const auto& e : f.store.auditLog())
        BOOST_TEST(e.newValues.find("Bea") == std::string::npos);
    // A real name already marked in the store is never offered back for itself.
    caseStudy(f.store, "CS-103", "Olivia* again.");
    for (const auto& c : app::pseudonymChoices(f.store, "Olivia", app::PseudonymMemory()))
        BOOST_TEST(c.name != "Olivia");
}

BOOST_AUTO_TEST_CASE(the_edit_lock_is_exclusive_and_names_its_holder)
{
    test::TempDir dir;
    const auto path = dir.file("locked.evidence");
    {
        auto first = db::EditLock::acquire(path, "jane");
        try {
            db::EditLock::acquire(path, "joe");
            BOOST_FAIL("a second editor got the lock");
        } catch (const BusyError& e) {
            const std::string what = e.what();
            BOOST_TEST(what.find("already open for editing by jane") != std::string::npos, what);
            BOOST_TEST(what.find("process " + std::to_string(::getpid())) != std::string::npos, what);
        }
    }
    BOOST_CHECK_NO_THROW(db::EditLock::acquire(path, "joe")); // released with its holder
}

BOOST_AUTO_TEST_CASE(opening_a_store_this_process_holds_keeps_its_locks)
{
    test::StoreFixture f;
    f.store.sources();
    const int before = posixLocksOn(f.path);
    BOOST_TEST(before > 0);
    {
        const db::Store second = db::Store::open(f.path, db::OpenMode::ReadOnly);
        BOOST_TEST(second.sources().size() == f.store.sources().size());
    }
    BOOST_TEST(posixLocksOn(f.path) == before);
}

BOOST_AUTO_TEST_SUITE_END()
