// The store, its edit lock and CSV import where Windows differs from Linux: a user's folder with spaces
// and letters outside ASCII, Windows line ends, locks held by open handles. Run on both systems.
#define BOOST_TEST_MODULE platform_files
#include "core/errors.h"
#include "core/platform.h"
#include "csv/csv_reader.h"
#include "db/edit_lock.h"
#include "db/store.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace evidence;

namespace {

const std::string kZoe = "Zo\xC3\xAB";         // Zoë, UTF-8
const std::string kReponse = "R\xC3\xA9ponse"; // Réponse, UTF-8

/// C:\Users\Zoë\Documents\<fresh folder> on Windows, as an officer's own documents; the same names
/// under the temporary folder elsewhere.
struct UserDocuments
{
    UserDocuments()
    {
        const auto stamp = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
#ifdef _WIN32
        const char* drive = std::getenv("SystemDrive");
        const fs::path base = platform::pathFromUtf8(std::string(drive ? drive : "C:") + "\\Users\\" + kZoe);
#else
        const fs::path base = fs::temp_directory_path() / platform::pathFromUtf8("Users " + kZoe);
#endif
        path = base / "Documents" / ("Evidence test " + stamp);
        fs::create_directories(path);
    }
    ~UserDocuments()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path path;
};

} // namespace

BOOST_AUTO_TEST_SUITE(platform_files)

BOOST_AUTO_TEST_CASE(a_store_lives_in_a_folder_with_spaces_and_accents)
{
    const UserDocuments docs;
    const fs::path path = docs.path / platform::pathFromUtf8(kReponse + ".evidence");
    {
        auto store = db::Store::create(path);
    }
    // Under exactly that name (not the bytes of its UTF-8 read in another code page), and nothing else.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(docs.path))
        names.push_back(platform::utf8(entry.path().filename()));
    BOOST_TEST(names.size() == 1u);
    BOOST_TEST(names.front() == kReponse + ".evidence");
    auto reopened = db::Store::open(path, db::OpenMode::ReadWrite);
    BOOST_TEST(platform::utf8(reopened.path().filename()) == kReponse + ".evidence");
}

BOOST_AUTO_TEST_CASE(a_refused_file_is_named_in_utf8)
{
    const UserDocuments docs;
    const fs::path path = docs.path / platform::pathFromUtf8(kReponse + ".evidence");
    std::ofstream(path, std::ios::binary) << "not a store\r\n";
    std::string message;
    try {
        db::Store::open(path, db::OpenMode::ReadOnly);
    } catch (const FileError& e) {
        message = e.what();
    }
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find(kZoe) != std::string::npos);
    BOOST_TEST(message.find(kReponse + ".evidence: it is not an Evidence Desk store") != std::string::npos);
    BOOST_TEST(evidence::test::readFile(path) == "not a store\r\n");
}

BOOST_AUTO_TEST_CASE(one_editor_holds_the_store_and_is_named_to_the_next)
{
    const UserDocuments docs;
    const fs::path path = docs.path / platform::pathFromUtf8(kReponse + ".evidence");
    db::Store::create(path);
    std::string message;
    {
        auto first = db::EditLock::acquire(path, kZoe, "Evidence Desk");
        try {
            db::EditLock::acquire(path, "Sam", "evidence-cli");
        } catch (const BusyError& e) {
            message = e.what();
        }
    }
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find("already open for editing by " + kZoe + " on " + platform::hostName()) !=
               std::string::npos);
    BOOST_TEST(message.find("(Evidence Desk, process " + std::to_string(platform::processId()) + ")") !=
               std::string::npos);
    // Let go with its holder, however that ends.
    BOOST_CHECK_NO_THROW(db::EditLock::acquire(path, "Sam", "evidence-cli"));
    BOOST_TEST(fs::exists(db::EditLock::lockPath(path)));
}

BOOST_AUTO_TEST_CASE(windows_line_ends_are_read_as_line_ends)
{
    const UserDocuments docs;
    const fs::path path = docs.path / platform::pathFromUtf8(kReponse + " figures.csv");
    std::ofstream(path, std::ios::binary) << "area,count,note\r\nDorset,12,\r\n\r\n\"Wiltshire\",7,\"two\r\nlines\"\r\n"
                                             "Kent,3,last";
    csv::Reader reader(path);
    BOOST_TEST(reader.displayName() == kReponse + " figures.csv");
    csv::Record r;
    BOOST_REQUIRE(reader.next(r));
    BOOST_TEST(r.line == 1u);
    BOOST_TEST(r.fields.back() == "note");
    BOOST_REQUIRE(reader.next(r));
    BOOST_TEST(r.line == 2u);
    BOOST_TEST(r.fields.size() == 3u);
    BOOST_TEST(r.fields[1] == "12");
    BOOST_TEST(r.fields[2] == "");
    BOOST_REQUIRE(reader.next(r));
    BOOST_TEST(r.line == 4u);
    BOOST_TEST(r.fields[0] == "Wiltshire");
    BOOST_TEST(r.fields[2] == "two\r\nlines");
    BOOST_REQUIRE(reader.next(r));
    BOOST_TEST(r.line == 6u);
    BOOST_TEST(r.fields[2] == "last");
    BOOST_TEST(!reader.next(r));
}

BOOST_AUTO_TEST_CASE(a_folder_is_not_read_as_a_csv_file)
{
    const UserDocuments docs;
    std::string message;
    try {
        csv::Reader reader(docs.path);
    } catch (const FileError& e) {
        message = e.what();
    }
    BOOST_TEST(message.find("is a folder, not a CSV file") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
