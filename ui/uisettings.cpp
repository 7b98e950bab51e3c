// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/uisettings.h"

#include <algorithm>

#include <QSettings>

namespace Tandem::Ui {

namespace {

// Not under "general": QSettings' INI files take a [General] section for keys without a group.
const QString DataDirectoryKey = QStringLiteral("data/directory");
const QString ListenKey = QStringLiteral("ingest/listen");
const QString ThemeKey = QStringLiteral("ui/theme");
const QString ChartRefreshKey = QStringLiteral("charts/refreshMs");
const QString NotifyBreakerKey = QStringLiteral("notifications/breakerOpen");
const QString NotifyDeadLettersKey = QStringLiteral("notifications/deadLetters");
const QString DeadLetterThresholdKey = QStringLiteral("notifications/deadLetterThreshold");
const QString LogLevelKey = QStringLiteral("logging/level");
const QString TrayHintKey = QStringLiteral("hints/trayShown");
const QString FirstRunDismissedKey = QStringLiteral("hints/firstRunDismissed");

constexpr Theme Themes[] = { Theme::System, Theme::Light, Theme::Dark };

} // namespace

UiSettings UiSettings::load() { return load(QSettings()); }

UiSettings UiSettings::load(const QSettings &settings)
{
    UiSettings s;
    s.dataDirectory = settings.value(DataDirectoryKey).toString().trimmed();
    s.language = settings.value(LanguageKey).toString();
    if (!languages().contains(s.language))
        s.language.clear();
    s.listen = settings.value(ListenKey).toString().trimmed();
    const QString theme = settings.value(ThemeKey).toString();
    for (Theme t : Themes) {
        if (theme == themeKey(t))
            s.theme = t;
    }
    const int refresh = settings.value(ChartRefreshKey, DefaultChartRefreshMs).toInt();
    if (chartRefreshChoices().contains(refresh))
        s.chartRefreshMs = refresh;
    s.notifyBreakerOpen = settings.value(NotifyBreakerKey, true).toBool();
    s.notifyDeadLetters = settings.value(NotifyDeadLettersKey, true).toBool();
    bool ok = false;
    const int threshold = settings.value(DeadLetterThresholdKey).toInt(&ok);
    if (ok && threshold >= 1 && threshold <= MaxDeadLetterThreshold)
        s.deadLetterThreshold = threshold;
    s.logLevel = EventLog::levelFromName(settings.value(LogLevelKey).toString())
                     .value_or(EventLog::Level::Info);
    return s;
}

void UiSettings::save() const
{
    QSettings settings;
    save(settings);
}

void UiSettings::save(QSettings &settings) const
{
    settings.setValue(DataDirectoryKey, dataDirectory);
    settings.setValue(LanguageKey, language);
    settings.setValue(ListenKey, listen);
    settings.setValue(ThemeKey, themeKey(theme));
    settings.setValue(ChartRefreshKey, chartRefreshMs);
    settings.setValue(NotifyBreakerKey, notifyBreakerOpen);
    settings.setValue(NotifyDeadLettersKey, notifyDeadLetters);
    settings.setValue(DeadLetterThresholdKey, deadLetterThreshold);
    settings.setValue(LogLevelKey, EventLog::levelName(logLevel));
    settings.sync();
}

QStringList UiSettings::languages()
{
    return { QString(), QStringLiteral("en"), QStringLiteral("de") };
}

QString UiSettings::languageName(const QString &language)
{
    if (language == u"en")
        return QStringLiteral("English"); // each language in its own words, never translated
    if (language == u"de")
        return QStringLiteral("Deutsch");
    return tr("System language");
}

QList<int> UiSettings::chartRefreshChoices() { return { 1000, 2000, 5000 }; }

QString UiSettings::themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

QStringList UiSettings::changesNeedingRestart(const UiSettings &before, const UiSettings &after)
{
    QStringList changed;
    if (before.dataDirectory != after.dataDirectory)
        changed.append(tr("Data directory"));
    if (before.language != after.language)
        changed.append(tr("Language"));
    if (before.listen != after.listen)
        changed.append(tr("Ingest listener"));
    return changed;
}

bool UiSettings::trayHintShown() { return QSettings().value(TrayHintKey).toBool(); }

void UiSettings::setTrayHintShown() { QSettings().setValue(TrayHintKey, true); }

bool UiSettings::firstRunDismissed() { return QSettings().value(FirstRunDismissedKey).toBool(); }

void UiSettings::setFirstRunDismissed(bool dismissed)
{
    QSettings().setValue(FirstRunDismissedKey, dismissed);
}

} // namespace Tandem::Ui
