// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/textformat.h"

#include <algorithm>
#include <limits>

#include <QDateTime>
#include <QLocale>

#include "app/cli/clicontext.h"

namespace Tandem::Cli {

TextTable::TextTable(QStringList header) { m_rows.append(std::move(header)); }

void TextTable::addRow(QStringList cells) { m_rows.append(std::move(cells)); }

QString TextTable::render() const
{
    QList<qsizetype> widths;
    for (const QStringList &row : m_rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row.at(i).size());
        }
    }
    QString out;
    for (const QStringList &row : m_rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 == row.size() ? row.at(i) : row.at(i).leftJustified(widths[i] + 2);
        out += line + u'\n';
    }
    return out;
}

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return Text::tr("%L1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return Text::tr("%L1 s").arg(s);
    if (s < 3600)
        return Text::tr("%L1 min %L2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return Text::tr("%L1 h %L2 min").arg(s / 3600).arg((s % 3600) / 60);
    return Text::tr("%L1 d %L2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString formatTime(qint64 unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString deliveryStateText(DeliveryState state)
{
    switch (state) {
    case DeliveryState::Pending:
        return Text::tr("pending");
    case DeliveryState::InFlight:
        return Text::tr("in flight");
    case DeliveryState::RetryWait:
        return Text::tr("waiting to retry");
    case DeliveryState::Delivered:
        return Text::tr("delivered");
    case DeliveryState::Dead:
        return Text::tr("dead");
    case DeliveryState::Discarded:
        return Text::tr("discarded");
    }
    return deliveryStateName(state);
}

QString breakerStateText(const QString &name)
{
    if (name == u"closed")
        return Text::tr("closed", "circuit breaker");
    if (name == u"open")
        return Text::tr("open", "circuit breaker");
    if (name == u"half_open")
        return Text::tr("half open", "circuit breaker");
    return name;
}

QString formatCount(qint64 n) { return QLocale().toString(n); }

int clampedCount(qint64 n) { return int(std::min<qint64>(n, std::numeric_limits<int>::max())); }

} // namespace Tandem::Cli
