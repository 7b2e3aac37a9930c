#!/usr/bin/env bash
# Builds the sample submission from an empty store with evidence-cli's verbs and files only, exports it, and
# checks the workbook against the one exported from `evidence-cli sample`.
# Usage: build_sample.sh EVIDENCE_CLI SOURCE_DIR WORK_DIR
set -euo pipefail
cli="$1"
src="$2"
work="$3"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
store="built.evidence"
ev() { "$cli" "$@"; }

created=$(ev init "$store" --title "Response to the Online Harms White Paper consultation" \
    --organisation "Example Children's Charity (sample)")
echo "$created"
store_id=$(sed -n 's/.*(store \(.*\))\.$/\1/p' <<<"$created")

cat >nspcc-quality.txt <<'EOF'
40 of 44 forces responded, so national totals are partial and coverage varies by year; changes are compared like for like over forces that gave figures for both years. The online flag became mandatory in April 2015 and was under-used in the early years, so part of the rise reflects better recording. Regional and force figures were reported in regional press releases (Bournemouth Echo, Sunrise Radio, Seahaven FM, ITV Meridian, Bude and Beyond, Slough Observer), each listed as a source. The 185 counts offences against children aged ten and under, not children; one regional version gives 164. Figures change between rounds of requests: these are from the June 2019 round.
EOF
ev add "$store" source \
    title "NSPCC FOI requests to police forces (2019)" \
    publisher "NSPCC" \
    method "Freedom of Information requests to the 44 police forces of England, Wales and Northern Ireland for sexual offences against under-18s recorded with the online (cyber) flag, by financial year" \
    date_published 2019-06 \
    date_retrieved 2019-06-25 \
    url "https://www.nspcc.org.uk/about-us/news-opinion/2019/cyber-related-sex-crimes-children/" \
    licence "Figures published by NSPCC; quoted with attribution" \
    --file quality_notes=nspcc-quality.txt

# The force and regional figures were published in regional versions of the release, each a source.
regional() {
    ev add "$store" source title "$1" publisher "$2" date_published "$3" url "$4" \
        method "Regional report of the NSPCC's Freedom of Information requests to police forces (June 2019 round)" \
        licence "Figures published by NSPCC and reported by $2; quoted with attribution"
}
regional "Bournemouth Echo, June 2019" "Bournemouth Echo" 2019-06-25 \
    "https://www.bournemouthecho.co.uk/news/17728357.nspcc-reveals-huge-increase-sex-offenders-targeting-children-online/"
regional "Seahaven FM, June 2019" "Seahaven FM" 2019-06-25 \
    "http://news.seahavenfm.com/2019/06/25/cyber-related-sex-crimes-against-children-up-to-almost-one-every-hour/"
regional "ITV Meridian, June 2019" "ITV Meridian" 2019-06-25 \
    "https://itv.com/news/meridian/2019-06-25/rise-in-cyber-sex-crimes-against-children-in-dorset-and-wiltshire"
regional "Slough Observer, June 2019" "Slough Observer" 2019-06 "https://www.sloughobserver.co.uk/news/17726657/"
regional "Bude and Beyond, June 2019" "Bude and Beyond" 2019-06 \
    "http://budeandbeyond.co.uk/children-drowning-in-online-offences-says-sw-nspcc/"
regional "Sunrise Radio, June 2019" "Sunrise Radio" 2019-06 \
    "https://www.sunriseradio.fm/news/local-news/cyber-related-sex-crimes-against-children-up-by-104-in-yorkshire-and-humber"

# The sources name the newspapers that carried the figures; their towns are not where a child lives.
for s in "NSPCC FOI requests to police forces (2019)" "Bournemouth Echo, June 2019" "Bude and Beyond, June 2019"; do
    ev acknowledge "$store" "$s" --kind place --reason "Part of a newspaper's name, not a child's location" \
        --role "Policy officer"
done

measure="Sexual offences against under-18s recorded with an online flag"
ev add "$store" measure name "$measure" unit count \
    definition 'Sexual offences against children under 18 recorded by the police with the Home Office online crime ("cyber") flag, set when a crime was committed wholly or partly through a computer, computer network or other computer-enabled device' \
    population "children under 18 in the police force area"

ev import "$store" "$src/src/app/sample/observations.csv"
ev import "$store" "$src/src/app/sample/case_studies.csv"

cat >summary.txt <<'EOF'
NSPCC's figures show police-recorded sexual offences against children with an online flag rising from 4,042 in 2015/16 to 8,224 in 2018/19 in the 40 of 44 forces that responded, roughly double; the release does not say the same forces are counted in both years. Children's accounts show grooming moving from open platforms to private messaging, and reporting tools that children do not understand. We support a statutory duty of care that covers private channels.
EOF
cat >caveats.txt <<'EOF'
Figures come from Freedom of Information requests: 40 of 44 forces responded, so totals are partial. The online flag was under-used when it became mandatory in 2015, so some of the rise reflects better recording. Case studies are anonymised composites or published accounts; names marked * have been changed.
EOF
ev set "$store" submission.contact_role "Policy officer" submission.contact_email policy@example.org.uk \
    submission.as_at 2019-06-28T09:00:00Z --file submission.summary=summary.txt --file submission.caveats=caveats.txt
ev include "$store" measure "$measure"

# CS-001 retells a published account and cites its publisher, whose name is a town's.
ev acknowledge "$store" CS-001 --field citation --kind place \
    --reason "Part of the name of the newspaper that published the account" --role "Policy officer"
ev include "$store" case-study CS-001 CS-002 CS-003
for cs in CS-001 CS-002 CS-003; do
    ev review "$store" "$cs" --role "Policy officer" --on 2019-06-27
done

cat >q3.txt <<'EOF'
Children need reporting routes they understand and that name what is happening to them. In our case studies a 14-year-old could not find a reporting option that described grooming, and an account was deleted before the police asked for it. Platforms should keep evidence when a child reports.
EOF
cat >q7.txt <<'EOF'
Private messaging and livestreaming services where adults can contact children. Offenders move children from public spaces to private channels, as in our case studies.
EOF
cat >q17.txt <<'EOF'
Yes. NSPCC's figures show recorded online sexual offences against children rising from 4,042 to 8,224 in three years in the 40 of 44 forces that responded, roughly double. Children told us they did not know what to do when an adult sent sexual messages.
EOF
ev answer "$store" Q3 --text-file q3.txt
ev cite "$store" Q3 --case-study CS-002 --case-study CS-003
ev answer "$store" Q7 --text-file q7.txt
ev cite "$store" Q7 --measure "$measure" --case-study CS-002
ev answer "$store" Q17 --choice yes --text-file q17.txt
ev cite "$store" Q17 --measure "$measure" --case-study CS-001

ev check "$store"
ev export "$store" built.xlsx
# The same store gives the same bytes: what differs from the sample's workbook below comes from the store.
ev export "$store" again.xlsx
cmp built.xlsx again.xlsx
ev sample sample.evidence
ev export sample.evidence sample.xlsx
python3 "$src/tests/cli/compare_workbooks.py" sample.xlsx built.xlsx --built-store-id "$store_id"
