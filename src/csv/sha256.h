#pragma once
/// @file sha256.h
/// @brief SHA-256 over a stream of bytes (OpenSSL's libcrypto), so an import can name exactly the file it read.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace evidence::csv {

/// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    /// Adds @p bytes to the digest; call it before hex(), never after.
    void update(std::string_view bytes);
    /// The digest as 64 lower-case hex digits. Ends the computation: call it once.
    std::string hex();
    /// How many bytes update() has seen.
    std::uint64_t size() const noexcept { return m_length; }

private:
    struct Context;
    std::unique_ptr<Context> m_context;
    std::uint64_t m_length = 0;
};

/// SHA-256 of @p bytes as 64 lower-case hex digits.
std::string sha256Hex(std::string_view bytes);

} // namespace evidence::csv
