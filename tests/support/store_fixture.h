#pragma once
// A new store in a temporary folder, with a fixed clock and user so audit entries are predictable.

#include "db/store.h"
#include "support/temp_dir.h"

#include <utility>

namespace evidence::test {

/// Options with a fixed clock (2019-06-28T09:00:00Z) and user ("tester"), so audit entries and the
/// workbooks exported from the store are the same on every run and every machine.
inline db::StoreOptions fixedOptions()
{
    db::StoreOptions o;
    o.clock = [] { return std::string("2019-06-28T09:00:00Z"); };
    o.osUser = "tester";
    return o;
}

/// Adds the measure "Offences" and the source "FOI" that the importer tests' files name.
/// @return their ids: the measure's, then the source's.
inline std::pair<RowId, RowId> addOffencesAndFoi(db::Store& store)
{
    Measure m;
    m.name = "Offences";
    store.insert(m);
    Source s;
    s.title = "FOI";
    store.insert(s);
    return {m.id, s.id};
}

struct StoreFixture
{
    TempDir dir;
    std::filesystem::path path = dir.file("test.evidence");
    db::Store store = db::Store::create(path, fixedOptions());
};

} // namespace evidence::test
