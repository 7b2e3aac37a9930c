#include "core/errors.h"
#include "core/platform.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

namespace evidence::platform {

std::string loginName()
{
    if (const char* u = std::getenv("USER"); u && *u)
        return u;
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return pw->pw_name;
    return "user " + std::to_string(::geteuid());
}

std::string hostName()
{
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        return "this computer";
    return host;
}

long processId() noexcept
{
    return static_cast<long>(::getpid());
}

std::time_t fromUtc(std::tm utc) noexcept
{
    return ::timegm(&utc);
}

bool brokenDown(std::time_t when, bool local, std::tm& out) noexcept
{
    return (local ? ::localtime_r(&when, &out) : ::gmtime_r(&when, &out)) != nullptr;
}

std::string createPrivateFile(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return std::strerror(errno);
    ::close(fd);
    return {};
}

void replaceFile(const std::filesystem::path& source, const std::filesystem::path& target)
{
    if (std::rename(source.c_str(), target.c_str()) != 0)
        throw FileError("cannot replace " + target.string() + ": " + std::strerror(errno) +
                        "; the earlier file is unchanged");
}

bool syncToDisk(const std::filesystem::path& path, bool directory) noexcept
{
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return false;
    const int rc = ::fsync(fd);
    ::close(fd);
    return rc == 0;
}

std::filesystem::path userDataFolder()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
        return std::filesystem::path(xdg) / "evidence-desk";
    const char* home = std::getenv("HOME");
    if ((!home || !*home) && ::getpwuid(::geteuid()))
        home = ::getpwuid(::geteuid())->pw_dir;
    return std::filesystem::path(home ? home : ".") / ".local" / "share" / "evidence-desk";
}

} // namespace evidence::platform
