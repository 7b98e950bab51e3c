// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/notificationpolicy.h"

namespace Tandem::Ui {

void NotificationPolicy::setOptions(const Options &options)
{
    if (options.deadLetterThreshold != m_options.deadLetterThreshold)
        m_aboveThreshold = false; // the next count is measured against the new threshold
    m_options = options;
}

QList<DesktopNotification> NotificationPolicy::observeMetrics(
    const QList<MetricsSnapshot> &snapshots)
{
    QList<DesktopNotification> out;
    std::map<QString, bool> outage;
    for (const MetricsSnapshot &s : snapshots) {
        const auto before = m_outage.find(s.target);
        const bool wasDown = before != m_outage.end() && before->second;
        // Half-open is the same outage, probing: it neither starts nor ends one.
        const bool down = s.breakerState == u"open" || (wasDown && s.breakerState == u"half_open");
        outage.emplace(s.target, down);
        if (down && !wasDown && m_options.breakerOpen) {
            DesktopNotification n;
            n.kind = DesktopNotification::Kind::BreakerOpen;
            n.target = s.target;
            n.title = tr("Breaker open: %1").arg(s.target);
            n.text = s.breakerReason.isEmpty()
                ? tr("Tandem stopped sending to %1 and will probe it again shortly.").arg(s.target)
                : tr("Tandem stopped sending to %1: %2").arg(s.target, s.breakerReason);
            out.append(n);
        }
    }
    // A target missing from the batch is not running (paused, removed): its outage is over.
    m_outage = std::move(outage);
    return out;
}

std::optional<DesktopNotification> NotificationPolicy::observeDeadLetters(qint64 count)
{
    if (count < 0)
        return std::nullopt; // unknown: nothing learnt
    const bool above = count >= m_options.deadLetterThreshold;
    const bool crossed = above && !m_aboveThreshold;
    m_aboveThreshold = above;
    if (!crossed || !m_options.deadLetters)
        return std::nullopt;
    DesktopNotification n;
    n.kind = DesktopNotification::Kind::DeadLetters;
    n.title = count == 1 ? tr("1 dead letter waiting") : tr("%L1 dead letters waiting").arg(count);
    n.text = tr("Deliveries that ran out of retries wait in the dead-letter queue for you to "
                "replay or discard them.");
    return n;
}

} // namespace Tandem::Ui
