#include "app/part_file.h"

#include "core/errors.h"
#include "core/platform.h"

#include <cstdio>
#include <fstream>
#include <random>

namespace evidence::app {
std::filesystem::path folderOf(const std::filesystem::path& target)
{
    return target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
}

PartFile::PartFile(const std::filesystem::path& target, const std::string& bytes)
{
    std::random_device rd;
    for (int attempt = 0; attempt < 20 && m_path.empty(); ++attempt) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(rd()));
        const auto candidate =
            folderOf(target) / platform::pathFromUtf8("." + platform::utf8(target.filename()) + "." + suffix + ".part");
        if (const std::string reason = platform::createPrivateFile(candidate); !reason.empty()) {
            if (platform::fileKind(candidate) != platform::FileKind::Missing)
                continue; // the name is taken
            throw FileError("cannot write " + platform::utf8(target) + ": " + reason);
        }
        m_path = candidate;
        std::ofstream out(candidate, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        const bool written = out && platform::syncToDisk(candidate, false);
        const int err = platform::lastSystemError();
        if (!written) {
            std::error_code ec;
            std::filesystem::remove(candidate, ec); // a constructor that throws has no destructor to remove it
            m_path.clear();
            throw FileError("cannot write " + platform::utf8(target) + ": " + platform::describeError(err) +
                            "; nothing was written");
        }
    }
    if (m_path.empty())
        throw FileError("cannot create a temporary file in " + platform::utf8(folderOf(target)));
}

PartFile::~PartFile()
{
    if (!m_path.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_path, ec);
    }
}

void PartFile::renameTo(const std::filesystem::path& target)
{
    platform::replaceFile(m_path, target);
    m_path.clear();
    (void)platform::syncToDisk(folderOf(target), true);
}

} // namespace evidence::app
