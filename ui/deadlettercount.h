// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

#include "engine/core/delivery.h"
#include "ui/coalescedread.h"

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

/// How many dead letters wait in the store, for the tray icon and the dead-letter
/// notification. Counted by StoreThread::post (never waited for) when the engine records a
/// delivery going dead (at most once a second), every 10 s (replays and discards made by
/// another process), and on refresh() (after the console replayed or discarded some).
///
/// Thread: UI thread, with the engine (not owned; must outlive the counter).
class DeadLetterCount final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeadLetterCount)

public:
    static constexpr int PollMs = 10'000;
    static constexpr int CoalesceMs = 1000;

    explicit DeadLetterCount(Engine &engine, QObject *parent = nullptr);
    ~DeadLetterCount() override;

    /// The last count read; -1 before the first.
    qint64 count() const { return m_count; }

public Q_SLOTS:
    /// Counts again now (once more after a read already on its way).
    void refresh();

Q_SIGNALS:
    /// After every read (whether or not the count changed).
    void counted(qint64 count);

private:
    void handleAttempts(const QList<Tandem::AttemptRecord> &records);

    Engine &m_engine;
    qint64 m_count = -1;
    CoalescedRead m_read;
    QTimer m_poll;
    QTimer m_coalesce;
};

} // namespace Tandem::Ui
