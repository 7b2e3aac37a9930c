#pragma once
/// @file checks.h
/// @brief Check-digit and structure validators used by the scanner (docs/anonymisation.md §2.1–2.11).

#include <string>
#include <string_view>

namespace evidence::anon::checks {

/// The ASCII digits of @p s, in order.
std::string digitsOf(std::string_view s);
/// NHS / CHI number: exactly 10 digits (separators ignored) whose mod-11 check digit is right (§2.1).
bool nhsNumberValid(std::string_view s);
/// True when all ten digits are equal (`0000000000`, `9999999999`): such numbers pass the check but are
/// usually placeholders, so they are reported as WARN only.
bool allSameDigit(std::string_view digits) noexcept;
/// Luhn (mod-10) check over the digits of @p s.
bool luhnValid(std::string_view s);
/// NINO prefix rule: the two letters are not one of BG, GB, KN, NK, NT, TN, ZZ (case-insensitive) (§2.2).
bool ninoPrefixAllowed(std::string_view twoLetters) noexcept;
/// Driving-licence surname field (first five characters) rule: not `99999`, and 9s only after letters (§2.9).
bool drivingLicenceSurnameValid(std::string_view licence) noexcept;
/// UK numbering-plan rules of §2.4 (steps 2 and 3) for a national number of digits starting with `0`.
bool ukNationalDigitsPlausible(std::string_view digits) noexcept;
/// Grouping rule of §2.4 step 4 for the part of a phone candidate after any +44/0044 prefix: one unbroken
/// group, or at most 4 groups of which the first has 2–6 digits and every later one at least 3.
bool phoneGroupingPlausible(std::string_view afterPrefix) noexcept;
/// IPv4 dotted quad with octets 0–255, optional /0–32.
bool ipv4Valid(std::string_view s);
/// IPv6 address (hand-written parser: hex groups, one `::`, optional dotted quad), not the unspecified `::`.
bool ipv6Valid(std::string_view s);

} // namespace evidence::anon::checks
