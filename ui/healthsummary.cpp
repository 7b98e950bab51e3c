// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/healthsummary.h"

#include <QLocale>

namespace Tandem::Ui {

void HealthSummary::setMetrics(const QList<MetricsSnapshot> &snapshots)
{
    m_breakers.clear();
    for (const MetricsSnapshot &s : snapshots)
        m_breakers.insert_or_assign(s.target, s.breakerState);
}

QStringList HealthSummary::openBreakers() const
{
    QStringList open;
    for (const auto &[target, state] : m_breakers) {
        if (state == u"open" || state == u"half_open")
            open.append(target);
    }
    return open;
}

HealthSummary::State HealthSummary::state() const
{
    if (!openBreakers().isEmpty())
        return State::BreakerOpen;
    if (m_deadLetters > 0)
        return State::DeadLetters;
    return State::Healthy;
}

QString HealthSummary::headline() const
{
    const QStringList open = openBreakers();
    switch (state()) {
    case State::BreakerOpen:
        return open.size() == 1 ? tr("Breaker open: %1").arg(open.constFirst())
                                : tr("Breakers open: %1").arg(open.join(QStringLiteral(", ")));
    case State::DeadLetters:
        return m_deadLetters == 1 ? tr("1 dead letter waiting")
                                  : tr("%L1 dead letters waiting").arg(m_deadLetters);
    case State::Healthy:
        break;
    }
    return m_breakers.empty() ? tr("No target running") : tr("All targets healthy");
}

QString HealthSummary::toolTip() const
{
    QStringList lines { tr("Tandem — %1").arg(headline()) };
    if (state() == State::BreakerOpen && m_deadLetters > 0)
        lines.append(m_deadLetters == 1 ? tr("1 dead letter waiting")
                                        : tr("%L1 dead letters waiting").arg(m_deadLetters));
    return lines.join(u'\n');
}

} // namespace Tandem::Ui
