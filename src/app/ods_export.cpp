#include "app/ods_export.h"

#include "app/part_file.h"
#include "core/errors.h"
#include "core/platform.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace evidence::app {
namespace {

// A folder only this user can enter, removed with everything in it.
class PrivateFolder
{
public:
    PrivateFolder() : m_path(platform::createPrivateFolder("evidence-ods-")) {}
    ~PrivateFolder()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    PrivateFolder(const PrivateFolder&) = delete;
    PrivateFolder& operator=(const PrivateFolder&) = delete;
    const std::filesystem::path& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
};

std::string fileUrl(const std::filesystem::path& p)
{
    std::string out = "file://";
    for (unsigned char c : platform::utf8(p)) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

// Runs @p argv without a shell, its output discarded; the exit status, or -1 when it had to be stopped.
int run(const std::vector<std::string>& argv, std::chrono::seconds timeout)
{
    return platform::runProgram(argv, timeout);
}

} // namespace

std::filesystem::path findSoffice()
{
    std::error_code ec;
    if (const char* forced = std::getenv("EVIDENCE_SOFFICE"))
        return std::filesystem::is_regular_file(forced, ec) ? std::filesystem::path(forced) : std::filesystem::path();
    if (const char* path = std::getenv("PATH")) {
        std::stringstream dirs(path);
        for (std::string dir; std::getline(dirs, dir, platform::pathListSeparator());)
            for (const char* name : {"soffice", "libreoffice"}) {
                const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / platform::executableName(name);
                if (platform::isExecutable(candidate))
                    return candidate;
            }
    }
    const std::filesystem::path usual = "/usr/lib/libreoffice/program/soffice";
    return std::filesystem::is_regular_file(usual, ec) ? usual : std::filesystem::path();
}

ExportReport exportOds(db::Store& store, const std::filesystem::path& target, const ExportOptions& options)
{
    if (target.empty())
        throw FileError("no file name was given for the workbook");
    const std::filesystem::path soffice = findSoffice();
    if (soffice.empty())
        throw FileError("cannot write " + platform::utf8(target) +
                        ": an .ods workbook is converted by LibreOffice, which is not installed here (no soffice "
                        "found). Install LibreOffice Calc, or export as .xlsx. Nothing was written.");
    std::error_code ec;
    if (std::filesystem::is_directory(target, ec))
        throw FileError(platform::utf8(target) + " is a folder: give a file name ending in .ods");

    PrivateFolder folder;
    const std::filesystem::path xlsx = folder.path() / "workbook.xlsx";
    ExportOptions toXlsx = options;
    toXlsx.recordedFile = target;
    ExportReport report = exportWorkbook(store, xlsx, toXlsx);
    report.file = target;
    if (report.status != ExportStatus::Written)
        return report;
    if (options.progress)
        options.progress(0.9, "converting to .ods with LibreOffice");

    const int rc = run({platform::utf8(soffice), "-env:UserInstallation=" + fileUrl(folder.path() / "profile"),
                        "--headless", "--invisible", "--nologo", "--norestore", "--convert-to", "ods", "--outdir",
                        platform::utf8(folder.path()), platform::utf8(xlsx)},
                       std::chrono::seconds(300));
    const std::filesystem::path ods = folder.path() / "workbook.ods";
    if (rc != 0 || !std::filesystem::is_regular_file(ods, ec))
        throw FileError("cannot write " + platform::utf8(target) + ": LibreOffice (" + platform::utf8(soffice) +
                        ") did not convert the workbook to .ods" +
                        (rc == -1 ? " within five minutes" : " (exit code " + std::to_string(rc) + ")") +
                        ". Nothing was written.");
    std::filesystem::permissions(ods, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    if (options.postWriteScan) {
        auto reasons = options.postWriteScan({})(ods, nullptr);
        if (!reasons.empty()) {
            report.status = ExportStatus::Refused;
            report.reasons = std::move(reasons);
            return report;
        }
    }
    std::ifstream in(ods, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof())
        throw FileError("cannot read the converted workbook " + platform::utf8(ods));
    PartFile part(target, bytes.str());
    part.renameTo(target);
    report.bytes = std::filesystem::file_size(target, ec);
    if (options.progress)
        options.progress(1.0, "saved " + platform::utf8(target.filename()));
    return report;
}

} // namespace evidence::app
