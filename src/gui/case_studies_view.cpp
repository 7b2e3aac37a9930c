#include "gui/case_studies_view.h"

#include "app/field_merge.h"
#include "app/pseudonyms.h"
#include "core/errors.h"
#include "core/text.h"
#include "core/timestamp.h"
#include "db/store.h"
#include "gui/dialogs.h"
#include "gui/error_text.h"
#include "gui/find_chooser.h"
#include "gui/list_find_bar.h"
#include "gui/wx_text.h"

#include <algorithm>
#include <map>
#include <set>
#include <wx/artprov.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choicdlg.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/msgdlg.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/stc/stc.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>

namespace evidence::gui {

namespace {

// Scintilla indicators and annotation styles of the narrative editor.
constexpr int kIndicatorBlock = 8;    ///< squiggle under a BLOCK finding
constexpr int kIndicatorBlockBox = 9; ///< tinted box behind it
constexpr int kIndicatorWarn = 10;    ///< dashed line under a WARN finding
constexpr int kStyleBlockNote = 40;   ///< annotation under a line with a BLOCK finding
constexpr int kStyleWarnNote = 41;    ///< annotation under a line with WARN findings only

const wxColour kBlockColour(0xB0, 0x00, 0x20);
const wxColour kWarnColour(0x9A, 0x58, 0x00);

const std::vector<FindingAcknowledgement> kNoAcks;

wxString fieldName(anon::Field field)
{
    switch (field) {
    case anon::Field::CaseStudyTitle:
        return "Title";
    case anon::Field::CaseStudyOutcome:
        return "Outcome";
    default:
        return "Narrative";
    }
}

wxString consentLabel(Consent c)
{
    switch (c) {
    case Consent::Obtained:
        return "Given";
    case Consent::NotObtained:
        return "Not given";
    case Consent::Unknown:
        break;
    }
    return "Not recorded";
}

std::string stcText(wxStyledTextCtrl* stc)
{
    const wxCharBuffer raw = stc->GetTextRaw();
    return std::string(raw.data(), raw.length());
}

} // namespace

// ---- CaseListModel --------------------------------------------------------------------------------

CaseListModel::CaseListModel(const std::vector<CaseStudy>& cases, const std::set<RowId>& selected,
                             const std::unordered_map<std::string, std::vector<FindingAcknowledgement>>& acks)
    : wxDataViewVirtualListModel(static_cast<unsigned>(cases.size())), m_cases(cases), m_selected(selected),
      m_acks(acks)
{
}

wxString CaseListModel::GetColumnType(unsigned col) const
{
    return col == Col_Status ? "wxDataViewIconText" : "string";
}

void CaseListModel::GetValueByRow(wxVariant& value, unsigned row, unsigned col) const
{
    if (caseAt(row) >= m_cases.size()) {
        value = wxString();
        return;
    }
    const CaseStudy& c = m_cases[caseAt(row)];
    const auto acks = m_acks.find(c.uuid);
    switch (col) {
    case Col_Status: {
        const bool reviewed = c.review == ReviewState::Reviewed;
        static const wxIcon tick = wxArtProvider::GetIcon(wxART_TICK_MARK, wxART_LIST, wxSize(16, 16));
        static const wxIcon draft = wxArtProvider::GetIcon(wxART_NORMAL_FILE, wxART_LIST, wxSize(16, 16));
        value << wxDataViewIconText(reviewed ? "Reviewed" : "Draft", reviewed ? tick : draft);
        return;
    }
    case Col_Reference:
        value = toWx(c.reference);
        return;
    case Col_Included:
        value = m_selected.count(c.id) ? wxString("yes") : wxString("no");
        return;
    case Col_Title:
        value = toWx(c.title);
        return;
    case Col_Findings: {
        if (!m_cache || !m_store) {
            value = wxString();
            return;
        }
        const app::FindingCounts n = m_cache->counts(*m_store, c, acks == m_acks.end() ? kNoAcks : acks->second);
        wxString text;
        if (n.block)
            text << n.block << " BLOCK";
        if (n.warn)
            text << (text.empty() ? "" : ", ") << n.warn << " WARN";
        value = text.empty() ? wxString("none") : text;
        return;
    }
    default:
        wxFAIL_MSG("no such column");
    }
}

void CaseListModel::arrange(std::vector<std::size_t> positions)
{
    m_rows = std::move(positions);
    Reset(static_cast<unsigned>(m_rows.size()));
}

std::optional<unsigned> CaseListModel::rowOf(std::size_t position) const
{
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        if (m_rows[r] == position)
            return static_cast<unsigned>(r);
    return std::nullopt;
}

void CaseListModel::caseChanged(std::size_t position)
{
    if (const auto row = rowOf(position))
        RowChanged(*row);
}

// ---- CaseStudiesView ------------------------------------------------------------------------------

CaseStudiesView::CaseStudiesView(wxWindow* parent) : View(parent, "case_studies_panel"), m_saver([this] { save(); })
{
    m_list = ctrl<wxDataViewCtrl>("case_list");
    m_editor = ctrl<wxScrolledWindow>("editor");
    m_reference = ctrl<wxTextCtrl>("reference_text");
    m_title = ctrl<wxTextCtrl>("cs_title_text");
    m_age = ctrl<wxTextCtrl>("age_text");
    m_ageBand = ctrl<wxTextCtrl>("age_band_text");
    m_gender = ctrl<wxComboBox>("gender_combo");
    m_region = ctrl<wxChoice>("region_choice");
    m_year = ctrl<wxTextCtrl>("year_text");
    m_harm = ctrl<wxCheckListBox>("harm_list");
    m_platform = ctrl<wxCheckListBox>("platform_list");
    m_narrative = ctrl<wxStyledTextCtrl>("narrative");
    m_findingsList = ctrl<wxDataViewListCtrl>("findings_list");
    m_outcome = ctrl<wxTextCtrl>("outcome_text");
    m_basis = ctrl<wxChoice>("basis_choice");
    m_consent = ctrl<wxChoice>("consent_choice");
    m_consentBy = ctrl<wxTextCtrl>("consent_by_text");
    m_consentDate = ctrl<wxTextCtrl>("consent_date_text");
    m_citationPublisher = ctrl<wxTextCtrl>("citation_publisher_text");
    m_citationTitle = ctrl<wxTextCtrl>("citation_title_text");
    m_citationDate = ctrl<wxTextCtrl>("citation_date_text");
    m_citationUrl = ctrl<wxTextCtrl>("citation_url_text");
    m_questions = ctrl<wxCheckListBox>("questions_list");
    m_reviewText = ctrl<wxStaticText>("review_text");
    m_include = ctrl<wxCheckBox>("include_check");
    m_findingDetail = ctrl<wxStaticText>("finding_detail");
    autoWrap(m_findingDetail);
    m_editor->SetScrollRate(0, FromDIP(12));

    m_model = new CaseListModel(m_cases, m_selected, m_acks);
    m_list->AssociateModel(m_model.get());
    m_list->AppendIconTextColumn("Status", CaseListModel::Col_Status, wxDATAVIEW_CELL_INERT,
                                 columnWidth(m_list, "Status", "Reviewed", 24));
    m_list->AppendTextColumn("Ref.", CaseListModel::Col_Reference, wxDATAVIEW_CELL_INERT,
                             columnWidth(m_list, "Ref.", "CS-0000"));
    m_list->AppendTextColumn("Findings", CaseListModel::Col_Findings, wxDATAVIEW_CELL_INERT,
                             columnWidth(m_list, "Findings", "4 BLOCK, 2 WARN"));
    m_list->AppendTextColumn("Included", CaseListModel::Col_Included, wxDATAVIEW_CELL_INERT,
                             columnWidth(m_list, "Included", "Included"));
    m_list->AppendTextColumn("Title", CaseListModel::Col_Title, wxDATAVIEW_CELL_INERT,
                             columnWidth(m_list, "Title", 240));
    // Sizes that leave the list its columns and the editor its fields in a 1024-pixel window.
    m_list->SetMinSize(FromDIP(wxSize(300, 200)));
    {
        const ListFindBar bar =
            addListFindBar(m_list, {"case_find_text",
                                    "Find a case study",
                                    "Type part of a reference or title, or Draft or Reviewed, to list only those",
                                    "case_order_choice",
                                    {"By reference", "By title", "Drafts first", "Included first"},
                                    "The order of the case-study list",
                                    wxHORIZONTAL});
        m_find = bar.find;
        m_order = bar.order;
        m_find->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { rearrange(); });
        m_order->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
            m_descending = false;
            rearrange();
        });
        // A click on a column's header orders by it, and a second click reverses the order.
        m_list->Bind(wxEVT_DATAVIEW_COLUMN_HEADER_CLICK, [this](wxDataViewEvent& e) {
            const wxDataViewColumn* column = e.GetDataViewColumn();
            if (!column)
                return;
            int choice = wxNOT_FOUND;
            switch (column->GetModelColumn()) {
            case CaseListModel::Col_Reference:
                choice = 0;
                break;
            case CaseListModel::Col_Title:
                choice = 1;
                break;
            case CaseListModel::Col_Status:
                choice = 2;
                break;
            case CaseListModel::Col_Included:
                choice = 3;
                break;
            default:
                return;
            }
            m_descending = choice == m_order->GetSelection() && !m_descending;
            m_order->SetSelection(choice);
            rearrange();
        });
    }
    m_editor->SetMinSize(FromDIP(wxSize(420, 200)));
    m_region->SetMinSize(FromDIP(wxSize(120, -1)));
    m_gender->SetMinSize(FromDIP(wxSize(120, -1)));
    installTypeToFind(m_region, "region");

    // In the order of CaseStudyBasis.
    m_basis->Append("Consent");
    m_basis->Append("Published account");
    m_basis->SetToolTip("Told with the consent of the child or family, or retold from an account already published "
                        "(cite it: publisher, headline, and the date published or the address)");
    m_basis->Bind(wxEVT_CHOICE, [this](wxCommandEvent& e) {
        e.Skip();
        enableBasisFields();
    });
    for (Consent c : {Consent::Unknown, Consent::Obtained, Consent::NotObtained})
        m_consent->Append(consentLabel(c));
    for (const char* g : {"female", "male", "non-binary", "not stated"})
        m_gender->Append(g);

    // The narrative: word-wrapped prose in the window font; Tab moves on to the next field.
    m_narrative->SetWrapMode(wxSTC_WRAP_WORD);
    for (int margin = 0; margin < 5; ++margin)
        m_narrative->SetMarginWidth(margin, 0);
    m_narrative->SetMarginLeft(FromDIP(4));
    m_narrative->StyleSetFont(wxSTC_STYLE_DEFAULT, GetFont());
    m_narrative->StyleClearAll();
    m_narrative->SetUseHorizontalScrollBar(false);
    m_narrative->IndicatorSetStyle(kIndicatorBlock, wxSTC_INDIC_SQUIGGLE);
    m_narrative->IndicatorSetForeground(kIndicatorBlock, kBlockColour);
    m_narrative->IndicatorSetStyle(kIndicatorBlockBox, wxSTC_INDIC_STRAIGHTBOX);
    m_narrative->IndicatorSetForeground(kIndicatorBlockBox, kBlockColour);
    m_narrative->IndicatorSetAlpha(kIndicatorBlockBox, 40);
    m_narrative->IndicatorSetOutlineAlpha(kIndicatorBlockBox, 90);
    m_narrative->IndicatorSetStyle(kIndicatorWarn, wxSTC_INDIC_DASH);
    m_narrative->IndicatorSetForeground(kIndicatorWarn, kWarnColour);
    m_narrative->StyleSetFont(kStyleBlockNote, GetFont());
    m_narrative->StyleSetForeground(kStyleBlockNote, kBlockColour);
    m_narrative->StyleSetBackground(kStyleBlockNote, wxColour(0xFB, 0xE9, 0xEB));
    m_narrative->StyleSetFont(kStyleWarnNote, GetFont());
    m_narrative->StyleSetForeground(kStyleWarnNote, kWarnColour);
    m_narrative->StyleSetBackground(kStyleWarnNote, wxColour(0xFD, 0xF4, 0xE3));
    m_narrative->AnnotationSetVisible(wxSTC_ANNOTATION_BOXED);
    m_narrative->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_TAB && !e.ControlDown()) {
            m_narrative->Navigate(e.ShiftDown() ? wxNavigationKeyEvent::IsBackward : wxNavigationKeyEvent::IsForward);
            return;
        }
        e.Skip();
    });

    m_findingsList->AppendTextColumn("Severity", wxDATAVIEW_CELL_INERT,
                                     columnWidth(m_findingsList, "Severity", "BLOCK"));
    m_findingsList->AppendTextColumn("Where", wxDATAVIEW_CELL_INERT, columnWidth(m_findingsList, "Where", "Narrative"));
    m_findingsList->AppendTextColumn("Detail", wxDATAVIEW_CELL_INERT, columnWidth(m_findingsList, "Detail", 170));
    m_findingsList->AppendTextColumn("What to do", wxDATAVIEW_CELL_INERT,
                                     columnWidth(m_findingsList, "What to do", 320));

    for (wxWindow* w : std::initializer_list<wxWindow*>{
             m_reference,   m_title,     m_age,         m_ageBand,           m_gender,        m_region,
             m_year,        m_harm,      m_platform,    m_narrative,         m_outcome,       m_basis,
             m_consent,     m_consentBy, m_consentDate, m_citationPublisher, m_citationTitle, m_citationDate,
             m_citationUrl, m_questions})
        m_saver.watch(w);
    auto rescanSoon = [this](wxEvent& e) {
        e.Skip();
        textChanged();
    };
    m_title->Bind(wxEVT_TEXT, rescanSoon);
    m_outcome->Bind(wxEVT_TEXT, rescanSoon);
    m_narrative->Bind(wxEVT_STC_MODIFIED, [this](wxStyledTextEvent& e) {
        e.Skip();
        if (e.GetModificationType() & (wxSTC_MOD_INSERTTEXT | wxSTC_MOD_DELETETEXT))
            textChanged();
    });
    m_scanTimer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { rescanInBackground(); });

    m_list->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) {
        const wxDataViewItem item = m_list->GetSelection();
        if (!item.IsOk())
            return;
        const std::size_t row = m_model->caseAt(m_model->GetRow(item));
        if (row < m_cases.size() && m_cases[row].id != m_record.id) {
            m_saver.flush();
            m_record = m_cases[row];
            showRecord();
        }
    });
    m_findingsList->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) { onFindingSelected(); });
    m_findingsList->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent&) { onFix(); });
    m_include->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
        if (!m_ws || !m_record.id)
            return;
        try {
            m_ws->store().setCaseStudySelected(m_ws->submissionId(), m_record.id, m_include->GetValue());
            if (m_include->GetValue())
                m_selected.insert(m_record.id);
            else
                m_selected.erase(m_record.id);
            for (std::size_t i = 0; i < m_cases.size(); ++i)
                if (m_cases[i].id == m_record.id)
                    m_model->caseChanged(i);
            m_ws->storeChanged();
            setStatus(m_include->GetValue() ? "Included in the submission (it must be reviewed before export)."
                                            : "Left out of the submission.");
        } catch (...) {
            setStatus("Not saved: " + describeError(std::current_exception()), true);
        }
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onFix(); }, XRCID("fix_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onAcknowledge(); }, XRCID("acknowledge_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onReview(); }, XRCID("review_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onDraft(); }, XRCID("draft_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onNew(); }, XRCID("new_case_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onDelete(); }, XRCID("delete_case_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onAddType(true); }, XRCID("add_harm_button"));
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onAddType(false); }, XRCID("add_platform_button"));
    autoWrap(m_reviewText);
    attach(nullptr);
}

CaseStudiesView::~CaseStudiesView()
{
    m_scanTimer.Stop();
    m_scan.wait(); // its result, queued to this view, is dropped with it
}

void CaseStudiesView::attach(Workspace* workspace)
{
    m_saver.discard();
    m_ws = nullptr;
    m_model->setCache(nullptr, nullptr);
    m_record = CaseStudy();
    reloadAll(0); // empties the view; the store is read when the view is first shown
    m_ws = workspace;
    m_model->setCache(m_ws ? &m_ws->store() : nullptr, m_ws ? &m_ws->findingsCache() : nullptr);
    Enable(m_ws != nullptr);
}

void CaseStudiesView::showing()
{
    if (!m_saver.pending() && m_unsaved.empty())
        reloadAll(m_record.id);
}

bool CaseStudiesView::goTo(const GoToTarget& target)
{
    if (target.id)
        select(target.id);
    if (target.field == anon::fieldCode(anon::Field::CaseStudyTitle)) {
        m_title->SetFocus();
    } else if (target.field == anon::fieldCode(anon::Field::CaseStudyOutcome)) {
        m_outcome->SetFocus();
    } else {
        m_narrative->SetFocus();
        if (target.end > target.begin) {
            m_narrative->SetSelection(static_cast<int>(target.begin), static_cast<int>(target.end));
            m_narrative->ScrollToLine(m_narrative->LineFromPosition(static_cast<int>(target.begin)));
        }
    }
    return true;
}

void CaseStudiesView::reloadAll(RowId select)
{
    m_cases.clear();
    m_selected.clear();
    m_acks.clear();
    m_regions.clear();
    m_questionList.clear();
    std::vector<std::string> regionLabels; // "West Midlands (region)": a force has that name too
    if (m_ws) {
        try {
            auto& store = m_ws->store();
            m_cases = store.caseStudies();
            const auto selected = store.selectedCaseStudies(m_ws->submissionId());
            m_selected = std::set<RowId>(selected.begin(), selected.end());
            for (auto& a : store.allAcknowledgements())
                m_acks[a.recordUuid].push_back(std::move(a));
            const std::vector<Area> areas = store.areas();
            for (const auto& a : areas)
                if (!a.itl1Code.empty())
                    m_regions.push_back(a);
            regionLabels = app::areaLabels(m_regions, areas);
            RowId consultation = 0;
            if (auto s = store.submission(m_ws->submissionId()))
                consultation = s->consultationId;
            else if (auto all = store.consultations(); !all.empty())
                consultation = all.front().id;
            if (consultation)
                m_questionList = store.questions(consultation);
        } catch (...) {
            setStatus(describeError(std::current_exception()), true);
        }
    }
    std::set<std::string> harm, platform;
    for (const auto& c : m_cases) {
        harm.insert(c.harmTypes.begin(), c.harmTypes.end());
        platform.insert(c.platformTypes.begin(), c.platformTypes.end());
    }
    m_harmTypes.assign(harm.begin(), harm.end());
    m_platformTypes.assign(platform.begin(), platform.end());

    m_region->Clear();
    m_region->Append("(not given)");
    for (const auto& label : regionLabels)
        m_region->Append(toWx(label));
    m_questions->Clear();
    for (const auto& q : m_questionList) {
        wxString text = toWx(q.text);
        if (text.length() > 90)
            text = text.Left(88) + wxString::FromUTF8("\u2026");
        m_questions->Append("Q" + toWx(q.number) + "  " + text);
    }

    std::optional<std::size_t> position;
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        if (m_cases[i].id == select)
            position = i;
    m_record = CaseStudy();
    rearrange();
    if (position && !m_model->rowOf(*position)) {
        m_find->ChangeValue(wxString()); // the case study asked for is listed, whatever was being looked for
        rearrange();
    }
    if (!position && m_model->GetCount() > 0)
        position = m_model->caseAt(0);
    m_record = position ? m_cases[*position] : CaseStudy();
    if (position)
        if (const auto row = m_model->rowOf(*position)) {
            const wxDataViewItem item = m_model->GetItem(*row);
            m_list->Select(item);
            m_list->EnsureVisible(item);
        }
    showRecord();
}

std::size_t CaseStudiesView::arrangeList(const wxString& query, app::CaseOrder order, bool descending)
{
    m_find->ChangeValue(query);
    m_order->SetSelection(static_cast<int>(order));
    m_descending = descending;
    rearrange();
    return m_model->GetCount();
}

std::vector<std::string> CaseStudiesView::listedReferences() const
{
    std::vector<std::string> out;
    for (unsigned r = 0; r < m_model->GetCount(); ++r)
        out.push_back(m_cases[m_model->caseAt(r)].reference);
    return out;
}

void CaseStudiesView::rearrange()
{
    const auto order = static_cast<app::CaseOrder>(std::max(0, m_order->GetSelection()));
    m_model->arrange(app::arrangeCaseStudies(m_cases, toUtf8(m_find->GetValue()), order, m_descending, m_selected));
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        if (m_record.id && m_cases[i].id == m_record.id)
            if (const auto row = m_model->rowOf(i)) {
                const wxDataViewItem item = m_model->GetItem(*row);
                m_list->Select(item);
                m_list->EnsureVisible(item);
            }
}

void CaseStudiesView::select(RowId id)
{
    m_saver.flush();
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        if (m_cases[i].id == id) {
            if (!m_model->rowOf(i)) {
                m_find->ChangeValue(wxString()); // listed again, whatever was being looked for
                rearrange();
            }
            const wxDataViewItem item = m_model->GetItem(*m_model->rowOf(i));
            m_list->Select(item);
            m_list->EnsureVisible(item);
            m_record = m_cases[i];
            showRecord();
            return;
        }
}

void CaseStudiesView::fillVocabulary(wxCheckListBox* list, const std::vector<std::string>& chosen, bool harm)
{
    std::vector<std::string> items = harm ? m_harmTypes : m_platformTypes;
    for (const auto& c : chosen)
        if (std::find(items.begin(), items.end(), c) == items.end())
            items.push_back(c);
    list->Clear();
    for (const auto& item : items) {
        const int n = list->Append(toWx(item));
        list->Check(static_cast<unsigned>(n), std::find(chosen.begin(), chosen.end(), item) != chosen.end());
    }
}

void CaseStudiesView::showRecord()
{
    FieldSaver::Loading loading(m_saver);
    m_unsaved.clear();
    const bool any = m_record.id != 0;
    m_editor->Enable(any);
    m_reference->ChangeValue(toWx(m_record.reference));
    m_title->ChangeValue(toWx(m_record.title));
    m_age->ChangeValue(m_record.age ? wxString::Format("%d", *m_record.age) : wxString());
    m_ageBand->ChangeValue(toWx(m_record.ageBand));
    m_gender->ChangeValue(toWx(m_record.gender));
    m_region->SetSelection(0);
    for (std::size_t i = 0; i < m_regions.size(); ++i)
        if (m_regions[i].id == m_record.regionAreaId)
            m_region->SetSelection(static_cast<int>(i + 1));
    m_year->ChangeValue(m_record.year ? wxString::Format("%d", *m_record.year) : wxString());
    m_include->SetValue(m_selected.count(m_record.id) != 0);
    fillVocabulary(m_harm, m_record.harmTypes, true);
    fillVocabulary(m_platform, m_record.platformTypes, false);
    m_narrative->SetText(toWx(m_record.narrative));
    m_narrative->EmptyUndoBuffer();
    m_outcome->ChangeValue(toWx(m_record.outcome));
    m_basis->SetSelection(static_cast<int>(m_record.basis));
    m_consent->SetSelection(static_cast<int>(m_record.consent));
    m_consentBy->ChangeValue(toWx(m_record.consentRecordedBy));
    m_consentDate->ChangeValue(toWx(m_record.consentDate));
    m_citationPublisher->ChangeValue(toWx(m_record.citation.publisher));
    m_citationTitle->ChangeValue(toWx(m_record.citation.title));
    m_citationDate->ChangeValue(toWx(m_record.citation.date));
    m_citationUrl->ChangeValue(toWx(m_record.citation.url));
    enableBasisFields();
    for (unsigned i = 0; i < m_questionList.size(); ++i)
        m_questions->Check(i, std::find(m_record.questionNumbers.begin(), m_record.questionNumbers.end(),
                                        m_questionList[i].number) != m_record.questionNumbers.end());
    m_scanTimer.Stop();
    rescan();
    if (m_ws)
        setStatus(m_cases.empty() ? wxString("No case studies yet: add one with New Case Study, or import a CSV file.")
                                  : wxString());
    m_editor->FitInside();
    wxString ignored;
    m_formBase = fromForm(ignored);
}

CaseStudy CaseStudiesView::fromForm(wxString& problem) const
{
    CaseStudy c = m_record;
    c.reference = toUtf8(m_reference->GetValue());
    c.title = toUtf8(m_title->GetValue());
    try {
        c.age = app::parseWholeNumber(toUtf8(m_age->GetValue()), "Age", 0, 25);
    } catch (...) {
        problem += describeError(std::current_exception()) + " ";
    }
    c.ageBand = toUtf8(m_ageBand->GetValue().Trim().Trim(false));
    c.gender = toUtf8(m_gender->GetValue().Trim().Trim(false));
    const int region = m_region->GetSelection();
    c.regionAreaId = region > 0 ? m_regions[static_cast<std::size_t>(region - 1)].id : 0;
    try {
        c.year = app::parseWholeNumber(toUtf8(m_year->GetValue()), "Year", 1950, 2100);
    } catch (...) {
        problem += describeError(std::current_exception()) + " ";
    }
    c.harmTypes.clear();
    for (unsigned i = 0; i < m_harm->GetCount(); ++i)
        if (m_harm->IsChecked(i))
            c.harmTypes.push_back(toUtf8(m_harm->GetString(i)));
    c.platformTypes.clear();
    for (unsigned i = 0; i < m_platform->GetCount(); ++i)
        if (m_platform->IsChecked(i))
            c.platformTypes.push_back(toUtf8(m_platform->GetString(i)));
    c.narrative = stcText(m_narrative);
    c.outcome = toUtf8(m_outcome->GetValue());
    c.basis = static_cast<CaseStudyBasis>(std::max(0, m_basis->GetSelection()));
    // A published account holds no consent of the charity's, whatever the hidden consent fields say.
    const bool published = c.basis == CaseStudyBasis::PublishedAccount;
    c.consent = published ? Consent::Unknown : static_cast<Consent>(std::max(0, m_consent->GetSelection()));
    c.consentRecordedBy = published ? std::string() : toUtf8(m_consentBy->GetValue());
    c.consentDate = published ? std::string() : toUtf8(m_consentDate->GetValue().Trim().Trim(false));
    c.citation.publisher = toUtf8(m_citationPublisher->GetValue().Trim().Trim(false));
    c.citation.title = toUtf8(m_citationTitle->GetValue().Trim().Trim(false));
    c.citation.date = toUtf8(m_citationDate->GetValue().Trim().Trim(false));
    c.citation.url = toUtf8(m_citationUrl->GetValue().Trim().Trim(false));
    c.questionNumbers.clear();
    for (unsigned i = 0; i < m_questionList.size(); ++i)
        if (m_questions->IsChecked(i))
            c.questionNumbers.push_back(m_questionList[i].number);
    return c;
}

void CaseStudiesView::enableBasisFields()
{
    const bool published = m_basis->GetSelection() == static_cast<int>(CaseStudyBasis::PublishedAccount);
    for (wxWindow* w : std::initializer_list<wxWindow*>{m_consent, m_consentBy, m_consentDate})
        w->Enable(!published);
    for (wxWindow* w :
         std::initializer_list<wxWindow*>{m_citationPublisher, m_citationTitle, m_citationDate, m_citationUrl})
        w->Enable(published);
}

void CaseStudiesView::save()
{
    if (!m_ws || !m_record.id)
        return;
    wxString problem;
    CaseStudy c = fromForm(problem);
    if (!problem.empty()) {
        // Numbers that do not parse keep their saved value; everything else is saved.
        c.age = m_record.age;
        c.year = m_record.year;
    }
    try {
        auto& store = m_ws->store();
        {
            // Only the fields changed in the form since it was filled, over what the store holds now:
            // another window's or program's saves in the other fields stay.
            db::Store::Transaction tx(store);
            const auto current = store.caseStudy(c.id);
            if (!current)
                throw NotFoundError("case study " + c.reference + " was deleted by another program");
            store.update(app::mergeEdits(m_formBase, c, *current));
            tx.commit();
        }
        m_formBase = c;
        if (auto saved = store.caseStudy(c.id))
            m_record = *saved;
        for (std::size_t i = 0; i < m_cases.size(); ++i)
            if (m_cases[i].id == m_record.id) {
                m_cases[i] = m_record;
                m_model->caseChanged(i);
            }
        m_unsaved = problem.empty() ? wxString() : "Not saved: " + problem;
        setStatus(problem.empty() ? wxString("All changes saved.") : m_unsaved, !problem.empty());
        m_ws->storeChanged();
    } catch (...) {
        m_unsaved = "Case study not saved: " + describeError(std::current_exception());
        setStatus(m_unsaved + " What you typed is still in the form; correct it and it will be saved.", true);
    }
    updateReviewControls();
}

namespace {
const wxString kChecking = wxString::FromUTF8(" (checking\u2026)");

/// Whether @p a and @p b have the same text for the scanner (every field app::scanCaseStudy() reads).
bool sameScannedText(const CaseStudy& a, const CaseStudy& b)
{
    return a.title == b.title && a.narrative == b.narrative && a.outcome == b.outcome && a.gender == b.gender &&
           a.ageBand == b.ageBand && a.harmTypes == b.harmTypes && a.platformTypes == b.platformTypes &&
           a.consentRecordedBy == b.consentRecordedBy && a.reviewedBy == b.reviewedBy;
}

bool noneOpen(const std::vector<app::FieldFindings>& fields)
{
    return std::all_of(fields.begin(), fields.end(), [](const auto& f) { return f.open.empty(); });
}
} // namespace

void CaseStudiesView::textChanged()
{
    ++m_textGeneration;
    m_scanTimer.StartOnce(250);
    // The counts shown are of the text before this key until the scan catches up: say so.
    wxWindow* label = FindWindow(XRCID("findings_label"));
    if (m_record.id && !label->GetLabel().EndsWith(kChecking))
        label->SetLabel(label->GetLabel() + kChecking);
}

void CaseStudiesView::rescan()
{
    m_scanTimer.Stop();
    ++m_textGeneration; // a background scan still running is of older text
    std::vector<app::FieldFindings> fields;
    bool reviewAllowed = false;
    if (m_ws && m_record.id) {
        wxString ignored;
        try {
            // The text as typed, with the record's acknowledgements: what the review and the export will see.
            fields = app::scanCaseStudy(m_ws->store(), fromForm(ignored));
            reviewAllowed = app::checkReview(m_ws->store(), m_record.id).allowed;
        } catch (...) {
            setStatus(describeError(std::current_exception()), true);
        }
    }
    applyScan(std::move(fields), reviewAllowed);
}

void CaseStudiesView::rescanInBackground()
{
    m_scanTimer.Stop();
    if (m_scanRunning)
        return; // scanned again when it ends: the text has changed since it started
    if (!m_ws || !m_record.id) {
        applyScan({}, false);
        return;
    }
    wxString ignored;
    CaseStudy typed = fromForm(ignored);
    std::vector<FindingAcknowledgement> acks;
    try {
        acks = m_ws->store().acknowledgements(m_record.uuid);
    } catch (...) {
        setStatus(describeError(std::current_exception()), true);
        return;
    }
    // The review rule scans the saved record; when the form holds other text, that is a second scan.
    std::optional<CaseStudy> saved;
    if (!sameScannedText(typed, m_record))
        saved = m_record;
    m_scan.wait();
    m_scanRunning = true;
    const std::uint64_t generation = m_textGeneration;
    m_scan = runInBackground(
        [this, typed = std::move(typed), saved = std::move(saved), acks = std::move(acks), generation]() mutable {
            std::vector<app::FieldFindings> fields;
            bool reviewAllowed = false;
            std::exception_ptr error;
            try {
                fields = app::scanCaseStudy(typed, acks);
                reviewAllowed = saved ? noneOpen(app::scanCaseStudy(*saved, acks)) : noneOpen(fields);
            } catch (...) {
                error = std::current_exception();
            }
            CallAfter([this, typed = std::move(typed), acks = std::move(acks), fields = std::move(fields),
                       reviewAllowed, error, generation]() mutable {
                m_scanRunning = false;
                m_scan.wait();
                if (generation != m_textGeneration) {
                    rescanInBackground(); // typed while it ran: what it found may no longer be there
                    return;
                }
                if (error)
                    setStatus(describeError(error), true);
                else if (m_ws)
                    m_ws->findingsCache().remember(typed, acks, fields); // the list and status bar need not rescan it
                applyScan(std::move(fields), reviewAllowed);
            });
        });
}

void CaseStudiesView::applyScan(std::vector<app::FieldFindings> fields, bool reviewAllowed)
{
    m_fields = std::move(fields);
    m_findings.clear();
    m_findingField.clear();
    m_reviewAllowed = reviewAllowed;
    const int length = m_narrative->GetLength();
    for (int ind : {kIndicatorBlock, kIndicatorBlockBox, kIndicatorWarn}) {
        m_narrative->SetIndicatorCurrent(ind);
        m_narrative->IndicatorClearRange(0, length);
    }
    m_narrative->AnnotationClearAll();
    for (std::size_t i = 0; i < m_fields.size(); ++i)
        for (const auto& f : m_fields[i].open) {
            m_findings.push_back(f);
            m_findingField.push_back(i);
        }
    // Underline each finding of the narrative and put its label under its line: colour is never the only signal.
    std::map<int, std::pair<wxString, bool>> notes; // line -> text, has BLOCK
    for (const auto& f : m_findings) {
        if (f.field != anon::Field::CaseStudyNarrative)
            continue;
        const bool block = f.severity == anon::Severity::Block;
        const int begin = static_cast<int>(f.byteBegin), len = static_cast<int>(f.byteEnd - f.byteBegin);
        for (int ind :
             block ? std::vector<int>{kIndicatorBlock, kIndicatorBlockBox} : std::vector<int>{kIndicatorWarn}) {
            m_narrative->SetIndicatorCurrent(ind);
            m_narrative->IndicatorFillRange(begin, len);
        }
        auto& note = notes[m_narrative->LineFromPosition(begin)];
        if (!note.first.empty())
            note.first += "\n";
        note.first += toWx((block ? "\u25B2 " : "\u25CB ") + app::findingLabel(f));
        note.second = note.second || block;
    }
    for (const auto& [line, note] : notes) {
        m_narrative->AnnotationSetText(line, note.first);
        m_narrative->AnnotationSetStyle(line, note.second ? kStyleBlockNote : kStyleWarnNote);
    }
    updateFindingsPane();
    updateReviewControls();
}

void CaseStudiesView::updateFindingsPane()
{
    m_findingsList->DeleteAllItems();
    for (const auto& f : m_findings)
        appendRow(m_findingsList, {toWx(anon::severityName(f.severity)), fieldName(f.field),
                                   toWx(std::string(anon::kindName(f.kind)) + " \u201c" + f.matched + "\u201d"),
                                   sentence(f.suggestion)});
    const app::FindingCounts n = app::countFindings(m_findings);
    wxString label = "F&indings";
    if (n.empty())
        label += m_record.id ? ": none" : "";
    else
        label << ": " << n.block << " BLOCK (must be fixed), " << n.warn << " WARN (fix or acknowledge)";
    FindWindow(XRCID("findings_label"))->SetLabel(label);
    onFindingSelected();
}

void CaseStudiesView::updateReviewControls()
{
    const bool any = m_record.id != 0;
    const bool reviewed = m_record.review == ReviewState::Reviewed;
    // The rule is app::checkReview() on the saved text; the form must also be saved and clean as typed.
    const bool allowed =
        any && !reviewed && m_reviewAllowed && m_findings.empty() && m_unsaved.empty() && !m_saver.pending();
    FindWindow(XRCID("review_button"))->Enable(allowed);
    FindWindow(XRCID("draft_button"))->Enable(any && reviewed);
    wxString text;
    if (!any)
        text = "";
    else if (reviewed)
        text = toWx("Reviewed by " + m_record.reviewedBy + " on " + localDateTime(m_record.reviewedAt) + ".");
    else if (!m_findings.empty())
        text = toWx("Draft: " + evidence::text::counted(m_findings.size(), "finding", "findings") +
                    " to fix or acknowledge before it can be marked reviewed.");
    else if (!m_unsaved.empty())
        text = "Draft: correct the problem above before it can be marked reviewed.";
    else
        text = "Draft: no findings left; it can be marked reviewed.";
    setWrappedLabel(m_reviewText, text);
}

void CaseStudiesView::onFindingSelected()
{
    auto* fix = FindWindow(XRCID("fix_button"));
    auto* ack = FindWindow(XRCID("acknowledge_button"));
    const int row = m_findingsList->GetSelectedRow();
    if (row == wxNOT_FOUND || static_cast<std::size_t>(row) >= m_findings.size()) {
        fix->Enable(false);
        ack->Enable(false);
        setWrappedLabel(m_findingDetail,
                        m_findings.empty() ? wxString() : wxString("Select a finding to fix or acknowledge it."));
        return;
    }
    const anon::Finding& f = m_findings[static_cast<std::size_t>(row)];
    setWrappedLabel(m_findingDetail, toWx(app::findingLabel(f)) + ": " + sentence(f.reason) + " " +
                                         sentence(f.suggestion) +
                                         (f.severity == anon::Severity::Block
                                              ? wxString(" A BLOCK finding must be changed; it cannot be acknowledged.")
                                              : wxString()));
    fix->SetLabel(app::isPseudonymFix(f) ? "Replace with Pseudony&m" : "Generalise (Re&move Detail)");
    fix->SetToolTip(app::isPseudonymFix(f) && !f.replacement.empty() && f.replacement.back() == '*'
                        ? toWx("Replace \u201c" + f.matched + "\u201d with a pseudonym you choose")
                        : toWx("Replace \u201c" + f.matched + "\u201d with \u201c" + f.replacement + "\u201d"));
    fix->Enable(!f.replacement.empty());
    ack->Enable(f.severity == anon::Severity::Warn);
    if (f.field == anon::Field::CaseStudyNarrative)
        m_narrative->SetSelection(static_cast<int>(f.byteBegin), static_cast<int>(f.byteEnd));
    Layout();
}

namespace {
/// Real names and the pseudonyms chosen for them, per store, in memory only (never saved: see app/pseudonyms.h).
app::PseudonymMemory& pseudonymMemory()
{
    static app::PseudonymMemory memory;
    return memory;
}
} // namespace

std::optional<std::string> CaseStudiesView::choosePseudonym(const std::string& realName)
{
    if (!m_ws)
        return std::nullopt;
    db::Store& store = m_ws->store();
    const auto choices = app::pseudonymChoices(store, realName, pseudonymMemory());
    if (choices.empty())
        return std::nullopt;
    wxArrayString labels;
    for (const auto& c : choices) {
        std::string label = c.name;
        if (c.chosenBeforeForThisName)
            label += " (chosen for " + realName + " before)";
        else if (!c.usedIn.empty()) {
            label += " (used in ";
            for (std::size_t i = 0; i < c.usedIn.size(); ++i)
                label += (i ? ", " : "") + c.usedIn[i];
            label += ")";
        }
        labels.Add(toWx(label));
    }
    wxSingleChoiceDialog dlg(this,
                             toWx("Choose the name that replaces \u201c" + realName +
                                  "\u201d. Give the same child the same pseudonym in every case study; a name "
                                  "used in another case study belongs to the child there."),
                             "Replace with Pseudonym", labels);
    dlg.SetSelection(0);
    if (dlg.ShowModal() != wxID_OK || dlg.GetSelection() == wxNOT_FOUND)
        return std::nullopt;
    const std::string chosen = choices[static_cast<std::size_t>(dlg.GetSelection())].name;
    pseudonymMemory().remember(store.storeId(), realName, chosen);
    return chosen;
}

void CaseStudiesView::onFix()
{
    const int row = m_findingsList->GetSelectedRow();
    if (row == wxNOT_FOUND || static_cast<std::size_t>(row) >= m_findings.size())
        return;
    const anon::Finding f = m_findings[static_cast<std::size_t>(row)];
    if (f.replacement.empty())
        return;
    std::string replacement = f.replacement;
    if (app::isPseudonymFix(f) && replacement.size() > 1 && replacement.back() == '*') {
        // The scanner suggests the real name marked ("Olivia*"): that would publish it. Another name replaces it.
        const std::string realName = replacement.substr(0, replacement.size() - 1);
        const auto chosen = choosePseudonym(realName);
        if (!chosen)
            return;
        replacement = app::pseudonymText(*chosen);
    }
    if (f.field == anon::Field::CaseStudyNarrative) {
        m_narrative->SetTargetRange(static_cast<int>(f.byteBegin), static_cast<int>(f.byteEnd));
        m_narrative->ReplaceTarget(toWx(replacement));
    } else {
        wxTextCtrl* text = f.field == anon::Field::CaseStudyTitle ? m_title : m_outcome;
        text->Replace(static_cast<long>(f.charBegin), static_cast<long>(f.charEnd), toWx(replacement));
    }
    m_saver.changedNow();
    rescan();
    setStatus(toWx("Replaced \u201c" + f.matched + "\u201d with \u201c" + replacement +
                   "\u201d. Edit > Undo "
                   "(in the narrative) takes it back."));
    if (!m_findings.empty()) {
        m_findingsList->SelectRow(0);
        onFindingSelected();
    }
    m_findingsList->SetFocus();
}

void CaseStudiesView::onAcknowledge()
{
    const int row = m_findingsList->GetSelectedRow();
    if (row == wxNOT_FOUND || static_cast<std::size_t>(row) >= m_findings.size() || !m_ws)
        return;
    m_saver.flush();
    const anon::Finding f = m_findings[static_cast<std::size_t>(row)];
    const app::FieldFindings where = m_fields[m_findingField[static_cast<std::size_t>(row)]];
    wxString role = m_ws->role();
    const wxString description = toWx(app::findingLabel(f) + " in the " + where.fieldLabel + ": ") +
                                 sentence(f.reason) + " " + sentence(f.suggestion);
    const bool done = askAcknowledgement(this, description, role, [&](const std::string& reason, const std::string& r) {
        app::acknowledgeFinding(m_ws->store(), where, f, reason, r);
    });
    if (!done)
        return;
    m_ws->setRole(role);
    m_acks[m_record.uuid] = m_ws->store().acknowledgements(m_record.uuid);
    m_ws->storeChanged();
    rescan();
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        if (m_cases[i].id == m_record.id)
            m_model->caseChanged(i);
    setStatus(toWx("Acknowledged \u201c" + f.matched + "\u201d; the reason is kept with the submission."));
}

void CaseStudiesView::onReview()
{
    if (!m_ws || !m_record.id)
        return;
    m_saver.flush();
    rescan();
    if (!m_reviewAllowed || !m_unsaved.empty())
        return;
    wxString role = m_ws->role();
    const RowId id = m_record.id;
    // The store's day: a review dated later is refused as not yet happened.
    const wxString today = toWx(m_ws->store().options().clock().substr(0, 10));
    if (!askReview(this, role, today,
                   [&](const std::string& r, const std::string& on) { app::markReviewed(m_ws->store(), id, r, on); }))
        return;
    m_ws->setRole(role);
    reloadAll(m_record.id);
    m_ws->storeChanged();
    setStatus("Marked reviewed. Editing the title, narrative or outcome returns it to draft.");
}

void CaseStudiesView::onDraft()
{
    if (!m_ws || !m_record.id)
        return;
    try {
        m_ws->store().setReviewState(m_record.id, ReviewState::Draft, "");
        reloadAll(m_record.id);
        m_ws->storeChanged();
        setStatus("Returned to draft.");
    } catch (...) {
        setStatus("Not changed: " + describeError(std::current_exception()), true);
    }
}

void CaseStudiesView::onNew()
{
    if (!m_ws)
        return;
    m_saver.flush();
    std::vector<std::string> references;
    for (const auto& c : m_cases)
        references.push_back(c.reference);
    CaseStudy c;
    c.reference = app::nextCaseReference(references);
    try {
        m_ws->store().insert(c);
        m_ws->storeChanged();
        reloadAll(c.id);
        m_title->SetFocus();
        setStatus("Added " + toWx(c.reference) + ": give it a title and a narrative; changes are saved as you type.");
    } catch (...) {
        setStatus("Not added: " + describeError(std::current_exception()), true);
    }
}

void CaseStudiesView::onDelete()
{
    if (!m_ws || !m_record.id)
        return;
    wxMessageDialog ask(this, toWx("Delete the case study " + m_record.reference + "?"), "Delete Case Study",
                        wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    ask.SetExtendedMessage("It is removed from the store and from every answer that cites it. The audit log keeps a "
                           "record of the deletion, and Edit > Undo brings it back.");
    ask.SetYesNoLabels("&Delete", "&Keep");
    if (ask.ShowModal() != wxID_YES)
        return;
    try {
        m_saver.discard();
        m_ws->store().removeCaseStudy(m_record.id);
        m_ws->storeChanged();
        reloadAll(0);
        setStatus("Case study deleted.");
    } catch (...) {
        setStatus("Not deleted: " + describeError(std::current_exception()), true);
    }
}

void CaseStudiesView::onAddType(bool harm)
{
    if (!m_record.id)
        return;
    wxTextEntryDialog dlg(this, harm ? "New harm type, e.g. grooming:" : "New platform type, e.g. gaming:",
                          harm ? "Add Harm Type" : "Add Platform Type");
    if (dlg.ShowModal() != wxID_OK)
        return;
    const wxString value = dlg.GetValue().Trim().Trim(false);
    if (value.empty())
        return;
    wxCheckListBox* list = harm ? m_harm : m_platform;
    int n = list->FindString(value);
    if (n == wxNOT_FOUND)
        n = list->Append(value);
    list->Check(static_cast<unsigned>(n));
    m_saver.changedNow();
}

} // namespace evidence::gui
