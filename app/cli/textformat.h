// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "engine/core/delivery.h"

namespace Tandem::Cli {

/// Aligned plain-text columns for terminal output.
class TextTable
{
public:
    explicit TextTable(QStringList header);
    void addRow(QStringList cells);
    QString render() const;

private:
    QList<QStringList> m_rows;
};

/// "850 ms", "12 s", "3 min 4 s", "2 h 5 min", "3 d 4 h": units translated, numbers in the
/// default locale.
QString formatDuration(qint64 ms);
/// ISO 8601 in UTC with milliseconds, as logs and scripts expect: the same in every language,
/// so that a time in the terminal can be found in the event log and in --json output.
QString formatTime(qint64 unixMs);
/// A delivery's state for a person (deliveryStateName() is the --json name).
QString deliveryStateText(DeliveryState state);
/// A breaker state as --json names it ("closed", "open", "half_open"), for a person.
QString breakerStateText(const QString &name);
/// A count with the default locale's digit grouping ("12,345"; German "12.345").
QString formatCount(qint64 n);
/// `n` as the int that tr("%Ln message(s)", nullptr, n) takes (counts beyond 2^31 saturate).
int clampedCount(qint64 n);

} // namespace Tandem::Cli
