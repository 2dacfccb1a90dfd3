#!/usr/bin/env bash
# Renders the Word report and the Excel table to PNG pages, as they print, into docs/render/,
# with LibreOffice (PDF) and poppler (PNG): the bundled example (report-N.png, table-N.png) and
# a long table of 40 indicators (long-report-N.png, long-table-N.png), the audit pack's
# 汇总表 of eight tables (summary-N.png) and the HTML pack of the example and the long table as
# printed (pack-N.png). See docs/rendering.md.
#
#   scripts/render-docs.sh            # fixtures/2022.toml and tests/data/long-table.toml
#   scripts/render-docs.sh FILE.toml  # another table; the pictures still go to docs/render/
#
# Needs: soffice (libreoffice-writer, libreoffice-calc), pdftoppm (poppler-utils) and CJK fonts
# (fonts-noto-cjk) — on Debian: apt-get install -y libreoffice-writer libreoffice-calc
# poppler-utils fonts-noto-cjk — and, for the pack, chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/render
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (see docs/rendering.md)" >&2; exit 2; }
done

cargo build --quiet
bin=target/debug/perf-eval
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The faces of GB/T 9704 (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312, 黑体) and the table's 宋体 are
# Windows fonts; without them fontconfig gives every one the CJK sans face. Stand in the Song
# faces with Noto Serif CJK SC and 黑体 with Noto Sans CJK SC, so that the pages look as they
# print where the fonts are installed.
cat > "$work/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
XML
export FONTCONFIG_FILE="$work/fonts.conf"

# render TABLE PREFIX: the report and the table of TABLE as PREFIXreport-N.png, PREFIXtable-N.png.
render() {
    local table=$1 prefix=$2 dir="$work/$2x"
    mkdir -p "$dir"
    # `report` exits 1 when the table has check errors (the example has two); the draft is written.
    "$bin" report "$table" -o "$dir/report.docx" || [ $? -eq 1 ]
    "$bin" score "$table" -o "$dir/table.xlsx"
    # A profile of its own, so that a LibreOffice already open does not take the job.
    soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
        --outdir "$dir" "$dir/report.docx" "$dir/table.xlsx" >/dev/null
    rm -f "$out/${prefix}report-"*.png "$out/${prefix}table-"*.png
    pdftoppm -r 72 -png "$dir/report.pdf" "$out/${prefix}report"
    pdftoppm -r 72 -png "$dir/table.pdf" "$out/${prefix}table"
}

# summary: the 汇总表 of a folder of eight tables (the example and seven finding examples) as
# summary-N.png, a page per sheet.
summary() {
    local dir="$work/summary"
    mkdir -p "$dir/tables"
    cp fixtures/2022.toml $(ls tests/data/findings/*.toml | head -n 7) "$dir/tables/"
    # `check` exits 1 when the tables have findings, as these do; the summary is written.
    # From inside the folder, so that the files are named as a bureau sees them (tables/…).
    (cd "$dir" && "$OLDPWD/$bin" check tables --output summary.xlsx >/dev/null 2>&1) || [ $? -eq 1 ]
    soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
        --outdir "$dir" "$dir/summary.xlsx" >/dev/null
    rm -f "$out/summary-"*.png
    pdftoppm -r 72 -png "$dir/summary.pdf" "$out/summary"
}

# pack: the HTML audit pack of the example and the long table, printed to A4 by headless
# Chromium as a bureau prints it, as pack-N.png. Skipped where Chromium is not installed.
pack() {
    local dir="$work/pack" browser
    browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
    if [ -z "$browser" ]; then
        echo "note: chromium not found; the pack's pages are not rendered" >&2
        return
    fi
    mkdir -p "$dir/tables"
    cp fixtures/2022.toml tests/data/long-table.toml "$dir/tables/"
    # `check` exits 1: the example has two errors.
    (cd "$dir" && "$OLDPWD/$bin" check tables --output pack.html >/dev/null 2>&1) || [ $? -eq 1 ]
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
        --no-pdf-header-footer --print-to-pdf="$dir/pack.pdf" "file://$dir/pack.html" >/dev/null 2>&1
    rm -f "$out/pack-"*.png
    pdftoppm -r 72 -png "$dir/pack.pdf" "$out/pack"
}

if [ $# -gt 0 ]; then
    render "$1" ""
else
    render fixtures/2022.toml ""
    render tests/data/long-table.toml long-
    summary
    pack
fi
ls "$out"/*.png
