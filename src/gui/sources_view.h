#pragma once
/// @file sources_view.h
/// @brief The Sources view: the list of sources and a form for the selected one.

#include "app/choosers.h"
#include "gui/field_saver.h"
#include "gui/view.h"

#include <vector>

class wxChoice;
class wxListBox;
class wxTextCtrl;

namespace evidence::gui {

/// The Sources view: the list of the store's sources (with a find box and an order) and the form of the one
/// selected, saved as it is typed.
class SourcesView : public View
{
public:
    /// Loads the view's form under @p parent. @throws std::logic_error when the form is missing.
    explicit SourcesView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;
    void flush() override { m_saver.flush(); }
    wxString unsavedProblem() const override { return m_unsaved; }
    bool goTo(const GoToTarget& target) override;

    /// Lists only the sources that match @p query, in @p order (as typing in the find box and choosing in the
    /// sort list do). Returns the titles listed, top to bottom.
    std::vector<std::string> arrangeList(const wxString& query, app::SourceOrder order);

private:
    void reloadList(RowId select);
    /// Fills the list from m_sources with the find box's text and the chosen order, selecting @p select when
    /// listed (else the first listed).
    void fillList(RowId select);
    void showRecord();
    void save();
    void onNew();
    void onDelete();

    wxListBox* m_list;
    std::vector<wxTextCtrl*> m_fields; ///< in the order of Source's text members
    wxTextCtrl* m_find;
    wxChoice* m_order;
    std::vector<Source> m_sources;
    std::vector<std::size_t> m_shown; ///< the list's rows: positions in m_sources
    Source m_record;
    wxString m_unsaved;
    FieldSaver m_saver;
};

} // namespace evidence::gui
