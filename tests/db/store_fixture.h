#pragma once
// A new store in a temporary folder, with a fixed clock and user so audit entries are predictable.

#include "db/store.h"
#include "support/temp_dir.h"

namespace evidence::test {

inline db::StoreOptions fixedOptions()
{
    db::StoreOptions o;
    o.clock = [] { return std::string("2019-06-28T09:00:00Z"); };
    o.osUser = "tester";
    return o;
}

struct StoreFixture
{
    TempDir dir;
    std::filesystem::path path = dir.file("test.evidence");
    db::Store store = db::Store::create(path, fixedOptions());
};

} // namespace evidence::test
