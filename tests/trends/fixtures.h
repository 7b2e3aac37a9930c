#pragma once
/// @file fixtures.h
/// @brief Builders of observations and areas for the trend engine tests.

#include "core/domain.h"

#include <ostream>
#include <string>
#include <string_view>

namespace evidence {

/// Lets BOOST_TEST print periods ("2015/16") when a comparison fails.
inline std::ostream& boost_test_print_type(std::ostream& out, const Period& period)
{
    return out << period.toString();
}

} // namespace evidence

namespace evidence::test {

/// A total observation of measure 1 for @p area in @p period with @p value.
inline Observation obs(RowId area, std::string_view period, double value)
{
    Observation o;
    o.measureId = 1;
    o.areaId = area;
    o.period = Period::parse(period);
    o.value = value;
    return o;
}

/// An observation whose value is replaced by @p marker ("[x]", "[c]", "[z]", "[low]").
inline Observation marked(RowId area, std::string_view period, std::string_view marker)
{
    Observation o;
    o.measureId = 1;
    o.areaId = area;
    o.period = Period::parse(period);
    o.markers = Markers::parse(marker);
    return o;
}

/// A breakdown observation: @p dimension / @p category, for area 1 in 2018/19.
inline Observation category(std::string_view dimension, std::string_view categoryName, double value)
{
    Observation o = obs(1, "2018/19", value);
    o.dimension = std::string(dimension);
    o.category = std::string(categoryName);
    return o;
}

/// A police force area with @p id and @p name.
inline Area force(RowId id, std::string name)
{
    Area a;
    a.id = id;
    a.name = std::move(name);
    a.kind = AreaKind::PoliceForceArea;
    return a;
}

} // namespace evidence::test
