// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/retryschedulemodel.h"

#include <cmath>

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include "ui/appearance.h"

namespace Tandem::Ui {

RetryScheduleModel::RetryScheduleModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

RetryScheduleModel::~RetryScheduleModel() = default;

QString RetryScheduleModel::formatDuration(qint64 ms, const QLocale &locale)
{
    ms = std::max<qint64>(0, ms);
    if (ms < 1000)
        return tr("%1 ms").arg(locale.toString(ms));
    if (ms < 60'000) {
        const qint64 tenths = std::llround(double(ms) / 100.0);
        if (tenths % 10 == 0)
            return tr("%1 s").arg(locale.toString(tenths / 10));
        return tr("%1 s").arg(locale.toString(double(tenths) / 10.0, 'f', 1));
    }
    // Larger spans drop what is below their second unit: "1 h 5 min", not "1 h 5 min 3.2 s".
    const auto twoUnits
        = [&locale](qint64 big, qint64 small, const QString &bigFormat, const QString &bothFormat) {
              if (small == 0)
                  return bigFormat.arg(locale.toString(big));
              return bothFormat.arg(locale.toString(big), locale.toString(small));
          };
    if (ms < 3'600'000) {
        const qint64 s = ms / 1000;
        return twoUnits(s / 60, s % 60, tr("%1 min"), tr("%1 min %2 s"));
    }
    if (ms < 86'400'000) {
        const qint64 min = ms / 60'000;
        return twoUnits(min / 60, min % 60, tr("%1 h"), tr("%1 h %2 min"));
    }
    const qint64 h = ms / 3'600'000;
    return twoUnits(h / 24, h % 24, tr("%1 d"), tr("%1 d %2 h"));
}

void RetryScheduleModel::setPolicy(const RetryPolicy &policy)
{
    beginResetModel();
    m_policy = policy;
    m_hasPolicy = true;
    m_rows.clear();

    const qint64 maxAgeMs = policy.maxAgeS * 1000;
    QList<Row> reachable;
    qint64 earliest = 0;
    qint64 latest = 0;
    double middle = 0;
    // Decorrelated jitter depends on the previous delay: each bound follows its own path.
    qint64 previousShortest = 0;
    qint64 previousLongest = 0;
    double previousMiddle = 0;
    for (int n = 1; n <= policy.maxAttempts; ++n) {
        if (n > 1) {
            const RetryPolicy::Range shortest = policy.delayRange(n - 1, previousShortest);
            const RetryPolicy::Range longest = policy.delayRange(n - 1, previousLongest);
            const RetryPolicy::Range mid = policy.delayRange(n - 1, std::llround(previousMiddle));
            earliest += shortest.minMs;
            latest += longest.maxMs;
            const double midDelay = (double(mid.minMs) + double(mid.maxMs)) / 2.0;
            middle += midDelay;
            previousShortest = shortest.minMs;
            previousLongest = longest.maxMs;
            previousMiddle = midDelay;
        }
        // The engine gives up instead of scheduling an attempt due after the max age.
        if (earliest > maxAgeMs)
            break;
        Row row;
        row.attempt = n;
        row.minMs = earliest;
        row.maxMs = latest;
        row.atMs = std::llround(middle);
        row.mayBeCut = latest > maxAgeMs;
        reachable.append(row);
    }
    m_reachable = int(reachable.size());
    m_lastMaxMs = reachable.isEmpty() ? 0 : reachable.last().maxMs;

    if (reachable.size() > MaxAttemptRows) {
        m_rows = reachable.mid(0, MaxAttemptRows - 1);
        Row elided;
        elided.kind = RowKind::Elided;
        elided.firstHidden = MaxAttemptRows;
        elided.lastHidden = int(reachable.size()) - 1;
        m_rows.append(elided);
        m_rows.append(reachable.last());
    } else {
        m_rows = reachable;
    }
    if (m_reachable < policy.maxAttempts) {
        Row givesUp;
        givesUp.kind = RowKind::GivesUp;
        givesUp.firstHidden = m_reachable + 1;
        givesUp.lastHidden = policy.maxAttempts;
        givesUp.minMs = givesUp.maxMs = givesUp.atMs = maxAgeMs;
        m_rows.append(givesUp);
    }
    endResetModel();
}

void RetryScheduleModel::clear()
{
    beginResetModel();
    m_hasPolicy = false;
    m_rows.clear();
    m_reachable = 0;
    m_lastMaxMs = 0;
    endResetModel();
}

int RetryScheduleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RetryScheduleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RetryScheduleModel::displayText(const Row &row, int column) const
{
    const QLocale locale;
    const auto offset
        = [&locale](qint64 ms) -> QString { return u'+' + formatDuration(ms, locale); };
    switch (row.kind) {
    case RowKind::Attempt:
        switch (column) {
        case AttemptColumn:
            return locale.toString(row.attempt);
        case AtColumn:
            return offset(row.atMs);
        case RangeColumn:
            if (row.attempt == 1)
                return tr("first attempt");
            if (row.minMs == row.maxMs)
                return tr("exactly");
            return tr("%1 … %2").arg(offset(row.minMs), offset(row.maxMs));
        }
        break;
    case RowKind::Elided:
        if (column == AttemptColumn)
            return QStringLiteral("…");
        if (column == AtColumn)
            return tr("attempts %1 to %2 not shown")
                .arg(locale.toString(row.firstHidden), locale.toString(row.lastHidden));
        break;
    case RowKind::GivesUp:
        if (column == AttemptColumn)
            return QStringLiteral("✕");
        if (column == AtColumn) {
            const QString age = formatDuration(m_policy.maxAgeS * 1000, locale);
            if (row.firstHidden == row.lastHidden)
                return tr("gives up here: max age %1 (attempt %2 would start too late)")
                    .arg(age, locale.toString(row.firstHidden));
            return tr("gives up here: max age %1 (attempts %2 to %3 would start too late)")
                .arg(age, locale.toString(row.firstHidden), locale.toString(row.lastHidden));
        }
        break;
    }
    return {};
}

QString RetryScheduleModel::toolTip(const Row &row) const
{
    const QLocale locale;
    switch (row.kind) {
    case RowKind::Attempt: {
        QString text = row.attempt == 1
            ? tr("The first attempt goes out as soon as the message is stored.")
            : row.minMs == row.maxMs
            ? tr("Attempt %1 starts %2 after the first.")
                  .arg(locale.toString(row.attempt), formatDuration(row.atMs, locale))
            : tr("Attempt %1 starts about %2 after the first: jitter spreads it between %3 and "
                 "%4.")
                  .arg(locale.toString(row.attempt), formatDuration(row.atMs, locale),
                      formatDuration(row.minMs, locale), formatDuration(row.maxMs, locale));
        if (row.mayBeCut)
            text += u' '
                + tr("The max age (%1) can pass before it, and then the delivery is dead-lettered "
                     "instead.")
                      .arg(formatDuration(m_policy.maxAgeS * 1000, locale));
        return text;
    }
    case RowKind::Elided:
        return tr("Attempts %1 to %2 follow the same pattern.")
            .arg(locale.toString(row.firstHidden), locale.toString(row.lastHidden));
    case RowKind::GivesUp:
        return tr("A delivery older than the max age (%1) is dead-lettered instead of being "
                  "tried again.")
            .arg(formatDuration(m_policy.maxAgeS * 1000, locale));
    }
    return {};
}

QVariant RetryScheduleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        if (index.column() == AttemptColumn
            || (index.column() == AtColumn && row.kind == RowKind::Attempt))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (row.kind == RowKind::GivesUp)
            // Asked at every paint: a theme switch repaints the view with the new palette's.
            return Appearance::readable(QColor(0xa1, 0x26, 0x0d), QGuiApplication::palette());
        if (row.mayBeCut || row.kind == RowKind::Elided)
            return Appearance::readable(
                QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text),
                QGuiApplication::palette()); // dimmed, yet readable on a dark palette too
        return {};
    case Qt::FontRole:
        if (row.kind != RowKind::Attempt || row.mayBeCut) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case KindRole:
        return QVariant::fromValue(int(row.kind));
    case AttemptRole:
        return row.attempt;
    case AtMsRole:
        return row.atMs;
    case MinMsRole:
        return row.minMs;
    case MaxMsRole:
        return row.maxMs;
    case MayBeCutRole:
        return row.mayBeCut;
    }
    return {};
}

QVariant RetryScheduleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AttemptColumn:
        return tr("Attempt");
    case AtColumn:
        return tr("Starts at");
    case RangeColumn:
        return tr("Jitter range");
    }
    return {};
}

} // namespace Tandem::Ui
