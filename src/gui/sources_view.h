#pragma once
/// @file sources_view.h
/// @brief The Sources view: the list of sources and a form for the selected one.

#include "gui/field_saver.h"
#include "gui/view.h"

#include <vector>

class wxListBox;
class wxTextCtrl;

namespace evidence::gui {

class SourcesView : public View
{
public:
    explicit SourcesView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;
    void flush() override { m_saver.flush(); }
    wxString unsavedProblem() const override { return m_unsaved; }
    bool goTo(const GoToTarget& target) override;

private:
    void reloadList(RowId select);
    void showRecord();
    void save();
    void onNew();
    void onDelete();

    wxListBox* m_list;
    std::vector<wxTextCtrl*> m_fields; ///< in the order of Source's text members
    std::vector<Source> m_sources;
    Source m_record;
    wxString m_unsaved;
    FieldSaver m_saver;
};

} // namespace evidence::gui
