#include "prose.h"

#include "builder.h"
#include "core/area_order.h"
#include "core/numbers.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/trends/figure.h"
#include "export/workbook_writer.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <functional>
#include <optional>
#include <string_view>

namespace evidence::xlsx {

using namespace prose;

// ---------------------------------------------------------------------------------------------------
// Small text helpers

namespace prose {

const std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                             "July",    "August",   "September", "October", "November", "December"};

std::string upperFirst(std::string s)
{
    if (!s.empty())
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string lowerFirst(std::string s)
{
    if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) &&
        !std::isupper(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

// Ends a sentence with a full stop unless it already ends with punctuation.
std::string sentence(std::string s)
{
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    if (!s.empty() && s.back() != '.' && s.back() != '?' && s.back() != '!' && s.back() != ')')
        s += '.';
    else if (!s.empty() && s.back() == ')' && (s.size() < 2 || s[s.size() - 2] != '.'))
        s += '.';
    return upperFirst(s);
}

namespace {

/// @p sentences with those that @p split into the same cause made one, where the first of them was, by
/// @p join(cause, what each says follows from it); @p split gives nothing for a sentence that stays as it is.
std::vector<std::string>
mergeByCause(std::vector<std::string> sentences,
             const std::function<std::optional<std::pair<std::string, std::string>>(const std::string&)>& split,
             const std::function<std::string(const std::string&, const std::vector<std::string>&)>& join)
{
    std::vector<std::string> out;
    std::vector<std::pair<std::string, std::vector<std::string>>> because; // per sentence of out; empty: kept
    for (auto& s : sentences) {
        auto parts = split(s);
        if (parts) {
            const auto same = std::find_if(because.begin(), because.end(),
                                           [&](const auto& b) { return !b.second.empty() && b.first == parts->first; });
            if (same != because.end()) {
                same->second.push_back(std::move(parts->second));
                out[static_cast<std::size_t>(same - because.begin())] = join(same->first, same->second);
                continue;
            }
            because.emplace_back(std::move(parts->first), std::vector<std::string>{std::move(parts->second)});
        } else {
            because.emplace_back();
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

std::string joinSentences(const std::vector<std::string>& parts)
{
    // Whether sentence @p longer goes on from @p shorter: "A is not available [x], so B is not known." from
    // "A is not available [x].", which a reader would otherwise be told twice in a row.
    auto goesOnFrom = [](std::string_view longer, std::string_view shorter) {
        if (!shorter.ends_with('.'))
            return false;
        shorter.remove_suffix(1);
        return longer.size() > shorter.size() + 2 && longer.starts_with(shorter) &&
               longer.substr(shorter.size(), 2) == ", ";
    };
    std::vector<std::string> unique;
    for (const auto& p : parts) {
        std::string s = sentence(p);
        if (s.empty())
            continue;
        auto said = std::find_if(unique.begin(), unique.end(),
                                 [&](const std::string& u) { return u == s || goesOnFrom(u, s) || goesOnFrom(s, u); });
        if (said == unique.end())
            unique.push_back(std::move(s));
        else if (goesOnFrom(s, *said))
            *said = std::move(s);
    }
    constexpr std::string_view kSo = ", so ", kCannot = " cannot be computed.";
    // "A is suppressed, so X cannot be computed." and "A is suppressed, so Y cannot be computed." say A once:
    // "A is suppressed, so X and Y cannot be computed."
    unique = mergeByCause(
        std::move(unique),
        [&](const std::string& u) -> std::optional<std::pair<std::string, std::string>> {
            const std::size_t so = u.rfind(kSo);
            if (so == std::string::npos || so == 0 || !u.ends_with(kCannot) ||
                so + kSo.size() + kCannot.size() >= u.size())
                return std::nullopt;
            return std::make_pair(u.substr(0, so),
                                  u.substr(so + kSo.size(), u.size() - so - kSo.size() - kCannot.size()));
        },
        [&](const std::string& cause, const std::vector<std::string>& what) {
            return cause + std::string(kSo) + listAnd(what) + std::string(kCannot);
        });
    // Other sentences from one cause say it once too: "A is not available [x], so the total is not known." and
    // "A is not available [x], so the count under 10 is not known." become "A is not available [x], so the
    // total is not known, and the count under 10 is not known."
    unique = mergeByCause(
        std::move(unique),
        [&](const std::string& u) -> std::optional<std::pair<std::string, std::string>> {
            const std::size_t so = u.find(kSo);
            if (so == std::string::npos || so == 0 || !u.ends_with('.'))
                return std::nullopt;
            return std::make_pair(u.substr(0, so), u.substr(so + kSo.size(), u.size() - so - kSo.size() - 1));
        },
        [&](const std::string& cause, const std::vector<std::string>& what) {
            return cause + std::string(kSo) + text::join(what, ", and ") + ".";
        });
    return text::join(unique, " ");
}

// "a, b and c".
std::string listAnd(const std::vector<std::string>& items)
{
    if (items.empty())
        return {};
    if (items.size() == 1)
        return items.front();
    std::vector<std::string> head(items.begin(), items.end() - 1);
    return text::join(head, ", ") + " and " + items.back();
}

// Replaces dashes and underscores (which the document title must not hold) with spaces.
std::string withoutDashes(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '-' || s[i] == '_') {
            out += ' ';
        } else if (s.substr(i, 3) == "\xE2\x80\x93" || s.substr(i, 3) == "\xE2\x80\x94") {
            out += ' ';
            i += 2;
        } else {
            out += s[i];
        }
    }
    std::string collapsed;
    for (char c : out)
        if (!(c == ' ' && (collapsed.empty() || collapsed.back() == ' ')))
            collapsed += c;
    while (!collapsed.empty() && collapsed.back() == ' ')
        collapsed.pop_back();
    return collapsed;
}

std::string hostOf(std::string_view url)
{
    auto start = url.find("://");
    start = start == std::string_view::npos ? 0 : start + 3;
    auto end = url.find('/', start);
    std::string host(url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (host.starts_with("www."))
        host.erase(0, 4);
    return host;
}

} // namespace prose

bool areaBefore(const Area& a, const Area& b)
{
    if (areaKindRank(a.kind) != areaKindRank(b.kind))
        return areaKindRank(a.kind) < areaKindRank(b.kind);
    if (a.name != b.name)
        return a.name < b.name;
    return a.code < b.code;
}

namespace prose {

std::string figureText(double v)
{
    return formatFigure(v, 2);
}

std::string signedPercent(double fraction)
{
    const double pct = fraction * 100.0;
    return (pct > 0 ? "+" : "") + formatFixed(pct, 1) + "%";
}

std::string kindSingular(Period::Kind k)
{
    return std::string(Period::kindName(k));
}

namespace {

// What periods of @p k are, for a sentence: "calendar years".
std::string_view periodsPhrase(Period::Kind k)
{
    switch (k) {
    case Period::Kind::FinancialYear:
        return "financial years, from 1 April to 31 March (2015/16 is April 2015 to March 2016)";
    case Period::Kind::CalendarYear:
        return "calendar years";
    case Period::Kind::Quarter:
        return "calendar quarters, written as months (Jan to Mar 2019)";
    }
    return {};
}

} // namespace

std::string periodsSentence(Period::Kind k)
{
    return "Periods are " + std::string(periodsPhrase(k)) + ".";
}

ColumnType unitColumn(Unit u)
{
    switch (u) {
    case Unit::Count:
        return ColumnType::Count;
    case Unit::RatePer10000:
        return ColumnType::Decimal2;
    case Unit::Percentage:
        return ColumnType::Decimal1;
    }
    return ColumnType::Decimal2;
}

std::string unitSentence(const Measure& m)
{
    switch (m.unit) {
    case Unit::Count:
        return "Figures are counts.";
    case Unit::RatePer10000:
        return "Figures are rates per 10,000" + (m.population.empty() ? std::string() : " " + m.population) + ".";
    case Unit::Percentage:
        return "Figures are percentages.";
    }
    return {};
}

// Known shorthand codes and what they mean, in the order keys list them.
const std::vector<std::pair<std::string, std::string>>& shorthandMeanings()
{
    static const std::vector<std::pair<std::string, std::string>> k = {
        {"[x]", "not available"},
        {"[c]", "confidential (suppressed)"},
        {"[z]", "not applicable"},
        {"[low]", "a low figure that rounds to zero but is not zero"},
        {"[p]", "provisional"},
        {"[e]", "estimated"},
        {"[r]", "revised"},
        {"[u]", "low reliability"},
        {"[b]", "break in the time series"},
        {"[s]", "significant: the 95% confidence interval of the rate ratio excludes 1"},
        {"[ns]", "not significant: the 95% confidence interval of the rate ratio includes 1"},
    };
    return k;
}

// The shorthand codes that occur in @p s as bracketed tokens.
void collectCodes(std::string_view s, std::set<std::string>& codes)
{
    for (std::size_t i = s.find('['); i != std::string_view::npos; i = s.find('[', i + 1)) {
        const auto close = s.find(']', i);
        if (close == std::string_view::npos)
            return;
        const std::string token(s.substr(i, close - i + 1));
        for (const auto& [code, meaning] : shorthandMeanings())
            if (token == code)
                codes.insert(code);
    }
}

std::string noteFromObservations(const std::vector<std::pair<std::string, std::string>>& notes)
{
    if (notes.empty())
        return {};
    bool same = true;
    for (const auto& n : notes)
        same = same && n.second == notes.front().second;
    if (same)
        return sentence(notes.front().second);
    std::vector<std::string> parts;
    for (const auto& [label, n] : notes)
        parts.push_back(label + ": " + sentence(n));
    return text::join(parts, " ");
}

} // namespace prose

// ---------------------------------------------------------------------------------------------------
// Public helpers

std::string readableDate(std::string_view iso)
{
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        if (iso.size() < pos + len)
            return false;
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(iso[i])))
                return false;
            v = v * 10 + (iso[i] - '0');
        }
        out = v;
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (!num(0, 4, y) || iso.size() < 7 || iso[4] != '-' || !num(5, 2, m) || m < 1 || m > 12)
        return std::string(iso);
    if (iso.size() >= 10 && iso[7] == '-' && num(8, 2, d) && d >= 1 && d <= 31)
        return std::to_string(d) + " " + kMonths[static_cast<std::size_t>(m - 1)] + " " + std::to_string(y);
    if (iso.size() == 7)
        return std::string(kMonths[static_cast<std::size_t>(m - 1)]) + " " + std::to_string(y);
    return std::string(iso);
}

std::time_t parseIsoTime(std::string_view iso)
{
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const std::string str(iso);
    const int n = std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
    if (n < 3 || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return 0;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = n >= 4 ? h : 0;
    tm.tm_min = n >= 5 ? mi : 0;
    tm.tm_sec = n >= 6 ? s : 0;
    return platform::fromUtc(tm);
}

namespace prose {

// The areas that the workbook covers, for its title.
std::string geography(const WorkbookModel& m)
{
    for (const auto& sec : m.measures)
        if (sec.totals && !sec.totals->scopeName.empty())
            return sec.totals->scopeName;
    std::vector<std::string> countries;
    for (const auto& sec : m.measures)
        for (const auto& s : sec.series)
            if (!s.area.country.empty() &&
                std::find(countries.begin(), countries.end(), s.area.country) == countries.end())
                countries.push_back(s.area.country);
    return listAnd(countries);
}

std::pair<std::optional<Period>, std::optional<Period>> periodRange(const WorkbookModel& m)
{
    std::optional<Period> first, last;
    for (const auto& sec : m.measures)
        for (const auto& p : sec.periods) {
            if (!first || p < *first)
                first = p;
            if (!last || *last < p)
                last = p;
            if (first->kind() != p.kind())
                return {};
        }
    return {first, last};
}

std::string periodsSentence(const WorkbookModel& m)
{
    std::vector<std::pair<Period::Kind, std::vector<std::string>>> kinds; // in the order measures first use them
    for (const auto& sec : m.measures) {
        if (sec.periods.empty())
            continue;
        const Period::Kind k = sec.periods.front().kind();
        auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& e) { return e.first == k; });
        if (it == kinds.end())
            it = kinds.insert(kinds.end(), {k, {}});
        it->second.push_back(sec.measure.name);
    }
    if (kinds.empty())
        return {};
    if (kinds.size() == 1)
        return periodsSentence(kinds.front().first);
    std::vector<std::string> parts;
    for (const auto& [k, measures] : kinds)
        parts.push_back(std::string(periodsPhrase(k)) + " for " + listAnd(measures));
    return "Periods differ between measures: " + text::join(parts, "; ") +
           ". Figures for different kinds of period are never compared with one another.";
}

} // namespace prose

std::string workbookTitle(const WorkbookModel& m)
{
    std::string title = m.submission.title.empty() ? "Consultation response" : m.submission.title;
    std::vector<std::string> what;
    if (!m.measures.empty())
        what.push_back("figures");
    if (!m.caseStudies.empty())
        what.push_back("case studies");
    if (!what.empty())
        title += ": " + listAnd(what);
    const std::string geo = geography(m);
    if (!geo.empty())
        title += ", " + geo;
    const auto [first, last] = periodRange(m);
    if (first && last)
        title += ", " + first->label() + (first == last ? "" : " to " + last->label());
    return withoutDashes(title);
}

std::string defaultFileName(const WorkbookModel& m)
{
    const std::string topic = m.consultation.title.empty() ? m.submission.title : m.consultation.title;
    std::string slug;
    for (char c : text::toLowerAscii(topic + " consultation response evidence")) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            slug += c;
        else if (!slug.empty() && slug.back() != '-')
            slug += '-';
    }
    // "online-harms-white-paper-consultation-consultation-...": drop a repeated word.
    for (auto pos = slug.find("consultation-consultation"); pos != std::string::npos;
         pos = slug.find("consultation-consultation"))
        slug.erase(pos, 13);
    while (slug.size() > 60) {
        const auto cut = slug.rfind('-', 60);
        slug.resize(cut == std::string::npos || cut == 0 ? 60 : cut);
    }
    while (!slug.empty() && slug.back() == '-')
        slug.pop_back();
    if (slug.empty())
        slug = "consultation-response-evidence";
    return slug + ".xlsx";
}

} // namespace evidence::xlsx
