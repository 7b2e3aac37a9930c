#include "gui/list_find_bar.h"

#include <wx/choice.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

namespace evidence::gui {

ListFindBar addListFindBar(wxWindow* list, const ListFindBarSpec& spec)
{
    wxWindow* parent = list->GetParent();
    ListFindBar bar;
    bar.find = new wxTextCtrl(parent, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                              spec.findName);
    bar.find->SetHint(spec.findHint);
    bar.find->SetHelpText(spec.findHelp);
    bar.order = new wxChoice(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                             spec.orderName);
    for (const wxString& order : spec.orders)
        bar.order->Append(order);
    bar.order->SetSelection(0);
    bar.order->SetHelpText(spec.orderHelp);

    const int gap = parent->FromDIP(spec.orientation == wxVERTICAL ? 4 : 6);
    auto* sizer = new wxBoxSizer(spec.orientation);
    if (spec.orientation == wxVERTICAL) {
        sizer->Add(bar.find, wxSizerFlags().Expand());
        sizer->Add(bar.order, wxSizerFlags().Expand().Border(wxTOP, gap));
    } else {
        sizer->Add(bar.find, wxSizerFlags(1).CentreVertical());
        sizer->Add(bar.order, wxSizerFlags().CentreVertical().Border(wxLEFT, gap));
    }
    if (wxSizer* holder = list->GetContainingSizer()) {
        std::size_t at = 0;
        while (at < holder->GetItemCount() && holder->GetItem(at)->GetWindow() != list)
            ++at;
        holder->Insert(at, sizer, wxSizerFlags().Expand().Border(wxBOTTOM, parent->FromDIP(4)));
    }
    bar.find->MoveBeforeInTabOrder(list);
    bar.order->MoveBeforeInTabOrder(list);
    return bar;
}

} // namespace evidence::gui
