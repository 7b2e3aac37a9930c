#include "gui/field_saver.h"

#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/stc/stc.h>
#include <wx/textctrl.h>

namespace evidence::gui {

FieldSaver::FieldSaver(std::function<void()> save, int delayMs) : m_save(std::move(save)), m_delayMs(delayMs)
{
    m_timer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { flush(); });
}

FieldSaver::~FieldSaver()
{
    m_timer.Stop();
}

void FieldSaver::watch(wxWindow* control)
{
    auto onText = [this](wxCommandEvent& e) {
        e.Skip();
        if (!m_loading)
            changed();
    };
    auto onNow = [this](wxCommandEvent& e) {
        e.Skip();
        if (!m_loading)
            changedNow();
    };
    if (auto* stc = dynamic_cast<wxStyledTextCtrl*>(control)) {
        stc->Bind(wxEVT_STC_MODIFIED, [this](wxStyledTextEvent& e) {
            e.Skip();
            if (!m_loading && (e.GetModificationType() & (wxSTC_MOD_INSERTTEXT | wxSTC_MOD_DELETETEXT)))
                changed();
        });
    } else if (auto* combo = dynamic_cast<wxComboBox*>(control)) {
        combo->Bind(wxEVT_TEXT, onText);
        combo->Bind(wxEVT_COMBOBOX, onNow);
    } else if (dynamic_cast<wxTextCtrl*>(control)) {
        control->Bind(wxEVT_TEXT, onText);
    } else if (dynamic_cast<wxCheckListBox*>(control)) {
        control->Bind(wxEVT_CHECKLISTBOX, onNow);
    } else if (dynamic_cast<wxChoice*>(control)) {
        control->Bind(wxEVT_CHOICE, onNow);
    } else if (dynamic_cast<wxCheckBox*>(control)) {
        control->Bind(wxEVT_CHECKBOX, onNow);
    }
    control->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
        e.Skip();
        flush();
    });
}

void FieldSaver::changed()
{
    m_pending = true;
    m_timer.StartOnce(m_delayMs);
}

void FieldSaver::changedNow()
{
    m_pending = true;
    flush();
}

void FieldSaver::flush()
{
    m_timer.Stop();
    if (!m_pending || m_saving)
        return;
    m_pending = false;
    m_saving = true;
    try {
        m_save();
    } catch (...) {
        m_saving = false;
        throw;
    }
    m_saving = false;
}

void FieldSaver::discard()
{
    m_timer.Stop();
    m_pending = false;
}

} // namespace evidence::gui
