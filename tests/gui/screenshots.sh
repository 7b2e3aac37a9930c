#!/usr/bin/env bash
# Saves a screenshot of every view of evidence-desk, on the sample store, into docs/screenshots/.
#
#   tests/gui/screenshots.sh BUILD_DIR [OUTPUT_DIR] [SCREEN] [TEXT_SCALE]
#
# SCREEN is the X screen's size (default 1366x768, a laptop's); TEXT_SCALE scales the text as a desktop's
# text-scaling setting does (GDK_DPI_SCALE, e.g. 1.25 for 125%). The application's standard error is shown
# at the end, with the count of GTK's layout warnings (Gtk-CRITICAL), which should be 0.
#
# Builds nothing: BUILD_DIR must hold src/cli/evidence-cli and src/gui/evidence-desk. Needs xvfb-run and
# ImageMagick's `import`. The application, started with its hidden --screenshot-dir option, shows each view
# at 1366x768 and prints "SHOT <file>"; this script then captures the X screen into that file, and the
# application moves on once the file exists.
set -euo pipefail

build=${1:?usage: screenshots.sh BUILD_DIR [OUTPUT_DIR]}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/../../docs/screenshots}
screen=${3:-1366x768}
scale=${4:-1}
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in xvfb-run import; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/src/cli/evidence-cli" sample "$work/sample.evidence" >/dev/null

# A private configuration, so the user's recent files and window size play no part.
export XDG_CONFIG_HOME="$work/config" HOME="$work" LANG=C.UTF-8 LC_ALL=C.UTF-8 GDK_BACKEND=x11 NO_AT_BRIDGE=1
export GDK_DPI_SCALE="$scale"

xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
    set -euo pipefail
    "$1/src/gui/evidence-desk" --screenshot-dir "$2" "$3" | while read -r kind file; do
        if [ "$kind" = SHOT ]; then
            import -window root "$file.tmp.png"
            mv "$file.tmp.png" "$file"
            echo "saved $file"
        fi
    done
' screenshots "$build" "$out" "$work/sample.evidence" 2>"$work/stderr.txt"
criticals=$(grep -c "Gtk-CRITICAL" "$work/stderr.txt" || true)
cat "$work/stderr.txt" >&2
echo "Gtk-CRITICAL messages: $criticals"
