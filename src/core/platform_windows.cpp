#include "core/errors.h"
#include "core/platform.h"

#include <cstdlib>
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

// path::string() converts to the ANSI code page and throws on letters outside it; messages are UTF-8.
std::string utf8(const std::filesystem::path& path)
{
    const std::u8string text = path.u8string();
    return {text.begin(), text.end()};
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

} // namespace

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
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;;FA;;;OW)", SDDL_REVISION_1, &descriptor,
                                                                nullptr))
        descriptor = nullptr;
    SECURITY_ATTRIBUTES attributes{sizeof attributes, descriptor, FALSE};
    const HANDLE file = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, descriptor ? &attributes : nullptr, CREATE_NEW,
                                      FILE_ATTRIBUTE_NORMAL, nullptr);
    const DWORD error = ::GetLastError();
    ::LocalFree(descriptor);
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

} // namespace evidence::platform
