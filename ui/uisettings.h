// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include "engine/log/eventlog.h"
#include "ui/appearance.h"

class QSettings;

namespace Tandem::Ui {

/// The console's settings (Settings dialog), as one value: every part of the program reads
/// them through load() and nothing else touches their QSettings keys, so that a key, a default
/// or a range lives in one place. Stored in the user's QSettings (~/.config/tandem/tandem.conf
/// on Linux); values that are out of range or unknown read back as their default.
///
/// Precedence where a setting has a command-line option or an environment variable too:
/// command line > environment > setting > default. Data directory: --data, $TANDEM_DATA_DIR,
/// dataDirectory, ~/.local/share/tandem. Ingest listener: $TANDEM_LISTEN, listen,
/// 127.0.0.1:8470. They apply to the console (`tandem`); `tandem serve` and the other commands
/// keep to their options and environment, so that a server never depends on a desktop
/// user's settings. The data directory, the listener and the language take effect on the next
/// start; the others at once (MainWindow::applySettings).
///
/// Thread: any (QSettings is reentrant); in practice the UI thread.
struct UiSettings
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Ui::UiSettings)

public:
    /// QSettings key of the language: "" (the system's), "en" or "de". The translator is
    /// loaded from it at start.
    static inline const QString LanguageKey = QStringLiteral("ui/language");

    static constexpr int DefaultChartRefreshMs = 1000;
    static constexpr int DefaultDeadLetterThreshold = 100;
    static constexpr int MaxDeadLetterThreshold = 100'000'000;

    QString dataDirectory; ///< empty: the default (see above)
    QString language; ///< "", "en" or "de"
    QString listen; ///< "ADDRESS:PORT"; empty: the default
    Theme theme = Theme::System;
    int chartRefreshMs = DefaultChartRefreshMs; ///< one of chartRefreshChoices()
    bool notifyBreakerOpen = true;
    bool notifyDeadLetters = true;
    int deadLetterThreshold = DefaultDeadLetterThreshold; ///< 1 … MaxDeadLetterThreshold
    EventLog::Level logLevel = EventLog::Level::Info;

    /// From the application's QSettings.
    static UiSettings load();
    static UiSettings load(const QSettings &settings);
    void save() const;
    void save(QSettings &settings) const;

    /// The languages offered: "" (system), "en", "de".
    static QStringList languages();
    /// "System language", "English", "Deutsch".
    static QString languageName(const QString &language);
    static QList<int> chartRefreshChoices();
    static QString themeKey(Theme theme);

    /// What differs between two settings and only takes effect on the next start, as the
    /// names the Settings dialog shows ("Data directory", …).
    static QStringList changesNeedingRestart(const UiSettings &before, const UiSettings &after);

    /// One-off hints, remembered apart from the settings (the dialog never writes them back).
    static bool trayHintShown();
    static void setTrayHintShown();
    static bool firstRunDismissed();
    static void setFirstRunDismissed(bool dismissed);

    bool operator==(const UiSettings &) const = default;
};

} // namespace Tandem::Ui
