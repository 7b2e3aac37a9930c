#include "app/pseudonyms.h"

#include "db/store.h"

#include <algorithm>
#include <set>

namespace evidence::app {

namespace {

// Names offered when none of the store's pseudonyms fits: common in the UK across backgrounds, short,
// unambiguous as names, and none on the scanner's list of widely reported real cases.
constexpr const char* kFreshNames[] = {"Amira", "Bea",   "Cara", "Dev",  "Elif", "Femi",  "Gwen",  "Hari",  "Isla",
                                       "Jai",   "Kezia", "Leo",  "Mina", "Noor", "Ola",   "Priya", "Quinn", "Rhys",
                                       "Sana",  "Tomas", "Uma",  "Vik",  "Wren", "Yusuf", "Zara",  "Aled",  "Bilal",
                                       "Cleo",  "Dara",  "Esme", "Finn", "Gus",  "Hana",  "Ines",  "Joss",  "Kit"};

std::string fold(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    return out;
}

bool isNameByte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80 || c == '-' || c == '\'';
}

void collect(const std::string& text, const std::string& reference,
             std::map<std::string, std::vector<std::string>>& out)
{
    for (std::size_t star = text.find('*'); star != std::string::npos; star = text.find('*', star + 1)) {
        std::size_t begin = star;
        while (begin > 0 && isNameByte(static_cast<unsigned char>(text[begin - 1])))
            --begin;
        if (begin == star || !(text[begin] >= 'A' && text[begin] <= 'Z'))
            continue; // a pseudonym is a capitalised word directly followed by '*'
        auto& refs = out[text.substr(begin, star - begin)];
        if (std::find(refs.begin(), refs.end(), reference) == refs.end())
            refs.push_back(reference);
    }
}

} // namespace

void PseudonymMemory::remember(const std::string& storeId, std::string_view realName, const std::string& pseudonym)
{
    m_chosen[storeId][fold(realName)] = pseudonym;
}

std::string PseudonymMemory::recall(const std::string& storeId, std::string_view realName) const
{
    const auto store = m_chosen.find(storeId);
    if (store == m_chosen.end())
        return {};
    const auto it = store->second.find(fold(realName));
    return it == store->second.end() ? std::string() : it->second;
}

std::map<std::string, std::vector<std::string>> pseudonymsInUse(const db::Store& store)
{
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& c : store.caseStudies())
        for (const std::string* text : {&c.title, &c.narrative, &c.outcome})
            collect(*text, c.reference, out);
    return out;
}

std::vector<PseudonymChoice> pseudonymChoices(const db::Store& store, std::string_view realName,
                                              const PseudonymMemory& memory, std::size_t fresh)
{
    const std::string real = fold(realName);
    const auto inUse = pseudonymsInUse(store);
    std::vector<PseudonymChoice> out;
    std::set<std::string> offered;
    auto offer = [&](const std::string& name, bool remembered) {
        if (name.empty() || fold(name) == real || !offered.insert(fold(name)).second)
            return;
        PseudonymChoice c;
        c.name = name;
        if (const auto it = inUse.find(name); it != inUse.end())
            c.usedIn = it->second;
        c.chosenBeforeForThisName = remembered;
        out.push_back(std::move(c));
    };
    offer(memory.recall(store.storeId(), realName), true);
    std::set<std::string> used;
    for (const auto& [name, refs] : inUse)
        used.insert(fold(name));
    std::size_t added = 0;
    for (const char* name : kFreshNames) {
        if (added == fresh)
            break;
        const std::string folded = fold(name);
        if (used.count(folded) || (!real.empty() && folded.front() == real.front()))
            continue; // a different initial: the pseudonym gives no hint of the real name
        const std::size_t before = out.size();
        offer(name, false);
        added += out.size() - before;
    }
    // Last, those another case study uses: right only when it is the same child.
    for (const auto& [name, refs] : inUse)
        offer(name, false);
    return out;
}

std::string pseudonymText(std::string_view pseudonym)
{
    return std::string(pseudonym) + "*";
}

} // namespace evidence::app
