# Warnings, sanitizers and resource embedding shared by every target of ours.

set(EVIDENCE_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    -Wformat=2 -Wcast-align -Wundef)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports false -Wrestrict errors inside libstdc++'s std::string operator+ at -O3
    # (GCC bug 105651, fixed in GCC 13).
    list(APPEND EVIDENCE_WARNINGS -Wno-restrict)
endif()

if(EVIDENCE_SANITIZE)
    add_compile_options(-fsanitize=${EVIDENCE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${EVIDENCE_SANITIZE})
endif()

# evidence_target_defaults(target): our warning set (errors under EVIDENCE_WERROR).
function(evidence_target_defaults target)
    target_compile_options(${target} PRIVATE ${EVIDENCE_WARNINGS})
    if(EVIDENCE_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# evidence_embed(OUT_VAR NAMESPACE ns FILES f1 f2 ...)
# Generates a .cpp defining `std::span<const EmbeddedFile> ns::embeddedFiles()` holding
# the bytes of each file, keyed by file name, so the binary needs no data directory.
function(evidence_embed out_var)
    cmake_parse_arguments(ARG "" "NAMESPACE;NAME" "FILES" ${ARGN})
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}.cpp")
    add_custom_command(
        OUTPUT "${out}"
        COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ARG_NAMESPACE} "-DFILES=${ARG_FILES}"
                -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
        DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
        COMMENT "Embedding ${ARG_NAME}"
        VERBATIM)
    set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
