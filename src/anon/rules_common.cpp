#include "anon/rules.h"
#include "core/errors.h"

#include <algorithm>

namespace evidence::anon::detail {

std::unique_ptr<RE2> compile(std::string_view pattern, bool icase)
{
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_case_sensitive(!icase);
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re->ok())
        throw Error("scanner pattern does not compile: " + re->error() + ": " + std::string(pattern));
    return re;
}

namespace {

char lowerAscii(char c) noexcept
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::vector<std::string> tokensBefore(std::string_view text, std::size_t pos, int maxTokens)
{
    std::vector<std::string> tokens;
    std::size_t i = std::min(pos, text.size());
    // Bounded look-back so that a long run of separators cannot make this quadratic.
    const std::size_t limit = i > 200 ? i - 200 : 0;
    while (static_cast<int>(tokens.size()) < maxTokens && i > limit) {
        while (i > limit && !isAlnum(text[i - 1]))
            --i;
        if (i == limit)
            break;
        std::size_t end = i;
        while (i > limit && isAlnum(text[i - 1]))
            --i;
        std::string token(text.substr(i, end - i));
        std::transform(token.begin(), token.end(), token.begin(), lowerAscii);
        tokens.push_back(std::move(token));
    }
    std::reverse(tokens.begin(), tokens.end());
    return tokens;
}

std::vector<std::string> tokensAfter(std::string_view text, std::size_t pos, int maxTokens)
{
    std::vector<std::string> tokens;
    std::size_t i = pos;
    const std::size_t limit = std::min(text.size(), pos + 200);
    while (static_cast<int>(tokens.size()) < maxTokens && i < limit) {
        while (i < limit && !isAlnum(text[i]))
            ++i;
        if (i == limit)
            break;
        std::size_t start = i;
        while (i < limit && isAlnum(text[i]))
            ++i;
        std::string token(text.substr(start, i - start));
        std::transform(token.begin(), token.end(), token.begin(), lowerAscii);
        tokens.push_back(std::move(token));
    }
    return tokens;
}

std::string_view findPhrase(const std::vector<std::string>& tokens, std::initializer_list<std::string_view> phrases)
{
    for (const std::string_view phrase : phrases) {
        std::vector<std::string_view> words;
        std::size_t start = 0;
        while (start <= phrase.size()) {
            std::size_t sp = phrase.find(' ', start);
            if (sp == std::string_view::npos)
                sp = phrase.size();
            words.push_back(phrase.substr(start, sp - start));
            start = sp + 1;
        }
        if (words.size() > tokens.size())
            continue;
        for (std::size_t i = 0; i + words.size() <= tokens.size(); ++i) {
            bool all = true;
            for (std::size_t j = 0; j < words.size() && all; ++j)
                all = tokens[i + j] == words[j];
            if (all)
                return phrase;
        }
    }
    return {};
}

std::string contextReason(std::string_view phrase)
{
    return "context word \"" + std::string(phrase) + "\" near the match";
}

bool atSentenceStart(std::string_view text, std::size_t pos)
{
    std::size_t i = pos;
    while (i > 0) {
        const char c = text[i - 1];
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '[')
            --i;
        else
            return c == '\n' || c == '\r' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
    }
    return true;
}

} // namespace evidence::anon::detail
