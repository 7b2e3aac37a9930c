#!/usr/bin/env bash
# Builds Evidence Desk for 64-bit Windows on Debian 12 with Debian's MinGW-w64 cross compiler:
# every library the Linux build links is built for Windows from its Debian source package, at the
# version installed for the Linux build, into a cache folder keyed by that version (a second run
# reuses it); then the project, then the NSIS installer.
#
#   scripts/build-windows.sh [fetch|deps|project|available|installer|all] [dependency...]
#
# fetch: only download and unpack the sources; deps: build the dependencies (all, or those named);
# project: the project with cmake/mingw-w64-x86_64.cmake; installer: the setup executable.
# available [TARGET...]: while dependencies are still being built, every target of the project (or
# those named) that the ones already cached allow, without the GUI; says which were built.
# Environment: EVIDENCE_WINDOWS_CACHE (default ~/.cache/evidence-desk/windows), EVIDENCE_WINDOWS_BUILD
# (default build-windows in the source tree), EVIDENCE_WINDOWS_JOBS (default: number of cores).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${EVIDENCE_WINDOWS_CACHE:-$HOME/.cache/evidence-desk/windows}"
build="${EVIDENCE_WINDOWS_BUILD:-$root/build-windows}"
jobs="${EVIDENCE_WINDOWS_JOBS:-$(nproc)}"
host=x86_64-w64-mingw32
toolchain="$root/cmake/mingw-w64-x86_64.cmake"
mode="${1:-all}"
shift || true
wanted=("$@")

# Cheapest first, so that an interrupted run has cached as many as it could.
# name | Debian binary package whose source and version the Linux build uses
deps=(
    "nlohmann-json nlohmann-json3-dev"
    "cli11 libcli11-dev"
    "tomlplusplus libtomlplusplus-dev"
    "libcsv libcsv-dev"
    "sqlite3 libsqlite3-dev"
    "sqlitecpp libsqlitecpp-dev"
    "expat libexpat1-dev"
    "openssl libssl-dev"
    "libxlsxwriter libxlsxwriter-dev"
    "libzip libzip-dev"
    "re2 libre2-dev"
    "boost libboost-test1.74-dev"
    "libpng libpng-dev"
    "protobuf libprotobuf-dev"
    "abseil libabsl-dev"
    "icu libicu-dev"
    "libphonenumber libphonenumber-dev"
    "wxwidgets libwxgtk3.2-dev"
)

# The Boost.Test executables that build for Windows: the others start programs with fork() or check
# POSIX file modes, and are run on Linux only.
windows_suites="core_tests platform_files_tests trends_tests anon_tests profile_tests"

# Header-only libraries whose Debian source is not in the archive this machine reaches: their
# headers (architecture-independent, the same version) come from the installed -dev package.
from_installed_headers=" tomlplusplus "

log() { printf '%s windows: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

install_tools() {
    # The Linux build's packages first: each Windows dependency is built at the version installed for it.
    "$root/scripts/setup-debian.sh"
    # Debian's cross toolchain and the tools to fetch and build Debian sources, check the
    # installer and run the result.
    local packages=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-tools
        libz-mingw-w64-dev nsis wine64 dpkg-dev protobuf-compiler tcl cmake ninja-build pkg-config
        python3-openpyxl unicode-data groff-base bison googletest xvfb xauth x11-utils imagemagick) missing=() p
    for p in "${packages[@]}"; do
        if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# A private apt configuration with deb-src lines made from the machine's own Debian sources, so
# that `apt-get source` works without touching /etc/apt.
apt_dir="$cache/apt"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Dir::Etc::Preferences=/dev/null"
    -o "Dir::Etc::PreferencesParts=$apt_dir/preferences.d" -o "APT::Sandbox::User=root")
setup_apt() {
    mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
        "$apt_dir/preferences.d"
    : >"$apt_dir/sources.list"
    if [ -f /etc/apt/sources.list ]; then
        grep -E '^deb ' /etc/apt/sources.list | grep -v '^deb .*://[^ ]*(nodesource|google)' |
            sed 's/^deb /deb-src /' >>"$apt_dir/sources.list" || true
    fi
    local f
    : >"$apt_dir/sources.list.d/debian-src.sources"
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # Keep the stanzas signed by Debian's archive key, as deb-src.
        awk 'BEGIN { RS = ""; ORS = "\n\n" }
             /Signed-By: *\/usr\/share\/keyrings\/debian-archive-keyring\.gpg/ {
                 out = ""; n = split($0, lines, "\n")
                 for (i = 1; i <= n; i++) {
                     if (lines[i] ~ /^#/) continue
                     if (lines[i] ~ /^Types:/) lines[i] = "Types: deb-src"
                     out = out lines[i] "\n"
                 }
                 printf "%s\n", out
             }' "$f" >>"$apt_dir/sources.list.d/debian-src.sources"
    done
    if ! grep -q . "$apt_dir/sources.list" "$apt_dir/sources.list.d/debian-src.sources"; then
        echo "windows: no Debian apt source found in /etc/apt to make deb-src lines from" >&2
        exit 1
    fi
    local stamp="$apt_dir/lists/.updated"
    if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
        log "apt-get update (private source lists in $apt_dir)"
        apt-get "${apt_opts[@]}" update -qq
        touch "$stamp"
    fi
}

# Prints "source-package version" of the Debian package the Linux build uses.
linux_version() {
    local v
    v="$(dpkg-query -W -f='${source:Package} ${source:Version}' "$1" 2>/dev/null)" || {
        echo "windows: $1 is not installed; run scripts/setup-debian.sh first" >&2
        return 1
    }
    echo "$v"
}

# Unpacks the Debian source package (with Debian's patches applied) once, into $cache/src; sets
# src_dir and src_version. A security update may have replaced the installed version in the archive:
# then the newest source of the same Debian release is taken, and said so.
fetch_source() {
    local src="$1" version="$2" dir
    dir="$cache/src/$src-${version//:/_}"
    if [ ! -f "$dir/.unpacked" ]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        log "apt-get source $src=$version"
        if ! (cd "$dir" && apt-get "${apt_opts[@]}" source -qq "$src=$version" >/dev/null 2>"$dir.log"); then
            log "NOTE: $src $version is no longer in the archive; taking the newest $src of this release that is"
            local other fetched=""
            for other in $(apt-cache "${apt_opts[@]}" showsrc "$src" | sed -n 's/^Version: //p' | sort -Vru); do
                rm -rf "${dir:?}"/*
                if (cd "$dir" && apt-get "${apt_opts[@]}" source -qq "$src=$other" >/dev/null 2>>"$dir.log"); then
                    fetched=$other
                    break
                fi
            done
            if [ -z "$fetched" ]; then
                cat "$dir.log" >&2
                return 1
            fi
        fi
        touch "$dir/.unpacked"
    fi
    src_dir="$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
    src_version="$(sed -n 's/^Version: //p' "$dir"/*.dsc | head -n 1)"
}

prefix_of() { echo "$cache/$1-${2//:/_}"; }

# The dependency folders already built, as a CMake list.
built_prefixes() {
    local d list=""
    for d in "$cache"/*/.built; do
        [ -f "$d" ] && list="$list${list:+;}$(dirname "$d")"
    done
    echo "$list"
}

cross_env() {
    export CC=$host-gcc-posix CXX=$host-g++-posix AR=$host-gcc-ar-posix RANLIB=$host-gcc-ranlib-posix
    export RC=$host-windres WINDRES=$host-windres STRIP=$host-strip
}

# cmake_dep SOURCE_DIR [CMAKE_ARGS...]: a static release build installed into $prefix.
cmake_dep() {
    local source="$1"
    shift
    cmake -S "$source" -B "$work/build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
        -DEVIDENCE_WINDOWS_PREFIXES="$(built_prefixes)" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF "$@"
    cmake --build "$work/build" --parallel "$jobs"
    cmake --install "$work/build"
}

write_pc() { # NAME VERSION LIBS [REQUIRES]
    mkdir -p "$prefix/lib/pkgconfig"
    cat >"$prefix/lib/pkgconfig/$1.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: $1
Description: $1 built for Windows by build-windows.sh
Version: $2
Requires.private: ${4:-}
Libs: -L\${libdir} $3
Cflags: -I\${includedir}
PC
}

build_nlohmann-json() { cmake_dep "$src_dir" -DJSON_BuildTests=OFF -DJSON_Install=ON; }

build_cli11() {
    cmake_dep "$src_dir" -DCLI11_BUILD_TESTS=OFF -DCLI11_BUILD_EXAMPLES=OFF -DCLI11_BUILD_DOCS=OFF \
        -DCLI11_SINGLE_FILE=OFF -DCLI11_PRECOMPILED=OFF
}

build_tomlplusplus() {
    # Linked as on Linux (TOML_HEADER_ONLY=0): the implementation compiled once, into a static library,
    # from the headers of the installed Debian package (see from_installed_headers).
    cross_env
    mkdir -p "$work" "$prefix/include" "$prefix/lib/pkgconfig"
    cp -r "$src_dir/toml++" "$prefix/include/"
    printf '#define TOML_IMPLEMENTATION\n#include <toml++/toml.h>\n' >"$work/toml.cpp"
    $CXX -std=c++17 -O2 -I"$prefix/include" -DTOML_HEADER_ONLY=0 -c "$work/toml.cpp" -o "$work/toml.o"
    $AR rcs "$prefix/lib/libtomlplusplus.a" "$work/toml.o"
    cat >"$prefix/lib/pkgconfig/tomlplusplus.pc" <<PC
prefix=$prefix
Name: tomlplusplus
Description: toml++ built for Windows by build-windows.sh
Version: ${src_version%%+*}
Libs: -L\${prefix}/lib -ltomlplusplus
Cflags: -I\${prefix}/include -DTOML_HEADER_ONLY=0
PC
}

build_libcsv() {
    cross_env
    mkdir -p "$work" "$prefix/include" "$prefix/lib"
    $CC -O2 -Wall -c "$src_dir/libcsv.c" -o "$work/libcsv.o"
    $AR rcs "$prefix/lib/libcsv.a" "$work/libcsv.o"
    cp "$src_dir/csv.h" "$prefix/include/"
}

# Debian's compile-time options (debian/rules), so that the Windows store behaves as the Linux one.
sqlite_flags=(-DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3
    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 -DSQLITE_ENABLE_UNLOCK_NOTIFY
    -DSQLITE_OMIT_LOOKASIDE=1 -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ALLOW_ROWID_IN_VIEW
    -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_ENABLE_LOAD_EXTENSION -DSQLITE_ENABLE_JSON1
    -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS3_TOKENIZER=1 -DSQLITE_USE_URI=1
    -DSQLITE_MAX_SCHEMA_RETRY=25 -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_STMTVTAB
    -DSQLITE_MAX_VARIABLE_NUMBER=250000)
build_sqlite3() {
    # The amalgamation is generated by tools that run here (native build), then compiled for Windows.
    mkdir -p "$work/native" "$prefix/include" "$prefix/lib"
    (cd "$work/native" && env -u CC -u CXX "$src_dir/configure" --disable-tcl >configure.log && make sqlite3.c >make.log)
    cross_env
    $CC -O2 -fno-strict-aliasing "${sqlite_flags[@]}" -c "$work/native/sqlite3.c" -o "$work/sqlite3.o"
    $AR rcs "$prefix/lib/libsqlite3.a" "$work/sqlite3.o"
    cp "$work/native/sqlite3.h" "$src_dir/src/sqlite3ext.h" "$prefix/include/"
    write_pc sqlite3 "${src_version%%-*}" "-lsqlite3"
}

build_sqlitecpp() {
    cmake_dep "$src_dir" -DSQLITECPP_INTERNAL_SQLITE=OFF -DSQLITECPP_RUN_CPPLINT=OFF \
        -DSQLITECPP_RUN_CPPCHECK=OFF -DSQLITECPP_BUILD_TESTS=OFF -DSQLITECPP_BUILD_EXAMPLES=OFF
}

build_expat() {
    local source="$src_dir"
    [ -f "$source/CMakeLists.txt" ] || source="$src_dir/expat"
    cmake -S "$source" -B "$work/build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX="$prefix" -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
        -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_PKGCONFIG=ON
    # Debian's security patches test "#if XML_DTD == 1", as its autotools build defines it; CMake's
    # configuration header defines it empty.
    sed -i 's/^#define XML_DTD$/#define XML_DTD 1/; s/^#define XML_GE$/#define XML_GE 1/' "$work/build/expat_config.h"
    cmake --build "$work/build" --parallel "$jobs"
    cmake --install "$work/build"
}

build_libxlsxwriter() {
    # Built with MinGW, libxlsxwriter 1.1.4 hides _WIN32 from its file opening and so opens the workbook
    # with the ANSI fopen: a UTF-8 name such as C:\Users\Zoë\Réponse.xlsx is then not found. On a copy
    # of the source it takes the wide-character path it takes under MSVC (_wfopen, minizip's iowin32).
    cp -a "$src_dir" "$work/src"
    perl -0pi -e 's/#ifdef __MINGW32__\n#undef _WIN32\n#endif\n//' "$work/src/src/utility.c" "$work/src/src/packager.c"
    perl -0pi -e 's/if\(MSVC\)(\s*list\(APPEND LXW_SOURCES third_party\/minizip\/iowin32\.c\))/if(WIN32)$1/' \
        "$work/src/CMakeLists.txt"
    # The export holds its temporary workbook open (its lock says the file is in use); minizip's iowin32
    # creates the file sharing nothing, so it must share reading with that handle.
    perl -0pi -e 's/(\*lpdwCreationDisposition = CREATE_ALWAYS;\n)/$1        *lpdwShareMode = FILE_SHARE_READ;\n/' \
        "$work/src/third_party/minizip/iowin32.c"
    if grep -q '#undef _WIN32' "$work/src/src/utility.c" "$work/src/src/packager.c" ||
        ! grep -q 'if(WIN32)' "$work/src/CMakeLists.txt" ||
        ! grep -A1 'CREATE_ALWAYS;' "$work/src/third_party/minizip/iowin32.c" | grep -q FILE_SHARE_READ; then
        echo "libxlsxwriter's source is not as expected: the wide-character file names cannot be switched on" >&2
        return 1
    fi
    # Debian links the system minizip; for Windows the copy in third_party/ is linked in. As Debian's, it
    # takes MD5 from OpenSSL (built before it): its own copy would clash with libcrypto's in one program.
    cmake_dep "$work/src" -DUSE_SYSTEM_MINIZIP=OFF -DUSE_OPENSSL_MD5=ON -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF
}

build_libzip() {
    # Its Windows crypto uses <windows.h>'s min and max macros, which NOMINMAX (the toolchain's, for C++) hides.
    cmake_dep "$src_dir" -DCMAKE_C_FLAGS="-DUNICODE -D_UNICODE" -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_OPENSSL=OFF \
        -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=ON \
        -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF
}

build_re2() {
    # Debian's source leaves out the generated tables and remakes them from unicode-data, as here.
    (cd "$src_dir" && perl re2/make_perl_groups.pl >re2/perl_groups.cc &&
        python3 re2/make_unicode_casefold.py >re2/unicode_casefold.cc &&
        python3 re2/make_unicode_groups.py >re2/unicode_groups.cc)
    cmake_dep "$src_dir" -DRE2_BUILD_TESTING=OFF
    [ -f "$prefix/lib/pkgconfig/re2.pc" ] || write_pc re2 "${src_version%%+*}" "-lre2"
}

build_openssl() {
    # Only libcrypto is linked (SHA-256 of imported files).
    mkdir -p "$work/build"
    cd "$work/build"
    env -u CC -u CXX "$src_dir/Configure" mingw64 no-shared no-tests no-engine no-module \
        --cross-compile-prefix=$host- --prefix="$prefix" --libdir=lib >configure.log
    make -j"$jobs" build_libs >make.log
    make install_dev >install.log
    cd "$root"
}

build_boost() {
    # Only Boost.Test is compiled; the headers are installed whole.
    mkdir -p "$work"
    cat >"$work/user-config.jam" <<JAM
using gcc : mingw : $host-g++-posix ;
JAM
    cd "$src_dir"
    # Debian's source leaves out Boost.Build's generated parser; its rules remake it with bison.
    [ -f tools/build/src/engine/jamgram.cpp ] ||
        (cd tools/build && bison -y -d -o src/engine/jamgram.cpp src/engine/jamgram.y)
    [ -x ./b2 ] || ./bootstrap.sh --with-libraries=test >"$work/bootstrap.log"
    ./b2 -j"$jobs" -q --user-config="$work/user-config.jam" --build-dir="$work/build" --prefix="$prefix" \
        --layout=system --with-test toolset=gcc-mingw target-os=windows threadapi=win32 address-model=64 \
        architecture=x86 variant=release link=static runtime-link=shared threading=multi install >"$work/b2.log"
    cd "$root"
}

build_libpng() { cmake_dep "$src_dir" -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_TESTS=OFF -DPNG_EXECUTABLES=OFF; }

build_protobuf() {
    # The generated code must match the protoc that runs here: Debian's, of the same version.
    local native
    native="$(protoc --version | awk '{print $2}')"
    if [ "$native" != "${src_version%%-*}" ]; then
        echo "windows: protoc $native here, protobuf ${src_version%%-*} for Windows; they must match" >&2
        return 1
    fi
    local source="$src_dir"
    [ -f "$source/CMakeLists.txt" ] || source="$src_dir/cmake"
    cmake_dep "$source" -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF \
        -Dprotobuf_WITH_ZLIB=OFF -Dprotobuf_BUILD_SHARED_LIBS=OFF -Dprotobuf_MSVC_STATIC_RUNTIME=OFF
}

build_abseil() { cmake_dep "$src_dir" -DABSL_PROPAGATE_CXX_STD=ON -DABSL_BUILD_TESTING=OFF; }

build_icu() {
    # ICU's cross build runs its data tools from a native build of the same source.
    mkdir -p "$work/native" "$work/cross"
    (cd "$work/native" && env -u CC -u CXX "$src_dir/source/runConfigureICU" Linux --disable-tests \
        --disable-samples >configure.log && make -j"$jobs" >make.log)
    cross_env
    # A static Windows ICU installs its data library into bin/, which its install does not create.
    mkdir -p "$prefix/bin"
    (cd "$work/cross" && "$src_dir/source/configure" --host=$host --with-cross-build="$work/native" \
        --prefix="$prefix" --enable-static --disable-shared --disable-tests --disable-samples \
        --disable-extras --disable-tools >configure.log && make -j"$jobs" >make.log && make install >install.log)
}

build_libphonenumber() {
    # As Debian builds it (ICU regular expressions, no Boost), without the geocoder the project
    # does not link. Its CMake file needs Google Test's sources even for the library alone: Debian's
    # googletest source, fetched as every dependency is (the version installed here).
    local own_dir="$src_dir" own_version="$src_version" gtest_source gtest_version
    read -r gtest_source gtest_version <<<"$(linux_version googletest)"
    fetch_source "$gtest_source" "$gtest_version"
    local gtest="$src_dir/googletest"
    src_dir="$own_dir" src_version="$own_version"
    # ICU built static for Windows names its libraries sicu*, and its headers must be told they are static.
    local icu icu_libs
    icu="$(compgen -G "$cache/icu-*/.built" | head -n 1)"
    icu="${icu%/.built}"
    icu_libs="$icu/lib/libsicuin.a;$icu/lib/libsicuuc.a;$icu/lib/libsicudt.a"
    cmake_dep "$src_dir/cpp" -DGTEST_INCLUDE_DIR="$gtest/include" -DGTEST_SOURCE_DIR="$gtest" \
        -DICU_UC_LIB="$icu_libs" -DICU_I18N_LIB="$icu_libs" -DCMAKE_CXX_FLAGS=-DU_STATIC_IMPLEMENTATION \
        -DUSE_BOOST=OFF -DUSE_STDMUTEX=ON -DBUILD_GEOCODER=OFF -DREGENERATE_METADATA=OFF \
        -DUSE_ICU_REGEXP=ON -DUSE_RE2=OFF -DBUILD_STATIC_LIB=ON -DPROTOC_BIN="$(command -v protoc)"
}

build_wxwidgets() {
    # The MSW port. Debian's source has no bundled libpng, libjpeg, libtiff, zlib or expat: PNG,
    # zlib and expat come from the builds above and Debian's MinGW zlib; JPEG and TIFF are left out.
    local prefixes inc="" lib=""
    IFS=';' read -r -a prefixes <<<"$(built_prefixes)"
    for p in "${prefixes[@]}"; do
        inc="$inc -I$p/include"
        lib="$lib -L$p/lib"
    done
    cross_env
    mkdir -p "$work/build"
    (cd "$work/build" && CPPFLAGS="$inc" LDFLAGS="$lib" "$src_dir/configure" --host=$host \
        --build=x86_64-pc-linux-gnu --prefix="$prefix" --disable-shared --with-msw --enable-unicode \
        --with-zlib=sys --with-expat=sys --with-libpng=sys --without-libjpeg --without-libtiff \
        --with-regex=builtin --without-opengl --disable-webview --disable-mediactrl --disable-ribbon \
        --disable-propgrid --disable-tests >configure.log && make -j"$jobs" >make.log &&
        make install >install.log)
}

# Builds one dependency unless the folder keyed by its version is already there.
build_dep() {
    local name="$1" package="$2" source version start seconds size recipe
    read -r source version <<<"$(linux_version "$package")"
    if [[ "$from_installed_headers" == *" $name "* ]]; then
        src_dir=/usr/include
        src_version="$version"
    else
        fetch_source "$source" "$version" || return 1
    fi
    prefix="$(prefix_of "$name" "$src_version")"
    # A folder built by another version of this recipe is built again.
    recipe="$(declare -f "build_$name" | sha256sum | cut -c1-16)"
    if [ -f "$prefix/.built" ] && [ "$(cat "$prefix/.built")" = "$recipe" ]; then
        log "$name $src_version: cached in $prefix"
        return 0
    fi
    [ "$src_version" = "$version" ] || log "NOTE: $name is built from $src_version; Linux has $version"
    work="$cache/work/$name"
    rm -rf "$work" "$prefix"
    mkdir -p "$work"
    log "$name $src_version: building"
    start=$(date +%s)
    # errexit is off here (see build_deps), so the recipe's subshell can turn it on for itself.
    (set -e && "build_$name") >"$cache/logs/$name.log" 2>&1
    if [ $? -ne 0 ]; then
        log "$name $src_version: FAILED, see $cache/logs/$name.log"
        tail -n 20 "$cache/logs/$name.log" >&2
        return 1
    fi
    seconds=$(($(date +%s) - start))
    size=$(du -sm "$prefix" | cut -f1)
    echo "$recipe" >"$prefix/.built"
    rm -rf "$work"
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$name" "$src_version" "$seconds" "$size" >>"$cache/timings.tsv"
    log "$name $src_version: built in ${seconds}s, ${size} MB installed"
}

build_deps() {
    local entry name failed=()
    mkdir -p "$cache/logs"
    for entry in "${deps[@]}"; do
        read -r name package <<<"$entry"
        if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
        # Not "build_dep || ...": that would switch errexit off inside every recipe, for good.
        set +e
        build_dep "$name" "$package"
        local rc=$?
        set -e
        [ $rc -eq 0 ] || failed+=("$name")
    done
    if [ ${#failed[@]} -gt 0 ]; then
        log "not built: ${failed[*]}"
        return 1
    fi
}

# The project, once every dependency is cached; says which are missing otherwise.
build_project() {
    local entry name missing=() wx_config=""
    for entry in "${deps[@]}"; do
        read -r name _ <<<"$entry"
        if ! compgen -G "$cache/$name-*/.built" >/dev/null; then missing+=("$name"); fi
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "the project needs these dependencies built first: ${missing[*]} (scripts/build-windows.sh deps)"
        return 1
    fi
    wx_config="$(compgen -G "$cache/wxwidgets-*/bin/wx-config" | head -n 1)"
    log "configuring the project in $build"
    mkdir -p "$build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
        -DEVIDENCE_WINDOWS_PREFIXES="$(built_prefixes)" -DEVIDENCE_WERROR=ON -DEVIDENCE_GUI_TESTS=OFF \
        -DwxWidgets_CONFIG_EXECUTABLE="$wx_config" >"$build/configure.log" 2>&1 || {
        cat "$build/configure.log"
        return 1
    }
    cmake --build "$build" --parallel "$jobs" --target evidence-cli evidence-desk $windows_suites
}

# Stand-ins for dependencies not built yet, so that CMake configures: an empty library and header
# folder, or a package with an empty target. Nothing that uses one can be linked; build_available
# builds only what does not.
make_stand_ins() {
    local stubs="$1" name
    shift
    rm -rf "$stubs"
    mkdir -p "$stubs/include" "$stubs/lib"
    echo 'int evidence_stand_in;' | $host-gcc-posix -x c -c - -o "$stubs/stand-in.o"
    for name in "$@"; do
        case "$name" in
        boost)
            mkdir -p "$stubs/lib/cmake/Boost-1.74.0"
            printf 'add_library(Boost::unit_test_framework INTERFACE IMPORTED)\nset(Boost_FOUND TRUE)\n' \
                >"$stubs/lib/cmake/Boost-1.74.0/BoostConfig.cmake"
            printf 'set(PACKAGE_VERSION 1.74.0)\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n' \
                >"$stubs/lib/cmake/Boost-1.74.0/BoostConfigVersion.cmake"
            ;;
        openssl) $host-gcc-ar-posix rcs "$stubs/lib/libcrypto.a" "$stubs/stand-in.o" ;;
        libphonenumber) $host-gcc-ar-posix rcs "$stubs/lib/libphonenumber.a" "$stubs/stand-in.o" ;;
        esac
    done
}

build_available() {
    local entry name missing=() stubs="$build/stand-ins" args=() target built=() waiting=()
    for entry in "${deps[@]}"; do
        read -r name _ <<<"$entry"
        if ! compgen -G "$cache/$name-*/.built" >/dev/null; then missing+=("$name"); fi
    done
    log "not cached yet: ${missing[*]:-none}"
    make_stand_ins "$stubs" "${missing[@]}"
    mkdir -p "$build"
    # Once a dependency has been built, what CMake found of its stand-in is forgotten.
    if [ "$(cat "$build/stand-ins.list" 2>/dev/null)" != "${missing[*]}" ]; then
        rm -f "$build/CMakeCache.txt"
    fi
    for name in "${missing[@]}"; do
        case "$name" in
        openssl) args+=(-DOPENSSL_ROOT_DIR="$stubs" -DOPENSSL_INCLUDE_DIR="$stubs/include"
            -DOPENSSL_CRYPTO_LIBRARY="$stubs/lib/libcrypto.a") ;;
        libphonenumber) args+=(-DPHONENUMBER_LIBRARY="$stubs/lib/libphonenumber.a"
            -DPHONENUMBER_INCLUDE_DIR="$stubs/include") ;;
        esac
    done
    log "configuring the project in $build (no GUI; stand-ins for: ${missing[*]:-none})"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
        -DEVIDENCE_WINDOWS_PREFIXES="$(built_prefixes);$stubs" -DEVIDENCE_WERROR=ON -DEVIDENCE_GUI=OFF \
        -DEVIDENCE_GUI_TESTS=OFF "${args[@]}" >"$build/configure.log" 2>&1 || {
        cat "$build/configure.log"
        return 1
    }
    echo "${missing[*]}" >"$build/stand-ins.list"
    # Everything that can be built is (-k 0), or only the targets named; what needs a stand-in fails.
    local only=()
    [ ${#wanted[@]} -gt 0 ] && only=(--target "${wanted[@]}")
    cmake --build "$build" --parallel "$jobs" "${only[@]}" -- -k 0 >"$build/available.log" 2>&1 || true
    for target in $(cmake --build "$build" --target help | sed -n 's/^\([A-Za-z0-9_-]*\): .*/\1/p' |
        grep -E '^(evidence|[a-z_]*tests$)' | sort); do
        if compgen -G "$build/**/lib$target.a" >/dev/null || compgen -G "$build/*/lib$target.a" >/dev/null ||
            compgen -G "$build/*/*/lib$target.a" >/dev/null || compgen -G "$build/*/$target.exe" >/dev/null ||
            compgen -G "$build/*/*/$target.exe" >/dev/null; then
            built+=("$target")
        else
            waiting+=("$target")
        fi
    done
    log "built for Windows: ${built[*]:-nothing}"
    log "not built (need ${missing[*]:-nothing}, or failed: see $build/available.log): ${waiting[*]:-none}"
    # A library that links one still missing is not archived, though its own sources compiled.
    log "sources that did not compile: $(sed -n 's|^FAILED: .*CMakeFiles/\([^ ]*\)\.obj.*|\1|p' \
        "$build/available.log" | tr '\n' ' ')"
}

crlf() { sed 's/\r\{0,1\}$/\r/' "$1" >"$2"; }

# The files the installer carries: both programs, the icon, the licence, the methodology and the
# evidence-cli manual as Windows text files, and the licence of every library linked in.
make_payload() {
    local payload="$1" entry name package source version
    rm -rf "$payload"
    mkdir -p "$payload/doc" "$payload/licences"
    $host-strip -o "$payload/evidence-desk.exe" "$build/src/gui/evidence-desk.exe"
    $host-strip -o "$payload/evidence-cli.exe" "$build/src/cli/evidence-cli.exe"
    cp "$root/installer/windows/evidence-desk.ico" "$payload/"
    crlf "$root/LICENSE" "$payload/LICENSE.txt"
    crlf "$root/docs/methodology.md" "$payload/doc/methodology.txt"
    crlf "$root/docs/workbook.md" "$payload/doc/workbook.txt"
    groff -man -Tutf8 -P-cbou "$root/installer/linux/evidence-cli.1" >"$payload/doc/evidence-cli.plain"
    crlf "$payload/doc/evidence-cli.plain" "$payload/doc/evidence-cli.txt"
    rm "$payload/doc/evidence-cli.plain"
    for entry in "${deps[@]}"; do
        read -r name package <<<"$entry"
        if [[ "$from_installed_headers" == *" $name "* ]]; then
            crlf "/usr/share/doc/$package/copyright" "$payload/licences/$name.txt"
            continue
        fi
        read -r source version <<<"$(linux_version "$package")"
        fetch_source "$source" "$version"
        crlf "$src_dir/debian/copyright" "$payload/licences/$name.txt"
    done
    crlf /usr/share/doc/gcc-mingw-w64-base/copyright "$payload/licences/gcc-runtime.txt"
    crlf /usr/share/doc/mingw-w64-common/copyright "$payload/licences/mingw-w64-runtime.txt"
    crlf /usr/share/doc/libz-mingw-w64/copyright "$payload/licences/zlib.txt"
}

build_installer() {
    local version
    version="$(sed -n 's/^project(evidence VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
    make_payload "$build/payload"
    makensis -V2 -WX -DVERSION="$version" -DPAYLOAD="$build/payload" \
        -DOUTFILE="$build/evidence-desk-$version-setup.exe" "$root/installer/windows/evidence-desk.nsi"
    log "installer: $build/evidence-desk-$version-setup.exe ($(du -h "$build/evidence-desk-$version-setup.exe" | cut -f1))"
}

case "$mode" in
fetch)
    install_tools
    setup_apt
    for entry in "${deps[@]}"; do
        read -r name package <<<"$entry"
        [[ "$from_installed_headers" == *" $name "* ]] && continue
        read -r source version <<<"$(linux_version "$package")"
        fetch_source "$source" "$version"
    done
    ;;
deps)
    install_tools
    setup_apt
    build_deps
    ;;
project)
    build_project
    ;;
available)
    build_available
    ;;
installer)
    setup_apt
    build_installer
    ;;
all)
    install_tools
    setup_apt
    build_deps
    build_project
    build_installer
    ;;
*)
    echo "usage: $0 [fetch|deps|project|available|installer|all] [dependency...]" >&2
    exit 2
    ;;
esac
