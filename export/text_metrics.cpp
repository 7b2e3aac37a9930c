#include "text_metrics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace evidence::xlsx {
namespace {

// Arial advance widths in 1/1000 em for ASCII 32..126.
constexpr std::array<int, 95> kArial = {278, 278, 355, 556, 556, 889, 667,  191, 333, 333, 389, 584, 278,
                                        333, 278, 278,                                                    // space to /
                                        556, 556, 556, 556, 556, 556, 556,  556, 556, 556,                // 0-9
                                        278, 278, 584, 584, 584, 556, 1015,                               // : to @
                                        667, 667, 722, 722, 667, 611, 778,  722, 278, 500, 667, 556, 833, // A-M
                                        722, 778, 667, 778, 722, 667, 611,  722, 667, 944, 667, 667, 611, // N-Z
                                        278, 278, 278, 469, 556, 333,                                     // [ to `
                                        556, 556, 500, 556, 556, 278, 556,  556, 222, 222, 500, 222, 833, // a-m
                                        556, 556, 556, 556, 333, 500, 278,  556, 500, 722, 500, 500, 500, // n-z
                                        334, 260, 334, 584};                                              // { to ~

// Arial Bold advance widths for the same range.
constexpr std::array<int, 95> kArialBold = {278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278,
                                            333, 278, 278,                                    // space to /
                                            556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
                                            333, 333, 584, 584, 584, 611, 975,                // : to @
                                            722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, // A-M
                                            722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
                                            333, 278, 333, 584, 556, 333,                                    // [ to `
                                            556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, // a-m
                                            611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, // n-z
                                            389, 280, 389, 584};                                             // { to ~

// Width of one code point in 1/1000 em.
int advance(char32_t cp, bool bold)
{
    if (cp >= 32 && cp <= 126)
        return (bold ? kArialBold : kArial)[cp - 32];
    if (cp == 0x2019 || cp == 0x2018)
        return 222;
    if (cp == 0x2013)
        return 556;
    if (cp == 0x2014)
        return 1000;
    return 600; // other letters and symbols (£, é, →): a generous average
}

// Decodes UTF-8 leniently (an invalid byte counts as one character), calling @p f with each code point:
// widths are measured for every cell of a large workbook, so nothing is allocated.
template <typename F>
void forEachCodePoint(std::string_view s, F f)
{
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (i + static_cast<std::size_t>(len) > s.size())
            len = 1;
        char32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (int k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        f(cp);
        i += static_cast<std::size_t>(len);
    }
}

double pxPerUnit(double points)
{
    // 1/1000 em at @p points, in pixels at 96 dpi, with 5% headroom for hinting and rounding.
    return points * 96.0 / 72.0 / 1000.0 * 1.05;
}

} // namespace

double textWidthPx(std::string_view text, double points, bool bold)
{
    double units = 0, widest = 0;
    forEachCodePoint(text, [&](char32_t cp) {
        if (cp == '\n') {
            widest = std::max(widest, units);
            units = 0;
            return;
        }
        units += advance(cp, bold);
    });
    return std::max(widest, units) * pxPerUnit(points);
}

namespace {

/// Greedy word wrapping of paragraphs into lines of a cell, one word (the text between two spaces) at a
/// time: the line count after each word is the count of the text up to that word, so a paragraph's cut
/// points are all measured in one pass.
class LineFiller
{
public:
    LineFiller(double widthPx, double points, bool bold)
        : m_limit(std::max(widthPx, 20.0) / pxPerUnit(points)), m_space(advance(' ', bold)), m_bold(bold)
    {
    }

    void startParagraph()
    {
        ++m_lines;
        m_lineUnits = 0;
        m_lineEmpty = true;
    }

    /// Calls @p f(end) after each word of @p para, with the word's end (a space's position, or the size);
    /// stops when it returns false. Each byte is read once: a word is measured as it is found.
    template <typename F>
    void addParagraph(std::string_view para, F f)
    {
        startParagraph();
        const std::size_t size = para.size();
        std::size_t i = 0;
        while (true) {
            double word = 0;
            while (i < size && para[i] != ' ') {
                const unsigned char c = static_cast<unsigned char>(para[i]);
                if (c < 0x80) {
                    word += advance(c, m_bold);
                    ++i;
                    continue;
                }
                // Decoded as forEachCodePoint() decodes the word alone: a sequence cut by the word's end
                // counts its first byte as one character.
                std::size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
                if (i + len > size || para.substr(i + 1, len - 1).find(' ') != std::string_view::npos)
                    len = 1;
                char32_t cp = len == 1 ? c : c & (0x7F >> len);
                for (std::size_t k = 1; k < len; ++k)
                    cp = (cp << 6) | (static_cast<unsigned char>(para[i + k]) & 0x3F);
                word += advance(cp, m_bold);
                i += len;
            }
            addWordUnits(word);
            if (!f(i) || i >= size)
                return;
            ++i;
        }
    }

    int lines() const { return m_lines; }

private:
    void addWordUnits(double word)
    {
        if (!m_lineEmpty && m_lineUnits + m_space + word > m_limit) {
            ++m_lines;
            m_lineUnits = 0;
            m_lineEmpty = true;
        }
        if (m_lineEmpty) {
            // A word wider than the line is broken across lines.
            while (word > m_limit) {
                ++m_lines;
                word -= m_limit;
            }
            m_lineUnits = word;
            m_lineEmpty = false;
        } else {
            m_lineUnits += m_space + word;
        }
    }

    double m_limit, m_space;
    bool m_bold;
    int m_lines = 0;
    double m_lineUnits = 0;
    bool m_lineEmpty = true;
};

} // namespace

int wrappedLineCount(std::string_view text, double widthPx, double points, bool bold)
{
    LineFiller filler(widthPx, points, bold);
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        filler.addParagraph(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start),
                            [](std::size_t) { return true; });
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    return std::max(filler.lines(), 1);
}

double lineHeightPt(double points)
{
    // Excel's default row heights: 15 for 11 pt, 15.75 for 12 pt, 18.75 for 14 pt, 20.25 for 16 pt.
    return std::ceil(points * 1.3125 * 4.0) / 4.0;
}

namespace {

/// Where a piece of a paragraph ends within @p view, found in one pass (lines only grow with the prefix).
struct PieceEnd
{
    bool wholeFits = false; ///< all of @p view wraps to at most maxLines lines
    /// Else the longest prefix that does and ends after a sentence, else after a word (at a space), or 0.
    std::size_t cut = 0;
};

PieceEnd pieceEnd(std::string_view view, double widthPx, double points, int maxLines, bool bold)
{
    PieceEnd e;
    std::size_t afterWord = 0;
    LineFiller filler(widthPx, points, bold);
    filler.addParagraph(view, [&](std::size_t end) {
        if (filler.lines() > maxLines)
            return false;
        if (end == view.size()) {
            e.wholeFits = true;
            return false;
        }
        if (end > 0) {
            afterWord = end;
            const char before = view[end - 1];
            if (before == '.' || before == '?' || before == '!')
                e.cut = end;
        }
        return true;
    });
    if (e.cut == 0)
        e.cut = afterWord;
    return e;
}

/// The longest prefix of @p view that wraps to at most @p maxLines lines and ends between two code
/// points, or 0: for a word longer than a whole piece.
std::size_t cutInsideWord(std::string_view view, double widthPx, double points, int maxLines, bool bold)
{
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < view.size(); ++i)
        if ((static_cast<unsigned char>(view[i]) & 0xC0) != 0x80)
            cuts.push_back(i);
    cuts.push_back(view.size());
    auto fits = [&](std::size_t i) {
        return wrappedLineCount(view.substr(0, cuts[i]), widthPx, points, bold) <= maxLines;
    };
    // Galloping first: the cut is usually near the window's start.
    std::size_t lo = 0, hi = 1; // the answer (index of the last fitting point + 1) is in [lo, hi]
    while (hi <= cuts.size() && fits(hi - 1)) {
        lo = hi;
        hi *= 2;
    }
    hi = std::min(hi, cuts.size());
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (fits(mid))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 ? cuts[lo - 1] : 0;
}

/// Cuts one paragraph into pieces of at most @p maxLines lines.
void splitParagraph(std::string_view para, double widthPx, double points, int maxLines, bool bold,
                    std::vector<std::string>& out)
{
    // A piece is measured within a window a little longer than what fits, not the whole rest of the
    // paragraph again for every piece: a long account is cut in time proportional to its length.
    std::size_t window = static_cast<std::size_t>(maxLines + 1) * static_cast<std::size_t>(widthPx / 2 + 2) * 4;
    while (!para.empty()) {
        const std::string_view view = para.substr(0, window);
        const PieceEnd end = pieceEnd(view, widthPx, points, maxLines, bold);
        if (end.wholeFits) {
            if (view.size() == para.size()) {
                out.emplace_back(para);
                return;
            }
            window *= 2; // narrower characters than expected
            continue;
        }
        std::size_t cut = end.cut;
        if (cut == 0)
            cut = cutInsideWord(view, widthPx, points, maxLines, bold);
        if (cut == 0) { // not even one character fits: give it a piece of its own
            cut = 1;
            while (cut < para.size() && (static_cast<unsigned char>(para[cut]) & 0xC0) == 0x80)
                ++cut;
        }
        std::string_view piece = para.substr(0, cut);
        while (!piece.empty() && piece.back() == ' ')
            piece.remove_suffix(1);
        out.emplace_back(piece);
        para.remove_prefix(cut);
        while (!para.empty() && para.front() == ' ')
            para.remove_prefix(1);
    }
}

} // namespace

std::vector<std::string> splitToFit(std::string_view text, double widthPx, double points, int maxLines, bool bold)
{
    maxLines = std::max(maxLines, 1);
    if (wrappedLineCount(text, widthPx, points, bold) <= maxLines)
        return {std::string(text)};
    std::vector<std::string> out;
    std::string current;
    int currentLines = 0;
    auto flush = [&] {
        while (!current.empty() && current.back() == '\n')
            current.pop_back();
        if (!current.empty())
            out.push_back(std::move(current));
        current.clear();
        currentLines = 0;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        const std::string_view para =
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        const int lines = wrappedLineCount(para, widthPx, points, bold);
        if (currentLines > 0 && currentLines + lines > maxLines)
            flush();
        if (currentLines == 0 && para.empty()) {
            // a blank line at the top of a piece says nothing
        } else if (lines > maxLines) {
            flush();
            std::vector<std::string> pieces;
            splitParagraph(para, widthPx, points, maxLines, bold, pieces);
            for (std::size_t i = 0; i + 1 < pieces.size(); ++i)
                out.push_back(std::move(pieces[i]));
            current = std::move(pieces.back());
            currentLines = wrappedLineCount(current, widthPx, points, bold);
        } else {
            if (currentLines > 0)
                current += '\n';
            current += para;
            currentLines += lines;
        }
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    flush();
    if (out.empty())
        out.emplace_back();
    return out;
}

} // namespace evidence::xlsx
