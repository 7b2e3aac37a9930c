#include "gui/sources_view.h"

#include "app/field_merge.h"
#include "core/errors.h"
#include "db/store.h"
#include "gui/error_text.h"
#include "gui/list_find_bar.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <array>
#include <wx/choice.h>
#include <wx/listbox.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

namespace evidence::gui {

namespace {
/// The form's text fields and the members they edit, in tab order.
constexpr std::array<std::pair<const char*, std::string Source::*>, 8> kFields = {{
    {"src_title_text", &Source::title},
    {"publisher_text", &Source::publisher},
    {"method_text", &Source::method},
    {"published_text", &Source::datePublished},
    {"retrieved_text", &Source::dateRetrieved},
    {"url_text", &Source::url},
    {"licence_text", &Source::licence},
    {"quality_text", &Source::qualityNotes},
}};
} // namespace

SourcesView::SourcesView(wxWindow* parent) : View(parent, "sources_panel"), m_saver([this] { save(); })
{
    m_list = ctrl<wxListBox>("source_list");
    for (const auto& [name, member] : kFields) {
        m_fields.push_back(ctrl<wxTextCtrl>(name));
        m_saver.watch(m_fields.back());
    }
    m_fields.back()->SetMinSize(FromDIP(wxSize(-1, 80)));
    m_list->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) {
        m_saver.flush();
        const int i = m_list->GetSelection();
        if (i != wxNOT_FOUND && m_sources[m_shown[static_cast<std::size_t>(i)]].id != m_record.id) {
            m_record = m_sources[m_shown[static_cast<std::size_t>(i)]];
            showRecord();
        }
    });
    {
        const ListFindBar bar =
            addListFindBar(m_list, {"source_find_text",
                                    "Find a source",
                                    "Type part of a title, publisher or address to list only those sources",
                                    "source_order_choice",
                                    {"Order added", "By title", "By publisher", "By date published"},
                                    "The order of the list of sources",
                                    wxVERTICAL});
        m_find = bar.find;
        m_order = bar.order;
        auto refill = [this](wxCommandEvent&) {
            m_saver.flush();
            fillList(m_record.id);
        };
        m_find->Bind(wxEVT_TEXT, refill);
        m_order->Bind(wxEVT_CHOICE, refill);
    }
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onNew(); }, XRCID("new_source_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onDelete(); }, XRCID("delete_source_button"));
    attach(nullptr);
}

void SourcesView::attach(Workspace* workspace)
{
    m_saver.discard();
    m_ws = workspace;
    m_record = Source();
    m_unsaved.clear();
    Enable(m_ws != nullptr);
    reloadList(0);
}

void SourcesView::showing()
{
    if (!m_saver.pending() && m_unsaved.empty())
        reloadList(m_record.id);
}

bool SourcesView::goTo(const GoToTarget& target)
{
    if (target.id)
        reloadList(target.id);
    m_fields.front()->SetFocus();
    return true;
}

void SourcesView::reloadList(RowId select)
{
    m_sources.clear();
    if (m_ws) {
        try {
            m_sources = m_ws->store().sources();
        } catch (...) {
            setStatus(describeError(std::current_exception()), true);
        }
    }
    const auto shown = app::arrangeSources(m_sources, toUtf8(m_find->GetValue()), app::SourceOrder::Added);
    if (select && std::none_of(shown.begin(), shown.end(), [&](std::size_t i) { return m_sources[i].id == select; }))
        m_find->ChangeValue(wxString()); // the source asked for is listed, whatever was being looked for
    m_record = Source();                 // shown again as the store now holds it
    fillList(select);
}

void SourcesView::fillList(RowId select)
{
    const auto order = static_cast<app::SourceOrder>(std::max(0, m_order->GetSelection()));
    m_shown = app::arrangeSources(m_sources, toUtf8(m_find->GetValue()), order);
    wxArrayString titles;
    int selection = m_shown.empty() ? wxNOT_FOUND : 0;
    for (std::size_t i = 0; i < m_shown.size(); ++i) {
        titles.Add(toWx(m_sources[m_shown[i]].title));
        if (m_sources[m_shown[i]].id == select)
            selection = static_cast<int>(i);
    }
    m_list->Set(titles);
    m_list->SetSelection(selection);
    const Source shown = selection == wxNOT_FOUND ? Source() : m_sources[m_shown[static_cast<std::size_t>(selection)]];
    if (shown.id != m_record.id || !shown.id) {
        m_record = shown;
        showRecord();
    }
}

std::vector<std::string> SourcesView::arrangeList(const wxString& query, app::SourceOrder order)
{
    m_find->ChangeValue(query);
    m_order->SetSelection(static_cast<int>(order));
    m_saver.flush();
    fillList(m_record.id);
    std::vector<std::string> titles;
    for (std::size_t i : m_shown)
        titles.push_back(m_sources[i].title);
    return titles;
}

void SourcesView::showRecord()
{
    FieldSaver::Loading loading(m_saver);
    const bool any = m_record.id != 0;
    for (std::size_t i = 0; i < kFields.size(); ++i) {
        m_fields[i]->ChangeValue(toWx(m_record.*kFields[i].second));
        m_fields[i]->Enable(any);
    }
    FindWindow(XRCID("delete_source_button"))->Enable(any);
    m_unsaved.clear();
    if (m_ws)
        setStatus(m_sources.empty() ? wxString("No sources yet: add one with New Source.") : wxString());
}

void SourcesView::save()
{
    if (!m_ws || !m_record.id)
        return;
    Source typed = m_record;
    for (std::size_t i = 0; i < kFields.size(); ++i)
        typed.*kFields[i].second = toUtf8(m_fields[i]->GetValue());
    try {
        // Only the fields changed here, over what the store holds now: another window's or program's
        // saves in the other fields stay, and are shown.
        db::Store& store = m_ws->store();
        db::Store::Transaction tx(store);
        const auto current = store.source(typed.id);
        if (!current)
            throw NotFoundError("the source was deleted by another program");
        const Source s = app::mergeEdits(m_record, typed, *current);
        store.update(s);
        tx.commit();
        {
            FieldSaver::Loading loading(m_saver);
            for (std::size_t i = 0; i < kFields.size(); ++i) {
                const auto member = kFields[i].second;
                if (typed.*member == m_record.*member && s.*member != m_record.*member)
                    m_fields[i]->ChangeValue(toWx(s.*member));
            }
        }
        m_record = s;
        m_unsaved.clear();
        for (auto& listed : m_sources)
            if (listed.id == s.id)
                listed = s;
        const int i = m_list->GetSelection();
        if (i != wxNOT_FOUND && m_list->GetString(static_cast<unsigned>(i)) != toWx(s.title))
            m_list->SetString(static_cast<unsigned>(i), toWx(s.title));
        setStatus("All changes saved.");
        m_ws->storeChanged();
    } catch (...) {
        m_unsaved = "Source not saved: " + describeError(std::current_exception());
        setStatus(m_unsaved + " What you typed is still in the form; correct it and it will be saved.", true);
    }
}

void SourcesView::onNew()
{
    if (!m_ws)
        return;
    m_saver.flush();
    Source s;
    // A unique placeholder title the user replaces at once.
    for (int n = 1;; ++n) {
        s.title = n == 1 ? "New source" : "New source " + std::to_string(n);
        if (!m_ws->store().sourceByTitle(s.title))
            break;
    }
    try {
        m_ws->store().insert(s);
        m_ws->storeChanged();
        reloadList(s.id);
        m_fields.front()->SetFocus();
        m_fields.front()->SelectAll();
        setStatus("Added a source: type its title and details; they are saved as you type.");
    } catch (...) {
        setStatus("Not added: " + describeError(std::current_exception()), true);
    }
}

void SourcesView::onDelete()
{
    if (!m_ws || !m_record.id)
        return;
    wxMessageDialog ask(this, toWx("Delete the source \u201c" + m_record.title + "\u201d?"), "Delete Source",
                        wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    ask.SetExtendedMessage("A source that figures still cite cannot be deleted.");
    ask.SetYesNoLabels("&Delete", "&Keep");
    if (ask.ShowModal() != wxID_YES)
        return;
    try {
        m_saver.discard();
        m_ws->store().removeSource(m_record.id);
        m_ws->storeChanged();
        reloadList(0);
        setStatus("Source deleted.");
    } catch (...) {
        setStatus("Not deleted: " + describeError(std::current_exception()), true);
    }
}

} // namespace evidence::gui
