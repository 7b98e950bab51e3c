// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <optional>

#include <QCoreApplication>
#include <QList>
#include <QString>

#include "engine/metrics/metricssnapshot.h"

namespace Tandem::Ui {

/// A desktop notification the console wants shown.
struct DesktopNotification
{
    enum class Kind { BreakerOpen, DeadLetters };
    Kind kind = Kind::BreakerOpen;
    QString target; ///< BreakerOpen only
    QString title;
    QString text;
    bool operator==(const DesktopNotification &) const = default;
};

/// Decides which desktop notifications to show, so that they inform rather than nag: one per
/// target per breaker opening (an outage that goes open → half-open → open again is one
/// opening; the next one starts once the breaker has closed), and one each time the dead
/// letters waiting reach the threshold from below (they must fall under it before the next).
/// Settings › Notifications turns either off; state is followed while off, so that turning it
/// on does not announce an outage already under way. Changing the threshold re-arms it.
///
/// Fed with the engine's metric batches and the dead-letter count; a plain class, tested
/// without a system tray.
///
/// Thread: any; not shared.
class NotificationPolicy
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Ui::NotificationPolicy)

public:
    struct Options
    {
        bool breakerOpen = true;
        bool deadLetters = true;
        qint64 deadLetterThreshold = 100;
        bool operator==(const Options &) const = default;
    };

    void setOptions(const Options &options);
    const Options &options() const { return m_options; }

    /// The notifications a batch of figures calls for (breaker openings).
    QList<DesktopNotification> observeMetrics(const QList<MetricsSnapshot> &snapshots);
    /// The notification a new dead-letter count calls for, if any.
    std::optional<DesktopNotification> observeDeadLetters(qint64 count);

private:
    Options m_options;
    std::map<QString, bool> m_outage; ///< target → its breaker has opened and not closed since
    bool m_aboveThreshold = false;
};

} // namespace Tandem::Ui
