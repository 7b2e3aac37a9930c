#include "core/errors.h"
#include "core/markers.h"

#include <boost/test/unit_test.hpp>

using evidence::Marker;
using evidence::Markers;

BOOST_AUTO_TEST_SUITE(markers)

BOOST_AUTO_TEST_CASE(parses_and_prints_canonically)
{
    const auto m = Markers::parse("[E] [p]");
    BOOST_TEST(m.has(Marker::Estimated));
    BOOST_TEST(m.has(Marker::Provisional));
    BOOST_TEST(!m.hasReplacing());
    BOOST_TEST(m.toString() == "[p][e]");
    BOOST_TEST(Markers::parse("[x]").replacingCode() == "[x]");
    BOOST_TEST(Markers::parse("[low][r]").replacingCode() == "[low]");
    BOOST_TEST(Markers::parse("").empty());
}

BOOST_AUTO_TEST_CASE(rejects_unknown_and_conflicting_codes)
{
    BOOST_CHECK_THROW(Markers::parse("[q]"), evidence::DataError);
    BOOST_CHECK_THROW(Markers::parse("x"), evidence::DataError);
    BOOST_CHECK_THROW(Markers::parse("[x"), evidence::DataError);
    BOOST_CHECK_THROW(Markers::parse("[x][c]"), evidence::DataError);
    BOOST_CHECK_THROW(Markers::parse("*"), evidence::DataError);
}

BOOST_AUTO_TEST_SUITE_END()
