// The prefilter (src/anon/prefilter.h) must not change what the scanner finds: every rule searches only
// the windows built from its triggers, and these tests compare that with every pattern searching the whole
// text, on the labelled corpus, the fuzz seeds and generated text. A pattern edited without its window
// bound or cue words fails here.

#include "../fuzz/scan_settings.h"
#include "anon/rules.h"
#include "support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <random>
#include <sstream>

namespace anon = evidence::anon;

namespace {

std::string describe(const std::vector<anon::Finding>& findings)
{
    std::ostringstream out;
    for (const auto& f : findings)
        out << f.byteBegin << '-' << f.byteEnd << " (" << f.charBegin << '-' << f.charEnd << ") "
            << anon::kindCode(f.kind) << ' ' << anon::severityName(f.severity) << ' ' << f.rule << " '" << f.matched
            << "' " << f.reason << " -> " << f.replacement << " / " << f.suggestion << '\n';
    return out.str();
}

/// Scans @p text both ways under each field and list setting and requires the same findings.
void requireSameFindings(const std::string& text, const std::string& label)
{
    for (unsigned control = 0; control < 8; control += 3) {
        const anon::ScanContext ctx = evidence::test::scanSettings(control);
        const std::string fast = describe(anon::detail::scan(text, ctx, true));
        const std::string reference = describe(anon::detail::scan(text, ctx, false));
        BOOST_REQUIRE_MESSAGE(fast == reference, label << " (setting " << control << "): prefiltered\n"
                                                       << fast << "whole text\n"
                                                       << reference << "in: " << text);
    }
}

std::vector<std::filesystem::path> filesIn(const std::filesystem::path& dir)
{
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(dir))
        return files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

BOOST_AUTO_TEST_CASE(prefilter_keeps_every_finding_of_the_corpus_and_fuzz_seeds)
{
    std::vector<std::filesystem::path> files = filesIn(EVIDENCE_SOURCE_DIR "/tests/data/anon");
    // The scanner's fuzz seeds (tests/fuzz/corpus/anon, or tests/fuzz/corpus in older trees).
    for (const char* dir : {EVIDENCE_SOURCE_DIR "/tests/fuzz/corpus/anon", EVIDENCE_SOURCE_DIR "/tests/fuzz/corpus"})
        for (const auto& f : filesIn(dir))
            files.push_back(f);
    for (const auto& path : files) {
        const std::string content = evidence::test::readFile(path);
        requireSameFindings(content, path.filename().string());
        std::istringstream lines(content);
        std::string line;
        int n = 0;
        while (std::getline(lines, line)) {
            ++n;
            const auto a = line.find('\t');
            const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
            const auto c = b == std::string::npos ? b : line.find('\t', b + 1);
            // The text column of a corpus row on its own, as the corpus test scans it.
            const std::string text = b == std::string::npos ? line : line.substr(b + 1, c - b - 1);
            requireSameFindings(text, path.filename().string() + ":" + std::to_string(n));
        }
    }
}

BOOST_AUTO_TEST_CASE(prefilter_keeps_every_finding_of_generated_text)
{
    // Pieces that trigger every rule, its cue words in other cases and places, and the characters that
    // RE2 case-folds to ASCII letters (U+017F long s, U+212A Kelvin sign).
    static const char* const pieces[] = {
        "Jade", "Smith", "Molly*", "at", "went to", "St", "St.", "Saint", "Anne's", "Riverside", "Academy", "School",
        "school", "College", "Sixth Form", "High", "Primary", "Grammar", "Ysgol", "y", "Bryn", "Street", "Road", "Rd",
        "Elm", "Sunderland", "Reading", "in", "March", "may", "11", "3rd", "of", "June", "2019", "12/03/2019",
        "2019-03-12T10:00:00.123456+01:00", "07700", "900123", "020 7946 0958", "+44", "(0)", "+1 202 555 0143",
        "0033 1 42 68 53 00", "@", "@jay_2006", "jade.smith@example.co.uk", "snapchat", "Snap", "INSTAGRAM", "tik tok",
        "is", "was", ":", "-", "\"", "'", "https://", "http://www.example.org/a?b=c", "www.", "example.org", "/",
        "x.com/jade_", "instagram.com/", "help", ".", ",", "\n", "AB 12 34 56 C", "AB123456", "nino", "SW1A 1AA", "M1",
        "postcode", "born", "dob", "943 476 5919", "NHS", "4111 1111 1111 1111", "192.168.1.1", "version",
        "2001:db8::1", "fe80::1%", "passport", "XY1234567", "123456789", "MORGA753116SM9IJ", "licence", "AB51 ABC",
        "A123 BCD", "ABC 123D", "car", "Mr", "Mrs", "Dr.", "Sgt", "Councillor", "called", "known as", "calls herself",
        "Kai", "O'Brien", "Smith-Jones", "McDonald", "New", "York", "Newcastle upon Tyne", "near", "lives", "12a,",
        "the", "The", "her", "and", "&", "C of E", "caf\xc3\xa9", "\xe2\x80\x99", "\xc2\xa0", "\xef\xbc\x91",
        "\xe2\x80\x8b", "\xff", "\xc5\xbf", "\xe2\x84\xaa", "\xc5\xbfnapchat", "\xe2\x84\xaaik", "in\xc5\xbftagram",
        "Snapchat:", "wa.me/447700900123",
        // Split so that "e" does not continue the hex escape.
        ("u\xc5\xbf"
         "er@example.com"),
        "1\xe2\x84\xaa"};
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
    std::uniform_int_distribution<int> length(1, 40);
    std::uniform_int_distribution<int> gap(0, 5);
    for (int i = 0; i < 1500; ++i) {
        std::string text;
        const int n = length(rng);
        for (int j = 0; j < n; ++j) {
            text += pieces[pick(rng)];
            const int g = gap(rng);
            if (g > 1)
                text += ' ';
            else if (g == 1)
                text += "  ";
        }
        requireSameFindings(text, "generated text " + std::to_string(i));
    }
}

BOOST_AUTO_TEST_CASE(letter_runs_end_at_the_first_byte_that_is_no_ascii_letter)
{
    // Every byte value at every place of a run of letters, eight bytes at a time and in the tail: the byte
    // after 'Z', before 'a', its letter with bit 5 set ('@' → '`'), and non-ASCII bytes whose low seven bits are
    // a letter (0xC1) must each end the run.
    const auto byByte = [](std::string_view text, std::size_t i) {
        while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')))
            ++i;
        return i;
    };
    for (int b = 0; b < 256; ++b) {
        for (std::size_t length = 1; length <= 20; ++length) {
            for (std::size_t at = 0; at < length; ++at) {
                std::string text(length, 'q');
                text[length / 2] = 'Q';
                text[at] = static_cast<char>(b);
                for (const std::size_t from : {std::size_t{0}, std::size_t{1}})
                    BOOST_REQUIRE_EQUAL(anon::detail::endOfAsciiLetters(text, from), byByte(text, from));
            }
        }
    }
}
