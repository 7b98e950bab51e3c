#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every build, test and benchmark dependency of Tandem on a fresh Debian 12 machine.
# Idempotent: run it as often as you like (as root, or with sudo available).
set -euo pipefail

packages=(
    # build
    cmake ninja-build g++ ccache pkg-config
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
    qtkeychain-qt6-dev qt6-tools-dev qt6-l10n-tools libqt6sql6-sqlite libqt6sql6-psql
    # Qt's own strings in German (buttons, context menus, file dialogs): app/i18n loads them
    qt6-translations-l10n
    libsqlite3-dev prometheus-cpp-dev
    # run and test
    dbus gnome-keyring libsecret-1-0 libsecret-tools xvfb xauth postgresql fonts-dejavu-core
    python3 curl procps python3-prometheus-client
    openssl  # tests generate a throwaway CA and certificates (tests/support/testpki)
    # benchmark
    nginx-light wrk
    # package (packaging/, tests/packaging): cpack's DEB generator runs dpkg-shlibdeps and
    # fakeroot; the test validates the .desktop file, the AppStream metainfo and the man page;
    # render-icons.sh renders the PNG icons from the SVG
    dpkg-dev fakeroot file desktop-file-utils appstream man-db librsvg2-bin
    x11-utils  # xwininfo and xprop: the test reads the console window's icon on Xvfb
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts services it installs; the project's tests and benchmarks start their own.
for svc in nginx postgresql; do
    "${sudo_cmd[@]}" systemctl disable --now "$svc" >/dev/null 2>&1 || true
    "${sudo_cmd[@]}" service "$svc" stop >/dev/null 2>&1 || true
done
