// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>

#include <QStringList>
#include <QWidget>

#include "ui/charts/chartrange.h"

class QButtonGroup;
class QVBoxLayout;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class TargetChart;

/// The charts of every target, one row of two charts (TargetChart) per target in name order,
/// under a range selector (5 min, 1 h, 24 h, 7 d). The chosen range is remembered in QSettings
/// ("charts/range"). Live figures and breaker transitions from the engine are handed to the
/// target they belong to; every chart moves on with each batch of figures.
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

    TargetChart *chart(const QString &target) const;
    QList<TargetChart *> charts() const;

Q_SIGNALS:
    void rangeChanged(Tandem::Ui::ChartRange range);

private:
    Engine &m_engine;
    ChartRange m_range = ChartRange::FiveMinutes;
    std::map<QString, TargetChart *> m_charts;
    QButtonGroup *m_rangeButtons = nullptr;
    QVBoxLayout *m_rows = nullptr;
};

} // namespace Tandem::Ui
