// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/clocktext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

namespace Tandem::Ui {

namespace {

struct ClockTextTr
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Ui::ClockText)
};

} // namespace

QString timeFormat(const QLocale &locale, bool seconds, bool milliseconds)
{
    // The long format is the one with seconds; its time zone ("t") would only add noise next to
    // times that are all local.
    static const QRegularExpression zone(QStringLiteral("\\s*\\bt+\\b"));
    QString format = locale.timeFormat(QLocale::LongFormat).remove(zone).trimmed();
    if (!seconds) {
        static const QRegularExpression secondsField(QStringLiteral("[^Hhm]?s+"));
        format.remove(secondsField);
    } else if (milliseconds) {
        const qsizetype at = format.indexOf(QStringLiteral("ss"));
        if (at >= 0)
            format.insert(at + 2, locale.decimalPoint() + QStringLiteral("zzz"));
    }
    return format;
}

QString dayMonthFormat(const QLocale &locale)
{
    QString format = locale.dateFormat(QLocale::ShortFormat);
    // The year leads (ISO, East Asian locales) or trails (most others), with its separator;
    // German keeps the dot after the month ("21.11."), as German writes it.
    static const QRegularExpression leading(QStringLiteral("^y+[^dMy]*"));
    static const QRegularExpression trailing(QStringLiteral("[-/ ]*y+$"));
    format.remove(leading).remove(trailing);
    return format;
}

QString clockText(qint64 atMs, qint64 nowMs, bool milliseconds)
{
    const QLocale locale;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs);
    const bool today = at.date() == QDateTime::fromMSecsSinceEpoch(nowMs).date();
    const QString time = locale.toString(at.time(), timeFormat(locale, true, milliseconds));
    return today ? time : locale.toString(at.date(), dayMonthFormat(locale)) + u' ' + time;
}

QString dateTimeText(qint64 atMs, bool seconds)
{
    const QLocale locale;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs);
    // Short formats write the year with two digits ("21.11.26"), ambiguous next to a day.
    static const QRegularExpression shortYear(QStringLiteral("\\by{1,2}\\b"));
    const QString date
        = locale.dateFormat(QLocale::ShortFormat).replace(shortYear, QStringLiteral("yyyy"));
    return locale.toString(at.date(), date) + u' '
        + locale.toString(at.time(), timeFormat(locale, seconds));
}

QString durationText(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        return ClockTextTr::tr("%L1 ms").arg(ms);
    if (ms < 60'000)
        return ClockTextTr::tr("%L1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 10'000 ? 1 : 0);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return ClockTextTr::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return ClockTextTr::tr("%L1 h %2 min")
        .arg(s / 3600)
        .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace Tandem::Ui
