#pragma once
/// @file field_saver.h
/// @brief Saves a form while the user types: after a short pause, when focus leaves a field, and on flush().
///
/// There is no Save command in Evidence Desk. Each watched control marks the form as changed; the save
/// function runs (one store transaction) when typing pauses, when the focus leaves the control, or when the
/// view calls flush() (switching records or views, closing the window).

#include <functional>
#include <wx/timer.h>

class wxWindow;

namespace evidence::gui {

/// Saves a form as its user types: text after a pause in typing (@p delayMs), choices and check boxes at once,
/// and whatever is waiting when flush() is called (on leaving the view or closing). Used on the GUI thread.
class FieldSaver
{
public:
    /// @param save writes the whole form; it reports its own errors and keeps the input on failure
    explicit FieldSaver(std::function<void()> save, int delayMs = 600);
    ~FieldSaver();
    FieldSaver(const FieldSaver&) = delete;
    FieldSaver& operator=(const FieldSaver&) = delete;

    /// Watches a wxTextCtrl, wxComboBox, wxChoice, wxCheckListBox, wxCheckBox or wxStyledTextCtrl.
    /// Choices and check boxes save at once; text waits for a pause.
    void watch(wxWindow* control);
    /// Marks the form as changed and restarts the pause timer.
    void changed();
    /// Marks the form as changed and saves now.
    void changedNow();
    /// Saves now if anything changed.
    void flush();
    /// Forgets a pending change (the form is being reloaded).
    void discard();
    /// Whether a change is waiting to be saved.
    bool pending() const noexcept { return m_pending; }

    /// While alive, change events from the watched controls are ignored (the form is being filled by code).
    class Loading
    {
    public:
        /// Ignores change events of @p saver's controls until destroyed.
        explicit Loading(FieldSaver& saver) : m_saver(saver) { ++m_saver.m_loading; }
        ~Loading() { --m_saver.m_loading; }
        Loading(const Loading&) = delete;
        Loading& operator=(const Loading&) = delete;

    private:
        FieldSaver& m_saver;
    };

private:
    std::function<void()> m_save;
    int m_delayMs;
    int m_loading = 0;
    bool m_pending = false;
    bool m_saving = false;
    wxTimer m_timer;
};

} // namespace evidence::gui
