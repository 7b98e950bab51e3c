// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/healthmonitor.h"

#include "engine/dispatch/engine.h"
#include "ui/deadlettercount.h"

namespace Tandem::Ui {

HealthMonitor::HealthMonitor(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_deadLetters(new DeadLetterCount(engine, this))
{
    connect(&engine, &Engine::metricsUpdated, this, &HealthMonitor::handleMetrics);
    connect(m_deadLetters, &DeadLetterCount::counted, this, &HealthMonitor::handleDeadLetters);
}

HealthMonitor::~HealthMonitor() = default;

void HealthMonitor::setNotificationOptions(const NotificationPolicy::Options &options)
{
    m_policy.setOptions(options);
    if (m_deadLetters->count() >= 0)
        handleDeadLetters(m_deadLetters->count()); // a lowered threshold may be passed already
}

void HealthMonitor::handleMetrics(const QList<MetricsSnapshot> &snapshots)
{
    const HealthSummary before = m_summary;
    m_summary.setMetrics(snapshots);
    for (const DesktopNotification &n : m_policy.observeMetrics(snapshots))
        Q_EMIT notificationDue(n);
    publish(before);
}

void HealthMonitor::handleDeadLetters(qint64 count)
{
    const HealthSummary before = m_summary;
    m_summary.setDeadLetters(count);
    if (const auto n = m_policy.observeDeadLetters(count))
        Q_EMIT notificationDue(*n);
    publish(before);
}

void HealthMonitor::publish(const HealthSummary &before)
{
    if (!(m_summary == before))
        Q_EMIT summaryChanged(m_summary);
}

} // namespace Tandem::Ui
