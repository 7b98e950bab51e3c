// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

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

/// "850 ms", "12 s", "3 min 4 s", "2 h 5 min", "3 d 4 h".
QString formatDuration(qint64 ms);
/// ISO 8601 in UTC with milliseconds, as logs and scripts expect.
QString formatTime(qint64 unixMs);

} // namespace Tandem::Cli
