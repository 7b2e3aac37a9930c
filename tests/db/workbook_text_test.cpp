// The worksheet pre-check of the workbook re-read: it may skip parsing a part only when none of the
// spellings that can hold text is in it, wherever in the part (and in a 16-byte block) a spelling falls.

#include "app/workbook_text.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <string_view>

using namespace evidence;

namespace {

// The specification, spelled out.
bool reference(std::string_view xml)
{
    for (std::string_view s : {"str", "Str", "&#", "<!", "<is", ":is", "Header", "Footer"})
        if (xml.find(s) != std::string_view::npos)
            return true;
    return xml.find('\0') != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(workbook_text)

BOOST_AUTO_TEST_CASE(each_spelling_is_found_at_every_offset_and_length)
{
    const std::string filler = "<c r=\"B7\" s=\"3\" t=\"s\"><v>12</v></c><row r=\"8\" ht=\"15\" customHeight=\"1\">";
    const std::string_view spellings[] = {
        "str", "Str", "&#", "<!", "<is", ":is", "Header", "Footer", std::string_view("\0", 1)};
    for (std::string_view spelling : spellings) {
        for (std::size_t length = spelling.size(); length < 70; ++length)
            for (std::size_t at = 0; at + spelling.size() <= length; ++at) {
                std::string xml;
                while (xml.size() < length)
                    xml += filler;
                xml.resize(length);
                xml.replace(at, spelling.size(), spelling);
                BOOST_TEST_REQUIRE(app::detail::sheetMayHoldText(xml) == reference(xml),
                                   "spelling " << spelling.size() << " bytes at " << at << " of " << length);
                BOOST_TEST_REQUIRE(app::detail::sheetMayHoldText(xml));
            }
    }
    std::string plain;
    while (plain.size() < 100000)
        plain += filler;
    BOOST_TEST(!app::detail::sheetMayHoldText(plain));
    BOOST_TEST(!app::detail::sheetMayHoldText(""));
}

BOOST_AUTO_TEST_CASE(random_text_over_the_spellings_bytes_agrees_with_the_specification)
{
    // Near misses ("st", "Hea", "Foot", "<i") are common in such text, and a spelling cut by the end.
    const std::string alphabet("sStr&#<!i:HeaderFoot\0 x\"=", 26);
    std::mt19937 rng(7);
    std::size_t found = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string xml(rng() % 80, ' ');
        for (char& c : xml)
            c = alphabet[rng() % alphabet.size()];
        const bool expected = reference(xml);
        found += expected ? 1 : 0;
        BOOST_TEST_REQUIRE(app::detail::sheetMayHoldText(xml) == expected, "round " << round);
    }
    BOOST_TEST(found > 1000u); // both answers were exercised
    BOOST_TEST(found < 19000u);
}

BOOST_AUTO_TEST_SUITE_END()
