#include "app/part_file.h"

#include "core/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace evidence::app {
namespace {

std::filesystem::path folderOf(const std::filesystem::path& target)
{
    return target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
}

} // namespace

PartFile::PartFile(const std::filesystem::path& target, const std::string& bytes)
{
    std::random_device rd;
    for (int attempt = 0; attempt < 20 && m_path.empty(); ++attempt) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(rd()));
        const auto candidate = folderOf(target) / ("." + target.filename().string() + "." + suffix + ".part");
        const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            throw FileError("cannot write " + target.string() + ": " + std::strerror(errno));
        }
        m_path = candidate;
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const int err = errno;
                ::close(fd);
                ::unlink(candidate.c_str()); // a constructor that throws has no destructor to remove it
                throw FileError("cannot write " + target.string() + ": " + std::strerror(err) +
                                "; nothing was written");
            }
            done += static_cast<std::size_t>(n);
        }
        const bool synced = ::fsync(fd) == 0;
        const int err = errno;
        ::close(fd);
        if (!synced) {
            ::unlink(candidate.c_str());
            m_path.clear();
            throw FileError("cannot write " + target.string() + ": " + std::strerror(err) + "; nothing was written");
        }
    }
    if (m_path.empty())
        throw FileError("cannot create a temporary file in " + folderOf(target).string());
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
    if (::rename(m_path.c_str(), target.c_str()) != 0)
        throw FileError("cannot replace " + target.string() + ": " + std::strerror(errno));
    m_path.clear();
    const int dir = ::open(folderOf(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
}

} // namespace evidence::app
