#define BOOST_TEST_MODULE csv
#include <boost/test/unit_test.hpp>
