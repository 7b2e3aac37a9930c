#define BOOST_TEST_MODULE trends
#include <boost/test/unit_test.hpp>
