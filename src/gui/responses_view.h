#pragma once
/// @file responses_view.h
/// @brief The Consultation responses view: the questions in order, an answer control for each question's
/// type, and the evidence each answer cites.

#include "core/consultation_profile.h"
#include "gui/field_saver.h"
#include "gui/view.h"

#include <map>
#include <optional>
#include <vector>

class wxCheckListBox;
class wxChoice;
class wxDataViewListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace evidence::gui {

class ResponsesView : public View
{
public:
    explicit ResponsesView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;
    void flush() override { m_saver.flush(); }
    bool goTo(const GoToTarget& target) override;

    /// Selects the question @p questionId.
    void select(RowId questionId);

private:
    void reloadAll(RowId select);
    void showQuestion();
    void save();
    void updateRow(std::size_t index);
    bool answered(const Answer& a) const;
    /// Shows the words of the answer being typed, and of the whole response, against the profile's limits.
    void updateCounts();
    void copyForForm();

    wxDataViewListCtrl* m_list;
    wxStaticText* m_question;
    wxStaticText* m_type;
    wxChoice* m_choice;
    wxCheckListBox* m_multi;
    wxTextCtrl* m_text;
    wxCheckListBox* m_cite;
    wxStaticText* m_counts;

    std::optional<ConsultationProfile> m_profile;
    std::size_t m_summaryWords = 0;

    std::vector<Question> m_questions;
    std::map<RowId, Answer> m_answers; ///< by question id
    std::vector<Measure> m_measures;
    std::vector<CaseStudy> m_cases;
    std::size_t m_current = 0;
    FieldSaver m_saver;
};

} // namespace evidence::gui
