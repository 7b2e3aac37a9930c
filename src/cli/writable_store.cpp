#include "cli/writable_store.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace evidence::cli {

namespace {
std::string userName()
{
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name)
        return pw->pw_name;
    if (const char* user = std::getenv("USER"))
        return user;
    return "user " + std::to_string(::getuid());
}
} // namespace

WritableStore openForWriting(const std::string& path, const db::StoreOptions& options)
{
    // The lock before the store: a refused command has not touched the file another program is editing.
    auto lock = db::EditLock::acquireWhereWritable(path, userName(), "evidence-cli");
    return {std::move(lock), db::Store::open(path, db::OpenMode::ReadWrite, options)};
}

} // namespace evidence::cli
