#!/usr/bin/env bash
# Renders the bundled example's Word report and Excel table to PNG pages, as they print, into
# docs/render/, with LibreOffice (PDF) and poppler (PNG). See docs/rendering.md.
#
#   scripts/render-docs.sh            # the example, fixtures/2022.toml
#   scripts/render-docs.sh FILE.toml  # another table; the pictures still go to docs/render/
#
# Needs: soffice (libreoffice-writer, libreoffice-calc), pdftoppm (poppler-utils) and CJK fonts
# (fonts-noto-cjk) — on Debian: apt-get install -y libreoffice-writer libreoffice-calc
# poppler-utils fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."
table=${1:-fixtures/2022.toml}
out=docs/render
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (see docs/rendering.md)" >&2; exit 2; }
done

cargo build --quiet
bin=target/debug/perf-eval
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `report` exits 1 when the table has check errors (the example has two); the draft is written.
"$bin" report "$table" -o "$work/report.docx" || [ $? -eq 1 ]
"$bin" score "$table" -o "$work/table.xlsx"

# A profile of its own, so that a LibreOffice already open does not take the job.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/report.docx" "$work/table.xlsx" >/dev/null

mkdir -p "$out"
rm -f "$out"/report-*.png "$out"/table-*.png
pdftoppm -r 72 -png "$work/report.pdf" "$out/report"
pdftoppm -r 72 -png "$work/table.pdf" "$out/table"
ls "$out"/*.png
