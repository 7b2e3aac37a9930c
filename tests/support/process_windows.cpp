#include "core/platform.h"
#include "support/process.h"

#include <stdexcept>
#include <thread>
#include <windows.h>

namespace evidence::test {

namespace {

// The quoting CommandLineToArgvW and the C runtime undo: backslashes double before a quote.
std::wstring quote(const std::wstring& arg)
{
    if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos)
        return arg;
    std::wstring out = L"\"";
    for (std::size_t i = 0;; ++i) {
        std::size_t slashes = 0;
        for (; i < arg.size() && arg[i] == L'\\'; ++i)
            ++slashes;
        if (i == arg.size()) {
            out.append(slashes * 2, L'\\');
            break;
        }
        out.append(arg[i] == L'"' ? slashes * 2 + 1 : slashes, L'\\');
        out += arg[i];
    }
    return out + L"\"";
}

struct Pipe
{
    HANDLE read = nullptr, write = nullptr;
    explicit Pipe(bool childReads)
    {
        SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
        if (!::CreatePipe(&read, &write, &inherit, 0))
            throw std::runtime_error("CreatePipe failed");
        // Only the child's end is inherited.
        ::SetHandleInformation(childReads ? write : read, HANDLE_FLAG_INHERIT, 0);
    }
    ~Pipe()
    {
        closeRead();
        closeWrite();
    }
    void closeRead()
    {
        if (read)
            ::CloseHandle(read);
        read = nullptr;
    }
    void closeWrite()
    {
        if (write)
            ::CloseHandle(write);
        write = nullptr;
    }
};

std::string drain(HANDLE h)
{
    std::string out;
    char buf[65536];
    DWORD n = 0;
    while (::ReadFile(h, buf, sizeof buf, &n, nullptr) && n > 0)
        out.append(buf, n);
    return out;
}

} // namespace

ProcessResult runProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                         const std::string& input, const std::filesystem::path& workDir)
{
    Pipe in(true), out(false), err(false);
    std::wstring line = quote(program.wstring());
    for (const auto& a : args)
        line += L" " + quote(platform::pathFromUtf8(a).wstring());
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = in.read;
    startup.hStdOutput = out.write;
    startup.hStdError = err.write;
    PROCESS_INFORMATION process{};
    if (!::CreateProcessW(program.c_str(), line.data(), nullptr, nullptr, TRUE, CREATE_NO_WINDOW, nullptr,
                          workDir.empty() ? nullptr : workDir.c_str(), &startup, &process))
        throw std::runtime_error("cannot start " + platform::utf8(program));
    ::CloseHandle(process.hThread);
    in.closeRead();
    out.closeWrite();
    err.closeWrite();
    ProcessResult r;
    // Both outputs are read at once, so that a child filling one pipe never waits for the other.
    std::thread readErr([&] { r.err = drain(err.read); });
    std::thread writeIn([&] {
        DWORD n = 0;
        for (std::size_t done = 0; done < input.size(); done += n)
            if (!::WriteFile(in.write, input.data() + done, static_cast<DWORD>(input.size() - done), &n, nullptr))
                break;
        in.closeWrite();
    });
    r.out = drain(out.read);
    readErr.join();
    writeIn.join();
    ::WaitForSingleObject(process.hProcess, INFINITE);
    DWORD code = 0;
    ::GetExitCodeProcess(process.hProcess, &code);
    ::CloseHandle(process.hProcess);
    r.exitCode = static_cast<int>(code);
    return r;
}

} // namespace evidence::test
