# Sourced by the case-study import checks: rows N [BAD_LINE] prints a case-study CSV of N rows, the row at
# line BAD_LINE (counting the header as line 1) with an impossible age, so that the import refuses the file.
rows() {
    echo "reference,title,narrative,age,gender,region,year,outcome"
    for ((i = 1; i <= $1; i++)); do
        local age=14
        [ "$((i + 1))" = "${2:-0}" ] && age=99
        echo "CS-$i,Online grooming,A child was contacted by an adult on a gaming platform and asked for images.,$age,Female,North West,2019,Referred to police"
    done
}
