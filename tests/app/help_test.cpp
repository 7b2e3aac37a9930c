#include "app/help.h"
#include "core/trends/methodology.h"

#include <boost/test/unit_test.hpp>
#include <string>

using evidence::app::howToText;
using evidence::app::markdownHtml;

BOOST_AUTO_TEST_SUITE(help)

BOOST_AUTO_TEST_CASE(markdown_becomes_headings_and_escaped_paragraphs)
{
    const std::string html = markdownHtml("# Notes & sums\n\nIntro with **bold** and `a<b`.\n\n## Rates\n\n"
                                          "- first item\n- second item\n\n| Code | Meaning |\n|---|---|\n"
                                          "| [x] | not available |\n");
    BOOST_TEST(html.starts_with("<html><body><h2>Notes &amp; sums</h2>"));
    BOOST_TEST(html.find("<p>Intro with bold and a&lt;b.</p>") != std::string::npos);
    BOOST_TEST(html.find("<h3>Rates</h3><p>first item</p><p>second item</p>") != std::string::npos);
    BOOST_TEST(html.find("<p>[x]: not available</p>") != std::string::npos);
    BOOST_TEST(html.find("**") == std::string::npos);
    BOOST_TEST(html.find('`') == std::string::npos);
    BOOST_TEST(html.ends_with("</body></html>"));
}

BOOST_AUTO_TEST_CASE(the_methodology_and_the_how_to_have_no_markdown_left)
{
    for (const std::string& html : {markdownHtml(evidence::methodologyText()), markdownHtml(howToText())}) {
        BOOST_TEST(html.find("<h3>") != std::string::npos);
        BOOST_TEST(html.find("\n#") == std::string::npos);
        BOOST_TEST(html.find("**") == std::string::npos);
        BOOST_TEST(html.find("](") == std::string::npos);
    }
    BOOST_TEST(markdownHtml(howToText()).find("<h3>7. Export</h3>") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
