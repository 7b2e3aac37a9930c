#include "core/trends/figure.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

using namespace evidence::trends;

BOOST_AUTO_TEST_SUITE(figure)

BOOST_AUTO_TEST_CASE(holds_a_finite_value)
{
    const Figure f = Figure::of(1.5);
    BOOST_TEST(f.computable());
    BOOST_TEST(f.value() == 1.5);
    BOOST_TEST(f.code().empty());
    BOOST_TEST(f.reason().empty());
    BOOST_TEST(f.display() == "1.5");
    BOOST_TEST(f.displayPercent() == "150.0%");
}

BOOST_AUTO_TEST_CASE(never_holds_nan_or_infinity)
{
    for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                       -std::numeric_limits<double>::infinity()}) {
        const Figure f = Figure::of(bad);
        BOOST_TEST(!f.computable());
        BOOST_TEST(f.code() == "[z]");
        BOOST_TEST(!f.reason().empty());
    }
}

BOOST_AUTO_TEST_CASE(not_computable_carries_code_and_reason)
{
    const Figure f = Figure::notComputable(code::kSuppressed, "the 2015/16 figure is suppressed [c]");
    BOOST_TEST(!f.computable());
    BOOST_TEST(f.code() == "[c]");
    BOOST_TEST(f.reason() == "the 2015/16 figure is suppressed [c]");
    BOOST_TEST(f.display() == "[c]");
    BOOST_TEST(f.displayPercent() == "[c]");
    BOOST_TEST(f.valueOr(-1) == -1);
    BOOST_CHECK_THROW(f.value(), std::logic_error);
    BOOST_TEST(!Figure().computable());
    BOOST_TEST(Figure().code() == "[x]");
}

BOOST_AUTO_TEST_CASE(compares_by_value_or_by_code_and_reason)
{
    const Figure zero = Figure::of(0.0);
    BOOST_TEST((zero == Figure::of(-0.0)));
    BOOST_TEST(!(zero == Figure()));
    BOOST_TEST(!(Figure() == zero));
    BOOST_TEST((Figure() == Figure::notComputable(code::kMissing, "")));
    const Figure c = Figure::notComputable(code::kSuppressed, "suppressed");
    BOOST_TEST((c == Figure::notComputable(code::kSuppressed, "suppressed")));
    BOOST_TEST(!(c == Figure::notComputable(code::kSuppressed, "hidden")));
    BOOST_TEST(!(c == Figure::notComputable(code::kZero, "suppressed")));
    BOOST_TEST(!(c == Figure()));

    // Copies keep their code and reason after the original has gone.
    Figure copy;
    {
        Figure original = Figure::notComputable(code::kZero, "the base is zero");
        copy = original;
        Figure moved = std::move(original);
        BOOST_TEST((moved == copy));
    }
    BOOST_TEST(copy.code() == "[z]");
    BOOST_TEST(copy.reason() == "the base is zero");
    copy = Figure::of(2.0);
    BOOST_TEST(copy.code().empty());
    BOOST_TEST(copy.reason().empty());

    // A million of them sit in a large analysis: a figure stays three words.
    BOOST_TEST(sizeof(Figure) <= 3 * sizeof(void*));
}
BOOST_AUTO_TEST_CASE(formats_numbers)
{
    BOOST_TEST(Figure::of(8224).display() == "8,224");
    BOOST_TEST(Figure::of(-0.0).display() == "0");
    BOOST_TEST(Figure::of(-0.001).display() == "0");
    BOOST_TEST(Figure::of(-54).display() == "-54");
    BOOST_TEST(formatFull(0.1) == "0.1");
    BOOST_TEST(formatFull(82) == "82");
    BOOST_TEST(std::stod(formatFull(82.0 / 28.0)) == 82.0 / 28.0);
}

BOOST_AUTO_TEST_CASE(derived_codes_follow_the_input_marker)
{
    using evidence::Markers;
    BOOST_TEST(derivedCode(Markers::parse("[c]")) == "[c]");
    BOOST_TEST(derivedCode(Markers::parse("[z]")) == "[z]");
    BOOST_TEST(derivedCode(Markers::parse("[x]")) == "[x]");
    BOOST_TEST(derivedCode(Markers::parse("[low]")) == "[x]");
    BOOST_TEST(derivedCode(Markers{}) == "[x]");
}

BOOST_AUTO_TEST_SUITE_END()
