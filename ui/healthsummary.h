// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>

#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include "engine/metrics/metricssnapshot.h"

namespace Tandem::Ui {

/// The console's state in one word, for the tray icon: all healthy, a breaker open (which
/// targets), or dead letters waiting (how many). Fed with the engine's metric batches and the
/// dead-letter count; a plain value, so that it is tested without a system tray.
///
/// A breaker that is half-open counts as open: the target has not recovered yet. An open
/// breaker outranks dead letters waiting, because it means deliveries stopped.
///
/// Thread: any; not shared.
class HealthSummary
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Ui::HealthSummary)

public:
    enum class State { Healthy, DeadLetters, BreakerOpen };

    /// The latest batch: every running target's breaker (a target not in it is not running
    /// and has no breaker to report).
    void setMetrics(const QList<MetricsSnapshot> &snapshots);
    /// Dead letters waiting in the store; negative while unknown.
    void setDeadLetters(qint64 count) { m_deadLetters = count; }

    State state() const;
    /// Targets whose breaker is open or half-open, in name order.
    QStringList openBreakers() const;
    qint64 deadLetters() const { return m_deadLetters; }

    /// One line for a tool tip's first line: "All targets healthy", "Breaker open: billing".
    QString headline() const;
    /// "Tandem — " and the headline, then the dead letters when an open breaker outranks them:
    /// the tray icon's tool tip.
    QString toolTip() const;

    bool operator==(const HealthSummary &) const = default;

private:
    std::map<QString, QString> m_breakers; ///< target → breaker state ("closed", …)
    qint64 m_deadLetters = -1;
};

} // namespace Tandem::Ui
