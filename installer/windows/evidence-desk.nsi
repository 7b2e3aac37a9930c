; Evidence Desk setup for Windows, built with Debian's makensis by scripts/build-windows.sh:
;   makensis -DVERSION=0.1.0 -DPAYLOAD=<folder> -DOUTFILE=<setup.exe> installer/windows/evidence-desk.nsi
; PAYLOAD holds what is installed: evidence-desk.exe, evidence-cli.exe, evidence-desk.ico, LICENSE.txt,
; doc\ (methodology, the evidence-cli manual as text) and licences\ (one file per linked library).
;
; Charity laptops are locked down, so the default is a per-user install that needs no administrator
; (%LOCALAPPDATA%\Programs\Evidence Desk, registry under HKCU); "for all users" installs into Program
; Files under HKLM. Silent: /S (per user), /S /AllUsers (per machine); the uninstaller takes /S too.

; A 64-bit installer for a 64-bit program: it runs where the program can (and under wine64 alone).
Target amd64-unicode
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "define VERSION, e.g. -DVERSION=0.1.0"
!endif
!ifndef PAYLOAD
  !error "define PAYLOAD, the folder of files to install"
!endif
!ifndef OUTFILE
  !define OUTFILE "evidence-desk-${VERSION}-setup.exe"
!endif

!define APP_NAME "Evidence Desk"
!define APP_KEY "EvidenceDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
!define PROG_ID "EvidenceDesk.Store"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP_NAME} setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "Evidence Desk developers"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_MUI
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh

!define MUI_ICON "${PAYLOAD}\evidence-desk.ico"
!define MUI_UNICON "${PAYLOAD}\evidence-desk.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\evidence-desk.exe"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\doc\methodology.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "Read how Evidence Desk computes and checks figures"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${PAYLOAD}\LICENSE.txt"
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "Evidence Desk" main
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${PAYLOAD}\evidence-desk.exe"
  File "${PAYLOAD}\evidence-cli.exe"
  File "${PAYLOAD}\evidence-desk.ico"
  File "${PAYLOAD}\LICENSE.txt"
  SetOutPath "$INSTDIR\doc"
  File /r "${PAYLOAD}\doc\*.*"
  SetOutPath "$INSTDIR\licences"
  File /r "${PAYLOAD}\licences\*.*"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\evidence-desk.exe" "" \
      "$INSTDIR\evidence-desk.ico"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\How Evidence Desk computes figures.lnk" "$INSTDIR\doc\methodology.txt"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk" "$INSTDIR\uninstall.exe" \
      "/$MultiUser.InstallMode"

  ; .evidence stores open in Evidence Desk and show its icon. Software\Classes under SHCTX is
  ; HKCU for a per-user install and HKLM for all users: no administrator needed for the former.
  WriteRegStr SHCTX "Software\Classes\.evidence" "" "${PROG_ID}"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}" "" "Evidence Desk store"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\evidence-desk.ico"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\evidence-desk.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "Evidence Desk developers"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\evidence-desk.ico"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put there: the user's stores and workbooks live elsewhere and stay.
  Delete "$INSTDIR\evidence-desk.exe"
  Delete "$INSTDIR\evidence-cli.exe"
  Delete "$INSTDIR\evidence-desk.ico"
  Delete "$INSTDIR\LICENSE.txt"
  RMDir /r "$INSTDIR\doc"
  RMDir /r "$INSTDIR\licences"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\How Evidence Desk computes figures.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"

  ; The association is removed only while it is still ours.
  ReadRegStr $0 SHCTX "Software\Classes\.evidence" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey SHCTX "Software\Classes\.evidence"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd
