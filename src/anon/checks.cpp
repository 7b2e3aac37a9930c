#include "anon/checks.h"

#include <array>
#include <cctype>

namespace evidence::anon::checks {

std::string digitsOf(std::string_view s)
{
    std::string out;
    for (const char c : s)
        if (c >= '0' && c <= '9')
            out += c;
    return out;
}

bool nhsNumberValid(std::string_view s)
{
    const std::string d = digitsOf(s);
    if (d.size() != 10)
        return false;
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += (d[static_cast<std::size_t>(i)] - '0') * (10 - i);
    int check = 11 - (sum % 11);
    if (check == 11)
        check = 0;
    if (check == 10)
        return false;
    return check == d[9] - '0';
}

bool allSameDigit(std::string_view digits) noexcept
{
    if (digits.empty())
        return false;
    for (const char c : digits)
        if (c != digits.front())
            return false;
    return true;
}

bool luhnValid(std::string_view s)
{
    const std::string d = digitsOf(s);
    if (d.empty())
        return false;
    int sum = 0;
    bool twice = false;
    for (auto it = d.rbegin(); it != d.rend(); ++it) {
        int v = *it - '0';
        if (twice) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
        twice = !twice;
    }
    return sum % 10 == 0;
}

bool ninoPrefixAllowed(std::string_view twoLetters) noexcept
{
    if (twoLetters.size() != 2)
        return false;
    const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(twoLetters[0])));
    const char b = static_cast<char>(std::toupper(static_cast<unsigned char>(twoLetters[1])));
    constexpr std::array<const char*, 7> banned = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
    for (const char* p : banned)
        if (p[0] == a && p[1] == b)
            return false;
    return true;
}

bool drivingLicenceSurnameValid(std::string_view licence) noexcept
{
    if (licence.size() < 5)
        return false;
    const std::string_view field = licence.substr(0, 5);
    if (field == "99999")
        return false;
    bool seenNine = false;
    for (const char c : field) {
        if (c == '9')
            seenNine = true;
        else if (seenNine)
            return false; // a letter after padding
    }
    return true;
}

bool ukNationalDigitsPlausible(std::string_view d) noexcept
{
    if (d.size() < 10 || d.size() > 11 || d[0] != '0')
        return false;
    switch (d[1]) {
    case '1':
    case '5':
        return true;
    case '2':
    case '3':
    case '7':
    case '9':
        return d.size() == 11;
    case '8':
        return d.size() == 11 || d.substr(0, 4) == "0800";
    default:
        return false;
    }
}

bool phoneGroupingPlausible(std::string_view s) noexcept
{
    std::array<std::size_t, 8> groups{};
    std::size_t count = 0;
    std::size_t run = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        const bool digit = i < s.size() && s[i] >= '0' && s[i] <= '9';
        if (digit) {
            ++run;
            continue;
        }
        if (run > 0) {
            if (count == groups.size())
                return false;
            groups[count++] = run;
            run = 0;
        }
    }
    if (count <= 1)
        return count == 1;
    if (count > 4)
        return false;
    if (groups[0] < 2 || groups[0] > 6)
        return false;
    for (std::size_t i = 1; i < count; ++i)
        if (groups[i] < 3)
            return false;
    return true;
}

namespace {

// True when @p mask, the part of an address after its '/', is 1 to @p maxDigits digits of a number up to @p max.
bool prefixLengthAtMost(std::string_view mask, std::size_t maxDigits, int max) noexcept
{
    if (mask.empty() || mask.size() > maxDigits)
        return false;
    int m = 0;
    for (const char c : mask) {
        if (c < '0' || c > '9')
            return false;
        m = m * 10 + (c - '0');
    }
    return m <= max;
}

} // namespace

bool ipv4Valid(std::string_view s)
{
    std::size_t pos = 0;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (pos >= s.size() || s[pos] != '.')
                return false;
            ++pos;
        }
        std::size_t start = pos;
        int value = 0;
        while (pos < s.size() && pos - start < 3 && s[pos] >= '0' && s[pos] <= '9')
            value = value * 10 + (s[pos++] - '0');
        if (pos == start || value > 255)
            return false;
    }
    if (pos == s.size())
        return true;
    if (s[pos] != '/')
        return false;
    ++pos;
    return prefixLengthAtMost(s.substr(pos), 2, 32);
}

bool ipv6Valid(std::string_view s)
{
    // Hand-written (no inet_pton, so it behaves the same on every platform): groups of 1-4 hex digits
    // separated by ':', at most one "::", an optional trailing dotted quad counting as two groups,
    // an optional /0-128 suffix.
    const auto slash = s.find('/');
    if (slash != std::string_view::npos) {
        if (!prefixLengthAtMost(s.substr(slash + 1), 3, 128))
            return false;
        s = s.substr(0, slash);
    }
    if (s.size() < 2 || s.size() > 45 || s == "::")
        return false;
    int groups = 0;
    bool compressed = false;
    std::size_t pos = 0;
    if (s.substr(0, 2) == "::") {
        compressed = true;
        pos = 2;
    } else if (s[0] == ':') {
        return false;
    }
    while (pos < s.size()) {
        std::size_t start = pos;
        while (pos < s.size() && std::isxdigit(static_cast<unsigned char>(s[pos])))
            ++pos;
        if (pos < s.size() && s[pos] == '.') {
            // Embedded IPv4 must be the last part.
            if (!ipv4Valid(s.substr(start)) || s.substr(start).find('/') != std::string_view::npos)
                return false;
            groups += 2;
            pos = s.size();
            break;
        }
        const std::size_t len = pos - start;
        if (len == 0 || len > 4)
            return false;
        ++groups;
        if (pos == s.size())
            break;
        if (s[pos] != ':')
            return false;
        ++pos;
        if (pos < s.size() && s[pos] == ':') {
            if (compressed)
                return false;
            compressed = true;
            ++pos;
        } else if (pos == s.size()) {
            return false; // trailing single ':'
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

} // namespace evidence::anon::checks
