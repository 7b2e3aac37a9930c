#include "core/disclosure.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

namespace evidence::disclosure {

namespace {

__extension__ using Wide = unsigned __int128;

// The elimination runs modulo large primes instead of over the rationals: exact, and fast enough to rerun
// after every complement. A prime can only make rows more dependent than they are over the rationals (when
// it divides a minor), which reports a cell as determined too often, never too rarely; a cell is treated as
// determined when either prime says so, so missing a determined cell would need a minor divisible by both.
constexpr std::uint64_t kPrimes[] = {(std::uint64_t{1} << 61) - 1, (std::uint64_t{1} << 31) - 1};

std::uint64_t mulMod(std::uint64_t a, std::uint64_t b, std::uint64_t p)
{
    return static_cast<std::uint64_t>(static_cast<Wide>(a) * b % p);
}

std::uint64_t powMod(std::uint64_t a, std::uint64_t e, std::uint64_t p)
{
    std::uint64_t r = 1;
    for (; e; e >>= 1, a = mulMod(a, a, p))
        if (e & 1)
            r = mulMod(r, a, p);
    return r;
}

// Reduces @p rows (coefficients modulo @p p) to reduced row echelon form and marks each column whose pivot row
// has no other non-zero entry: that unknown alone is fixed by the equations.
void markDetermined(std::vector<std::vector<std::uint64_t>> rows, std::size_t columns, std::uint64_t p,
                    std::vector<bool>& determined)
{
    std::vector<std::size_t> pivotColumn;
    std::size_t rank = 0;
    for (std::size_t c = 0; c < columns && rank < rows.size(); ++c) {
        std::size_t pivot = rank;
        while (pivot < rows.size() && rows[pivot][c] == 0)
            ++pivot;
        if (pivot == rows.size())
            continue;
        std::swap(rows[rank], rows[pivot]);
        const std::uint64_t inverse = powMod(rows[rank][c], p - 2, p);
        for (auto& v : rows[rank])
            v = mulMod(v, inverse, p);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (i == rank || rows[i][c] == 0)
                continue;
            const std::uint64_t factor = rows[i][c];
            for (std::size_t k = 0; k < columns; ++k)
                if (rows[rank][k] != 0)
                    rows[i][k] = (rows[i][k] + p - mulMod(factor, rows[rank][k], p)) % p;
        }
        pivotColumn.push_back(c);
        ++rank;
    }
    for (std::size_t r = 0; r < rank; ++r)
        if (std::count_if(rows[r].begin(), rows[r].end(), [](std::uint64_t v) { return v != 0; }) == 1)
            determined[pivotColumn[r]] = true;
}

std::size_t findRoot(std::vector<std::size_t>& parent, std::size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

void checkIndexes(const std::vector<Cell>& cells, const std::vector<Relation>& relations)
{
    for (std::size_t r = 0; r < relations.size(); ++r) {
        const bool bad =
            relations[r].total >= cells.size() || std::any_of(relations[r].members.begin(), relations[r].members.end(),
                                                              [&](std::size_t m) { return m >= cells.size(); });
        if (bad)
            throw std::out_of_range("disclosure relation " + std::to_string(r) + " names a cell that does not exist");
    }
}

template <typename F>
void forEachCell(const Relation& r, F f)
{
    for (std::size_t m : r.members)
        f(m);
    f(r.total);
}

} // namespace

std::vector<std::size_t> recoverable(const std::vector<Cell>& cells, const std::vector<Relation>& relations,
                                     const std::vector<bool>& hidden)
{
    checkIndexes(cells, relations);
    std::vector<bool> determined(cells.size(), false);

    // Counts are never negative: hidden members that must add up to zero are each zero.
    for (const auto& r : relations) {
        if (hidden[r.total])
            continue;
        double residual = cells[r.total].value;
        bool anyHidden = false;
        for (std::size_t m : r.members) {
            if (hidden[m])
                anyHidden = true;
            else
                residual -= cells[m].value;
        }
        if (anyHidden && residual == 0)
            for (std::size_t m : r.members)
                if (hidden[m])
                    determined[m] = true;
    }

    // Relations only link the hidden cells they share, so each group of linked hidden cells is solved alone.
    std::vector<std::size_t> parent(cells.size());
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    for (const auto& r : relations) {
        std::optional<std::size_t> first;
        forEachCell(r, [&](std::size_t c) {
            if (!hidden[c])
                return;
            if (first)
                parent[findRoot(parent, c)] = findRoot(parent, *first);
            else
                first = c;
        });
    }
    std::vector<std::vector<std::size_t>> groupRelations(cells.size());
    for (std::size_t i = 0; i < relations.size(); ++i) {
        std::optional<std::size_t> root;
        forEachCell(relations[i], [&](std::size_t c) {
            if (hidden[c] && !root)
                root = findRoot(parent, c);
        });
        if (root)
            groupRelations[*root].push_back(i);
    }
    std::vector<std::size_t> column(cells.size(), 0);
    std::vector<std::vector<std::size_t>> groupCells(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (hidden[c]) {
            const std::size_t root = findRoot(parent, c);
            column[c] = groupCells[root].size();
            groupCells[root].push_back(c);
        }

    for (std::size_t root = 0; root < cells.size(); ++root) {
        if (groupRelations[root].empty())
            continue;
        const auto& unknowns = groupCells[root];
        for (std::uint64_t p : kPrimes) {
            std::vector<std::vector<std::uint64_t>> rows;
            for (std::size_t ri : groupRelations[root]) {
                std::vector<std::uint64_t> row(unknowns.size(), 0);
                const Relation& r = relations[ri];
                for (std::size_t m : r.members)
                    if (hidden[m])
                        row[column[m]] = (row[column[m]] + 1) % p;
                if (hidden[r.total])
                    row[column[r.total]] = (row[column[r.total]] + p - 1) % p;
                rows.push_back(std::move(row));
            }
            std::vector<bool> local(unknowns.size(), false);
            markDetermined(std::move(rows), unknowns.size(), p, local);
            for (std::size_t k = 0; k < unknowns.size(); ++k)
                if (local[k])
                    determined[unknowns[k]] = true;
        }
    }

    std::vector<std::size_t> out;
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (hidden[c] && determined[c])
            out.push_back(c);
    return out;
}

Protection protect(const std::vector<Cell>& cells, const std::vector<Relation>& relations)
{
    checkIndexes(cells, relations);
    Protection out;
    out.hidden.assign(cells.size(), false);
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].primary) {
            out.hidden[c] = true;
            ++out.primary;
        }
    auto& hidden = out.hidden;

    // Complements: by role, non-zero before zero (a hidden zero beside another hidden cell tells the other's
    // value), then the smallest count, then the first.
    auto key = [&](std::size_t c) {
        return std::make_tuple(static_cast<int>(cells[c].role), cells[c].value <= 0, cells[c].value, c);
    };
    auto bestOf = [&](const std::vector<std::size_t>& candidates) -> std::optional<std::size_t> {
        std::optional<std::size_t> best;
        for (std::size_t c : candidates)
            if (!hidden[c] && (!best || key(c) < key(*best)))
                best = c;
        return best;
    };
    auto cellsOf = [](const Relation& r) {
        std::vector<std::size_t> all = r.members;
        all.push_back(r.total);
        return all;
    };
    auto hide = [&](std::size_t c) {
        hidden[c] = true;
        ++out.secondary;
    };

    std::vector<std::vector<std::size_t>> relationsOf(cells.size());
    for (std::size_t i = 0; i < relations.size(); ++i)
        forEachCell(relations[i], [&](std::size_t c) { relationsOf[c].push_back(i); });

    for (;;) {
        // A relation with one hidden cell gives it away by subtraction; one whose hidden members must add up
        // to zero gives each away as zero.
        for (bool changed = true; changed;) {
            changed = false;
            for (const auto& r : relations) {
                const auto all = cellsOf(r);
                const auto hiddenCount =
                    std::count_if(all.begin(), all.end(), [&](std::size_t c) { return hidden[c]; });
                if (hiddenCount == 1) {
                    if (const auto c = bestOf(all)) {
                        hide(*c);
                        changed = true;
                    }
                    continue;
                }
                if (hidden[r.total])
                    continue;
                double residual = cells[r.total].value;
                bool anyHidden = false;
                std::vector<std::size_t> positive;
                for (std::size_t m : r.members) {
                    if (hidden[m])
                        anyHidden = true;
                    else {
                        residual -= cells[m].value;
                        if (cells[m].value > 0)
                            positive.push_back(m);
                    }
                }
                if (anyHidden && residual == 0) {
                    const auto c = bestOf(positive);
                    hide(c ? *c : r.total);
                    changed = true;
                }
            }
        }

        const auto determined = recoverable(cells, relations, hidden);
        if (determined.empty())
            break;
        bool progressed = false;
        for (std::size_t d : determined) {
            // The relation of d with the fewest hidden cells: a complement there breaks the cheapest equation.
            std::optional<std::size_t> best;
            std::size_t fewest = 0;
            for (std::size_t ri : relationsOf[d]) {
                const auto all = cellsOf(relations[ri]);
                const auto c = bestOf(all);
                if (!c)
                    continue;
                const auto count = static_cast<std::size_t>(
                    std::count_if(all.begin(), all.end(), [&](std::size_t x) { return hidden[x]; }));
                if (!best || count < fewest) {
                    best = c;
                    fewest = count;
                }
            }
            if (best && !hidden[*best]) {
                hide(*best);
                progressed = true;
            }
        }
        if (progressed)
            continue;
        // Every relation of every determined cell is wholly hidden, so the cells are fixed through relations
        // further away: hide a complement anywhere among the relations linked to them through hidden cells.
        std::vector<bool> seenRelation(relations.size(), false), seenCell(cells.size(), false);
        std::vector<std::size_t> queue(determined.begin(), determined.end()), candidates;
        for (std::size_t c : queue)
            seenCell[c] = true;
        while (!queue.empty()) {
            const std::size_t c = queue.back();
            queue.pop_back();
            for (std::size_t ri : relationsOf[c]) {
                if (seenRelation[ri])
                    continue;
                seenRelation[ri] = true;
                forEachCell(relations[ri], [&](std::size_t x) {
                    if (!hidden[x])
                        candidates.push_back(x);
                    else if (!seenCell[x]) {
                        seenCell[x] = true;
                        queue.push_back(x);
                    }
                });
            }
        }
        const auto c = bestOf(candidates);
        if (!c)
            break; // the relations alone fix these cells (e.g. two relations that say the same thing)
        hide(*c);
    }
    return out;
}

} // namespace evidence::disclosure
