// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Tandem::Cli {

/// Opens the desktop console (`tandem`, `tandem --demo`): the engine of `dataDir` runs inside it
/// as under `tandem serve` (EngineHost), the main window shows it. A demo without an explicit
/// data directory (`dataDirGiven` false) runs in a new temporary one. Needs a QApplication.
/// Returns the exit code: 0 after a clean quit, 1 when the engine cannot start (another engine
/// holds the data directory, say), after a dialog that says why.
int runConsole(const QString &dataDir, bool dataDirGiven, bool demo);

/// Whether `arguments` (the whole command line) ask for the console: no command word, no --help
/// or --version, and nothing the parser refuses (that is reported without a display).
bool opensConsole(const QStringList &arguments);

} // namespace Tandem::Cli
