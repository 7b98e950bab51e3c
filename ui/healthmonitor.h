// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include "ui/healthsummary.h"
#include "ui/notificationpolicy.h"

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class DeadLetterCount;

/// Follows the engine for the tray icon and the desktop notifications: keeps a HealthSummary
/// from its metric batches and the dead-letter count (DeadLetterCount), and asks a
/// NotificationPolicy what to announce. It shows nothing itself: the main window hands the
/// summary to the tray icon and the notifications to the tray or the status bar.
///
/// Thread: UI thread, with the engine (not owned; must outlive the monitor).
class HealthMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthMonitor)

public:
    explicit HealthMonitor(Engine &engine, QObject *parent = nullptr);
    ~HealthMonitor() override;

    const HealthSummary &summary() const { return m_summary; }
    void setNotificationOptions(const NotificationPolicy::Options &options);
    const NotificationPolicy::Options &notificationOptions() const { return m_policy.options(); }
    DeadLetterCount *deadLetterCount() const { return m_deadLetters; }

Q_SIGNALS:
    /// The summary changed (state, targets with an open breaker, dead-letter count).
    void summaryChanged(const Tandem::Ui::HealthSummary &summary);
    void notificationDue(const Tandem::Ui::DesktopNotification &notification);

private:
    void handleMetrics(const QList<Tandem::MetricsSnapshot> &snapshots);
    void handleDeadLetters(qint64 count);
    void publish(const HealthSummary &before);

    HealthSummary m_summary;
    NotificationPolicy m_policy;
    DeadLetterCount *m_deadLetters = nullptr;
};

} // namespace Tandem::Ui
