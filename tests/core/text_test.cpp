#include "core/text.h"
#include "core/uuid.h"

#include <boost/test/unit_test.hpp>
#include <set>

namespace text = evidence::text;

BOOST_AUTO_TEST_SUITE(text_helpers)

BOOST_AUTO_TEST_CASE(utf8_validation)
{
    BOOST_TEST(text::isValidUtf8("Dorset 28 → 82, £5, café"));
    BOOST_TEST(!text::isValidUtf8("caf\xe9"));
    BOOST_TEST(!text::isValidUtf8("\xc0\xaf"));         // overlong
    BOOST_TEST(!text::isValidUtf8("\xed\xa0\x80"));     // surrogate
    BOOST_TEST(!text::isValidUtf8("\xf4\x90\x80\x80")); // > U+10FFFF
    BOOST_TEST(!text::isValidUtf8("\xe2\x82"));         // truncated
    BOOST_TEST(text::codePointCount("→£") == 2u);
}

BOOST_AUTO_TEST_CASE(lists_and_case)
{
    BOOST_TEST((text::splitList(" grooming; sexual messages;;x ") ==
                std::vector<std::string>{"grooming", "sexual messages", "x"}));
    BOOST_TEST(text::iequals("Area_Code", "area_code"));
    BOOST_TEST(text::trim("  a b \r\n") == "a b");
}

// Messages said "3 cell(s)" and "case stud(y/ies)": a count takes its noun in the number it needs.
BOOST_AUTO_TEST_CASE(counts_take_their_nouns_in_number)
{
    using evidence::text::counted;
    BOOST_TEST(counted(1, "cell", "cells") == "1 cell");
    BOOST_TEST(counted(0, "cell", "cells") == "0 cells");
    BOOST_TEST(counted(2, "case study", "case studies") == "2 case studies");
    BOOST_TEST(counted(1493, "figure", "figures") == "1,493 figures");
}

BOOST_AUTO_TEST_CASE(uuids_are_v4_and_distinct)
{
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto u = evidence::newUuid();
        BOOST_TEST(u.size() == 36u);
        BOOST_TEST(u[14] == '4');
        seen.insert(u);
    }
    BOOST_TEST(seen.size() == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
