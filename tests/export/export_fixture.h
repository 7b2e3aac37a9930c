#pragma once
// Shared helpers of the export tests: the sample store in a temporary folder, its workbook model, reading
// parts of a written .xlsx, and running the independent Python checker.

#include "app/export_job.h"
#include "app/sample.h"
#include "db/store.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

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
