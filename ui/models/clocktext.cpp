// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/clocktext.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Tandem::Ui {

QString clockText(qint64 atMs, qint64 nowMs, bool milliseconds)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs);
    const bool today = at.date() == QDateTime::fromMSecsSinceEpoch(nowMs).date();
    QString format = today ? QStringLiteral("HH:mm:ss") : QStringLiteral("MM-dd HH:mm:ss");
    if (milliseconds)
        format += QStringLiteral(".zzz");
    return at.toString(format);
}

QString durationText(qint64 ms)
{
    const auto tr
        = [](const char *text) { return QCoreApplication::translate("Tandem::Ui", text); };
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 10'000 ? 1 : 0);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace Tandem::Ui
