// Saving field by field and pseudonyms that replace names (the edit lock: tests/db/edit_lock_test.cpp).
#include "app/field_merge.h"
#include "app/pseudonyms.h"
#include "core/errors.h"
#include "support/store_fixture.h"

#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
