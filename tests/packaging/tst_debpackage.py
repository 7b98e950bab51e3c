#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Debian package, built from this build tree and used as an operator would.

1. cpack builds tandem_VERSION_ARCH.deb from the build tree (into a temporary directory).
2. Its metadata (Depends found by dpkg-shlibdeps plus the run-time plugins, Recommends,
   section, maintainer, description, homepage) and contents (binary, stripped; .desktop file;
   icons in every size; metainfo; gzipped man page; copyright).
3. desktop-file-validate, appstreamcli validate and `man --warnings` on the packaged files;
   the man page names every command and option of `tandem --help` and `tandem COMMAND --help`;
   the metainfo's newest release and the man page's header carry the version.
4. As root (CI is a throwaway machine): `apt-get install ./tandem_*.deb`, then
   `/usr/bin/tandem --version`, `man -w tandem`, the installed files validated again, a short
   `tandem serve` that delivers one message from the ingest API to a local HTTP target and stops
   on SIGTERM with exit 0, and the console started on Xvfb (the xcb platform plugin the
   package's dependencies bring), its window carrying the application icon. Finally `apt-get purge tandem`, and any package the install
   pulled in, so the machine is as it was. Not root: steps 1-3 run, then the test reports a skip.

Every failure says what was wrong; every wait is bounded.
"""
import argparse
import gzip
import http.server
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# The libraries the binary links, as dpkg-shlibdeps must find them, and the run-time packages
# packaging/CMakeLists.txt adds by hand.
EXPECTED_DEPENDS = (
    "libqt6core6", "libqt6gui6", "libqt6widgets6", "libqt6network6", "libqt6sql6",
    "libqt6charts6", "libqt6httpserver6", "libqt6keychain1", "libsqlite3-0", "libc6",
    "libqt6sql6-sqlite", "libqt6sql6-psql", "libsecret-1-0",
)
SKIP = 77  # SKIP_RETURN_CODE in CMakeLists.txt
APT_ENV = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
APT_LOCK = ["-o", "DPkg::Lock::Timeout=120"]


class Failure(Exception):
    pass


def log(message):
    print(f"tst_debpackage: {message}", flush=True)


def run(cmd, *, check=True, timeout=300, env=None, input=None):
    """Runs cmd; on a non-zero exit (check) fails with its whole output."""
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                       input=input)
    if check and p.returncode != 0:
        raise Failure(f"`{' '.join(cmd)}` exited {p.returncode}\n--- stdout\n{p.stdout}"
                      f"--- stderr\n{p.stderr}")
    return p


def expect(condition, message):
    if not condition:
        raise Failure(message)


def headless_env(home):
    """An environment with no display and a private HOME, so nothing touches the caller's."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "TANDEM_DATA_DIR",
                        "TANDEM_LISTEN", "DBUS_SESSION_BUS_ADDRESS")}
    env.update(HOME=home, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache", XDG_RUNTIME_DIR=f"{home}/run",
               TANDEM_LANGUAGE="en", LC_ALL="C.UTF-8",
               # No Secret Service here: QtKeychain must fail fast, not try to autolaunch one.
               DBUS_SESSION_BUS_ADDRESS=f"unix:path={home}/run/no-bus")
    os.makedirs(f"{home}/run", mode=0o700, exist_ok=True)
    return env


# --- 1. build ------------------------------------------------------------------------------

def build_package(args, out_dir):
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    config = os.path.join(args.build_dir, "CPackConfig.cmake")
    expect(os.path.exists(config), f"{config} is missing: configure the build first")
    for built in ("app/tandem", "packaging/tandem.1.gz"):
        expect(os.path.exists(os.path.join(args.build_dir, built)),
               f"{built} is missing from the build tree: build everything (the default target) "
               f"first")
    started = time.monotonic()
    # -B keeps the package and cpack's staging tree out of the build directory.
    run([args.cpack, "--config", config, "-G", "DEB", "-B", out_dir], timeout=400)
    name = f"tandem_{args.version}_{arch}.deb"
    debs = sorted(f for f in os.listdir(out_dir) if f.endswith(".deb"))
    expect(debs == [name], f"cpack wrote {debs}, expected exactly [{name!r}]")
    log(f"built {name} in {time.monotonic() - started:.0f} s")
    return os.path.join(out_dir, name)


# --- 2. metadata and contents --------------------------------------------------------------

def package_names(field):
    """'a (>= 1), b | c' -> {'a', 'b', 'c'}"""
    return {re.sub(r"\s*\(.*\)", "", alt).strip()
            for dep in field.split(",") for alt in dep.split("|") if alt.strip()}


def check_metadata(deb, args):
    field = lambda name: run(["dpkg-deb", "-f", deb, name]).stdout.strip()
    expect(field("Package") == "tandem", f"Package is {field('Package')!r}")
    expect(field("Version") == args.version,
           f"Version is {field('Version')!r}, the build's is {args.version}")
    expect(field("Section") == "net", f"Section is {field('Section')!r}, expected net")
    expect(field("Priority") == "optional", f"Priority is {field('Priority')!r}")
    expect(re.fullmatch(r".+ <[^@>\s]+@[^>\s]+>", field("Maintainer")),
           f"Maintainer {field('Maintainer')!r} is not 'Name <address>'")
    expect(field("Homepage").startswith("https://"), f"Homepage is {field('Homepage')!r}")
    description = field("Description").splitlines()
    expect(len(description) >= 3 and all(0 < len(line) <= 80 for line in description)
           and " ." in description,
           "Description needs a synopsis and paragraphs of lines of at most 80 columns:\n"
           + "\n".join(description))
    depends = field("Depends")
    missing = [p for p in EXPECTED_DEPENDS if p not in package_names(depends)]
    expect(not missing, f"Depends lacks {missing}:\n{depends}")
    recommends = package_names(field("Recommends"))
    expect("gnome-keyring" in recommends, f"Recommends lacks gnome-keyring: {recommends}")
    expect("qt6-translations-l10n" in recommends,
           f"Recommends lacks qt6-translations-l10n: {recommends}")
    log(f"metadata ok; Depends: {depends}")


def check_contents(deb, args, root):
    listing = run(["dpkg-deb", "-c", deb]).stdout
    paths = {line.split()[-1].removeprefix(".") for line in listing.splitlines()
             if not line.startswith("d")}
    app = args.app_id
    required = {
        "/usr/bin/tandem",
        f"/usr/share/applications/{app}.desktop",
        f"/usr/share/metainfo/{app}.metainfo.xml",
        "/usr/share/man/man1/tandem.1.gz",
        "/usr/share/doc/tandem/copyright",
        f"/usr/share/icons/hicolor/scalable/apps/{app}.svg",
    } | {f"/usr/share/icons/hicolor/{s}x{s}/apps/{app}.png" for s in ICON_SIZES}
    expect(not required - paths, f"the package lacks {sorted(required - paths)}:\n{listing}")
    stray = sorted(p for p in paths - required if not p.startswith("/usr/share/"))
    expect(not stray, f"the package holds files outside /usr/bin and /usr/share: {stray}")

    run(["dpkg-deb", "-x", deb, root])
    binary_type = run(["file", "-b", f"{root}/usr/bin/tandem"]).stdout
    expect("ELF" in binary_type and ", stripped" in binary_type,
           f"/usr/bin/tandem should be a stripped ELF executable: {binary_type}")
    for s in ICON_SIZES:
        png = f"{root}/usr/share/icons/hicolor/{s}x{s}/apps/{app}.png"
        kind = run(["file", "-b", png]).stdout
        expect(f"PNG image data, {s} x {s}," in kind, f"{png}: {kind}")
    with gzip.open(f"{root}/usr/share/man/man1/tandem.1.gz", "rt") as f:
        header = next(line for line in f if line.startswith(".TH"))
    expect(f'"Tandem {args.version}"' in header,
           f"the man page's .TH should name Tandem {args.version}: {header.strip()}")
    log(f"contents ok ({len(paths)} files)")


# --- 3. validators and the man page ---------------------------------------------------------

def validate_desktop_files(prefix, args, label):
    app = args.app_id
    run(["desktop-file-validate", f"{prefix}/usr/share/applications/{app}.desktop"])
    metainfo = f"{prefix}/usr/share/metainfo/{app}.metainfo.xml"
    run(["appstreamcli", "validate", "--no-net", metainfo], timeout=120)
    # With the network, appstreamcli also fetches the homepage and screenshot URLs. They are
    # placeholders until the project is published, and CI may have no internet: only those
    # findings are tolerated, any other one fails.
    net = run(["appstreamcli", "validate", "--explain", metainfo], check=False, timeout=180)
    if net.returncode != 0:
        findings = re.findall(r"^([EWIP]): \S+: (\S+)", net.stdout, re.MULTILINE)
        other = [f for f in findings
                 if f[1] not in ("url-not-reachable", "screenshot-image-not-found")]
        expect(findings and not other,
               f"appstreamcli validate (with network checks) found:\n{net.stdout}{net.stderr}")
        log(f"{label}: appstreamcli with network checks: only unreachable URLs "
            f"({len(findings)}), tolerated")
    release = re.search(r'<release\s+version="([^"]+)"', open(metainfo).read())
    expect(release and release.group(1) == args.version,
           f"the newest <release> in the metainfo is {release and release.group(1)!r}, "
           f"the build's version is {args.version}")
    log(f"{label}: desktop file and metainfo valid")


def rendered_man_page(path):
    env = dict(os.environ, MANWIDTH="200", LC_ALL="C.UTF-8", MAN_KEEP_FORMATTING="")
    p = run(["man", "--warnings", "-l", path], env=env)
    expect(not p.stderr.strip(), f"man --warnings -l {path} warned:\n{p.stderr}")
    return p.stdout


def check_man_covers_help(binary, man_text, home):
    """Every command and option the help lists is named in the man page."""
    env = headless_env(home)
    usage = run([binary, "--help"], env=env).stdout
    commands = re.findall(r"^  ([a-z]+) ", usage, re.MULTILINE)
    expect(len(commands) >= 8, f"could not read the commands from `tandem --help`:\n{usage}")
    wanted = {f"tandem {c}" for c in commands} | set(re.findall(r"--[a-z][a-z-]*", usage))
    for c in commands:
        wanted |= set(re.findall(r"--[a-z][a-z-]*", run([binary, c, "--help"], env=env).stdout))
    missing = sorted(w for w in wanted if w not in man_text)
    expect(not missing, f"tandem(1) does not mention {missing}, which `--help` lists")
    log(f"man page covers {len(commands)} commands and "
        f"{len([w for w in wanted if w.startswith('--')])} options")


def check_man_covers_environment(source_dir, man_text):
    """Every TANDEM_* variable the program reads is in ENVIRONMENT."""
    names = set()
    for folder in ("app", "engine", "ui"):
        for dirpath, _, files in os.walk(os.path.join(source_dir, folder)):
            for name in files:
                if name.endswith((".cpp", ".h")):
                    text = open(os.path.join(dirpath, name), encoding="utf-8").read()
                    names |= set(re.findall(
                        r'(?:qEnvironmentVariable\w*|qgetenv)\(\s*"(TANDEM_\w+)"', text))
    expect(len(names) >= 2, f"found only {names} in the sources: is --source-dir right?")
    environment = man_text.split("\nENVIRONMENT\n", 1)[-1].split("\nFILES\n", 1)[0]
    missing = sorted(n for n in names if n not in environment)
    expect(not missing, f"tandem(1)'s ENVIRONMENT does not describe {missing}, which the "
                        f"program reads")
    log(f"man page describes the environment variables {sorted(names)}")


# --- 4. installed --------------------------------------------------------------------------

def installed_packages():
    out = run(["dpkg-query", "-W", "-f", "${Package}:${Architecture} ${db:Status-Abbrev}\n"]).stdout
    return {line.split()[0] for line in out.splitlines() if line.split()[1:2] == ["ii"]}


class Sink(http.server.BaseHTTPRequestHandler):
    """A target that records what it receives."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Sink.received.append((self.path, dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Process:
    """A started program whose stderr lines are collected, for waiting on a line."""

    def __init__(self, cmd, env):
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def output(self):
        return "".join(self.lines)

    def wait_for_line(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if m := re.search(pattern, line):
                    return m
            if self.proc.poll() is not None:
                self.reader.join(5)
                raise Failure(f"{self.cmd[0]} exited {self.proc.returncode} before printing "
                              f"/{pattern}/:\n{self.output()}")
            time.sleep(0.05)
        raise Failure(f"{self.cmd[0]} printed no /{pattern}/ within {timeout} s:\n"
                      f"{self.output()}")

    def stop(self, timeout):
        """SIGTERM, then the exit code (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def fetch(request):
    """(status, body) of a URL or urllib Request, error statuses included."""
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def check_serve(home):
    """A short `tandem serve` of the installed binary: ingest API -> store -> a local target."""
    env = headless_env(home)
    env["TANDEM_PACKAGING_TOKEN"] = "packaging-test-token-0123456789abcdef"
    data = f"{home}/serve-data"
    sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        target_url = f"http://127.0.0.1:{sink.server_address[1]}/hook"
        run(["/usr/bin/tandem", "--data", data, "targets", "add", "sink", target_url], env=env)
        serve = Process(["/usr/bin/tandem", "serve", "--data", data,
                         "--listen", "127.0.0.1:0",
                         "--ingest-token", "env:TANDEM_PACKAGING_TOKEN"], env)
        try:
            port = serve.wait_for_line(r"ingest API at http://127\.0\.0\.1:(\d+)/", 60).group(1)
            base = f"http://127.0.0.1:{port}"
            status, body = fetch(f"{base}/v1/health")
            expect(status == 200 and json.loads(body).get("status") == "ok",
                   f"GET /v1/health answered {status} {body!r}")
            request = urllib.request.Request(
                f"{base}/v1/messages", data=b'{"order": 4711}', method="POST",
                headers={"Authorization": f"Bearer {env['TANDEM_PACKAGING_TOKEN']}",
                         "Content-Type": "application/json",
                         "Idempotency-Key": "packaging-4711"})
            status, body = fetch(request)
            expect(status == 202, f"POST /v1/messages answered {status} {body!r}")
            deadline = time.monotonic() + 30
            while not Sink.received and time.monotonic() < deadline:
                time.sleep(0.05)
            expect(Sink.received, f"the target received nothing within 30 s:\n{serve.output()}")
            path, headers, body = Sink.received[0]
            expect(path == "/hook" and json.loads(body) == {"order": 4711}
                   and headers.get("Idempotency-Key") == "packaging-4711",
                   f"the target received {path} {headers} {body!r}")
        finally:
            code = serve.stop(60)
        expect(code == 0, f"tandem serve exited {code} on SIGTERM, expected 0:\n{serve.output()}")
        log("tandem serve: health ok, one message delivered, SIGTERM -> exit 0")
    finally:
        sink.shutdown()


def check_console_window(env, console):
    """The main window reaches the X server with the application icon in several sizes and the
    WM_CLASS the .desktop file's StartupWMClass names."""
    deadline = time.monotonic() + 30
    while True:
        expect(console.proc.poll() is None,
               f"the console exited {console.proc.returncode}:\n{console.output()}")
        tree = run(["xwininfo", "-root", "-tree"], env=env).stdout
        windows = re.findall(r"^\s*(0x[0-9a-f]+) \"Tandem[^\"]*\": \(\"tandem\" \"tandem\"\)",
                             tree, re.MULTILINE)
        if windows:
            break
        expect(time.monotonic() < deadline,
               f"no window of class tandem titled Tandem within 30 s:\n{tree}")
        time.sleep(0.2)
    props = run(["xprop", "-id", windows[0], "_NET_WM_ICON"], env=env).stdout
    sizes = re.findall(r"Icon \((\d+) x \1\)", props)
    expect({"16", "32", "48"} <= set(sizes),
           f"the console window's _NET_WM_ICON has sizes {sizes}, expected 16, 32 and 48 "
           f"among them (the embedded application icon)")


def check_console(home):
    """The installed console opens on an X server (Xvfb): the xcb plugin and its libraries."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        sel = selectors.DefaultSelector()
        sel.register(read_fd, selectors.EVENT_READ)
        expect(sel.select(30), "Xvfb did not start within 30 s")
        display = os.read(read_fd, 64).decode().strip()
        expect(display.isdigit(), f"Xvfb reported display {display!r}")
        env = headless_env(home)
        env.update(DISPLAY=f":{display}", TANDEM_LISTEN="127.0.0.1:0")
        console = Process(["/usr/bin/tandem", "--data", f"{home}/console-data"], env)
        try:
            port = console.wait_for_line(r"ingest API at http://127\.0\.0\.1:(\d+)/", 60).group(1)
            status, body = fetch(f"http://127.0.0.1:{port}/v1/health")
            expect(status == 200, f"the console's engine answered /v1/health with {status}")
            check_console_window(env, console)
        finally:
            code = console.stop(60)
        expect(code == 0, f"the console exited {code} on SIGTERM, expected 0:\n"
                          f"{console.output()}")
        expect("qt.qpa" not in console.output(),
               f"the console reported a platform plugin problem:\n{console.output()}")
        log(f"console: window with its icon on Xvfb :{display}, engine answered, "
            f"SIGTERM -> exit 0")
    finally:
        os.close(read_fd)
        xvfb.terminate()
        xvfb.wait(10)


def install_and_use(deb, args, home):
    before = installed_packages()
    if "tandem:" + run(["dpkg", "--print-architecture"]).stdout.strip() in before:
        log("tandem is installed (left over from an interrupted run?): purging it first")
        run(["apt-get", *APT_LOCK, "purge", "-y", "tandem"], env=APT_ENV)
        before = installed_packages()
    ok = False
    try:
        run(["apt-get", *APT_LOCK, "install", "-y", deb], env=APT_ENV, timeout=300)
        pulled = sorted(installed_packages() - before)
        log(f"installed; packages added: {pulled}")

        version = run(["/usr/bin/tandem", "--version"], env=headless_env(home)).stdout.strip()
        expect(version == f"tandem {args.version}",
               f"/usr/bin/tandem --version printed {version!r}, expected 'tandem {args.version}'")
        man_path = run(["man", "-w", "tandem"]).stdout.strip()
        expect(man_path == "/usr/share/man/man1/tandem.1.gz", f"man -w tandem: {man_path!r}")
        rendered_man_page(man_path)
        validate_desktop_files("", args, "installed")
        check_serve(home)
        check_console(home)
        ok = True
    finally:
        # Runs after a failure too; a purge problem then is reported without hiding the first.
        try:
            added = sorted(p.split(":")[0] for p in installed_packages() - before)
            if added:
                run(["apt-get", *APT_LOCK, "purge", "-y", *added], env=APT_ENV, timeout=300)
            left = sorted(installed_packages() - before)
            expect(not left, f"after the purge these packages are still installed: {left}")
            expect(not os.path.exists("/usr/bin/tandem"), "/usr/bin/tandem is still there")
            log(f"purged {added}: the machine's packages are as before")
        except (Failure, subprocess.TimeoutExpired) as e:
            if ok:
                raise
            log(f"also, cleaning up failed: {e}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpack", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--app-id", required=True)
    args = parser.parse_args()

    for tool in ("dpkg-deb", "dpkg-shlibdeps", "fakeroot", "file", "desktop-file-validate",
                 "appstreamcli", "man", "gzip", "Xvfb", "xwininfo", "xprop"):
        expect(shutil.which(tool), f"{tool} is missing: run packaging/install-deps.sh")

    with tempfile.TemporaryDirectory(prefix="tst_debpackage-") as tmp:
        deb = build_package(args, f"{tmp}/out")
        root = f"{tmp}/root"
        check_metadata(deb, args)
        check_contents(deb, args, root)
        validate_desktop_files(root, args, "packaged")
        man_text = rendered_man_page(f"{root}/usr/share/man/man1/tandem.1.gz")
        check_man_covers_help(f"{root}/usr/bin/tandem", man_text, f"{tmp}/home")
        check_man_covers_environment(args.source_dir, man_text)

        if os.geteuid() != 0:
            log("SKIP the install: not root (apt-get install needs it; CI runs as root)")
            return SKIP
        install_and_use(deb, args, f"{tmp}/home")
    log("PASS")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print(f"tst_debpackage: FAIL: {e}", file=sys.stderr, flush=True)
        sys.exit(1)
    except subprocess.TimeoutExpired as e:
        print(f"tst_debpackage: FAIL: timed out: {e}", file=sys.stderr, flush=True)
        sys.exit(1)
