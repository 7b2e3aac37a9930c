#include "core/disclosure.h"

#include <boost/rational.hpp>
#include <boost/test/unit_test.hpp>
#include <random>

using namespace evidence::disclosure;

namespace {

using Q = boost::rational<long long>;

// An attacker written separately from the library: exact rational elimination of every relation, restricted
// to the hidden cells, with the published cells moved to the right-hand side. Returns the hidden cells it
// solves, with the values it finds.
std::vector<std::pair<std::size_t, Q>> attack(const std::vector<Cell>& cells, const std::vector<Relation>& relations,
                                              const std::vector<bool>& hidden)
{
    std::vector<std::size_t> unknowns;
    std::vector<long> column(cells.size(), -1);
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (hidden[c]) {
            column[c] = static_cast<long>(unknowns.size());
            unknowns.push_back(c);
        }
    const std::size_t n = unknowns.size();
    std::vector<std::vector<Q>> rows; // n coefficients, then the right-hand side
    for (const auto& r : relations) {
        std::vector<Q> row(n + 1, Q(0));
        auto add = [&](std::size_t c, long sign) {
            if (hidden[c])
                row[static_cast<std::size_t>(column[c])] += sign;
            else
                row[n] -= Q(sign * static_cast<long long>(cells[c].value));
        };
        for (std::size_t m : r.members)
            add(m, 1);
        add(r.total, -1);
        rows.push_back(row);
    }
    std::size_t rank = 0;
    std::vector<std::size_t> pivots;
    for (std::size_t c = 0; c < n && rank < rows.size(); ++c) {
        std::size_t p = rank;
        while (p < rows.size() && rows[p][c].numerator() == 0)
            ++p;
        if (p == rows.size())
            continue;
        std::swap(rows[p], rows[rank]);
        const Q lead = rows[rank][c];
        for (auto& v : rows[rank])
            v /= lead;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (i != rank && rows[i][c].numerator() != 0) {
                const Q f = rows[i][c];
                for (std::size_t k = 0; k <= n; ++k)
                    rows[i][k] -= f * rows[rank][k];
            }
        pivots.push_back(c);
        ++rank;
    }
    std::vector<std::pair<std::size_t, Q>> solved;
    for (std::size_t r = 0; r < rank; ++r) {
        std::size_t nonZero = 0;
        for (std::size_t k = 0; k < n; ++k)
            nonZero += rows[r][k].numerator() != 0;
        if (nonZero == 1)
            solved.emplace_back(unknowns[pivots[r]], rows[r][n]);
    }
    return solved;
}

// A table of inner cells with row totals, column totals and a grand total, as the statistics and totals
// sheets publish them.
struct Grid
{
    std::vector<Cell> cells;
    std::vector<Relation> relations;
};

Grid makeGrid(const std::vector<std::vector<int>>& values, int threshold)
{
    Grid g;
    const std::size_t rows = values.size(), cols = values[0].size();
    auto at = [&](std::size_t r, std::size_t c) { return r * cols + c; };
    for (const auto& row : values)
        for (int v : row)
            g.cells.push_back({double(v), v > 0 && v < threshold, Cell::Role::Figure});
    std::vector<double> rowSum(rows, 0), colSum(cols, 0);
    double grand = 0;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            rowSum[r] += values[r][c];
            colSum[c] += values[r][c];
            grand += values[r][c];
        }
    auto addTotal = [&](double v) {
        g.cells.push_back({v, v > 0 && v < threshold, Cell::Role::Total});
        return g.cells.size() - 1;
    };
    std::vector<std::size_t> rowTotals, colTotals;
    for (std::size_t r = 0; r < rows; ++r) {
        Relation rel;
        for (std::size_t c = 0; c < cols; ++c)
            rel.members.push_back(at(r, c));
        rel.total = addTotal(rowSum[r]);
        rowTotals.push_back(rel.total);
        g.relations.push_back(rel);
    }
    for (std::size_t c = 0; c < cols; ++c) {
        Relation rel;
        for (std::size_t r = 0; r < rows; ++r)
            rel.members.push_back(at(r, c));
        rel.total = addTotal(colSum[c]);
        colTotals.push_back(rel.total);
        g.relations.push_back(rel);
    }
    const std::size_t grandCell = addTotal(grand);
    g.relations.push_back({rowTotals, grandCell});
    g.relations.push_back({colTotals, grandCell});
    return g;
}

} // namespace

BOOST_AUTO_TEST_SUITE(disclosure)

BOOST_AUTO_TEST_CASE(a_lone_small_count_gets_the_smallest_inner_complement)
{
    const std::vector<Cell> cells = {{3, true}, {40}, {12}, {55, false, Cell::Role::Total}};
    const std::vector<Relation> relations = {{{0, 1, 2}, 3}};
    const Protection p = protect(cells, relations);
    BOOST_TEST(p.hidden == (std::vector<bool>{true, false, true, false}));
    BOOST_TEST(p.primary == 1u);
    BOOST_TEST(p.secondary == 1u);
    BOOST_TEST(recoverable(cells, relations, p.hidden).empty());
    BOOST_TEST(attack(cells, relations, p.hidden).empty());
}

BOOST_AUTO_TEST_CASE(primary_suppression_alone_is_recovered_by_subtraction)
{
    const std::vector<Cell> cells = {{3, true}, {40}, {12}, {55, false, Cell::Role::Total}};
    const std::vector<Relation> relations = {{{0, 1, 2}, 3}};
    const std::vector<bool> primaryOnly = {true, false, false, false};
    BOOST_TEST(recoverable(cells, relations, primaryOnly) == std::vector<std::size_t>{0});
    const auto solved = attack(cells, relations, primaryOnly);
    BOOST_REQUIRE_EQUAL(solved.size(), 1u);
    BOOST_TEST(solved[0].second == Q(3));
}

BOOST_AUTO_TEST_CASE(complements_are_non_zero_so_the_hidden_pair_does_not_add_up_to_zero)
{
    // Hiding the other zero beside a primary zero would say both are zero.
    const std::vector<Cell> cells = {{0, true}, {0}, {7}, {7, false, Cell::Role::Total}};
    const std::vector<Relation> relations = {{{0, 1, 2}, 3}};
    const Protection p = protect(cells, relations);
    BOOST_TEST(p.hidden == (std::vector<bool>{true, false, true, false}));
    BOOST_TEST(recoverable(cells, relations, {true, true, false, false}) == (std::vector<std::size_t>{0, 1}));
}

BOOST_AUTO_TEST_CASE(complements_are_taken_by_role_before_size)
{
    // A breakdown's detail goes before its summary, the summary before the area's figure.
    const std::vector<Cell> cells = {{2, true, Cell::Role::Detail},
                                     {50, false, Cell::Role::Detail},
                                     {52, false, Cell::Role::Summary},
                                     {1, true, Cell::Role::Detail},
                                     {53, false, Cell::Role::Figure}};
    // detail 0 + detail 1 = summary 2; summary 2 + detail 3 = figure 4
    const Protection p = protect(cells, {{{0, 1}, 2}, {{2, 3}, 4}});
    BOOST_TEST(p.hidden == (std::vector<bool>{true, true, true, true, false}));
}

BOOST_AUTO_TEST_CASE(a_total_is_hidden_only_when_no_inner_cell_will_do)
{
    const std::vector<Cell> cells = {{2, true}, {1, true}, {3, false, Cell::Role::Total}};
    // Both members are hidden: the relation has two hidden cells, and the total stays.
    Protection p = protect(cells, {{{0, 1}, 2}});
    BOOST_TEST(p.hidden == (std::vector<bool>{true, true, false}));
    // A lone member with no other inner cell: the total goes.
    const std::vector<Cell> single = {{2, true}, {2, false, Cell::Role::Total}};
    p = protect(single, {{{0}, 1}});
    BOOST_TEST(p.hidden == (std::vector<bool>{true, true}));
}

BOOST_AUTO_TEST_CASE(a_cycle_of_relations_is_found_by_the_audit)
{
    // a + b, b + c and a + c are each published (with a published fourth member), so a, b and c are each
    // determined although every relation holds two hidden cells.
    std::vector<Cell> cells = {{4, true}, {3, true}, {2, true}, {20}, {20}, {20}};
    std::vector<Relation> relations;
    auto total = [&](double v) {
        cells.push_back({v, false, Cell::Role::Total});
        return cells.size() - 1;
    };
    relations.push_back({{0, 1, 3}, total(27)});
    relations.push_back({{1, 2, 4}, total(25)});
    relations.push_back({{0, 2, 5}, total(26)});
    std::vector<bool> primaryOnly(cells.size(), false);
    primaryOnly[0] = primaryOnly[1] = primaryOnly[2] = true;
    BOOST_TEST(recoverable(cells, relations, primaryOnly) == (std::vector<std::size_t>{0, 1, 2}));
    BOOST_TEST(attack(cells, relations, primaryOnly).size() == 3u);

    const Protection p = protect(cells, relations);
    BOOST_TEST(p.secondary >= 1u);
    BOOST_TEST(recoverable(cells, relations, p.hidden).empty());
    BOOST_TEST(attack(cells, relations, p.hidden).empty());
}

BOOST_AUTO_TEST_CASE(no_hidden_cell_of_a_random_table_with_totals_can_be_recovered)
{
    std::mt19937 rng(20190408);
    std::size_t tables = 0, hiddenCells = 0;
    for (int round = 0; round < 300; ++round) {
        const std::size_t rows = 2 + rng() % 6, cols = 2 + rng() % 6;
        const int threshold = std::vector<int>{3, 5, 10}[rng() % 3];
        std::vector<std::vector<int>> values(rows, std::vector<int>(cols));
        for (auto& row : values)
            for (int& v : row)
                v = static_cast<int>(rng() % 4 == 0 ? rng() % 12 : rng() % 200);
        const Grid g = makeGrid(values, threshold);
        const Protection p = protect(g.cells, g.relations);
        for (std::size_t c = 0; c < g.cells.size(); ++c)
            if (g.cells[c].primary)
                BOOST_TEST_REQUIRE(p.hidden[c]);
        const auto solved = attack(g.cells, g.relations, p.hidden);
        if (!solved.empty())
            BOOST_FAIL("round " << round << ": cell " << solved.front().first << " = " << solved.front().second);
        BOOST_TEST_REQUIRE(recoverable(g.cells, g.relations, p.hidden).empty());
        // The zero rule: no published relation leaves hidden members that must add up to zero.
        for (const auto& r : g.relations) {
            if (p.hidden[r.total])
                continue;
            double residual = g.cells[r.total].value;
            bool any = false;
            for (std::size_t m : r.members) {
                any = any || p.hidden[m];
                if (!p.hidden[m])
                    residual -= g.cells[m].value;
            }
            BOOST_TEST_REQUIRE(!(any && residual == 0));
        }
        ++tables;
        hiddenCells += static_cast<std::size_t>(std::count(p.hidden.begin(), p.hidden.end(), true));
    }
    BOOST_TEST_MESSAGE(tables << " tables, " << hiddenCells << " hidden cells, none recovered");
}

BOOST_AUTO_TEST_CASE(a_relation_naming_a_missing_cell_is_refused)
{
    BOOST_CHECK_THROW(protect({{1}}, {{{0, 5}, 0}}), std::out_of_range);
}

BOOST_AUTO_TEST_SUITE_END()
