// The worksheet pre-check of the workbook re-read: it may skip parsing a part only when none of the
// spellings that can hold text is in it, wherever in the part (and in a 16-byte block) a spelling falls.
// And the reading of a workbook while it is written: what it reads is used only where the finished file
// holds the same bytes.

#include "app/anonymisation.h"
#include "app/sample.h"
#include "app/workbook_text.h"
#include "export/workbook_join.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>
#include <xlsxwriter.h>
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

// A workbook as libxlsxwriter writes an export: a worksheet of @p numbers numbers (the large member, with no
// text), a worksheet of texts and a header holding @p name, and a chart.
std::string libxlsxwriterBytes(const std::filesystem::path& path, int numbers, const std::string& name)
{
    lxw_workbook* wb = workbook_new(path.string().c_str());
    lxw_worksheet* figures = workbook_add_worksheet(wb, "Figures");
    for (int i = 0; i < numbers; ++i)
        worksheet_write_number(figures, static_cast<lxw_row_t>(i / 8), static_cast<lxw_col_t>(i % 8), i * 7.25,
                               nullptr);
    lxw_worksheet* accounts = workbook_add_worksheet(wb, "Case studies");
    worksheet_write_string(accounts, 0, 0, ("An account that names " + name + ".").c_str(), nullptr);
    worksheet_write_formula_str(accounts, 1, 0, "=\"Hello\"", nullptr, "Hello");
    worksheet_set_header(accounts, ("&CWritten by " + name).c_str());
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
    chart_add_series(chart, nullptr, "=Figures!$A$1:$A$10");
    chart_title_set_name(chart, "Figures by area");
    worksheet_insert_chart(accounts, 3, 0, chart);
    BOOST_REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every text of @p path as forEachWorkbookMember() hands them over (with @p prereading), in the file's order.
std::vector<std::string> textsOf(const std::filesystem::path& path, app::WorkbookPrereading* prereading)
{
    std::vector<std::pair<std::size_t, std::vector<std::string>>> members;
    std::mutex lock;
    app::forEachWorkbookMember(
        path,
        [&](std::size_t member, std::vector<app::WorkbookText>&& found) {
            std::vector<std::string> texts;
            for (const auto& t : found)
                texts.push_back(t.part + " " + t.where + ": " + t.text);
            const std::lock_guard hold(lock);
            members.emplace_back(member, std::move(texts));
        },
        prereading);
    std::sort(members.begin(), members.end());
    std::vector<std::string> out;
    for (auto& [member, texts] : members)
        out.insert(out.end(), texts.begin(), texts.end());
    return out;
}

std::vector<std::string> textsOf(const std::filesystem::path& path)
{
    std::vector<std::string> out;
    for (const auto& t : app::readWorkbookText(path))
        out.push_back(t.part + " " + t.where + ": " + t.text);
    return out;
}

// Where the central directory of the zip @p bytes begins (its first record's signature).
std::size_t centralDirectory(const std::string& bytes)
{
    const std::size_t at = bytes.rfind(std::string("PK\x01\x02", 4), bytes.size() - 22);
    BOOST_REQUIRE(at != std::string::npos);
    std::size_t first = at;
    while (first > 0) {
        const std::size_t before = bytes.rfind(std::string("PK\x01\x02", 4), first - 1);
        if (before == std::string::npos)
            break;
        first = before;
    }
    return first;
}

// Writes @p bytes to @p path a few kilobytes at a time, as libxlsxwriter does, up to @p upTo; then waits for
// @p carryOn and writes the rest.
void writeSlowly(const std::filesystem::path& path, const std::string& bytes, std::size_t upTo,
                 std::future<void> carryOn)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (std::size_t at = 0; at < upTo; at += 16384) {
        out.write(bytes.data() + at, static_cast<std::streamsize>(std::min<std::size_t>(16384, upTo - at)));
        out.flush();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    carryOn.wait();
    out.write(bytes.data() + upTo, static_cast<std::streamsize>(bytes.size() - upTo));
}

// Writes @p bytes to @p path slowly on another thread and follows them as the export does: everything up to
// the central directory arrives a piece at a time; the reader stops there, having read every member, and
// only then does the rest of the file follow.
app::WorkbookPrereading
followSlowWriting(const std::filesystem::path& path, const std::string& bytes,
                  const std::function<void(const app::WorkbookPrereading::Member&)>& onRead = {})
{
    std::promise<void> followed;
    std::atomic<bool> written{false};
    std::thread writer([&] {
        writeSlowly(path, bytes, centralDirectory(bytes) + 4, followed.get_future());
        written = true;
    });
    while (!std::filesystem::exists(path))
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    app::WorkbookPrereading read = app::followWrittenWorkbook(path, written, std::size_t{1} << 20, onRead);
    followed.set_value();
    writer.join();
    return read;
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

BOOST_AUTO_TEST_CASE(a_workbook_read_while_it_is_written_gives_the_texts_of_the_finished_file)
{
    test::TempDir dir;
    const std::string bytes = libxlsxwriterBytes(dir.file("made.xlsx"), 200000, "Jane Smith");
    const auto path = dir.file("growing.xlsx");
    app::WorkbookPrereading read = followSlowWriting(path, bytes);

    const std::vector<std::string> expected = textsOf(path);
    BOOST_REQUIRE(!expected.empty());
    BOOST_TEST((std::find(expected.begin(), expected.end(),
                          "xl/sharedStrings.xml text cell: An account that names Jane Smith.") != expected.end()));
    std::size_t xmlMembers = 0;
    {
        int error = 0;
        zip_t* z = zip_open(path.string().c_str(), ZIP_RDONLY, &error);
        BOOST_REQUIRE(z);
        for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i)
            xmlMembers += std::string_view(zip_get_name(z, static_cast<zip_uint64_t>(i), 0)).ends_with(".xml");
        zip_discard(z);
    }
    BOOST_TEST(read.members.size() == xmlMembers);
    BOOST_TEST(textsOf(path, &read) == expected, boost::test_tools::per_element());
    BOOST_TEST(std::all_of(read.members.begin(), read.members.end(), [](const auto& m) { return m.used; }));
}

BOOST_AUTO_TEST_CASE(a_member_that_differs_in_the_finished_file_is_read_from_it)
{
    // What was read of one file is handed a file whose shared strings differ: the worksheet of numbers,
    // the same bytes, is taken as read; the shared strings are read from the finished file.
    test::TempDir dir;
    const auto path = dir.file("book.xlsx");
    libxlsxwriterBytes(path, 20000, "Jane Smith");
    std::atomic<bool> written{false}; // never set: the reader stops at the central directory
    app::WorkbookPrereading read = app::followWrittenWorkbook(path, written, std::size_t{1} << 20);
    BOOST_REQUIRE(!read.members.empty());
    libxlsxwriterBytes(path, 20000, "Jake Smith"); // the same length: only the CRC-32 tells
    const std::vector<std::string> texts = textsOf(path, &read);
    BOOST_TEST(texts == textsOf(path), boost::test_tools::per_element());
    for (const auto& t : texts)
        BOOST_TEST(t.find("Jane Smith") == std::string::npos, t);
    // The members whose bytes changed (the name is in the shared strings and the header) are read again;
    // the worksheet of numbers, the same, is not.
    for (const auto& m : read.members) {
        if (m.name == "xl/sharedStrings.xml" || m.name == "xl/worksheets/sheet2.xml")
            BOOST_TEST(!m.used, m.name);
        if (m.name == "xl/worksheets/sheet1.xml")
            BOOST_TEST(m.used, m.name);
    }
}

BOOST_AUTO_TEST_CASE(a_member_moved_into_another_workbook_is_read_under_its_name_there)
{
    // An export's largest table is written in a workbook of its own, and its worksheet then moved into the
    // workbook: read while written, under the name it takes there, it is not read again from the joined file.
    test::TempDir dir;
    const auto donor = dir.file("table.xlsx");
    const auto into = dir.file("book.xlsx");
    libxlsxwriterBytes(donor, 20000, "Jane Smith");
    libxlsxwriterBytes(into, 100, "Jake Smith");
    std::atomic<bool> written{false}; // never set: the reader stops at the central directory
    app::WorkbookPrereading read = app::followWrittenWorkbook(
        donor, written, std::size_t{1} << 20, {}, {{"xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml"}});
    BOOST_REQUIRE(read.members.size() == 1u);
    BOOST_TEST(read.members[0].name == "xl/worksheets/sheet1.xml");
    xlsx::replaceMembers(into, donor, {{"xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml"}});
    const std::vector<std::string> texts = textsOf(into, &read);
    BOOST_TEST(read.members[0].used);
    BOOST_TEST(texts == textsOf(into), boost::test_tools::per_element());
    // The moved worksheet's formula text and header (Jane), the workbook's own shared string (Jake).
    BOOST_TEST(std::count_if(texts.begin(), texts.end(), [](const std::string& t) {
                   return t.starts_with("xl/worksheets/sheet1.xml") && t.find("Jane Smith") != std::string::npos;
               }) == 1);
    BOOST_TEST(std::count_if(texts.begin(), texts.end(),
                             [](const std::string& t) { return t.find("Jake Smith") != std::string::npos; }) >= 1);
}

BOOST_AUTO_TEST_CASE(what_cannot_be_read_while_written_is_left_to_the_finished_file)
{
    test::TempDir dir;
    std::atomic<bool> written{true};
    BOOST_TEST(app::followWrittenWorkbook(dir.file("none.xlsx"), written, 1 << 20).members.empty());
    const auto garbage = dir.file("garbage.xlsx");
    std::ofstream(garbage, std::ios::binary) << std::string(4096, 'x');
    std::atomic<bool> notYet{false};
    BOOST_TEST(app::followWrittenWorkbook(garbage, notYet, 1 << 20).members.empty());
    // Over the text budget, a member is left too; the texts are the same.
    const auto path = dir.file("book.xlsx");
    libxlsxwriterBytes(path, 100, "Jane Smith");
    app::WorkbookPrereading read = app::followWrittenWorkbook(path, notYet, 0);
    for (const auto& m : read.members)
        BOOST_TEST(m.texts.empty(), m.name);
    BOOST_TEST(textsOf(path, &read) == textsOf(path), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_guard_finds_in_members_read_while_written_what_it_finds_in_the_finished_file)
{
    // The export's path: the members are read as the file grows, their texts told to the scan then, and the
    // finished file scanned for the rest. It reports what the scan of the finished file alone reports.
    test::TempDir dir;
    db::Store store = app::createSampleStore(dir.file("sample.evidence"), test::fixedOptions());
    const RowId submission = store.submissions().at(0).id;
    const std::string bytes = libxlsxwriterBytes(dir.file("made.xlsx"), 100000, "Jane Smith on 07700 900123");
    const auto path = dir.file("growing.xlsx");
    const app::PostWriteScan scan = app::prepareWorkbookRescan(store, submission);
    app::WorkbookPrereading read =
        followSlowWriting(path, bytes, [&](const app::WorkbookPrereading::Member& m) { scan.expect(m.texts); });
    BOOST_REQUIRE(!read.members.empty());

    const std::vector<std::string> alone = app::prepareWorkbookRescan(store, submission)(path, nullptr);
    BOOST_TEST(alone.size() >= 2u); // the telephone number in the account and in the header at least
    BOOST_TEST(scan(path, &read) == alone, boost::test_tools::per_element());
    BOOST_TEST(std::all_of(read.members.begin(), read.members.end(), [](const auto& m) { return m.used; }));
}

BOOST_AUTO_TEST_SUITE_END()
