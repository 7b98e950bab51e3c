// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>

#include <QStringList>
#include <QWidget>

#include "ui/charts/chartrange.h"
#include "ui/refreshpacer.h"

class QButtonGroup;
class QGridLayout;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class TargetChart;

/// The charts of every target, one row of two charts (TargetChart) per target in name order,
/// under a range selector (5 min, 1 h, 24 h, 7 d). The chosen range is remembered in QSettings
/// ("charts/range"). Live figures and breaker transitions from the engine are handed to the
/// target they belong to; the charts redraw with each batch of figures, or less often when the
/// refresh interval (Settings › Charts) is longer than the engine's second: every figure is
/// kept either way. A breaker transition redraws at once.
///
/// Thread: UI thread, with the engine (not owned; must outlive the panel).
class TargetChartsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetChartsPanel)

public:
    static inline const QString RangeSettingsKey = QStringLiteral("charts/range");

    explicit TargetChartsPanel(Engine &engine, QWidget *parent = nullptr);
    ~TargetChartsPanel() override;

    ChartRange range() const { return m_range; }
    /// Shows `range` in every chart (each reads its history) and remembers it.
    void setRange(ChartRange range);
    /// One row per target, in this order; rows of targets no longer listed go.
    void setTargets(const QStringList &targets);
    /// How often the charts redraw (1000, 2000, 5000 ms); the next batch redraws at once.
    void setRefreshIntervalMs(int ms) { m_pacer.setIntervalMs(ms); }
    int refreshIntervalMs() const { return m_pacer.intervalMs(); }

    TargetChart *chart(const QString &target) const;
    QList<TargetChart *> charts() const;

Q_SIGNALS:
    void rangeChanged(Tandem::Ui::ChartRange range);

private:
    Engine &m_engine;
    ChartRange m_range = ChartRange::FiveMinutes;
    std::map<QString, TargetChart *> m_charts;
    RefreshPacer m_pacer;
    QButtonGroup *m_rangeButtons = nullptr;
    QGridLayout *m_grid = nullptr;
};

} // namespace Tandem::Ui
