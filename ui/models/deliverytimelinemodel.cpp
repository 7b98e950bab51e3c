// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/deliverytimelinemodel.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>

#include "ui/appearance.h"
#include "ui/models/clocktext.h"

namespace Tandem::Ui {

DeliveryTimelineModel::DeliveryTimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

DeliveryTimelineModel::~DeliveryTimelineModel() = default;

void DeliveryTimelineModel::setTimeline(const DeliveryTimeline &timeline, qint64 nowMs)
{
    beginResetModel();
    m_timeline = timeline;
    m_nowMs = nowMs;
    endResetModel();
}

int DeliveryTimelineModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_timeline)
        return 0;
    return int(m_timeline->delivery().history.size()) + (m_timeline->nextAttempt() ? 1 : 0);
}

int DeliveryTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeliveryTimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QList<AttemptView> &history = m_timeline->delivery().history;
    if (index.row() < history.size())
        return attemptData(history.at(index.row()), index.column(), role);
    return scheduledData(*m_timeline->nextAttempt(), index.column(), role);
}

QVariant DeliveryTimelineModel::attemptData(const AttemptView &a, int column, int role) const
{
    const std::optional<qint64> retryAfter = m_timeline->retryAfterMs(a);
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case AttemptColumn:
            return a.round > 0 ? tr("%1 (replay %2)").arg(a.attemptNo).arg(a.round)
                               : QString::number(a.attemptNo);
        case TimeColumn:
            return clockText(a.startedAtMs, m_nowMs, true);
        case StatusColumn:
            return DeliveryTimeline::outcomeText(a.status, a.errorClass);
        case LatencyColumn:
            return tr("%L1 ms").arg(double(a.latencyUs) / 1000.0, 0, 'f', 1);
        case ErrorColumn:
            return a.error;
        case RetryAfterColumn:
            return retryAfter ? durationText(*retryAfter) : QString();
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(a.startedAtMs).toString(Qt::ISODateWithMs);
        if (column == ErrorColumn && !a.responseExcerpt.isEmpty())
            return tr("Response: %1").arg(QString::fromUtf8(a.responseExcerpt));
        if (column == RetryAfterColumn && !retryAfter)
            return tr("The answer had no Retry-After, or the attempt was recorded before "
                      "Tandem kept it.");
        return {};
    case Qt::TextAlignmentRole:
        return column == LatencyColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ScheduledRole:
        return false;
    case AttemptNoRole:
        return a.attemptNo;
    case RoundRole:
        return a.round;
    case TimeRole:
        return a.startedAtMs;
    case StatusRole:
        return a.status;
    default:
        return {};
    }
}

QVariant DeliveryTimelineModel::scheduledData(const NextAttempt &n, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case AttemptColumn:
            return tr("%1 (next)").arg(n.attemptNo);
        case TimeColumn:
            return clockText(n.dueAtMs, m_nowMs, true);
        case StatusColumn:
            return tr("scheduled");
        case LatencyColumn:
            return QString();
        case ErrorColumn: {
            QString window;
            if (n.earliestMs)
                window = tr("backoff window %1 – %2")
                             .arg(clockText(*n.earliestMs, m_nowMs, true),
                                 clockText(*n.latestMs, m_nowMs, true));
            else
                window = tr("backoff window unknown (the target's policy is gone)");
            if (n.retryAfterOverrode)
                return tr("Retry-After overrode the backoff (%1)").arg(window);
            if (n.heldBack)
                return tr("held back by the retry budget (%1)").arg(window);
            if (n.sooner)
                return tr("sooner than the backoff: a fresh token is tried at once (%1)")
                    .arg(window);
            return window;
        }
        case RetryAfterColumn:
            return n.retryAfterOverrode && n.retryAfterMs
                ? tr("%1, honoured").arg(durationText(*n.retryAfterMs))
                : QString();
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == ErrorColumn)
            return scheduledData(n, column, Qt::DisplayRole);
        return tr("The engine draws the delay from the target's retry policy (backoff with "
                  "jitter) unless a 429 or 503 answer carried a Retry-After, which it honours up "
                  "to the policy's maximum delay.");
    case Qt::FontRole: {
        QFont f;
        f.setItalic(true);
        return f;
    }
    case Qt::ForegroundRole:
        // The future: blue, as links and "scheduled" read. Asked at every paint, so a theme
        // switch (which repaints the view) gets it readable on the new palette.
        return Appearance::readable(QColor(0x15, 0x65, 0xc0), QGuiApplication::palette());
    case ScheduledRole:
        return true;
    case AttemptNoRole:
        return n.attemptNo;
    case RoundRole:
        return m_timeline->delivery().round;
    case TimeRole:
        return n.dueAtMs;
    case StatusRole:
        return 0;
    default:
        return {};
    }
}

QVariant DeliveryTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case AttemptColumn:
        return tr("Attempt");
    case TimeColumn:
        return tr("Time");
    case StatusColumn:
        return tr("Status");
    case LatencyColumn:
        return tr("Latency");
    case ErrorColumn:
        return tr("Error");
    case RetryAfterColumn:
        return tr("Retry-After");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Tandem::Ui
