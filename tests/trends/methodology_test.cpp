#include "core/trends/methodology.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(methodology)

BOOST_AUTO_TEST_CASE(embedded_text_is_the_document)
{
    const std::string_view text = evidence::methodologyText();
    BOOST_TEST(text == evidence::test::readFile(evidence::test::sourcePath("docs/methodology.md")));
}

BOOST_AUTO_TEST_CASE(defines_every_figure_and_rule)
{
    const std::string_view text = evidence::methodologyText();
    for (const char* needle : {"# Methodology",
                               "Absolute change",
                               "Percentage change",
                               "Fold change",
                               "Compound annual rate",
                               "Slope per year and R²",
                               "confidence interval",
                               "1.96",
                               "Poisson",
                               "Under-recording",
                               "1 April 2015",
                               "Like-for-like",
                               "from the 40 of 44 forces that responded",
                               "Coverage threshold",
                               "`[u]`",
                               "British Transport Police",
                               "Partial breakdowns",
                               "4,042",
                               "8,224",
                               "Rates per 10,000",
                               "Not recorded",
                               "Median",
                               "`[x]`",
                               "`[c]`",
                               "`[z]`",
                               "`[s]`",
                               "`[ns]`",
                               "based on 40 of 44 forces"}) {
        BOOST_TEST_CONTEXT(needle)
        {
            BOOST_TEST(text.find(needle) != std::string_view::npos);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
