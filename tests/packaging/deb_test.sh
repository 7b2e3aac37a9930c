#!/usr/bin/env bash
# Builds the Debian package, checks its contents, installs it with apt-get, runs the installed
# programs, removes it and checks that nothing it installed is left behind.
set -euo pipefail
build="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb="$(ls "$work"/pkg/evidence-desk_*.deb)"
echo "package: $(basename "$deb")"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/contents"
expected=(
    /usr/bin/evidence-desk
    /usr/bin/evidence-cli
    /usr/share/applications/org.evidencedesk.EvidenceDesk.desktop
    /usr/share/metainfo/org.evidencedesk.EvidenceDesk.metainfo.xml
    /usr/share/mime/packages/org.evidencedesk.EvidenceDesk.xml
    /usr/share/icons/hicolor/scalable/apps/org.evidencedesk.EvidenceDesk.svg
    /usr/share/man/man1/evidence-cli.1.gz
)
for size in 16 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/org.evidencedesk.EvidenceDesk.png")
done
status=0
for path in "${expected[@]}"; do
    if ! grep -qx "$path" "$work/contents"; then
        echo "missing from the package: $path"
        status=1
    fi
done
info="$(dpkg-deb -f "$deb")"
for field in Package Version Architecture Maintainer Section Depends Description; do
    grep -q "^$field: ." <<<"$info" || { echo "control field $field is missing"; status=1; }
done
grep -q '^Section: misc' <<<"$info" || { echo "section is not misc"; status=1; }
grep -q 'libwx' <<<"$(dpkg-deb -f "$deb" Depends)" || { echo "Depends lacks wxWidgets: $(dpkg-deb -f "$deb" Depends)"; status=1; }
[ "$status" -eq 0 ] || exit 1
echo "contents and control fields: ok (${#expected[@]} paths)"

if [ "$(id -u)" -ne 0 ]; then
    echo "not root: skipping install and removal"
    exit 77
fi
if dpkg -s evidence-desk >/dev/null 2>&1; then
    apt-get remove -y -qq evidence-desk >/dev/null
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" </dev/null >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; exit 1; }
dpkg -L evidence-desk >"$work/installed"
version="$(/usr/bin/evidence-cli --version)"
echo "installed: $version"
[[ "$version" == "evidence-cli "* ]] || { echo "unexpected version output"; exit 1; }
(cd "$work" && /usr/bin/evidence-cli sample installed-sample.evidence)
[ -s "$work/installed-sample.evidence" ] || { echo "the installed evidence-cli made no store"; exit 1; }
man -w evidence-cli >/dev/null 2>&1 || [ -f /usr/share/man/man1/evidence-cli.1.gz ]
if command -v xdg-mime >/dev/null 2>&1 && command -v update-mime-database >/dev/null 2>&1; then
    mime="$(xdg-mime query filetype "$work/installed-sample.evidence" 2>/dev/null || true)"
    echo "MIME type of a store: ${mime:-unknown}"
fi

DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq evidence-desk </dev/null >"$work/remove.log" 2>&1 \
    || { cat "$work/remove.log"; exit 1; }
left=0
while read -r f; do
    if [ -f "$f" ] || [ -L "$f" ]; then
        echo "left behind after removal: $f"
        left=1
    fi
done <"$work/installed"
[ "$left" -eq 0 ] || exit 1
echo "install, run and removal: ok"
