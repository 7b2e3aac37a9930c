#include "core/platform.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

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

std::string contents(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

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
    BOOST_TEST(contents(file) == "earlier");
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
    BOOST_TEST(contents(target) == "later\r\n");
    BOOST_TEST(!fs::exists(source));
}

BOOST_AUTO_TEST_CASE(a_failed_replace_leaves_the_earlier_file)
{
    const Folder folder;
    const fs::path target = folder.path / "Response.xlsx";
    std::ofstream(target, std::ios::binary) << "earlier";
    BOOST_CHECK_THROW(platform::replaceFile(folder.path / "missing.xlsx", target), std::exception);
    BOOST_TEST(contents(target) == "earlier");
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

BOOST_AUTO_TEST_SUITE_END()
