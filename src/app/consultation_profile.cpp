#include "app/consultation_profile.h"

#include "core/embedded.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace evidence::app::profiles {
std::span<const evidence::EmbeddedFile> embeddedFiles();
}

namespace evidence::app {
namespace {

constexpr int kMaxLimit = 1'000'000;

/// Collects every problem of one file, each with its place, so that one reading reports them all.
class Problems
{
public:
    explicit Problems(std::string fileName) : m_file(std::move(fileName)) {}

    void add(const toml::source_region& where, std::string_view field, std::string_view value, std::string_view reason)
    {
        add(static_cast<int>(where.begin.line), field, value, reason);
    }
    void add(int line, std::string_view field, std::string_view value, std::string_view reason)
    {
        std::string s = m_file + ":" + std::to_string(line) + ": field '" + std::string(field) + "'";
        if (!value.empty())
            s += " value '" + shorten(value) + "'";
        m_list.push_back(s + ": " + std::string(reason));
    }
    bool empty() const noexcept { return m_list.empty(); }
    const std::vector<std::string>& list() const noexcept { return m_list; }

private:
    static std::string shorten(std::string_view v)
    {
        std::string s(v.substr(0, 60));
        for (auto& c : s)
            if (c == '\n' || c == '\r')
                c = ' ';
        return v.size() > 60 ? s + "..." : s;
    }
    std::string m_file;
    std::vector<std::string> m_list;
};

/// What a node holds, quoted as a user wrote it, for messages.
std::string shown(const toml::node& n)
{
    if (auto s = n.as_string())
        return s->get();
    std::ostringstream out;
    if (n.is_table())
        return "(a table)";
    if (n.is_array())
        return "(a list)";
    n.visit([&](auto&& v) { out << v; });
    return out.str();
}

/// Reads one table's keys, reporting keys it does not know (a misspelt key would otherwise be ignored).
class TableReader
{
public:
    TableReader(const toml::table& table, std::string prefix, Problems& problems)
        : m_table(table), m_prefix(std::move(prefix)), m_problems(problems)
    {
    }

    std::string field(std::string_view key) const
    {
        return m_prefix.empty() ? std::string(key) : m_prefix + std::string(key);
    }

    const toml::node* get(std::string_view key)
    {
        m_known.insert(std::string(key));
        return m_table.get(key);
    }

    std::optional<std::string> text(std::string_view key, bool required = false)
    {
        const auto* n = get(key);
        if (!n) {
            if (required)
                m_problems.add(m_table.source(), field(key), "", "is required");
            return std::nullopt;
        }
        if (auto s = n->as_string()) {
            std::string v(text::trim(s->get()));
            if (required && v.empty())
                m_problems.add(n->source(), field(key), "", "must not be empty");
            return v;
        }
        m_problems.add(n->source(), field(key), shown(*n), "must be text in double quotes");
        return std::nullopt;
    }

    std::optional<bool> flag(std::string_view key)
    {
        const auto* n = get(key);
        if (!n)
            return std::nullopt;
        if (auto b = n->as_boolean())
            return b->get();
        m_problems.add(n->source(), field(key), shown(*n), "must be true or false");
        return std::nullopt;
    }

    /// A positive whole number; absent means no limit.
    std::optional<int> limit(std::string_view key)
    {
        const auto* n = get(key);
        if (!n)
            return std::nullopt;
        if (auto i = n->as_integer(); i && i->get() > 0 && i->get() <= kMaxLimit)
            return static_cast<int>(i->get());
        m_problems.add(n->source(), field(key), shown(*n),
                       "must be a whole number from 1 to 1000000 (leave the line out for no limit)");
        return std::nullopt;
    }

    std::vector<std::string> list(std::string_view key, const std::set<std::string>& allowed)
    {
        std::vector<std::string> out;
        const auto* n = get(key);
        if (!n)
            return out;
        const auto* a = n->as_array();
        if (!a) {
            m_problems.add(n->source(), field(key), shown(*n),
                           "must be a list in square brackets, e.g. [\"a\", \"b\"]");
            return out;
        }
        for (const auto& e : *a) {
            const auto* s = e.as_string();
            if (!s || text::trim(s->get()).empty()) {
                m_problems.add(e.source(), field(key), shown(e), "each item must be non-empty text in double quotes");
                continue;
            }
            std::string v(text::trim(s->get()));
            if (!allowed.empty() && !allowed.count(v)) {
                std::string known;
                for (const auto& k : allowed)
                    known += (known.empty() ? "" : ", ") + k;
                m_problems.add(e.source(), field(key), v, "is not one of " + known);
                continue;
            }
            if (v.find(';') != std::string::npos) {
                m_problems.add(e.source(), field(key), v, "must not contain ';'");
                continue;
            }
            if (std::find(out.begin(), out.end(), v) != out.end()) {
                m_problems.add(e.source(), field(key), v, "is listed twice");
                continue;
            }
            out.push_back(v);
        }
        return out;
    }

    /// An ISO date: a TOML date (2019-07-01) or the same in quotes.
    std::optional<std::string> date(std::string_view key)
    {
        const auto* n = get(key);
        if (!n)
            return std::nullopt;
        if (auto d = n->as_date()) {
            const toml::date v = d->get();
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", static_cast<unsigned>(v.year),
                          static_cast<unsigned>(v.month), static_cast<unsigned>(v.day));
            return std::string(buf);
        }
        m_problems.add(n->source(), field(key), shown(*n), "must be a date written 2019-07-01, without quotes");
        return std::nullopt;
    }

    /// A time of day: a TOML time (23:59:00) or "23:59" in quotes.
    std::optional<std::string> timeOfDay(std::string_view key)
    {
        const auto* n = get(key);
        if (!n)
            return std::nullopt;
        if (auto t = n->as_time()) {
            const toml::time v = t->get();
            char buf[8];
            std::snprintf(buf, sizeof buf, "%02u:%02u", static_cast<unsigned>(v.hour), static_cast<unsigned>(v.minute));
            return std::string(buf);
        }
        if (auto s = n->as_string()) {
            const std::string v(text::trim(s->get()));
            if (v.size() == 5 && v[2] == ':' && std::isdigit(static_cast<unsigned char>(v[0])) &&
                std::isdigit(static_cast<unsigned char>(v[1])) && std::isdigit(static_cast<unsigned char>(v[3])) &&
                std::isdigit(static_cast<unsigned char>(v[4])) && std::stoi(v.substr(0, 2)) < 24 &&
                std::stoi(v.substr(3)) < 60)
                return v;
        }
        m_problems.add(n->source(), field(key), shown(*n), "must be a 24-hour time such as \"23:59\"");
        return std::nullopt;
    }

    /// Reports the keys no reader asked for.
    void reportUnknown()
    {
        for (auto&& [k, v] : m_table)
            if (!m_known.count(std::string(k.str())))
                m_problems.add(v.source(), field(k.str()), "", "is not a field of a consultation profile (misspelt?)");
    }

private:
    const toml::table& m_table;
    std::string m_prefix;
    Problems& m_problems;
    std::set<std::string> m_known;
};

const std::set<std::string> kChannels = {"online_survey", "email", "post", "document"};
const std::set<std::string> kFormats = {"doc", "docx", "odt", "rtf", "pdf"};

std::string trimmed(const std::string& s)
{
    return std::string(text::trim(s));
}

bool validNumber(std::string_view n)
{
    // "1", "12", "2a", "14b": digits then at most one lower-case letter.
    std::size_t digits = 0;
    while (digits < n.size() && std::isdigit(static_cast<unsigned char>(n[digits])))
        ++digits;
    if (digits == 0 || digits > 3)
        return false;
    return n.size() == digits || (n.size() == digits + 1 && std::islower(static_cast<unsigned char>(n[digits])) != 0);
}

bool validTimeZone(std::string_view z)
{
    if (z == "UTC")
        return true;
    const auto slash = z.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == z.size())
        return false;
    return std::all_of(z.begin(), z.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
    });
}

void readQuestion(const toml::table& t, std::size_t index, ConsultationProfile& p, Problems& problems,
                  std::map<std::string, int>& seen)
{
    TableReader r(t, "question[" + std::to_string(index + 1) + "].", problems);
    ProfileQuestion q;
    q.line = static_cast<int>(t.source().begin.line);
    const auto number = r.text("number", true);
    const auto wording = r.text("text", true);
    const auto type = r.text("answer_type", true);
    if (number && !number->empty()) {
        if (!validNumber(*number))
            problems.add(r.get("number")->source(), r.field("number"), *number,
                         "must be a number, with one lower-case letter for a sub-part (1, 2a, 14b)");
        else if (auto at = seen.find(*number); at != seen.end())
            problems.add(r.get("number")->source(), r.field("number"), *number,
                         "is also the number of the question on line " + std::to_string(at->second));
        else {
            q.number = *number;
            seen.emplace(*number, q.line);
            if (auto parent = q.parentNumber(); !parent.empty() && !seen.count(parent))
                problems.add(r.get("number")->source(), r.field("number"), *number,
                             "is a sub-part of question " + parent + ", which must come before it");
        }
    }
    if (wording)
        q.text = *wording;
    if (type && !type->empty()) {
        try {
            q.answerType = parseAnswerType(*type);
        } catch (const std::exception&) {
            problems.add(r.get("answer_type")->source(), r.field("answer_type"), *type,
                         "must be yes_no, yes_no_free_text, free_text, choice or multi_choice_free_text");
        }
    }
    q.choices = r.list("choices", {});
    const bool needsChoices = q.answerType == AnswerType::Choice || q.answerType == AnswerType::MultiChoiceFreeText;
    if (type && needsChoices && q.choices.size() < 2)
        problems.add(r.get("choices") ? r.get("choices")->source() : t.source(), r.field("choices"), "",
                     "a " + *type + " question needs at least two choices");
    if (type && !needsChoices && !q.choices.empty())
        problems.add(r.get("choices")->source(), r.field("choices"), "",
                     "only choice and multi_choice_free_text questions have choices");
    q.required = r.flag("required").value_or(false);
    q.wordLimit = r.limit("word_limit");
    q.formCharLimit = r.limit("form_char_limit");
    r.reportUnknown();
    p.questions.push_back(std::move(q));
}

} // namespace

ConsultationProfile parseProfile(std::string_view text, const std::string& fileName)
{
    Problems problems(fileName);
    toml::table root;
    try {
        root = toml::parse(text, fileName);
    } catch (const toml::parse_error& e) {
        problems.add(e.source(), "(file)", "", std::string(e.description()) + " (the file is not valid TOML)");
        throw DataError(problems.list());
    }

    ConsultationProfile p;
    TableReader top(root, "", problems);
    p.name = top.text("name", true).value_or("");
    if (!p.name.empty() && !std::all_of(p.name.begin(), p.name.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                   c == '-';
        }))
        problems.add(top.get("name")->source(), "name", p.name,
                     "must be lower-case letters, digits and '-' (it names the profile in commands)");
    p.wordingChecked = top.flag("wording_checked").value_or(false);
    p.wordingNote = top.text("wording_note").value_or("");

    auto section = [&](std::string_view key, bool required) -> const toml::table* {
        const auto* n = top.get(key);
        if (!n) {
            if (required)
                problems.add(1, std::string(key), "", "is required: add a [" + std::string(key) + "] section");
            return nullptr;
        }
        if (const auto* t = n->as_table())
            return t;
        problems.add(n->source(), key, shown(*n), "must be a section: [" + std::string(key) + "]");
        return nullptr;
    };

    if (const auto* c = section("consultation", true)) {
        TableReader r(*c, "consultation.", problems);
        p.code = r.text("code").value_or("");
        p.title = r.text("title", true).value_or("");
        p.publisher = r.text("publisher").value_or("");
        p.url = r.text("url").value_or("");
        p.opens = r.date("opens").value_or("");
        p.closesDate = r.date("closes").value_or("");
        p.closesTime = r.timeOfDay("closes_time").value_or("");
        p.timeZone = r.text("time_zone").value_or("");
        if (!p.timeZone.empty() && !validTimeZone(p.timeZone))
            problems.add(r.get("time_zone")->source(), r.field("time_zone"), p.timeZone,
                         "must be a time zone's name such as \"Europe/London\" or \"UTC\"");
        if (!p.closesTime.empty() && p.timeZone.empty())
            problems.add(r.get("closes_time")->source(), r.field("time_zone"), "",
                         "is required with closes_time: a time means nothing without its zone");
        if (!p.closesTime.empty() && p.closesDate.empty())
            problems.add(r.get("closes_time")->source(), r.field("closes"), "", "is required with closes_time");
        if (!p.opens.empty() && !p.closesDate.empty() && p.closesDate < p.opens)
            problems.add(r.get("closes")->source(), r.field("closes"), p.closesDate,
                         "is before the consultation opens (" + p.opens + ")");
        r.reportUnknown();
    }
    if (const auto* s = section("response", true)) {
        TableReader r(*s, "response.", problems);
        p.channels = r.list("channels", kChannels);
        if (p.channels.empty())
            problems.add(r.get("channels") ? r.get("channels")->source() : s->source(), r.field("channels"), "",
                         "must name at least one of document, email, online_survey, post");
        p.fileFormats = r.list("file_formats", kFormats);
        p.maxFileMegabytes = r.limit("max_file_mb");
        p.wordLimitTotal = r.limit("word_limit_total");
        p.wordLimitPerAnswer = r.limit("word_limit_per_answer");
        p.partialAnswersAllowed = r.flag("partial_answers").value_or(true);
        p.extraPointsAllowed = r.flag("extra_points").value_or(true);
        if (auto pub = r.text("publication")) {
            if (auto v = parsePublication(*pub))
                p.publication = *v;
            else
                problems.add(r.get("publication")->source(), r.field("publication"), *pub,
                             "must be published, published_unless_confidential or not_published");
        }
        p.confidentialityNote = r.text("confidentiality_note").value_or("");
        r.reportUnknown();
    }
    if (const auto* d = section("document", false)) {
        TableReader r(*d, "document.", problems);
        p.heading = r.text("heading").value_or("");
        if (auto open = p.heading.find('{');
            open != std::string::npos && p.heading.compare(open, 14, "{organisation}") != 0)
            problems.add(r.get("heading")->source(), r.field("heading"), p.heading,
                         "the only field it can name is {organisation}");
        p.summaryFirst = r.flag("summary_first").value_or(false);
        p.numberedParagraphs = r.flag("numbered_paragraphs").value_or(false);
        r.reportUnknown();
    }
    if (const auto* n = top.get("question")) {
        const auto* a = n->as_array();
        if (!a || !a->is_array_of_tables()) {
            problems.add(n->source(), "question", "", "each question must be a [[question]] section");
        } else {
            std::map<std::string, int> seen;
            for (std::size_t i = 0; i < a->size(); ++i)
                readQuestion(*a->get(i)->as_table(), i, p, problems, seen);
        }
    }
    top.reportUnknown();
    if (!problems.empty())
        throw DataError(problems.list());
    return p;
}

ConsultationProfile readProfileFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError("cannot read the profile " + platform::utf8(path));
    std::ostringstream text;
    text << in.rdbuf();
    return parseProfile(text.str(), platform::utf8(path));
}

std::vector<ShippedProfile> shippedProfiles()
{
    std::vector<ShippedProfile> out;
    for (const auto& f : profiles::embeddedFiles()) {
        std::string name(f.name);
        if (name.size() > 5 && name.ends_with(".toml"))
            out.push_back({name.substr(0, name.size() - 5), name, f.data});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

ConsultationProfile loadProfile(const std::string& fileOrName)
{
    std::error_code ec;
    const auto file = platform::pathFromUtf8(fileOrName);
    if (std::filesystem::exists(file, ec))
        return readProfileFile(file);
    for (const auto& s : shippedProfiles())
        if (s.name == fileOrName)
            return parseProfile(s.text, s.fileName);
    std::string names;
    for (const auto& s : shippedProfiles())
        names += (names.empty() ? "" : ", ") + s.name;
    throw FileError("there is no file '" + fileOrName + "' and no profile of that name (shipped: " + names + ")");
}

ProfileImportResult importProfile(db::Store& store, const ConsultationProfile& profile,
                                  std::optional<RowId> submissionId)
{
    ProfileImportResult result;
    db::Store::Transaction tx(store);
    std::optional<Consultation> existing;
    for (const auto& c : store.consultations())
        if ((!profile.code.empty() && c.code == profile.code) || (profile.code.empty() && c.title == profile.title))
            existing = c;
    Consultation c = existing.value_or(Consultation{});
    c.code = profile.code;
    c.title = profile.title;
    c.publisher = profile.publisher;
    c.url = profile.url;
    c.opens = profile.opens;
    c.closes = profile.closesDate;
    if (existing) {
        store.update(c);
    } else {
        store.insert(c);
        result.consultationCreated = true;
    }
    result.consultationId = c.id;

    auto stored = store.questions(c.id);
    int position = 0;
    for (const auto& pq : profile.questions) {
        ++position;
        auto at = std::find_if(stored.begin(), stored.end(), [&](const Question& q) { return q.number == pq.number; });
        Question q = at != stored.end() ? *at : Question{};
        const Question before = q;
        q.consultationId = c.id;
        q.number = pq.number;
        q.position = position;
        q.text = pq.text;
        q.answerType = pq.answerType;
        q.choices = pq.choices;
        q.required = pq.required;
        q.wordLimit = pq.wordLimit;
        q.formCharLimit = pq.formCharLimit;
        if (at == stored.end()) {
            store.insert(q);
            ++result.questionsAdded;
        } else if (before.text != q.text || before.answerType != q.answerType || before.choices != q.choices ||
                   before.required != q.required || before.wordLimit != q.wordLimit ||
                   before.formCharLimit != q.formCharLimit || before.position != q.position) {
            store.update(q);
            ++result.questionsChanged;
        }
    }
    for (auto& q : stored)
        if (std::none_of(profile.questions.begin(), profile.questions.end(),
                         [&](const ProfileQuestion& pq) { return pq.number == q.number; })) {
            // Kept, after the profile's own questions, so that answers to them are not lost.
            q.position = ++position;
            store.update(q);
            result.questionsNotInProfile.push_back(q.number);
        }
    store.saveConsultationProfileSettings(c.id, profile);

    if (submissionId) {
        auto s = store.submission(*submissionId);
        if (!s)
            throw NotFoundError("submission " + std::to_string(*submissionId) + " does not exist");
        if (s->consultationId != c.id) {
            std::size_t answered = 0;
            for (const auto& a : store.answers(s->id))
                if (!text::trim(a.text).empty() || !text::trim(a.choice).empty())
                    ++answered;
            if (answered > 0)
                throw DataError("submission " + std::to_string(s->id) + " already answers " +
                                text::counted(static_cast<std::size_t>(answered), "question", "questions") +
                                " of another consultation: start a new store for '" + profile.title +
                                "', or clear those answers first");
            s->consultationId = c.id;
            store.update(*s);
            result.submissionSwitched = true;
        }
    }
    tx.commit();
    return result;
}

std::vector<StoredProfile> storedProfiles(const db::Store& store)
{
    const db::Store::ReadSnapshot snapshot(store);
    std::vector<StoredProfile> out;
    for (const auto& c : store.consultations())
        if (auto p = store.consultationProfile(c.id))
            out.push_back({c.id, std::move(*p)});
    return out;
}

StoredProfile findStoredProfile(const db::Store& store, const std::string& name)
{
    auto all = storedProfiles(store);
    for (auto& p : all)
        if (text::iequals(p.profile.name, text::trim(name)))
            return std::move(p);
    std::vector<std::string> held, shipped;
    for (const auto& p : all)
        held.push_back(p.profile.name);
    for (const auto& p : shippedProfiles())
        shipped.push_back(p.name);
    throw NotFoundError("there is no profile '" + name + "' in the store (it holds " +
                        (held.empty() ? std::string("none") : text::join(held, ", ")) +
                        "): load it first with evidence-cli profile import STORE FILE|NAME (shipped: " +
                        text::join(shipped, ", ") + ")");
}

void setQuestionText(db::Store& store, RowId consultationId, std::string_view number, std::string_view wording)
{
    auto q = store.questionByNumber(consultationId, number);
    if (!q)
        throw NotFoundError("there is no question " + std::string(number) + " in this consultation");
    const std::string v(text::trim(wording));
    if (v.empty())
        throw DataError("question " + q->number + ": its wording must not be empty");
    q->text = v;
    store.update(*q);
}

std::size_t countWords(std::string_view s)
{
    std::size_t words = 0;
    bool inWord = false, hasLetter = false;
    auto endWord = [&] {
        if (inWord && hasLetter)
            ++words;
        inWord = hasLetter = false;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            endWord();
            continue;
        }
        // U+00A0 no-break space separates words too.
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            endWord();
            ++i;
            continue;
        }
        inWord = true;
        // A UTF-8 letter starts with a lead byte; "•" (E2 80 A2) and dashes (E2 80 93/94) are punctuation.
        if (std::isalnum(c) || (c >= 0xC3 && c != 0xE2))
            hasLetter = true;
    }
    endWord();
    return words;
}

std::size_t countCharacters(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string plainTextForForm(std::string_view answerText)
{
    std::vector<std::string> lines;
    std::string line;
    for (char c : answerText) {
        if (c == '\r')
            continue;
        if (c == '\n') {
            lines.push_back(trimmed(line));
            line.clear();
        } else {
            line += c == '\t' ? ' ' : c;
        }
    }
    lines.push_back(trimmed(line));
    std::string out;
    bool pendingBlank = false;
    for (const auto& l : lines) {
        if (l.empty()) {
            pendingBlank = !out.empty();
            continue;
        }
        if (!out.empty())
            out += pendingBlank ? "\n\n" : "\n";
        out += l;
        pendingBlank = false;
    }
    return out;
}

ResponseLength measureResponse(const db::Store& store, RowId submissionId)
{
    const db::Store::ReadSnapshot snapshot(store);
    ResponseLength r;
    const auto s = store.submission(submissionId);
    if (!s)
        throw NotFoundError("submission " + std::to_string(submissionId) + " does not exist");
    const auto profile = store.consultationProfile(s->consultationId);
    r.hasProfile = profile.has_value();
    if (profile)
        r.totalLimit = profile->wordLimitTotal;
    r.summaryWords = countWords(s->summary);
    r.totalWords = r.summaryWords;
    const auto answers = store.answers(submissionId);
    for (const auto& q : store.questions(s->consultationId)) {
        auto a = std::find_if(answers.begin(), answers.end(), [&](const Answer& x) { return x.questionId == q.id; });
        if (a == answers.end() || (text::trim(a->text).empty() && text::trim(a->choice).empty()))
            continue;
        AnswerLength l;
        l.questionId = q.id;
        l.number = q.number;
        l.words = countWords(a->text);
        l.wordLimit = q.wordLimit ? q.wordLimit : (profile ? profile->wordLimitPerAnswer : std::nullopt);
        l.characters = countCharacters(plainTextForForm(a->text));
        l.formCharLimit = q.formCharLimit;
        r.totalWords += l.words;
        r.answers.push_back(l);
    }
    for (const auto& p : store.additionalPoints(submissionId))
        r.pointWords += countWords(p.text);
    r.totalWords += r.pointWords;
    return r;
}

std::string describeWords(std::size_t words, std::optional<int> limit)
{
    const std::string unit = words == 1 ? " word" : " words";
    if (!limit)
        return std::to_string(words) + unit;
    const auto max = static_cast<std::size_t>(*limit);
    if (words > max)
        return std::to_string(words) + unit + ", " + std::to_string(words - max) + " over the " + std::to_string(max) +
               " allowed";
    return std::to_string(words) + " of " + std::to_string(max) + " words";
}

std::string describeCharacters(std::size_t characters, std::optional<int> limit)
{
    const std::string unit = characters == 1 ? " character" : " characters";
    if (!limit)
        return std::to_string(characters) + unit + " (the form's limit is not known)";
    const auto max = static_cast<std::size_t>(*limit);
    if (characters > max)
        return std::to_string(characters) + unit + ", " + std::to_string(characters - max) + " over the form's " +
               std::to_string(max);
    return std::to_string(characters) + " of the form's " + std::to_string(max) + " characters";
}

} // namespace evidence::app
