# Install layout (GNUInstallDirs) and packages (CPack: DEB on Linux, NSIS on Windows).
# One application id names the desktop file, the AppStream metadata, the icons and the MIME type.

set(EVIDENCE_APP_ID "org.evidencedesk.EvidenceDesk")
set(installer_dir "${PROJECT_SOURCE_DIR}/installer")

configure_file("${installer_dir}/linux/${EVIDENCE_APP_ID}.desktop.in"
               "${PROJECT_BINARY_DIR}/installer/${EVIDENCE_APP_ID}.desktop" @ONLY)
configure_file("${installer_dir}/linux/${EVIDENCE_APP_ID}.metainfo.xml.in"
               "${PROJECT_BINARY_DIR}/installer/${EVIDENCE_APP_ID}.metainfo.xml" @ONLY)

if(UNIX AND NOT APPLE)
    if(EVIDENCE_GUI)
        install(FILES "${PROJECT_BINARY_DIR}/installer/${EVIDENCE_APP_ID}.desktop"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
        install(FILES "${PROJECT_BINARY_DIR}/installer/${EVIDENCE_APP_ID}.metainfo.xml"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    endif()
    install(FILES "${installer_dir}/linux/${EVIDENCE_APP_ID}.mime.xml"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages" RENAME "${EVIDENCE_APP_ID}.xml")
    install(FILES "${installer_dir}/icons/${EVIDENCE_APP_ID}.svg"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
    foreach(size 16 32 48 64 128 256)
        install(FILES "${installer_dir}/icons/${EVIDENCE_APP_ID}-${size}.png"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps"
                RENAME "${EVIDENCE_APP_ID}.png")
    endforeach()
    # Debian installs manual pages compressed; -n keeps the archive free of a timestamp.
    find_program(GZIP_EXECUTABLE gzip REQUIRED)
    set(man_gz "${PROJECT_BINARY_DIR}/installer/evidence-cli.1.gz")
    add_custom_command(OUTPUT "${man_gz}"
                       COMMAND sh -c "\"${GZIP_EXECUTABLE}\" -9nc \"${installer_dir}/linux/evidence-cli.1\" > \"${man_gz}\""
                       DEPENDS "${installer_dir}/linux/evidence-cli.1" VERBATIM)
    add_custom_target(evidence_manpage ALL DEPENDS "${man_gz}")
    install(FILES "${man_gz}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endif()

set(CPACK_PACKAGE_NAME "evidence-desk")
set(CPACK_PACKAGE_VENDOR "Evidence Desk developers")
set(CPACK_PACKAGE_CONTACT "Evidence Desk developers <maintainers@evidencedesk.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Prepare checked evidence for a consultation response")
set(CPACK_PACKAGE_DESCRIPTION
    "Evidence Desk is a workbench for charity policy officers who answer government consultations with\n"
    "evidence: police-recorded figures and anonymised case studies. It keeps every edit in a local\n"
    "store, computes trends honestly, stops identifying details from leaving the tool and exports an\n"
    "accessible Excel workbook.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Evidence Desk")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)

# Debian package: dependencies from the binaries (dpkg-shlibdeps), plus what the desktop integration
# needs at install time.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://evidencedesk.org/")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "shared-mime-info, desktop-file-utils, hicolor-icon-theme, xdg-utils")

# On Windows the setup executable is installer/windows/evidence-desk.nsi, built by
# scripts/build-windows.sh: it installs per user without administrator rights (associations under
# HKCU\Software\Classes) or for all users. CPack's NSIS template writes the association to HKCR, which
# needs an administrator, so CPack makes only a plain archive there.
if(WIN32)
    set(CPACK_GENERATOR "ZIP")
else()
    set(CPACK_GENERATOR "DEB")
endif()
include(CPack)
