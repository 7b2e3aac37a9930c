// libFuzzer entry point for the CSV importer: any bytes in, as an observations or a case-studies file,
// against a real store. Every outcome must be a report or a DataError/FileError (messages in the
// agreed `file:LINE: ...` form); anything else, a crash or a sanitizer report is a finding.

#include "app/importer.h"
#include "core/errors.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace evidence;

namespace {

void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

/// One store per process in a fresh temporary folder, removed at exit: creating one per input
/// would spend the fuzzer's time in SQLite's schema setup instead of the importer.
db::Store& store()
{
    static const fs::path dir = [] {
        std::string pattern = (fs::temp_directory_path() / "import-fuzz-XXXXXX").string();
        check(::mkdtemp(pattern.data()) != nullptr);
        const fs::path made = pattern;
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(dir, ec);
        });
        return made;
    }();
    static db::Store s = [] {
        db::StoreOptions o;
        o.clock = [] { return std::string("2019-06-28T09:00:00Z"); };
        o.osUser = "fuzz";
        return db::Store::create(dir / "fuzz.evidence", o);
    }();
    return s;
}

std::int64_t lastAuditId(db::Store& s)
{
    const auto last = s.auditLog({std::nullopt, std::nullopt, 1});
    return last.empty() ? 0 : last.front().id;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto& s = store();
    // The options come from the size, so the CSV bytes stay a plain file that can be replayed
    // with evidence-cli. Most runs are dry: committed imports would make the store grow forever.
    app::ImportOptions options;
    options.createMissing = size % 2 == 0;
    options.replace = size % 4 < 2;
    options.dryRun = size % 8 != 0;
    const std::int64_t auditBefore = lastAuditId(s);
    try {
        const auto report =
            app::importCsvText(s, std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv", options);
        check(report.rows >= report.inserted + report.replaced);
        check(!app::describe(report, "fuzz.csv").empty());
    } catch (const DataError& e) {
        // Every message names the file and a line, or counts the problems not shown.
        const std::string what = e.what();
        check(what.rfind("fuzz.csv:", 0) == 0 || what.find("more problems not shown") != std::string::npos);
        // A refused import writes nothing, not even an audit entry.
        check(lastAuditId(s) == auditBefore);
    } catch (const FileError&) {
    }
    // Whatever happened, per-row audit of observations is back on.
    check(s.database()
              .execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = "
                          "'audit_observations_insert'")
              .getInt() == 1);
    return 0;
}
