#include "core/consultation_profile.h"

#include <cctype>

namespace evidence {

std::string_view publicationCode(Publication p) noexcept
{
    switch (p) {
    case Publication::Published:
        return "published";
    case Publication::PublishedUnlessConfidential:
        return "published_unless_confidential";
    case Publication::NotPublished:
        return "not_published";
    }
    return "published_unless_confidential";
}

std::optional<Publication> parsePublication(std::string_view code) noexcept
{
    for (auto p : {Publication::Published, Publication::PublishedUnlessConfidential, Publication::NotPublished})
        if (publicationCode(p) == code)
            return p;
    return std::nullopt;
}

std::string ProfileQuestion::parentNumber() const
{
    std::size_t digits = 0;
    while (digits < number.size() && std::isdigit(static_cast<unsigned char>(number[digits])))
        ++digits;
    if (digits == 0 || digits == number.size())
        return {};
    return number.substr(0, digits);
}

std::optional<int> ConsultationProfile::wordLimitFor(std::string_view number) const
{
    for (const auto& q : questions)
        if (q.number == number && q.wordLimit)
            return q.wordLimit;
    return wordLimitPerAnswer;
}

std::string ConsultationProfile::headingFor(std::string_view organisation) const
{
    static constexpr std::string_view kField = "{organisation}";
    std::string out = heading;
    if (auto at = out.find(kField); at != std::string::npos)
        out.replace(at, kField.size(), organisation.empty() ? std::string_view("...") : organisation);
    return out;
}

} // namespace evidence
