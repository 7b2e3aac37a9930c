#include "gui/mnemonics.h"

#include <vector>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/stattext.h>
#include <wx/window.h>

namespace evidence::gui {

namespace {

/// The mnemonic letter of a label ("&Title:" -> 'T'), or 0.
wxChar mnemonicOf(const wxString& label)
{
    for (size_t i = 0; i + 1 < label.length(); ++i) {
        if (label[i] == '&') {
            if (label[i + 1] == '&') {
                ++i;
                continue;
            }
            return wxToupper(static_cast<wxChar>(label[i + 1].GetValue()));
        }
    }
    return 0;
}

bool usable(const wxWindow* w)
{
    return w->IsShownOnScreen() && w->IsEnabled();
}

/// The first focusable window after @p label among its siblings (descending into panels).
wxWindow* targetAfter(wxWindow* label)
{
    const wxWindowList& siblings = label->GetParent()->GetChildren();
    bool after = false;
    for (wxWindow* w : siblings) {
        if (w == label) {
            after = true;
            continue;
        }
        if (!after || !usable(w) || dynamic_cast<wxStaticText*>(w))
            continue;
        if (w->CanAcceptFocus())
            return w;
    }
    return nullptr;
}

struct Target
{
    wxWindow* window = nullptr;
    enum class Action { Focus, Press, Toggle } action = Action::Focus;
};

void collect(wxWindow* root, wxChar letter, std::vector<Target>& out)
{
    for (wxWindow* w : root->GetChildren()) {
        if (!usable(w))
            continue;
        if (auto* label = dynamic_cast<wxStaticText*>(w)) {
            if (mnemonicOf(label->GetLabel()) == letter)
                if (wxWindow* t = targetAfter(label))
                    out.push_back({t, Target::Action::Focus});
        } else if (auto* button = dynamic_cast<wxButton*>(w)) {
            if (mnemonicOf(button->GetLabel()) == letter)
                out.push_back({button, Target::Action::Press});
        } else if (auto* check = dynamic_cast<wxCheckBox*>(w)) {
            if (mnemonicOf(check->GetLabel()) == letter)
                out.push_back({check, Target::Action::Toggle});
        }
        collect(w, letter, out);
    }
}

bool contains(wxWindow* outer, wxWindow* inner)
{
    for (wxWindow* w = inner; w; w = w->GetParent())
        if (w == outer)
            return true;
    return false;
}

} // namespace

void installMnemonics(wxWindow* handler, std::function<wxWindow*()> root)
{
    handler->Bind(wxEVT_CHAR_HOOK, [root](wxKeyEvent& e) {
        const int key = e.GetKeyCode();
        if (e.GetModifiers() != wxMOD_ALT || key > 127 || !wxIsalpha(key)) {
            e.Skip();
            return;
        }
        const wxChar letter = wxToupper(static_cast<wxChar>(key));
        if (letter == 'F' || letter == 'E' || letter == 'V' || letter == 'H') {
            e.Skip(); // the menu bar's
            return;
        }
        wxWindow* top = root();
        std::vector<Target> targets;
        if (top)
            collect(top, letter, targets);
        if (targets.empty()) {
            e.Skip();
            return;
        }
        // Cycle: the first target after the one holding the focus.
        wxWindow* focus = wxWindow::FindFocus();
        std::size_t next = 0;
        for (std::size_t i = 0; i < targets.size(); ++i)
            if (focus && contains(targets[i].window, focus))
                next = (i + 1) % targets.size();
        const Target& t = targets[next];
        t.window->SetFocus();
        if (t.action == Target::Action::Press) {
            wxCommandEvent click(wxEVT_BUTTON, t.window->GetId());
            click.SetEventObject(t.window);
            t.window->GetEventHandler()->ProcessEvent(click);
        } else if (t.action == Target::Action::Toggle) {
            auto* check = static_cast<wxCheckBox*>(t.window);
            check->SetValue(!check->GetValue());
            wxCommandEvent toggled(wxEVT_CHECKBOX, check->GetId());
            toggled.SetEventObject(check);
            toggled.SetInt(check->GetValue());
            check->GetEventHandler()->ProcessEvent(toggled);
        }
    });
}

} // namespace evidence::gui
