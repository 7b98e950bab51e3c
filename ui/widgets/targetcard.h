// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>
#include <optional>

#include <QColor>
#include <QFrame>

#include "engine/metrics/metricssnapshot.h"
#include "engine/store/store.h"

class QGridLayout;
class QLabel;
class QPushButton;

namespace Tandem::Ui {

/// One target at a glance on the main window: its name, host and whether it sends; the breaker's
/// state in colour and words; in-flight, pending, the oldest pending age, the success rate, the
/// latency quantiles (1 min window) and deliveries per second; why the engine holds it, if it
/// does; and buttons for pause/resume, reset breaker, test connection and edit.
///
/// Figures are updated in place (setMetrics(), about once a second): every value label keeps a
/// fixed width, so the card never changes size while the numbers move. Success rate and
/// deliveries per second are computed from the counters of the snapshots of the last minute
/// (10 s for the rate), so they follow what happens now rather than since the engine started.
/// The buttons only ask (signals): the main window talks to the engine.
///
/// Thread: UI thread.
class TargetCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetCard)

public:
    explicit TargetCard(const StoredTarget &target, QWidget *parent = nullptr);
    ~TargetCard() override;

    QString targetName() const { return m_target.config.name; }
    const StoredTarget &target() const { return m_target; }
    /// The configuration as the store has it now (paused, enabled, URL).
    void setTarget(const StoredTarget &target);
    /// The latest figures; nullopt when the engine runs no worker for the target (paused,
    /// disabled, starting).
    void setMetrics(const std::optional<MetricsSnapshot> &snapshot);
    /// Disables the buttons while an action on this target is on its way to the store.
    void setBusy(bool busy);

    /// The colour a breaker state ("closed", "open", "half_open") is shown in.
    static QColor breakerColour(const QString &state);
    /// The words a breaker state is shown in.
    static QString breakerText(const QString &state);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    void pauseRequested(const QString &target, bool paused);
    void resetBreakerRequested(const QString &target);
    void testConnectionRequested(const QString &target);
    void editRequested(const QString &target);

private:
    struct Sample
    {
        qint64 atMs;
        qint64 attempts;
        qint64 successes;
    };

    QLabel *addFigure(QGridLayout *grid, int index, const QString &caption, const QString &widest);
    void updateHeader();
    /// `sinceMs` (0 = unknown) adds how long the breaker has been in its state.
    void updateBreaker(const QString &state, qint64 sinceMs = 0, qint64 nowMs = 0);
    void clearFigures();

    StoredTarget m_target;
    std::optional<MetricsSnapshot> m_snapshot;
    std::deque<Sample> m_samples;
    bool m_busy = false;

    QLabel *m_name = nullptr;
    QLabel *m_host = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_breakerDot = nullptr;
    QLabel *m_breakerState = nullptr;
    QLabel *m_inFlight = nullptr;
    QLabel *m_pending = nullptr;
    QLabel *m_oldest = nullptr;
    QLabel *m_successRate = nullptr;
    QLabel *m_p50 = nullptr;
    QLabel *m_p95 = nullptr;
    QLabel *m_p99 = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_held = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_reset = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_edit = nullptr;
};

} // namespace Tandem::Ui
