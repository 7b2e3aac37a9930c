#pragma once
/// @file case_studies_view.h
/// @brief The Case studies view: a virtual list with review state and finding counts, and an editor whose
/// narrative underlines the scanner's findings as you type.

#include "anon/scanner.h"
#include "app/anonymisation.h"
#include "app/case_study_model.h"
#include "app/choosers.h"
#include "core/background.h"
#include "gui/field_saver.h"
#include "gui/view.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>
#include <wx/dataview.h>
#include <wx/timer.h>

class wxCheckBox;
class wxCheckListBox;
class wxChoice;
class wxComboBox;
class wxStaticText;
class wxStyledTextCtrl;
class wxTextCtrl;
class wxScrolledWindow;

namespace evidence::db {
class Store;
}

namespace evidence::gui {

/// The list of case studies: reads from the view's vector, counts findings only for rows shown.
class CaseListModel : public wxDataViewVirtualListModel
{
public:
    /// The list's columns, in order; Col_Max counts them.
    enum Column { Col_Status, Col_Reference, Col_Title, Col_Findings, Col_Included, Col_Max };

    /// A model over the view's @p cases, @p selected (the ids included in the workbook) and @p acks (by record
    /// uuid), which must outlive it; arrange() says which rows are shown.
    CaseListModel(const std::vector<CaseStudy>& cases, const std::set<RowId>& selected,
                  const std::unordered_map<std::string, std::vector<FindingAcknowledgement>>& acks);
    /// The store and the cache that counts findings (nullptr: counts are not shown).
    void setCache(const db::Store* store, app::FindingsCache* cache) noexcept
    {
        m_store = store;
        m_cache = cache;
    }

    unsigned GetColumnCount() const override { return Col_Max; }
    wxString GetColumnType(unsigned col) const override;
    void GetValueByRow(wxVariant& value, unsigned row, unsigned col) const override;
    bool SetValueByRow(const wxVariant&, unsigned, unsigned) override { return false; }

    /// Shows the case studies at @p positions (of the view's vector), in that order (app::arrangeCaseStudies).
    void arrange(std::vector<std::size_t> positions);
    /// The position in the view's vector of the case study on @p row.
    std::size_t caseAt(unsigned row) const { return row < m_rows.size() ? m_rows[row] : m_cases.size(); }
    /// The row showing the case study at @p position, if it is shown.
    std::optional<unsigned> rowOf(std::size_t position) const;
    /// Redraws the row of the case study at @p position, if shown.
    void caseChanged(std::size_t position);

private:
    std::vector<std::size_t> m_rows; ///< the positions shown, row by row
    const std::vector<CaseStudy>& m_cases;
    const std::set<RowId>& m_selected;
    const db::Store* m_store = nullptr;
    app::FindingsCache* m_cache = nullptr;
    const std::unordered_map<std::string, std::vector<FindingAcknowledgement>>& m_acks;
};

/// The Case studies view: the list of case studies with a find box and an order, and the form of the one
/// selected, whose narrative editor underlines identifying details as they are typed.
class CaseStudiesView : public View
{
public:
    /// Loads the view's form under @p parent. @throws std::logic_error when the form is missing.
    explicit CaseStudiesView(wxWindow* parent);
    ~CaseStudiesView() override;

    void attach(Workspace* workspace) override;
    void showing() override;
    void flush() override { m_saver.flush(); }
    wxString unsavedProblem() const override { return m_unsaved; }
    bool goTo(const GoToTarget& target) override;

    /// For tests: the narrative editor, the open findings, the selected record.
    wxStyledTextCtrl* narrative() const noexcept { return m_narrative; }
    /// For tests: the open findings of the record shown.
    const std::vector<anon::Finding>& findings() const noexcept { return m_findings; }
    /// For tests: the id of the record shown (0 for none).
    RowId selectedId() const noexcept { return m_record.id; }
    /// Rescans the form now and waits for the result (a record opened, a finding fixed or acknowledged).
    void rescan();
    /// Rescans the form on a thread of its own, so that typing never waits for the scanner: the findings are
    /// shown when it ends if the text is still what was scanned, and scanned again otherwise.
    void rescanInBackground();
    /// For tests and the benchmark: whether a background scan is running.
    bool scanning() const noexcept { return m_scanRunning; }
    /// Selects and opens the case study @p id.
    void select(RowId id);
    /// Lists only the case studies that match @p query, in @p order (as typing in the find box and choosing
    /// in the sort list do). Returns the number listed.
    std::size_t arrangeList(const wxString& query, app::CaseOrder order, bool descending);
    /// The case studies listed now, top to bottom, by reference.
    std::vector<std::string> listedReferences() const;

private:
    void reloadAll(RowId select);
    /// Lists the case studies with the find box's text and the chosen order; when the one being edited is
    /// listed, it stays selected.
    void rearrange();
    void showRecord();
    void fillVocabulary(wxCheckListBox* list, const std::vector<std::string>& chosen, bool harm);
    CaseStudy fromForm(wxString& problem) const;
    void save();
    /// The scanned text changed: scan it after a pause, and mark the counts shown as not yet checked.
    void textChanged();
    /// Shows @p fields (the form's findings) and whether the saved record may be marked reviewed.
    void applyScan(std::vector<app::FieldFindings> fields, bool reviewAllowed);
    void updateFindingsPane();
    void updateReviewControls();
    void onFindingSelected();
    /// Asks which name replaces @p realName; nullopt when cancelled.
    std::optional<std::string> choosePseudonym(const std::string& realName);
    void onFix();
    void onAcknowledge();
    void onReview();
    void onDraft();
    void onNew();
    void onDelete();
    void onAddType(bool harm);

    wxDataViewCtrl* m_list;
    wxTextCtrl* m_find; ///< type-to-find over the list
    wxChoice* m_order;  ///< the list's order
    bool m_descending = false;
    wxObjectDataPtr<CaseListModel> m_model;
    wxScrolledWindow* m_editor;
    wxTextCtrl* m_reference;
    wxTextCtrl* m_title;
    wxTextCtrl* m_age;
    wxTextCtrl* m_ageBand;
    wxComboBox* m_gender;
    wxChoice* m_region;
    wxTextCtrl* m_year;
    wxCheckListBox* m_harm;
    wxCheckListBox* m_platform;
    wxStyledTextCtrl* m_narrative;
    wxDataViewListCtrl* m_findingsList;
    wxTextCtrl* m_outcome;
    wxChoice* m_basis;
    wxChoice* m_consent;
    wxTextCtrl* m_consentBy;
    wxTextCtrl* m_consentDate;
    wxTextCtrl* m_citationPublisher;
    wxTextCtrl* m_citationTitle;
    wxTextCtrl* m_citationDate;
    wxTextCtrl* m_citationUrl;
    /// Consent fields for an account told with consent, citation fields for a published one.
    void enableBasisFields();
    wxCheckListBox* m_questions;
    wxStaticText* m_reviewText;
    wxCheckBox* m_include;
    wxStaticText* m_findingDetail;

    std::vector<CaseStudy> m_cases;
    std::set<RowId> m_selected; ///< case studies included in the submission
    std::unordered_map<std::string, std::vector<FindingAcknowledgement>> m_acks; ///< by record uuid
    std::vector<Area> m_regions;
    std::vector<Question> m_questionList;
    std::vector<std::string> m_harmTypes;
    std::vector<std::string> m_platformTypes;
    CaseStudy m_record;   ///< as last saved
    CaseStudy m_formBase; ///< what the form held when filled or last saved: a save writes only what differs
    std::vector<app::FieldFindings> m_fields; ///< findings of the form's current text, by field
    std::vector<anon::Finding> m_findings;    ///< the open ones, in field order (the findings pane's rows)
    std::vector<std::size_t> m_findingField;  ///< for each open finding, its index in m_fields
    bool m_reviewAllowed = false;             ///< app::checkReview() of the saved record
    wxString m_unsaved;
    FieldSaver m_saver;
    wxTimer m_scanTimer;
    Task<void> m_scan; ///< the scan of the form's text
    bool m_scanRunning = false;
    std::uint64_t m_textGeneration = 0; ///< counts changes to the scanned text: a stale scan is not shown
};

} // namespace evidence::gui
