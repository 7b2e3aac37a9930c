// Long inputs: the scanner must finish on 1 MB and 10 MB of text without crashing or going quadratic.
// Times are printed, not asserted (they depend on the machine and the build type).

#include "long_text.h"

#include <boost/test/unit_test.hpp>
#include <iostream>

using namespace evidence::test;

BOOST_AUTO_TEST_CASE(one_megabyte_of_case_study_text)
{
    const std::string text = repeatTo(kDenseParagraph, 1 << 20);
    std::size_t n = 0;
    const double s = secondsToScan(text, &n);
    std::cout << "scan 1 MB of case-study text: " << s << " s, " << n << " findings\n";
    BOOST_TEST(n > 1000u);
}
