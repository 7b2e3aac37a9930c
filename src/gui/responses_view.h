#pragma once
/// @file responses_view.h
/// @brief The Consultation responses view: the questions in order, an answer control for each question's
/// type, the evidence each answer cites, the question's wording (an ordinary edit, for correcting it against the
/// published text) and, after the questions, the points not tied to a question.

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

/// The Consultation responses view, as the file comment says; answers, wording and points are saved as they
/// are typed.
class ResponsesView : public View
{
public:
    /// Loads the view's form under @p parent. @throws std::logic_error when the form is missing.
    explicit ResponsesView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;
    void flush() override
    {
        m_saver.flush();
        m_wordingSaver.flush();
    }
    bool goTo(const GoToTarget& target) override;

    /// Selects the question @p questionId.
    void select(RowId questionId);
    /// Selects the additional point @p pointId.
    void selectPoint(RowId pointId);

private:
    void reloadAll(RowId select);
    void showQuestion();
    void save();
    void updateRow(std::size_t index);
    bool answered(const Answer& a) const;
    /// Shows the words of the answer being typed, and of the whole response, against the profile's limits.
    void updateCounts();
    void copyForForm();
    void saveWording();
    void deletePoint();
    /// The row of the list: a question, an additional point, or the last row, where a new point is typed.
    bool isQuestion(std::size_t row) const noexcept { return row < m_questions.size(); }
    bool isPoint(std::size_t row) const noexcept
    {
        return row >= m_questions.size() && row < m_questions.size() + m_points.size();
    }
    bool isNewPoint(std::size_t row) const noexcept { return row == m_questions.size() + m_points.size(); }
    void selectRow(std::size_t row);

    wxDataViewListCtrl* m_list;
    wxStaticText* m_question;
    wxTextCtrl* m_wording;
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
    std::vector<AdditionalPoint> m_points;
    std::vector<Measure> m_measures;
    std::vector<CaseStudy> m_cases;
    std::size_t m_current = 0;
    FieldSaver m_saver;
    FieldSaver m_wordingSaver; ///< the question's wording, saved apart from the answer
};

} // namespace evidence::gui
