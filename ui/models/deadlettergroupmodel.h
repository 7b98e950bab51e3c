// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "engine/store/store.h"

class QTimer;

namespace Tandem {
class Engine;
struct AttemptRecord;
} // namespace Tandem

namespace Tandem::Ui {

/// The dead-letter queue grouped by failure fingerprint (Store::deadLetterGroups), biggest
/// group first: target, status or error class with the normalised error, count, first and last
/// seen. The browser's filter (target, time, text …) narrows the groups.
///
/// Every read goes through StoreThread::post(). The groups are read again when the engine
/// records dead letters (coalesced: at most once per RefreshDelayMs, or ten times as long as the
/// last read took, whichever is longer) and after refresh(); a read
/// that changes only counts and times updates the rows in place, so a selection stays.
///
/// Thread: UI thread, with the engine (not owned; must outlive the model).
class DeadLetterGroupModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeadLetterGroupModel)

public:
    enum Column {
        TargetColumn,
        FailureColumn,
        CountColumn,
        FirstSeenColumn,
        LastSeenColumn,
        ColumnCount
    };

    static constexpr int MaxGroups = 200;
    static constexpr int RefreshDelayMs = 1000;
    static constexpr int MaxRefreshDelayMs = 30'000;

    explicit DeadLetterGroupModel(Engine &engine, QObject *parent = nullptr);
    ~DeadLetterGroupModel() override;

    /// The filter the groups are read for (its fingerprint, paging and order are ignored).
    void setFilter(const DeadLetterQuery &filter);
    DeadLetterGroup group(int row) const { return m_groups.at(row); }
    /// The row of the group with this fingerprint, or -1.
    int rowOf(const DeadLetterFingerprint &fingerprint) const;
    bool isLoading() const { return m_loading; }

    /// "401 · authentication failed", "Timeout · timeout after <duration>": how a group reads.
    static QString failureText(const DeadLetterFingerprint &fingerprint);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    /// Reads the groups again (coalesced while a read is on its way).
    void refresh();

Q_SIGNALS:
    /// A read arrived and the rows follow it.
    void loaded();
    void loadFailed(const QString &message);

private:
    void handleRead(const QList<DeadLetterGroup> &groups);
    void handleAttemptsRecorded(const QString &target, const QList<Tandem::AttemptRecord> &records);

    Engine &m_engine;
    DeadLetterQuery m_query;
    QList<DeadLetterGroup> m_groups;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_refreshAgain = false;
    QTimer *m_refreshTimer = nullptr;
};

} // namespace Tandem::Ui
