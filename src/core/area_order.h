#pragma once
/// @file area_order.h
/// @brief The order areas are listed in everywhere: police force areas, regions, nations, aggregates.

#include "core/domain.h"

namespace evidence {

/// 0 for police force areas, then regions, countries and aggregates.
inline int areaKindRank(AreaKind kind) noexcept
{
    switch (kind) {
    case AreaKind::PoliceForceArea:
        return 0;
    case AreaKind::Region:
        return 1;
    case AreaKind::Country:
        return 2;
    case AreaKind::Aggregate:
        return 3;
    }
    return 4;
}

} // namespace evidence
