#include "gui/dialogs.h"

#include "app/field_merge.h"
#include "core/errors.h"
#include "db/store.h"
#include "gui/error_text.h"
#include "gui/mnemonics.h"
#include "gui/view.h"
#include "gui/wx_text.h"

#include <functional>
#include <stdexcept>
#include <wx/choice.h>
#include <wx/clipbrd.h>
#include <wx/combobox.h>
#include <wx/dialog.h>
#include <wx/display.h>
#include <wx/html/htmlwin.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace evidence::gui {

namespace {

/// A dialog from the forms whose OK button runs @p accept; the dialog closes only when it returns true.
class FormDialog : public wxDialog
{
public:
    FormDialog(wxWindow* parent, const char* name)
    {
        if (!wxXmlResource::Get()->LoadDialog(this, parent, name))
            throw std::logic_error(std::string("the form ") + name + " is missing from the resources");
        installMnemonics(this);
        padMultiLineText(this);
        Bind(
            wxEVT_BUTTON, [this](wxCommandEvent&) { accept(); }, wxID_OK);
        // A refusal speaks of what was typed before: it goes as soon as the entry changes.
        auto clear = [this](wxCommandEvent& e) {
            e.Skip();
            clearProblem();
        };
        Bind(wxEVT_TEXT, clear);
        Bind(wxEVT_CHOICE, clear);
        Bind(wxEVT_COMBOBOX, clear);
    }

    template <class T>
    T* ctrl(const char* name) const
    {
        return View::checkedCtrl<T>(this, name);
    }

    std::function<void()> onAccept;

    /// Shows @p error under the form (the typed values stay).
    void showProblem(std::exception_ptr error)
    {
        auto* label = ctrl<wxStaticText>("error_text");
        label->SetForegroundColour(problemColour());
        label->SetLabelText("Not saved: " + describeError(error));
        label->Wrap(GetClientSize().x - FromDIP(24));
        Layout();
        GetSizer()->Fit(this);
    }

    void clearProblem()
    {
        auto* label = dynamic_cast<wxStaticText*>(FindWindow(XRCID("error_text")));
        if (!label || label->GetLabelText().empty())
            return;
        label->SetLabelText(wxString());
        Layout();
    }

private:
    void accept()
    {
        try {
            if (onAccept)
                onAccept();
            EndModal(wxID_OK);
        } catch (...) {
            showProblem(std::current_exception());
        }
    }
};

} // namespace

bool editMeasure(wxWindow* parent, db::Store& store, Measure& measure)
{
    FormDialog dlg(parent, "measure_dialog");
    dlg.SetTitle(measure.id ? "Edit Measure" : "New Measure");
    auto* name = dlg.ctrl<wxTextCtrl>("name_text");
    auto* definition = dlg.ctrl<wxTextCtrl>("definition_text");
    auto* unit = dlg.ctrl<wxChoice>("unit_choice");
    auto* population = dlg.ctrl<wxTextCtrl>("population_text");
    const Unit units[] = {Unit::Count, Unit::RatePer10000, Unit::Percentage};
    for (Unit u : units) {
        unit->Append(toWx(unitLabel(u)));
        if (u == measure.unit)
            unit->SetSelection(unit->GetCount() - 1);
    }
    name->ChangeValue(toWx(measure.name));
    definition->ChangeValue(toWx(measure.definition));
    population->ChangeValue(toWx(measure.population));
    dlg.onAccept = [&] {
        Measure m = measure;
        m.name = toUtf8(name->GetValue());
        m.definition = toUtf8(definition->GetValue());
        m.unit = units[std::max(0, unit->GetSelection())];
        m.population = toUtf8(population->GetValue());
        if (m.id) {
            // Only the fields changed in the dialog, over what the store holds now.
            db::Store::Transaction tx(store);
            const auto current = store.measure(m.id);
            if (!current)
                throw NotFoundError("the measure was deleted by another program");
            m = app::mergeEdits(measure, m, *current);
            store.update(m);
            tx.commit();
        } else {
            store.insert(m);
        }
        measure = m;
    };
    name->SetFocus();
    return dlg.ShowModal() == wxID_OK;
}

bool askBreakdown(wxWindow* parent, const std::vector<std::string>& dimensions, std::string& dimension,
                  std::string& category)
{
    FormDialog dlg(parent, "breakdown_dialog");
    auto* dim = dlg.ctrl<wxComboBox>("dimension_combo");
    auto* cat = dlg.ctrl<wxTextCtrl>("category_text");
    for (const auto& d : dimensions)
        dim->Append(toWx(d));
    dim->ChangeValue(dimensions.empty() ? wxString("victim age") : toWx(dimensions.front()));
    dlg.onAccept = [&] {
        const std::string d = toUtf8(dim->GetValue().Trim().Trim(false));
        const std::string c = toUtf8(cat->GetValue().Trim().Trim(false));
        if (d.empty() || c.empty())
            throw std::runtime_error("a breakdown needs both a dimension (e.g. victim age) and a category (e.g. 10 "
                                     "and under)");
        dimension = d;
        category = c;
    };
    cat->SetFocus();
    return dlg.ShowModal() == wxID_OK;
}

bool askAcknowledgement(wxWindow* parent, const wxString& description, wxString& role,
                        const std::function<void(const std::string& reason, const std::string& role)>& record)
{
    FormDialog dlg(parent, "acknowledge_dialog");
    auto* finding = dlg.ctrl<wxStaticText>("finding_text");
    auto* reason = dlg.ctrl<wxTextCtrl>("reason_text");
    auto* roleText = dlg.ctrl<wxTextCtrl>("role_text");
    finding->SetLabelText(description);
    finding->Wrap(dlg.FromDIP(440));
    roleText->ChangeValue(role);
    dlg.onAccept = [&] {
        record(toUtf8(reason->GetValue()), toUtf8(roleText->GetValue()));
        role = roleText->GetValue();
    };
    dlg.GetSizer()->Fit(&dlg);
    reason->SetFocus();
    return dlg.ShowModal() == wxID_OK;
}

bool askReview(wxWindow* parent, wxString& role, const wxString& today,
               const std::function<void(const std::string& role, const std::string& on)>& mark)
{
    FormDialog dlg(parent, "review_dialog");
    auto* roleText = dlg.ctrl<wxTextCtrl>("role_text");
    auto* dateText = dlg.ctrl<wxTextCtrl>("review_date_text");
    roleText->ChangeValue(role);
    dateText->ChangeValue(today);
    dlg.onAccept = [&] {
        const wxString on = dateText->GetValue().Trim().Trim(false);
        // Today is recorded with the time of the review; an earlier day as the date alone.
        mark(toUtf8(roleText->GetValue()), on == today ? std::string() : toUtf8(on));
        role = roleText->GetValue();
    };
    roleText->SetFocus();
    roleText->SelectAll();
    return dlg.ShowModal() == wxID_OK;
}

bool askFigureProvenance(wxWindow* parent, const wxString& description, const std::string& asAt,
                         const std::string& round,
                         const std::function<void(const std::string& asAt, const std::string& round)>& save)
{
    FormDialog dlg(parent, "figure_dialog");
    auto* figure = dlg.ctrl<wxStaticText>("figure_text");
    auto* asAtText = dlg.ctrl<wxTextCtrl>("as_at_text");
    auto* roundText = dlg.ctrl<wxTextCtrl>("round_text");
    figure->SetLabelText(description);
    figure->Wrap(dlg.FromDIP(440));
    asAtText->ChangeValue(toWx(asAt));
    roundText->ChangeValue(toWx(round));
    dlg.onAccept = [&] {
        save(toUtf8(asAtText->GetValue().Trim().Trim(false)), toUtf8(roundText->GetValue().Trim().Trim(false)));
    };
    dlg.GetSizer()->Fit(&dlg);
    asAtText->SetFocus();
    return dlg.ShowModal() == wxID_OK;
}

void showHelpPage(wxWindow* parent, const wxString& title, const wxString& html)
{
    FormDialog dlg(parent, "help_dialog");
    dlg.SetTitle(title);
    auto* page = dlg.ctrl<wxHtmlWindow>("help_html");
    // Sized for reading: about 80 characters a line, and never larger than the screen.
    const int display = wxDisplay::GetFromWindow(parent);
    const wxRect area = wxDisplay(display == wxNOT_FOUND ? 0u : static_cast<unsigned>(display)).GetClientArea();
    wxSize size(page->GetCharWidth() * 90, page->GetCharHeight() * 34);
    size.DecTo(wxSize(area.width * 9 / 10, area.height * 8 / 10));
    page->SetMinSize(size);
    page->SetPage(html);
    dlg.GetSizer()->SetSizeHints(&dlg);
    dlg.SetEscapeId(wxID_CANCEL);
    page->SetFocus();
    dlg.CentreOnParent();
    dlg.ShowModal();
}

void copyToClipboard(const wxString& text)
{
    wxClipboardLocker lock;
    if (!lock)
        return;
    wxTheClipboard->SetData(new wxTextDataObject(text));
    wxTheClipboard->Flush();
}

} // namespace evidence::gui
