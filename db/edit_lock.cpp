#include "db/edit_lock.h"

#include "core/errors.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string_view>
#include <sys/file.h>
#include <unistd.h>

namespace evidence::db {

namespace {

std::string readAll(int fd)
{
    std::string out;
    char buf[512];
    off_t at = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n <= 0 || out.size() > 4096)
            break;
        out.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
    return out;
}

std::string valueOf(std::string_view text, std::string_view key)
{
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == '=')
            return std::string(line.substr(key.size() + 1));
        at = end + 1;
    }
    return {};
}

std::string hostName()
{
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0)
        return "this computer";
    return host;
}

std::string nowUtc()
{
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

} // namespace

std::filesystem::path EditLock::lockPath(const std::filesystem::path& storePath)
{
    std::filesystem::path p = storePath;
    p += ".lock";
    return p;
}

namespace {

/// Locks @p fd or throws BusyError naming the holder; closes @p fd on failure.
void lockOrRefuse(int fd, const std::filesystem::path& storePath, const std::filesystem::path& path)
{
    // flock() locks belong to this open file description: a second window of this process is refused
    // like another program, and no other descriptor's close releases it (POSIX record locks would be).
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
        return;
    const int err = errno;
    const std::string holder = readAll(fd);
    ::close(fd);
    if (err == ENOLCK || err == EOPNOTSUPP)
        throw LockingUnsupportedError("cannot open " + storePath.string() + " for editing: its lock file " +
                                      path.string() + " cannot be locked on this file system (" + std::strerror(err) +
                                      ")");
    if (err != EWOULDBLOCK)
        throw FileError("cannot open " + storePath.string() + " for editing: its lock file " + path.string() +
                        " cannot be locked (" + std::strerror(err) + ")");
    const std::string who = valueOf(holder, "user"), host = valueOf(holder, "host"), pid = valueOf(holder, "pid"),
                      since = valueOf(holder, "since");
    std::string program = valueOf(holder, "program");
    if (program.empty())
        program = "Evidence Desk";
    std::string message = "This store is already open for editing";
    if (!who.empty())
        message += " by " + who;
    if (!host.empty())
        message += " on " + host;
    if (!pid.empty())
        message += " (" + program + ", process " + pid + ")";
    if (!since.empty())
        message += " since " + since;
    message += ". Two programs editing one store would undo each other's changes: close it there first, or "
               "work on a copy.";
    throw BusyError(message);
}

} // namespace

EditLock EditLock::acquire(const std::filesystem::path& storePath, const std::string& user, const std::string& program)
{
    const auto path = lockPath(storePath);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        throw FileError("cannot open " + storePath.string() + " for editing: its lock file " + path.string() +
                        " cannot be made (" + std::strerror(errno) + ")");
    lockOrRefuse(fd, storePath, path);
    const std::string record = "user=" + user + "\nhost=" + hostName() + "\nprogram=" + program +
                               "\npid=" + std::to_string(::getpid()) + "\nsince=" + nowUtc() + "\n";
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, record.data(), record.size(), 0) != static_cast<ssize_t>(record.size())) {
        // The lock holds regardless; only the holder's name would be missing from another's message.
    }
    return EditLock(fd);
}

EditLock EditLock::acquireWhereWritable(const std::filesystem::path& storePath, const std::string& user,
                                        const std::string& program)
{
    try {
        return acquire(storePath, user, program);
    } catch (const BusyError&) {
        throw;
    } catch (const LockingUnsupportedError&) {
        return EditLock(-1);
    } catch (const FileError&) {
        const auto path = lockPath(storePath);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            return EditLock(-1);
        lockOrRefuse(fd, storePath, path);
        return EditLock(fd);
    }
}

EditLock::EditLock(EditLock&& other) noexcept : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

EditLock& EditLock::operator=(EditLock&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

EditLock::~EditLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace evidence::db
