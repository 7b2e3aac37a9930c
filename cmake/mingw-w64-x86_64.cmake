# Cross-compiles for 64-bit Windows with Debian's MinGW-w64 toolchain (g++-mingw-w64-x86-64-posix:
# the posix thread model, which std::thread and std::mutex need).
#
# The Windows builds of the dependencies (scripts/build-windows.sh) are searched in the folders
# listed in EVIDENCE_WINDOWS_PREFIXES (a CMake list, or the environment variable of the same name
# with ':' between folders), then in Debian's MinGW-w64 sysroot (zlib).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(EVIDENCE_MINGW_HOST x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${EVIDENCE_MINGW_HOST}-gcc-posix)
set(CMAKE_CXX_COMPILER ${EVIDENCE_MINGW_HOST}-g++-posix)
set(CMAKE_RC_COMPILER ${EVIDENCE_MINGW_HOST}-windres)
set(CMAKE_AR ${EVIDENCE_MINGW_HOST}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${EVIDENCE_MINGW_HOST}-gcc-ranlib-posix CACHE FILEPATH "")

if(NOT EVIDENCE_WINDOWS_PREFIXES AND DEFINED ENV{EVIDENCE_WINDOWS_PREFIXES})
    string(REPLACE ":" ";" EVIDENCE_WINDOWS_PREFIXES "$ENV{EVIDENCE_WINDOWS_PREFIXES}")
endif()
# try_compile projects re-read this file without the cache: hand the list on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EVIDENCE_WINDOWS_PREFIXES)

set(CMAKE_FIND_ROOT_PATH ${EVIDENCE_WINDOWS_PREFIXES} /usr/${EVIDENCE_MINGW_HOST})
set(CMAKE_PREFIX_PATH ${EVIDENCE_WINDOWS_PREFIXES})
# Programs (protoc, wxrc, the ICU tools) run on the build machine; everything linked comes from Windows folders.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_LIBRARY_SUFFIXES .a .dll.a .lib)

# pkg-config looks only at the Windows builds, never at the machine's Linux .pc files.
set(evidence_pc_dirs "")
foreach(prefix IN LISTS EVIDENCE_WINDOWS_PREFIXES)
    list(APPEND evidence_pc_dirs "${prefix}/lib/pkgconfig" "${prefix}/share/pkgconfig")
endforeach()
list(APPEND evidence_pc_dirs "/usr/${EVIDENCE_MINGW_HOST}/lib/pkgconfig")
string(REPLACE ";" ":" evidence_pc_dirs "${evidence_pc_dirs}")
set(ENV{PKG_CONFIG_LIBDIR} "${evidence_pc_dirs}")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
set(PKG_CONFIG_ARGN --static)
# Every dependency is a static library; FindOpenSSL then adds what libcrypto needs (ws2_32, crypt32).
set(OPENSSL_USE_STATIC_LIBS TRUE)

# One self-contained executable: the C and C++ runtimes and winpthread are linked in, not shipped as DLLs.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
# Unicode Windows API (wide-character paths) and no min/max macros from <windows.h>.
set(CMAKE_C_FLAGS_INIT "-DUNICODE -D_UNICODE -DNOMINMAX")
set(CMAKE_CXX_FLAGS_INIT "-DUNICODE -D_UNICODE -DNOMINMAX")

# Executables built here run on the build machine under Wine (tests, CMake's emulator support).
find_program(EVIDENCE_WINE64 NAMES wine64 wine PATHS /usr/lib/wine NO_DEFAULT_PATH)
if(NOT EVIDENCE_WINE64)
    find_program(EVIDENCE_WINE64 NAMES wine64 wine)
endif()
if(EVIDENCE_WINE64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${EVIDENCE_WINE64})
endif()
