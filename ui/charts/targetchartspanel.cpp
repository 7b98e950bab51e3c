// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/targetchartspanel.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSet>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "ui/charts/targetchart.h"

namespace Tandem::Ui {

namespace {

// Rows share the height the panel has; below this they scroll instead of shrinking.
constexpr int MinimumRowHeight = 240;
// Targets side by side, like their cards above, so that both can be compared at a glance; a
// third target starts a new row.
constexpr int Columns = 2;

} // namespace

TargetChartsPanel::TargetChartsPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    setObjectName(QStringLiteral("targetCharts"));
    m_range = ChartRanges::fromKey(QSettings().value(RangeSettingsKey).toString())
                  .value_or(ChartRange::FiveMinutes);

    auto *title = new QLabel(tr("History"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(16, 8, 16, 0);
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(new QLabel(tr("Last:")));
    m_rangeButtons = new QButtonGroup(this);
    m_rangeButtons->setExclusive(true);
    for (ChartRange range : ChartRanges::All) {
        auto *button = new QToolButton;
        button->setObjectName(QStringLiteral("range-") + ChartRanges::key(range));
        button->setText(ChartRanges::label(range));
        button->setCheckable(true);
        button->setChecked(range == m_range);
        button->setToolTip(tr("Show the last %1").arg(ChartRanges::label(range)));
        m_rangeButtons->addButton(button, int(range));
        header->addWidget(button);
    }
    connect(m_rangeButtons, &QButtonGroup::idClicked, this,
        [this](int id) { setRange(ChartRange(id)); });

    auto *rowArea = new QWidget;
    m_grid = new QGridLayout(rowArea);
    m_grid->setContentsMargins(16, 8, 16, 16);
    m_grid->setSpacing(12);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("chartRows"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(rowArea);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(scroll, 1);

    connect(
        &m_engine, &Engine::metricsUpdated, this, [this](const QList<MetricsSnapshot> &snapshots) {
            const bool redraw = m_pacer.isDue(nowMs());
            const auto when = redraw ? TargetChart::Redraw::Now : TargetChart::Redraw::Later;
            QSet<QString> seen;
            for (const MetricsSnapshot &s : snapshots) {
                if (TargetChart *c = chart(s.target)) {
                    c->addSnapshot(s, when);
                    seen.insert(s.target);
                }
            }
            // A paused or stopped target sends no figures, but its time still passes.
            for (const auto &[name, c] : m_charts) {
                if (redraw && !seen.contains(name))
                    c->refresh();
            }
        });
    connect(&m_engine, &Engine::breakerTransition, this,
        [this](const QString &target, const BreakerTransition &t) {
            if (TargetChart *c = chart(target))
                c->addTransition(t);
        });
}

TargetChartsPanel::~TargetChartsPanel() = default;

void TargetChartsPanel::setRange(ChartRange range)
{
    if (QAbstractButton *b = m_rangeButtons->button(int(range)); b && !b->isChecked())
        b->setChecked(true);
    if (range == m_range)
        return;
    m_range = range;
    QSettings().setValue(RangeSettingsKey, ChartRanges::key(range));
    for (const auto &[name, c] : m_charts)
        c->setRange(range);
    Q_EMIT rangeChanged(range);
}

void TargetChartsPanel::setTargets(const QStringList &targets)
{
    std::map<QString, TargetChart *> kept;
    for (const QString &name : targets) {
        const auto it = m_charts.find(name);
        if (it != m_charts.end()) {
            kept.emplace(name, it->second);
            m_charts.erase(it);
        } else {
            auto *c = new TargetChart(m_engine, name, m_range);
            c->setMinimumHeight(MinimumRowHeight);
            kept.emplace(name, c);
        }
    }
    for (auto &[name, gone] : m_charts)
        delete gone;
    m_charts = std::move(kept);
    // In the order given, sharing the width and height equally.
    for (qsizetype i = 0; i < targets.size(); ++i) {
        TargetChart *c = chart(targets.at(i));
        const int row = int(i) / Columns;
        const int column = int(i) % Columns;
        const QLayoutItem *there = m_grid->itemAtPosition(row, column);
        if (!there || there->widget() != c) {
            m_grid->removeWidget(c);
            m_grid->addWidget(c, row, column);
        }
    }
    for (int column = 0; column < Columns; ++column)
        m_grid->setColumnStretch(column, 1);
}

TargetChart *TargetChartsPanel::chart(const QString &target) const
{
    const auto it = m_charts.find(target);
    return it == m_charts.end() ? nullptr : it->second;
}

QList<TargetChart *> TargetChartsPanel::charts() const
{
    QList<TargetChart *> all;
    for (const auto &[name, c] : m_charts)
        all.append(c);
    return all;
}

} // namespace Tandem::Ui
