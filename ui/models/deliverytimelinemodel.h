// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QAbstractTableModel>

#include "ui/models/deliverytimeline.h"

namespace Tandem::Ui {

/// One delivery's retry timeline as a table: every past attempt (all rounds, oldest first: time,
/// status, latency, error, the answer's Retry-After when known), then, while the delivery waits
/// for a retry, one row for the next scheduled attempt with its jitter window and whether a
/// Retry-After overrode the backoff.
///
/// Thread: UI thread.
class DeliveryTimelineModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryTimelineModel)

public:
    enum Column {
        AttemptColumn,
        TimeColumn,
        StatusColumn,
        LatencyColumn,
        ErrorColumn,
        RetryAfterColumn,
        ColumnCount
    };
    enum Role {
        ScheduledRole = Qt::UserRole + 1, ///< bool: the row is the next attempt, not a past one
        AttemptNoRole, ///< int
        RoundRole, ///< int
        TimeRole, ///< qint64 ms since the epoch (started, or due)
        StatusRole, ///< int HTTP status, 0 without an answer
    };

    explicit DeliveryTimelineModel(QObject *parent = nullptr);
    ~DeliveryTimelineModel() override;

    /// Shows `timeline`; times are written relative to `nowMs` (today: no date).
    void setTimeline(const DeliveryTimeline &timeline, qint64 nowMs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant attemptData(const AttemptView &a, int column, int role) const;
    QVariant scheduledData(const NextAttempt &n, int column, int role) const;

    std::optional<DeliveryTimeline> m_timeline;
    qint64 m_nowMs = 0;
};

} // namespace Tandem::Ui
