// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSet>
#include <QWidget>

#include "engine/dispatch/circuitbreaker.h"

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace Tandem {
class Engine;
struct AttemptRecord;
} // namespace Tandem

namespace Tandem::Ui {

class EventLogModel;

/// The console's event log: what happened, newest first (EventLogModel), with a filter by kind.
/// It follows the engine itself: breaker transitions, dead letters (from the recorded attempts,
/// coalesced per target, reason and second), configuration changes, targets starting and
/// stopping, the engine stopping and store errors. Replays and discards come from whoever
/// performs them (recordReplay(), recordDiscard(): the dead-letter browser, through the main
/// window). At start it reads the breaker transitions of the last hour back from the store
/// (StoreThread::post), so the log is not empty after a restart.
///
/// Thread: UI thread, with the engine (not owned; must outlive the panel).
class EventLogPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogPanel)

public:
    static constexpr qint64 HistoryMs = 3600 * 1000;

    explicit EventLogPanel(Engine &engine, QWidget *parent = nullptr);
    ~EventLogPanel() override;

    EventLogModel *model() const { return m_model; }
    /// The rows shown (after the kind filter).
    QSortFilterProxyModel *filteredModel() const { return m_filtered; }
    QTableView *view() const { return m_view; }
    /// Shows only events of one kind (a LogEvent::Kind as int), or all for -1.
    void setKindFilter(int kind);

public Q_SLOTS:
    void recordReplay(int count);
    void recordDiscard(int count);
    /// The window asked the engine to stop.
    void recordStopping();

Q_SIGNALS:
    /// The operator double-clicked an event about a message.
    void messageRequested(const QString &messageId);
    /// The breaker history of the last hour arrived (or could not be read).
    void historyLoaded();

private:
    void loadHistory();
    void handleAttempts(const QString &target, const QList<Tandem::AttemptRecord> &records);
    void handleBreakerTransition(const QString &target, const Tandem::BreakerTransition &t);
    void handleTargetsChanged(const QStringList &running);
    void updateCount();

    Engine &m_engine;
    EventLogModel *m_model = nullptr;
    QSortFilterProxyModel *m_filtered = nullptr;
    QComboBox *m_kind = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_view = nullptr;
    QSet<QString> m_running;
    bool m_runningKnown = false;
};

} // namespace Tandem::Ui
