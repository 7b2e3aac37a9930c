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
    // A point typed on the command line is in no record the store's scan reads: only the re-read sees it.
    for (const char* name : {"r.docx", "r.odt"}) {
        const auto r =
            cli({"document", store, dir.file(name).string(), "--point", "Ring her mother on 07700 900123 for more."});
        BOOST_TEST(r.exitCode == 2, r.out << r.err);
        BOOST_TEST(contains(r.err, "BLOCK phone"), r.err);
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
