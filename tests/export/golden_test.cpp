// The sample workbook against its golden parts (tests/export/golden/sample/), part by part and byte for byte, as
// libxlsxwriter checks its own output against reference files: a change anywhere in a sheet, a shared string, a
// style or a chart fails, where a search for a few substrings would pass. A difference is reported as the part
// and a unified diff of its first differing lines, one XML tag a line. When a change to the workbook is meant,
// the parts are written again with EVIDENCE_UPDATE_GOLDEN=1 (tests/export/golden/README.md).

#include "export/builder.h"
#include "export/suppression.h"
#include "export/workbook_writer.h"
#include "export_fixture.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <sstream>
#include <tuple>

using namespace evidence;

namespace {

constexpr const char* kGoldenDir = "tests/export/golden/sample";

/// The parts (files) of a zip file, sorted by name.
std::vector<std::string> zipParts(const std::filesystem::path& zip)
{
    int status = 0;
    const std::string out = test::run("unzip -Z1 '" + zip.string() + "'", status);
    if (status != 0)
        throw std::runtime_error("cannot list the parts of " + zip.string());
    std::vector<std::string> parts;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.back() != '/')
            parts.push_back(line);
    std::sort(parts.begin(), parts.end());
    return parts;
}

/// The files under @p dir, as paths relative to it with forward slashes, sorted.
std::vector<std::string> goldenParts(const std::filesystem::path& dir)
{
    std::vector<std::string> parts;
    if (std::filesystem::is_directory(dir))
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            if (e.is_regular_file())
                parts.push_back(std::filesystem::relative(e.path(), dir).generic_string());
    std::sort(parts.begin(), parts.end());
    return parts;
}

/// @p xml cut at its own line ends and between adjacent tags, so that a cell's start, its value and a shared
/// string each read as a line: libxlsxwriter writes a whole sheet on one line.
std::vector<std::string> tagLines(const std::string& xml)
{
    std::vector<std::string> lines;
    std::string line;
    for (std::size_t i = 0; i < xml.size(); ++i) {
        if (xml[i] == '\n') {
            lines.push_back(line);
            line.clear();
            continue;
        }
        line += xml[i];
        if (xml[i] == '>' && i + 1 < xml.size() && xml[i + 1] == '<') {
            lines.push_back(line);
            line.clear();
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

/// Empty when @p written is @p golden byte for byte; otherwise the part, the line and byte where they first
/// differ, and a unified diff of that place (three lines of context, at most twelve changed lines a side).
std::string difference(const std::string& part, const std::string& golden, const std::string& written)
{
    if (golden == written)
        return {};
    const auto mismatch = std::mismatch(golden.begin(), golden.end(), written.begin(), written.end());
    const auto byte = static_cast<std::size_t>(mismatch.first - golden.begin());
    const std::vector<std::string> a = tagLines(golden);
    const std::vector<std::string> b = tagLines(written);
    std::size_t first = 0;
    while (first < a.size() && first < b.size() && a[first] == b[first])
        ++first;
    std::ostringstream out;
    out << part << " differs from " << kGoldenDir << "/" << part << " at line " << first + 1
        << " (one XML tag a line), byte " << byte + 1 << ":\n";
    if (first == a.size() && first == b.size()) {
        out << "(the same tags; the line ends between them differ)\n";
        return out.str();
    }
    // The changed run ends where the two parts agree again up to their ends.
    std::size_t same = 0;
    while (same < a.size() - first && same < b.size() - first && a[a.size() - 1 - same] == b[b.size() - 1 - same])
        ++same;
    constexpr std::size_t kContext = 3;
    constexpr std::size_t kShown = 12;
    const std::size_t from = first > kContext ? first - kContext : 0;
    const std::size_t aChanged = a.size() - same - first;
    const std::size_t bChanged = b.size() - same - first;
    const std::size_t aShown = std::min(aChanged, kShown);
    const std::size_t bShown = std::min(bChanged, kShown);
    const bool whole = aShown == aChanged && bShown == bChanged;
    const std::size_t after = whole ? std::min(kContext, same) : 0;
    out << "--- golden\n+++ written\n";
    out << "@@ -" << from + 1 << "," << (first - from) + aShown + after << " +" << from + 1 << ","
        << (first - from) + bShown + after << " @@\n";
    for (std::size_t i = from; i < first; ++i)
        out << " " << a[i] << "\n";
    for (std::size_t i = 0; i < aShown; ++i)
        out << "-" << a[first + i] << "\n";
    for (std::size_t i = 0; i < bShown; ++i)
        out << "+" << b[first + i] << "\n";
    for (std::size_t i = 0; i < after; ++i)
        out << " " << a[first + aChanged + i] << "\n";
    if (!whole)
        out << "(" << aChanged << " golden and " << bChanged << " written lines differ in all)\n";
    return out.str();
}

/// Every difference between the parts of the workbook @p file and the golden parts in @p dir.
std::vector<std::string> compareWithGolden(const std::filesystem::path& file, const std::filesystem::path& dir)
{
    const std::vector<std::string> written = zipParts(file);
    const std::vector<std::string> golden = goldenParts(dir);
    std::vector<std::string> problems;
    for (const auto& part : written)
        if (!std::binary_search(golden.begin(), golden.end(), part))
            problems.push_back(part + " is in the workbook but not in " + kGoldenDir);
    for (const auto& part : golden) {
        if (!std::binary_search(written.begin(), written.end(), part)) {
            problems.push_back(part + " is in " + kGoldenDir + " but not in the workbook");
            continue;
        }
        std::string d = difference(part, test::readFile(dir / part), test::zipPart(file, part));
        if (!d.empty())
            problems.push_back(std::move(d));
    }
    return problems;
}

/// Replaces the golden parts in @p dir with the parts of @p file.
void writeGolden(const std::filesystem::path& file, const std::filesystem::path& dir)
{
    std::filesystem::remove_all(dir);
    for (const auto& part : zipParts(file)) {
        std::filesystem::create_directories((dir / part).parent_path());
        test::writeFile(dir / part, test::zipPart(file, part));
    }
}

/// The sample's model with what differs from store to store fixed: the random UUIDs of the store and of the
/// submission, which the Notes sheet and the document properties name.
xlsx::WorkbookModel goldenModel(const test::SampleFixture& f)
{
    xlsx::WorkbookModel m = f.model();
    m.storeId = "00000000-0000-4000-8000-000000000000";
    m.submission.uuid = "00000000-0000-4000-8000-000000000001";
    return m;
}

bool updating()
{
    const char* v = std::getenv("EVIDENCE_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

} // namespace

BOOST_AUTO_TEST_SUITE(golden)

BOOST_AUTO_TEST_CASE(the_sample_workbook_is_its_golden_parts_byte_for_byte)
{
    test::SampleFixture f;
    const auto file = f.dir.file("sample.xlsx");
    xlsx::writeWorkbook(goldenModel(f), file);
    const auto dir = test::sourcePath(kGoldenDir);
    if (updating()) {
        writeGolden(file, dir);
        BOOST_TEST_MESSAGE("wrote the golden parts to " << dir.string());
    }
    const std::vector<std::string> problems = compareWithGolden(file, dir);
    BOOST_TEST(goldenParts(dir).size() > 20u); // the sheets, their charts and tables, the workbook's own parts
    BOOST_TEST(problems.empty());
    for (const auto& p : problems)
        BOOST_ERROR(p);
}

BOOST_AUTO_TEST_CASE(a_table_written_apart_joins_into_the_workbook_part_for_part)
{
    // The largest tables can be written by a second libxlsxwriter workbook, on another core, and their
    // worksheets moved into the workbook. A worksheet refers to its strings and styles by number, and a chart caches
    // the figures it plots: the joined file must be, part for part and byte for byte, the workbook written in
    // one piece with the strings and styles numbered alike.
    test::SampleFixture f;
    const xlsx::WorkbookModel sample = goldenModel(f);
    xlsx::WorkbookModel suppressed = sample;
    xlsx::suppressSmallCounts(suppressed, app::suppressionOptions(f.store, suppressed, 30));
    // Without its case studies, answers and most of its methodology, the sample's largest tables are the
    // statistics and the change table, which charts plot.
    xlsx::WorkbookModel figuresOnly = sample;
    figuresOnly.caseStudies.clear();
    figuresOnly.responses.clear();
    figuresOnly.methodology = "# Methodology\n\nThe figures are as the forces gave them.\n";
    // Breakdowns of several areas, the largest table by far, whose charts' caches read the figures they plot.
    test::TempDir dir;
    db::Store store = db::Store::create(dir.file("ages.evidence"), test::fixedOptions());
    std::string rows;
    for (const auto& [code, name, total] : {std::tuple{"E23000039", "Dorset", 82},
                                            {"E23000038", "Wiltshire", 54},
                                            {"E23000035", "Devon and Cornwall", 120}}) {
        rows +=
            std::string("Offences,") + code + "," + name + ",2018/19,,," + std::to_string(total) + ",,FOI requests,\n";
        for (int age = 10; age <= 17; ++age)
            rows += std::string("Offences,") + code + "," + name + ",2018/19,victim age," + std::to_string(age) + "," +
                    std::to_string(total / 8 + age - 10) + ",,FOI requests,\n";
    }
    test::addOneMeasureSubmission(store, rows, "2019-06-28T09:00:00Z");
    xlsx::WorkbookModel ages = app::buildWorkbookModel(store, 0, "test");
    ages.methodology = figuresOnly.methodology;
    for (const xlsx::WorkbookModel* model :
         std::vector<const xlsx::WorkbookModel*>{&sample, &suppressed, &figuresOnly, &ages})
        for (const bool valuesOnly : {false, true}) {
            xlsx::WriteOptions joined;
            joined.valuesOnly = valuesOnly;
            joined.helperFile = f.dir.file("helper.xlsx");
            joined.apartMinCells = 1;
            xlsx::WriteOptions whole = joined;
            whole.apartNumberingOnly = true;
            const auto joinedFile = f.dir.file("joined.xlsx");
            const auto wholeFile = f.dir.file("whole.xlsx");
            const auto plainFile = f.dir.file("plain.xlsx");
            xlsx::writeWorkbook(*model, joinedFile, joined);
            xlsx::writeWorkbook(*model, wholeFile, whole);
            xlsx::WriteOptions plain;
            plain.valuesOnly = valuesOnly;
            xlsx::writeWorkbook(*model, plainFile, plain);
            const std::vector<std::string> parts = zipParts(joinedFile);
            BOOST_TEST(parts == zipParts(wholeFile), boost::test_tools::per_element());
            for (const auto& part : parts)
                BOOST_TEST((test::zipPart(joinedFile, part) == test::zipPart(wholeFile, part)),
                           part << " (values only: " << valuesOnly << ")");
            // Written apart indeed: its strings were numbered first.
            BOOST_TEST(test::zipPart(joinedFile, "xl/sharedStrings.xml") !=
                       test::zipPart(plainFile, "xl/sharedStrings.xml"));
        }
}

BOOST_AUTO_TEST_CASE(a_changed_cell_fails_naming_the_part_and_the_line)
{
    test::SampleFixture f;
    xlsx::WorkbookModel m = goldenModel(f);
    m.caseStudies[0].caseStudy.title = "A title changed after the golden parts were written";
    const auto file = f.dir.file("changed.xlsx");
    xlsx::writeWorkbook(m, file);
    const std::vector<std::string> problems = compareWithGolden(file, test::sourcePath(kGoldenDir));
    const auto strings = std::find_if(problems.begin(), problems.end(), [](const std::string& p) {
        return p.starts_with("xl/sharedStrings.xml differs from tests/export/golden/sample/xl/sharedStrings.xml "
                             "at line ");
    });
    BOOST_REQUIRE(strings != problems.end());
    BOOST_TEST(strings->find("\n+<t>A title changed after the golden parts were written</t>\n") != std::string::npos,
               *strings);
}

BOOST_AUTO_TEST_CASE(a_difference_reads_as_a_unified_diff_of_tags)
{
    const std::string golden = "<?xml version=\"1.0\"?>\n<sheetData><row r=\"1\"><c r=\"A1\"><v>28</v></c><c "
                               "r=\"B1\"><v>82</v></c></row></sheetData>\n";
    std::string written = golden;
    written.replace(written.find("82"), 2, "83");
    BOOST_TEST(difference("xl/worksheets/sheet5.xml", golden, golden).empty());
    BOOST_TEST(difference("xl/worksheets/sheet5.xml", golden, written) ==
               "xl/worksheets/sheet5.xml differs from tests/export/golden/sample/xl/worksheets/sheet5.xml at line 8 "
               "(one XML tag a line), byte 82:\n"
               "--- golden\n+++ written\n"
               "@@ -5,7 +5,7 @@\n"
               " <v>28</v>\n"
               " </c>\n"
               " <c r=\"B1\">\n"
               "-<v>82</v>\n"
               "+<v>83</v>\n"
               " </c>\n"
               " </row>\n"
               " </sheetData>\n");
}

BOOST_AUTO_TEST_SUITE_END()
