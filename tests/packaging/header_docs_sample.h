#pragma once
// The sample that header_docs.py --self-test checks (never compiled). The undocumented public declarations
// are on missing lines: 18 23 29 41 43 47 65 74 75 77 100 101 102 106 111 116 123
// and the declarations counted (documented or not, exemptions aside) are counted: 35

#include <functional>
#include <string>
#include <vector>

namespace sample {

class Forward;

/// Documented above.
int documentedAbove(int a);
int documentedTrailing(int a); // says what it is for on the same line

int undocumented(int a);

/// The second overload shares this comment.
int overloaded(int a);
int overloaded(double a, int b); // is documented: a trailing comment
long notAnOverload();

/// Documented, across several lines.
template <typename T>
T documentedTemplate(const T& value, int widthOfTheColumnInCharacters, int precisionInDigitsAfterThePoint,
                     bool padWithZeroes);
template <typename T>
[[nodiscard]] T undocumentedTemplate(const T& value, int width, int precision);
/// A constant.
inline constexpr int kDocumented = 3;

/// A record.
struct Record
{
    /// A block that the member after it shares.
    int a = 0;
    std::vector<std::string> texts{std::string()};

    std::function<void(int)> afterBlankLine;
    double trailingBefore = 0; ///< documents only itself
    double notShared = 0;
    Record() = default;
    Record(const Record&) = default;
    ~Record();
    explicit Record(int a);
    bool operator==(const Record&) const = default;
    /// Documented inline method.
    bool isEmpty() const noexcept { return a == 0 && texts.empty(); }

private:
    int m_hidden = 0;
    void hidden();
};

/// A class: private by default.
class Widget : public Base
{
    int m_default = 0;

public:
    /// Documented constructor.
    Widget(int a, int b) : m_default{a}, m_other(b) {}
    enum class Mode { One, Two };
    /// Override: the base says what it is for.
    void paint() override;
    void repaint() override;

protected:
    void undocumentedButProtected();
};

using Alias = std::vector<int>;
enum class Colour { Red, Green };

struct Undocumented
{
};

namespace detail {
int notPublic();
}

namespace {
int alsoNotPublic();
}

using namespace std::string_literals;
static_assert(sizeof(int) >= 4);

/// A class whose nested class is defined out of line, with the shapes a header holds.
class Outer
{
public:
    class Inner;
    wxDECLARE_EVENT_TABLE();
    /// Documented, with a trailing return type.
    auto size() const -> std::size_t;
    explicit operator bool() const noexcept;
    virtual void draw() = 0;
    std::function<void()> onClose = [] {
        int unused = 0;
        (void)unused;
    };
    friend void swap(Outer& a, Outer& b) noexcept;
    /// Documented, with its attribute on a line of its own.
    [[nodiscard]] bool ready() const;
};

class Outer::Inner
{
public:
    Inner(const Inner&) = delete;
    Inner& operator=(const Inner&) = delete;
    explicit Inner(Outer& outer);
};

/// A template struct, whose members are public even though its parameter is a `class`.
template <class T>
struct Box
{
    T value;
};

} // namespace sample
