#!/usr/bin/env bash
# The README's Layout table is how a newcomer finds their way, so it must match the tree: this fails when a
# folder at the top level, under src/ or under tests/ is not named in it (as `folder/`), or when it names a
# folder that does not exist.
#   readme_layout_test.sh SOURCE_DIR
set -euo pipefail
root="${1:?usage: readme_layout_test.sh SOURCE_DIR}"
readme="$root/README.md"

layout="$(awk '/^## Layout$/ { on = 1; next } /^## / { on = 0 } on' "$readme")"
if [[ -z "$layout" ]]; then
    echo "$readme: no '## Layout' section"
    exit 1
fi
named="$(grep -o '`[^` ]*/`' <<<"$layout" | tr -d '`' | sort -u)"

# The folders of the source tree: those git tracks when it is a checkout (so build folders and a
# developer's own files do not count), every folder but the build's otherwise.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    folders="$(git -C "$root" ls-files | awk -F/ '
        NF > 1 { print $1 "/" }
        NF > 2 && ($1 == "src" || $1 == "tests") { print $1 "/" $2 "/" }' | sort -u)"
else
    folders="$(cd "$root" && find . -mindepth 1 -maxdepth 2 -type d \
        \( -path ./.git -o -path './build*' -o -path ./out -o -path ./Testing \) -prune -o -type d -print |
        sed 's|^\./||' | awk -F/ 'NF == 1 || $1 == "src" || $1 == "tests" { print $0 "/" }' | sort -u)"
fi

status=0
while IFS= read -r folder; do
    if ! grep -qxF "$folder" <<<"$named"; then
        echo "README.md, Layout: the folder \`$folder\` is not in the table"
        status=1
    fi
done <<<"$folders"
while IFS= read -r folder; do
    if [[ -n "$folder" && ! -d "$root/$folder" ]]; then
        echo "README.md, Layout: \`$folder\` is in the table but there is no such folder"
        status=1
    fi
done <<<"$named"
if ((status == 0)); then
    echo "README.md, Layout: names all $(wc -l <<<"$folders") folders of the top level, src/ and tests/"
fi
exit "$status"
