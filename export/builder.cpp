#include "builder.h"

#include "core/area_order.h"
#include "core/numbers.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/trends/figure.h"
#include "export/suppression.h"
#include "export/workbook_writer.h"
#include "markdown.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <set>
#include <utility>

namespace evidence::xlsx {

// ---------------------------------------------------------------------------------------------------
// Small text helpers

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// The order of rows in every table, as the cover states it; areaBefore() keeps it.
constexpr const char* kRowOrder =
    "Every table lists areas in the same order: police force areas, then regions, then nations, then groupings of "
    "nations, each alphabetically; the like-for-like totals come last.";

// What an empty Notes cell says, stated above each table that has one.
constexpr const char* kNoNote = "the row has no note";

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

std::string joinSentences(const std::vector<std::string>& parts)
{
    std::vector<std::string> unique;
    for (const auto& p : parts) {
        const std::string s = sentence(p);
        if (!s.empty() && std::find(unique.begin(), unique.end(), s) == unique.end())
            unique.push_back(s);
    }
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

} // namespace

bool areaBefore(const Area& a, const Area& b)
{
    if (areaKindRank(a.kind) != areaKindRank(b.kind))
        return areaKindRank(a.kind) < areaKindRank(b.kind);
    if (a.name != b.name)
        return a.name < b.name;
    return a.code < b.code;
}

namespace {

std::string figureText(double v)
{
    return formatFigure(v, 2);
}

std::string signedPercent(double fraction)
{
    const double pct = fraction * 100.0;
    return (pct > 0 ? "+" : "") + trends::formatFixed(pct, 1) + "%";
}

std::string kindSingular(Period::Kind k)
{
    return std::string(Period::kindName(k));
}

std::string periodsSentence(Period::Kind k)
{
    switch (k) {
    case Period::Kind::FinancialYear:
        return "Periods are financial years, from 1 April to 31 March (2015/16 is April 2015 to March 2016).";
    case Period::Kind::CalendarYear:
        return "Periods are calendar years.";
    case Period::Kind::Quarter:
        return "Periods are calendar quarters, written as months (Jan to Mar 2019).";
    }
    return {};
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

} // namespace

// ---------------------------------------------------------------------------------------------------
// Public helpers

std::string periodLabel(const Period& p)
{
    if (p.kind() == Period::Kind::Quarter) {
        static const std::array<const char*, 4> q = {"Jan to Mar", "Apr to Jun", "Jul to Sep", "Oct to Dec"};
        const int n = std::clamp(p.quarterNumber(), 1, 4);
        return std::string(q[static_cast<std::size_t>(n - 1)]) + " " + std::to_string(p.year());
    }
    return p.toString();
}

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

namespace {

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
        }
    return {first, last};
}

} // namespace

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
        title += ", " + periodLabel(*first) + (first == last ? "" : " to " + periodLabel(*last));
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

// ---------------------------------------------------------------------------------------------------
// The builder

namespace {

class Builder
{
public:
    Builder(const WorkbookModel& model, bool valuesOnly, bool charts)
        : m_model(model), m_valuesOnly(valuesOnly), m_chartsWanted(charts)
    {
        m_multiMeasure = model.measures.size() > 1;
        // Breakdowns in the rows' one order: by area, then period, then breakdown.
        for (const auto& sec : model.measures) {
            std::vector<std::size_t> order(sec.distributions.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
                const auto &a = sec.distributions[x], &b = sec.distributions[y];
                if (areaBefore(a.area, b.area) || areaBefore(b.area, a.area))
                    return areaBefore(a.area, b.area);
                if (a.distribution.period != b.distribution.period)
                    return a.distribution.period < b.distribution.period;
                return a.distribution.dimension < b.distribution.dimension;
            });
            m_distOrder.push_back(std::move(order));
        }
    }

    BuildResult build()
    {
        plan();
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi)
            if (m_stats[mi] != kNone)
                buildStatistics(mi);
        if (m_change != kNone)
            buildChange();
        if (m_totals != kNone)
            buildTotals();
        if (m_breakdowns != kNone) {
            buildBreakdowns();
            buildBreakdownSummary();
        }
        if (m_cases != kNone)
            buildCaseStudies();
        if (m_evidence != kNone)
            buildEvidence(); // before the responses, which link to its rows
        if (m_responses != kNone)
            buildResponses();
        if (m_sources != kNone)
            buildSources();
        buildMethodology();
        if (m_chartsSheet != kNone)
            buildCharts();
        renumberNotes();
        buildNotes();
        buildCover();
        buildContents();
        buildProperties();
        return BuildResult{std::move(m_layout), std::move(m_problems)};
    }

private:
    const WorkbookModel& m_model;
    bool m_valuesOnly;
    bool m_chartsWanted;
    bool m_multiMeasure = false;
    Layout m_layout;
    std::vector<std::string> m_problems;

    std::size_t m_cover = kNone, m_contents = kNone, m_notes = kNone;
    std::vector<std::size_t> m_stats;
    std::size_t m_change = kNone, m_totals = kNone, m_breakdowns = kNone, m_breakdownSummary = kNone;
    std::size_t m_cases = kNone, m_responses = kNone, m_evidence = kNone, m_sources = kNone;
    std::size_t m_methodology = kNone, m_chartsSheet = kNone;

    std::vector<std::string> m_noteTexts;
    std::map<std::size_t, std::size_t> m_noteColumns; // sheet -> a row-label column other than the first

    // Positions of cells other tables refer to.
    std::map<std::pair<std::size_t, std::int64_t>, std::size_t> m_totalsRow; // (measure, period) -> row
    std::size_t m_totalsPeriodCol = 0, m_totalsTotalCol = 0, m_totalsLflCol = 0;
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> m_changeRow; // (measure, series) -> row
    std::map<std::size_t, std::size_t> m_lflChangeRow;                      // measure -> row
    std::map<std::size_t, std::vector<Period>> m_emptyPeriods; // measure -> period columns without a figure
    std::size_t m_changeAreaCol = 0, m_changePercentCol = 0;
    struct DistRows
    {
        std::size_t first = 0;
        std::size_t recorded = 0;
        std::size_t notRecorded = 0;
    };
    std::map<std::pair<std::size_t, std::size_t>, DistRows> m_distRows; // (measure, distribution) -> rows
    std::vector<std::vector<std::size_t>> m_distOrder;                  // per measure: its distributions in row order
    std::size_t m_distCategoryCol = 0, m_distCountCol = 0;
    std::map<RowId, std::size_t> m_caseRow;
    std::map<std::size_t, std::size_t> m_evidenceRow; // response index -> its first row in Evidence cited
    std::size_t m_chartCount = 0;

    // -------------------------------------------------------------------------------------------
    // Planning: which sheets exist, in which order, with which names.

    std::size_t addSheet(std::string name, bool listed = true)
    {
        Sheet s;
        s.name = std::move(name);
        s.listInContents = listed;
        m_layout.sheets.push_back(std::move(s));
        return m_layout.sheets.size() - 1;
    }

    bool anyChart() const
    {
        for (const auto& sec : m_model.measures) {
            if (!sec.distributions.empty())
                return true;
            for (const auto& s : sec.series)
                if (s.figures.percentChange.computable())
                    return true;
            if (sec.totals)
                for (const auto& p : sec.totals->result.likeForLike.figures.points)
                    if (p.value.computable())
                        return true;
        }
        return false;
    }

    void plan()
    {
        m_cover = addSheet("Cover");
        m_contents = addSheet("Contents", false);
        m_notes = addSheet("Notes");
        int table = 0;
        auto next = [&] { return addSheet("Table " + std::to_string(++table)); };
        bool anySeries = false, anyTotals = false, anyDistributions = false;
        for (const auto& sec : m_model.measures) {
            m_stats.push_back(sec.series.empty() ? kNone : next());
            anySeries = anySeries || !sec.series.empty();
            anyTotals = anyTotals || (sec.totals && !sec.totals->result.periods.empty());
            anyDistributions = anyDistributions || !sec.distributions.empty();
        }
        if (anySeries)
            m_change = next();
        if (anyTotals) {
            m_totals = next();
            // Rows and columns of the totals table, which the change table refers to.
            std::size_t col = m_multiMeasure ? 2 : 0;
            m_totalsPeriodCol = col;
            m_totalsTotalCol = col + 1;
            m_totalsLflCol = col + 5;
            std::size_t row = 0;
            for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi)
                if (const auto& t = m_model.measures[mi].totals)
                    for (const auto& pt : t->result.periods)
                        m_totalsRow[{mi, pt.period.sortKey()}] = row++;
        }
        if (anyDistributions) {
            m_breakdowns = next();
            m_breakdownSummary = next();
        }
        if (!m_model.caseStudies.empty())
            m_cases = addSheet("Case studies");
        if (!m_model.responses.empty())
            m_responses = addSheet("Responses");
        bool cites = false;
        for (const auto& r : m_model.responses)
            cites = cites || !r.answer.citedMeasures.empty() || !r.answer.citedCaseStudies.empty();
        if (cites)
            m_evidence = addSheet("Evidence cited");
        if (!m_model.sources.empty())
            m_sources = addSheet("Sources");
        m_methodology = addSheet("Methodology");
        if (m_chartsWanted && anyChart())
            m_chartsSheet = addSheet("Charts");
    }

    std::string tableNumber(std::size_t sheet) const { return m_layout.sheets[sheet].name; } // "Table 3"

    std::string tableName(std::size_t sheet, const std::string& what) const
    {
        std::string n = m_layout.sheets[sheet].name;
        std::replace(n.begin(), n.end(), ' ', '_');
        return n + "_" + what;
    }

    // -------------------------------------------------------------------------------------------
    // Notes

    std::string note(const std::string& text)
    {
        auto it = std::find(m_noteTexts.begin(), m_noteTexts.end(), text);
        if (it == m_noteTexts.end()) {
            m_noteTexts.push_back(text);
            it = m_noteTexts.end() - 1;
        }
        return "[note " + std::to_string(it - m_noteTexts.begin() + 1) + "]";
    }

    /// Rewrites the markers in @p s: each run of markers ("[note 4] [note 2]") in ascending order with no
    /// space between them, numbered by @p number (old number -> new), which gives a marker met for the first
    /// time the next number.
    static void renumberIn(std::string& s, std::vector<std::size_t>& number, std::size_t& next)
    {
        static constexpr std::string_view kOpen = "[note ";
        std::size_t i = s.find(kOpen);
        while (i != std::string::npos) {
            std::vector<std::size_t> run;
            std::size_t end = i, at = i;
            while (s.compare(at, kOpen.size(), kOpen) == 0) {
                std::size_t p = at + kOpen.size(), n = 0;
                const std::size_t digits = p;
                while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p])))
                    n = n * 10 + static_cast<std::size_t>(s[p++] - '0');
                if (p == digits || p >= s.size() || s[p] != ']' || n == 0 || n >= number.size())
                    break;
                if (number[n] == 0)
                    number[n] = ++next;
                run.push_back(number[n]);
                end = p + 1;
                at = end;
                while (at < s.size() && s[at] == ' ')
                    ++at;
            }
            if (run.empty()) {
                i = s.find(kOpen, i + 1);
                continue;
            }
            std::sort(run.begin(), run.end());
            run.erase(std::unique(run.begin(), run.end()), run.end());
            std::string markers;
            for (const std::size_t n : run)
                markers += "[note " + std::to_string(n) + "]";
            s.replace(i, end - i, markers);
            i = s.find(kOpen, i + markers.size());
        }
    }

    /// Numbers the notes in the order a reader meets them (sheet by sheet; on each, the lines above the table,
    /// its headers, then its rows), as the Analysis Function's guidance has it, and puts each run of markers in
    /// that order. Markers stand only in titles, headings and row labels (checklist item C4), so accounts and
    /// answers, which may hold any text, are left alone.
    void renumberNotes()
    {
        std::vector<std::size_t> number(m_noteTexts.size() + 1, 0);
        std::size_t next = 0;
        for (std::size_t si = 0; si < m_layout.sheets.size(); ++si) {
            Sheet& sheet = m_layout.sheets[si];
            for (auto& line : sheet.lines)
                renumberIn(line.text, number, next);
            if (!sheet.table)
                continue;
            Table& t = *sheet.table;
            for (auto& c : t.columns)
                renumberIn(c.header, number, next);
            const auto label = m_noteColumns.find(si);
            for (auto& row : t.rows)
                for (std::size_t c = 0; c < row.size(); ++c)
                    if ((c == 0 || (label != m_noteColumns.end() && c == label->second)) &&
                        row[c].kind == Cell::Kind::Text)
                        renumberIn(row[c].text, number, next);
        }
        std::vector<std::string> texts(m_noteTexts.size());
        for (std::size_t old = 1; old < number.size(); ++old) {
            if (number[old] == 0) // referred to from nowhere a reader sees: kept, after the others
                number[old] = ++next;
            texts[number[old] - 1] = std::move(m_noteTexts[old - 1]);
        }
        m_noteTexts = std::move(texts);
    }

    /// The overrides in one sentence each, or counted when there are too many for a cell (an Excel cell holds
    /// 32,767 characters; each override is also a note referred to from its case study's row).
    std::string overridesText() const
    {
        const std::string all = text::join(m_model.overrides, " ");
        if (all.size() <= 4000)
            return all;
        return std::to_string(m_model.overrides.size()) +
               " case studies had not been reviewed when this workbook was exported; they are included because the "
               "export used the allow-unreviewed override. Each one's note is referred to from its row on the Case "
               "studies worksheet.";
    }

    /// The note stating the suppression rule, for the titles of tables of counts; empty when nothing was
    /// suppressed or @p unit is not a count.
    std::string suppressionNote(Unit unit = Unit::Count)
    {
        if (!m_model.suppression || unit != Unit::Count)
            return {};
        return " " + note(suppressionRule(*m_model.suppression));
    }

    /// True when a cell that a formula would add up or count is "[c]": the formula would then leave the hidden
    /// count out, so the engine's value is written instead.
    bool anyConfidential(const std::vector<Ref>& refs) const
    {
        for (const Ref& r : refs) {
            const auto& t = m_layout.sheets[r.sheet].table;
            if (t && r.row < t->rows.size() && r.col < t->rows[r.row].size() &&
                t->rows[r.row][r.col].kind == Cell::Kind::Text &&
                t->rows[r.row][r.col].text == trends::code::kSuppressed)
                return true;
        }
        return false;
    }

    // -------------------------------------------------------------------------------------------
    // Lines above a table: title, what the sheet holds, shorthand key, then @p extra.

    void finishTableSheet(std::size_t si, const std::string& title, const std::string& description,
                          const std::vector<std::string>& extra)
    {
        Sheet& s = m_layout.sheets[si];
        s.description = description;
        s.lines.push_back(Line{Line::Style::Title, title, {}});
        bool notes = title.find("[note ") != std::string::npos;
        std::set<std::string> codes;
        const Table& t = *s.table;
        for (const auto& c : t.columns)
            notes = notes || c.header.find("[note ") != std::string::npos;
        for (const auto& row : t.rows) {
            notes = notes || row.front().text.find("[note ") != std::string::npos;
            for (std::size_t c = 0; c < row.size(); ++c) {
                const Cell& cell = row[c];
                // Shorthand is looked for in numeric columns, in short text cells and in formula results,
                // not inside free text such as accounts and answers.
                const bool shortText = cell.kind == Cell::Kind::Text && cell.text.size() <= 60;
                if (cell.kind == Cell::Kind::Formula || isNumeric(t.columns[c].type) || shortText ||
                    t.columns[c].header.starts_with("Qualifiers"))
                    collectCodes(cell.text, codes);
            }
        }
        s.lines.push_back(
            Line{Line::Style::Body,
                 std::string("This worksheet contains one table.") +
                     (notes ? " Some cells refer to notes, which can be found on the Notes worksheet." : ""),
                 {}});
        if (!codes.empty()) {
            std::vector<std::string> parts;
            for (const auto& [code, meaning] : shorthandMeanings())
                if (codes.count(code))
                    parts.push_back(code + " = " + meaning);
            s.lines.push_back(Line{Line::Style::Body,
                                   "Some cells hold shorthand instead of a figure: " + text::join(parts, "; ") + ".",
                                   {}});
        }
        // An empty cell is left only where the sheet says what it means (checklist item C5).
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].emptyMeans.empty())
                continue;
            const bool anyEmpty = std::any_of(t.rows.begin(), t.rows.end(), [&](const std::vector<Cell>& row) {
                return row[c].kind == Cell::Kind::Text && row[c].text.empty();
            });
            if (anyEmpty)
                s.lines.push_back(
                    Line{Line::Style::Body,
                         "An empty " + t.columns[c].header + " cell means " + t.columns[c].emptyMeans + ".",
                         {}});
        }
        for (const auto& e : extra)
            if (!e.empty())
                s.lines.push_back(Line{Line::Style::Body, e, {}});
    }

    // -------------------------------------------------------------------------------------------
    // Statistics by area and period (one sheet per measure)

    static std::size_t statsPeriodCol(std::size_t periodIndex) { return 3 + periodIndex; }

    std::optional<std::size_t> periodIndex(const MeasureSection& sec, const Period& p) const
    {
        for (std::size_t i = 0; i < sec.periods.size(); ++i)
            if (sec.periods[i] == p)
                return i;
        return std::nullopt;
    }

    /// Each figure's round of requests and the date it is correct at ("2015/16: June 2019 round, as at June
    /// 2019"), said once when every figure of the row shares them; "[x]" when nothing is known.
    std::string provenanceText(RowId areaId, const std::vector<Period>& periods,
                               const std::map<std::pair<RowId, std::int64_t>, const Observation*>& totals) const
    {
        std::vector<std::pair<std::string, std::string>> parts; // (period, round and date)
        for (const auto& period : periods) {
            const auto o = totals.find({areaId, period.sortKey()});
            if (o == totals.end())
                continue;
            const Observation& obs = *o->second;
            std::string asAt = obs.asAt;
            if (asAt.empty())
                for (const auto& src : m_model.sources)
                    if (src.id == obs.sourceId)
                        asAt = figureAsAt(obs, src);
            std::vector<std::string> what;
            if (!obs.round.empty())
                what.push_back(obs.round);
            if (!asAt.empty())
                what.push_back("as at " + readableDate(asAt));
            parts.emplace_back(periodLabel(period), what.empty() ? std::string("[x]") : text::join(what, ", "));
        }
        if (parts.empty())
            return "[x]";
        const bool same =
            std::all_of(parts.begin(), parts.end(), [&](const auto& p) { return p.second == parts.front().second; });
        if (same)
            return parts.front().second;
        std::vector<std::string> each;
        for (const auto& [period, what] : parts)
            each.push_back(period + ": " + what);
        return text::join(each, "; ");
    }

    static bool isSuppressed(const trends::SeriesPoint* p)
    {
        return p && !p->value.computable() && p->value.code() == trends::code::kSuppressed;
    }

    /// The total observations of @p sec by (area, period), built once: looking each cell up in the list of
    /// observations made a large statistics table quadratic.
    static std::map<std::pair<RowId, std::int64_t>, const Observation*> totalObservations(const MeasureSection& sec)
    {
        std::map<std::pair<RowId, std::int64_t>, const Observation*> out;
        for (const auto& o : sec.observations)
            if (o.isTotal())
                out.emplace(std::make_pair(o.areaId, o.period.sortKey()), &o);
        return out;
    }

    std::vector<std::string> sourceTitles(const MeasureSection& sec) const
    {
        std::map<RowId, const std::string*> titleOf;
        for (const auto& s : m_model.sources)
            titleOf.emplace(s.id, &s.title);
        std::vector<std::string> out;
        for (const RowId sourceId : sec.sourceIds) {
            // Two sources with one title are named once.
            if (const auto it = titleOf.find(sourceId);
                it != titleOf.end() && std::find(out.begin(), out.end(), *it->second) == out.end())
                out.push_back(*it->second);
        }
        return out;
    }

    std::string periodSpan(const MeasureSection& sec) const
    {
        if (sec.periods.empty())
            return {};
        return periodLabel(sec.periods.front()) +
               (sec.periods.size() > 1 ? " to " + periodLabel(sec.periods.back()) : std::string());
    }

    void buildStatistics(std::size_t mi)
    {
        const MeasureSection& sec = m_model.measures[mi];
        const std::size_t si = m_stats[mi];
        Table t;
        t.name = tableName(si, "Figures_by_area");
        t.columns = {{"Area", ColumnType::Text}, {"Area code", ColumnType::Text}, {"Type of area", ColumnType::Text}};
        const ColumnType valueType = unitColumn(sec.measure.unit);
        for (const auto& p : sec.periods)
            t.columns.push_back({periodLabel(p), valueType});
        bool qualifiers = false;
        for (const auto& s : sec.series)
            for (const auto& p : s.figures.points)
                qualifiers = qualifiers || !p.markers.qualifiers().empty();
        if (qualifiers)
            t.columns.push_back({"Qualifiers", ColumnType::Text, "the row's figures have no qualifier"});
        t.columns.push_back({"Source and date published", ColumnType::LongText});
        t.columns.push_back({"Round and as-at date of each figure", ColumnType::LongText});
        t.columns.push_back({"Notes", ColumnType::LongText, kNoNote});
        std::map<RowId, std::string> sourceText; // each figure's source, with the date that dates its round
        for (const auto& src : m_model.sources)
            sourceText[src.id] =
                src.title +
                (src.datePublished.empty() || src.title.find(readableDate(src.datePublished)) != std::string::npos
                     ? std::string()
                     : " (published " + readableDate(src.datePublished) + ")");

        std::vector<Period> withFigures;
        for (const auto& s : sec.series)
            for (const auto& p : s.figures.points)
                withFigures.push_back(p.period);
        m_emptyPeriods[mi] = trends::periodsWithout(sec.periods, withFigures);
        const auto totals = totalObservations(sec);
        for (const auto& s : sec.series) {
            std::vector<Cell> row;
            row.push_back(Cell::makeText(s.area.name));
            row.push_back(Cell::makeText(s.area.code.empty() ? "[z]" : s.area.code));
            row.push_back(Cell::makeText(upperFirst(std::string(areaKindLabel(s.area.kind)))));
            std::vector<std::string> quals;
            std::vector<std::pair<std::string, std::string>> notes;
            for (const auto& period : sec.periods) {
                const trends::SeriesPoint* point = nullptr;
                for (const auto& p : s.figures.points)
                    if (p.period == period)
                        point = &p;
                if (!point)
                    row.push_back(Cell::makeText(std::string(trends::code::kMissing)));
                else if (point->value.computable())
                    row.push_back(Cell::makeNumber(point->value.value()));
                else
                    row.push_back(Cell::makeText(point->value.code()));
                if (point && !point->markers.qualifiers().empty())
                    quals.push_back(periodLabel(period) + " " + point->markers.qualifiers().toString());
                // A suppressed figure's note may say what the figure is ("revised from 12"): it goes with it.
                if (const auto o = totals.find({s.area.id, period.sortKey()});
                    o != totals.end() && !o->second->note.empty() && !isSuppressed(point))
                    notes.emplace_back(periodLabel(period), o->second->note);
            }
            if (qualifiers)
                row.push_back(Cell::makeText(text::join(quals, "; ")));
            std::vector<std::string> sources;
            for (const auto& period : sec.periods)
                if (const auto o = totals.find({s.area.id, period.sortKey()}); o != totals.end()) {
                    const auto it = sourceText.find(o->second->sourceId);
                    if (it != sourceText.end() &&
                        std::find(sources.begin(), sources.end(), it->second) == sources.end())
                        sources.push_back(it->second);
                }
            row.push_back(Cell::makeText(sources.empty() ? std::string("[x]") : text::join(sources, "; ")));
            row.push_back(Cell::makeText(provenanceText(s.area.id, sec.periods, totals)));
            row.push_back(Cell::makeText(noteFromObservations(notes)));
            t.rows.push_back(std::move(row));
        }
        m_layout.sheets[si].table = std::move(t);

        std::string defn = "Measure: " + sentence(sec.measure.name);
        if (!sec.measure.definition.empty())
            defn += " Definition: " + sentence(lowerFirst(sec.measure.definition));
        if (!sec.measure.population.empty())
            defn += " Population: " + sec.measure.population + ".";
        std::string title = tableNumber(si) + ": " + sec.measure.name + ", by area and " +
                            (sec.periods.empty() ? "period" : kindSingular(sec.periods.front().kind())) + ", " +
                            (sec.totals ? sec.totals->scopeName + ", " : std::string()) + periodSpan(sec) + " " +
                            note(defn) + suppressionNote(sec.measure.unit);
        const auto titles = sourceTitles(sec);
        for (const auto& src : m_model.sources) {
            if (std::find(titles.begin(), titles.end(), src.title) != titles.end() && !src.qualityNotes.empty())
                title += note("Source: " + src.title + ". " + sentence(src.qualityNotes));
        }
        std::vector<std::string> extra = {
            unitSentence(sec.measure) + " " +
                (sec.periods.empty() ? std::string() : periodsSentence(sec.periods.front().kind())),
            "Source: " + listAnd(titles) + ". Details are on the Sources worksheet."};
        std::vector<std::string> pointers;
        if (m_change != kNone)
            pointers.push_back("the change in each area is in " + tableNumber(m_change));
        if (sec.totals && m_totals != kNone)
            pointers.push_back("totals are in " + tableNumber(m_totals));
        if (!pointers.empty())
            extra.push_back(sentence(listAnd(pointers)));
        if (const auto& empty = m_emptyPeriods[mi]; !empty.empty()) {
            std::vector<std::string> labels;
            for (const auto& p : empty)
                labels.push_back(periodLabel(p));
            extra.push_back("No area has a figure for " + listAnd(labels) + ": " +
                            (labels.size() == 1 ? "its column is kept, so that the periods are in sequence, and holds"
                                                : "their columns are kept, so that the periods are in sequence, and "
                                                  "hold") +
                            " [x].");
        }
        finishTableSheet(si, title, sec.measure.name + ", by area and period", extra);
    }

    // -------------------------------------------------------------------------------------------
    // Change by area

    struct ChangeCols
    {
        std::size_t measure = kNone, area, code, from, to, years, first, last, change, percent, fold, annual, lower,
                    upper, significance, notes;
    };

    ChangeCols changeColumns(Table& t, ColumnType valueType, bool fractionalYears, const std::string& ciNote)
    {
        ChangeCols c;
        std::size_t i = 0;
        if (m_multiMeasure) {
            c.measure = i++;
            t.columns.push_back({"Measure", ColumnType::Text});
        }
        auto col = [&](std::string header, ColumnType type) {
            t.columns.push_back({std::move(header), type});
            return i++;
        };
        c.area = col("Area", ColumnType::Text);
        c.code = col("Area code", ColumnType::Text);
        c.from = col("Compared from", ColumnType::Text);
        c.to = col("Compared to", ColumnType::Text);
        c.years = col("Years between", fractionalYears ? ColumnType::Decimal2 : ColumnType::Count);
        c.first = col("First figure", valueType);
        c.last = col("Last figure", valueType);
        c.change = col("Change", valueType);
        c.percent = col("Change (%)", ColumnType::Percent);
        c.fold = col("Fold change", ColumnType::Ratio);
        c.annual = col("Compound annual rate of change (%)", ColumnType::Percent);
        c.lower = col("Rate ratio lower 95% limit " + ciNote, ColumnType::Ratio);
        c.upper = col("Rate ratio upper 95% limit", ColumnType::Ratio);
        c.significance = col("Significance", ColumnType::Text);
        c.notes = col("Notes", ColumnType::LongText);
        t.columns.back().emptyMeans = kNoNote;
        return c;
    }

    // Fills the computed cells of one change row whose first and last figures are already in place.
    void fillChangeRow(std::vector<Cell>& row, std::size_t rowIndex, const ChangeCols& c,
                       const trends::SeriesFigures& f)
    {
        const Ref first{m_change, rowIndex, c.first}, last{m_change, rowIndex, c.last};
        const Ref years{m_change, rowIndex, c.years};
        const Ref lower{m_change, rowIndex, c.lower}, upper{m_change, rowIndex, c.upper};
        auto put = [&](std::size_t col, const trends::Figure& fig, Formula formula) {
            row[col] =
                fig.computable() ? Cell::makeFormula(std::move(formula), fig.value()) : Cell::makeText(fig.code());
        };
        put(c.change, f.absoluteChange, Formula().add(last).add("-").add(first));
        put(c.percent, f.percentChange, Formula("(").add(last).add("-").add(first).add(")/").add(first));
        put(c.fold, f.foldChange, Formula().add(last).add("/").add(first));
        put(c.annual, f.annualRate, Formula("(").add(last).add("/").add(first).add(")^(1/").add(years).add(")-1"));
        const std::string z = trends::formatFull(trends::kZ95);
        put(c.lower, f.ciLower,
            Formula("EXP(LN(")
                .add(last)
                .add("/")
                .add(first)
                .add(")-" + z + "*SQRT(1/")
                .add(first)
                .add("+1/")
                .add(last)
                .add("))"));
        put(c.upper, f.ciUpper,
            Formula("EXP(LN(")
                .add(last)
                .add("/")
                .add(first)
                .add(")+" + z + "*SQRT(1/")
                .add(first)
                .add("+1/")
                .add(last)
                .add("))"));
        if (f.significance == trends::Significance::NotComputable)
            row[c.significance] = Cell::makeText(f.significanceCode());
        else
            row[c.significance] = Cell::makeFormulaText(
                Formula("IF(OR(").add(lower).add(">1,").add(upper).add("<1),\"[s]\",\"[ns]\")"), f.significanceCode());
        std::vector<std::string> reasons;
        for (const auto* fig : {&f.absoluteChange, &f.percentChange, &f.foldChange, &f.annualRate, &f.ciLower})
            if (!fig->computable() && !fig->reason().empty() &&
                std::find(reasons.begin(), reasons.end(), fig->reason()) == reasons.end())
                reasons.push_back(fig->reason());
        row[c.notes] = Cell::makeText(joinSentences(reasons));
    }

    void buildChange()
    {
        const std::size_t si = m_change;
        Table t;
        t.name = tableName(si, "Change_by_area");
        std::set<ColumnType> types;
        bool fractional = false;
        for (const auto& sec : m_model.measures) {
            types.insert(unitColumn(sec.measure.unit));
            for (const auto& s : sec.series)
                fractional =
                    fractional || s.figures.years != static_cast<double>(static_cast<long long>(s.figures.years));
        }
        const ColumnType valueType = types.size() == 1 ? *types.begin() : ColumnType::Decimal2;
        const std::string ciNote = note(
            "The 95% confidence interval of the rate ratio (last figure divided by first figure) treats each count "
            "as a Poisson count: exp(ln(last / first) \xE2\x88\x93 1.96 \xC3\x97 \xE2\x88\x9A(1 / first + 1 / "
            "last)). It shows chance variation only, not changes in recording or reporting; see the Methodology "
            "worksheet. It is given for counts above zero only.");
        const ChangeCols c = changeColumns(t, valueType, fractional, ciNote);
        std::vector<std::string> single; // areas with a figure for one period only
        m_changeAreaCol = c.area;
        m_changePercentCol = c.percent;

        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            if (m_stats[mi] == kNone)
                continue;
            for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
                const auto& s = sec.series[ai];
                const auto& f = s.figures;
                if (f.from == f.to) { // one period: nothing to compare
                    single.push_back(s.area.name);
                    continue;
                }
                const std::size_t r = t.rows.size();
                std::vector<Cell> row(t.columns.size());
                if (c.measure != kNone)
                    row[c.measure] = Cell::makeText(sec.measure.name);
                row[c.area] = Cell::makeText(s.area.name);
                row[c.code] = Cell::makeText(s.area.code.empty() ? "[z]" : s.area.code);
                row[c.from] = Cell::makeText(periodLabel(f.from));
                row[c.to] = Cell::makeText(periodLabel(f.to));
                row[c.years] = Cell::makeNumber(f.years);
                auto statsCell = [&](const Period& p, const trends::Figure& fig, std::size_t col) {
                    const auto pi = periodIndex(sec, p);
                    if (!pi) {
                        row[col] = Cell::makeText(fig.computable() ? std::string(trends::code::kMissing) : fig.code());
                        if (fig.computable())
                            m_problems.push_back("internal: the period " + p.toString() + " of " + s.area.name +
                                                 " is not a column of " + tableNumber(m_stats[mi]));
                        return;
                    }
                    Formula ref;
                    ref.add(Ref{m_stats[mi], ai, statsPeriodCol(*pi)});
                    row[col] =
                        fig.computable() ? Cell::makeFormula(ref, fig.value()) : Cell::makeFormulaText(ref, fig.code());
                };
                statsCell(f.from, f.first, c.first);
                statsCell(f.to, f.last, c.last);
                fillChangeRow(row, r, c, f);
                m_changeRow[{mi, ai}] = r;
                t.rows.push_back(std::move(row));
            }
        }
        // Like-for-like totals last (totals at the edge of the table).
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            if (!sec.totals || m_totals == kNone)
                continue;
            const auto& res = sec.totals->result;
            // Below the coverage threshold the change figures are "[u]", never numbers.
            const trends::SeriesFigures f = trends::reportableLikeForLike(res, m_model.coverageThreshold);
            const std::size_t r = t.rows.size();
            std::vector<Cell> row(t.columns.size());
            if (c.measure != kNone)
                row[c.measure] = Cell::makeText(sec.measure.name);
            row[c.area] = Cell::makeText(trends::likeForLikeLabel(res.likeForLike, res.from, res.to) + " in " +
                                         sec.totals->scopeName + " " + lflNote(sec));
            row[c.code] = Cell::makeText("[z]");
            row[c.from] = Cell::makeText(periodLabel(f.from));
            row[c.to] = Cell::makeText(periodLabel(f.to));
            row[c.years] = Cell::makeNumber(f.years);
            auto totalsCell = [&](const Period& p, const trends::Figure& fig, std::size_t col) {
                const auto it = m_totalsRow.find({mi, p.sortKey()});
                if (it == m_totalsRow.end()) {
                    row[col] = Cell::makeText(fig.computable() ? std::string(trends::code::kMissing) : fig.code());
                    return;
                }
                Formula ref;
                ref.add(Ref{m_totals, it->second, m_totalsLflCol});
                row[col] =
                    fig.computable() ? Cell::makeFormula(ref, fig.value()) : Cell::makeFormulaText(ref, fig.code());
            };
            totalsCell(f.from, f.first, c.first);
            totalsCell(f.to, f.last, c.last);
            fillChangeRow(row, r, c, f);
            m_lflChangeRow[mi] = r;
            t.rows.push_back(std::move(row));
        }
        m_layout.sheets[si].table = std::move(t);
        if (c.area != 0)
            m_noteColumns[si] = c.area; // the like-for-like rows' labels carry notes

        std::vector<std::string> extra = {
            "Each row compares an area's first and last figures (the earliest and latest periods with a figure). "
            "Computed cells are " +
                std::string(m_valuesOnly ? "values computed by Evidence Desk"
                                         : "formulas that refer to the figures they use, stored with their results") +
                "; the Methodology worksheet defines each.",
            "Percentages are fractions shown as percentages: a change of 100% is a doubling."};
        if (!single.empty())
            extra.push_back("Not listed, because they have a figure for one period only and so nothing to compare: " +
                            listAnd(single) + ".");
        std::string scope;
        for (const auto& sec : m_model.measures)
            if (sec.totals && scope.empty())
                scope = " The like-for-like total in the last row" + std::string(m_multiMeasure ? "s" : "") +
                        " compares only the areas with figures for both periods.";
        if (!scope.empty())
            extra.push_back(text::trim(scope).data());
        finishTableSheet(si,
                         tableNumber(si) + ": Change between the first and last period with a figure, by area" +
                             suppressionNote(),
                         "Change between the first and last period with a figure, by area", extra);
    }

    std::string lflNote(const MeasureSection& sec)
    {
        const auto& r = sec.totals->result;
        const auto& lfl = r.likeForLike;
        std::string s = "Like-for-like totals add up only the areas in scope that have figures for both " +
                        periodLabel(r.from) + " and " + periodLabel(r.to) +
                        ", so that a change is not caused by areas that gave figures for one period only.";
        s += " For " + sec.measure.name + " in " + sec.totals->scopeName + " these are " +
             (lfl.areaNames.empty() ? std::string("none of the areas") : listAnd(lfl.areaNames)) + " (" +
             lfl.coverage.text() + ").";
        return note(s);
    }

    // -------------------------------------------------------------------------------------------
    // Totals with coverage and like-for-like totals

    std::string commonNoun() const
    {
        std::string noun;
        for (const auto& sec : m_model.measures)
            if (sec.totals) {
                const std::string n =
                    sec.totals->result.periods.empty() ? "areas" : sec.totals->result.periods.front().coverage.noun;
                if (noun.empty())
                    noun = n;
                else if (noun != n)
                    return "areas";
            }
        return noun.empty() ? "areas" : noun;
    }

    void buildTotals()
    {
        const std::size_t si = m_totals;
        Table t;
        t.name = tableName(si, "Totals");
        const std::string noun = commonNoun();
        std::size_t i = 0;
        auto col = [&](std::string header, ColumnType type) {
            t.columns.push_back({std::move(header), type});
            return i++;
        };
        std::set<ColumnType> types;
        for (const auto& sec : m_model.measures)
            if (sec.totals)
                types.insert(unitColumn(sec.measure.unit));
        const ColumnType valueType = types.size() == 1 ? *types.begin() : ColumnType::Decimal2;
        const std::size_t measureCol = m_multiMeasure ? col("Measure", ColumnType::Text) : kNone;
        const std::size_t scopeCol = m_multiMeasure ? col("Areas in scope", ColumnType::Text) : kNone;
        const std::size_t periodCol = col("Period", ColumnType::Text);
        const std::size_t totalCol = col("Sum of the figures of the " + noun + " with one", valueType);
        const std::size_t coveredCol = col(upperFirst(noun) + " with a figure", ColumnType::Count);
        const std::size_t inScopeCol = col(upperFirst(noun) + " in scope", ColumnType::Count);
        const std::size_t missingCol = col(upperFirst(noun) + " without a figure", ColumnType::LongText);
        std::string lflHeaderNote;
        for (const auto& sec : m_model.measures)
            if (sec.totals)
                lflHeaderNote += lflNote(sec);
        const std::size_t lflCol = col("Like-for-like total " + lflHeaderNote, valueType);
        if (periodCol != m_totalsPeriodCol || totalCol != m_totalsTotalCol || lflCol != m_totalsLflCol)
            m_problems.push_back("internal: the totals table's columns differ from the planned ones");

        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            if (!sec.totals)
                continue;
            const auto& res = sec.totals->result;
            // Statistics cells of the areas in scope, per period column.
            std::map<RowId, std::size_t> rowOfArea;
            for (std::size_t ai = 0; ai < sec.series.size(); ++ai)
                rowOfArea[sec.series[ai].area.id] = ai;
            auto refsFor = [&](const Period& p, const std::vector<RowId>& areas) {
                std::vector<Ref> refs;
                const auto pi = periodIndex(sec, p);
                if (!pi || m_stats[mi] == kNone)
                    return refs;
                for (RowId id : areas)
                    if (const auto it = rowOfArea.find(id); it != rowOfArea.end())
                        refs.push_back(Ref{m_stats[mi], it->second, statsPeriodCol(*pi)});
                std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.row < b.row; });
                return refs;
            };
            std::vector<RowId> scopeIds;
            for (const auto& a : sec.totals->scope)
                scopeIds.push_back(a.id);

            for (const auto& pt : res.periods) {
                std::vector<Cell> row(t.columns.size());
                if (measureCol != kNone) {
                    row[measureCol] = Cell::makeText(sec.measure.name);
                    row[scopeCol] = Cell::makeText(sec.totals->scopeName);
                }
                row[periodCol] = Cell::makeText(periodLabel(pt.period));
                const auto refs = refsFor(pt.period, scopeIds);
                const bool hiddenMembers = anyConfidential(refs);
                if (pt.total.computable()) {
                    if (refs.empty() || hiddenMembers)
                        row[totalCol] = Cell::makeNumber(pt.total.value());
                    else
                        row[totalCol] = Cell::makeFormula(Formula("SUM(").addList(refs).add(")"), pt.total.value());
                } else {
                    row[totalCol] = Cell::makeText(pt.total.code());
                }
                const double covered = static_cast<double>(pt.coverage.covered);
                if (refs.empty() || hiddenMembers)
                    row[coveredCol] = Cell::makeNumber(covered);
                else
                    row[coveredCol] = Cell::makeFormula(Formula("COUNT(").addList(refs).add(")"), covered);
                row[inScopeCol] = Cell::makeNumber(static_cast<double>(pt.coverage.inScope));
                // Named when a reader can take them in; else counted (those with a figure are in the
                // statistics table).
                std::vector<std::string> missing;
                for (const auto& gap : pt.missing)
                    missing.push_back(gap.areaName + (gap.code == trends::code::kMissing ? "" : " " + gap.code));
                constexpr std::size_t kNamedGaps = 5;
                if (missing.empty())
                    row[missingCol] = Cell::makeText("None: every one in scope has a figure");
                else if (missing.size() <= kNamedGaps)
                    row[missingCol] = Cell::makeText(text::join(missing, "; "));
                else
                    row[missingCol] = Cell::makeText(
                        std::to_string(missing.size()) + " of " + std::to_string(pt.coverage.inScope) + " " + noun +
                        " (those with a figure are in " +
                        (m_stats[mi] != kNone ? tableNumber(m_stats[mi]) : std::string("Table 1")) + ")");

                const trends::SeriesPoint* lp = nullptr;
                for (const auto& p : res.likeForLike.figures.points)
                    if (p.period == pt.period)
                        lp = &p;
                if (lp && lp->value.computable()) {
                    const auto lrefs = refsFor(pt.period, res.likeForLike.areaIds);
                    if (lrefs.empty() || anyConfidential(lrefs))
                        row[lflCol] = Cell::makeNumber(lp->value.value());
                    else
                        row[lflCol] = Cell::makeFormula(Formula("SUM(").addList(lrefs).add(")"), lp->value.value());
                } else {
                    row[lflCol] = Cell::makeText(lp ? lp->value.code() : std::string(trends::code::kMissing));
                }
                if (m_totalsRow[{mi, pt.period.sortKey()}] != t.rows.size())
                    m_problems.push_back("internal: the totals table's rows differ from the planned ones");
                t.rows.push_back(std::move(row));
            }
        }
        m_layout.sheets[si].table = std::move(t);

        std::vector<std::string> extra;
        for (const auto& sec : m_model.measures)
            if (sec.totals && !m_multiMeasure)
                extra.push_back("Totals add up the " + std::to_string(sec.totals->scope.size()) + " " + noun + " of " +
                                sec.totals->scopeName + " (the areas in scope), using the figures in " +
                                tableNumber(m_stats[0]) + ". Rows that are themselves totals are not added in again.");
        extra.push_back("Totals cover different " + noun +
                        " in different periods, so do not compare them between periods: compare the like-for-like "
                        "totals, whose change is in the last row of " +
                        (m_change != kNone ? tableNumber(m_change) : std::string("the change table")) + ".");
        finishTableSheet(
            si, tableNumber(si) + ": Totals by period, with coverage and like-for-like totals" + suppressionNote(),
            "Totals by period, with coverage and like-for-like totals", extra);
    }

    // -------------------------------------------------------------------------------------------
    // Breakdowns

    // The statistics-table cell of an area's total for a period, when it holds a number.
    std::optional<Ref> areaTotalRef(std::size_t mi, RowId areaId, const Period& period) const
    {
        const MeasureSection& sec = m_model.measures[mi];
        if (m_stats[mi] == kNone)
            return std::nullopt;
        const auto pi = periodIndex(sec, period);
        if (!pi)
            return std::nullopt;
        for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
            if (sec.series[ai].area.id != areaId)
                continue;
            const Cell& target = m_layout.sheets[m_stats[mi]].table->rows[ai][statsPeriodCol(*pi)];
            if (target.kind == Cell::Kind::Number)
                return Ref{m_stats[mi], ai, statsPeriodCol(*pi)};
        }
        return std::nullopt;
    }

    void buildBreakdowns()
    {
        const std::size_t si = m_breakdowns;
        Table t;
        t.name = tableName(si, "Breakdowns");
        std::size_t i = 0;
        auto col = [&](std::string header, ColumnType type) {
            t.columns.push_back({std::move(header), type});
            return i++;
        };
        const std::size_t measureCol = m_multiMeasure ? col("Measure", ColumnType::Text) : kNone;
        const std::size_t areaCol = col("Area", ColumnType::Text);
        const std::size_t periodCol = col("Period", ColumnType::Text);
        const std::size_t dimCol = col("Breakdown", ColumnType::Text);
        const std::size_t catCol = col("Category", ColumnType::Text);
        const std::size_t countCol = col("Count", ColumnType::Count);
        const std::size_t shareCol = col("Share (%)", ColumnType::Percent);
        const std::size_t notesCol = col("Notes", ColumnType::LongText);
        t.columns[notesCol].emptyMeans = kNoNote;
        m_distCategoryCol = catCol;
        m_distCountCol = countCol;

        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            for (const std::size_t di : m_distOrder[mi]) {
                const auto& ad = sec.distributions[di];
                const auto& d = ad.distribution;
                DistRows rows;
                rows.first = t.rows.size();
                rows.recorded = d.categories.size();
                rows.notRecorded = d.notRecordedCategories.size();
                std::vector<Ref> recordedRefs;
                for (std::size_t k = 0; k < rows.recorded; ++k)
                    recordedRefs.push_back(Ref{si, rows.first + k, countCol});
                bool hiddenCategory = false;
                for (const auto& cc : d.categories)
                    hiddenCategory = hiddenCategory || cc.count.code() == trends::code::kSuppressed;
                // The same in every row of the distribution: formatted once.
                const std::string period = periodLabel(d.period);
                const std::string dimension = upperFirst(d.dimension);
                // Shares are of the area's total where the store holds it, else of the recorded categories.
                const std::optional<Ref> totalRef =
                    d.areaTotal ? areaTotalRef(mi, ad.area.id, d.period) : std::optional<Ref>{};
                auto addRow = [&](const trends::CategoryCount& cc, bool recorded) {
                    const std::size_t r = t.rows.size();
                    std::vector<Cell> row(t.columns.size());
                    if (measureCol != kNone)
                        row[measureCol] = Cell::makeText(sec.measure.name);
                    row[areaCol] = Cell::makeText(ad.area.name);
                    row[periodCol] = Cell::makeText(period);
                    row[dimCol] = Cell::makeText(dimension);
                    row[catCol] = Cell::makeText(cc.category);
                    row[countCol] =
                        cc.count.computable() ? Cell::makeNumber(cc.count.value()) : Cell::makeText(cc.count.code());
                    std::vector<std::string> reasons;
                    if (!recorded && !d.areaTotal) {
                        row[shareCol] = Cell::makeText(cc.share.computable() ? "[z]" : cc.share.code());
                        reasons.push_back("Not recorded: left out of the shares");
                    } else if (cc.share.computable() && (hiddenCategory || (d.areaTotal && !totalRef))) {
                        row[shareCol] = Cell::makeNumber(cc.share.value());
                    } else if (cc.share.computable() && totalRef) {
                        row[shareCol] = Cell::makeFormula(Formula().add(Ref{si, r, countCol}).add("/").add(*totalRef),
                                                          cc.share.value());
                    } else if (cc.share.computable()) {
                        row[shareCol] = Cell::makeFormula(
                            Formula().add(Ref{si, r, countCol}).add("/SUM(").addList(recordedRefs).add(")"),
                            cc.share.value());
                    } else {
                        row[shareCol] = Cell::makeText(cc.share.code());
                    }
                    for (const auto* fig : {&cc.count, &cc.share})
                        if (!fig->computable() && !fig->reason().empty() &&
                            (recorded || fig != &cc.share || d.areaTotal))
                            reasons.push_back(fig->reason());
                    if (recorded && d.partial)
                        reasons.push_back("A share of the area's total, not of the cases whose " + d.dimension +
                                          " is recorded: most cases have none");
                    if (!cc.note.empty() && cc.count.code() != trends::code::kSuppressed)
                        reasons.push_back(cc.note);
                    row[notesCol] = Cell::makeText(joinSentences(reasons));
                    t.rows.push_back(std::move(row));
                };
                for (const auto& cc : d.categories)
                    addRow(cc, true);
                for (const auto& cc : d.notRecordedCategories)
                    addRow(cc, false);
                m_distRows[{mi, di}] = rows;
            }
        }
        m_layout.sheets[si].table = std::move(t);
        finishTableSheet(si,
                         tableNumber(si) + ": Breakdowns by category, with each category's share" + suppressionNote(),
                         "Breakdowns by category, with each category's share",
                         {"Shares are of the area's total for the period where the statistics table holds it, so "
                          "that a breakdown recorded for a few cases is not read as the whole; otherwise they are of "
                          "the categories whose value is recorded, and categories such as \"not recorded\" are left "
                          "out. Each row's notes say which. Summaries of each breakdown are in " +
                          tableNumber(m_breakdownSummary) + "."});
    }

    void buildBreakdownSummary()
    {
        const std::size_t si = m_breakdownSummary;
        Table t;
        t.name = tableName(si, "Breakdown_summaries");
        std::size_t i = 0;
        auto col = [&](std::string header, ColumnType type) {
            t.columns.push_back({std::move(header), type});
            return i++;
        };
        const std::size_t measureCol = m_multiMeasure ? col("Measure", ColumnType::Text) : kNone;
        const std::size_t areaCol = col("Area", ColumnType::Text);
        const std::size_t periodCol = col("Period", ColumnType::Text);
        const std::size_t dimCol = col("Breakdown", ColumnType::Text);
        const std::size_t recordedCol = col("Total of recorded categories", ColumnType::Count);
        const std::size_t notRecordedCol = col("Not recorded", ColumnType::Count);
        const std::size_t modeCol = col("Most common category", ColumnType::Text);
        const std::size_t modeCountCol = col("Count in the most common category", ColumnType::Count);
        const std::size_t medianCol = col("Median category", ColumnType::Text);
        bool anyThreshold = false;
        for (const auto& sec : m_model.measures)
            for (const auto& ad : sec.distributions)
                anyThreshold = anyThreshold || ad.distribution.threshold.has_value();
        const std::size_t thresholdCol = anyThreshold ? col("Threshold", ColumnType::Count) : kNone;
        const std::size_t underCol = anyThreshold ? col("Count at or under the threshold", ColumnType::Count) : kNone;
        const std::size_t underShareCol =
            anyThreshold ? col("Share at or under the threshold (%)", ColumnType::Percent) : kNone;
        const std::size_t allCol = col("Total for the area and period", ColumnType::Count);
        const std::size_t notesCol = col("Notes", ColumnType::LongText);
        t.columns[notesCol].emptyMeans = kNoNote;

        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            for (const std::size_t di : m_distOrder[mi]) {
                const auto& ad = sec.distributions[di];
                const auto& d = ad.distribution;
                const DistRows rows = m_distRows.at({mi, di});
                std::vector<Ref> recorded, notRecorded;
                for (std::size_t k = 0; k < rows.recorded; ++k)
                    recorded.push_back(Ref{m_breakdowns, rows.first + k, m_distCountCol});
                for (std::size_t k = 0; k < rows.notRecorded; ++k)
                    notRecorded.push_back(Ref{m_breakdowns, rows.first + rows.recorded + k, m_distCountCol});
                std::vector<Cell> row(t.columns.size());
                if (measureCol != kNone)
                    row[measureCol] = Cell::makeText(sec.measure.name);
                row[areaCol] = Cell::makeText(ad.area.name);
                row[periodCol] = Cell::makeText(periodLabel(d.period));
                row[dimCol] = Cell::makeText(upperFirst(d.dimension));
                auto formulaOrCode = [&](const trends::Figure& fig, const std::string& fn,
                                         const std::vector<Ref>& refs) {
                    if (!fig.computable())
                        return Cell::makeText(fig.code());
                    if (refs.empty() || anyConfidential(refs))
                        return Cell::makeNumber(fig.value());
                    return Cell::makeFormula(Formula(fn + "(").addList(refs).add(")"), fig.value());
                };
                row[recordedCol] = formulaOrCode(d.recordedTotal, "SUM", recorded);
                const std::size_t summaryRow = t.rows.size();
                const std::optional<Ref> totalRef =
                    d.areaTotal ? areaTotalRef(mi, ad.area.id, d.period) : std::optional<Ref>{};
                if (d.areaTotal && totalRef && d.notRecorded.computable() && !anyConfidential(recorded))
                    // What the recorded categories leave of the area's total.
                    row[notRecordedCol] = Cell::makeFormula(
                        Formula().add(Ref{si, summaryRow, allCol}).add("-").add(Ref{si, summaryRow, recordedCol}),
                        d.notRecorded.value());
                else if (d.areaTotal)
                    row[notRecordedCol] = d.notRecorded.computable() ? Cell::makeNumber(d.notRecorded.value())
                                                                     : Cell::makeText(d.notRecorded.code());
                else
                    row[notRecordedCol] = formulaOrCode(d.notRecorded, "SUM", notRecorded);
                row[modeCol] = Cell::makeText(d.mostCommon.empty() ? (d.mostCommonCount.computable()
                                                                          ? std::string(trends::code::kMissing)
                                                                          : d.mostCommonCount.code())
                                                                   : listAnd(d.mostCommon));
                row[modeCountCol] = formulaOrCode(d.mostCommonCount, "MAX", recorded);
                row[medianCol] = Cell::makeText(
                    d.medianCategory.empty()
                        ? (d.numeric ? (d.median.computable() ? "[x]" : d.median.code()) : std::string("[z]"))
                        : d.medianCategory);
                if (anyThreshold) {
                    const std::size_t r = t.rows.size();
                    if (!d.threshold) {
                        row[thresholdCol] = Cell::makeText("[z]");
                        row[underCol] = Cell::makeText("[z]");
                        row[underShareCol] = Cell::makeText("[z]");
                    } else {
                        row[thresholdCol] = Cell::makeNumber(static_cast<double>(*d.threshold));
                        // The categories that lie wholly at or under the threshold (as the trend engine counts).
                        std::vector<Ref> under;
                        for (std::size_t k = 0; k < rows.recorded; ++k) {
                            const auto& range = d.categories[k].range;
                            if (range && range->high && *range->high <= *d.threshold)
                                under.push_back(recorded[k]);
                        }
                        row[underCol] = formulaOrCode(d.atOrUnderCount, "SUM", under);
                        if (d.atOrUnderShare.computable())
                            row[underShareCol] =
                                Cell::makeFormula(Formula()
                                                      .add(Ref{si, r, underCol})
                                                      .add("/")
                                                      .add(Ref{si, r, d.areaTotal ? allCol : recordedCol}),
                                                  d.atOrUnderShare.value());
                        else
                            row[underShareCol] = Cell::makeText(d.atOrUnderShare.code());
                    }
                }
                // The area's total for the period, from the statistics table.
                std::optional<double> all;
                row[allCol] = Cell::makeText("[x]");
                if (m_stats[mi] != kNone) {
                    for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
                        if (sec.series[ai].area.id != ad.area.id)
                            continue;
                        const auto pi = periodIndex(sec, d.period);
                        if (!pi)
                            break;
                        const Ref ref{m_stats[mi], ai, statsPeriodCol(*pi)};
                        const Cell& target = m_layout.sheets[m_stats[mi]].table->rows[ai][statsPeriodCol(*pi)];
                        if (target.kind == Cell::Kind::Number) {
                            all = target.number;
                            row[allCol] = Cell::makeFormula(Formula().add(ref), target.number);
                        } else {
                            row[allCol] = Cell::makeFormulaText(Formula().add(ref), target.text);
                        }
                    }
                }
                std::vector<std::string> notes;
                if (!d.exclusionNote.empty())
                    notes.push_back(d.exclusionNote);
                if (!d.areaTotal && !d.exceedsTotal && all && d.total.computable() && d.total.value() < *all)
                    notes.push_back("The categories given add up to " + figureText(d.total.value()) + " of the " +
                                    figureText(*all) + " recorded for " + ad.area.name + " in " +
                                    periodLabel(d.period) +
                                    ": the breakdown is incomplete, so shares are of the categories given only");
                else if (!d.areaTotal && !d.exceedsTotal && all && d.total.computable() && d.total.value() > *all)
                    notes.push_back("The categories given add up to " + figureText(d.total.value()) +
                                    ", more than the " + figureText(*all) + " recorded for " + ad.area.name + " in " +
                                    periodLabel(d.period) +
                                    ": a case may be counted in more than one category, so shares are of the "
                                    "categories given only");
                if (d.partial) {
                    const std::string& r = d.mostCommonCount.reason();
                    notes.push_back(r.substr(0, r.rfind(", so ")) + ", so no most common category, median or " +
                                    "count at or under a threshold is given: the few recorded cases need not be "
                                    "like the rest");
                } else {
                    for (const auto* fig : {&d.recordedTotal, &d.mostCommonCount, &d.atOrUnderCount})
                        if (!fig->computable() && !fig->reason().empty() && (fig != &d.atOrUnderCount || d.threshold))
                            notes.push_back(fig->reason());
                }
                for (const auto* cats : {&d.categories, &d.notRecordedCategories})
                    for (const auto& cc : *cats)
                        if (!cc.note.empty() && cc.count.code() != trends::code::kSuppressed)
                            notes.push_back(cc.category + ": " + cc.note);
                row[notesCol] = Cell::makeText(joinSentences(notes));
                t.rows.push_back(std::move(row));
            }
        }
        m_layout.sheets[si].table = std::move(t);
        finishTableSheet(
            si, tableNumber(si) + ": Summary of each breakdown" + suppressionNote(),
            "Summary of each breakdown: recorded total, most common and median category",
            {"Totals and the most common count are computed from the counts in " + tableNumber(m_breakdowns) + "."});
    }

    // -------------------------------------------------------------------------------------------
    // Case studies

    // The questions whose answers cite a case study, in question order: what the Responses sheet shows,
    // not the tags the case study was filed under.
    std::string citingQuestions(RowId caseStudyId) const
    {
        std::vector<std::string> numbers;
        for (const auto& r : m_model.responses)
            if (std::find(r.answer.citedCaseStudies.begin(), r.answer.citedCaseStudies.end(), caseStudyId) !=
                r.answer.citedCaseStudies.end())
                numbers.push_back(r.question.number);
        return numbers.empty() ? std::string("None: no answer cites it") : text::join(numbers, "; ");
    }

    void buildCaseStudies()
    {
        const std::size_t si = m_cases;
        Table t;
        t.name = "Case_studies";
        t.columns = {{"Reference", ColumnType::Text},
                     {"Title", ColumnType::Text},
                     {"Age or age band", ColumnType::Whole},
                     {"Gender", ColumnType::Text},
                     {"Region", ColumnType::Text},
                     {"Year", ColumnType::Whole},
                     {"Types of harm", ColumnType::Text},
                     {"Types of platform", ColumnType::Text},
                     {"Account", ColumnType::LongText},
                     {"Outcome or support", ColumnType::Text},
                     {"Basis", ColumnType::Text},
                     {"Consent", ColumnType::Text},
                     {"Review", ColumnType::Text},
                     {"Questions whose answers cite it", ColumnType::Text}};
        for (const auto& e : m_model.caseStudies) {
            const CaseStudy& c = e.caseStudy;
            std::string ref = c.reference;
            if (!e.overrideNote.empty())
                ref += " " + note(e.overrideNote);
            // A published account rests on its publication, not on a consent the charity could hold. Its
            // address is left out: the re-read of the written workbook reports any web address in a cell.
            std::string basis = "Consent of the child or family";
            if (c.basis == CaseStudyBasis::PublishedAccount) {
                std::vector<std::string> cite;
                for (const auto* part : {&c.citation.publisher, &c.citation.title})
                    if (!part->empty())
                        cite.push_back(*part);
                if (!c.citation.date.empty())
                    cite.push_back(readableDate(c.citation.date));
                basis = "Published account: " + (cite.empty() ? std::string("[x]") : text::join(cite, ", "));
            }
            std::string consent;
            switch (c.consent) {
            case Consent::Obtained:
                consent = "Given";
                break;
            case Consent::NotObtained:
                consent = "Not given";
                break;
            case Consent::Unknown:
                consent = c.basis == CaseStudyBasis::PublishedAccount ? "[z]" : "Not recorded";
                break;
            }
            // Roles stand after a colon, as typed: a sentence that had to change their case would alter
            // what the user wrote (and hide a name typed in it from a case-sensitive reader).
            if (c.consent == Consent::Obtained) {
                if (!c.consentDate.empty())
                    consent += ", recorded on " + readableDate(c.consentDate);
                if (!c.consentRecordedBy.empty())
                    consent += "; recorded by: " + c.consentRecordedBy;
            }
            std::string review = "Draft: not reviewed";
            if (c.review == ReviewState::Reviewed) {
                review = "Reviewed";
                if (!c.reviewedAt.empty())
                    review += " on " + readableDate(c.reviewedAt);
                if (!c.reviewedBy.empty())
                    review += "; reviewer: " + c.reviewedBy;
            }
            auto orX = [](const std::string& s) { return s.empty() ? std::string("[x]") : s; };
            m_caseRow[c.id] = t.rows.size();
            t.rows.push_back({Cell::makeText(ref), Cell::makeText(orX(c.title)),
                              c.age ? Cell::makeNumber(*c.age) : Cell::makeText(orX(c.ageBand)),
                              Cell::makeText(orX(upperFirst(c.gender))), Cell::makeText(orX(e.regionName)),
                              c.year ? Cell::makeNumber(*c.year) : Cell::makeText("[x]"),
                              Cell::makeText(orX(upperFirst(text::join(c.harmTypes, "; ")))),
                              Cell::makeText(orX(upperFirst(text::join(c.platformTypes, "; ")))),
                              Cell::makeText(orX(c.narrative)), Cell::makeText(orX(c.outcome)), Cell::makeText(basis),
                              Cell::makeText(consent), Cell::makeText(review), Cell::makeText(citingQuestions(c.id))});
        }
        m_layout.sheets[si].table = std::move(t);
        const std::string pseudonyms =
            note("Names marked * have been changed to protect identities (for example Molly*). Case studies are "
                 "anonymised: places are given no more precisely than the region.");
        finishTableSheet(si, "Case studies selected for this response " + pseudonyms,
                         "Anonymised case studies selected for this response",
                         {"Names marked * have been changed to protect identities.",
                          "The Basis column says whether an account is told with the consent of the child or "
                          "family or retold from a published account, with its citation; a published account's "
                          "consent is not applicable.",
                          "Each row is one child's account, as selected for this response and reviewed before "
                          "export. Ages are in years."});
    }

    // -------------------------------------------------------------------------------------------
    // Responses and the evidence they cite

    const MeasureSection* measureById(RowId id, std::size_t& index) const
    {
        for (std::size_t i = 0; i < m_model.measures.size(); ++i)
            if (m_model.measures[i].measure.id == id) {
                index = i;
                return &m_model.measures[i];
            }
        return nullptr;
    }

    const CaseStudyEntry* caseById(RowId id) const
    {
        for (const auto& e : m_model.caseStudies)
            if (e.caseStudy.id == id)
                return &e;
        return nullptr;
    }

    void buildResponses()
    {
        const std::size_t si = m_responses;
        Table t;
        t.name = "Responses";
        t.columns = {{"Question number", ColumnType::Text},
                     {"Question", ColumnType::LongText},
                     {"Answer", ColumnType::Text},
                     {"Response", ColumnType::LongText},
                     {"Evidence cited", ColumnType::Text}};
        for (std::size_t ri = 0; ri < m_model.responses.size(); ++ri) {
            const auto& r = m_model.responses[ri];
            std::vector<std::string> cited;
            for (RowId id : r.answer.citedMeasures) {
                std::size_t mi = 0;
                if (const auto* sec = measureById(id, mi); sec && m_stats[mi] != kNone)
                    cited.push_back(tableNumber(m_stats[mi]) +
                                    (m_change != kNone ? " and " + tableNumber(m_change) : ""));
                else
                    m_problems.push_back("question " + r.question.number +
                                         " cites a measure that is not in the workbook: select it for the "
                                         "submission or remove the citation");
            }
            std::vector<std::string> cases;
            for (RowId id : r.answer.citedCaseStudies) {
                if (const auto* e = caseById(id))
                    cases.push_back(e->caseStudy.reference);
                else
                    m_problems.push_back("question " + r.question.number +
                                         " cites a case study that is not selected for the submission: select it "
                                         "or remove the citation");
            }
            if (!cases.empty())
                cited.push_back((cases.size() == 1 ? "case study " : "case studies ") + listAnd(cases));
            std::string answer = r.answer.choice;
            if (!answer.empty()) {
                auto choices = text::splitList(answer);
                for (auto& c : choices)
                    c = upperFirst(c);
                answer = text::join(choices, "; ");
            }
            Cell evidence = Cell::makeText("None");
            if (!cited.empty()) {
                const auto it = m_evidenceRow.find(ri);
                if (it != m_evidenceRow.end()) {
                    LinkTarget target;
                    target.sheet = m_evidence;
                    target.row = it->second;
                    evidence = Cell::makeLink(upperFirst(text::join(cited, "; ")), target);
                } else {
                    evidence = Cell::makeText(upperFirst(text::join(cited, "; ")));
                }
            }
            t.rows.push_back({Cell::makeText(r.question.number), Cell::makeText(r.question.text),
                              Cell::makeText(answer.empty() ? "[z]" : answer),
                              Cell::makeText(r.answer.text.empty() ? "[z]" : r.answer.text), std::move(evidence)});
        }
        m_layout.sheets[si].table = std::move(t);
        std::vector<std::string> extra = {"Questions are those of the " + m_model.consultation.title +
                                          " consultation (" + m_model.consultation.code +
                                          "), in the order it asks them; only answered questions are listed."};
        if (m_evidence != kNone)
            extra.push_back(
                "Select the evidence cited to go to its rows on the Evidence cited worksheet, which links to "
                "each table and case study.");
        finishTableSheet(si, "Responses to the consultation questions, with the evidence each cites",
                         "Responses to the consultation questions", extra);
    }

    void buildEvidence()
    {
        const std::size_t si = m_evidence;
        Table t;
        t.name = "Evidence_cited";
        t.columns = {{"Question number", ColumnType::Text},
                     {"Type of evidence", ColumnType::Text},
                     {"Evidence (link)", ColumnType::Text}};
        for (std::size_t ri = 0; ri < m_model.responses.size(); ++ri) {
            const auto& r = m_model.responses[ri];
            m_evidenceRow.emplace(ri, t.rows.size());
            for (RowId id : r.answer.citedMeasures) {
                std::size_t mi = 0;
                const auto* sec = measureById(id, mi);
                if (!sec || m_stats[mi] == kNone)
                    continue;
                // The figure an answer about the whole area rests on is the published figure for the area in
                // scope: link to its row, not to the top of the table.
                std::optional<std::size_t> scopeRow;
                for (std::size_t ai = 0; ai < sec->series.size() && sec->totals; ++ai)
                    if (sec->series[ai].area.name == sec->totals->scopeName)
                        scopeRow = ai;
                const std::string where = scopeRow ? ", row for " + sec->totals->scopeName : std::string();
                LinkTarget target;
                target.sheet = m_stats[mi];
                target.row = scopeRow;
                t.rows.push_back(
                    {Cell::makeText(r.question.number), Cell::makeText("Figures"),
                     Cell::makeLink(tableNumber(m_stats[mi]) + ": " + sec->measure.name + ", by area" + where,
                                    target)});
                if (m_change != kNone) {
                    LinkTarget change;
                    change.sheet = m_change;
                    if (scopeRow)
                        if (const auto it = m_changeRow.find({mi, *scopeRow}); it != m_changeRow.end())
                            change.row = it->second;
                    t.rows.push_back({Cell::makeText(r.question.number), Cell::makeText("Figures"),
                                      Cell::makeLink(tableNumber(m_change) + ": change by area, " + sec->measure.name +
                                                         (change.row ? where : std::string()),
                                                     change)});
                }
            }
            for (RowId id : r.answer.citedCaseStudies) {
                const auto* e = caseById(id);
                if (!e)
                    continue;
                LinkTarget target;
                target.sheet = m_cases;
                target.row = m_caseRow.at(id);
                t.rows.push_back(
                    {Cell::makeText(r.question.number), Cell::makeText("Case study"),
                     Cell::makeLink("Case study " + e->caseStudy.reference + ": " + e->caseStudy.title, target)});
            }
        }
        if (t.rows.empty())
            t.rows.push_back({Cell::makeText("[z]"), Cell::makeText("[z]"), Cell::makeText("None")});
        m_layout.sheets[si].table = std::move(t);
        finishTableSheet(si, "Evidence cited by each response", "Evidence cited by each response, with links",
                         {"One row for each piece of evidence a response cites. Select a link to go to the table or "
                          "to the case study's row."});
    }

    // -------------------------------------------------------------------------------------------
    // Sources

    void buildSources()
    {
        const std::size_t si = m_sources;
        Table t;
        t.name = "Sources";
        t.columns = {{"Source", ColumnType::Text},
                     {"Publisher", ColumnType::Text},
                     {"How the figures were collected", ColumnType::LongText},
                     {"Date published", ColumnType::Text},
                     {"Date retrieved", ColumnType::Text},
                     {"Web page (link)", ColumnType::Text},
                     {"Licence or terms", ColumnType::Text},
                     {"Quality notes", ColumnType::LongText}};
        auto orX = [](const std::string& s) { return s.empty() ? std::string("[x]") : s; };
        for (const auto& s : m_model.sources) {
            Cell link = Cell::makeText("[x]");
            if (!s.url.empty()) {
                LinkTarget target;
                target.url = s.url;
                link = Cell::makeLink(s.publisher.empty() ? "Web page on " + hostOf(s.url)
                                                          : s.publisher + " web page on " + hostOf(s.url),
                                      target);
            }
            t.rows.push_back({Cell::makeText(s.title), Cell::makeText(orX(s.publisher)), Cell::makeText(orX(s.method)),
                              Cell::makeText(s.datePublished.empty() ? "[x]" : readableDate(s.datePublished)),
                              Cell::makeText(s.dateRetrieved.empty() ? "[x]" : readableDate(s.dateRetrieved)), link,
                              Cell::makeText(orX(s.licence)), Cell::makeText(orX(s.qualityNotes))});
        }
        m_layout.sheets[si].table = std::move(t);
        finishTableSheet(si, "Sources of the figures",
                         "Sources of the figures, how they were collected and their quality", {});
    }

    // -------------------------------------------------------------------------------------------
    // Methodology

    /// The change figures of section 3 worked through on a row of the change table, so that the sheet quotes
    /// only figures a table shows (never a suppressed one); empty when no row has them all.
    std::string workedExample() const
    {
        if (m_change == kNone)
            return {};
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            if (sec.measure.unit != Unit::Count)
                continue;
            for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
                const auto& f = sec.series[ai].figures;
                const bool all = f.first.computable() && f.last.computable() && f.absoluteChange.computable() &&
                                 f.percentChange.computable() && f.foldChange.computable() &&
                                 f.annualRate.computable() && f.ciLower.computable() && f.ciUpper.computable();
                if (!all || !m_changeRow.count({mi, ai}))
                    continue;
                const std::string first = figureText(f.first.value()), last = figureText(f.last.value());
                return "Example: in " + tableNumber(m_change) + ", " + sec.series[ai].area.name + " has " + first +
                       " in " + periodLabel(f.from) + " and " + last + " in " + periodLabel(f.to) + ", " +
                       trends::formatFixed(f.years,
                                           f.years == static_cast<double>(static_cast<long long>(f.years)) ? 0 : 2) +
                       " years apart. Absolute change " + last + " \xE2\x88\x92 " + first + " = " +
                       figureText(f.absoluteChange.value()) + "; percentage change " +
                       figureText(f.absoluteChange.value()) + " \xC3\xB7 " + first + " = " +
                       signedPercent(f.percentChange.value()) + "; fold change " + last + " \xC3\xB7 " + first + " = " +
                       trends::formatFixed(f.foldChange.value(), 2) + "; compound annual rate " +
                       signedPercent(f.annualRate.value()) + " a year; 95% confidence interval of the rate ratio " +
                       trends::formatFixed(f.ciLower.value(), 2) + " to " + trends::formatFixed(f.ciUpper.value(), 2) +
                       ", so the change is " + f.significanceCode() + ".";
            }
        }
        return {};
    }

    void buildMethodology()
    {
        const std::size_t si = m_methodology;
        Table t;
        t.name = "Methodology";
        t.columns = {{"Section", ColumnType::Text}, {"Text", ColumnType::LongText}};
        // The methodology's examples quote published figures this workbook need not show (and a suppressed
        // count among them would be published here): the first, which works the change figures through, is
        // replaced by the same working on this workbook's own figures, the others are left out, and so is
        // what the application alone shows.
        std::string example = workedExample();
        for (const auto& b : markdownBlocks(m_model.methodology)) {
            if (b.section.find("not in the workbook") != std::string::npos)
                continue;
            if (b.text.starts_with("Example:")) {
                if (!example.empty())
                    t.rows.push_back({Cell::makeText(b.section), Cell::makeText(std::exchange(example, {}))});
                continue;
            }
            t.rows.push_back({Cell::makeText(b.section), Cell::makeText(b.text)});
        }
        if (t.rows.empty())
            t.rows.push_back({Cell::makeText("Methodology"), Cell::makeText("[x]")});
        m_layout.sheets[si].table = std::move(t);
        finishTableSheet(si, "Methodology: how each figure is computed",
                         "How each computed figure is worked out, and the limits of the figures", {});
    }

    // -------------------------------------------------------------------------------------------
    // Charts

    void buildCharts()
    {
        Sheet& s = m_layout.sheets[m_chartsSheet];
        std::vector<Chart> charts;
        std::vector<std::string> chartNotes; // what is not charted, and why
        for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
            const MeasureSection& sec = m_model.measures[mi];
            const std::string measureName = m_multiMeasure ? ", " + sec.measure.name : std::string();
            // Line chart of the like-for-like totals (totals of all responding areas must not be compared).
            if (sec.totals && m_totals != kNone &&
                trends::belowCoverageThreshold(sec.totals->result.likeForLike.coverage, m_model.coverageThreshold))
                chartNotes.push_back("The like-for-like total of " + sec.measure.name + " is not charted: it covers " +
                                     sec.totals->result.likeForLike.coverage.text() +
                                     ", too few for its change to be given.");
            else if (sec.totals && m_totals != kNone) {
                const auto& res = sec.totals->result;
                const auto& lfl = res.likeForLike;
                ChartSeries series;
                series.name = trends::likeForLikeLabel(lfl, res.from, res.to);
                std::vector<std::string> points, gaps;
                // A line joins only neighbouring periods: one with no figure in between breaks the chart.
                const double step = res.from.kind() == Period::Kind::Quarter ? 0.25 : 1.0;
                std::optional<Period> previous;
                bool broken = false;
                for (const auto& p : lfl.figures.points) {
                    const auto it = m_totalsRow.find({mi, p.period.sortKey()});
                    if (it == m_totalsRow.end())
                        continue;
                    if (p.value.computable()) {
                        broken = broken || (previous && previous->yearsUntil(p.period) > step + 1e-9);
                        previous = p.period;
                        series.categories.push_back(Ref{m_totals, it->second, m_totalsPeriodCol});
                        series.values.push_back(Ref{m_totals, it->second, m_totalsLflCol});
                        points.push_back(figureText(p.value.value()) + " in " + periodLabel(p.period));
                    } else {
                        gaps.push_back(periodLabel(p.period));
                    }
                }
                if (broken)
                    chartNotes.push_back("The like-for-like total of " + sec.measure.name +
                                         " is not charted: a line would join periods that are not neighbours (" +
                                         listAnd(points) + "), so the figures are in " + tableNumber(m_totals) +
                                         " only.");
                else if (!series.values.empty()) {
                    Chart c;
                    c.type = Chart::Type::Line;
                    c.title = "Chart " + std::to_string(++m_chartCount) + ": " +
                              lowerFirst(trends::likeForLikeLabel(lfl, res.from, res.to)) + " in " +
                              sec.totals->scopeName + ", by period" + measureName + " (" + tableNumber(m_totals) + ")";
                    c.xAxis = "Period";
                    c.yAxis = sec.measure.unit == Unit::Count ? "Number" : std::string(unitLabel(sec.measure.unit));
                    c.numFormat = "#,##0";
                    c.altText =
                        "Line chart of the like-for-like total of " + sec.measure.name + " in " +
                        sec.totals->scopeName + ", over the " + lfl.coverage.text() +
                        " with figures for both compared periods (" +
                        (lfl.areaNames.empty() ? std::string("none") : listAnd(lfl.areaNames)) +
                        "): " + listAnd(points) + "." +
                        (gaps.empty()
                             ? std::string()
                             : " Left out because not every one of these areas has a figure: " + listAnd(gaps) + ".") +
                        " The figures are in " + tableNumber(m_totals) + ".";
                    c.series.push_back(std::move(series));
                    charts.push_back(std::move(c));
                }
            }
            // Column chart of the percentage change by area.
            if (m_change != kNone) {
                ChartSeries series;
                series.name = "Change (%)";
                std::vector<std::string> points, left;
                // Like with like: police force areas only, each once, over one pair of periods (the totals'
                // when there are totals, else the pair most forces share).
                std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> pairs;
                for (const auto& as : sec.series)
                    if (as.area.kind == AreaKind::PoliceForceArea && as.figures.percentChange.computable())
                        ++pairs[{as.figures.from.sortKey(), as.figures.to.sortKey()}];
                std::optional<std::pair<std::int64_t, std::int64_t>> pair;
                if (sec.totals)
                    pair = {sec.totals->result.from.sortKey(), sec.totals->result.to.sortKey()};
                for (const auto& [key, n] : pairs)
                    if (!pair || (!sec.totals && n > pairs[*pair]))
                        pair = key;
                std::set<RowId> charted;
                auto consider = [&](const std::string& label, const trends::SeriesFigures& f, std::size_t row) {
                    const bool same = pair && f.from.sortKey() == pair->first && f.to.sortKey() == pair->second;
                    if (f.percentChange.computable() && same) {
                        series.categories.push_back(Ref{m_change, row, m_changeAreaCol});
                        series.values.push_back(Ref{m_change, row, m_changePercentCol});
                        points.push_back(label + " " + signedPercent(f.percentChange.value()) + " (" +
                                         periodLabel(f.from) + " to " + periodLabel(f.to) + ")");
                    } else {
                        left.push_back(label);
                    }
                };
                for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
                    const auto& as = sec.series[ai];
                    if (as.area.kind != AreaKind::PoliceForceArea || !charted.insert(as.area.id).second)
                        continue;
                    if (const auto it = m_changeRow.find({mi, ai}); it != m_changeRow.end())
                        consider(as.area.name, as.figures, it->second);
                }
                if (!series.values.empty()) {
                    const std::string span = periodLabel(Period::fromSortKey(pair->first)) + " to " +
                                             periodLabel(Period::fromSortKey(pair->second));
                    Chart c;
                    c.type = Chart::Type::Column;
                    c.title = "Chart " + std::to_string(++m_chartCount) + ": change from " + span +
                              " by police force area" + measureName + " (" + tableNumber(m_change) + ")";
                    c.xAxis = "Police force area";
                    c.yAxis = "Change (%)";
                    c.numFormat = "0%";
                    c.altText =
                        "Column chart of the percentage change in " + sec.measure.name + " from " + span +
                        " in each police force area with figures for both: " + listAnd(points) + "." +
                        (left.empty()
                             ? std::string()
                             : " Left out because they have no change over the same periods: " + listAnd(left) + ".") +
                        " Regions and national figures are not charted beside forces. The figures are in " +
                        tableNumber(m_change) + ".";
                    c.series.push_back(std::move(series));
                    charts.push_back(std::move(c));
                }
            }
            // Column charts of up to three breakdowns.
            for (std::size_t n = 0; n < m_distOrder[mi].size() && n < 3; ++n) {
                const std::size_t di = m_distOrder[mi][n];
                const auto& ad = sec.distributions[di];
                const auto& d = ad.distribution;
                const DistRows rows = m_distRows.at({mi, di});
                if (d.partial) { // a few recorded cases drawn alone would read as the whole distribution
                    chartNotes.push_back(
                        "The breakdown by " + d.dimension + " for " + ad.area.name + " in " + periodLabel(d.period) +
                        " is not charted: " +
                        d.mostCommonCount.reason().substr(0, d.mostCommonCount.reason().rfind(", so ")) + ".");
                    continue;
                }
                ChartSeries series;
                series.name = "Count";
                std::vector<std::string> points;
                for (std::size_t k = 0; k < rows.recorded; ++k) {
                    const auto& cc = d.categories[k];
                    if (!cc.count.computable())
                        continue;
                    series.categories.push_back(Ref{m_breakdowns, rows.first + k, m_distCategoryCol});
                    series.values.push_back(Ref{m_breakdowns, rows.first + k, m_distCountCol});
                    points.push_back(cc.category + ": " + figureText(cc.count.value()));
                }
                if (series.values.empty())
                    continue;
                Chart c;
                c.type = Chart::Type::Column;
                c.title = "Chart " + std::to_string(++m_chartCount) + ": " + d.dimension + ", " + ad.area.name + ", " +
                          periodLabel(d.period) + measureName + " (" + tableNumber(m_breakdowns) + ")";
                c.xAxis = upperFirst(d.dimension);
                c.yAxis = "Number";
                c.numFormat = "#,##0";
                c.altText = "Column chart of " + sec.measure.name + " by " + d.dimension + " in " + ad.area.name +
                            ", " + periodLabel(d.period) + ": " + listAnd(points) + "." +
                            (series.values.size() < rows.recorded + rows.notRecorded
                                 ? " Categories without a count or not recorded are left out."
                                 : std::string()) +
                            " The figures are in " + tableNumber(m_breakdowns) + ".";
                c.series.push_back(std::move(series));
                charts.push_back(std::move(c));
            }
        }
        s.description = "Charts of the like-for-like totals, the change by area and the breakdowns";
        s.lines.push_back(Line{Line::Style::Title, "Charts of the figures", {}});
        s.lines.push_back(Line{Line::Style::Body,
                               "This worksheet contains " + std::to_string(charts.size()) +
                                   (charts.size() == 1 ? " chart" : " charts") +
                                   " and no tables. Each chart has alternative text, and its title names the table "
                                   "that holds its figures.",
                               {}});
        s.lines.push_back(Line{Line::Style::Body,
                               "Periods or areas without a figure are left out of the charts; their alternative text "
                               "lists them.",
                               {}});
        for (const auto& n : chartNotes)
            s.lines.push_back(Line{Line::Style::Body, n, {}});
        s.charts = std::move(charts);
        if (s.charts.empty())
            s.lines.push_back(Line{Line::Style::Body, "There is nothing to chart.", {}});
    }

    // -------------------------------------------------------------------------------------------
    // Notes, contents and cover

    void buildNotes()
    {
        Sheet& s = m_layout.sheets[m_notes];
        Table t;
        t.name = "Notes_table";
        t.columns = {{"Note number", ColumnType::Text}, {"Note text", ColumnType::LongText}};
        // Each override's note is referred to from the row label of the case study it admitted.
        for (std::size_t i = 0; i < m_noteTexts.size(); ++i)
            t.rows.push_back({Cell::makeText("[note " + std::to_string(i + 1) + "]"), Cell::makeText(m_noteTexts[i])});
        s.table = std::move(t);
        s.description = "Notes referred to in the tables";
        s.lines.push_back(Line{Line::Style::Title, "Notes", {}});
        s.lines.push_back(Line{Line::Style::Body,
                               "This worksheet contains one table. Notes are referred to as [note 1], [note 2] and so "
                               "on in the titles, column headings and row labels of the other worksheets.",
                               {}});
        if (!m_model.overrides.empty())
            s.lines.push_back(Line{Line::Style::Body, "This export used an override: " + overridesText(), {}});
        if (m_model.suppression)
            s.lines.push_back(
                Line{Line::Style::Body,
                     "Small counts are suppressed in this workbook. " + suppressionRule(*m_model.suppression),
                     {}});
    }

    void buildContents()
    {
        Sheet& s = m_layout.sheets[m_contents];
        Table t;
        t.name = "Table_of_contents";
        t.columns = {{"Sheet name", ColumnType::Text}, {"Description", ColumnType::Text}};
        for (std::size_t i = 0; i < m_layout.sheets.size(); ++i) {
            const Sheet& other = m_layout.sheets[i];
            if (!other.listInContents)
                continue;
            LinkTarget target;
            target.sheet = i;
            t.rows.push_back({Cell::makeLink(other.name, target), Cell::makeText(other.description)});
        }
        s.table = std::move(t);
        s.lines.push_back(Line{Line::Style::Title, "Contents", {}});
        s.lines.push_back(Line{Line::Style::Body,
                               "This worksheet contains one table. Select a sheet name to go to the top of that sheet.",
                               {}});
    }

    void buildCover()
    {
        const auto& m = m_model;
        const Submission& sub = m.submission;
        Sheet& s = m_layout.sheets[m_cover];
        s.wrapLines = true;
        s.coverWidthPx = 760;
        auto heading = [&](std::string text) { s.lines.push_back(Line{Line::Style::Heading, std::move(text), {}}); };
        auto body = [&](std::string text) {
            if (!text::trim(text).empty())
                s.lines.push_back(Line{Line::Style::Body, std::move(text), {}});
        };
        auto link = [&](std::string text, std::string url) {
            LinkTarget t;
            t.url = std::move(url);
            s.lines.push_back(Line{Line::Style::Link, std::move(text), t});
        };
        s.description = "Title, summary, caveats, sources and contact";
        s.lines.push_back(Line{Line::Style::Title, workbookTitle(m), {}});
        const Consultation& c = m.consultation;
        std::string intro = (sub.organisation.empty() ? std::string("The organisation") : sub.organisation) +
                            " cites the figures and case studies in this workbook in its response to the " + c.title +
                            " consultation";
        if (!c.code.empty())
            intro += " (" + c.code + ")";
        if (!c.publisher.empty())
            intro += " by the " + c.publisher;
        if (!c.opens.empty() && !c.closes.empty())
            intro += ", open from " + readableDate(c.opens) + " to " + readableDate(c.closes);
        body(intro + ".");

        if (!sub.summary.empty()) {
            heading("Summary");
            body(sub.summary);
        }

        heading("What this workbook holds");
        std::vector<std::string> measureNames;
        std::set<RowId> areaIds; // an area with figures for several measures is one area
        for (const auto& sec : m.measures) {
            measureNames.push_back(sec.measure.name);
            for (const auto& row : sec.series)
                areaIds.insert(row.area.id);
        }
        const std::size_t areas = areaIds.size();
        const auto [first, last] = periodRange(m);
        if (!measureNames.empty()) {
            std::vector<std::string> sources;
            for (const auto& src : m.sources)
                sources.push_back(src.title);
            body("Figures: " + listAnd(measureNames) + ", for " + std::to_string(areas) + " areas" +
                 (first && last ? ", " + periodLabel(*first) + " to " + periodLabel(*last) : std::string()) +
                 (sources.empty() ? std::string() : ", from " + listAnd(sources)) +
                 ". Computed tables show the change in each area, totals with their coverage, and breakdowns.");
        }
        if (!m.caseStudies.empty())
            body("Case studies: " + std::to_string(m.caseStudies.size()) +
                 " anonymised accounts selected for this response.");
        if (!m.responses.empty())
            body("Responses: answers to " + std::to_string(m.responses.size()) +
                 " of the consultation's questions, with the evidence each cites.");
        body("The Contents worksheet lists every sheet, the Notes worksheet holds the notes the tables refer to, and "
             "the Methodology worksheet explains how each computed figure is worked out.");

        heading("Key caveats");
        body(sub.caveats);
        body("Totals of all responding areas cover different areas in different periods; changes are compared like "
             "for like, over the areas with figures for both periods, and a like-for-like change is given only when "
             "those areas are at least " +
             trends::formatFixed(m.coverageThreshold * 100.0, 0) +
             "% of the areas in scope (this submission's "
             "setting).");
        for (const auto& sec : m.measures)
            if (sec.totals &&
                trends::belowCoverageThreshold(sec.totals->result.likeForLike.coverage, m.coverageThreshold))
                body(sec.measure.name + ": the like-for-like total covers only " +
                     sec.totals->result.likeForLike.coverage.text() + " in " + sec.totals->scopeName +
                     ", too few for its change to be given: it is marked [u] (low reliability). Any figure for " +
                     sec.totals->scopeName + " as a whole is the publisher's, as stated beside it.");

        if (first) {
            heading("Periods and geography");
            body(periodsSentence(first->kind()) +
                 " Areas are police force areas, regions, nations and groupings as named in each table, with ONS "
                 "codes where one exists. " +
                 kRowOrder);
        }

        heading("Shorthand");
        body("Where a figure cannot be given, a shorthand code in square brackets stands in its place, and each table "
             "lists the codes it uses above it: [x] not available, [c] confidential, [z] not applicable. This "
             "workbook writes [low] for a figure that rounds to zero but is not zero (some publications use [k]). "
             "[u] marks a figure of low reliability, such as the change of a total over too few areas. [s] and [ns] "
             "mark changes that are or are not significant at the 5% level.");
        if (m.suppression)
            body("Counts below " + std::to_string(m.suppression->threshold) +
                 " are suppressed and shown as [c], with further counts suppressed so that none can be worked out "
                 "from the totals; the Notes worksheet states the rule.");

        heading("Status");
        body("Figures as at " + readableDate(sub.asAt) +
             ". This workbook supports a one-off consultation response: no update is planned. Figures are as the "
             "sources published them; any that are provisional or revised are marked [p] or [r] in the tables.");
        if (!m.overrides.empty())
            body("This export used an override, recorded in the Notes worksheet and in the store's audit log: " +
                 overridesText());

        if (!m.sources.empty()) {
            heading("Sources");
            for (const auto& src : m.sources) {
                const std::string label = src.title + (src.publisher.empty() ? "" : " (" + src.publisher + ")");
                if (src.url.empty())
                    body(label);
                else
                    link(label + ": web page on " + hostOf(src.url), src.url);
            }
        }
        if (!c.url.empty()) {
            heading("Consultation");
            link(c.title + " consultation: web page on " + hostOf(c.url), c.url);
        }
        heading("Contact");
        body(sub.contactRole.empty() ? sub.organisation : sub.contactRole + ", " + sub.organisation);
        if (!sub.contactEmail.empty())
            link("Email " + sub.contactEmail, "mailto:" + sub.contactEmail);

        heading("About this workbook");
        body("This workbook is in English (United Kingdom).");
        body(m_valuesOnly ? "Computed figures are stored as values."
                          : "Computed figures (changes, totals, shares) are formulas that refer to the figures they "
                            "use, stored with their results, so each can be checked.");
        body("Produced by Evidence Desk" + (m.toolVersion.empty() ? std::string() : " " + m.toolVersion) +
             (m.storeId.empty() ? std::string() : " from store " + m.storeId) + ".");
    }

    void buildProperties()
    {
        const auto& m = m_model;
        DocumentProperties& p = m_layout.properties;
        p.title = workbookTitle(m);
        p.subject = m.consultation.title + " consultation" +
                    (m.consultation.code.empty() ? std::string() : " (" + m.consultation.code + ")");
        p.author = m.submission.organisation;
        p.company = m.submission.organisation;
        p.category = "Consultation response evidence";
        std::vector<std::string> keywords = {m.consultation.title, "consultation response", "statistics"};
        if (!m.caseStudies.empty())
            keywords.push_back("case studies");
        for (const auto& sec : m.measures)
            keywords.push_back(sec.measure.name);
        p.keywords = text::join(keywords, "; ");
        p.comments = m.submission.summary;
        p.status = m.overrides.empty() ? "" : "Includes case studies admitted by an override";
        p.created = parseIsoTime(m.submission.asAt);
        if (p.created == 0)
            p.created = parseIsoTime(m.consultation.opens);
        p.custom = {{"Produced by", "Evidence Desk" + (m.toolVersion.empty() ? "" : " " + m.toolVersion)},
                    {"Language", "English (United Kingdom)"},
                    {"Computed cells", m_valuesOnly ? "values" : "formulas with cached results"}};
        if (!m.storeId.empty())
            p.custom.emplace_back("Store id", m.storeId);
        if (!m.submission.uuid.empty())
            p.custom.emplace_back("Submission id", m.submission.uuid);
        if (!m.submission.asAt.empty())
            p.custom.emplace_back("Figures as at", m.submission.asAt);
    }
};

} // namespace

BuildResult buildLayout(const WorkbookModel& model, bool valuesOnly, bool charts)
{
    // Every table lists areas in one order; the rows of the statistics tables are the series, so a model whose
    // series are in another order is laid out from a sorted copy.
    const auto inOrder = [](const MeasureSection& sec) {
        return std::is_sorted(sec.series.begin(), sec.series.end(),
                              [](const AreaSeries& a, const AreaSeries& b) { return areaBefore(a.area, b.area); });
    };
    if (std::all_of(model.measures.begin(), model.measures.end(), inOrder))
        return Builder(model, valuesOnly, charts).build();
    WorkbookModel sorted = model;
    for (auto& sec : sorted.measures)
        std::stable_sort(sec.series.begin(), sec.series.end(),
                         [](const AreaSeries& a, const AreaSeries& b) { return areaBefore(a.area, b.area); });
    return Builder(sorted, valuesOnly, charts).build();
}

} // namespace evidence::xlsx
