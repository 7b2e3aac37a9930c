// Worst-case inputs for the scanner: printed, not asserted (times depend on the machine). The linearity of the
// scan is checked by anon_linearity (linearity_main.cpp), which fails beyond its bound.
// A separate executable (label "anon perf", not "unit") because these scans take seconds in a Debug build.

#define BOOST_TEST_MODULE anon_perf
#include "long_text.h"

#include <boost/test/unit_test.hpp>
#include <iostream>

using namespace evidence::test;

BOOST_AUTO_TEST_CASE(pathological_one_megabyte_inputs)
{
    // Inputs aimed at each rule's worst case: long digit runs, separators, capitalised words, a link with
    // no end, '@' runs, hex-and-colon runs, Title-case runs, unbroken letters.
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"digits", std::string(1 << 20, '7')},
        {"digit groups", repeatTo("07700 ", 1 << 20)},
        {"spaces", std::string(1 << 20, ' ')},
        {"letters", std::string(1 << 20, 'a')},
        {"at signs", std::string(1 << 20, '@')},
        {"endless link", "https://" + std::string(1 << 20, 'x')},
        {"hex and colons", repeatTo("ab:", 1 << 20)},
        {"title case", repeatTo("Jade Smith Riverside ", 1 << 20)},
        {"school words", repeatTo("Saint Mary Of The High ", 1 << 20)},
        {"dots and digits", repeatTo("1.2.", 1 << 20)},
        {"multibyte", repeatTo("é→£", 1 << 20)},
        {"invalid utf-8", std::string(1 << 20, '\xff')},
        {"star names", repeatTo("Jade* ", 1 << 20)},
    };
    for (const auto& [name, text] : inputs) {
        std::size_t n = 0;
        const double s = secondsToScan(text, &n);
        std::cout << "scan 1 MB of " << name << ": " << s << " s, " << n << " findings\n";
    }
    BOOST_TEST(true);
}
