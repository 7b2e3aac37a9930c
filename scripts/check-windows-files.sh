#!/usr/bin/env bash
# Quick check (seconds) that the Windows build files are valid, for CI where the Windows build itself
# (scripts/build-windows.sh, hours the first time) does not run: the MinGW-w64 toolchain file builds
# and links a 64-bit Windows executable, the Windows platform code compiles, and makensis compiles the
# installer script, warnings as errors, over a dummy payload laid out as build-windows.sh lays out the
# real one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/src"
cat >"$tmp/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(toolchain_check LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
add_executable(check check.cpp)
CMAKE
cat >"$tmp/src/check.cpp" <<'CPP'
#include <filesystem>
#include <thread>
int main()
{
    std::thread t([] {});
    t.join();
    return std::filesystem::path(L"C:\\Users\\Zo\u00eb").filename().wstring().size() == 3 ? 0 : 1;
}
CPP
cmake -S "$tmp/src" -B "$tmp/build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64-x86_64.cmake" \
    >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
if [ "$(head -c 2 "$tmp/build/check.exe")" != "MZ" ]; then
    echo "windows: the toolchain file did not produce a Windows executable" >&2
    exit 1
fi
if objdump -p "$tmp/build/check.exe" | grep -q 'DLL Name: lib'; then
    echo "windows: check.exe needs a MinGW DLL; the runtime must be linked in" >&2
    exit 1
fi

# The Windows halves of the platform code, which no Linux build compiles, with the project's warnings.
for source in src/core/platform_windows.cpp tests/support/process_windows.cpp; do
    x86_64-w64-mingw32-g++-posix -std=c++20 -fsyntax-only -DUNICODE -D_UNICODE -DNOMINMAX -Wall -Wextra -Wpedantic \
        -Wshadow -Wold-style-cast -Wformat=2 -Wcast-align -Wundef -Werror -I"$root/src" -I"$root/tests" \
        "$root/$source" || { echo "windows: $source does not compile for Windows" >&2; exit 1; }
done

# On Windows a path's narrow string() is in the ANSI code page, and throws for a letter it lacks: the
# text of a path for messages, SQLite or the GUI comes from platform::utf8().
if grep -rn --include='*.cpp' --include='*.h' '\.string()' "$root/src" "$root/export" "$root/db" |
    grep -v '/src/core/platform_'; then
    echo "windows: the lines above make narrow text of a path; use platform::utf8(path)" >&2
    exit 1
fi

# std::latch, std::barrier and the semaphores wait with std::atomic::wait, which in libstdc++ 12 for
# Windows now and then misses its wake-up and waits for ever (seen under Wine in core_tests).
if grep -rnE --include='*.cpp' --include='*.h' '#include <(latch|barrier|semaphore)>' "$root/src" "$root/export" \
    "$root/db" "$root/tests"; then
    echo "windows: the lines above use a waiting primitive that can hang on Windows; use a condition variable" >&2
    exit 1
fi

payload="$tmp/payload"
mkdir -p "$payload/doc" "$payload/licences"
echo "not a program" >"$payload/evidence-desk.exe"
echo "not a program" >"$payload/evidence-cli.exe"
cp "$root/installer/windows/evidence-desk.ico" "$payload/"
cp "$root/LICENSE" "$payload/LICENSE.txt"
cp "$root/docs/methodology.md" "$payload/doc/methodology.txt"
echo "licence" >"$payload/licences/example.txt"
makensis -V2 -WX -DVERSION=0.0.0 -DPAYLOAD="$payload" -DOUTFILE="$tmp/evidence-desk-0.0.0-setup.exe" \
    "$root/installer/windows/evidence-desk.nsi" >"$tmp/makensis.log" 2>&1 || { cat "$tmp/makensis.log"; exit 1; }
[ "$(head -c 2 "$tmp/evidence-desk-0.0.0-setup.exe")" = "MZ" ]
echo "windows: toolchain file and installer script are valid"
