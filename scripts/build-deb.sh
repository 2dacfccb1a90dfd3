#!/usr/bin/env bash
# Builds the Debian package (Debian, 统信 UOS, 麒麟 Kylin): the program, its man page, shell
# completions and a systemd unit for `perf-eval serve`.
#
#   scripts/build-deb.sh [OUTPUT_FOLDER]        # default: target/debian
#
# Builds the release binary first, unless PERF_EVAL_BIN names one to package. Install with
# `sudo dpkg -i target/debian/perf-eval_VERSION_ARCH.deb`. The package's maintainer is
# DEBFULLNAME <DEBEMAIL>, as Debian's tools take it.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/debian}"
if [ -z "${PERF_EVAL_BIN:-}" ]; then
    cargo build --release --locked
    PERF_EVAL_BIN=target/release/perf-eval
fi
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
arch="$(dpkg --print-architecture)"
root="$(mktemp -d)"
# mktemp makes the folder private; in the package it stands for /.
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

install -Dm755 "$PERF_EVAL_BIN" "$root/usr/bin/perf-eval"
bin="$root/usr/bin/perf-eval"
install -d "$root/usr/share/man/man1"
"$bin" man | gzip -9n > "$root/usr/share/man/man1/perf-eval.1.gz"
install -d "$root/usr/share/bash-completion/completions" \
    "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
"$bin" completions bash > "$root/usr/share/bash-completion/completions/perf-eval"
"$bin" completions zsh > "$root/usr/share/zsh/vendor-completions/_perf-eval"
"$bin" completions fish > "$root/usr/share/fish/vendor_completions.d/perf-eval.fish"
install -Dm644 packaging/debian/perf-eval.service "$root/lib/systemd/system/perf-eval.service"
install -Dm640 packaging/debian/default "$root/etc/default/perf-eval"
# The place docs/serve.md gives for a bureau's own rule profiles, readable by the service.
install -d -m755 "$root/etc/perf-eval"
install -Dm644 README.md "$root/usr/share/doc/perf-eval/README.md"
install -Dm644 docs/serve.md "$root/usr/share/doc/perf-eval/serve.md"
cat LICENSE-MIT LICENSE-APACHE > "$root/usr/share/doc/perf-eval/copyright"

install -d "$root/DEBIAN"
echo /etc/default/perf-eval > "$root/DEBIAN/conffiles"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: perf-eval
Version: $version
Architecture: $arch
Maintainer: ${DEBFULLNAME:-perf-eval} <${DEBEMAIL:-root@localhost}>
Installed-Size: $size
Depends: libc6
Section: utils
Priority: optional
Description: 项目支出绩效自评表：计算得分，复核填报数
 Scores and audits Chinese public-finance project performance self-evaluation
 tables (项目支出绩效自评表) from Excel, Word, text or TOML, and serves a
 checking page for a bureau's intranet (perf-eval serve).
CONTROL

mkdir -p "$out"
deb="$out/perf-eval_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${PERF_EVAL_DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb"
