#pragma once
/// @file pseudonyms.h
/// @brief Choosing the pseudonym that replaces a real name in a case study.
///
/// A real name is replaced by a different name marked with `*` (docs/anonymisation.md §2.13), never by the
/// real name marked: `Olivia*` would publish the child's name while telling the scanner it is a pseudonym.
/// The same child should keep one pseudonym across case studies, yet the mapping from real names to
/// pseudonyms must never be stored (docs/anonymisation.md §2.13 item 3: it would make the store a key to
/// the children's identities). So the store is only read for the pseudonyms already used in it (to offer
/// them again, with where they are used), and the choice made for a real name is remembered in memory,
/// per store, for as long as the application runs.

#include "core/domain.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::db {
class Store;
}

namespace evidence::app {

/// One pseudonym offered in place of a real name.
struct PseudonymChoice
{
    std::string name;                     ///< without the `*`
    std::vector<std::string> usedIn;      ///< references of the case studies that already use `name*`
    bool chosenBeforeForThisName = false; ///< picked for the same real name earlier in this session
};

/// Remembers, in memory only, the pseudonym chosen for each real name in each store.
class PseudonymMemory
{
public:
    /// Remembers @p pseudonym as the one chosen for @p realName (ignoring ASCII case) in the store @p storeId.
    void remember(const std::string& storeId, std::string_view realName, const std::string& pseudonym);
    /// The pseudonym chosen for @p realName in the store, or "".
    std::string recall(const std::string& storeId, std::string_view realName) const;

private:
    std::map<std::string, std::map<std::string, std::string>> m_chosen; ///< store id -> folded name -> pseudonym
};

/// The pseudonyms `Name*` written in the store's case studies, each with the references using it, by name.
std::map<std::string, std::vector<std::string>> pseudonymsInUse(const db::Store& store);

/// The names to offer in place of @p realName: the one remembered for it first, then @p fresh names used
/// nowhere in the store (none with the real name's initial), then those the store's case studies use (right
/// only for the same child in another case study). Never @p realName itself, ignoring case.
std::vector<PseudonymChoice> pseudonymChoices(const db::Store& store, std::string_view realName,
                                              const PseudonymMemory& memory, std::size_t fresh = 8);

/// The text that replaces the real name: the pseudonym marked with `*`.
std::string pseudonymText(std::string_view pseudonym);

} // namespace evidence::app
