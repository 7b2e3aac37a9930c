// The worksheet pre-check of the workbook re-read: it may skip parsing a part only when none of the
// spellings that can hold text is in it, wherever in the part (and in a 16-byte block) a spelling falls.

#include "app/workbook_text.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <zip.h>

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

// A zip holding one worksheet of @p xml.
void writeSheetZip(const std::filesystem::path& path, const std::string& xml)
{
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    BOOST_REQUIRE(z);
    zip_source_t* source = zip_source_buffer(z, xml.data(), xml.size(), 0);
    BOOST_REQUIRE(source);
    BOOST_REQUIRE(zip_file_add(z, "xl/worksheets/sheet1.xml", source, ZIP_FL_ENC_UTF_8) >= 0);
    BOOST_REQUIRE(zip_close(z) == 0);
}

// A worksheet of numbers with @p tail (a text cell or a header) placed so that @p spelling in it starts
// @p at bytes into the part.
std::string sheetWith(const std::string& tail, std::string_view spelling, std::size_t at)
{
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet "
                      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">";
    const std::size_t offset = tail.find(spelling);
    BOOST_REQUIRE(offset != std::string::npos);
    const std::string cell = "<c r=\"A1\" s=\"1\"><v>1</v></c>";
    while (xml.size() + cell.size() + offset <= at)
        xml += cell;
    xml.append(at - offset - xml.size(), ' ');
    return xml + tail;
}

} // namespace

BOOST_AUTO_TEST_SUITE(workbook_text)

BOOST_AUTO_TEST_CASE(a_spelling_across_two_pieces_of_a_large_worksheet_is_not_missed)
{
    // The reader inflates a member a mebibyte at a time.
    constexpr std::size_t kPiece = 1 << 20;
    test::TempDir dir;
    const std::string cellTail = "<c r=\"B1\" t=\"str\"><v>Jane Smith</v></c></row></sheetData></worksheet>";
    const std::string headerTail = "</row></sheetData><headerFooter><oddHeader>&amp;CJane "
                                   "Smith</oddHeader></headerFooter></worksheet>";
    for (std::size_t back = 1; back <= 5; ++back) {
        BOOST_TEST_CONTEXT("starting " << back << " bytes before the second piece")
        {
            const auto cellPath = dir.file("cell.xlsx");
            writeSheetZip(cellPath, sheetWith(cellTail, "str", kPiece - back));
            auto texts = app::readWorkbookText(cellPath);
            BOOST_REQUIRE(texts.size() == 1u);
            BOOST_TEST(texts[0].where + ": " + texts[0].text == "text cell: Jane Smith");

            const auto headerPath = dir.file("header.xlsx");
            writeSheetZip(headerPath, sheetWith(headerTail, "Header", kPiece - back));
            texts = app::readWorkbookText(headerPath);
            BOOST_REQUIRE(texts.size() == 1u);
            BOOST_TEST(texts[0].where + ": " + texts[0].text == "header or footer: &CJane Smith");
        }
    }
    // The same numbers without the spelling: nothing to read, and nothing is parsed.
    const auto plainPath = dir.file("plain.xlsx");
    writeSheetZip(plainPath, sheetWith("</row></sheetData></worksheet>", "</row>", 3 * kPiece));
    BOOST_TEST(app::readWorkbookText(plainPath).empty());
}

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

BOOST_AUTO_TEST_CASE(texts_come_in_the_files_order_though_the_largest_member_is_read_first)
{
    // Three worksheets of one text each, each larger than the one before: read the largest first, the
    // texts would come last to first, or in the order the reads end.
    test::TempDir dir;
    const auto path = dir.file("order.xlsx");
    auto sheet = [](int numbers, const std::string& text) {
        std::string xml = "<worksheet><sheetData>";
        for (int r = 1; r <= numbers; ++r)
            xml += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r) +
                   "</v></c></row>";
        return xml + "<row r=\"" + std::to_string(numbers + 1) + "\"><c t=\"str\"><f>\"" + text + "\"</f><v>" + text +
               "</v></c></row></sheetData></worksheet>";
    };
    const std::vector<std::string> xml = {sheet(1, "alpha"), sheet(5000, "beta"), sheet(60000, "omega")};
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    BOOST_REQUIRE(z);
    for (std::size_t i = 0; i < xml.size(); ++i) {
        const std::string name = "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
        BOOST_REQUIRE(zip_file_add(z, name.c_str(), zip_source_buffer(z, xml[i].data(), xml[i].size(), 0),
                                   ZIP_FL_ENC_UTF_8) >= 0);
    }
    BOOST_REQUIRE(zip_close(z) == 0);

    std::vector<std::string> texts;
    for (const auto& t : app::readWorkbookText(path))
        texts.push_back(t.text);
    BOOST_TEST(texts == (std::vector<std::string>{"alpha", "beta", "omega"}), boost::test_tools::per_element());

    std::vector<std::pair<std::size_t, std::string>> members;
    std::mutex lock;
    app::forEachWorkbookMember(path, [&](std::size_t member, std::vector<app::WorkbookText>&& found) {
        const std::lock_guard hold(lock);
        for (const auto& t : found)
            members.emplace_back(member, t.text);
    });
    std::sort(members.begin(), members.end());
    BOOST_TEST((members == std::vector<std::pair<std::size_t, std::string>>{{0, "alpha"}, {1, "beta"}, {2, "omega"}}));
}

BOOST_AUTO_TEST_SUITE_END()
