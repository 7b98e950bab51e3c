// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>

namespace Tandem::Cli {

/// The translation context of everything the command line says to a person (help, messages,
/// table headings): `Text::tr("…")`. What scripts read (--json, exit codes) is never translated;
/// translations/README.md draws the line.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Cli)
};

} // namespace Tandem::Cli
