#include "app/submission_model.h"

#include "core/text.h"

namespace evidence::app {

bool isIsoDate(std::string_view s) noexcept
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    auto digits = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

std::string asAtFromDate(std::string_view date, std::string_view previous)
{
    if (previous.substr(0, 10) == date)
        return std::string(previous);
    return std::string(date) + "T00:00:00Z";
}

namespace {
/// A plain check of an address's shape: one '@', a local part, a domain with a dot, no spaces.
bool plausibleEmail(std::string_view e)
{
    const auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view domain = e.substr(at + 1);
    const auto dot = domain.rfind('.');
    return e.find_first_of(" \t,;<>") == std::string_view::npos && dot != std::string_view::npos && dot > 0 &&
           domain.size() - dot - 1 >= 2;
}
} // namespace

std::vector<FieldProblem> checkSubmissionFields(const Submission& s)
{
    std::vector<FieldProblem> out;
    if (text::trim(s.title).empty())
        out.push_back({"Title", "Title: give the submission a title, e.g. Response to the Online Harms White Paper."});
    const std::string_view email = text::trim(s.contactEmail);
    if (!email.empty() && !plausibleEmail(email))
        out.push_back(
            {"Organisational email", "Organisational email: '" + text::quoteForMessage(email) +
                                         "' is not a complete address; write it like policy@charity.org.uk."});
    if (email.empty())
        out.push_back({"Organisational email",
                       "Organisational email: give a shared address of your organisation (not a person's own), e.g. "
                       "policy@charity.org.uk."});
    const std::string_view date = text::trim(std::string_view(s.asAt).substr(0, 10));
    if (!isIsoDate(date))
        out.push_back({"As at", "As at: type the date the figures are correct at as YYYY-MM-DD, e.g. 2019-06-28."});
    return out;
}

} // namespace evidence::app
