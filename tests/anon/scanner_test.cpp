#include "anon/scanner.h"
#include "core/errors.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <random>

namespace evidence::anon {
// Printers for Boost.Test messages.
std::ostream& operator<<(std::ostream& os, FindingKind kind)
{
    return os << kindCode(kind);
}
std::ostream& operator<<(std::ostream& os, Severity severity)
{
    return os << severityName(severity);
}
} // namespace evidence::anon

namespace anon = evidence::anon;
using anon::FindingKind;
using anon::Severity;

namespace {

std::vector<anon::Finding> scan(const std::string& text, anon::Field field = anon::Field::CaseStudyNarrative)
{
    anon::ScanContext ctx;
    ctx.field = field;
    return anon::scanText(text, ctx);
}

const anon::Finding* findKind(const std::vector<anon::Finding>& fs, FindingKind kind)
{
    const auto it = std::find_if(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; });
    return it == fs.end() ? nullptr : &*it;
}

} // namespace

BOOST_AUTO_TEST_SUITE(spans)

BOOST_AUTO_TEST_CASE(byte_and_character_spans_with_multibyte_text)
{
    // "café" (é = 2 bytes), "→" (3 bytes), "£" (2 bytes) before the number.
    const std::string text = "café → £5 then 07700 900123";
    const auto fs = scan(text);
    const auto* phone = findKind(fs, FindingKind::Phone);
    BOOST_REQUIRE(phone);
    BOOST_TEST(phone->matched == "07700 900123");
    BOOST_TEST(phone->byteBegin == text.find("07700"));
    BOOST_TEST(phone->byteBegin == 19u);
    BOOST_TEST(phone->byteEnd == text.size());
    BOOST_TEST(phone->charBegin == 15u); // 19 bytes - 1 (é) - 2 (→) - 1 (£)
    BOOST_TEST(phone->charEnd == 27u);
    BOOST_TEST(text.substr(phone->byteBegin, phone->byteEnd - phone->byteBegin) == phone->matched);
}

BOOST_AUTO_TEST_CASE(spans_cover_original_typographic_characters)
{
    // A non-breaking space inside the number and a curly apostrophe in the school name: the match is
    // found on the normalised text, but the span and matched text are the original bytes.
    const std::string text = "Zoë’s number is 07700\u00a0900123 and she goes to St Mary’s Primary School.";
    const auto fs = scan(text);
    const auto* phone = findKind(fs, FindingKind::Phone);
    BOOST_REQUIRE(phone);
    BOOST_TEST(phone->matched == "07700\u00a0900123");
    BOOST_TEST(phone->byteEnd - phone->byteBegin == 13u);
    BOOST_TEST(phone->charEnd - phone->charBegin == 12u);
    const auto* school = findKind(fs, FindingKind::School);
    BOOST_REQUIRE(school);
    BOOST_TEST(school->matched == "St Mary’s Primary School");
    BOOST_TEST(text.substr(school->byteBegin, school->byteEnd - school->byteBegin) == school->matched);
    BOOST_TEST(school->charEnd - school->charBegin == 24u);
}

BOOST_AUTO_TEST_CASE(full_width_digits_and_invalid_utf8)
{
    const std::string text = "call \uff10\uff17\uff17\uff10\uff10 900123 \xff ok";
    const auto fs = scan(text);
    const auto* phone = findKind(fs, FindingKind::Phone);
    BOOST_REQUIRE(phone);
    BOOST_TEST(phone->byteBegin == 5u);
    BOOST_TEST(phone->charBegin == 5u);
    BOOST_TEST(phone->matched == "\uff10\uff17\uff17\uff10\uff10 900123");
    BOOST_TEST(phone->charEnd == 17u);
    // Invalid bytes alone produce no finding and no exception.
    BOOST_TEST(scan(std::string("\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc")).empty());
}

BOOST_AUTO_TEST_CASE(number_at_the_very_end_of_the_text)
{
    // Regression (found by the fuzzer): the phone rule read one byte past the end here.
    const auto fs = scan("020 7946 0958");
    BOOST_REQUIRE(fs.size() == 1u);
    BOOST_TEST(fs[0].byteEnd == 13u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(contact_allow_list)

BOOST_AUTO_TEST_CASE(allowed_details_pass_only_in_the_contact_field)
{
    const std::string contact = "Policy officer, policy@example.org.uk, +44 20 7946 0958, www.example.org.uk/contact";
    anon::ScanContext ctx;
    ctx.field = anon::Field::SubmissionContact;
    ctx.allowedContacts = {"Policy@Example.org.uk", "020 7946 0958", "https://www.example.org.uk/contact/"};
    BOOST_TEST(anon::scanText(contact, ctx).empty());

    // The same details anywhere else are findings.
    for (const auto field :
         {anon::Field::SubmissionSummary, anon::Field::CaseStudyNarrative, anon::Field::AnswerText}) {
        ctx.field = field;
        const auto fs = anon::scanText(contact, ctx);
        BOOST_TEST(findKind(fs, FindingKind::Email) != nullptr);
        BOOST_TEST(findKind(fs, FindingKind::Phone) != nullptr);
        BOOST_TEST(findKind(fs, FindingKind::Url) != nullptr);
        BOOST_TEST(anon::hasBlocking(fs));
    }
}

BOOST_AUTO_TEST_CASE(unlisted_details_in_the_contact_field_are_findings)
{
    anon::ScanContext ctx;
    ctx.field = anon::Field::SubmissionContact;
    ctx.allowedContacts = {"policy@example.org.uk"};
    const auto fs = anon::scanText("jade.b@example.com, 07700 900123", ctx);
    BOOST_REQUIRE(fs.size() == 2u);
    BOOST_TEST(fs[0].kind == FindingKind::Email);
    BOOST_TEST(fs[1].kind == FindingKind::Phone);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fingerprints_and_acknowledgements)

BOOST_AUTO_TEST_CASE(fingerprint_is_kind_field_and_normalised_text)
{
    const auto a = scan("Jade said no.");
    const auto b = scan("Later, she told   Jade about it.");
    BOOST_REQUIRE(!a.empty());
    BOOST_REQUIRE(!b.empty());
    BOOST_TEST(a[0].fingerprint() == "person_name|case_study.narrative|jade");
    BOOST_TEST(a[0].fingerprint() == b[0].fingerprint()); // independent of position
    const auto c = scan("Jade said no.", anon::Field::AnswerText);
    BOOST_TEST(a[0].fingerprint() != c[0].fingerprint()); // but not of the field

    // Phone numbers are compared in E.164, so a reformatted number keeps its fingerprint.
    BOOST_TEST(anon::fingerprint(FindingKind::Phone, anon::Field::Other, "07700 900123") ==
               anon::fingerprint(FindingKind::Phone, anon::Field::Other, "+44 (0)7700-900-123"));
    BOOST_TEST(anon::fingerprint(FindingKind::Postcode, anon::Field::Other, "sw1a 1aa") ==
               anon::fingerprint(FindingKind::Postcode, anon::Field::Other, "SW1A1AA"));
    BOOST_TEST(anon::fingerprint(FindingKind::Place, anon::Field::Other, "Milton\u00a0Keynes") ==
               anon::fingerprint(FindingKind::Place, anon::Field::Other, "milton keynes"));
}

BOOST_AUTO_TEST_CASE(fingerprint_of_multibyte_number_text)
{
    // Regression (found by the fuzzer): the normalised copy must outlive the loop that reads it.
    BOOST_TEST(anon::fingerprint(FindingKind::NhsNumber, anon::Field::Other,
                                 "943\u00a0476\u2013"
                                 "5919") == "nhs_number|other|9434765919");
}

BOOST_AUTO_TEST_CASE(acknowledgements_remove_warnings_only)
{
    // "Grace" is also a word, so it is a WARN (a plain first name that is no word, "Jade", is a BLOCK).
    const std::string text = "She met Grace in Sunderland and gave him 07700 900123.";
    const auto fs = scan(text);
    BOOST_REQUIRE(fs.size() == 3u);
    const std::vector<anon::Acknowledgement> acks = {
        {FindingKind::PersonName, anon::Field::CaseStudyNarrative, "Grace"},
        {FindingKind::Place, anon::Field::AnswerText, "Sunderland"},           // another field: no effect
        {FindingKind::Phone, anon::Field::CaseStudyNarrative, "07700 900123"}, // BLOCK: cannot be acknowledged
    };
    const auto left = anon::filterAcknowledged(fs, acks);
    BOOST_REQUIRE(left.size() == 2u);
    BOOST_TEST(left[0].kind == FindingKind::Place);
    BOOST_TEST(left[1].kind == FindingKind::Phone);

    const std::vector<std::string> prints = {fs[0].fingerprint(), fs[1].fingerprint()};
    BOOST_TEST(anon::filterAcknowledged(fs, prints).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fixes)

BOOST_AUTO_TEST_CASE(apply_fixes_then_rescan)
{
    const std::string text = "Jade (born 3 March 2006) lives at 12 Elm Street, Sunderland SR2 7EE; call 07700 900123.";
    const auto fs = scan(text);
    BOOST_TEST(anon::hasBlocking(fs));
    const std::string fixed = anon::applyFixes(text, fs);
    BOOST_TEST(fixed == "Jade* (born [date of birth removed]) lives at [address removed], the North East [postcode "
                        "removed]; call [phone number removed].");
    const auto again = scan(fixed);
    BOOST_TEST(again.empty());
}

BOOST_AUTO_TEST_CASE(apply_one_fix_and_generalise_a_date)
{
    const std::string text = "It started on 3rd March 2021.";
    const auto fs = scan(text);
    BOOST_REQUIRE(fs.size() == 1u);
    BOOST_TEST(fs[0].severity == Severity::Warn);
    BOOST_TEST(anon::applyFix(text, fs[0]) == "It started on March 2021.");
}

BOOST_AUTO_TEST_CASE(edits_skip_overlaps_and_reject_bad_ranges)
{
    BOOST_TEST(anon::applyEdits("abcdef", {{4, 5, "E"}, {0, 2, "AB"}, {1, 3, "x"}}) == "ABcdEf");
    BOOST_CHECK_THROW(anon::applyEdits("abc", {{2, 9, "x"}}), evidence::Error);
    BOOST_CHECK_THROW(anon::applyEdits("abc", {{2, 1, "x"}}), evidence::Error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(pseudonyms_are_never_reported)
{
    BOOST_TEST(scan("Jade* told Gavin* and Mr Smith* that Sam*'s friend Molly* was scared.").empty());
}

BOOST_AUTO_TEST_CASE(pseudonym_collisions_warn_when_listed)
{
    anon::ScanContext ctx;
    ctx.field = anon::Field::CaseStudyTitle;
    ctx.pseudonymDenyList = {"Molly"};
    const auto fs = anon::scanText("Molly*: contact from an adult", ctx);
    BOOST_REQUIRE(fs.size() == 1u);
    BOOST_TEST(fs[0].kind == FindingKind::PersonName);
    BOOST_TEST(fs[0].severity == Severity::Warn);
    BOOST_TEST(fs[0].matched == "Molly*");
    BOOST_TEST(fs[0].rule == "name.pseudonym-collision");
}

BOOST_AUTO_TEST_CASE(containing_span_wins_and_takes_the_higher_severity)
{
    const auto fs = scan("see https://example.com/profile?contact=jade@example.com for details");
    BOOST_REQUIRE(fs.size() == 1u);
    BOOST_TEST(fs[0].kind == FindingKind::Url);
    BOOST_TEST(fs[0].severity == Severity::Block); // raised by the e-mail address inside
}

BOOST_AUTO_TEST_CASE(first_name_with_surname_or_title_is_block)
{
    const auto full = scan("She was messaged by Jade Smith.");
    BOOST_REQUIRE(full.size() == 1u);
    BOOST_TEST(full[0].matched == "Jade Smith");
    BOOST_TEST(full[0].severity == Severity::Block);
    const auto titled = scan("A teacher, Mrs Pemberton, noticed.");
    BOOST_REQUIRE(titled.size() == 1u);
    BOOST_TEST(titled[0].matched == "Mrs Pemberton");
    BOOST_TEST(titled[0].severity == Severity::Block);
}

BOOST_AUTO_TEST_CASE(towns_generalise_to_their_region)
{
    const auto fs = scan("They met in Merthyr Tydfil, then in Newcastle upon Tyne and Stoke-on-Trent.");
    BOOST_REQUIRE(fs.size() == 3u);
    BOOST_TEST(fs[0].replacement == "Wales");
    BOOST_TEST(fs[1].matched == "Newcastle upon Tyne");
    BOOST_TEST(fs[1].replacement == "the North East");
    BOOST_TEST(fs[2].replacement == "the West Midlands");
    BOOST_TEST(scan("Reading the messages, she felt sick. She lives in Reading.").size() == 1u);
    BOOST_TEST(scan("She was abused in London, in Wales and in the North East.").empty());
}

// Villages of 500 to 1,000 people (GeoNames cities500) are in the gazetteer, so they are found where no
// cue word ("in", "near") comes before them.
BOOST_AUTO_TEST_CASE(small_villages_are_found_without_a_cue)
{
    for (const std::string text : {"The 11-year-old lived at Slimbridge with her father.",
                                   "Woolacombe beach was where the 14-year-old met the man.",
                                   "Tobermory harbour was where the girl, 12, met the man."}) {
        const auto fs = scan(text);
        const auto* place = findKind(fs, FindingKind::Place);
        BOOST_TEST(place != nullptr, text);
    }
    const auto fs = scan("The 11-year-old lived at Slimbridge with her father.");
    BOOST_REQUIRE(fs.size() == 1u);
    BOOST_TEST(fs[0].matched == "Slimbridge");
    BOOST_TEST(fs[0].replacement == "the South West");
    // A village whose name is a word is found only after a cue.
    BOOST_TEST(scan("It was worth telling someone. Worth the wait.").empty());
}

// Westminster Abbey was a BLOCK that could not be acknowledged. A national landmark is a WARN, a local
// church that shares a landmark's dedication or words is still a BLOCK.
BOOST_AUTO_TEST_CASE(landmarks_warn_and_local_places_of_worship_block)
{
    for (const std::string landmark : {"Westminster Abbey", "York Minster", "St. Paul's Cathedral", "the Bath Abbey"}) {
        const auto fs = scan("The class went to " + landmark + " on a trip in Year 5.");
        const auto* f = findKind(fs, FindingKind::PlaceOfWorship);
        BOOST_REQUIRE_MESSAGE(f != nullptr, landmark);
        BOOST_TEST(f->severity == Severity::Warn, landmark);
        BOOST_TEST(f->rule == "worship.landmark", landmark);
    }
    for (const std::string local :
         {"St Paul's Church", "Westminster Road Chapel", "St Mary's Abbey", "Madina Mosque", "St Anne's Cathedral"}) {
        const auto fs = scan("She was groomed by a volunteer at " + local + " when she was 12.");
        const auto* f = findKind(fs, FindingKind::PlaceOfWorship);
        BOOST_REQUIRE_MESSAGE(f != nullptr, local);
        BOOST_TEST(f->severity == Severity::Block, local);
    }
}

BOOST_AUTO_TEST_CASE(kind_codes_round_trip)
{
    for (const auto kind : anon::allKinds()) {
        BOOST_TEST(anon::parseKindCode(anon::kindCode(kind)) == kind);
        BOOST_TEST(!anon::kindName(kind).empty());
    }
    BOOST_CHECK_THROW(anon::parseKindCode("nope"), evidence::DataError);
    BOOST_TEST(anon::severityName(Severity::Block) == "BLOCK");
    BOOST_TEST(anon::fieldCode(anon::Field::SubmissionContact) == "submission.contact");
}

// The tool writes identifiers of its own into the workbook (the submission's and store's UUIDs), and the scan
// of the written file reads them: a run of digits inside a UUID ("...-0207-9460-...") is never a phone number,
// or an export would be refused by chance.
BOOST_AUTO_TEST_CASE(digits_inside_a_uuid_are_no_phone_number)
{
    std::mt19937 random(20191206);
    std::uniform_int_distribution<int> digit(0, 9), hexDigit(0, 15);
    std::string text;
    for (int n = 0; n < 20000; ++n) {
        std::string id = "xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx";
        for (char& c : id)
            if (c == 'x') // mostly decimal digits, where phone-like runs are most likely
                c = "0123456789abcdef"[n % 2 ? digit(random) : hexDigit(random)];
        text += "Submission " + id + ".\n";
    }
    for (const auto& f : scan(text, anon::Field::SubmissionSummary))
        BOOST_TEST(f.kind != FindingKind::Phone, "'" << f.matched << "' taken for a phone number");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(forms_not_seen_before)

// A name with an accent is the name without it; the finding spans the caller's bytes, accent included.
BOOST_AUTO_TEST_CASE(letters_with_accents_are_the_letters_they_are_written_with)
{
    const std::string text = "Staff later learned that Siobhán, who was 14, had been added to the group.";
    const auto fs = scan(text);
    const auto* name = findKind(fs, FindingKind::PersonName);
    BOOST_REQUIRE(name);
    BOOST_TEST(name->matched == "Siobhán");
    BOOST_TEST(name->severity == Severity::Block);
    BOOST_TEST(name->charEnd - name->charBegin == 7u);
    // The list's own accented entries still match, with or without the accent.
    for (const std::string zoe : {"She told Zoë about the messages.", "She told Zoe about the messages."})
        BOOST_TEST(findKind(scan(zoe), FindingKind::PersonName) != nullptr, zoe);
    const auto family = scan("The Wiśniewski family had moved to the area only months before.");
    BOOST_TEST(findKind(family, FindingKind::PersonName) != nullptr);
}

BOOST_AUTO_TEST_CASE(identity_numbers_with_dots_or_dashes)
{
    const auto nhs = scan("Her NHS number (943.476.5919) appeared on the discharge letter.");
    BOOST_REQUIRE(findKind(nhs, FindingKind::NhsNumber));
    BOOST_TEST(findKind(nhs, FindingKind::NhsNumber)->severity == Severity::Block);
    const auto ni = scan("His National Insurance number, JK-55-12-93-C, was on the payslip she found.");
    BOOST_REQUIRE(findKind(ni, FindingKind::NiNumber));
    BOOST_TEST(findKind(ni, FindingKind::NiNumber)->matched == "JK-55-12-93-C");
    const auto plate = scan("He picked her up in a silver Corsa, reg YK19.OHV.");
    BOOST_REQUIRE(findKind(plate, FindingKind::VehicleRegistration));
    BOOST_TEST(findKind(plate, FindingKind::VehicleRegistration)->matched == "YK19.OHV");
}

BOOST_AUTO_TEST_CASE(a_date_of_birth_with_the_day_in_words)
{
    const auto fs = scan("She was born on the twenty-third of May 2009.");
    const auto* date = findKind(fs, FindingKind::Date);
    BOOST_REQUIRE(date);
    BOOST_TEST(date->severity == Severity::Block);
    BOOST_TEST(date->matched == "the twenty-third of May 2009");
    BOOST_TEST(!findKind(scan("The consultation closed on the first of July 2019."), FindingKind::Date));
}

BOOST_AUTO_TEST_CASE(user_names_by_their_shape)
{
    for (const std::string text : {"On discord he was shadowfang_2k and claimed to be 15.",
                                   "She knew him only as 'ghostrider_88' from a gaming forum.",
                                   "He went by NightOwl#4471 and ran a server for younger players."}) {
        const auto fs = scan(text);
        const auto* h = findKind(fs, FindingKind::SocialHandle);
        BOOST_REQUIRE_MESSAGE(h, text);
        BOOST_TEST(h->severity == Severity::Block, text);
    }
    BOOST_TEST(findKind(scan("He went by NightOwl#4471 online."), FindingKind::SocialHandle)->matched ==
               "NightOwl#4471");
    // Not user names: a hashtag, an e-mail address (its own finding), Excel's print titles, a link's path.
    BOOST_TEST(!findKind(scan("The campaign used #SaferInternetDay2019 and #1234."), FindingKind::SocialHandle));
    const auto mail = scan("Write to lily_x@example.com for the pack.");
    BOOST_TEST(!findKind(mail, FindingKind::SocialHandle));
    BOOST_TEST(findKind(mail, FindingKind::Email) != nullptr);
    BOOST_TEST(scan("'Table 1'!Print_Titles", anon::Field::Other).empty());
    BOOST_TEST(!findKind(scan("See https://example.org/safety_centre/help for advice."), FindingKind::SocialHandle));
}

BOOST_AUTO_TEST_SUITE_END()
