#include "gui/merge_dialog.h"

#include "core/text.h"
#include "gui/error_text.h"
#include "gui/wx_text.h"

#include <wx/button.h>
#include <wx/filename.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace evidence::gui {

namespace {

enum Column { kRecord, kField, kMine, kMineBy, kTheirs, kTheirsBy, kChoice };

wxString changedBy(const app::MergeChangeBy& by)
{
    return by.osUser.empty() ? wxString("unchanged") : toWx(by.osUser + ", " + by.at);
}

wxString choiceLabel(const app::MergeConflict& c)
{
    switch (c.choice) {
    case app::MergeChoice::Mine:
        return "Keep mine";
    case app::MergeChoice::Theirs:
        return "Take theirs";
    case app::MergeChoice::Both:
        return "Keep both";
    case app::MergeChoice::Unset:
        break;
    }
    return "Choose";
}

} // namespace

MergeDialog::MergeDialog(wxWindow* parent, db::Store& store, const wxString& sourcePath, bool betweenSubmissions)
    : wxDialog(parent, wxID_ANY, "Merge From " + wxFileName(sourcePath).GetFullName(), wxDefaultPosition,
               wxSize(900, 500), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "merge_dialog"),
      m_store(store), m_sourcePath(sourcePath)
{
    m_options.betweenSubmissions = betweenSubmissions;
    m_source = std::make_unique<app::MergeSource>(toPath(sourcePath));
    app::MergeOptions dry = m_options;
    dry.dryRun = true;
    m_report = app::mergeStores(m_store, *m_source, dry);

    auto* root = new wxBoxSizer(wxVERTICAL);
    m_summaryText = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, 0, "merge_summary");
    root->Add(m_summaryText, 0, wxALL | wxEXPAND, 8);
    m_list = new wxListView(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT, wxDefaultValidator,
                            "merge_conflicts");
    m_list->AppendColumn("Record", wxLIST_FORMAT_LEFT, 200);
    m_list->AppendColumn("Field", wxLIST_FORMAT_LEFT, 90);
    m_list->AppendColumn("Mine", wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn("Changed here by", wxLIST_FORMAT_LEFT, 130);
    m_list->AppendColumn("Theirs", wxLIST_FORMAT_LEFT, 150);
    m_list->AppendColumn("Changed there by", wxLIST_FORMAT_LEFT, 130);
    m_list->AppendColumn("Choice", wxLIST_FORMAT_LEFT, 90);
    root->Add(m_list, 1, wxLEFT | wxRIGHT | wxEXPAND, 8);

    auto* choices = new wxBoxSizer(wxHORIZONTAL);
    auto addButton = [&](const wxString& label, const wxString& name, auto action) {
        auto* b = new wxButton(this, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, name);
        b->Bind(wxEVT_BUTTON, action);
        choices->Add(b, 0, wxRIGHT, 4);
        return b;
    };
    addButton("Keep &Mine", "keep_mine", [this](wxCommandEvent&) { chooseSelected(app::MergeChoice::Mine); });
    addButton("Take &Theirs", "take_theirs", [this](wxCommandEvent&) { chooseSelected(app::MergeChoice::Theirs); });
    m_bothButton =
        addButton("Keep &Both", "keep_both", [this](wxCommandEvent&) { chooseSelected(app::MergeChoice::Both); });
    choices->AddSpacer(16);
    addButton("All Mine", "all_mine", [this](wxCommandEvent&) { chooseAll(app::MergeChoice::Mine); });
    addButton("All Theirs", "all_theirs", [this](wxCommandEvent&) { chooseAll(app::MergeChoice::Theirs); });
    root->Add(choices, 0, wxALL, 8);

    auto* buttons = new wxStdDialogButtonSizer();
    m_mergeButton = new wxButton(this, wxID_OK, "&Merge");
    buttons->AddButton(m_mergeButton);
    buttons->AddButton(new wxButton(this, wxID_CANCEL));
    buttons->Realize();
    root->Add(buttons, 0, wxALL | wxALIGN_RIGHT, 8);
    SetSizer(root);
    m_mergeButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { merge(); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { updateButtons(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { updateButtons(); });
    fill();
}

MergeDialog::~MergeDialog() = default;

void MergeDialog::fill()
{
    const auto& r = m_report;
    wxString text = wxString::Format("%zu to add, %zu to update, %zu to delete; %s", r.added, r.updated, r.deleted,
                                     toWx(evidence::text::counted(r.conflicts.size(), "conflict", "conflicts")));
    text += r.conflicts.empty() ? wxString(".") : wxString(", each needing a choice below.");
    if (!r.sameHistory)
        text += "\nThe stores share no history: every record that differs is a conflict.";
    for (const auto& line : r.returnedToDraft)
        text += "\n" + toWx(line) + " returns to draft: its text differs between the stores.";
    for (const auto& line : r.notes)
        text += "\n" + sentence(line);
    m_summaryText->SetLabel(text);
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < r.conflicts.size(); ++i) {
        const auto& c = r.conflicts[i];
        const long row = m_list->InsertItem(static_cast<long>(i), toWx(c.recordLabel));
        m_list->SetItem(row, kField, toWx(c.field));
        m_list->SetItem(row, kMine, toWx(c.mine));
        m_list->SetItem(row, kMineBy, changedBy(c.mineBy));
        m_list->SetItem(row, kTheirs, toWx(c.theirs));
        m_list->SetItem(row, kTheirsBy, changedBy(c.theirsBy));
        m_list->SetItem(row, kChoice, choiceLabel(c));
    }
    Layout();
    updateButtons();
}

void MergeDialog::updateButtons()
{
    m_mergeButton->Enable(m_report.unresolved() == 0);
    bool both = m_list->GetSelectedItemCount() > 0;
    for (long i = m_list->GetFirstSelected(); i != -1; i = m_list->GetNextSelected(i))
        both = both && m_report.conflicts[static_cast<std::size_t>(i)].bothPossible;
    m_bothButton->Enable(both);
}

void MergeDialog::chooseSelected(app::MergeChoice choice)
{
    for (long i = m_list->GetFirstSelected(); i != -1; i = m_list->GetNextSelected(i)) {
        auto& c = m_report.conflicts[static_cast<std::size_t>(i)];
        if (choice == app::MergeChoice::Both && !c.bothPossible)
            continue;
        c.choice = choice;
        m_list->SetItem(i, kChoice, choiceLabel(c));
    }
    updateButtons();
}

void MergeDialog::chooseAll(app::MergeChoice choice)
{
    for (std::size_t i = 0; i < m_report.conflicts.size(); ++i) {
        auto& c = m_report.conflicts[i];
        if (choice == app::MergeChoice::Both && !c.bothPossible)
            continue;
        c.choice = choice;
        m_list->SetItem(static_cast<long>(i), kChoice, choiceLabel(c));
    }
    updateButtons();
}

void MergeDialog::merge()
{
    app::MergeOptions options = m_options;
    for (const auto& c : m_report.conflicts)
        options.choices[c.id] = c.choice;
    try {
        const auto done = app::mergeStores(m_store, *m_source, options);
        if (!done.written) {
            // The store changed since the list was made: show the conflicts as they are now.
            m_report = done;
            fill();
            wxMessageBox("The stores changed since the conflicts were listed. Check the choices again.", "Merge",
                         wxOK | wxICON_INFORMATION, this);
            return;
        }
        m_summary = wxString::Format("Merged from %s: %zu added, %zu updated, %zu deleted, %s resolved.",
                                     wxFileName(m_sourcePath).GetFullName(), done.added, done.updated, done.deleted,
                                     toWx(text::counted(done.conflicts.size(), "conflict", "conflicts")));
        EndModal(wxID_OK);
    } catch (...) {
        showError(this, "The merge failed; the store was left as it was.", std::current_exception());
    }
}

wxString mergeFromFile(wxWindow* parent, db::Store& store, const wxString& sourcePath)
{
    bool between = false;
    for (;;) {
        std::unique_ptr<MergeDialog> dialog;
        try {
            dialog = std::make_unique<MergeDialog>(parent, store, sourcePath, between);
        } catch (const app::DifferentSubmissionsError& e) {
            if (between)
                throw;
            if (wxMessageBox(sentence(e.what()) + "\n\nCopy its evidence (figures, case studies, sources) into "
                                                  "this submission anyway?",
                             "Merge From", wxYES_NO | wxICON_QUESTION, parent) != wxYES)
                return {};
            between = true;
            continue;
        } catch (...) {
            showError(parent, "The store " + wxFileName(sourcePath).GetFullName() + " could not be merged from.",
                      std::current_exception());
            return {};
        }
        if (dialog->ShowModal() != wxID_OK)
            return {};
        return dialog->summary();
    }
}

} // namespace evidence::gui
