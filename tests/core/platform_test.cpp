#include "core/errors.h"
#include "core/platform.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#ifdef _WIN32
#include <windows.h>
#endif

namespace fs = std::filesystem;
namespace platform = evidence::platform;

namespace {

/// A fresh folder whose name has a space and non-ASCII letters, as a Windows user's documents often do.
struct Folder
{
    Folder()
    {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path = fs::temp_directory_path() / fs::path(u8"Zoë's Réponse ");
        path += std::to_string(stamp);
        fs::create_directories(path);
    }
    ~Folder()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path path;
};

} // namespace

BOOST_AUTO_TEST_SUITE(platform_services)

BOOST_AUTO_TEST_CASE(names_the_user_the_computer_and_the_process)
{
    BOOST_TEST(!platform::loginName().empty());
    BOOST_TEST(!platform::hostName().empty());
    BOOST_TEST(platform::processId() > 0);
}

BOOST_AUTO_TEST_CASE(utc_times_go_both_ways)
{
    std::tm t{};
    t.tm_year = 2026 - 1900;
    t.tm_mon = 11;
    t.tm_mday = 6;
    t.tm_hour = 5;
    t.tm_min = 55;
    const std::time_t when = platform::fromUtc(t);
    BOOST_TEST(when == 1796536500);
    std::tm back{};
    BOOST_TEST(platform::brokenDown(when, false, back));
    BOOST_TEST(back.tm_year == 126);
    BOOST_TEST(back.tm_mday == 6);
    BOOST_TEST(back.tm_hour == 5);
    BOOST_TEST(back.tm_min == 55);
}

BOOST_AUTO_TEST_CASE(a_private_file_is_new_and_the_owner_s_alone)
{
    const Folder folder;
    const fs::path file = folder.path / u8"Réponse.evidence";
    BOOST_TEST(platform::createPrivateFile(file).empty());
    BOOST_TEST(fs::file_size(file) == 0u);
#ifndef _WIN32
    // Windows has no permission bits; its access list is checked by the Windows suite.
    const bool ownerOnly =
        (fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write);
    BOOST_TEST(ownerOnly);
#endif
    // Never opens what is there: a second creation is refused with the system's reason.
    std::ofstream(file, std::ios::binary) << "earlier";
    BOOST_TEST(!platform::createPrivateFile(file).empty());
    BOOST_TEST(evidence::test::readFile(file) == "earlier");
}

BOOST_AUTO_TEST_CASE(a_replaced_file_is_the_new_one_whole)
{
    const Folder folder;
    const fs::path target = folder.path / u8"Réponse.xlsx";
    const fs::path source = folder.path / ".Réponse.xlsx.new";
    std::ofstream(target, std::ios::binary) << "earlier";
    std::ofstream(source, std::ios::binary) << "later\r\n";
    BOOST_TEST(platform::syncToDisk(source, false));
    BOOST_TEST(platform::syncToDisk(folder.path, true));
    platform::replaceFile(source, target);
    BOOST_TEST(evidence::test::readFile(target) == "later\r\n");
    BOOST_TEST(!fs::exists(source));
}

BOOST_AUTO_TEST_CASE(a_failed_replace_leaves_the_earlier_file)
{
    const Folder folder;
    const fs::path target = folder.path / "Response.xlsx";
    std::ofstream(target, std::ios::binary) << "earlier";
    BOOST_CHECK_THROW(platform::replaceFile(folder.path / "missing.xlsx", target), std::exception);
    BOOST_TEST(evidence::test::readFile(target) == "earlier");
}

BOOST_AUTO_TEST_CASE(the_user_data_folder_is_per_user)
{
    const fs::path folder = platform::userDataFolder();
    BOOST_TEST(folder.is_absolute());
#ifdef _WIN32
    BOOST_TEST(folder.filename() == fs::path(L"Evidence Desk"));
#else
    BOOST_TEST(folder.filename() == "evidence-desk");
#endif
}

BOOST_AUTO_TEST_CASE(paths_go_to_and_from_utf8_unchanged)
{
    const std::string text = "C:/Users/Zo\xC3\xAB/Documents/R\xC3\xA9ponse \xC5\x81\xC3\xB3"
                             "d\xC5\xBA.evidence";
    const fs::path path = platform::pathFromUtf8(text);
    BOOST_TEST(path == fs::path(u8"C:/Users/Zoë/Documents/Réponse Łódź.evidence"));
    BOOST_TEST(platform::utf8(path) == text);
    BOOST_TEST(platform::utf8(path.filename()) == "R\xC3\xA9ponse \xC5\x81\xC3\xB3"
                                                  "d\xC5\xBA.evidence");
}

BOOST_AUTO_TEST_CASE(a_file_a_folder_and_nothing_are_told_apart)
{
    const Folder folder;
    const fs::path file = folder.path / fs::path(u8"Réponse.csv");
    std::ofstream(file, std::ios::binary) << "a,b\r\n";
    BOOST_TEST((platform::fileKind(file) == platform::FileKind::Regular));
    BOOST_TEST((platform::fileKind(folder.path) == platform::FileKind::Folder));
    BOOST_TEST((platform::fileKind(folder.path / "missing.csv") == platform::FileKind::Missing));
#ifdef _WIN32
    BOOST_TEST((platform::fileKind(L"NUL") == platform::FileKind::Device));
#else
    BOOST_TEST((platform::fileKind("/dev/null") == platform::FileKind::Device));
#endif
}

BOOST_AUTO_TEST_CASE(a_file_is_known_by_its_identity_under_any_name)
{
    const Folder folder;
    const fs::path a = folder.path / fs::path(u8"Réponse.evidence"), b = folder.path / "other.evidence";
    std::ofstream(a, std::ios::binary) << "a";
    std::ofstream(b, std::ios::binary) << "b";
    platform::FileIdentity idA, idA2, idB, idLink;
    BOOST_TEST(platform::fileIdentity(a, idA));
    BOOST_TEST(platform::fileIdentity(folder.path / fs::path(u8"./Réponse.evidence"), idA2));
    BOOST_TEST(platform::fileIdentity(b, idB));
    BOOST_TEST((idA == idA2));
    BOOST_TEST((idA != idB));
    fs::create_hard_link(a, folder.path / "link.evidence");
    BOOST_TEST(platform::fileIdentity(folder.path / "link.evidence", idLink));
    BOOST_TEST((idLink == idA));
    BOOST_TEST(!platform::fileIdentity(folder.path / "missing", idLink));
}

BOOST_AUTO_TEST_CASE(publishing_never_replaces_a_file)
{
    const Folder folder;
    const fs::path source = folder.path / ".new", target = folder.path / fs::path(u8"Réponse.evidence");
    std::ofstream(source, std::ios::binary) << "new";
    BOOST_TEST(platform::publishWithoutReplacing(source, target).empty());
    BOOST_TEST(evidence::test::readFile(target) == "new");
    const fs::path second = folder.path / ".second";
    std::ofstream(second, std::ios::binary) << "second";
    BOOST_TEST(!platform::publishWithoutReplacing(second, target).empty());
    BOOST_TEST(evidence::test::readFile(target) == "new");
}

BOOST_AUTO_TEST_CASE(a_folder_that_takes_files_is_not_refused)
{
    const Folder folder;
    BOOST_TEST(!platform::folderRefusesNewFiles(folder.path));
    // The check leaves nothing behind.
    BOOST_TEST(fs::is_empty(folder.path));
}

BOOST_AUTO_TEST_CASE(a_lock_file_is_held_by_one_holder_whose_note_stays_readable)
{
    const Folder folder;
    const fs::path path = folder.path / fs::path(u8"Réponse.evidence.lock");
    std::string reason;
    platform::LockFile first;
    BOOST_TEST(first.open(path, true).empty());
    BOOST_TEST((first.tryLock(reason) == platform::LockFile::Lock::Taken));
    BOOST_TEST(first.write("user=Zo\xC3\xAB\nhost=laptop\n"));

    // A second holder in this process is refused like another program, and reads the first's note.
    platform::LockFile second;
    BOOST_TEST(second.open(path, true).empty());
    BOOST_TEST((second.tryLock(reason) == platform::LockFile::Lock::HeldElsewhere));
    BOOST_TEST(second.read() == "user=Zo\xC3\xAB\nhost=laptop\n");
    platform::LockFile reader;
    BOOST_TEST(reader.open(path, false).empty());
    BOOST_TEST((reader.tryLock(reason) == platform::LockFile::Lock::HeldElsewhere));

    // Closing lets go; the next holder replaces the note.
    first.close();
    BOOST_TEST((second.tryLock(reason) == platform::LockFile::Lock::Taken));
    BOOST_TEST(second.write("user=Sam\n"));
    BOOST_TEST(reader.read() == "user=Sam\n");
    platform::LockFile missing;
    BOOST_TEST(!missing.open(folder.path / "missing.lock", false).empty());
}

BOOST_AUTO_TEST_CASE(a_held_new_file_is_swept_only_once_let_go)
{
    const Folder folder;
    const fs::path path = folder.path / fs::path(u8".Réponse.xlsx.0123abcd.part");
    std::string reason;
    platform::HeldNewFile held;
    BOOST_TEST((held.create(path, reason) == platform::HeldNewFile::Create::Held));
    // Others may write it by name while it is held (the workbook library does).
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "workbook";
    BOOST_TEST(evidence::test::readFile(path) == "workbook");
    BOOST_TEST(!platform::removeIfAbandoned(path));
    BOOST_TEST(fs::exists(path));
    platform::HeldNewFile again;
    BOOST_TEST((again.create(path, reason) == platform::HeldNewFile::Create::NameTaken));
    held.close();
    BOOST_TEST(platform::removeIfAbandoned(path));
    BOOST_TEST(!fs::exists(path));
    // A folder of that name is never removed.
    fs::create_directory(path);
    BOOST_TEST(!platform::removeIfAbandoned(path));
    BOOST_TEST(fs::is_directory(path));
}

BOOST_AUTO_TEST_CASE(a_held_file_can_be_renamed_over_the_target)
{
    const Folder folder;
    const fs::path part = folder.path / fs::path(u8".Réponse.xlsx.0123abcd.part");
    const fs::path target = folder.path / fs::path(u8"Réponse.xlsx");
    std::ofstream(target, std::ios::binary) << "earlier";
    std::string reason;
    platform::HeldNewFile held;
    BOOST_TEST((held.create(part, reason) == platform::HeldNewFile::Create::Held));
    std::ofstream(part, std::ios::binary | std::ios::trunc) << "later";
    BOOST_TEST(platform::syncToDisk(part, false));
    platform::replaceFile(part, target);
    held.close();
    BOOST_TEST(evidence::test::readFile(target) == "later");
    BOOST_TEST(!fs::exists(part));
}

#ifdef _WIN32
BOOST_AUTO_TEST_CASE(a_workbook_open_in_excel_is_left_whole_with_a_clear_message)
{
    const Folder folder;
    const fs::path target = folder.path / fs::path(u8"Réponse.xlsx");
    const fs::path source = folder.path / fs::path(u8".Réponse.xlsx.new");
    std::ofstream(target, std::ios::binary) << "earlier";
    std::ofstream(source, std::ios::binary) << "later";
    // Excel opens a workbook so: others may read it, not write, rename or delete it.
    const HANDLE excel = ::CreateFileW(target.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, nullptr,
                                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    BOOST_REQUIRE(excel != INVALID_HANDLE_VALUE);
    std::string message;
    try {
        platform::replaceFile(source, target);
    } catch (const evidence::FileError& e) {
        message = e.what();
    }
    ::CloseHandle(excel);
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find("R\xC3\xA9ponse.xlsx") != std::string::npos);
    BOOST_TEST(message.find("open in another program") != std::string::npos);
    BOOST_TEST(message.find("the earlier file is unchanged") != std::string::npos);
    BOOST_TEST(evidence::test::readFile(target) == "earlier");
    BOOST_TEST(evidence::test::readFile(source) == "later");
    // Closed in Excel, the same replace goes through.
    platform::replaceFile(source, target);
    BOOST_TEST(evidence::test::readFile(target) == "later");
}

BOOST_AUTO_TEST_CASE(the_user_data_folder_is_under_local_app_data)
{
    const wchar_t* local = ::_wgetenv(L"LOCALAPPDATA");
    BOOST_REQUIRE(local != nullptr);
    BOOST_TEST((platform::userDataFolder() == fs::path(local) / L"Evidence Desk"));
}

BOOST_AUTO_TEST_CASE(a_program_runs_with_its_exit_code)
{
    wchar_t system[MAX_PATH] = {};
    ::GetSystemDirectoryW(system, MAX_PATH);
    const std::string cmd = platform::utf8(fs::path(system) / L"cmd.exe");
    BOOST_TEST(platform::runProgram({cmd, "/c", "exit 3"}, std::chrono::seconds(60)) == 3);
    BOOST_CHECK_THROW(platform::runProgram({"C:/no such folder/soffice.exe"}, std::chrono::seconds(5)),
                      evidence::FileError);
}
#else
BOOST_AUTO_TEST_CASE(a_program_runs_with_its_exit_code_or_is_stopped)
{
    BOOST_TEST(platform::runProgram({"/bin/sh", "-c", "exit 3"}, std::chrono::seconds(60)) == 3);
    BOOST_TEST(platform::runProgram({"/bin/sh", "-c", "sleep 30"}, std::chrono::seconds(1)) == -1);
}

#endif

BOOST_AUTO_TEST_SUITE_END()
