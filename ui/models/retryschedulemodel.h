// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

#include "engine/core/retrypolicy.h"

namespace Tandem::Ui {

/// The schedule a retry policy produces, one row per attempt: when it starts, counted from the
/// first attempt, and the range jitter spreads it over (cumulative: the earliest and latest the
/// attempt can start). Where the policy's max age passes before an attempt could start, a
/// "gives up here" row ends the list; beyond MaxAttemptRows attempts the middle is elided to one
/// row. The time attempts themselves take is not included.
///
/// Decorrelated jitter draws each delay from a range that depends on the previous delay; the
/// ranges here follow the longest possible delays (the latest an attempt can start) and the
/// shortest (the earliest), so they bound every real schedule. "At" follows the midpoint of each
/// range, an estimate.
///
/// Thread: UI thread. A plain list model: setPolicy() resets it.
class RetryScheduleModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetryScheduleModel)

public:
    enum Column { AttemptColumn, AtColumn, RangeColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, ///< RowKind
        AttemptRole, ///< the attempt number (Attempt rows), else 0
        AtMsRole, ///< midpoint start, ms after the first attempt
        MinMsRole, ///< earliest start
        MaxMsRole, ///< latest start
        MayBeCutRole, ///< the max age can pass before this attempt starts
    };
    enum class RowKind { Attempt, Elided, GivesUp };

    static constexpr int MaxAttemptRows = 30;

    explicit RetryScheduleModel(QObject *parent = nullptr);
    ~RetryScheduleModel() override;

    void setPolicy(const RetryPolicy &policy);
    /// No valid policy: an empty model.
    void clear();
    bool hasPolicy() const { return m_hasPolicy; }
    const RetryPolicy &policy() const { return m_policy; }

    /// Attempts that can start before the max age passes.
    int reachableAttempts() const { return m_reachable; }
    /// The latest the last reachable attempt can start, ms after the first.
    qint64 lastAttemptMaxMs() const { return m_lastMaxMs; }
    /// Whether the max age cuts the schedule short of max_attempts.
    bool cutByMaxAge() const { return m_reachable < m_policy.maxAttempts; }

    /// "850 ms", "1.5 s", "2 min 5 s", "1 h 30 min", "2 d 6 h": two units at most, numbers in
    /// `locale`.
    static QString formatDuration(qint64 ms, const QLocale &locale = QLocale());

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        RowKind kind = RowKind::Attempt;
        int attempt = 0;
        qint64 atMs = 0;
        qint64 minMs = 0;
        qint64 maxMs = 0;
        bool mayBeCut = false;
        int firstHidden = 0; ///< Elided: the first attempt left out; GivesUp: the first lost
        int lastHidden = 0;
    };

    QString displayText(const Row &row, int column) const;
    QString toolTip(const Row &row) const;

    RetryPolicy m_policy;
    bool m_hasPolicy = false;
    QList<Row> m_rows;
    int m_reachable = 0;
    qint64 m_lastMaxMs = 0;
};

} // namespace Tandem::Ui
