#include "anon/checks.h"
#include "anon/normalise.h"

#include <boost/test/unit_test.hpp>

namespace anon = evidence::anon;
namespace checks = evidence::anon::checks;

BOOST_AUTO_TEST_SUITE(validators)

BOOST_AUTO_TEST_CASE(nhs_mod11)
{
    BOOST_TEST(checks::nhsNumberValid("943 476 5919")); // Wikipedia's worked example
    BOOST_TEST(checks::nhsNumberValid("401-023-2137")); // Presidio test
    BOOST_TEST(checks::nhsNumberValid("999 590 8301"));
    BOOST_TEST(!checks::nhsNumberValid("401-023-2138")); // bad check digit
    BOOST_TEST(!checks::nhsNumberValid("987 654 4321")); // NHS format example, fails mod-11
    BOOST_TEST(!checks::nhsNumberValid("1234567890"));   // check digit would be 10
    BOOST_TEST(!checks::nhsNumberValid("94347659191"));  // 11 digits
    BOOST_TEST(checks::allSameDigit("9999999999"));
    BOOST_TEST(!checks::allSameDigit("9999999998"));
}

BOOST_AUTO_TEST_CASE(luhn)
{
    BOOST_TEST(checks::luhnValid("4111 1111 1111 1111"));
    BOOST_TEST(checks::luhnValid("378282246310005"));
    BOOST_TEST(!checks::luhnValid("4111 1111 1111 1112"));
    BOOST_TEST(!checks::luhnValid(""));
}

BOOST_AUTO_TEST_CASE(nino_prefix_and_licence_field)
{
    for (const char* banned : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "bg", "nt"})
        BOOST_TEST(!checks::ninoPrefixAllowed(banned), banned);
    BOOST_TEST(checks::ninoPrefixAllowed("AB"));
    BOOST_TEST(checks::drivingLicenceSurnameValid("MORGA607054SM9IJ"));
    BOOST_TEST(checks::drivingLicenceSurnameValid("LEE99751015JA8XY"));
    BOOST_TEST(!checks::drivingLicenceSurnameValid("99999607054SM9IJ"));
    BOOST_TEST(!checks::drivingLicenceSurnameValid("MO9GA607054SM9IJ"));
}

BOOST_AUTO_TEST_CASE(uk_phone_rules)
{
    BOOST_TEST(checks::ukNationalDigitsPlausible("07700900461"));
    BOOST_TEST(!checks::ukNationalDigitsPlausible("0770090046"));  // mobile too short
    BOOST_TEST(!checks::ukNationalDigitsPlausible("06700900461")); // 06 unused
    BOOST_TEST(checks::ukNationalDigitsPlausible("0800123456"));   // old 0800 numbers have 10 digits
    BOOST_TEST(!checks::ukNationalDigitsPlausible("0808123456"));
    BOOST_TEST(checks::phoneGroupingPlausible("07700900461"));
    BOOST_TEST(checks::phoneGroupingPlausible("020 7946 0958"));
    BOOST_TEST(checks::phoneGroupingPlausible("(020) 7946 0958"));
    BOOST_TEST(!checks::phoneGroupingPlausible("0 15 23 41 12 9"));
    BOOST_TEST(!checks::phoneGroupingPlausible("0 12 345 6789"));
}

BOOST_AUTO_TEST_CASE(ip_addresses)
{
    BOOST_TEST(checks::ipv4Valid("192.0.2.1"));
    BOOST_TEST(checks::ipv4Valid("192.0.2.0/24"));
    BOOST_TEST(!checks::ipv4Valid("256.1.1.1"));
    BOOST_TEST(!checks::ipv4Valid("1.2.3"));
    BOOST_TEST(checks::ipv6Valid("2001:db8::1"));
    BOOST_TEST(checks::ipv6Valid("2001:0db8:0000:0000:0000:ff00:0042:8329"));
    BOOST_TEST(checks::ipv6Valid("::ffff:192.0.2.128"));
    BOOST_TEST(checks::ipv6Valid("fe80::"));
    BOOST_TEST(checks::ipv6Valid("2001:db8::/32"));
    BOOST_TEST(!checks::ipv6Valid("::"));
    BOOST_TEST(!checks::ipv6Valid("2001:db8:::1"));
    BOOST_TEST(!checks::ipv6Valid("1:2:3:4:5:6:7:8:9"));
    BOOST_TEST(!checks::ipv6Valid("12:30:45"));
    BOOST_TEST(!checks::ipv6Valid("00:1A:2B:3C:4D:5E"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(normalisation)

BOOST_AUTO_TEST_CASE(maps_back_to_original_bytes)
{
    // NBSP (2 bytes), right single quote (3 bytes), en dash (3 bytes), full-width 7 (3 bytes), zero-width space.
    const std::string original = "a\u00a0b\u2019c\u2013d\uff17\u200be";
    const anon::NormalisedText norm(original);
    BOOST_TEST(norm.text() == "a b'c-d7e");
    BOOST_TEST(norm.toOriginalBegin(1) == 1u);  // the space comes from the NBSP at byte 1
    BOOST_TEST(norm.toOriginalEnd(2) == 3u);    // ... which ends at byte 3
    BOOST_TEST(norm.toOriginalBegin(6) == 11u); // 'd'
    BOOST_TEST(norm.toOriginalBegin(7) == 12u); // the full-width digit ...
    BOOST_TEST(norm.toOriginalEnd(8) == 15u);   // ... three bytes long
    BOOST_TEST(norm.toOriginalBegin(8) == 18u); // 'e', after the dropped zero-width space
    BOOST_TEST(norm.toOriginalEnd(9) == original.size());
}

BOOST_AUTO_TEST_CASE(invalid_bytes_become_replacement_characters)
{
    const std::string original = "x\xff\xc3y";
    const anon::NormalisedText norm(original);
    BOOST_TEST(norm.text() == "x\uFFFD\uFFFDy");
    BOOST_TEST(norm.toOriginalBegin(7) == 3u);
    const auto chars = anon::charOffsets(original, {0, 1, 2, 3, 4});
    BOOST_TEST((chars == std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(ascii_text_is_not_copied)
{
    const std::string original = "plain text";
    const anon::NormalisedText norm(original);
    BOOST_TEST(norm.text().data() == original.data());
}

BOOST_AUTO_TEST_SUITE_END()
