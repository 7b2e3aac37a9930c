#include "app/importer.h"

#include "core/errors.h"
#include "core/numbers.h"
#include "core/text.h"
#include "core/timestamp.h"
#include "csv/csv_reader.h"
#include "csv/prefetch.h"
#include "db/bulk_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace evidence::app {
namespace {

const std::vector<std::string> kObservationColumns = {"measure",   "area_code", "area_name", "period",
                                                      "dimension", "category",  "value",     "marker",
                                                      "source",    "note",      "as_at",     "round"};
const std::vector<std::string> kObservationRequired = {"measure", "period", "value", "source"};
const std::vector<std::string> kCaseStudyColumns = {"reference",
                                                    "title",
                                                    "age",
                                                    "age_band",
                                                    "gender",
                                                    "region",
                                                    "year",
                                                    "harm_types",
                                                    "platform_types",
                                                    "narrative",
                                                    "outcome",
                                                    "consent",
                                                    "consent_recorded_by",
                                                    "consent_date",
                                                    "questions",
                                                    "basis",
                                                    "citation_publisher",
                                                    "citation_title",
                                                    "citation_date",
                                                    "citation_url"};
const std::vector<std::string> kCaseStudyRequired = {"reference", "title", "narrative"};
constexpr std::size_t kMaxCellChars = 32767;

/// Columns of free text: a message names their line, column and length but never quotes them (messages
/// end up in logs, and the text is a child's account).
bool isFreeTextColumn(const std::string& column)
{
    static const std::set<std::string> kFree = {
        "title",          "narrative",           "outcome", "gender", "harm_types",
        "platform_types", "consent_recorded_by", "note",    "round",  "citation_publisher",
        "citation_title"};
    return kFree.count(column) != 0;
}

/// A value as a message may quote it: free text masked, anything else shortened.
std::string excerpt(const std::string& column, const std::string& value)
{
    if (!isFreeTextColumn(column))
        return text::quoteForMessage(value, 40);
    const std::size_t n = text::codePointCount(value);
    if (n == 0)
        return "";
    std::size_t first = 1;
    while (first < value.size() && (static_cast<unsigned char>(value[first]) & 0xC0) == 0x80)
        ++first;
    return value.substr(0, first) + "\u2026 (" + std::to_string(n) + (n == 1 ? " character)" : " characters)");
}

/// Collects problems in the agreed form and limits how many are kept (a broken file can have millions).
class Problems
{
public:
    explicit Problems(std::string file) : m_file(std::move(file)) {}

    void cell(std::size_t line, const std::string& column, const std::string& value, const std::string& reason)
    {
        add(m_file + ":" + std::to_string(line) + ": column '" + column + "' value '" + excerpt(column, value) +
            "': " + reason);
    }
    void row(std::size_t line, const std::string& reason) { add(m_file + ":" + std::to_string(line) + ": " + reason); }
    bool empty() const noexcept { return m_count == 0; }
    [[noreturn]] void raise()
    {
        if (m_count > kMax)
            m_list.push_back(std::to_string(m_count - kMax) + " more problems not shown; nothing was imported");
        throw DataError(std::move(m_list));
    }

private:
    static constexpr std::size_t kMax = 1000;
    void add(std::string s)
    {
        if (++m_count <= kMax)
            m_list.push_back(std::move(s));
    }
    std::string m_file;
    std::vector<std::string> m_list;
    std::size_t m_count = 0;
};

/// Maps header names (case-insensitive) to positions and checks them against the format.
struct Header
{
    std::map<std::string, std::size_t> index;

    const std::string* get(const csv::Record& r, const std::string& name) const
    {
        auto it = index.find(name);
        if (it == index.end() || it->second >= r.fields.size())
            return nullptr;
        return &r.fields[it->second];
    }
    std::string value(const csv::Record& r, const std::string& name) const
    {
        const auto* v = get(r, name);
        return v ? std::string(text::trim(*v)) : std::string();
    }
    bool has(const std::string& name) const { return index.count(name) != 0; }

    static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    /// Where @p name is, or kAbsent: looked up once per file so that rows need no name lookups.
    std::size_t position(const std::string& name) const
    {
        auto it = index.find(name);
        return it == index.end() ? kAbsent : it->second;
    }
    /// The trimmed field at @p pos (empty when the column is absent), without a copy.
    static std::string_view at(const csv::Record& r, std::size_t pos)
    {
        return pos < r.fields.size() ? text::trim(r.fields[pos]) : std::string_view();
    }
};

Header readHeader(const csv::Record& record, const std::vector<std::string>& known,
                  const std::vector<std::string>& required, Problems& problems, const std::string& kindName)
{
    Header h;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const std::string name = text::toLowerAscii(text::trim(record.fields[i]));
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            problems.cell(record.line, name, record.fields[i],
                          "unknown column for " + kindName + ": the columns are " + text::join(known, ", "));
            continue;
        }
        if (h.index.count(name)) {
            problems.cell(record.line, name, record.fields[i], "the column appears twice");
            continue;
        }
        h.index[name] = i;
    }
    for (const auto& r : required)
        if (!h.has(r))
            problems.row(record.line, "the required column '" + r + "' is missing");
    return h;
}

// "marker '[q]' is not a known code: ..." -> "is not a known code: ...": the cell format already names the value.
std::string withoutSubject(const std::string& message)
{
    const auto pos = message.find("' ");
    return pos == std::string::npos ? message : message.substr(pos + 2);
}

void checkFieldCount(const csv::Record& r, std::size_t expected, Problems& problems)
{
    if (r.fields.size() != expected)
        problems.row(r.line, "the row has " + std::to_string(r.fields.size()) + " fields but the header has " +
                                 std::to_string(expected) + ": check for a missing or extra comma");
}

std::string areaList(const std::vector<Area>& areas)
{
    std::vector<std::string> names;
    for (const auto& a : areas)
        names.push_back(std::string(areaKindLabel(a.kind)) + " " + a.name +
                        (a.code.empty() ? "" : " (" + a.code + ")"));
    return text::join(names, ", ");
}

/// The audit log's account of an import: the file (by name, size and hash) and what was done.
db::Store::ImportRecord importRecord(csv::Reader& reader, const ImportReport& report, const ImportOptions& options)
{
    db::Store::ImportRecord r;
    r.fileName = reader.displayName();
    r.fileSize = reader.bytesRead();
    r.sha256 = reader.sha256();
    r.kind = report.kind == ImportKind::Observations ? "observations" : "case_studies";
    r.rows = report.rows;
    r.inserted = report.inserted;
    r.replaced = report.replaced;
    std::vector<std::string> flags;
    if (options.replace)
        flags.emplace_back("replace");
    if (options.createMissing)
        flags.emplace_back("create-missing");
    r.options = text::join(flags, " ");
    return r;
}

// ---- observations ------------------------------------------------------------------------------

/// An area's name reduced so that the ways FOI replies and press tables write a force meet the reference
/// name: "Devon and Cornwall Police" and "Devon & Cornwall", "Dyfed Powys" and "Dyfed-Powys", "City of London
/// Police" and ONS's "London, City of" each give one key. Letter case, '&' for "and", punctuation and a
/// trailing "Police", "Constabulary", "Police Service" or "Police Force" make no difference; @p namesAForce,
/// when given, says whether such words were there ("West Midlands Police" is the force, not the region).
std::string looseAreaName(std::string_view name, bool* namesAForce = nullptr)
{
    std::string s = text::toLowerAscii(text::trim(name));
    if (const auto comma = s.find(", "); comma != std::string::npos)
        s = s.substr(comma + 2) + " " + s.substr(0, comma); // "london, city of": "city of london"
    std::vector<std::string> words(1);
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            words.back() += c;
            continue;
        }
        if (!words.back().empty())
            words.emplace_back();
        if (c == '&') {
            words.back() = "and";
            words.emplace_back();
        }
    }
    if (words.back().empty())
        words.pop_back();
    static const std::array<std::string_view, 4> kForceWords = {"police", "constabulary", "service", "force"};
    const std::size_t all = words.size();
    while (words.size() > 1 && std::find(kForceWords.begin(), kForceWords.end(), words.back()) != kForceWords.end())
        words.pop_back();
    if (namesAForce)
        *namesAForce = words.size() < all;
    return text::join(words, " ");
}

class AreaResolver
{
public:
    explicit AreaResolver(const db::Store& store)
    {
        for (auto& a : store.areas()) {
            if (!a.code.empty())
                m_byCode[text::toLowerAscii(a.code)].push_back(a);
            m_byName[text::toLowerAscii(a.name)].push_back(a);
            m_byLooseName[looseAreaName(a.name)].push_back(a);
        }
    }

    /// As resolve(), remembering every answer that succeeded: a file names the same few areas on
    /// many rows, and resolving copies candidate lists. Failures are not kept, so a file of
    /// nonsense codes cannot grow the memo.
    std::optional<RowId> resolveCached(const std::string& code, const std::string& name, std::string& column,
                                       std::string& reason)
    {
        // The code's length first: a separator byte alone could also occur inside a code or a name.
        m_key.assign(std::to_string(code.size())).append(1, ':').append(code).append(name);
        if (auto it = m_memo.find(m_key); it != m_memo.end())
            return it->second;
        auto id = resolve(code, name, column, reason);
        if (id)
            m_memo.emplace(m_key, *id);
        return id;
    }

    /// The one area that @p code and/or @p name identify, or a reason (with the column to blame).
    std::optional<RowId> resolve(const std::string& code, const std::string& name, std::string& column,
                                 std::string& reason) const
    {
        const auto* byCode = find(m_byCode, code);
        const auto* byName = find(m_byName, name);
        std::vector<Area> forces;
        if (!byName && !name.empty()) { // "Devon and Cornwall Police" for "Devon & Cornwall"
            bool namesAForce = false;
            if (const auto it = m_byLooseName.find(looseAreaName(name, &namesAForce)); it != m_byLooseName.end()) {
                byName = &it->second;
                for (const auto& a : it->second)
                    if (namesAForce && a.kind == AreaKind::PoliceForceArea)
                        forces.push_back(a);
                if (forces.size() == 1)
                    byName = &forces;
            }
        }
        if (code.empty() && name.empty()) {
            column = "area_code";
            reason = "give area_code or area_name";
            return std::nullopt;
        }
        if (!code.empty() && !byCode) {
            column = "area_code";
            reason = "no known area has this code";
            return std::nullopt;
        }
        if (code.empty()) {
            if (!byName) {
                column = "area_name";
                reason = "no known area has this name: add it as an area first, or give its area_code";
                return std::nullopt;
            }
            if (byName->size() > 1) {
                column = "area_name";
                reason = "the name matches " + std::to_string(byName->size()) + " areas (" + areaList(*byName) +
                         "): give area_code too";
                return std::nullopt;
            }
            return byName->front().id;
        }
        std::vector<Area> candidates = *byCode;
        if (!name.empty()) {
            std::vector<Area> both;
            for (const auto& a : candidates)
                if (text::iequals(a.name, name) || looseAreaName(a.name) == looseAreaName(name))
                    both.push_back(a);
            if (both.empty()) {
                column = "area_name";
                reason = "does not match area_code " + code + ", which is " + areaList(candidates);
                return std::nullopt;
            }
            candidates = both;
        }
        if (candidates.size() > 1) {
            column = "area_code";
            reason = "the code is shared by " + std::to_string(candidates.size()) + " areas (" + areaList(candidates) +
                     "): give area_name too";
            return std::nullopt;
        }
        return candidates.front().id;
    }

private:
    using Index = std::unordered_map<std::string, std::vector<Area>>;
    static const std::vector<Area>* find(const Index& index, const std::string& key)
    {
        if (key.empty())
            return nullptr;
        auto it = index.find(text::toLowerAscii(key));
        return it == index.end() ? nullptr : &it->second;
    }
    Index m_byCode, m_byName, m_byLooseName;
    std::unordered_map<std::string, RowId> m_memo;
    std::string m_key;
};

/// Reports progress and stops a cancelled import; the caller's transaction, left uncommitted, rolls back.
class ProgressReporter
{
public:
    ProgressReporter(const ImportOptions& options, std::size_t totalRows) : m_options(options), m_total(totalRows) {}

    void row(std::size_t done)
    {
        if (done % 256 != 0)
            return;
        if (m_options.cancel && m_options.cancel->load())
            throw CancelledError("the import was cancelled: nothing was imported");
        if (m_options.progress)
            m_options.progress(done, std::max(done, m_total));
    }
    void finished(std::size_t done)
    {
        if (m_options.cancel && m_options.cancel->load())
            throw CancelledError("the import was cancelled: nothing was imported");
        if (m_options.progress)
            m_options.progress(done, done);
    }

private:
    const ImportOptions& m_options;
    std::size_t m_total;
};

// Ends an import whose rows have all been read: a file with a problem, or with no row, changes nothing
// (@p tx rolls back as the exception leaves); otherwise, unless it is a dry run, the import is recorded
// with the file's SHA-256 and committed.
void finishImport(csv::Prefetcher& rows, csv::Reader& reader, const csv::Record& headerRecord,
                  const ImportOptions& options, const ImportReport& report, Problems& problems,
                  ProgressReporter& progress, db::Store::BulkImport& bulk, db::Store::Transaction& tx)
{
    rows.finish(); // the reader, read to its end, has the file's SHA-256
    progress.finished(report.rows);
    if (report.rows == 0)
        problems.row(headerRecord.line, "the file has a header but no rows");
    if (!problems.empty())
        problems.raise();
    if (!options.dryRun) {
        bulk.finish(importRecord(reader, report, options));
        tx.commit();
    }
}

ImportReport importObservations(db::Store& store, csv::Reader& reader, const csv::Record& headerRecord,
                                const ImportOptions& options, Problems& problems, ProgressReporter& progress)
{
    ImportReport report;
    report.kind = ImportKind::Observations;
    report.dryRun = options.dryRun;
    const Header h = readHeader(headerRecord, kObservationColumns, kObservationRequired, problems, "observations");
    if (!h.has("area_code") && !h.has("area_name"))
        problems.row(headerRecord.line, "the file needs an 'area_code' or an 'area_name' column");
    if (!problems.empty())
        problems.raise();
    const std::size_t colMeasure = h.position("measure"), colAreaCode = h.position("area_code"),
                      colAreaName = h.position("area_name"), colPeriod = h.position("period"),
                      colDimension = h.position("dimension"), colCategory = h.position("category"),
                      colValue = h.position("value"), colMarker = h.position("marker"),
                      colSource = h.position("source"), colNote = h.position("note"), colAsAt = h.position("as_at"),
                      colRound = h.position("round");

    db::Store::Transaction tx(store);
    db::Store::BulkImport bulk(store, "observations");
    db::Store::ObservationWriter writer(store);
    AreaResolver areas(store);
    std::unordered_map<std::string, RowId> measures, sources;
    std::unordered_set<RowId> countMeasures;      // a count is a whole number: 1.5 offences is a typing error
    std::unordered_set<RowId> percentageMeasures; // a share of a whole is at most 100
    for (const auto& m : store.measures()) {
        measures[text::toLowerAscii(m.name)] = m.id;
        if (m.unit == Unit::Count)
            countMeasures.insert(m.id);
        else if (m.unit == Unit::Percentage)
            percentageMeasures.insert(m.id);
    }
    for (const auto& s : store.sources())
        sources[text::toLowerAscii(s.title)] = s.id;
    // Names exactly as the file spells them: most rows repeat the previous spelling, which then
    // needs neither a lower-cased copy nor a second lookup.
    std::unordered_map<std::string, RowId> measuresAsWritten, sourcesAsWritten;
    // A row that repeats an earlier one is found by the store's identity index, not by a set of every
    // identity in the file (which cost a tenth of a large import): each row inserted here is kept as
    // (id, line) to name the line it repeats, and ids only grow, so the list is sorted.
    std::vector<std::pair<RowId, std::size_t>> insertedLines;
    std::unordered_map<RowId, std::size_t> replacedLines;
    auto lineOfInserted = [&](RowId id) -> std::optional<std::size_t> {
        auto it = std::lower_bound(insertedLines.begin(), insertedLines.end(), std::pair<RowId, std::size_t>{id, 0});
        if (it == insertedLines.end() || it->first != id)
            return std::nullopt;
        return it->second;
    };
    auto repeats = [&](std::size_t line, std::size_t earlier) {
        problems.row(line, "this row repeats line " + std::to_string(earlier) +
                               " (same measure, area, period, breakdown and source)");
    };

    auto lookupOrCreate = [&](std::unordered_map<std::string, RowId>& cache,
                              std::unordered_map<std::string, RowId>& asWritten, const std::string& name,
                              bool isMeasure, std::size_t line) -> RowId {
        if (auto it = asWritten.find(name); it != asWritten.end())
            return it->second;
        const std::string column = isMeasure ? "measure" : "source";
        if (name.empty()) {
            problems.cell(line, column, name, "is empty");
            return 0;
        }
        auto it = cache.find(text::toLowerAscii(name));
        if (it != cache.end()) {
            asWritten.emplace(name, it->second);
            return it->second;
        }
        if (!options.createMissing) {
            problems.cell(line, column, name,
                          std::string("no ") + (isMeasure ? "measure" : "source") +
                              " has this name: add it first, or import with --create-missing");
            return 0;
        }
        RowId id = 0;
        try {
            if (isMeasure) {
                Measure m;
                m.name = name;
                id = store.insert(m);
                if (m.unit == Unit::Count)
                    countMeasures.insert(id);
                report.createdMeasures.push_back(name);
            } else {
                Source s;
                s.title = name;
                id = store.insert(s);
                report.createdSources.push_back(name);
            }
        } catch (const DataError& e) {
            problems.cell(line, column, name, e.what());
            return 0;
        }
        cache[text::toLowerAscii(name)] = id;
        asWritten.emplace(name, id);
        return id;
    };

    csv::Record r;
    std::string measureName, sourceName, code, name, periodText, markerText, valueText, column, reason, why;
    Observation o;
    csv::Prefetcher rows(reader);
    while (rows.next(r)) {
        progress.row(report.rows++);
        bool ok = true;
        auto bad = [&](const std::string& col, const std::string& value, const std::string& message) {
            problems.cell(r.line, col, value, message);
            ok = false;
        };
        if (r.fields.size() != headerRecord.fields.size()) {
            checkFieldCount(r, headerRecord.fields.size(), problems);
            continue;
        }
        // One Observation and one set of strings serve every row: assigning keeps their buffers.
        o.id = 0;
        o.uuid.clear();
        o.areaId = 0;
        o.value.reset();
        measureName.assign(Header::at(r, colMeasure));
        sourceName.assign(Header::at(r, colSource));
        o.measureId = lookupOrCreate(measures, measuresAsWritten, measureName, true, r.line);
        o.sourceId = lookupOrCreate(sources, sourcesAsWritten, sourceName, false, r.line);
        ok = o.measureId != 0 && o.sourceId != 0;

        code.assign(Header::at(r, colAreaCode));
        name.assign(Header::at(r, colAreaName));
        if (auto id = areas.resolveCached(code, name, column, reason))
            o.areaId = *id;
        else
            bad(column, column == "area_code" ? code : name, reason);

        periodText.assign(Header::at(r, colPeriod));
        if (!Period::tryParse(periodText, o.period))
            bad("period", periodText,
                "is not a period: use a financial year such as 2015/16, a year such as 2019, or a "
                "quarter such as 2019 Q1");

        o.dimension.assign(Header::at(r, colDimension));
        o.category.assign(Header::at(r, colCategory));
        if (o.dimension.empty() != o.category.empty()) {
            if (o.dimension.empty())
                bad("dimension", o.dimension,
                    "is empty but category is set: give both (e.g. victim age / 13) or neither");
            else
                bad("category", o.category,
                    "is empty but dimension is set: give both (e.g. victim age / 13) or neither");
        }

        markerText.assign(Header::at(r, colMarker));
        o.markers = Markers();
        if (!markerText.empty()) {
            try {
                o.markers = Markers::parse(markerText);
            } catch (const DataError& e) {
                bad("marker", markerText, withoutSubject(e.what()));
            }
        }
        valueText.assign(Header::at(r, colValue));
        if (valueText.empty()) {
            if (!o.markers.hasReplacing())
                bad("value", valueText,
                    "is empty: give a figure, or a marker that replaces it ([x] not available, [c] confidential, [z] "
                    "not applicable, [low])");
        } else if (valueText.front() == '[') {
            bad("value", valueText, "is a marker: put markers in the 'marker' column and leave 'value' empty");
        } else {
            if (auto v = parseFigure(valueText, why)) {
                o.value = v;
                if (countMeasures.count(o.measureId) && *v != std::floor(*v))
                    bad("value", valueText,
                        "is not a whole number, but measure '" + measureName +
                            "' is a count: give the count, or import the figure under a rate or percentage measure");
                if (*v > 100 && percentageMeasures.count(o.measureId))
                    bad("value", valueText,
                        "is above 100, but measure '" + measureName +
                            "' is a percentage of a whole: give the share, or import the figure under a count or rate "
                            "measure");
                if (o.markers.hasReplacing())
                    bad("marker", markerText,
                        o.markers.replacingCode() + " stands instead of a value, but value is " + valueText +
                            ": remove one of them");
            } else {
                bad("value", valueText, why);
            }
        }
        o.note.assign(Header::at(r, colNote));
        o.asAt.assign(Header::at(r, colAsAt));
        if (!o.asAt.empty() && !isCalendarDate(o.asAt, true))
            bad("as_at", o.asAt,
                "is not a date of the calendar written as 2019-06-10 (or 2019-06 for a month): check the month and "
                "day, or leave it empty for the source's date");
        o.round.assign(Header::at(r, colRound));
        if (!ok)
            continue;

        try {
            if (!writer.write(o, options.replace)) {
                insertedLines.emplace_back(o.id, r.line);
                ++report.inserted;
            } else if (auto earlier = lineOfInserted(o.id)) {
                repeats(r.line, *earlier);
            } else if (auto [it, first] = replacedLines.emplace(o.id, r.line); !first) {
                repeats(r.line, it->second);
            } else {
                ++report.replaced;
            }
        } catch (const DuplicateError& e) {
            // Without --replace the identity index refuses the row: name the line it repeats when the
            // figure it clashes with came from this file.
            const auto clash = store.findObservation(o);
            if (auto earlier = clash ? lineOfInserted(clash->id) : std::nullopt)
                repeats(r.line, *earlier);
            else
                problems.row(r.line, e.what());
        } catch (const DataError& e) {
            problems.row(r.line, e.what());
        }
    }
    finishImport(rows, reader, headerRecord, options, report, problems, progress, bulk, tx);
    return report;
}

// ---- case studies ------------------------------------------------------------------------------

bool validAgeBand(const std::string& s)
{
    // "13-15", "under 10", "10 and under", "16 and over"
    auto isNum = [](std::string_view v) {
        return !v.empty() && v.size() <= 2 &&
               std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::string l = text::toLowerAscii(s);
    if (auto dash = l.find('-'); dash != std::string::npos) {
        const auto a = text::trim(std::string_view(l).substr(0, dash)),
                   b = text::trim(std::string_view(l).substr(dash + 1));
        return isNum(a) && isNum(b) && std::stoi(std::string(a)) < std::stoi(std::string(b));
    }
    if (l.starts_with("under "))
        return isNum(text::trim(std::string_view(l).substr(6)));
    for (const char* suffix : {" and under", " and over"})
        if (l.ends_with(suffix))
            return isNum(text::trim(std::string_view(l).substr(0, l.size() - std::string_view(suffix).size())));
    return false;
}

std::optional<int> parseSmallInt(const std::string& s)
{
    if (s.empty() || s.size() > 4 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(s);
}

ImportReport importCaseStudies(db::Store& store, csv::Reader& reader, const csv::Record& headerRecord,
                               const ImportOptions& options, Problems& problems, ProgressReporter& progress)
{
    ImportReport report;
    report.kind = ImportKind::CaseStudies;
    report.dryRun = options.dryRun;
    const Header h = readHeader(headerRecord, kCaseStudyColumns, kCaseStudyRequired, problems, "case studies");
    if (!problems.empty())
        problems.raise();

    db::Store::Transaction tx(store);
    // Case studies stay audited row by row (their text is what reviewers check); the import is
    // recorded as well, so every import appears in the log the same way.
    db::Store::BulkImport bulk(store, "");
    RowId consultationId = options.consultationId;
    if (!consultationId) {
        const auto all = store.consultations();
        if (all.size() == 1)
            consultationId = all.front().id;
    }
    std::vector<Area> regions;
    for (auto& a : store.areas())
        if (!a.itl1Code.empty())
            regions.push_back(a);
    std::map<std::string, std::size_t> seen;

    csv::Record r;
    csv::Prefetcher rows(reader);
    while (rows.next(r)) {
        progress.row(report.rows++);
        if (r.fields.size() != headerRecord.fields.size()) {
            checkFieldCount(r, headerRecord.fields.size(), problems);
            continue;
        }
        bool ok = true;
        auto bad = [&](const std::string& column, const std::string& value, const std::string& reason) {
            problems.cell(r.line, column, value, reason);
            ok = false;
        };
        CaseStudy c;
        c.reference = h.value(r, "reference");
        if (c.reference.empty())
            bad("reference", c.reference, "is empty: every case study needs a reference such as CS-005");
        c.title = h.value(r, "title");
        if (c.title.empty())
            bad("title", c.title, "is empty");
        c.narrative = h.value(r, "narrative");
        if (c.narrative.empty())
            bad("narrative", c.narrative, "is empty");
        // A workbook cell holds at most 32,767 characters: longer text would be refused at export.
        for (const auto& [column, value] :
             {std::pair<const char*, const std::string*>{"title", &c.title}, {"narrative", &c.narrative}}) {
            if (text::codePointCount(*value) > kMaxCellChars)
                bad(column, *value, "is longer than 32,767 characters, which an Excel cell cannot hold");
        }

        const std::string age = h.value(r, "age"), band = h.value(r, "age_band");
        if (!age.empty()) {
            auto v = parseSmallInt(age);
            if (!v || *v > 25)
                bad("age", age, "is not an age in whole years from 0 to 25");
            else
                c.age = v;
        }
        if (!band.empty()) {
            if (!age.empty())
                bad("age_band", band, "give an age or an age band, not both");
            else if (!validAgeBand(band))
                bad("age_band", band, "is not an age band: write e.g. 13-15, under 10, 10 and under, 16 and over");
            else
                c.ageBand = band;
        }
        c.gender = h.value(r, "gender");
        if (text::codePointCount(c.gender) > 30)
            bad("gender", c.gender, "is longer than 30 characters");

        const std::string region = h.value(r, "region");
        if (!region.empty()) {
            for (const auto& a : regions)
                if (text::iequals(a.name, region) || text::iequals(a.code, region) || text::iequals(a.itl1Code, region))
                    c.regionAreaId = a.id;
            if (!c.regionAreaId)
                bad("region", region,
                    "is not an ITL1 region or a nation: use one of North East, North West, Yorkshire and The Humber, "
                    "East Midlands, West Midlands, East of England, London, South East, South West, Wales, Scotland, "
                    "Northern Ireland (a town or a police force area could identify a child)");
        }
        const std::string year = h.value(r, "year");
        if (!year.empty()) {
            auto v = parseSmallInt(year);
            if (!v || year.size() != 4 || *v < 1950 || *v > 2100)
                bad("year", year, "is not a year such as 2019 (only the year is kept, never a full date)");
            else
                c.year = v;
        }
        c.harmTypes = text::splitList(h.value(r, "harm_types"));
        c.platformTypes = text::splitList(h.value(r, "platform_types"));
        c.outcome = h.value(r, "outcome");
        if (text::codePointCount(c.outcome) > kMaxCellChars)
            bad("outcome", c.outcome, "is longer than 32,767 characters, which an Excel cell cannot hold");
        const std::string consent = text::toLowerAscii(h.value(r, "consent"));
        bool notApplicable = false; // only a published account's consent is not applicable
        if (consent == "yes" || consent == "obtained")
            c.consent = Consent::Obtained;
        else if (consent == "no")
            c.consent = Consent::NotObtained;
        else if (consent.empty() || consent == "unknown")
            c.consent = Consent::Unknown;
        else if (consent == "not_applicable" || consent == "not applicable")
            notApplicable = true;
        else
            bad("consent", h.value(r, "consent"),
                "must be yes, no or unknown (or not_applicable for a published account)");
        c.consentRecordedBy = h.value(r, "consent_recorded_by");
        c.consentDate = h.value(r, "consent_date");
        if (!c.consentDate.empty() && !isCalendarDate(c.consentDate, true))
            bad("consent_date", c.consentDate,
                "is not a date of the calendar written as 2019-06-10 (or 2019-06): check the month and day");
        if (c.consent == Consent::Obtained && c.consentRecordedBy.empty())
            bad("consent_recorded_by", "", "is empty: say which role recorded the consent (e.g. Policy officer)");
        if (const std::string basis = h.value(r, "basis"); !basis.empty()) {
            try {
                c.basis = parseCaseStudyBasis(basis);
            } catch (const DataError&) {
                bad("basis", basis,
                    "must be consent (told with consent) or published_account (retold from a published account)");
            }
        }
        c.citation.publisher = h.value(r, "citation_publisher");
        c.citation.title = h.value(r, "citation_title");
        c.citation.date = h.value(r, "citation_date");
        c.citation.url = h.value(r, "citation_url");
        if (!c.citation.date.empty() && !isCalendarDate(c.citation.date, true))
            bad("citation_date", c.citation.date,
                "is not a date of the calendar written as 2019-06-10 (or 2019-06): check the month and day");
        if (c.basis == CaseStudyBasis::Consent && notApplicable)
            bad("consent", h.value(r, "consent"),
                "is not applicable only for a published account: set basis to published_account with its citation, "
                "or give yes, no or unknown");
        if (c.basis == CaseStudyBasis::PublishedAccount) {
            if (c.consent == Consent::Obtained || c.consent == Consent::NotObtained)
                bad("consent", h.value(r, "consent"),
                    "is given for a published account, for which the charity holds no consent: leave it empty");
            if (c.citation.publisher.empty())
                bad("citation_publisher", "", "is empty: a published account needs the name of its publisher");
            if (c.citation.title.empty())
                bad("citation_title", "", "is empty: a published account needs the title it was published under");
            if (c.citation.date.empty() && c.citation.url.empty())
                bad("citation_date", "",
                    "is empty and so is citation_url: a published account needs the date it was published or its "
                    "address");
        }

        c.questionNumbers = text::splitList(h.value(r, "questions"));
        for (const auto& n : c.questionNumbers) {
            if (!consultationId)
                bad("questions", n, "the store has several consultations: choose which one these numbers refer to");
            else if (!store.questionByNumber(consultationId, n))
                bad("questions", n, "is not a question number of the consultation (e.g. 3, 7a, 14b)");
        }
        if (!c.reference.empty()) {
            if (auto [it, inserted] = seen.emplace(text::toLowerAscii(c.reference), r.line); !inserted)
                bad("reference", c.reference, "repeats line " + std::to_string(it->second));
        }
        if (!ok)
            continue;
        try {
            if (auto existing = store.caseStudyByReference(c.reference)) {
                if (!options.replace) {
                    bad("reference", c.reference,
                        "a case study with this reference is already in the store: use --replace to overwrite it");
                    continue;
                }
                c.id = existing->id;
                c.uuid = existing->uuid;
                c.review = existing->review;
                c.reviewedBy = existing->reviewedBy;
                c.reviewedAt = existing->reviewedAt;
                store.update(c);
                ++report.replaced;
            } else {
                store.insert(c);
                ++report.inserted;
            }
        } catch (const DataError& e) {
            problems.row(r.line, e.what());
        }
    }
    finishImport(rows, reader, headerRecord, options, report, problems, progress, bulk, tx);
    return report;
}

ImportReport importFrom(db::Store& store, csv::Reader& reader, const ImportOptions& options, std::size_t lines)
{
    ProgressReporter progress(options, lines > 0 ? lines - 1 : 0);
    Problems problems(reader.displayName());
    csv::Record header;
    if (!reader.next(header))
        throw DataError(reader.displayName() + ":1: the file is empty: it needs a header row and at least one row");
    std::set<std::string> names;
    for (const auto& f : header.fields)
        names.insert(text::toLowerAscii(text::trim(f)));
    if (names.count("narrative") || names.count("reference"))
        return importCaseStudies(store, reader, header, options, problems, progress);
    if (names.count("measure") || names.count("value"))
        return importObservations(store, reader, header, options, problems, progress);
    throw DataError(
        reader.displayName() + ":" + std::to_string(header.line) +
        ": the header is neither an observations file (measure, area_code, area_name, period, dimension, "
        "category, value, marker, source, note) nor a case-studies file (reference, title, narrative, ...)");
}

/// Line ends in @p data, plus one for a last line without one: the rows a progress dialog counts towards.
std::size_t countTextLines(std::string_view data)
{
    const auto n = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n'));
    return n + (!data.empty() && data.back() != '\n' ? 1 : 0);
}

std::size_t countFileLines(const std::filesystem::path& file)
{
    // Read a chunk at a time: a file of a million rows is counted in a few milliseconds, without holding it.
    std::ifstream in(file, std::ios::binary);
    std::vector<char> buffer(std::size_t(1) << 20);
    std::size_t n = 0;
    char last = '\n';
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0)
            break;
        n += static_cast<std::size_t>(std::count(buffer.data(), buffer.data() + got, '\n'));
        last = buffer[got - 1];
    }
    return n + (last != '\n' ? 1 : 0);
}

} // namespace

const std::vector<std::string>& caseStudyColumns()
{
    return kCaseStudyColumns;
}

ImportReport importCsv(db::Store& store, const std::filesystem::path& file, const ImportOptions& options)
{
    csv::Reader reader(file);
    return importFrom(store, reader, options, options.progress ? countFileLines(file) : 0);
}

ImportReport importCsvText(db::Store& store, std::string data, const std::string& displayName,
                           const ImportOptions& options)
{
    const std::size_t lines = options.progress ? countTextLines(data) : 0;
    csv::Reader reader(std::move(data), displayName);
    return importFrom(store, reader, options, lines);
}

std::string describe(const ImportReport& r, const std::string& fileName)
{
    const std::size_t n = r.inserted + r.replaced;
    std::string noun = r.kind == ImportKind::Observations ? (n == 1 ? "observation" : "observations")
                                                          : (n == 1 ? "case study" : "case studies");
    const std::string s = (r.dryRun ? "Checked " + fileName + ": " + std::to_string(r.rows) + " rows are valid; " +
                                          std::to_string(n) + " " + noun + " would be imported"
                                    : "Imported " + std::to_string(n) + " " + noun + " from " + fileName);
    std::string out = s;
    if (r.replaced)
        out += " (" + std::to_string(r.replaced) +
               (r.dryRun ? " would replace existing ones)" : " replaced existing ones)");
    if (!r.createdMeasures.empty())
        out += "; new measures: " + text::join(r.createdMeasures, ", ");
    if (!r.createdSources.empty())
        out += "; new sources: " + text::join(r.createdSources, ", ");
    return out + (r.dryRun ? ". Nothing was written." : ".");
}

} // namespace evidence::app
