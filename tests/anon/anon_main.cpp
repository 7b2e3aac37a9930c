#define BOOST_TEST_MODULE anon
#include <boost/test/unit_test.hpp>
