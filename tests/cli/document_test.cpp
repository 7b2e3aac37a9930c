// evidence-cli document and export STORE OUT.ods: the response document and the OpenDocument workbook are
// gated exactly as the workbook is, written whole or not at all, owner only, and the document is the same
// bytes for the same store.
#define BOOST_TEST_MODULE document
#include "cli/cli_process.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <thread>

using namespace evidence;
using test::cli;
using test::contains;
using test::TempDir;

namespace {

// The reasons of a refusal: every line after the first ("evidence-cli X: refused; ...").
std::string reasons(const std::string& err)
{
    const auto nl = err.find('\n');
    return nl == std::string::npos ? std::string() : err.substr(nl + 1);
}

std::string bytesOf(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The files in @p dir but the store's edit lock (made by the first command that writes): a refused command
// leaves no document and no temporary file.
std::size_t filesIn(const std::filesystem::path& dir)
{
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        n += e.path().extension() != ".lock";
    return n;
}

void checkRefusedLikeTheWorkbook(const TempDir& dir, const std::string& store)
{
    const std::size_t before = filesIn(dir.path());
    const auto workbook = cli({"export", store, dir.file("w.xlsx").string()});
    BOOST_TEST(workbook.exitCode == 2, workbook.out << workbook.err);
    BOOST_TEST(!reasons(workbook.err).empty());
    for (const char* name : {"r.docx", "r.odt"}) {
        const auto doc = cli({"document", store, dir.file(name).string()});
        BOOST_TEST(doc.exitCode == 2, name << ": " << doc.out << doc.err);
        BOOST_TEST(contains(doc.err, "evidence-cli document: refused; nothing was written."), doc.err);
        BOOST_TEST(reasons(doc.err) == reasons(workbook.err));
    }
    BOOST_TEST(filesIn(dir.path()) == before);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_document_is_refused_exactly_when_the_workbook_is_and_nothing_is_written)
{
    TempDir dir;
    // No organisation: a blocking item of the readiness list.
    const auto bare = dir.file("bare.evidence").string();
    BOOST_REQUIRE(cli({"init", bare, "--title", "Our response"}).exitCode == 0);
    BOOST_REQUIRE(
        cli({"import", bare, test::sourcePath("tests/data/suppression/observations.csv").string(), "--create-missing"})
            .exitCode == 0);
    checkRefusedLikeTheWorkbook(dir, bare);

    // A selected case study returned to draft.
    TempDir dir2;
    const auto sample = dir2.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", sample}).exitCode == 0);
    BOOST_REQUIRE(cli({"review", sample, "CS-002", "--draft"}).exitCode == 0);
    checkRefusedLikeTheWorkbook(dir2, sample);
}

BOOST_AUTO_TEST_CASE(the_written_document_is_re_read_by_the_guard)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    const std::size_t before = filesIn(dir.path());
    // A heading typed on the command line is in no record the store's scan reads: only the re-read sees it.
    for (const char* name : {"r.docx", "r.odt"}) {
        const auto r =
            cli({"document", store, dir.file(name).string(), "--heading", "Ring her mother on 07700 900123 for more."});
        BOOST_TEST(r.exitCode == 2, r.out << r.err);
        BOOST_TEST(contains(r.err, "BLOCK phone"), r.err);
        BOOST_TEST(contains(r.err, "the written document holds"), r.err); // a document, not a workbook
        BOOST_TEST(!contains(r.err, "written workbook"), r.err);
        BOOST_TEST(!contains(r.err, "900123"), r.err); // masked
    }
    BOOST_TEST(filesIn(dir.path()) == before);
}

BOOST_AUTO_TEST_CASE(the_same_store_gives_the_same_bytes_owner_only)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    for (const char* ext : {".docx", ".odt"}) {
        const auto a = dir.file(std::string("a") + ext), b = dir.file(std::string("b") + ext);
        const auto first = cli({"document", store, a.string()});
        BOOST_TEST(first.exitCode == 0, first.out << first.err);
        std::this_thread::sleep_for(std::chrono::milliseconds(2100)); // zip times have two-second steps
        setenv("TZ", "America/New_York", 1);                          // the zip's local times, in another zone
        const auto second = cli({"document", store, b.string()});
        unsetenv("TZ");
        BOOST_TEST(second.exitCode == 0, second.out << second.err);
        BOOST_TEST((bytesOf(a) == bytesOf(b)), ext << " differs between two runs");
        struct stat st
        {
        };
        BOOST_REQUIRE(::stat(a.c_str(), &st) == 0);
        BOOST_TEST((st.st_mode & 0777) == 0600u);
    }
}

BOOST_AUTO_TEST_CASE(word_counts_and_limits_are_reported)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"document", store, dir.file("r.docx").string(), "--word-limit", "40", "--total-word-limit", "500"});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "Question 3: 48 words (limit 40)"), r.out);
    BOOST_TEST(contains(r.out, "Question 7: 24 words (limit 40)"), r.out);
    BOOST_TEST(contains(r.err, "Over the limit: The answer to question 3 has 48 words, over the limit of 40."), r.err);
    BOOST_TEST(!contains(r.err, "question 7 has"), r.err);
    BOOST_TEST(contains(r.err, "Over the limit: The document has "), r.err);
    r = cli({"document", store, dir.file("r.odt").string(), "--case-study", "CS-009"});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "case study CS-009 is not selected for the submission"), r.err);
    r = cli({"document", store, dir.file("r.pdf").string()});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "written as .docx (Word) or .odt (OpenDocument Text)"), r.err);
}

BOOST_AUTO_TEST_CASE(ods_without_libreoffice_says_so_and_writes_nothing)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    const std::size_t before = filesIn(dir.path());
    setenv("EVIDENCE_SOFFICE", dir.file("no-such-soffice").c_str(), 1);
    const auto r = cli({"export", store, dir.file("w.ods").string()});
    unsetenv("EVIDENCE_SOFFICE");
    BOOST_TEST(r.exitCode == 2, r.out << r.err);
    BOOST_TEST(contains(r.err, "converted by LibreOffice, which is not installed here"), r.err);
    BOOST_TEST(filesIn(dir.path()) == before);
}

namespace {

// The number after @p label in @p text ("Whole document: 1234 words" -> 1234); -1 when it is not there.
long numberAfter(const std::string& text, const std::string& label)
{
    const auto at = text.find(label);
    return at == std::string::npos ? -1 : std::stol(text.substr(at + label.size()));
}

} // namespace

BOOST_AUTO_TEST_CASE(additional_points_are_edited_counted_written_and_gated_like_answers)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"point", "list", store});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "No additional points"), r.out);
    const auto before = cli({"document", store, dir.file("a.docx").string()});
    BOOST_TEST_REQUIRE(before.exitCode == 0, before.err);

    r = cli({"point", "add", store, "Platforms should publish how quickly they act on reports."});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(contains(r.out, "Added additional point 1 (9 words)."), r.out);
    r = cli({"point", "add", store, "Schools need guidance too.", "--position", "1"});
    BOOST_TEST(contains(r.out, "Added additional point 1 (4 words)."), r.out);
    r = cli({"point", "list", store});
    BOOST_TEST(contains(r.out, "1\t4 words\tSchools need guidance too.\n2\t9 words\tPlatforms"), r.out);
    r = cli({"point", "edit", store, "1", "Schools need clear guidance too."});
    BOOST_TEST(contains(r.out, "Additional point 1 now has 5 words."), r.out);
    r = cli({"point", "edit", store, "3", "No such point."});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "there is no additional point 3: the submission has points 1 to 2"), r.err);
    r = cli({"point", "edit", store, "1", "   "});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(contains(r.err, "an additional point needs some text"), r.err);

    // In the response's words and the document's: 5 + 9 words, and the heading "Additional points".
    r = cli({"profile", "words", store});
    BOOST_TEST(contains(r.out, "Additional points\t14 words"), r.out);
    const auto after = cli({"document", store, dir.file("b.docx").string()});
    BOOST_TEST_REQUIRE(after.exitCode == 0, after.err);
    BOOST_TEST(numberAfter(after.out, "Whole document: ") == numberAfter(before.out, "Whole document: ") + 14 + 2,
               before.out << after.out);
    r = cli({"audit", store, "--limit", "5"});
    BOOST_TEST(contains(r.out, "submission_points"), r.out);
    BOOST_TEST(!contains(r.out, "Schools"), r.out); // free text is logged as its length

    // An identifying detail in a point stops the document and the workbook alike.
    r = cli({"point", "add", store, "Ring her mother on 07700 900123 for more."});
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.err);
    r = cli({"check", store});
    BOOST_TEST(contains(r.out, "BLOCK\tAdditional point 3, point"), r.out);
    checkRefusedLikeTheWorkbook(dir, store);
    r = cli({"point", "delete", store, "3"});
    BOOST_TEST(contains(r.out, "Deleted additional point 3."), r.out);
    BOOST_TEST(cli({"document", store, dir.file("c.odt").string()}).exitCode == 0);
}

BOOST_AUTO_TEST_CASE(the_document_takes_its_layout_and_limits_from_a_stored_profile)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    auto r = cli({"document", store, dir.file("r.docx").string(), "--profile", "no-such-profile"});
    BOOST_TEST(r.exitCode == 2, r.out << r.err);
    BOOST_TEST(contains(r.err, "there is no profile 'no-such-profile' in the store"), r.err);
    BOOST_TEST(contains(r.err, "evidence-cli profile import"), r.err);
    BOOST_TEST(!std::filesystem::exists(dir.file("r.docx")));

    BOOST_REQUIRE(
        cli({"profile", "import", store, "commons-select-committee-written-evidence", "--no-submission"}).exitCode ==
        0);
    r = cli({"document", store, dir.file("r.docx").string(), "--profile", "commons-select-committee-written-evidence"});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "Profile: commons-select-committee-written-evidence"), r.out);
    BOOST_TEST(contains(r.out, " words (limit 3000)"), r.out);
    BOOST_TEST(contains(r.out, "Note: The profile 'commons-select-committee-written-evidence' is for"), r.out);
    // A limit given on the command line overrides the profile's.
    r = cli({"document", store, dir.file("r.odt").string(), "--profile", "commons-select-committee-written-evidence",
             "--total-word-limit", "100"});
    BOOST_TEST(contains(r.out, " words (limit 100)"), r.out);
    BOOST_TEST(contains(r.err, "Over the limit: The document has "), r.err);
}

BOOST_AUTO_TEST_CASE(answers_over_the_profile_limits_are_in_the_pre_flight)
{
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    const auto profile = dir.file("limits.toml");
    std::ofstream(profile) << "name = \"limits\"\n[consultation]\ncode = \"CP 57\"\ntitle = \"Online Harms White "
                              "Paper\"\n[response]\nchannels = [\"email\"]\nword_limit_per_answer = 40\n"
                              "word_limit_total = 100\n";
    auto r = cli({"profile", "import", store, profile.string()});
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.out << r.err);
    r = cli({"check", store});
    BOOST_TEST(contains(r.out, "CHECK\tQuestion 3\tThe answer has 48 words, 8 over the 40 allowed"), r.out);
    BOOST_TEST(!contains(r.out, "CHECK\tQuestion 7\tThe answer has"), r.out); // 24 words
    BOOST_TEST(contains(r.out, "CHECK\tSubmission\tThe response has "), r.out);
    BOOST_TEST(contains(r.out, " over the 100 allowed in total"), r.out);
}

BOOST_AUTO_TEST_CASE(an_ods_export_with_an_override_records_the_ods_in_the_audit_log)
{
    if (!std::filesystem::exists("/usr/bin/soffice") && !std::getenv("EVIDENCE_SOFFICE")) {
        BOOST_TEST_MESSAGE("LibreOffice is not installed: the .ods export cannot run here");
        return;
    }
    TempDir dir;
    const auto store = dir.file("s.evidence").string();
    BOOST_REQUIRE(cli({"sample", store}).exitCode == 0);
    BOOST_REQUIRE(cli({"review", store, "CS-002", "--draft"}).exitCode == 0);
    const auto ods = dir.file("w.ods");
    const auto r = cli({"export", store, ods.string(), "--allow-unreviewed"});
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.out << r.err);
    const auto audit = cli({"audit", store, "--limit", "3"});
    BOOST_TEST(contains(audit.out, ods.string()), audit.out);
    BOOST_TEST(!contains(audit.out, "workbook.xlsx"), audit.out);
}
