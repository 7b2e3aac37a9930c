// csv::Prefetcher parses on a thread of its own: the caller must see exactly what csv::Reader gives,
// in order, with the same error after the same records, and the file's SHA-256 once done.

#include "core/errors.h"
#include "csv/csv_reader.h"
#include "csv/prefetch.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

using namespace evidence;

namespace {

// Many more records than one hand-over holds, with quoted commas and newlines moving the lines.
std::string manyRecords(std::size_t n)
{
    std::string data = "a,b\n";
    for (std::size_t i = 0; i < n; ++i)
        data += i % 7 == 0 ? std::to_string(i) + ",\"two\nlines, quoted\"\n" : std::to_string(i) + ",x\n";
    return data;
}

std::vector<csv::Record> readAll(csv::Reader& reader)
{
    std::vector<csv::Record> out;
    csv::Record r;
    while (reader.next(r))
        out.push_back(r);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(prefetch)

BOOST_AUTO_TEST_CASE(records_lines_and_checksum_are_the_readers)
{
    const std::string data = manyRecords(5000);
    csv::Reader plain(data, "plain.csv");
    const auto want = readAll(plain);
    const std::string wantSha = plain.sha256();

    csv::Reader reader(data, "prefetched.csv");
    csv::Prefetcher rows(reader);
    csv::Record r;
    std::size_t i = 0;
    while (rows.next(r)) {
        BOOST_REQUIRE_LT(i, want.size());
        BOOST_TEST(r.line == want[i].line);
        BOOST_TEST(r.fields == want[i].fields, boost::test_tools::per_element());
        ++i;
    }
    BOOST_TEST(i == want.size());
    BOOST_TEST(!rows.next(r)); // stays at the end
    rows.finish();
    BOOST_TEST(reader.sha256() == wantSha);
    BOOST_TEST(reader.bytesRead() == data.size());
}

BOOST_AUTO_TEST_CASE(an_error_comes_after_every_record_before_it)
{
    std::string data = manyRecords(3000);
    data += "bad,caf\xe9\n"; // not UTF-8
    data += "9999,never read\n";
    std::string expected;
    std::size_t before = 0;
    {
        csv::Reader plain(data, "broken.csv");
        csv::Record r;
        try {
            while (plain.next(r))
                ++before;
        } catch (const DataError& e) {
            expected = e.what();
        }
    }
    BOOST_REQUIRE(!expected.empty());

    csv::Reader reader(data, "broken.csv");
    csv::Prefetcher rows(reader);
    csv::Record r;
    std::size_t got = 0;
    try {
        while (rows.next(r))
            ++got;
        BOOST_ERROR("no error");
    } catch (const DataError& e) {
        BOOST_TEST(std::string(e.what()) == expected);
    }
    BOOST_TEST(got == before);
}

BOOST_AUTO_TEST_CASE(stopping_early_does_not_wait_for_the_whole_file)
{
    const std::string data = manyRecords(200000);
    csv::Reader reader(data, "long.csv");
    {
        csv::Prefetcher rows(reader);
        csv::Record r;
        for (int i = 0; i < 10; ++i)
            BOOST_REQUIRE(rows.next(r));
    } // the thread stops after the batch it is parsing
    BOOST_TEST(reader.bytesRead() < data.size());
}

BOOST_AUTO_TEST_SUITE_END()
