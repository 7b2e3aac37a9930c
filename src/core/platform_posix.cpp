#include "core/errors.h"
#include "core/platform.h"

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <locale.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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
        throw FileError("cannot replace " + utf8(target) + ": " + std::strerror(errno) +
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

std::string utf8(const std::filesystem::path& path)
{
    return path.string();
}

std::filesystem::path pathFromUtf8(std::string_view text)
{
    return std::filesystem::path(text);
}

std::vector<std::string> programArguments(int argc, char** argv)
{
    return {argv + std::min(argc, 1), argv + argc};
}

void useUtf8Console() noexcept {}

int lastSystemError() noexcept
{
    return errno;
}

bool isDiskFull(int error) noexcept
{
    return error == ENOSPC || error == EDQUOT;
}

std::string describeError(int error)
{
    return std::strerror(error);
}

FileKind fileKind(const std::filesystem::path& path) noexcept
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return FileKind::Missing;
    if (S_ISREG(st.st_mode))
        return FileKind::Regular;
    if (S_ISDIR(st.st_mode))
        return FileKind::Folder;
    if (S_ISFIFO(st.st_mode))
        return FileKind::NamedPipe;
    if (S_ISSOCK(st.st_mode))
        return FileKind::Socket;
    return FileKind::Device;
}

bool fileIdentity(const std::filesystem::path& path, FileIdentity& out) noexcept
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return false;
    out = {static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino)};
    return true;
}

bool folderRefusesNewFiles(const std::filesystem::path& folder) noexcept
{
    if (::access(folder.c_str(), W_OK) == 0)
        return false;
    return errno == EACCES || errno == EROFS || errno == EPERM;
}

std::string publishWithoutReplacing(const std::filesystem::path& source, const std::filesystem::path& target)
{
    if (::link(source.c_str(), target.c_str()) != 0)
        return std::strerror(errno);
    return {};
}

ThreadCNumericLocale::ThreadCNumericLocale()
{
    locale_t current = ::uselocale(static_cast<locale_t>(nullptr));
    locale_t base = ::duplocale(current);
    if (!base)
        throw Error("cannot copy the current locale to write numbers in the C format");
    locale_t c = ::newlocale(LC_NUMERIC_MASK, "C", base);
    if (!c) {
        ::freelocale(base);
        throw Error("cannot create a C numeric locale to write numbers");
    }
    m_locale = c;
    m_previous = ::uselocale(c);
}

ThreadCNumericLocale::~ThreadCNumericLocale()
{
    ::uselocale(static_cast<locale_t>(m_previous));
    ::freelocale(static_cast<locale_t>(m_locale));
}

void returnFreedMemory(std::size_t ifFreeAtLeast) noexcept
{
#if defined(__GLIBC__)
    if (ifFreeAtLeast == 0 || mallinfo2().fordblks >= ifFreeAtLeast)
        malloc_trim(0);
#else
    (void)ifFreeAtLeast;
#endif
}

void configureAllocator() noexcept
{
#if defined(__GLIBC__)
    mallopt(M_MXFAST, 0);
#endif
}

void FileHandle::close() noexcept
{
    if (m_handle != kClosed)
        ::close(static_cast<int>(m_handle));
    m_handle = kClosed;
}

// LockFile

std::string LockFile::open(const std::filesystem::path& path, bool create)
{
    close();
    const int fd = create ? ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)
                          : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return std::strerror(errno);
    m_file = FileHandle(fd);
    return {};
}

LockFile::Lock LockFile::tryLock(std::string& reason)
{
    // flock() locks belong to this open file description: a second LockFile of this process is refused
    // like another program, and no other descriptor's close releases it (POSIX record locks would be).
    if (::flock(static_cast<int>(m_file.get()), LOCK_EX | LOCK_NB) == 0)
        return Lock::Taken;
    const int err = errno;
    reason = std::strerror(err);
    if (err == EWOULDBLOCK)
        return Lock::HeldElsewhere;
    if (err == ENOLCK || err == EOPNOTSUPP)
        return Lock::Unsupported;
    return Lock::Failed;
}

std::string LockFile::read() const
{
    std::string out;
    char buf[512];
    off_t at = 0;
    for (;;) {
        const ssize_t n = ::pread(static_cast<int>(m_file.get()), buf, sizeof buf, at);
        if (n <= 0 || out.size() > 4096)
            break;
        out.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
    return out;
}

bool LockFile::write(std::string_view text) noexcept
{
    const int fd = static_cast<int>(m_file.get());
    return ::ftruncate(fd, 0) == 0 && ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size());
}

// HeldNewFile

namespace {

// True when @p path names the regular file open as @p fd (not a link, nor a file made since under that name).
bool namesFile(const std::filesystem::path& path, int fd)
{
    struct stat held
    {
    }, named{};
    return ::fstat(fd, &held) == 0 && S_ISREG(held.st_mode) && ::lstat(path.c_str(), &named) == 0 &&
           named.st_dev == held.st_dev && named.st_ino == held.st_ino;
}

} // namespace

HeldNewFile::Create HeldNewFile::create(const std::filesystem::path& path, std::string& reason)
{
    close();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return Create::NameTaken;
        reason = std::strerror(errno);
        return Create::Failed;
    }
    // Another process may have taken the new file for abandoned between its creation and the lock.
    const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    const bool taken = locked ? !namesFile(path, fd) : errno == EWOULDBLOCK;
    if (taken) {
        ::close(fd);
        return Create::NameTaken;
    }
    // Unlocked, on a file system that cannot lock (some network shares), the file is never swept: a
    // sweep needs the lock too.
    m_file = FileHandle(fd);
    return Create::Held;
}

bool removeIfAbandoned(const std::filesystem::path& path) noexcept
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    // Removed only if it is still the file that was locked: a new holder may have reused the name.
    const bool removed = ::flock(fd, LOCK_EX | LOCK_NB) == 0 && namesFile(path, fd) && ::unlink(path.c_str()) == 0;
    ::close(fd);
    return removed;
}

std::filesystem::path createPrivateFolder(const std::string& prefix)
{
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        throw FileError("cannot create a private folder: " + std::string(std::strerror(errno)));
    return pattern;
}

int runProgram(const std::vector<std::string>& argv, std::chrono::seconds timeout)
{
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        throw FileError("cannot start " + argv.front() + ": " + std::strerror(errno));
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            ::dup2(null, STDIN_FILENO);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
        }
        ::setpgid(0, 0); // its own group: a timeout stops its children too
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR)
            return -1;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool isExecutable(const std::filesystem::path& path) noexcept
{
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::string executableName(std::string_view stem)
{
    return std::string(stem);
}

char pathListSeparator() noexcept
{
    return ':';
}

} // namespace evidence::platform

// libxlsxwriter writes a workbook's creation time with gmtime(), whose result glibc keeps in one buffer for the
// whole process; an export closes two workbooks at once (export/layout.h, render()), so one thread's result
// could be overwritten by the other's before it is formatted. This definition, to which the dynamic linker binds
// libxlsxwriter's call ahead of the C library's, gives each thread a buffer of its own, as Windows' C runtime
// does.
extern "C" struct tm* gmtime(const time_t* timer) noexcept
{
    thread_local struct tm result;
    return gmtime_r(timer, &result);
}
