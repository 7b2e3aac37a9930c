#define BOOST_TEST_MODULE db
#include <boost/test/unit_test.hpp>
