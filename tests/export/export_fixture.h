#pragma once
// Shared helpers of the export tests: the sample store in a temporary folder, its workbook model, reading
// parts of a written .xlsx, and running the independent Python checker.

#include "app/export_job.h"
#include "app/importer.h"
#include "app/lookup.h"
#include "app/sample.h"
#include "db/store.h"
#include "export/builder.h"
#include "export/layout.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace evidence::test {

/// The sample submission in a temporary folder.
struct SampleFixture
{
    TempDir dir;
    db::Store store = app::createSampleStore(dir.file("sample.evidence"), fixedOptions());

    RowId submissionId() const { return store.submissions().at(0).id; }
    xlsx::WorkbookModel model() const { return app::buildWorkbookModel(store, 0, "test"); }
    /// Options with no scanner, so that tests see the gate's own rules.
    static app::ExportOptions options()
    {
        app::ExportOptions o;
        o.toolVersion = "test";
        return o;
    }
};

/// The header of a figures CSV, as the importer reads it.
inline const std::string kFiguresHeader =
    "measure,area_code,area_name,period,dimension,category,value,marker,source,note\n";

/// Fills @p store, in one transaction, with a source "FOI requests", the measure "Offences" (a count unless
/// @p unit says otherwise) with the
/// figures of @p figureRows (CSV rows under kFiguresHeader), and a submission as at @p asAt that selects it.
inline void addOneMeasureSubmission(db::Store& store, const std::string& figureRows, const std::string& asAt,
                                    Unit unit = Unit::Count)
{
    db::Store::Transaction tx(store);
    Source src;
    src.title = "FOI requests";
    src.publisher = "A charity";
    store.insert(src);
    Measure m;
    m.name = "Offences";
    m.unit = unit;
    store.insert(m);
    app::importCsvText(store, kFiguresHeader + figureRows, "figures.csv", {});
    Submission sub;
    sub.consultationId = store.consultations().front().id;
    sub.title = "Response";
    sub.organisation = "A charity";
    sub.asAt = asAt;
    store.insert(sub);
    store.setMeasureSelected(sub.id, m.id, true);
    tx.commit();
}

/// The laid-out workbook of @p store's first submission, with charts and without suppression.
inline xlsx::Layout layoutOf(const db::Store& store)
{
    auto r = xlsx::buildLayout(app::buildWorkbookModel(store, 0, "test"), false, true);
    return std::move(r.layout);
}

/// Gives @p store a submission of "Test charity" with a contact e-mail, as at 28 June 2019, and the figures
/// of tests/data/suppression/observations.csv (their measures, sources and areas created as needed).
inline void addSuppressionSubmission(db::Store& store)
{
    app::ensureSubmission(store, {}, "Test charity");
    Submission s = store.submissions().at(0);
    s.contactEmail = "evidence@example.org";
    s.asAt = "2019-06-28T09:00:00Z";
    store.update(s);
    app::ImportOptions o;
    o.createMissing = true;
    app::importCsv(store, sourcePath("tests/data/suppression/observations.csv"), o);
}

/// A workbook of one sheet, "Table 1", titled @p title above a table of areas with one count column
/// ("2019") holding @p rows.
inline xlsx::Layout oneTableLayout(const std::string& title, const std::vector<std::pair<std::string, double>>& rows)
{
    xlsx::Layout l;
    l.properties.title = "A title";
    l.properties.author = "Org";
    l.properties.created = 1561712400;
    xlsx::Sheet s;
    s.name = "Table 1";
    s.lines.push_back({xlsx::Line::Style::Title, title, {}});
    xlsx::Table t;
    t.name = "Table_1_Test";
    t.columns = {{"Area", xlsx::ColumnType::Text}, {"2019", xlsx::ColumnType::Count}};
    for (const auto& [area, value] : rows)
        t.rows.push_back({xlsx::Cell::makeText(area), xlsx::Cell::makeNumber(value)});
    s.table = t;
    l.sheets.push_back(s);
    return l;
}

/// Runs @p command and returns its standard output; @p status receives the exit status.
inline std::string run(const std::string& command, int& status)
{
    std::array<char, 4096> buf{};
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + command);
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe))
        out += buf.data();
    status = ::pclose(pipe);
    return out;
}

/// One part of a zip file (e.g. "xl/worksheets/sheet4.xml"), read with unzip.
inline std::string zipPart(const std::filesystem::path& zip, const std::string& part)
{
    // unzip reads its argument as a wildcard pattern: "[Content_Types].xml" would name "C.xml", "o.xml"...
    std::string pattern;
    for (char c : part)
        pattern += c == '[' ? std::string("[[]") : std::string(1, c);
    int status = 0;
    const std::string out = run("unzip -p '" + zip.string() + "' '" + pattern + "'", status);
    if (status != 0)
        throw std::runtime_error("cannot read " + part + " from " + zip.string());
    return out;
}

/// Runs tests/export/check_workbook.py on @p file with @p args; returns its exit status and output.
inline int checkWorkbook(const std::filesystem::path& file, const std::string& args, std::string& output)
{
    int status = 0;
    output = run("/usr/bin/python3 '" + sourcePath("tests/export/check_workbook.py").string() + "' '" + file.string() +
                     "' " + args + " 2>&1",
                 status);
    return status;
}

/// Names of the files in @p dir, leaving out the open store's SQLite side files (-wal, -shm).
inline std::vector<std::string> filesIn(const std::filesystem::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (!name.ends_with("-wal") && !name.ends_with("-shm") && !name.ends_with("-journal"))
            out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace evidence::test
