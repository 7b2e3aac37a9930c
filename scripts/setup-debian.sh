#!/usr/bin/env bash
# Installs the Debian 12 packages Evidence Desk needs to build, run and test, skipping those
# already installed. Safe to run again. Uses sudo when not run as root.
set -euo pipefail

packages=(
    # build
    build-essential cmake ninja-build pkg-config git clang-format
    # libraries (see README, dependencies)
    libwxgtk3.2-dev wx-common libsqlitecpp-dev libsqlite3-dev libxlsxwriter-dev libboost-test-dev
    libcli11-dev libcsv-dev libre2-dev libphonenumber-dev libzip-dev zlib1g-dev libexpat1-dev libssl-dev nlohmann-json3-dev libtomlplusplus-dev
    # running the GUI without a display, screenshots
    xvfb xauth imagemagick
    # independent readers of the workbook, rendering it to pages, benchmark peers
    libreoffice-calc-nogui libreoffice-writer-nogui python3-openpyxl python3-xlsxwriter poppler-utils sqlite3
    # linearity checks: instruction counts (callgrind), processor times, their ratios
    valgrind time bc
    # packaging checks
    desktop-file-utils appstream dpkg-dev
    # Windows: the cross toolchain and NSIS, for CI's quick check of the toolchain file and installer script
    g++-mingw-w64-x86-64-posix nsis
)

missing=()
for p in "${packages[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#packages[@]} Debian packages are installed."
    exit 0
fi
echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
