#include "gui/view.h"

#include <algorithm>
#include <stdexcept>
#include <wx/dataview.h>
#include <wx/settings.h>
#include <wx/stattext.h>
#include <wx/stc/stc.h>
#include <wx/textctrl.h>

namespace evidence::gui {

View::View(wxWindow* parent, const char* xrcName)
{
    if (!wxXmlResource::Get()->LoadPanel(this, parent, xrcName))
        throw std::logic_error(std::string("the form ") + xrcName + " is missing from the resources");
    m_status = dynamic_cast<wxStaticText*>(FindWindow(XRCID("status_text")));
    if (m_status)
        autoWrap(m_status);
    if (auto* intro = dynamic_cast<wxStaticText*>(FindWindow(XRCID("intro"))))
        autoWrap(intro);
    styleHeading(this);
    padMultiLineText(this);
}

void padMultiLineText(wxWindow* root)
{
    // GTK draws a multi-line box's text against its border; single-line boxes have their own padding.
    for (wxWindow* child : root->GetChildren()) {
        if (auto* text = dynamic_cast<wxTextCtrl*>(child); text && text->IsMultiLine())
            text->SetMargins(text->FromDIP(wxPoint(6, 4)));
        else if (auto* stc = dynamic_cast<wxStyledTextCtrl*>(child)) {
            stc->SetMarginLeft(stc->FromDIP(6));
            stc->SetMarginRight(stc->FromDIP(6));
            stc->SetExtraAscent(stc->FromDIP(1));
        }
        padMultiLineText(child);
    }
}

void View::missingControl(const char* name)
{
    throw std::logic_error(std::string("the form has no control named ") + name);
}

void View::setStatus(const wxString& message, bool problem)
{
    if (!m_status)
        return;
    m_status->SetForegroundColour(problem ? problemColour() : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    setWrappedLabel(m_status, message);
}

void styleHeading(wxWindow* root)
{
    if (auto* heading = dynamic_cast<wxStaticText*>(root->FindWindow(XRCID("heading")))) {
        wxFont font = heading->GetFont();
        font.SetPointSize(font.GetPointSize() * 3 / 2);
        font.SetWeight(wxFONTWEIGHT_BOLD);
        heading->SetFont(font);
    }
}

int columnWidth(wxWindow* list, const wxString& title, int dip)
{
    // The header draws its title bold, with a margin and room for a sort arrow on each side.
    wxFont bold = list->GetFont();
    bold.MakeBold();
    int width = 0, height = 0;
    list->GetTextExtent(title, &width, &height, nullptr, nullptr, &bold);
    return std::max(list->FromDIP(dip), width + list->FromDIP(28));
}

int columnWidth(wxWindow* list, const wxString& title, const wxString& widest, int extraDip)
{
    // A cell has a margin of a few pixels on each side.
    return std::max(columnWidth(list, title, 0), list->GetTextExtent(widest).x + list->FromDIP(16 + extraDip));
}

namespace {
/// The unwrapped text of an auto-wrapped label and the width it was last wrapped to.
struct WrapData : wxClientData
{
    wxString text;
    int width = 0;
    bool busy = false;
};

void rewrap(wxStaticText* label)
{
    auto* data = dynamic_cast<WrapData*>(label->GetClientObject());
    const int width = label->GetSize().x;
    if (!data || data->busy || width < 40 || width == data->width)
        return;
    data->busy = true;
    data->width = width;
    label->SetLabelText(data->text);
    label->Wrap(width);
    label->InvalidateBestSize();
    data->busy = false;
    if (wxWindow* parent = label->GetParent())
        parent->CallAfter([parent] { parent->Layout(); });
}
} // namespace

void autoWrap(wxStaticText* label)
{
    auto* data = new WrapData;
    data->text = label->GetLabelText();
    label->SetClientObject(data);
    // The sizer decides the width; wrapping must not resize the label itself.
    label->SetWindowStyleFlag(label->GetWindowStyleFlag() | wxST_NO_AUTORESIZE);
    label->SetMinSize(wxSize(label->FromDIP(120), -1));
    label->Bind(wxEVT_SIZE, [label](wxSizeEvent& e) {
        e.Skip();
        auto* d = dynamic_cast<WrapData*>(label->GetClientObject());
        if (d && !d->busy && e.GetSize().x != d->width)
            label->CallAfter([label] { rewrap(label); });
    });
}

void setWrappedLabel(wxStaticText* label, const wxString& text)
{
    if (auto* data = dynamic_cast<WrapData*>(label->GetClientObject())) {
        if (data->text == text)
            return;
        data->text = text;
        data->width = 0;
        label->SetLabelText(text);
        rewrap(label);
    } else {
        label->SetLabelText(text);
    }
    label->InvalidateBestSize();
    label->GetParent()->Layout();
}

void appendRow(wxDataViewListCtrl* list, std::initializer_list<wxString> cells)
{
    wxVector<wxVariant> row;
    for (const auto& c : cells)
        row.push_back(wxVariant(c));
    list->AppendItem(row);
}

wxColour problemColour()
{
    return wxColour(0xB0, 0x00, 0x20);
}

} // namespace evidence::gui
