#pragma once
/// @file platform.h
/// @brief The few operating-system services the core, db and export libraries need, with one
/// implementation per system (platform_posix.cpp, platform_windows.cpp) so that no other file
/// carries system #ifdefs.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evidence::platform {

/// The signed-in user's login name, for audit records and lock notes; "user N" when the system has none.
std::string loginName();

/// This computer's name, or "this computer".
std::string hostName();

/// This process's id.
long processId() noexcept;

/// Seconds since the epoch of a broken-down UTC time (timegm); -1 when it cannot be represented.
std::time_t fromUtc(std::tm utc) noexcept;

/// The broken-down UTC (@p local false) or local time of @p when; false when it is out of range.
bool brokenDown(std::time_t when, bool local, std::tm& out) noexcept;

/// Creates @p path as a new empty file that only its owner can read and write (0600; on Windows an
/// access list granting the owner alone), never opening one that exists.
/// @return empty when made, else the system's reason (e.g. "File exists") for the caller's message.
[[nodiscard]] std::string createPrivateFile(const std::filesystem::path& path);

/// Replaces @p target by @p source in one step: a reader sees the old file or the new one, never a
/// mix. @throws FileError naming @p target (on Windows, a workbook open in Excel is locked and stays
/// as it was: the message says so); @p source is then left in place for the caller to remove.
void replaceFile(const std::filesystem::path& source, const std::filesystem::path& target);

/// Flushes @p path's content (a file, or on POSIX a folder's entries) to the disk; false on failure.
bool syncToDisk(const std::filesystem::path& path, bool directory) noexcept;

/// The folder for this user's Evidence Desk data: $XDG_DATA_HOME/evidence-desk (default
/// ~/.local/share/evidence-desk) on Linux, %LOCALAPPDATA%\Evidence Desk on Windows. Not created here.
std::filesystem::path userDataFolder();

/// @p path as UTF-8, for messages and for libraries that take UTF-8 names (SQLite). On Windows a
/// path's narrow string need not be UTF-8 (MSVC gives the ANSI code page), so no message uses it.
std::string utf8(const std::filesystem::path& path);

/// The path named by UTF-8 @p text (a program argument, a setting). Constructing a path from a
/// std::string converts it by the C library's locale on Windows, which mangles letters outside ASCII.
std::filesystem::path pathFromUtf8(std::string_view text);

/// The program's arguments (without its name) as UTF-8. On Windows they are read again from the wide
/// command line: @p argv there is in the ANSI code page, which has no letter for most of Unicode.
std::vector<std::string> programArguments(int argc, char** argv);

/// Makes a Windows console show the program's UTF-8 output as UTF-8 (it would read the bytes in the OEM
/// code page: "RÃ©ponse"). Output redirected to a file is unchanged. Does nothing elsewhere.
void useUtf8Console() noexcept;

/// The calling thread's last system error (errno; on Windows GetLastError() when errno says nothing).
int lastSystemError() noexcept;

/// True when @p error (from lastSystemError() or errno) says the disk or the user's quota is full.
bool isDiskFull(int error) noexcept;

/// @p error in words, for a message.
std::string describeError(int error);

/// What a path names, following links.
enum class FileKind { Missing, Regular, Folder, NamedPipe, Socket, Device };
/// What @p path names; Missing when it names nothing or cannot be examined.
FileKind fileKind(const std::filesystem::path& path) noexcept;

/// Which file a path names: the same two numbers for every name of one file (device and inode; on
/// Windows the volume's serial number and the file's index).
struct FileIdentity
{
    /// The device (or volume) and the file on it.
    unsigned long long device = 0;
    unsigned long long file = 0;
    friend auto operator<=>(const FileIdentity&, const FileIdentity&) = default;
};
/// False when @p path cannot be examined (it does not exist).
bool fileIdentity(const std::filesystem::path& path, FileIdentity& out) noexcept;

/// True when nothing can be created in @p folder because it or its file system is read-only (or this
/// user may not write there); false when it can, or when that cannot be told.
bool folderRefusesNewFiles(const std::filesystem::path& folder) noexcept;

/// Gives the complete file @p source the name @p target unless a file of that name exists, which is
/// then left alone (POSIX link(), which keeps @p source too; Windows MoveFileEx without replacing).
/// @return empty when done, else the system's reason.
[[nodiscard]] std::string publishWithoutReplacing(const std::filesystem::path& source,
                                                  const std::filesystem::path& target);

/// Keeps LC_NUMERIC at "C" for the calling thread while alive, whatever the program's locale (a library
/// formatting doubles with printf would write a decimal comma). Other threads are not affected, except on
/// Windows under a C runtime without locales per thread (msvcrt.dll), where a program whose numeric locale
/// is not C has the whole process's set to C meanwhile.
/// @throws Error when the system cannot make the locale.
class ThreadCNumericLocale
{
public:
    ThreadCNumericLocale();
    ~ThreadCNumericLocale();
    ThreadCNumericLocale(const ThreadCNumericLocale&) = delete;
    ThreadCNumericLocale& operator=(const ThreadCNumericLocale&) = delete;

private:
    void* m_locale = nullptr;   // POSIX: the C numeric locale made for this thread
    void* m_previous = nullptr; // POSIX: the thread's locale before
    std::string m_previousName; // Windows: LC_NUMERIC of the thread before
    int m_previousMode = 0;     // Windows: the thread's locale mode before
};

/// Hands memory freed in small pieces back to the system where the allocator can (glibc); else nothing.
/// With @p ifFreeAtLeast, only when the allocator holds at least that many bytes free: handing them back
/// walks every free page, which after a small export costs more time than the memory is worth.
void returnFreedMemory(std::size_t ifFreeAtLeast = 0) noexcept;

/// Sets the allocator up for the export's pattern (glibc; elsewhere nothing): millions of small blocks freed
/// at once, then a few large ones asked for. glibc keeps small freed blocks unsorted ("fast bins") and sorts
/// them all at the next large request; after an export that pass stalls the thread for 10 ms at size S and
/// seconds at L. Without fast bins each free sorts its own block: the export of size L took 17.4 s instead
/// of 19.4 s, and imports were unchanged (2026-12-06). Called at start-up by each program.
void configureAllocator() noexcept;

/// An open file of the system (a POSIX descriptor or a Windows HANDLE), closed when this is destroyed or
/// closed; it moves and is never copied, so exactly one owner closes it.
class FileHandle
{
public:
    FileHandle() = default;
    /// Takes ownership of @p handle, a descriptor or a HANDLE as an integer (-1: none).
    explicit FileHandle(std::intptr_t handle) noexcept : m_handle(handle) {}
    FileHandle(FileHandle&& other) noexcept : m_handle(std::exchange(other.m_handle, kClosed)) {}
    FileHandle& operator=(FileHandle&& other) noexcept
    {
        if (this != &other) {
            close();
            m_handle = std::exchange(other.m_handle, kClosed);
        }
        return *this;
    }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    ~FileHandle() { close(); }

    /// The descriptor or HANDLE, for system calls; the file stays owned by this.
    std::intptr_t get() const noexcept { return m_handle; }
    /// Whether a file is owned.
    bool isOpen() const noexcept { return m_handle != kClosed; }
    /// Closes the file (on Windows this also releases its locks); does nothing when closed.
    void close() noexcept;

private:
    static constexpr std::intptr_t kClosed = -1;
    std::intptr_t m_handle = kClosed;
};

/// A file open and, once tryLock() says so, exclusively locked by this process until close() or
/// destruction. The system releases the lock however the process ends, so a crash never leaves it
/// held. The lock belongs to this object: another LockFile of the same file in this process is refused
/// like another program. The file's text stays readable to others while it is locked (POSIX flock();
/// on Windows LockFileEx on a byte far past the end of the file).
class LockFile
{
public:
    /// Opens @p path for reading and writing, creating it (owner-only) when missing, or with
    /// @p create false opens an existing one for reading only. @return empty when open, else the reason.
    [[nodiscard]] std::string open(const std::filesystem::path& path, bool create);

    /// What tryLock() did: took the lock, found another process (or LockFile) holding it, found a file
    /// system that takes no locks, or failed for another reason.
    enum class Lock { Taken, HeldElsewhere, Unsupported, Failed };
    /// Takes the exclusive lock without waiting; on anything but Taken, @p reason says why.
    Lock tryLock(std::string& reason);

    /// The file's text (at most a few kilobytes).
    std::string read() const;
    /// Replaces the file's text; false when it could not (the lock holds regardless).
    bool write(std::string_view text) noexcept;

    /// Whether a file is open.
    bool isOpen() const noexcept { return m_file.isOpen(); }
    /// Closes the file, releasing the lock; harmless when none is open.
    void close() noexcept { m_file.close(); }

private:
    FileHandle m_file;
};

/// A new file, created owner-only (never one that exists) and held until close() or destruction:
/// while held, removeIfAbandoned() in any process leaves it; the system lets go however the process
/// ends. Others may open and write it by name meanwhile (a library writing the workbook), and it may be
/// renamed or removed while held.
class HeldNewFile
{
public:
    /// What create() did.
    enum class Create { Held, NameTaken, Failed };
    /// Creates and holds @p path; NameTaken when a file of that name exists (or was taken for abandoned
    /// by another process between its creation and the hold): try another name. Failed: see @p reason.
    Create create(const std::filesystem::path& path, std::string& reason);

    /// Whether a file is held.
    bool isHeld() const noexcept { return m_file.isOpen(); }
    /// Stops holding the file (which stays); harmless when none is held.
    void close() noexcept { m_file.close(); }

private:
    FileHandle m_file;
};

/// Removes the regular file @p path if no process holds it as a HeldNewFile (one left by a process that
/// was killed); true when removed. A link, folder or file that is held is left alone.
bool removeIfAbandoned(const std::filesystem::path& path) noexcept;

/// Creates a new folder that only this user can enter, named @p prefix and random letters, in the
/// system's temporary folder. @throws FileError when it cannot.
std::filesystem::path createPrivateFolder(const std::string& prefix);

/// Runs @p argv (the program's path first; no shell) with no input and its output discarded.
/// @return its exit code, or -1 when it had to be stopped after @p timeout (its children with it).
/// @throws FileError when it cannot be started.
int runProgram(const std::vector<std::string>& argv, std::chrono::seconds timeout);

/// True when @p path is a file this user may run.
bool isExecutable(const std::filesystem::path& path) noexcept;

/// The file name of the program @p stem ("soffice"; "soffice.exe" on Windows).
std::string executableName(std::string_view stem);

/// The character between folders in the PATH variable (':'; ';' on Windows).
char pathListSeparator() noexcept;

} // namespace evidence::platform
