#pragma once
/// @file view.h
/// @brief What the main window gives its views (Workspace) and what every view offers (View).

#include "core/domain.h"

#include <initializer_list>
#include <string>
#include <wx/panel.h>
#include <wx/xrc/xmlres.h>

class wxDataViewListCtrl;
class wxStaticText;

namespace evidence::db {
class Store;
}

namespace evidence::app {
class FindingsCache;
}

namespace evidence::gui {

/// The views of the navigation list, in workflow order.
enum class ViewId { Submission, Sources, Statistics, CaseStudies, Responses, Export };
/// How many views there are (ViewId's values).
inline constexpr int kViewCount = 6;

/// A record to open from elsewhere (the export pre-flight list, the status bar).
struct GoToTarget
{
    /// The view to show.
    ViewId view = ViewId::Submission;
    RowId id = 0;          ///< the record in that view (0: just the view)
    std::string field;     ///< scanner field code, e.g. "case_study.narrative" (may be empty)
    std::size_t begin = 0; ///< a byte span in that field to select (findings)
    /// End of that span (exclusive).
    std::size_t end = 0;
};

/// The open store as the views see it. Implemented by the main window.
class Workspace
{
public:
    virtual ~Workspace() = default;
    /// The open store.
    virtual db::Store& store() = 0;
    /// The submission being prepared (the store's first).
    virtual RowId submissionId() const = 0;
    /// A view wrote to the store: the status bar and other views refresh what they show.
    virtual void storeChanged() = 0;
    /// Shows the view of @p target and opens its record.
    virtual void goTo(const GoToTarget& target) = 0;
    /// The role the user last gave for reviews and acknowledgements (remembered in the configuration).
    virtual wxString role() const = 0;
    /// Remembers @p role as the one the user gives for reviews and acknowledgements.
    virtual void setRole(const wxString& role) = 0;
    /// Finding counts per case study, shared by the case list and the status bar.
    virtual app::FindingsCache& findingsCache() = 0;
};

/// A page of the main window, loaded from its XRC panel.
class View : public wxPanel
{
public:
    /// Loads the XRC panel @p xrcName into this window. @throws std::logic_error if the form is missing.
    View(wxWindow* parent, const char* xrcName);

    /// A store was opened (@p workspace) or closed (nullptr): load or clear everything.
    virtual void attach(Workspace* workspace) = 0;
    /// The view is about to be shown: re-read what other views may have changed.
    virtual void showing() {}
    /// Saves edits that are waiting for a pause in typing.
    virtual void flush() {}
    /// A sentence when typed input could not be saved (it would be lost on closing), else empty.
    virtual wxString unsavedProblem() const { return {}; }
    /// Opens the record of @p target; false when this view has no such record.
    virtual bool goTo(const GoToTarget&) { return false; }

protected:
    /// The control named @p name in this view's form. @throws std::logic_error when missing.
    template <class T>
    T* ctrl(const char* name) const
    {
        return checkedCtrl<T>(this, name);
    }

public:
    /// The control named @p name under @p root. @throws std::logic_error when missing or of another type.
    template <class T>
    static T* checkedCtrl(const wxWindow* root, const char* name)
    {
        T* w = dynamic_cast<T*>(root->FindWindow(XRCID(name)));
        if (!w)
            missingControl(name);
        return w;
    }

protected:
    /// Shows @p message in the view's status line, in the problem colour when @p problem.
    void setStatus(const wxString& message, bool problem = false);

    Workspace* m_ws = nullptr;

private:
    [[noreturn]] static void missingControl(const char* name);
    wxStaticText* m_status = nullptr;
};

/// Gives every multi-line text box under @p root (and the narrative editor) an inner margin.
void padMultiLineText(wxWindow* root);
/// Makes a form's "heading" label large and bold.
void styleHeading(wxWindow* root);
/// The width of a list column titled @p title: @p dip pixels (at 96 DPI), or wider when the title, in the
/// list's font (larger with text scaling), needs more.
int columnWidth(wxWindow* list, const wxString& title, int dip);
/// The width of a list column titled @p title whose widest cell reads @p widest (with @p extraDip pixels at
/// 96 DPI beside it, for an icon): measured in the list's font, so that scaled text is not cut.
int columnWidth(wxWindow* list, const wxString& title, const wxString& widest, int extraDip = 0);
/// Makes @p label wrap its text to whatever width its sizer gives it (and re-wrap when resized).
void autoWrap(wxStaticText* label);
/// Sets @p label's text (wrapped, when autoWrap() applies to it).
void setWrappedLabel(wxStaticText* label, const wxString& text);
/// Appends a row of text cells to a wxDataViewListCtrl.
void appendRow(wxDataViewListCtrl* list, std::initializer_list<wxString> cells);
/// The colour of problem text (dark red, readable on light and dark themes' light backgrounds).
wxColour problemColour();

} // namespace evidence::gui
