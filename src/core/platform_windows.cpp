#include "core/errors.h"
#include "core/platform.h"

#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <random>
#include <vector>
#include <windows.h>
// After windows.h, which they need:
#include <knownfolders.h>
#include <sddl.h>
#include <shlobj.h>

namespace evidence::platform {

namespace {

std::string utf8(const wchar_t* text, int length)
{
    if (length == 0)
        return {};
    const int n = ::WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
    if (n > 0)
        ::WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), n, nullptr, nullptr);
    return out;
}

std::string describe(DWORD code)
{
    wchar_t* text = nullptr;
    const DWORD n =
        ::FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                         nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
    std::string out = n ? utf8(text, static_cast<int>(n)) : "Windows error " + std::to_string(code);
    ::LocalFree(text);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == '.' || out.back() == ' '))
        out.pop_back();
    return out;
}

/// The SID of the user this process runs as, as text ("S-1-5-21-..."); empty when unknown.
std::wstring userSid()
{
    HANDLE token = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    DWORD size = 0;
    ::GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> buffer(size);
    std::wstring out;
    wchar_t* text = nullptr;
    if (size && ::GetTokenInformation(token, TokenUser, buffer.data(), size, &size) &&
        ::ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &text)) {
        out = text;
        ::LocalFree(text);
    }
    ::CloseHandle(token);
    return out;
}

/// The owner-only access list of createPrivateFile(); null where the system cannot build it.
struct PrivateAccess
{
    PrivateAccess()
    {
        // The user by their own SID: the "owner rights" SID (OW) is not honoured everywhere (Wine then
        // refuses to delete the file), and the user owns what they create anyway.
        const std::wstring user = userSid();
        const std::wstring sddl = L"D:P(A;;FA;;;" + (user.empty() ? std::wstring(L"OW") : user) + L")";
        if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor,
                                                                    nullptr))
            descriptor = nullptr;
        attributes = {sizeof attributes, descriptor, FALSE};
    }
    ~PrivateAccess() { ::LocalFree(descriptor); }
    PrivateAccess(const PrivateAccess&) = delete;
    PrivateAccess& operator=(const PrivateAccess&) = delete;
    SECURITY_ATTRIBUTES* get() { return descriptor ? &attributes : nullptr; }

    PSECURITY_DESCRIPTOR descriptor = nullptr;
    SECURITY_ATTRIBUTES attributes{};
};

HANDLE asHandle(std::intptr_t h)
{
    return reinterpret_cast<HANDLE>(h);
}

std::intptr_t fromHandle(HANDLE h)
{
    return h == INVALID_HANDLE_VALUE ? -1 : reinterpret_cast<std::intptr_t>(h);
}

std::wstring quoteArgument(const std::wstring& arg)
{
    // The rules CommandLineToArgvW and the C runtime parse by: backslashes double before a quote.
    if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos)
        return arg;
    std::wstring out = L"\"";
    for (std::size_t i = 0;; ++i) {
        std::size_t slashes = 0;
        while (i < arg.size() && arg[i] == L'\\') {
            ++slashes;
            ++i;
        }
        if (i == arg.size()) {
            out.append(slashes * 2, L'\\');
            break;
        }
        if (arg[i] == L'"')
            out.append(slashes * 2 + 1, L'\\');
        else
            out.append(slashes, L'\\');
        out += arg[i];
    }
    return out + L"\"";
}

} // namespace

std::string utf8(const std::filesystem::path& path)
{
    const std::u8string text = path.u8string();
    return {text.begin(), text.end()};
}

std::filesystem::path pathFromUtf8(std::string_view text)
{
    return std::filesystem::path(std::u8string(text.begin(), text.end()));
}

std::vector<std::string> programArguments(int /*argc*/, char** /*argv*/)
{
    int count = 0;
    LPWSTR* wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
    if (!wide)
        throw Error("cannot read the program's command line: " + describe(::GetLastError()));
    std::vector<std::string> out;
    for (int i = 1; i < count; ++i)
        out.push_back(utf8(wide[i], static_cast<int>(std::wcslen(wide[i]))));
    ::LocalFree(wide);
    return out;
}

void useUtf8Console() noexcept
{
    ::SetConsoleOutputCP(CP_UTF8);
    ::SetConsoleCP(CP_UTF8);
}

std::string loginName()
{
    wchar_t name[257] = {};
    DWORD size = 257;
    if (::GetUserNameW(name, &size) && size > 1)
        return utf8(name, static_cast<int>(size - 1));
    if (const char* u = std::getenv("USERNAME"); u && *u)
        return u;
    return "user";
}

std::string hostName()
{
    wchar_t name[256] = {};
    DWORD size = 256;
    if (!::GetComputerNameExW(ComputerNameDnsHostname, name, &size) || size == 0)
        return "this computer";
    return utf8(name, static_cast<int>(size));
}

long processId() noexcept
{
    return static_cast<long>(::GetCurrentProcessId());
}

std::time_t fromUtc(std::tm utc) noexcept
{
    return ::_mkgmtime(&utc);
}

bool brokenDown(std::time_t when, bool local, std::tm& out) noexcept
{
    return (local ? ::localtime_s(&out, &when) : ::gmtime_s(&out, &when)) == 0;
}

std::string createPrivateFile(const std::filesystem::path& path)
{
    // A protected access list with one entry, full access for the file's owner: Windows' 0600. Where
    // the system cannot build it, the file inherits its folder's list (a profile folder is private).
    PrivateAccess access;
    const HANDLE file =
        ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, access.get(), CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    const DWORD error = ::GetLastError();
    if (file == INVALID_HANDLE_VALUE)
        return describe(error);
    ::CloseHandle(file);
    return {};
}

void replaceFile(const std::filesystem::path& source, const std::filesystem::path& target)
{
    if (::MoveFileExW(source.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return;
    const DWORD error = ::GetLastError();
    if (error == ERROR_SHARING_VIOLATION || error == ERROR_ACCESS_DENIED || error == ERROR_LOCK_VIOLATION)
        throw FileError("cannot replace " + utf8(target) +
                        ": it is open in another program (Excel keeps a workbook it has open locked). Close it "
                        "there and try again; the earlier file is unchanged");
    throw FileError("cannot replace " + utf8(target) + ": " + describe(error) + "; the earlier file is unchanged");
}

bool syncToDisk(const std::filesystem::path& path, bool directory) noexcept
{
    // Windows has no flush of a folder's entries; MoveFileEx's write-through covers the rename.
    if (directory)
        return true;
    const HANDLE file = ::CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                      OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        return false;
    const bool ok = ::FlushFileBuffers(file) != 0;
    ::CloseHandle(file);
    return ok;
}

std::filesystem::path userDataFolder()
{
    wchar_t* folder = nullptr;
    std::filesystem::path base;
    if (::SHGetKnownFolderPath(FOLDERID_LocalAppData, 0, nullptr, &folder) == S_OK)
        base = folder;
    ::CoTaskMemFree(folder);
    if (base.empty()) {
        const wchar_t* local = ::_wgetenv(L"LOCALAPPDATA");
        base = local ? std::filesystem::path(local) : std::filesystem::current_path();
    }
    return base / L"Evidence Desk";
}

int lastSystemError() noexcept
{
    // The C runtime sets errno for its own calls (fwrite: ENOSPC); SQLite and the rest call Windows,
    // which leaves errno as it was.
    const DWORD error = ::GetLastError();
    if (error == ERROR_DISK_FULL || error == ERROR_HANDLE_DISK_FULL || errno == 0)
        return -static_cast<int>(error);
    return errno;
}

bool isDiskFull(int error) noexcept
{
    return error == ENOSPC || error == -static_cast<int>(ERROR_DISK_FULL) ||
           error == -static_cast<int>(ERROR_HANDLE_DISK_FULL);
}

std::string describeError(int error)
{
    return error < 0 ? describe(static_cast<DWORD>(-error)) : std::strerror(error);
}

FileKind fileKind(const std::filesystem::path& path) noexcept
{
    // The handle tells a device or pipe (NUL, \\.\pipe\x), which has no attributes, from a file.
    const HANDLE file =
        ::CreateFileW(path.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (file != INVALID_HANDLE_VALUE) {
        const DWORD type = ::GetFileType(file);
        ::CloseHandle(file);
        if (type == FILE_TYPE_PIPE)
            return FileKind::NamedPipe;
        if (type == FILE_TYPE_CHAR)
            return FileKind::Device;
    }
    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!::GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &data))
        return FileKind::Missing;
    if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        return FileKind::Folder;
    return data.dwFileAttributes & FILE_ATTRIBUTE_DEVICE ? FileKind::Device : FileKind::Regular;
}

bool fileIdentity(const std::filesystem::path& path, FileIdentity& out) noexcept
{
    const HANDLE file =
        ::CreateFileW(path.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        return false;
    BY_HANDLE_FILE_INFORMATION info{};
    const bool ok = ::GetFileInformationByHandle(file, &info) != 0;
    ::CloseHandle(file);
    if (!ok)
        return false;
    out = {info.dwVolumeSerialNumber,
           (static_cast<unsigned long long>(info.nFileIndexHigh) << 32) | info.nFileIndexLow};
    return true;
}

bool folderRefusesNewFiles(const std::filesystem::path& folder) noexcept
{
    // Windows has no access() that answers for folders: try to make a file, as SQLite would.
    std::random_device rd;
    const std::filesystem::path probe = folder / (L".evidence-write-check-" + std::to_wstring(rd()));
    const HANDLE file = ::CreateFileW(probe.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                      FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, nullptr);
    if (file != INVALID_HANDLE_VALUE) {
        ::CloseHandle(file);
        return false;
    }
    const DWORD error = ::GetLastError();
    return error == ERROR_ACCESS_DENIED || error == ERROR_WRITE_PROTECT;
}

std::string publishWithoutReplacing(const std::filesystem::path& source, const std::filesystem::path& target)
{
    // Without MOVEFILE_REPLACE_EXISTING the move fails when the target exists.
    if (::MoveFileExW(source.c_str(), target.c_str(), MOVEFILE_WRITE_THROUGH))
        return {};
    return describe(::GetLastError());
}

ThreadCNumericLocale::ThreadCNumericLocale() : m_previousMode(::_configthreadlocale(_ENABLE_PER_THREAD_LOCALE))
{
    const char* current = std::setlocale(LC_NUMERIC, nullptr);
    m_previousName = current ? current : "C";
    if (m_previousName == "C")
        return; // numbers are written in the C format already
    // msvcrt.dll, the C runtime of MinGW-w64's programs, may have no locale per thread (_configthreadlocale
    // then returns -1): there the process's own numeric locale is C only while this lives.
    if (!std::setlocale(LC_NUMERIC, "C")) {
        if (m_previousMode != -1)
            ::_configthreadlocale(m_previousMode);
        throw Error("cannot set the C numeric locale to write numbers");
    }
}

ThreadCNumericLocale::~ThreadCNumericLocale()
{
    std::setlocale(LC_NUMERIC, m_previousName.c_str());
    if (m_previousMode != -1)
        ::_configthreadlocale(m_previousMode);
}

void returnFreedMemory(std::size_t) noexcept {}

void configureAllocator() noexcept {}

void FileHandle::close() noexcept
{
    // Closing the handle releases its locks.
    if (m_handle != kClosed)
        ::CloseHandle(asHandle(m_handle));
    m_handle = kClosed;
}

// LockFile

namespace {
// The lock covers one byte far past the end of any lock file, so that the holder's note, at the start,
// stays readable: a Windows lock, unlike flock(), stops others reading the bytes it covers.
constexpr DWORD kLockOffsetHigh = 0x7FFFFFFF;
} // namespace

std::string LockFile::open(const std::filesystem::path& path, bool create)
{
    close();
    PrivateAccess access;
    const HANDLE file = ::CreateFileW(path.c_str(), create ? GENERIC_READ | GENERIC_WRITE : GENERIC_READ,
                                      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, access.get(),
                                      create ? OPEN_ALWAYS : OPEN_EXISTING,
                                      FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        return describe(::GetLastError());
    m_file = FileHandle(fromHandle(file));
    return {};
}

LockFile::Lock LockFile::tryLock(std::string& reason)
{
    OVERLAPPED at{};
    at.OffsetHigh = kLockOffsetHigh;
    if (::LockFileEx(asHandle(m_file.get()), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &at))
        return Lock::Taken;
    const DWORD error = ::GetLastError();
    reason = describe(error);
    if (error == ERROR_LOCK_VIOLATION || error == ERROR_IO_PENDING || error == ERROR_SHARING_VIOLATION)
        return Lock::HeldElsewhere;
    if (error == ERROR_NOT_SUPPORTED || error == ERROR_INVALID_FUNCTION)
        return Lock::Unsupported;
    return Lock::Failed;
}

std::string LockFile::read() const
{
    std::string out;
    char buf[512];
    unsigned long long at = 0;
    while (out.size() <= 4096) {
        OVERLAPPED where{};
        where.Offset = static_cast<DWORD>(at);
        where.OffsetHigh = static_cast<DWORD>(at >> 32);
        DWORD n = 0;
        if (!::ReadFile(asHandle(m_file.get()), buf, sizeof buf, &n, &where) || n == 0)
            break;
        out.append(buf, n);
        at += n;
    }
    return out;
}

bool LockFile::write(std::string_view text) noexcept
{
    const HANDLE file = asHandle(m_file.get());
    LARGE_INTEGER zero{};
    DWORD n = 0;
    return ::SetFilePointerEx(file, zero, nullptr, FILE_BEGIN) && ::SetEndOfFile(file) &&
           ::WriteFile(file, text.data(), static_cast<DWORD>(text.size()), &n, nullptr) && n == text.size();
}

// HeldNewFile: held by an open handle that lets others read, write, rename and delete the file, but not
// open it without sharing: removeIfAbandoned() opens it so, which fails while any holder has it open.

HeldNewFile::Create HeldNewFile::create(const std::filesystem::path& path, std::string& reason)
{
    close();
    PrivateAccess access;
    // Created and held in one call: no moment in which another process could take it for abandoned.
    const HANDLE file =
        ::CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, access.get(),
                      CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        const DWORD error = ::GetLastError();
        if (error == ERROR_FILE_EXISTS || error == ERROR_ALREADY_EXISTS)
            return Create::NameTaken;
        reason = describe(error);
        return Create::Failed;
    }
    m_file = FileHandle(fromHandle(file));
    return Create::Held;
}

bool removeIfAbandoned(const std::filesystem::path& path) noexcept
{
    // No sharing: fails while anyone has the file open, a holder above all.
    const HANDLE file = ::CreateFileW(path.c_str(), DELETE | FILE_READ_ATTRIBUTES, 0, nullptr, OPEN_EXISTING,
                                      FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        return false;
    BY_HANDLE_FILE_INFORMATION info{};
    bool removed = false;
    if (::GetFileInformationByHandle(file, &info) &&
        !(info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT))) {
        FILE_DISPOSITION_INFO dispose{TRUE};
        removed = ::SetFileInformationByHandle(file, FileDispositionInfo, &dispose, sizeof dispose) != 0;
    }
    ::CloseHandle(file);
    return removed;
}

std::filesystem::path createPrivateFolder(const std::string& prefix)
{
    std::random_device rd;
    PrivateAccess access;
    const std::filesystem::path base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 20; ++attempt) {
        const std::filesystem::path candidate = base / pathFromUtf8(prefix + std::to_string(rd()));
        if (::CreateDirectoryW(candidate.c_str(), access.get()))
            return candidate;
        if (::GetLastError() != ERROR_ALREADY_EXISTS)
            throw FileError("cannot create a private folder in " + utf8(base) + ": " + describe(::GetLastError()));
    }
    throw FileError("cannot create a private folder in " + utf8(base));
}

int runProgram(const std::vector<std::string>& argv, std::chrono::seconds timeout)
{
    std::wstring line;
    for (const auto& a : argv)
        line += (line.empty() ? L"" : L" ") + quoteArgument(pathFromUtf8(a).wstring());
    // A job object: stopping it stops the program's own children too.
    const HANDLE job = ::CreateJobObjectW(nullptr, nullptr);
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION process{};
    const std::wstring program = pathFromUtf8(argv.front()).wstring();
    if (!::CreateProcessW(program.c_str(), line.data(), nullptr, nullptr, FALSE,
                          CREATE_NO_WINDOW | CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT, nullptr, nullptr, &startup,
                          &process)) {
        const DWORD error = ::GetLastError();
        if (job)
            ::CloseHandle(job);
        throw FileError("cannot start " + argv.front() + ": " + describe(error));
    }
    if (job)
        ::AssignProcessToJobObject(job, process.hProcess);
    ::ResumeThread(process.hThread);
    ::CloseHandle(process.hThread);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
    int rc = -1;
    if (::WaitForSingleObject(process.hProcess, static_cast<DWORD>(ms)) == WAIT_OBJECT_0) {
        DWORD code = 0;
        ::GetExitCodeProcess(process.hProcess, &code);
        rc = static_cast<int>(code);
    } else {
        if (job)
            ::TerminateJobObject(job, 1);
        ::TerminateProcess(process.hProcess, 1);
        ::WaitForSingleObject(process.hProcess, INFINITE);
    }
    ::CloseHandle(process.hProcess);
    if (job)
        ::CloseHandle(job);
    return rc;
}

bool isExecutable(const std::filesystem::path& path) noexcept
{
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

std::string executableName(std::string_view stem)
{
    return std::string(stem) + ".exe";
}

char pathListSeparator() noexcept
{
    return ';';
}

} // namespace evidence::platform
