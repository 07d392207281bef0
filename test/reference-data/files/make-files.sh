#!/bin/sh
# Writes the files in this folder with the tools that write such files in the wild. Run from
# this folder on Debian 12 with: apt-get install r-base-core python3-pandas gnuplot-nox gnuplot-doc
# (R 4.2.2, pandas 1.5.3, gnuplot 5.4). The tests only read the files; they never need the tools.
set -eu
Rscript -e '
write.csv(BOD, "r-write-csv-BOD.csv")                       # row names in an unnamed first column ""
write.csv(BOD, "r-write-csv-BOD-norownames.csv", row.names = FALSE)
write.csv2(BOD, "r-write-csv2-BOD.csv")                     # ";" and decimal commas
write.table(BOD, "r-write-table-BOD.txt")                   # spaces, quoted header one field short
write.csv(trees, "r-write-csv-trees.csv")                   # Girth, Height, Volume
write.csv(Puromycin, "r-write-csv-Puromycin.csv")           # conc, rate, state (text)
'
/usr/bin/python3 - <<'PY'
import pandas as pd
df = pd.DataFrame({"t": [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0], "y": [10.0, 7.81, 6.08, 4.73, 3.70, 2.87, 2.24]})
df.to_csv("pandas-index.csv")                               # unnamed index column 0..n-1
df.to_csv("pandas-noindex.csv", index=False)
# A spreadsheet export: BOM, CRLF, quoted text, ";" and decimal commas.
df.assign(label=["a;b", "c", "d \"e\"", "f", "g", "h", "i"]).to_csv(
    "pandas-excel-de.csv", sep=";", decimal=",", index=False, encoding="utf-8-sig", lineterminator="\r\n", quoting=1)
PY
cp /usr/share/doc/gnuplot/examples/lcdemo.dat gnuplot-lcdemo.dat   # gnuplot's demo data, as shipped
gnuplot -e 'set table "gnuplot-table.dat"; set samples 11; plot [0:10] exp(-x/3)'
