#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# with-keychain.sh COMMAND [ARGS...]
# Runs COMMAND against a real Secret Service of its own: a private D-Bus session bus with an
# unlocked gnome-keyring (password "pw") whose keyrings live in a throwaway HOME. Nothing
# touches the caller's keychain, so tests may fill, lock and break this one as they please.
# Exits with COMMAND's exit status.
set -u

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keychain.sh: $tool not found: install dbus and gnome-keyring" >&2
        exit 127
    fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/tandem-keychain.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

HOME="$dir/home"
XDG_CONFIG_HOME="$dir/home/.config"
XDG_DATA_HOME="$dir/home/.local/share"
XDG_CACHE_HOME="$dir/home/.cache"
XDG_STATE_HOME="$dir/home/.local/state"
XDG_RUNTIME_DIR="$dir/run"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" \
    "$XDG_RUNTIME_DIR" || exit 1
chmod 700 "$dir" "$HOME" "$XDG_RUNTIME_DIR"
export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
# Tells the keychain tests that this keychain is theirs to lock.
TANDEM_PRIVATE_KEYCHAIN=1
export TANDEM_PRIVATE_KEYCHAIN
# Otherwise QtKeychain could pick KWallet, and libsecret could try to prompt on a display.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_KEYRING_CONTROL DISPLAY \
    WAYLAND_DISPLAY

# Inside the session: start the keyring (it daemonizes once it owns org.freedesktop.secrets),
# run the command, then stop the keyring before the bus goes, so that it does not write into
# the HOME that the EXIT trap removes.
status=0
# shellcheck disable=SC2016 # the inner script expands its own variables
dbus-run-session -- sh -c '
    printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
    pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
        2>/dev/null | sed -n "s/^ *uint32 //p")
    "$@"
    status=$?
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        # Bounded: a daemon that ignores TERM must not hang the test run.
        tries=0
        while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 50 ]; do
            sleep 0.1
            tries=$((tries + 1))
        done
    fi
    exit "$status"
' with-keychain "$@" || status=$?
exit "$status"
