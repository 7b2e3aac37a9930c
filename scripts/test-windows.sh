#!/usr/bin/env bash
# The Windows build tested under Wine (the README's third command; not part of CI, whose time it
# would exceed while the dependency cache is cold). Builds with scripts/build-windows.sh unless told
# otherwise, then in a fresh Wine prefix:
#   suites     the Boost.Test executables that need no display;
#   cli        evidence-cli.exe sample and export into C:\users\Zoë\Documents\Réponse Évidence\, the
#              workbook checked on the Linux side by tests/export/check_workbook.py (openpyxl), as on Linux;
#   gui        evidence-desk.exe under Xvfb opens the store in that folder: its main window titled with the
#              store's name, and a screenshot of it (BUILD/windows-gui.png) to look at;
#   installer  the setup executable: silent per-user install (/S) and per-machine install
#              (/S /AllUsers), files, Start-menu entry and .evidence association where they belong,
#              the installed evidence-cli.exe runs, and each uninstaller removes all of it.
#
#   scripts/test-windows.sh [all|suites|cli|gui|installer]
# EVIDENCE_WINDOWS_BUILD: the build folder (default build-windows); EVIDENCE_WINDOWS_NO_BUILD=1 tests
# what is there without building; EVIDENCE_WINDOWS_SETUP: a setup executable to test instead of the
# one in the build folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${EVIDENCE_WINDOWS_BUILD:-$root/build-windows}"
stage="${1:-all}"
version="$(sed -n 's/^project(evidence VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
setup="${EVIDENCE_WINDOWS_SETUP:-$build/evidence-desk-$version-setup.exe}"

passed=0
failed=0
check() { # DESCRIPTION COMMAND...
    local what="$1"
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok: $what"
    else
        failed=$((failed + 1))
        echo "FAILED: $what"
    fi
}

if [ "${EVIDENCE_WINDOWS_NO_BUILD:-}" != 1 ]; then
    "$root/scripts/build-windows.sh" all
fi

wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine="$(command -v wine64 || command -v wine)"
wineserver=/usr/lib/wine/wineserver64
[ -x "$wineserver" ] || wineserver="$(command -v wineserver)"
tmp="$(mktemp -d)"
export WINEPREFIX="$tmp/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap '"$wineserver" -k 2>/dev/null || true; rm -rf "$tmp"' EXIT
echo "== a fresh Wine prefix in $WINEPREFIX"
"$wine" wineboot --init >/dev/null 2>&1
"$wineserver" -w
drive_c="$WINEPREFIX/drive_c"
user_dir="$(find "$drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n 1)"

run_suites() {
    echo "== Boost.Test suites under Wine"
    local exe name found=0
    while IFS= read -r exe; do
        name="$(basename "$exe" .exe)"
        case "$name" in gui_* | *gui*) continue ;; esac
        found=1
        check "$name" "$wine" "$exe" --log_level=test_suite --report_level=short --color_output=no
    done < <(find "$build/tests" -name '*_tests.exe' | sort)
    check "the build has Boost.Test executables" test "$found" = 1
}

run_cli() {
    echo "== evidence-cli.exe sample and export, in a folder whose name has spaces and accents"
    local cli="$build/src/cli/evidence-cli.exe"
    local folder="$drive_c/users/Zoë/Documents/Réponse Évidence"
    local win='C:\users\Zoë\Documents\Réponse Évidence'
    mkdir -p "$folder"
    check "evidence-cli.exe sample" "$wine" "$cli" sample "$win\\Réponse.evidence"
    check "the store is where Windows was told" test -s "$folder/Réponse.evidence"
    check "evidence-cli.exe export" "$wine" "$cli" export "$win\\Réponse.evidence" "$win\\Réponse.xlsx"
    check "the workbook passes the Linux checks (openpyxl)" \
        /usr/bin/python3 "$root/tests/export/check_workbook.py" "$folder/Réponse.xlsx"
    # A second export replaces the first in one step (MoveFileEx), leaving no temporary file.
    check "a second export replaces the workbook" "$wine" "$cli" export "$win\\Réponse.evidence" "$win\\Réponse.xlsx"
    check "no temporary file is left beside it" test "$(find "$folder" -name '*.xlsx*' | wc -l)" = 1
    # A CSV file with Windows line ends, named with accents, into a new store: imported whole, and no
    # carriage return left in what was stored.
    sed 's/\r\{0,1\}$/\r/' "$root/src/app/sample/case_studies.csv" >"$folder/Récits.csv"
    check "evidence-cli.exe init" "$wine" "$cli" init "$win\\Équipe.evidence" --organisation "Équipe"
    check "a CRLF CSV file is imported" "$wine" "$cli" import "$win\\Équipe.evidence" "$win\\Récits.csv"
    check "its four case studies are stored without a carriage return" /usr/bin/python3 -c '
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
n, cr = db.execute("SELECT count(*), sum(instr(title || narrative || outcome, char(13)) > 0) FROM case_studies").fetchone()
sys.exit(0 if (n, cr) == (4, 0) else 1)' "$folder/Équipe.evidence"
}

run_gui() {
    echo "== evidence-desk.exe opens a store in a folder whose name has spaces and accents, under Xvfb"
    local folder="$drive_c/users/Zoë/Documents/Réponse Évidence" win='C:\users\Zoë\Documents\Réponse Évidence'
    local shot="$build/windows-gui.png" title="Réponse.evidence — Evidence Desk"
    mkdir -p "$folder"
    [ -s "$folder/Réponse.evidence" ] || "$wine" "$build/src/cli/evidence-cli.exe" sample "$win\\Réponse.evidence"
    rm -f "$shot"
    # Wine's desktop process, started by the programs run so far without a display, would serve this one
    # too: no window appeared, or wxWidgets' grid read a null pointer. The prefix's programs start afresh.
    "$wineserver" -k 2>/dev/null || true
    "$wineserver" -w
    # Opened as the .evidence association opens it: the store named on the command line. The window list
    # and the screenshot are taken inside the same X server, once the main window has its title.
    xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
        "$1" "$2" "$3" & program=$!
        i=0
        while [ $i -lt 90 ] && ! xwininfo -root -tree 2>/dev/null | grep -qF "$5"; do sleep 1; i=$((i + 1)); done
        sleep 3
        xwininfo -root -tree >"$4.windows" 2>&1
        import -window root "$4"
        kill $program 2>/dev/null || true' sh "$wine" "$build/src/gui/evidence-desk.exe" "$win\\Réponse.evidence" "$shot" "$title"
    "$wineserver" -k 2>/dev/null || true
    check "the main window is titled with the store's name" grep -qF "\"$title\"" "$shot.windows"
    check "a screenshot of it is in $shot" test -s "$shot"
}

installed_ok() { # INSTALL_DIR START_MENU_DIR REGISTRY_ROOT
    check "$3: evidence-desk.exe installed" test -s "$1/evidence-desk.exe"
    check "$3: evidence-cli.exe installed" test -s "$1/evidence-cli.exe"
    check "$3: methodology and manual as text" test -s "$1/doc/methodology.txt"
    check "$3: licences installed" test -n "$(ls "$1/licences")"
    check "$3: uninstaller installed" test -s "$1/uninstall.exe"
    check "$3: Start-menu entry" test -f "$2/Evidence Desk/Evidence Desk.lnk"
    check "$3: .evidence association" sh -c "\"$wine\" reg query '$3\\Software\\Classes\\.evidence' 2>/dev/null | grep -q EvidenceDesk.Store"
    check "$3: the installed evidence-cli.exe runs" "$wine" "$1/evidence-cli.exe" --version
}

uninstalled_ok() { # INSTALL_DIR START_MENU_DIR REGISTRY_ROOT
    check "$3: uninstaller removed the programs" test ! -e "$1"
    check "$3: uninstaller removed the Start-menu entry" test ! -e "$2/Evidence Desk"
    check "$3: uninstaller removed the association" sh -c "! \"$wine\" reg query '$3\\Software\\Classes\\.evidence' >/dev/null 2>&1"
    check "$3: uninstaller removed its registry entry" sh -c "! \"$wine\" reg query '$3\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\EvidenceDesk' >/dev/null 2>&1"
}

run_installer() {
    echo "== silent install and uninstall of $(basename "$setup")"
    check "the setup executable exists" test -s "$setup"
    local per_user="$user_dir/AppData/Local/Programs/Evidence Desk"
    local user_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
    "$wine" "$setup" /S
    "$wineserver" -w
    installed_ok "$per_user" "$user_menu" HKCU
    # The uninstaller copies itself away and runs from there; wineserver -w waits for it.
    "$wine" "$per_user/uninstall.exe" /S /CurrentUser
    "$wineserver" -w
    uninstalled_ok "$per_user" "$user_menu" HKCU

    local per_machine="$drive_c/Program Files/Evidence Desk"
    local all_menu="$drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs"
    "$wine" "$setup" /S /AllUsers
    "$wineserver" -w
    installed_ok "$per_machine" "$all_menu" HKLM
    "$wine" "$per_machine/uninstall.exe" /S /AllUsers
    "$wineserver" -w
    uninstalled_ok "$per_machine" "$all_menu" HKLM
}

case "$stage" in
suites) run_suites ;;
cli) run_cli ;;
gui) run_gui ;;
installer) run_installer ;;
all)
    run_suites
    run_cli
    run_gui
    run_installer
    ;;
*)
    echo "usage: $0 [all|suites|cli|gui|installer]" >&2
    exit 2
    ;;
esac
echo "windows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
