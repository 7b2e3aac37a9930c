#include "app/help.h"

#include "core/text.h"
#include "core/xml_text.h"
#include "export/markdown.h"

namespace evidence::app {

namespace {

/// The text of the first `# ` heading, if any.
std::string title(std::string_view markdown)
{
    for (std::size_t start = 0; start < markdown.size();) {
        auto nl = markdown.find('\n', start);
        if (nl == std::string_view::npos)
            nl = markdown.size();
        const std::string_view line = text::trim(markdown.substr(start, nl - start));
        if (line.starts_with("# "))
            return xlsx::plainInline(text::trim(line.substr(2)));
        start = nl + 1;
    }
    return {};
}

} // namespace

std::string markdownHtml(std::string_view markdown)
{
    std::string html = "<html><body>";
    if (const std::string t = title(markdown); !t.empty())
        html += "<h2>" + text::escapeXml(t) + "</h2>";
    std::string section;
    for (const auto& block : xlsx::markdownBlocks(markdown)) {
        if (block.section != section) {
            section = block.section;
            html += "<h3>" + text::escapeXml(section) + "</h3>";
        }
        if (block.text.find('\n') != std::string::npos)
            html += "<pre>" + text::escapeXml(block.text) + "</pre>";
        else
            html += "<p>" + text::escapeXml(block.text) + "</p>";
    }
    return html + "</body></html>";
}

std::string_view howToText()
{
    return R"(# How to prepare a submission

## 1. Open or create a store
File > New Store creates a store (an .evidence file) for one submission; File > Open opens one. The welcome page
also opens the sample submission, to try things out. Every change is saved as you make it; File > Back Up To
copies the store.

## 2. Submission
Fill in the title, the organisation, the consultation, a contact role and an organisational e-mail address
(never a person's), the date the figures are as at, a summary and the caveats. Each field is checked as you
type.

## 3. Sources
Add each source of figures (an FOI response, a published table) with its publisher, date and link: every
figure names its source.

## 4. Statistics
Choose or create a measure and a breakdown, then type the figures into the grid (areas down, periods
across): 82, 1,493, or a shorthand code such as [x]. File > Import CSV reads a CSV file of figures after
showing every problem it finds. Select a row to see its trend, its headline and the like-for-like total.

## 5. Case studies
Write or import each anonymised account. Identifying details are underlined as you type: every BLOCK
finding must be changed, every WARN finding changed or acknowledged with a reason. Mark the case study
reviewed, then include it in the submission.

## 6. Consultation responses
Answer each question of the consultation and cite the figures and case studies that support the answer.

## 7. Export
The Export view lists what still needs attention (Go To opens each one), then writes the Excel workbook
for the reviewers. Help > Methodology explains every figure the workbook shows.

## Undo and redo
Edit > Undo (Ctrl+Z) takes back the latest edit in any view, a deletion too: a deleted case study comes back
with its selections and citations. Edit > Redo (Ctrl+Y or Ctrl+Shift+Z) makes it again. The menu names the
edit, and undoing shows its view. While a text box has typing of its own to undo, Ctrl+Z undoes that typing
first. Every edit since the store was opened can be undone. An edit is not undone when what it changed has
been changed since by another program: that change would be lost. The list of edits is kept in memory only,
never on disk, and is gone when the store is closed, so text you removed (a name) does not stay behind in it.
)";
}

} // namespace evidence::app
