// E-mail addresses, links, social-media profile links and handles (docs/anonymisation.md §2.5–2.7).

#include "anon/rules.h"
#include "core/text.h"

#include <algorithm>
#include <array>

namespace evidence::anon::detail {
namespace {

struct Patterns
{
    std::unique_ptr<RE2> email = compile(
        R"(\b[A-Z0-9._%+'-]+@[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?(?:\.[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?)*\.[A-Z]{2,63}\b)",
        true);
    std::unique_ptr<RE2> url = compile(R"(\b(?:https?://|www\.)[^\s<>"']+)", true);
    std::unique_ptr<RE2> profile = compile(
        R"(\b(?:https?://)?(?:www\.|m\.|vm\.)?((?:twitter\.com|x\.com|instagram\.com|tiktok\.com|facebook\.com|fb\.com|snapchat\.com/add|youtube\.com|threads\.net|reddit\.com/u(?:ser)?|t\.me|discord\.gg|twitch\.tv|roblox\.com/users|onlyfans\.com|kik\.me|linkedin\.com/in|wa\.me)/@?([A-Za-z0-9_.-]+)))",
        true);
    // §2.7 item 1: the character before '@' is consumed because RE2 has no look-behind.
    std::unique_ptr<RE2> handle =
        compile(R"((?:^|[^A-Za-z0-9_.@/])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?))", false);
    // §2.7 item 2: platform, optional noun, separator, optional quote or '@', token.
    std::unique_ptr<RE2> platform = compile(
        R"(\b(?:snap(?:chat)?|insta(?:gram)?|tik ?tok|twitter|discord|kik|telegram|whatsapp|roblox|xbox|psn|steam|twitch|fortnite|minecraft|facebook|threads|youtube|reddit|wink|yubo|omegle|gamer ?tag)(?: (?:user ?name|handle|name|id|tag|account|profile))?(?: is| was|:| -| =) ?(["']?)(@?[A-Za-z0-9_][A-Za-z0-9_.#\-]{1,29}))",
        true);
};

const Patterns& patterns()
{
    static const Patterns p;
    return p;
}

/// Paths on social sites that are not a person's profile.
bool nonProfilePath(std::string_view token)
{
    static constexpr std::array<std::string_view, 36> paths = {
        "help",     "about",         "legal",    "privacy", "terms",    "policies",   "policy",    "safety",
        "hashtag",  "explore",       "watch",    "results", "home",     "login",      "signup",    "settings",
        "search",   "share",         "intent",   "support", "business", "developers", "community", "download",
        "newsroom", "tos",           "security", "parents", "en",       "en-gb",      "accounts",  "i",
        "feed",     "notifications", "messages", "reel"};
    const std::string lower = text::toLowerAscii(token);
    for (const auto p : paths)
        if (lower == p)
            return true;
    return false;
}

/// Characters that end a link: white space, angle brackets and quotes (`[^\s<>"']` in the URL pattern).
bool isLinkStop(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '<' || c == '>' ||
           c == '"' || c == '\'';
}

/// Length of trailing sentence punctuation that should not be part of a link.
std::size_t trailingPunctuation(std::string_view m)
{
    std::size_t n = 0;
    while (n < m.size()) {
        const char c = m[m.size() - 1 - n];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']') {
            if (c == ')' && std::count(m.begin(), m.end() - static_cast<std::ptrdiff_t>(n), '(') >=
                                std::count(m.begin(), m.end() - static_cast<std::ptrdiff_t>(n), ')'))
                break; // balanced, as in a Wikipedia link
            ++n;
        } else {
            break;
        }
    }
    return n;
}

/// File extensions that end names like "icon@2x.png" (no such top-level domains are in common use).
bool fileExtension(std::string_view tld)
{
    static constexpr std::array<std::string_view, 16> exts = {"png", "jpg",  "jpeg", "gif", "svg",  "webp",
                                                              "pdf", "doc",  "docx", "xls", "xlsx", "txt",
                                                              "csv", "heic", "mp4",  "mov"};
    const std::string lower = text::toLowerAscii(tld);
    return std::find(exts.begin(), exts.end(), lower) != exts.end();
}

void findEmails(const Input& in, std::vector<Candidate>& out)
{
    // A match holds one '@', with local-part bytes before it and domain bytes after it.
    const Extent local{ByteSet::of("._%+'-", "a-zA-Z0-9").withNonAscii()};
    const Extent domain{ByteSet::of(".-", "a-zA-Z0-9").withNonAscii()};
    const auto addresses = in.where.aroundByte('@', local, domain);
    forEachMatch(*patterns().email, in.text, addresses, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        const std::string_view m(g[0].data(), g[0].size());
        if (fileExtension(m.substr(m.rfind('.') + 1)))
            return false; // "icon@2x.png": a file name
        out.push_back(Candidate{b, b + g[0].size(), FindingKind::Email, Severity::Block, "email.address",
                                "e-mail address", "[email address removed]", "Remove the e-mail address."});
        return true;
    });
}

void findLinks(const Input& in, std::vector<Candidate>& out)
{
    // A profile link holds a '/' after the site's name, and only these bytes.
    const Extent linkBytes{ByteSet::of("_.-:/@", "a-zA-Z0-9").withNonAscii()};
    const auto profiles = in.where.aroundByte('/', linkBytes, linkBytes);
    forEachMatch(*patterns().profile, in.text, profiles, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        std::string_view m(g[0].data(), g[0].size());
        std::string_view token(g[2].data(), g[2].size());
        while (!token.empty() && (token.back() == '.' || token.back() == '-')) {
            token.remove_suffix(1);
            m.remove_suffix(1);
        }
        if (token.empty() || nonProfilePath(token))
            return false;
        if (b > 0 && (isAlnum(in.text[b - 1]) || in.text[b - 1] == '.'))
            return false; // "notx.com/..." or a sub-domain we do not know
        // Take the rest of the link ("/status/123", "?igshid=...", a trailing '/') as the generic URL rule
        // would, so that the two spans coincide and the profile (BLOCK) wins.
        std::size_t e = b + m.size();
        if (m.size() == g[0].size()) {
            while (e < in.text.size() && !isLinkStop(in.text[e]))
                ++e;
            e -= trailingPunctuation(in.text.substr(b, e - b));
        }
        out.push_back(Candidate{b, e, FindingKind::SocialProfileUrl, Severity::Block, "url.profile",
                                "link to a social-media profile", "[social media profile removed]",
                                "Remove the profile link; name the platform only (\"a Snapchat account\")."});
        return true;
    });
    // A link starts at "http" or "www." and runs to white space, an angle bracket or a quote.
    const auto links = in.where.aroundCue(Cue::Link, Extent{}, Extent{ByteSet::allBut(" \t\n\f\r<>\"'")});
    forEachMatch(*patterns().url, in.text, links, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[0]);
        std::string_view m(g[0].data(), g[0].size());
        m.remove_suffix(trailingPunctuation(m));
        const std::size_t host = m.find("://") != std::string_view::npos ? m.find("://") + 3 : 0;
        const std::size_t name =
            m.substr(host).starts_with("www.") || m.substr(host).starts_with("WWW.") ? host + 4 : host;
        if (name >= m.size() || !isAlnum(m[name]))
            return false; // "www." or "http://" alone, "www.-prefix"
        out.push_back(Candidate{b, b + m.size(), FindingKind::Url, Severity::Warn, "url.generic", "web link",
                                "[link removed]",
                                "Check the link: remove it unless it is an organisation's public page."});
        return true;
    });
}

void findHandles(const Input& in, std::vector<Candidate>& out)
{
    // One character (up to 4 bytes) before the '@', at most 30 after it.
    const auto handles = in.where.aroundByte('@', Extent{ByteSet::all(), 4}, Extent{ByteSet::all(), 30});
    forEachMatch(*patterns().handle, in.text, handles, false, [&](const auto& g) {
        const std::size_t b = offsetIn(in.text, g[1]);
        const std::string_view h(g[1].data(), g[1].size());
        const std::string_view name = h.substr(1);
        // "@5pm", "@10:30", "@2": times and numbers, not user names.
        bool digitsOnly = true;
        for (const char c : name)
            digitsOnly = digitsOnly && isDigit(c);
        const std::string lower = text::toLowerAscii(name);
        const bool time = lower.size() >= 3 && (lower.ends_with("am") || lower.ends_with("pm")) &&
                          std::all_of(lower.begin(), lower.end() - 2, [](char c) { return isDigit(c); });
        if (digitsOnly || time)
            return false;
        const std::size_t e = b + h.size();
        if (e < in.text.size() && (in.text[e] == '@' || in.text[e] == '/'))
            return false;
        out.push_back(Candidate{b, e, FindingKind::SocialHandle, Severity::Block, "handle.at", "social-media handle",
                                "[username removed]",
                                "Remove the user name; name the platform only (\"a Snapchat account\")."});
        return true;
    });
    // The platform name starts the match, which is under 60 ASCII characters long.
    const auto platforms = in.where.aroundCue(Cue::Platform, Extent{}, Extent{ByteSet::all(), 256});
    forEachMatch(*patterns().platform, in.text, platforms, false, [&](const auto& g) {
        const bool quoted = g[1].size() > 0;
        std::string_view token(g[2].data(), g[2].size());
        while (!token.empty() && (token.back() == '.' || token.back() == '-'))
            token.remove_suffix(1);
        const std::size_t b = offsetIn(in.text, g[2]);
        const std::size_t e = b + token.size();
        if (token.size() < 2)
            return false;
        const bool at = token.front() == '@';
        const bool marked = token.find_first_of("0123456789_.") != std::string_view::npos;
        if (!quoted && !at && !marked) {
            // A plain word: "her Instagram is private", "Snapchat is popular". Only an uncommon word is
            // reported, as WARN (§2.7 item 2; the common-word stop list is our addition).
            const std::string lower = text::toLowerAscii(token);
            if (in.gaz.isCommonWord(lower) || in.gaz.isFunctionWord(lower))
                return false;
        }
        const Severity sev = (quoted || at || marked) ? Severity::Block : Severity::Warn;
        out.push_back(Candidate{b, e, FindingKind::SocialHandle, sev, "handle.platform",
                                sev == Severity::Block ? "user name given after a platform name"
                                                       : "possible user name after a platform name",
                                "[username removed]",
                                "Remove the user name; name the platform only (\"a Snapchat account\")."});
        return true;
    });
}

// A byte of a user name as the platforms allow them: letters, digits, '_' and '.'.
bool handleByte(char c) noexcept
{
    return isAlnum(c) || c == '_' || c == '.';
}

// The names Excel gives print titles and areas, which a workbook's properties list ("'Table 1'!Print_Titles").
bool excelReservedName(std::string_view word)
{
    const std::string lower = text::toLowerAscii(word);
    return lower == "print_titles" || lower == "print_area" || lower.starts_with("_xlnm");
}

// User names by their shape, with no platform named: a word joined by '_' ("shadowfang_2k", "lils_x") is
// never an English word, and a name with a Discord tag ("NightOwl#4471") never a hashtag.
void findShapedHandles(const Input& in, std::vector<Candidate>& out)
{
    constexpr std::size_t kReach = 30; // bytes of a user name on either side of its '_' or '#'
    const std::string_view t = in.text;
    const auto add = [&](std::size_t b, std::size_t e, const char* rule, const char* reason) {
        out.push_back(Candidate{b, e, FindingKind::SocialHandle, Severity::Block, rule, reason, "[username removed]",
                                "Remove the user name; name the platform only (\"a Snapchat account\")."});
    };
    const auto hasLetter = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return isAlnum(c) && !isDigit(c); });
    };
    std::size_t seen = 0; // the end of the last word looked at: each is looked at once
    for (const Range& r : in.where.aroundByte('_', Extent{ByteSet::all(), kReach}, Extent{ByteSet::all(), kReach}))
        for (std::size_t u = t.find('_', std::max(r.begin, seen)); u != std::string_view::npos && u < r.end;
             u = t.find('_', std::max(u + 1, seen))) {
            std::size_t b = u, e = u + 1;
            while (b > 0 && u - b < kReach && handleByte(t[b - 1]))
                --b;
            while (e < t.size() && e - u < kReach && handleByte(t[e]))
                ++e;
            seen = e;
            while (b < u && t[b] == '.')
                ++b;
            while (e > u + 1 && t[e - 1] == '.')
                --e;
            // Part of an address, a link or an "@handle", which their own rules report.
            if ((b > 0 && (t[b - 1] == '@' || t[b - 1] == '/' || t[b - 1] == ':' || t[b - 1] == '#')) ||
                (seen < t.size() && (t[seen] == '@' || t[seen] == '/')))
                continue;
            const std::string_view word = t.substr(b, e - b);
            if (excelReservedName(word))
                continue;
            const bool joins = b < u && e > u + 1 && isAlnum(t[u - 1]) && isAlnum(t[u + 1]);
            if (word.size() >= 3 && hasLetter(word) && joins)
                add(b, e, "handle.underscore", "a user name: words joined by '_'");
        }
    for (const Range& r : in.where.aroundByte('#', Extent{ByteSet::all(), kReach}, Extent{ByteSet::all(), 5}))
        for (std::size_t h = t.find('#', r.begin); h != std::string_view::npos && h < r.end; h = t.find('#', h + 1)) {
            std::size_t b = h;
            while (b > 0 && h - b < kReach && handleByte(t[b - 1]))
                --b;
            std::size_t e = h + 1;
            while (e < t.size() && e - h <= 5 && isDigit(t[e]))
                ++e;
            if (e - h != 5 || (e < t.size() && handleByte(t[e]) && t[e] != '.') || h - b < 2 ||
                !hasLetter(t.substr(b, h - b)) || (b > 0 && (t[b - 1] == '@' || t[b - 1] == '/')))
                continue;
            add(b, e, "handle.tag", "a user name with a four-digit Discord tag");
        }
}

} // namespace

void findOnline(const Input& in, std::vector<Candidate>& out)
{
    findEmails(in, out);
    findLinks(in, out);
    findHandles(in, out);
    findShapedHandles(in, out);
}

} // namespace evidence::anon::detail
