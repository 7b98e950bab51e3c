// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QList>
#include <QTimer>

#include "engine/metrics/capacitycheck.h"
#include "ui/coalescedread.h"

class QLabel;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

/// A strip above the main window's tabs that warns before capacity limits bite (checkCapacity):
/// amber for a warning, red when critical (tints for the light or the dark theme), hidden
/// while all is well. Every 10 s it reads the
/// dead-letter count and the backlog limits from the store and the free space under the data
/// directory, all through StoreThread::post (the disk is asked on the store thread too), and
/// takes the waiting deliveries from the engine's latest metrics.
///
/// Thread: UI thread, with the engine (not owned; must outlive the banner).
class CapacityBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CapacityBanner)

public:
    static constexpr int RefreshMs = 10'000;

    explicit CapacityBanner(Engine &engine, QWidget *parent = nullptr);
    ~CapacityBanner() override;

    /// Where the store's files are (its disk is watched); empty for none (a remote store).
    void setDataDirectory(const QString &dir);
    void setThresholds(const CapacityThresholds &thresholds);
    QList<CapacityWarning> warnings() const { return m_warnings; }

public Q_SLOTS:
    /// Reads the figures now (coalesced while a read is on its way).
    void refresh();

protected:
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    /// After every read whose warnings differ from the last ones.
    void warningsChanged(const QList<Tandem::CapacityWarning> &warnings);

private:
    void apply(const CapacityFigures &figures);
    /// Amber or red, for the light or the dark theme.
    void paintLevel(bool critical);

    Engine &m_engine;
    QString m_dataDir;
    CapacityThresholds m_thresholds;
    QList<CapacityWarning> m_warnings;
    bool m_critical = false;
    // A refresh asked for while a read is on its way (new thresholds, say) reads again after it.
    CoalescedRead m_read;
    QTimer m_timer;
    QLabel *m_text = nullptr;
};

} // namespace Tandem::Ui
