// SPDX-License-Identifier: GPL-3.0-or-later
#include <memory>

#include <QApplication>
#include <QCoreApplication>

#include "app/cli/commands.h"
#include "app/console.h"
#include "app/i18n/translations.h"

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    // Only the console needs a display: every command runs on a QCoreApplication, so that it
    // works on a server without one.
    std::unique_ptr<QCoreApplication> app;
    if (Tandem::Cli::opensConsole(arguments))
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tandem"));
    // QSettings needs an organisation; the console keeps its layout in ~/.config/tandem/.
    QCoreApplication::setOrganizationName(QStringLiteral("tandem"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    // Before any message is built, in the console and on the command line alike.
    Tandem::Translations::install();
    return Tandem::Cli::run(QCoreApplication::arguments());
}
