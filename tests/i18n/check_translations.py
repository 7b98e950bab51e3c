#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails if a translation is missing or stale: runs lupdate over the same sources as the
update_translations target, on a copy of each .ts file, and reports every message that is
unfinished (new or changed in the sources, or never translated) and every .ts file that differs
from what lupdate makes of it (a string removed from the sources, or the file not regenerated).

Usage: check_translations.py LUPDATE WORKDIR PROJECT_CMAKE[=OPTION,…]…
Each PROJECT_CMAKE is an lupdate project that qt_add_lupdate writes
(build/app/i18n/.lupdate/tandem_i18n_project.cmake): its sources, include paths and .ts files;
OPTIONs are lupdate options it needs beyond the common ones (-pluralonly for English).
"""
import pathlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

# The options every qt_add_lupdate in app/i18n/CMakeLists.txt gives.
LUPDATE_OPTIONS = ["-locations", "none", "-no-obsolete", "-silent"]


def project(path):
    values = dict(re.findall(r'set\(lupdate_(\w+) "(.*)"\)', path.read_text()))
    return {k: [x for x in v.split(";") if x] for k, v in values.items()}


def unfinished(ts):
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            empty = translation is None or not ("".join(translation.itertext()).strip())
            if kind in ("unfinished", "vanished", "obsolete") or (kind is None and empty):
                missing.append(f"  [{kind or 'empty'}] {name}: {message.findtext('source')!r}")
    return missing


def check(lupdate, project_cmake, options, workdir):
    """Returns the problems of the .ts files of one lupdate project."""
    p = project(project_cmake)
    sources = [s for s in p.get("sources", []) if pathlib.Path(s).exists()]
    if not sources or not p.get("translations"):
        return [f"no sources or .ts files in {project_cmake}"]
    listfile = workdir / f"{project_cmake.stem}.lst"
    listfile.write_text("".join(f"-I{i}\n" for i in p.get("include_paths", []))
                        + "".join(f"{s}\n" for s in sources))
    problems = []
    for ts in map(pathlib.Path, p["translations"]):
        copy = workdir / ts.name
        shutil.copyfile(ts, copy)
        run = subprocess.run([lupdate, *LUPDATE_OPTIONS, *options, f"@{listfile}", "-ts", str(copy)],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            return [f"lupdate failed ({run.returncode}):\n{run.stdout}{run.stderr}"]
        missing = unfinished(copy)
        print(f"{ts.name}: {len(missing)} unfinished of "
              f"{sum(1 for _ in ET.parse(copy).getroot().iter('message'))} messages")
        if missing:
            problems.append(f"{ts.name}: untranslated or changed messages:")
            problems.extend(missing)
        elif copy.read_bytes() != ts.read_bytes():
            problems.append(f"{ts.name} is out of date (a string was removed or changed in the "
                            "sources): run `cmake --build build --target update_translations` "
                            "and commit the .ts")
    return problems


def main():
    lupdate, workdir = sys.argv[1], pathlib.Path(sys.argv[2])
    workdir.mkdir(parents=True, exist_ok=True)
    problems = []
    for arg in sys.argv[3:]:
        path, _, options = arg.partition("=")
        problems += check(lupdate, pathlib.Path(path), [o for o in options.split(",") if o], workdir)
    if problems:
        print("\n".join(problems))
        print("Translate the messages above in translations/*.ts (Qt Linguist, or by hand: "
              "remove type=\"unfinished\"); translations/README.md has the glossary.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
