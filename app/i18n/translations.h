// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

namespace Tandem {

/// Chooses the language Tandem speaks and installs the translators for it: Tandem's own
/// messages (translations/tandem_*.ts, compiled into the binary under :/i18n; English has one
/// too, for its plural forms) and Qt's own on-screen strings (standard buttons, context menus,
/// file dialogs, command-line parser errors) from the system's Qt translations, if installed.
/// Qt's network, SQL and JSON error texts stay English: the engine stores them.
///
/// The language comes from, in this order: the environment variable TANDEM_LANGUAGE (tests and
/// scripts), the setting "ui/language" (the Settings dialog; "" follows the system), and the
/// system's UI languages (on Linux LANGUAGE, LC_ALL, LC_MESSAGES, LANG). An explicit choice
/// (the first two) also becomes the default QLocale, so numbers and dates match the language;
/// otherwise they follow the system locale (LC_ALL, LC_NUMERIC, LC_TIME, LANG).
///
/// Thread: the main thread, once QCoreApplication exists and its organisation and application
/// names are set, before any user-visible string is built. Installing again replaces the
/// previous translators (strings already built keep their language: a change in the settings
/// takes effect at the next start).
class Translations
{
public:
    /// The language codes Tandem has translations for, English (the source language) first.
    static QStringList available();

    /// The language an explicit choice asks for (TANDEM_LANGUAGE, else the setting
    /// "ui/language"), or "" to follow the system. An unknown code counts as no choice.
    static QString explicitChoice();

    /// Installs the translators for explicitChoice() or the system's languages; returns the code
    /// of the language in use ("en" when nothing better matched).
    static QString install();

    /// Installs the translators for `language` ("en", "de", …; "" = the system's languages),
    /// and makes it the default QLocale if it is not "". For tests and install().
    static QString install(const QString &language);
};

} // namespace Tandem
