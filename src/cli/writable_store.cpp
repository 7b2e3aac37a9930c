#include "cli/writable_store.h"

#include "core/platform.h"

namespace evidence::cli {

WritableStore openForWriting(const std::string& path, const db::StoreOptions& options)
{
    // The lock before the store: a refused command has not touched the file another program is editing.
    auto lock = db::EditLock::acquireWhereWritable(platform::pathFromUtf8(path), platform::loginName(), "evidence-cli");
    db::StoreOptions commandLine = options;
    commandLine.oneThreadAtATime = true; // no command uses its store from two threads at once
    commandLine.writeAheadFromFirstWrite = true;
    return {std::move(lock), db::Store::open(platform::pathFromUtf8(path), db::OpenMode::ReadWrite, commandLine)};
}

db::Store openForReading(const std::string& path)
{
    return db::Store::open(platform::pathFromUtf8(path), db::OpenMode::ReadOnly);
}

} // namespace evidence::cli
