#pragma once
/// @file disclosure.h
/// @brief Small-count suppression of published counts, with secondary suppression so that no suppressed
/// count can be worked out from the totals published beside it (docs/anonymisation.md §3.3 and §3.5).
///
/// The published tables are described as cells (each published count) and relations (published additions:
/// the members add up to the total, e.g. the areas of a period add up to the period's total). protect()
/// hides every primary cell, then hides further cells until recoverable() finds none of the hidden cells
/// determined by what is still published.
///
/// @code
/// using namespace evidence::disclosure;
/// std::vector<Cell> cells = {{3, true}, {40}, {12}, {55, false, Cell::Role::Total}};
/// std::vector<Relation> relations = {{{0, 1, 2}, 3}}; // 3 + 40 + 12 = 55
/// Protection p = protect(cells, relations);          // hides the 3 and the 12
/// @endcode

#include <cstddef>
#include <vector>

namespace evidence::disclosure {

/// One published count.
struct Cell
{
    /// What the cell is, in the order complements are taken: the detail of a breakdown before its summary
    /// figures, those before an area's own figure, and totals last, because readers quote them.
    enum class Role { Detail, Summary, Figure, Total };

    double value = 0;         ///< the count (a count is never negative)
    bool primary = false;     ///< fails the threshold rule: must be hidden
    Role role = Role::Figure; ///< for the choice of complements
};

/// A published addition: the members add up to the total (all indexes into the cells).
struct Relation
{
    /// The cells that add up (indexes into the cells), and the cell that holds their total.
    std::vector<std::size_t> members;
    std::size_t total = 0;
};

/// Which cells to hide.
struct Protection
{
    std::vector<bool> hidden;  ///< one per cell
    std::size_t primary = 0;   ///< hidden because they fail the rule
    std::size_t secondary = 0; ///< hidden so that the primary ones cannot be worked out
};

/// The hidden cells that the published cells and relations determine: a hidden cell is determined when the
/// relations, solved for the hidden cells, give it one value (linear algebra over all relations at once), or
/// when it is a hidden member of a relation whose hidden members must add up to zero (counts are never
/// negative, so each of them is zero).
///
/// This is an audit for exact recovery. It does not bound the interval a hidden cell may lie in: two hidden
/// cells adding up to 4 are each between 0 and 4, which a reader can still say.
///
/// @param hidden one per cell
/// @return the indexes of determined hidden cells, ascending
std::vector<std::size_t> recoverable(const std::vector<Cell>& cells, const std::vector<Relation>& relations,
                                     const std::vector<bool>& hidden);

/// Hides the primary cells and as few others as the heuristic finds: first the smallest non-zero cell of the
/// earliest role in any relation with a single hidden cell, until no relation has one; then, while recoverable() finds
/// a determined cell, a further complement in a relation of that cell. Deterministic: the same input gives the same
/// cells.
/// @throws std::out_of_range when a relation names a cell that does not exist
Protection protect(const std::vector<Cell>& cells, const std::vector<Relation>& relations);

} // namespace evidence::disclosure
