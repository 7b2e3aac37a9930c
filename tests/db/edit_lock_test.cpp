// The edit lock and a store held twice in one process: the locks that keep two editors from one store.
#include "core/errors.h"
#include "db/edit_lock.h"
#include "support/store_fixture.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace evidence;

namespace {
/// The lines of /proc/locks for this process's POSIX locks on @p path, without their ordinal, so that a
/// failure shows the byte ranges locked.
std::vector<std::string> posixLocksOn(const std::filesystem::path& path)
{
    struct stat st
    {
    };
    std::vector<std::string> locks;
    if (::stat(path.c_str(), &st) != 0)
        return locks;
    std::ifstream in("/proc/locks");
    std::string line;
    while (std::getline(in, line))
        if (line.find("POSIX") != std::string::npos &&
            line.find(" " + std::to_string(::getpid()) + " ") != std::string::npos &&
            line.find(":" + std::to_string(st.st_ino) + " ") != std::string::npos)
            locks.push_back(line.substr(line.find(':') + 1));
    return locks;
}

std::string described(const std::vector<std::string>& locks)
{
    std::string out;
    for (const auto& l : locks)
        out += "\n" + l;
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(edit_safety)

BOOST_AUTO_TEST_CASE(the_edit_lock_is_exclusive_and_names_its_holder)
{
    test::TempDir dir;
    const auto path = dir.file("locked.evidence");
    {
        auto first = db::EditLock::acquire(path, "jane");
        try {
            db::EditLock::acquire(path, "joe");
            BOOST_FAIL("a second editor got the lock");
        } catch (const BusyError& e) {
            const std::string what = e.what();
            BOOST_TEST(what.find("already open for editing by jane") != std::string::npos, what);
            BOOST_TEST(what.find("process " + std::to_string(::getpid())) != std::string::npos, what);
        }
    }
    BOOST_CHECK_NO_THROW(db::EditLock::acquire(path, "joe")); // released with its holder
}

BOOST_AUTO_TEST_CASE(opening_a_store_this_process_holds_keeps_its_locks)
{
    test::StoreFixture f;
    f.store.sources();
    const auto before = posixLocksOn(f.path);
    BOOST_TEST(!before.empty());
    {
        const db::Store second = db::Store::open(f.path, db::OpenMode::ReadOnly);
        BOOST_TEST(second.sources().size() == f.store.sources().size());
    }
    const auto after = posixLocksOn(f.path);
    BOOST_TEST(after.size() == before.size(), "before:" << described(before) << "\nafter:" << described(after));
}

BOOST_AUTO_TEST_SUITE_END()
