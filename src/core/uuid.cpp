#include "core/uuid.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <random>

namespace evidence {

std::string newUuid()
{
    static std::mutex mutex;
    static std::mt19937_64 engine = [] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }();
    std::array<std::uint8_t, 16> b{};
    {
        std::lock_guard lock(mutex);
        const std::uint64_t hi = engine(), lo = engine();
        for (int i = 0; i < 8; ++i) {
            b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(hi >> (8 * i));
            b[static_cast<std::size_t>(i + 8)] = static_cast<std::uint8_t>(lo >> (8 * i));
        }
    }
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 0x0F];
    }
    return out;
}

} // namespace evidence
