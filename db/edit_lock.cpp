#include "db/edit_lock.h"

#include "core/errors.h"
#include "core/platform.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string_view>

namespace evidence::db {

namespace {

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

std::string nowUtc()
{
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    platform::brokenDown(t, false, tm);
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

/// Locks @p file or throws BusyError naming the holder.
void lockOrRefuse(platform::LockFile& file, const std::filesystem::path& storePath, const std::filesystem::path& path)
{
    std::string reason;
    const auto outcome = file.tryLock(reason);
    if (outcome == platform::LockFile::Lock::Taken)
        return;
    const std::string holder = file.read();
    file.close();
    if (outcome == platform::LockFile::Lock::Unsupported)
        throw LockingUnsupportedError("cannot open " + platform::utf8(storePath) + " for editing: its lock file " +
                                      platform::utf8(path) + " cannot be locked on this file system (" + reason + ")");
    if (outcome != platform::LockFile::Lock::HeldElsewhere)
        throw FileError("cannot open " + platform::utf8(storePath) + " for editing: its lock file " +
                        platform::utf8(path) + " cannot be locked (" + reason + ")");
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
    platform::LockFile file;
    if (const std::string reason = file.open(path, true); !reason.empty())
        throw FileError("cannot open " + platform::utf8(storePath) + " for editing: its lock file " +
                        platform::utf8(path) + " cannot be made (" + reason + ")");
    lockOrRefuse(file, storePath, path);
    const std::string record = "user=" + user + "\nhost=" + platform::hostName() + "\nprogram=" + program +
                               "\npid=" + std::to_string(platform::processId()) + "\nsince=" + nowUtc() + "\n";
    // Should this fail, the lock holds regardless; only the holder's name would be missing from another's
    // message.
    (void)file.write(record);
    return EditLock(std::move(file));
}

EditLock EditLock::acquireWhereWritable(const std::filesystem::path& storePath, const std::string& user,
                                        const std::string& program)
{
    try {
        return acquire(storePath, user, program);
    } catch (const BusyError&) {
        throw;
    } catch (const LockingUnsupportedError&) {
        return EditLock(platform::LockFile());
    } catch (const FileError&) {
        const auto path = lockPath(storePath);
        platform::LockFile file;
        if (!file.open(path, false).empty())
            return EditLock(platform::LockFile());
        lockOrRefuse(file, storePath, path);
        return EditLock(std::move(file));
    }
}

} // namespace evidence::db
