// The export use case: the pre-flight gate, the override and its records, atomic writing and its failure
// cases, and the CLI verb.

#include "app/anonymisation.h"
#include "app/workbook_text.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/errors.h"
#include "export/workbook_writer.h"
#include "export_fixture.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

using namespace evidence;

namespace {

void selectDraft(db::Store& store, RowId submissionId)
{
    // Its consent recorded, so that only its being a draft (and its findings) stands in the way.
    auto cs = *store.caseStudyByReference("CS-004");
    cs.consent = Consent::Obtained;
    cs.consentRecordedBy = "Policy officer";
    store.update(cs);
    store.setCaseStudySelected(submissionId, cs.id, true);
}

// An earlier workbook at @p path, to check that failed exports leave it alone.
std::string earlierFile(const std::filesystem::path& path)
{
    const std::string content = "an earlier export, byte for byte";
    test::writeFile(path, content);
    return content;
}

} // namespace

BOOST_AUTO_TEST_SUITE(gate)

BOOST_AUTO_TEST_CASE(the_sample_exports)
{
    // Whole, and with its largest tables written apart on another core (what an export of tens of thousands
    // of figures does) with the store's guard, which reads the written files as they grow.
    for (const bool apart : {false, true}) {
        BOOST_TEST_CONTEXT("written apart: " << apart)
        {
            test::SampleFixture f;
            const auto target = f.dir.file("sample.xlsx");
            auto options = test::SampleFixture::options();
            if (apart) {
                options.apartMinCells = 1;
                app::useStoreScanner(f.store, options);
            }
            const auto report = app::exportWorkbook(f.store, target, options);
            BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
            BOOST_TEST(report.reasons.empty());
            BOOST_TEST(report.bytes == std::filesystem::file_size(target));
            BOOST_TEST(test::filesIn(f.dir.path()) == (std::vector<std::string>{"sample.evidence", "sample.xlsx"}));
            std::string out;
            BOOST_TEST(test::checkWorkbook(target, "", out) == 0, out);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_written_files_are_read_while_the_largest_tables_are_written_apart)
{
    // The workbook, written first, is read whole while the helper file goes on; the helper's worksheets are
    // read under the names they take in the workbook, and the scan of the joined file takes what was read.
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    options.apartMinCells = 1;
    std::vector<std::string> used, preread, joinedTexts, texts;
    options.postWriteScan = [&](std::vector<std::string>&&) {
        return [&](const std::filesystem::path& written, app::WorkbookPrereading* read) {
            BOOST_REQUIRE(read);
            std::mutex lock;
            app::forEachWorkbookMember(
                written,
                [&](std::size_t, std::vector<app::WorkbookText>&& found) {
                    const std::lock_guard hold(lock);
                    for (auto& t : found)
                        texts.push_back(t.part + " " + t.text);
                },
                read);
            for (const auto& m : read->members) {
                if (m.name.starts_with("xl/worksheets/sheet"))
                    preread.push_back(m.name);
                if (m.used)
                    used.push_back(m.name);
            }
            for (const auto& t : app::readWorkbookText(written))
                joinedTexts.push_back(t.part + " " + t.text);
            return std::vector<std::string>{};
        };
    };
    const auto report = app::exportWorkbook(f.store, f.dir.file("a.xlsx"), options);
    BOOST_REQUIRE(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    std::sort(texts.begin(), texts.end());
    std::sort(joinedTexts.begin(), joinedTexts.end());
    BOOST_TEST(texts == joinedTexts, boost::test_tools::per_element());
    // Every worksheet of the workbook, written before it is read, is taken as read, but for the placeholders,
    // whose bytes are not the joined file's; the worksheets written apart are taken as read in their place,
    // unless the helper finished them while the reader was still behind, and they are read after the join.
    const std::size_t sheets = xlsx::buildLayout(f.model(), false, true).layout.sheets.size();
    std::sort(preread.begin(), preread.end());
    std::sort(used.begin(), used.end());
    std::size_t usedSheets = 0, readOnce = 0;
    for (auto it = preread.begin(); it != preread.end();) {
        const auto next = std::upper_bound(it, preread.end(), *it);
        const bool isUsed = std::binary_search(used.begin(), used.end(), *it);
        usedSheets += isUsed;
        if (next - it == 2)
            BOOST_TEST(isUsed, *it << " was read twice, as the placeholder and as written apart");
        else if (!isUsed)
            ++readOnce;
        it = next;
    }
    BOOST_TEST(usedSheets + readOnce == sheets);
}

BOOST_AUTO_TEST_CASE(a_selected_draft_is_refused_with_its_reason)
{
    test::SampleFixture f;
    selectDraft(f.store, f.submissionId());
    const auto target = f.dir.file("sample.xlsx");
    const std::string earlier = earlierFile(target);
    const auto report = app::exportWorkbook(f.store, target, test::SampleFixture::options());
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Refused));
    BOOST_REQUIRE(report.reasons.size() == 1u);
    BOOST_TEST(report.reasons[0].find("Case study CS-004") != std::string::npos);
    BOOST_TEST(report.reasons[0].find("--allow-unreviewed") != std::string::npos);
    BOOST_TEST(test::readFile(target) == earlier);
    BOOST_TEST(test::filesIn(f.dir.path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(allow_unreviewed_admits_a_draft_and_records_it)
{
    test::SampleFixture f;
    selectDraft(f.store, f.submissionId());
    auto options = test::SampleFixture::options();
    options.allowUnreviewed = true;
    const auto target = f.dir.file("sample.xlsx");
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    BOOST_REQUIRE(report.overrides.size() == 1u);
    BOOST_TEST(report.overrides[0].find("CS-004") != std::string::npos);
    // In the audit log ...
    db::AuditFilter af;
    af.table = "submissions";
    bool logged = false;
    for (const auto& e : f.store.auditLog(af))
        logged = logged || (e.action == "export" && e.newValues.find("CS-004") != std::string::npos &&
                            e.newValues.find("allow-unreviewed") != std::string::npos);
    BOOST_TEST(logged);
    const auto events = f.store.auditLog(af);
    const auto exported =
        std::find_if(events.begin(), events.end(), [](const AuditEntry& e) { return e.action == "export"; });
    BOOST_REQUIRE(exported != events.end());
    BOOST_TEST(exported->newValues == app::overrideEventDetails(target.string(), {"CS-004"}, report.overrides));
    // ... and in the workbook's notes, referred to from the case study's row label.
    const std::string strings = test::zipPart(target, "xl/sharedStrings.xml");
    BOOST_TEST(strings.find("CS-004 had not been reviewed") != std::string::npos);
    BOOST_TEST(std::regex_search(strings, std::regex("CS-004 \\[note [0-9]+\\]")));
    BOOST_TEST(strings.find("This export used an override") != std::string::npos);
    std::string out;
    BOOST_TEST(test::checkWorkbook(target, "", out) == 0, out);
}

BOOST_AUTO_TEST_CASE(the_override_event_keeps_the_logs_bytes)
{
    // Keys in the order the log has always had, and quotes, backslashes and control characters escaped as
    // they always were.
    BOOST_TEST(app::overrideEventDetails("C:\\Reports\\\"final\"\tdraft\x01.xlsx", {"CS-004", "CS-\"7\""},
                                         {"CS-004 had not been reviewed.\nSee note 3."}) ==
               R"({"file":"C:\\Reports\\\"final\"\tdraft\u0001.xlsx","override":"allow-unreviewed",)"
               R"("admitted":["CS-004","CS-\"7\""],"notes":["CS-004 had not been reviewed.\nSee note 3."]})");
    BOOST_TEST(app::overrideEventDetails("Zo\u00eb.xlsx", {}, {}) ==
               "{\"file\":\"Zo\u00eb.xlsx\",\"override\":\"allow-unreviewed\",\"admitted\":[],\"notes\":[]}");
    // A file name that is not UTF-8 (a POSIX file system allows it) still gives valid JSON.
    BOOST_TEST(app::overrideEventDetails("a\xff.xlsx", {}, {}).find("\"a\xEF\xBF\xBD.xlsx\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failed_export_does_not_log_its_override)
{
    test::SampleFixture f;
    selectDraft(f.store, f.submissionId());
    auto options = test::SampleFixture::options();
    options.allowUnreviewed = true;
    options.faultInjection = [](const std::string& step) {
        if (step == "rename")
            throw FileError("injected failure at rename");
    };
    BOOST_CHECK_THROW(app::exportWorkbook(f.store, f.dir.file("sample.xlsx"), options), FileError);
    for (const auto& e : f.store.auditLog())
        BOOST_TEST(e.action != "export");
    BOOST_TEST(!std::filesystem::exists(f.dir.file("sample.xlsx")));
}

BOOST_AUTO_TEST_CASE(nothing_admits_a_block_finding)
{
    test::SampleFixture f;
    selectDraft(f.store, f.submissionId());
    auto options = test::SampleFixture::options();
    options.allowUnreviewed = true;
    options.preflightScan = [](const xlsx::WorkbookModel&) {
        return std::vector<app::GateFinding>{{true, "CS-004", "phone number '07700 900123' in the narrative"},
                                             {false, "CS-004", "school 'Riverside Academy' in the narrative"}};
    };
    const auto target = f.dir.file("sample.xlsx");
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Refused));
    BOOST_REQUIRE(report.reasons.size() == 1u);
    BOOST_TEST(report.reasons[0].find("07700 900123") != std::string::npos);
    BOOST_TEST(report.reasons[0].find("no option admits it") != std::string::npos);
    BOOST_TEST(!std::filesystem::exists(target));
    for (const auto& e : f.store.auditLog())
        BOOST_TEST(e.action != "export");
}

BOOST_AUTO_TEST_CASE(warnings_refuse_a_reviewed_case_study_until_acknowledged)
{
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    options.allowUnreviewed = true; // admits drafts only, not unacknowledged findings of reviewed case studies
    options.preflightScan = [](const xlsx::WorkbookModel&) {
        return std::vector<app::GateFinding>{{false, "CS-002", "town 'Preston' in the narrative"},
                                             {true, "", "e-mail address 'jo@example.com' in the answer to 7"}};
    };
    const auto report = app::exportWorkbook(f.store, f.dir.file("s.xlsx"), options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Refused));
    BOOST_REQUIRE(report.reasons.size() == 2u);
    BOOST_TEST(report.reasons[0].find("CS-002") != std::string::npos);
    BOOST_TEST(report.reasons[0].find("acknowledge") != std::string::npos);
    BOOST_TEST(report.reasons[1].find("jo@example.com") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_scan_runs_while_writing_unless_its_findings_could_change_the_workbook)
{
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    std::vector<std::string> steps;
    std::string scannedAfter, preparedAfter; // the last writing step begun when each ran
    options.faultInjection = [&](const std::string& step) { steps.push_back(step); };
    options.preflightScan = [&](const xlsx::WorkbookModel&) {
        scannedAfter = steps.empty() ? "nothing" : steps.back();
        return std::vector<app::GateFinding>{};
    };
    options.postWriteScan = [&](std::vector<std::string>&&) {
        preparedAfter = steps.empty() ? "nothing" : steps.back();
        return [](const std::filesystem::path&, app::WorkbookPrereading*) { return std::vector<std::string>{}; };
    };
    auto report = app::exportWorkbook(f.store, f.dir.file("a.xlsx"), options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    BOOST_TEST(scannedAfter == "close");
    BOOST_TEST(preparedAfter == "close");

    // An admitted draft's note lists its unacknowledged warnings: those must be known before the layout.
    selectDraft(f.store, f.submissionId());
    options.allowUnreviewed = true;
    steps.clear();
    report = app::exportWorkbook(f.store, f.dir.file("b.xlsx"), options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    BOOST_TEST(scannedAfter == "nothing");
    BOOST_TEST(preparedAfter == "close");
}

BOOST_AUTO_TEST_CASE(a_finding_made_while_writing_discards_the_written_file)
{
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    std::vector<std::string> steps;
    options.faultInjection = [&](const std::string& step) { steps.push_back(step); };
    options.preflightScan = [&](const xlsx::WorkbookModel&) {
        return std::vector<app::GateFinding>{{true, "", "phone number '07700 900123' in the answer to 7"}};
    };
    const auto target = f.dir.file("sample.xlsx");
    const std::string earlier = earlierFile(target);
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Refused));
    BOOST_REQUIRE(report.reasons.size() == 1u);
    BOOST_TEST(report.reasons[0].find("07700 900123") != std::string::npos);
    BOOST_TEST(!steps.empty()); // written, then discarded
    BOOST_TEST(test::readFile(target) == earlier);
    BOOST_TEST(test::filesIn(f.dir.path()).size() == 2u); // the store and the earlier file: no temporary
    for (const auto& e : f.store.auditLog())
        BOOST_TEST(e.action != "export");
}

BOOST_AUTO_TEST_CASE(a_scan_that_fails_while_writing_fails_the_export)
{
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    options.postWriteScan = [](std::vector<std::string>&&) -> app::PostWriteScan {
        throw FileError("cannot read the store: disk I/O error");
    };
    const auto target = f.dir.file("sample.xlsx");
    const std::string earlier = earlierFile(target);
    BOOST_CHECK_THROW(app::exportWorkbook(f.store, target, options), FileError);
    BOOST_TEST(test::readFile(target) == earlier);
    BOOST_TEST(test::filesIn(f.dir.path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(citations_must_point_into_the_workbook)
{
    test::SampleFixture f;
    // Unselect a case study that answer 17 cites.
    const auto cs = f.store.caseStudyByReference("CS-001");
    f.store.setCaseStudySelected(f.submissionId(), cs->id, false);
    const auto report = app::exportWorkbook(f.store, f.dir.file("s.xlsx"), test::SampleFixture::options());
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Refused));
    BOOST_REQUIRE(report.reasons.size() == 1u);
    BOOST_TEST(report.reasons[0].find("question 17") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_post_write_scan_can_veto)
{
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    std::filesystem::path scanned;
    options.postWriteScan = [&](std::vector<std::string>&&) {
        return [&](const std::filesystem::path& written, app::WorkbookPrereading*) {
            scanned = written;
            BOOST_TEST(std::filesystem::file_size(written) > 1000u);
            return std::vector<std::string>{"the written workbook holds BLOCK phone number '07700 900123'"};
        };
    };
    const auto target = f.dir.file("sample.xlsx");
    const std::string earlier = earlierFile(target);
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Refused));
    BOOST_TEST(scanned.parent_path() == f.dir.path());
    BOOST_TEST(!std::filesystem::exists(scanned));
    BOOST_TEST(test::readFile(target) == earlier);
    BOOST_TEST(test::filesIn(f.dir.path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_written_file_is_checked_for_what_the_pre_flight_scan_found_in_the_store)
{
    // The export scans the store's texts once: the scan of the written file looks again for what the
    // pre-flight scan found, in any case, rather than scanning the store a second time. A detail only that
    // scan found (the store's own scan finds nothing of the kind here) is reported where the file holds it.
    test::SampleFixture f;
    const RowId submission = f.submissionId();
    app::FieldFindings field;
    field.recordTable = "case_studies";
    field.recordLabel = "Case study CS-001";
    field.fieldLabel = "account";
    anon::Finding found;
    found.kind = anon::FindingKind::Place;
    found.severity = anon::Severity::Warn;
    found.matched = "Wexcombe Grange";
    field.open.push_back(found);
    const auto path = f.dir.file("book.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    worksheet_write_string(workbook_add_worksheet(wb, "Case studies"), 0, 0, "She moved to wexcombe grange.", nullptr);
    BOOST_REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const auto given = app::prepareWorkbookRescan(f.store, submission, false, std::vector{field})(path, nullptr);
    BOOST_REQUIRE(given.size() == 1u);
    BOOST_TEST(given[0].find("what the store's scan found (Case study CS-001, account") != std::string::npos, given[0]);
    BOOST_TEST(app::prepareWorkbookRescan(f.store, submission)(path, nullptr).empty()); // the store's own scan
}

BOOST_AUTO_TEST_CASE(the_long_texts_handed_to_the_scan_while_writing_are_those_the_written_file_holds)
{
    test::SampleFixture f;
    auto options = test::SampleFixture::options();
    std::vector<std::string> expected;
    std::vector<std::string> held;
    options.postWriteScan = [&](std::vector<std::string>&& texts) {
        expected = texts;
        return [&](const std::filesystem::path& written, app::WorkbookPrereading*) {
            for (const auto& t : app::readWorkbookText(written))
                held.push_back(t.text);
            return std::vector<std::string>{};
        };
    };
    const auto report = app::exportWorkbook(f.store, f.dir.file("a.xlsx"), options);
    BOOST_REQUIRE(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    // The sample's accounts, answers and methodology at least.
    BOOST_TEST(expected.size() >= 20u);
    for (const auto& text : expected) {
        BOOST_TEST(text.size() >= xlsx::kLongTextBytes);
        BOOST_TEST((std::find(held.begin(), held.end(), text) != held.end()), text);
    }
}

BOOST_AUTO_TEST_CASE(texts_scanned_while_writing_change_nothing_the_scan_of_the_file_reports)
{
    // The scan of the written file reuses the findings of a text scanned while libxlsxwriter wrote it only
    // where the file's text is the same, byte for byte: a text that differs, even by a few words, or that
    // was not expected at all, is scanned in the file.
    test::SampleFixture f;
    const RowId submission = f.submissionId();
    const std::string phone = "Her mother was called on 07700 900123 when the police came to the school.";
    const std::string plain = "The account was reviewed and nothing in it identifies the child or the family.";
    const std::string contact = "Contact the charity's policy team at " + f.store.submission(submission)->contactEmail +
                                " about this response.";
    const auto path = f.dir.file("book.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Case studies");
    worksheet_write_string(ws, 0, 0, phone.c_str(), nullptr);
    worksheet_write_string(ws, 1, 0, plain.c_str(), nullptr);
    worksheet_write_string(ws, 2, 0, contact.c_str(), nullptr);
    worksheet_write_string(ws, 3, 0, (plain + " Ring 07700 900456.").c_str(), nullptr);
    BOOST_REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const auto unaided = app::prepareWorkbookRescan(f.store, submission)(path, nullptr);
    BOOST_TEST(unaided.size() == 2u); // the two telephone numbers; the contact's own address is allowed
    for (const std::vector<std::string>& expected :
         {std::vector<std::string>{phone, plain, contact}, std::vector<std::string>{plain},
          std::vector<std::string>{plain, "Something the file does not hold: call 07700 900789."}}) {
        const auto aided =
            app::prepareWorkbookRescan(f.store, submission, false, std::nullopt, expected)(path, nullptr);
        BOOST_TEST(aided == unaided, boost::test_tools::per_element());
        // The same texts told to the scan while the file is written (as the members read then are).
        const app::PostWriteScan told = app::prepareWorkbookRescan(f.store, submission);
        std::vector<app::WorkbookText> texts;
        for (const auto& t : expected)
            texts.push_back({"xl/sharedStrings.xml", "text cell", t});
        told.expect(texts);
        BOOST_TEST(told(path, nullptr) == unaided, boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(atomic_write)

BOOST_AUTO_TEST_CASE(a_target_whose_folder_is_a_file_fails_cleanly)
{
    // Permissions do not stop root; a parent that is a regular file stops everyone (ENOTDIR).
    test::SampleFixture f;
    test::writeFile(f.dir.file("not-a-folder"), "x");
    const auto target = f.dir.file("not-a-folder") / "sample.xlsx";
    try {
        app::exportWorkbook(f.store, target, test::SampleFixture::options());
        BOOST_FAIL("expected a FileError");
    } catch (const FileError& e) {
        BOOST_TEST(std::string(e.what()).find("Not a directory") != std::string::npos, e.what());
    }
    BOOST_TEST(test::filesIn(f.dir.path()) == (std::vector<std::string>{"not-a-folder", "sample.evidence"}));
}

BOOST_AUTO_TEST_CASE(a_damaged_store_opened_unchecked_exports_nothing)
{
    test::TempDir dir;
    const auto path = dir.file("s.evidence");
    app::createSampleStore(path, test::fixedOptions()); // closed again: the write-ahead log is merged
    // Damage a page of the audit log, which the export does not read: only the integrity check sees it.
    std::int64_t page = 0, pageSize = 0;
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READONLY);
        page = raw.execAndGet("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' LIMIT 1")
                   .getInt64();
        pageSize = raw.execAndGet("PRAGMA page_size").getInt64();
    }
    BOOST_REQUIRE(page > 1);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp((page - 1) * pageSize);
        const std::string garbage(8, '\x7f'); // not a page type
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    db::StoreOptions unchecked = test::fixedOptions();
    unchecked.checkOnOpen = false;
    auto store = db::Store::open(path, db::OpenMode::ReadWrite, unchecked);
    auto options = test::SampleFixture::options();
    // Unchecked, the damage goes unnoticed: the workbook is written.
    const auto written = app::exportWorkbook(store, dir.file("unchecked.xlsx"), options);
    BOOST_TEST(static_cast<int>(written.status) == static_cast<int>(app::ExportStatus::Written));

    options.checkStore = true;
    const auto target = dir.file("out.xlsx");
    const std::string earlier = earlierFile(target);
    try {
        app::exportWorkbook(store, target, options);
        BOOST_FAIL("expected a FileError");
    } catch (const FileError& e) {
        BOOST_TEST(std::string(e.what()).find("damaged") != std::string::npos, e.what());
    }
    BOOST_TEST(test::readFile(target) == earlier);
    for (const auto& name : test::filesIn(dir.path()))
        BOOST_TEST(name.find(".part") == std::string::npos, name);
}

BOOST_AUTO_TEST_CASE(a_folder_as_target_is_refused)
{
    test::SampleFixture f;
    BOOST_CHECK_THROW(app::exportWorkbook(f.store, f.dir.path(), test::SampleFixture::options()), FileError);
}

BOOST_AUTO_TEST_CASE(a_failure_half_way_leaves_the_earlier_file_and_no_temporary_file)
{
    // Also with the largest tables (the sample's Tables 1 and 2 and Methodology) written apart: their workbook
    // is written first.
    for (const std::size_t apartMinCells : {xlsx::kApartMinCells, std::size_t{1}})
        for (const std::string failAt : {"layout", "sheet Table 3", "sheet Methodology", "close", "rename"}) {
            BOOST_TEST_CONTEXT(failAt << ", written apart from " << apartMinCells << " cells")
            {
                test::SampleFixture f;
                const auto target = f.dir.file("sample.xlsx");
                const std::string earlier = earlierFile(target);
                auto options = test::SampleFixture::options();
                options.apartMinCells = apartMinCells;
                options.faultInjection = [&](const std::string& step) {
                    if (step == failAt)
                        throw FileError("injected failure at " + step);
                };
                BOOST_CHECK_THROW(app::exportWorkbook(f.store, target, options), FileError);
                BOOST_TEST(test::readFile(target) == earlier);
                BOOST_TEST(test::filesIn(f.dir.path()) == (std::vector<std::string>{"sample.evidence", "sample.xlsx"}));
            }
        }
}

BOOST_AUTO_TEST_CASE(an_invalid_sheet_half_way_leaves_the_earlier_file)
{
    // A text too long for a cell is found before the file is opened; the earlier file stays. The store
    // refuses such a text now; a store written before it did can still hold one.
    test::SampleFixture f;
    auto cs = *f.store.caseStudyByReference("CS-002");
    f.store.database().exec("UPDATE case_studies SET narrative = '" + std::string(33000, 'x') +
                            "' WHERE reference = 'CS-002'");
    f.store.setReviewState(cs.id, ReviewState::Reviewed, "Policy officer");
    const auto target = f.dir.file("sample.xlsx");
    const std::string earlier = earlierFile(target);
    BOOST_CHECK_THROW(app::exportWorkbook(f.store, target, test::SampleFixture::options()), DataError);
    BOOST_TEST(test::readFile(target) == earlier);
    BOOST_TEST(test::filesIn(f.dir.path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_full_disk_leaves_the_earlier_file_and_says_why)
{
    // RLIMIT_FSIZE makes writes past the limit fail with EFBIG, as a full disk fails with ENOSPC, for root too.
    // Also with the largest tables written apart: either file can fail to grow.
    for (const std::size_t apartMinCells : {xlsx::kApartMinCells, std::size_t{1}}) {
        BOOST_TEST_CONTEXT("written apart from " << apartMinCells << " cells")
        {
            test::SampleFixture f;
            const auto target = f.dir.file("sample.xlsx");
            const std::string earlier = earlierFile(target);
            auto model = app::buildWorkbookModel(f.store, 0); // warm up: the store needs no file growth below
            rlimit old{};
            ::getrlimit(RLIMIT_FSIZE, &old);
            auto previous = std::signal(SIGXFSZ, SIG_IGN);
            rlimit small = old;
            small.rlim_cur = 4096;
            ::setrlimit(RLIMIT_FSIZE, &small);
            std::string message;
            int errorNumber = 0;
            try {
                app::exportWorkbook(f.store, target, [&] {
                    auto o = test::SampleFixture::options();
                    o.apartMinCells = apartMinCells;
                    return o;
                }());
            } catch (const FileError& e) {
                message = e.what();
                errorNumber = e.errorNumber();
            } catch (const Error& e) {
                message = e.what();
            }
            ::setrlimit(RLIMIT_FSIZE, &old);
            std::signal(SIGXFSZ, previous);
            BOOST_TEST(!message.empty());
            BOOST_TEST_MESSAGE("full disk: " << message);
            // The failed write's errno comes with the exception from the thread that closed the workbook, and the
            // message names it.
            BOOST_TEST(errorNumber == EFBIG);
            BOOST_TEST(message.find("cannot write the workbook") != std::string::npos, message);
            BOOST_TEST(message.find(std::strerror(EFBIG)) != std::string::npos, message);
            BOOST_TEST(test::readFile(target) == earlier);
            BOOST_TEST(test::filesIn(f.dir.path()) == (std::vector<std::string>{"sample.evidence", "sample.xlsx"}));
        }
    }
}

BOOST_AUTO_TEST_CASE(cancelling_writes_nothing)
{
    test::SampleFixture f;
    std::atomic<bool> cancel{false};
    auto options = test::SampleFixture::options();
    options.cancel = &cancel;
    std::vector<double> fractions;
    options.progress = [&](double fraction, const std::string& step) {
        fractions.push_back(fraction);
        if (step == "sheet Case studies")
            cancel = true;
    };
    const auto target = f.dir.file("sample.xlsx");
    const std::string earlier = earlierFile(target);
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Cancelled));
    BOOST_TEST(!fractions.empty());
    BOOST_TEST(test::readFile(target) == earlier);
    BOOST_TEST(test::filesIn(f.dir.path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_export_replaces_the_earlier_file)
{
    test::SampleFixture f;
    const auto target = f.dir.file("sample.xlsx");
    earlierFile(target);
    std::vector<double> fractions;
    auto options = test::SampleFixture::options();
    options.progress = [&](double fraction, const std::string&) { fractions.push_back(fraction); };
    const auto report = app::exportWorkbook(f.store, target, options);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    BOOST_TEST(test::readFile(target).substr(0, 2) == "PK");
    BOOST_TEST(fractions.back() == 1.0);
}

BOOST_AUTO_TEST_CASE(temporary_and_exported_workbooks_are_readable_by_their_owner_only)
{
    // A killed export's .part holds case studies not yet re-checked; the workbook holds them all. Under umask
    // 022, as on most desktops, a file created 0644 would be readable by every user of the machine.
    const mode_t savedMask = ::umask(022);
    test::SampleFixture f;
    const auto target = f.dir.file("sample.xlsx");
    earlierFile(target); // 0644: the new workbook replaces it with its own mode
    auto options = test::SampleFixture::options();
    std::filesystem::path part;
    std::filesystem::perms partMode{};
    options.postWriteScan = [&](std::vector<std::string>&&) {
        return [&](const std::filesystem::path& written, app::WorkbookPrereading*) {
            part = written;
            partMode = std::filesystem::status(written).permissions();
            return std::vector<std::string>{};
        };
    };
    const auto report = app::exportWorkbook(f.store, target, options);
    ::umask(savedMask);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    using std::filesystem::perms;
    BOOST_TEST(part.filename().string().ends_with(".part"));
    BOOST_TEST((partMode == (perms::owner_read | perms::owner_write)),
               "the temporary workbook's mode is " << std::oct << static_cast<unsigned>(partMode));
    const perms mode = std::filesystem::status(target).permissions();
    BOOST_TEST((mode == (perms::owner_read | perms::owner_write)),
               "the workbook's mode is " << std::oct << static_cast<unsigned>(mode));
}

BOOST_AUTO_TEST_CASE(temporary_files_of_killed_exports_are_removed_and_those_in_use_kept)
{
    test::SampleFixture f;
    const auto target = f.dir.file("sample.xlsx");
    // Left by killed exports to this target: nobody holds them.
    test::writeFile(f.dir.file(".sample.xlsx.0badf00d.part"), "PK half a workbook");
    test::writeFile(f.dir.file(".sample.xlsx.DEADBEEF.part"), "PK");
    // Held by an export that is still running: its lock says so.
    const auto running = f.dir.file(".sample.xlsx.12345678.part");
    test::writeFile(running, "PK");
    const int held = ::open(running.c_str(), O_RDONLY | O_CLOEXEC);
    BOOST_REQUIRE(held >= 0);
    BOOST_REQUIRE(::flock(held, LOCK_EX | LOCK_NB) == 0);
    // Not ours: another target's, names that only look alike, and a link that must not be followed.
    const std::vector<std::string> others = {".other.xlsx.0badf00d.part", ".sample.xlsx.0badf00.part",
                                             ".sample.xlsx.0badf00g.part", "sample.xlsx.0badf00d.part"};
    for (const auto& name : others)
        test::writeFile(f.dir.file(name), "kept");
    std::filesystem::create_symlink(f.dir.file("sample.evidence"), f.dir.file(".sample.xlsx.aaaaaaaa.part"));

    const auto report = app::exportWorkbook(f.store, target, test::SampleFixture::options());
    ::close(held);
    BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(app::ExportStatus::Written));
    BOOST_TEST(report.abandonedTemporaryFilesRemoved == 2u);
    std::vector<std::string> expected = others;
    expected.insert(expected.end(),
                    {".sample.xlsx.12345678.part", ".sample.xlsx.aaaaaaaa.part", "sample.evidence", "sample.xlsx"});
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(test::filesIn(f.dir.path()) == expected, boost::test_tools::per_element());
    BOOST_TEST(test::readFile(running) == "PK");
    BOOST_TEST(std::filesystem::is_regular_file(f.dir.file("sample.evidence")));

    // The other export has gone without its lock (it was killed): the next export removes its file, and
    // the one after finds nothing left.
    BOOST_TEST(app::exportWorkbook(f.store, target, test::SampleFixture::options()).abandonedTemporaryFilesRemoved ==
               1u);
    BOOST_TEST(!std::filesystem::exists(running));
    BOOST_TEST(app::exportWorkbook(f.store, target, test::SampleFixture::options()).abandonedTemporaryFilesRemoved ==
               0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(export_verb)

namespace {

int runCli(const std::vector<std::string>& args, std::string& out, std::string& err)
{
    std::ostringstream o, e;
    CLI::App app{"test", "evidence-cli"};
    app.require_subcommand(1);
    const auto command = cli::addExportCommand(app, cli::Io{o, e});
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    reversed.push_back("export");
    app.parse(reversed);
    const int code = command.run();
    out = o.str();
    err = e.str();
    return code;
}

} // namespace

BOOST_AUTO_TEST_CASE(export_refused_exits_2_with_one_reason_a_line)
{
    test::SampleFixture f;
    selectDraft(f.store, f.submissionId());
    auto storePath = f.store.path();
    const auto target = f.dir.file("out.xlsx");
    std::string out, err;
    const int code = runCli({storePath.string(), target.string()}, out, err);
    BOOST_TEST(code == cli::kBadData);
    std::istringstream lines(err);
    std::string first, reason;
    std::getline(lines, first);
    std::getline(lines, reason);
    BOOST_TEST(first.find("refused") != std::string::npos);
    BOOST_TEST(reason.find("Case study CS-004") == 0u, reason);
    BOOST_TEST(!std::filesystem::exists(target));
}

BOOST_AUTO_TEST_CASE(export_says_when_it_removed_a_killed_exports_temporary_file)
{
    test::SampleFixture f;
    const auto storePath = f.store.path();
    const auto target = f.dir.file("out.xlsx");
    test::writeFile(f.dir.file(".out.xlsx.0badf00d.part"), "PK half a workbook");
    std::string out, err;
    BOOST_TEST(runCli({storePath.string(), target.string()}, out, err) == cli::kOk);
    BOOST_TEST(out.find("Removed 1 unfinished workbook left beside out.xlsx by an export that was stopped.") !=
                   std::string::npos,
               out);
    BOOST_TEST(!std::filesystem::exists(f.dir.file(".out.xlsx.0badf00d.part")));
    BOOST_TEST(runCli({storePath.string(), target.string()}, out, err) == cli::kOk);
    BOOST_TEST(out.find("Removed") == std::string::npos, out);
    test::writeFile(f.dir.file(".out.xlsx.0badf00d.part"), "PK");
    test::writeFile(f.dir.file(".out.xlsx.0badf00e.part"), "PK");
    BOOST_TEST(runCli({storePath.string(), target.string()}, out, err) == cli::kOk);
    BOOST_TEST(out.find("Removed 2 unfinished workbooks left beside out.xlsx by exports that were stopped.") !=
                   std::string::npos,
               out);
}

BOOST_AUTO_TEST_CASE(export_options_map_to_the_workbook)
{
    test::SampleFixture f;
    // A reviewed case study sent back to draft: no BLOCK finding, so --allow-unreviewed admits it.
    f.store.setReviewState(f.store.caseStudyByReference("CS-002")->id, ReviewState::Draft, "Policy officer");
    const auto storePath = f.store.path().string();
    std::string out, err;
    // A folder as OUT: the default, checklist-compliant name.
    BOOST_TEST(runCli({storePath, f.dir.path().string(), "--allow-unreviewed", "--values-only", "--no-charts",
                       "--submission", std::to_string(f.submissionId())},
                      out, err) == cli::kOk,
               err);
    const auto file = f.dir.file("online-harms-white-paper-consultation-response-evidence.xlsx");
    BOOST_REQUIRE(std::filesystem::exists(file));
    BOOST_TEST(out.find("Override: Case study CS-002") != std::string::npos, out);
    const std::string workbook = test::zipPart(file, "xl/workbook.xml");
    BOOST_TEST(workbook.find("Charts") == std::string::npos);                                     // --no-charts
    BOOST_TEST(test::zipPart(file, "xl/worksheets/sheet5.xml").find("<f>") == std::string::npos); // --values-only
    BOOST_TEST(test::zipPart(file, "xl/sharedStrings.xml").find("CS-002 had not been reviewed") !=
               std::string::npos); // admitted, with its note
    std::string check;
    BOOST_TEST(test::checkWorkbook(file, "--values-only --expect-name " + file.filename().string(), check) == 0, check);
}

BOOST_AUTO_TEST_CASE(the_cli_scans_and_allow_unreviewed_never_admits_block_findings)
{
    // CS-004 holds a phone number, a school and a handle: the store's scanner reports BLOCK findings.
    test::SampleFixture f;
    selectDraft(f.store, f.submissionId());
    const auto target = f.dir.file("out.xlsx");
    std::string out, err;
    BOOST_TEST(runCli({f.store.path().string(), target.string(), "--allow-unreviewed"}, out, err) == cli::kBadData);
    BOOST_TEST(err.find("phone number at characters") != std::string::npos, err);
    BOOST_TEST(err.find("07700 900123") == std::string::npos, err); // stderr ends up in logs: masked
    BOOST_TEST(err.find("no option admits it") != std::string::npos);
    BOOST_TEST(!std::filesystem::exists(target));
}

BOOST_AUTO_TEST_CASE(an_unknown_submission_is_an_error)
{
    test::SampleFixture f;
    std::string out, err;
    BOOST_CHECK_THROW(runCli({f.store.path().string(), f.dir.file("x.xlsx").string(), "--submission", "99"}, out, err),
                      NotFoundError);
}

BOOST_AUTO_TEST_SUITE_END()
