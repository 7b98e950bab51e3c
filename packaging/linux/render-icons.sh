#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the PNG icons (hicolor 16 to 256 px) from the hand-drawn SVG, with rsvg-convert from
# librsvg2-bin (packaging/install-deps.sh installs it). The PNGs are committed, so a build needs
# no renderer: run this after editing the SVG, and commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/icons/hicolor"

id=io.github.tandem.Tandem
svg=scalable/apps/$id.svg
for size in 16 24 32 48 64 128 256; do
    mkdir -p "${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" --format png \
        --output "${size}x${size}/apps/$id.png" "$svg"
    echo "render-icons: ${size}x${size}/apps/$id.png"
done
