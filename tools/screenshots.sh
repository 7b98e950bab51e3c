#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Saves the README's screenshots of the console: starts `tandem --demo` under Xvfb (nothing on
# your screen), lets the demo run long enough to trip a breaker and fill the dead-letter queue,
# then the console saves mainwindow.png, charts.png, deadletters.png and message.png (see
# app/screenshottour.h) and exits.
#
#   tools/screenshots.sh [OUTPUT_DIR]     default: docs/screenshots
#
# Needs a built tree (./build) and xvfb-run (packaging/install-deps.sh installs it).
# TANDEM_SCREENSHOT_DELAY_MS overrides how long the demo runs first (default 45000).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/screenshots}")
tandem=${TANDEM_BINARY:-./build/app/tandem}
[ -x "$tandem" ] || { echo "screenshots: $tandem is not built (cmake --build build)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh settings directory and data directory: the pictures never depend on your own
# window layout, and no keychain is needed (the demo's targets have no secrets).
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export TANDEM_SCREENSHOT_DIR="$out" TANDEM_LISTEN=127.0.0.1:0
export LANG=C.UTF-8 LANGUAGE=en
mkdir -p "$out"
timeout 180 xvfb-run -a -s '-screen 0 1600x1000x24' "$tandem" --demo --data "$work/demo"
for f in mainwindow charts deadletters message; do
    [ -s "$out/$f.png" ] || { echo "screenshots: $out/$f.png was not written" >&2; exit 1; }
done
echo "screenshots: saved in $out"
