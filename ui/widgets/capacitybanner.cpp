// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/capacitybanner.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QStorageInfo>

#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/appearance.h"

namespace Tandem::Ui {

namespace {

/// Runs on the store thread: the count, the limits and the disk, none of it on the UI thread.
Result<CapacityFigures> readFigures(Store &store, const QString &dataDir)
{
    CapacityFigures f;
    auto dead = store.countDeadLetters({});
    if (!dead)
        return fail(dead.error());
    f.deadLetters = *dead;
    auto limits = store.backlogLimits();
    if (!limits)
        return fail(limits.error());
    f.backlogHighWater = limits->highWater;
    f.backlogLowWater = limits->lowWater;
    if (dataDir.isEmpty())
        return f;
    f.storeLocation = QDir::toNativeSeparators(dataDir);
    const QStorageInfo disk(dataDir);
    if (disk.isValid() && disk.isReady()) {
        f.diskAvailableBytes = disk.bytesAvailable();
        f.diskTotalBytes = disk.bytesTotal();
    }
    f.storeBytes = 0;
    const QDir dir(dataDir);
    for (const QString &file : dir.entryList({ QStringLiteral("tandem.db*") }, QDir::Files))
        f.storeBytes += QFileInfo(dir.filePath(file)).size();
    return f;
}

} // namespace

CapacityBanner::CapacityBanner(Engine &engine, QWidget *parent)
    : QFrame(parent)
    , m_engine(engine)
    , m_timer(this)
{
    setObjectName(QStringLiteral("capacityBanner"));
    setAutoFillBackground(true);
    m_text = new QLabel;
    m_text->setObjectName(QStringLiteral("capacityText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 8);
    layout->addWidget(m_text, 1);
    hide();

    m_timer.setInterval(RefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &CapacityBanner::refresh);
    m_timer.start();
    refresh();
}

CapacityBanner::~CapacityBanner() = default;

void CapacityBanner::paintLevel(bool critical)
{
    m_critical = critical;
    // Tinted strips with text in the same hue, dark on light or light on dark: readable in
    // either theme, and still amber or red at a glance.
    const bool dark = Appearance::isDark(QApplication::palette());
    QPalette p = palette();
    if (dark) {
        p.setColor(
            QPalette::Window, critical ? QColor(0x5c, 0x1c, 0x1c) : QColor(0x4a, 0x3a, 0x0c));
        p.setColor(
            QPalette::WindowText, critical ? QColor(0xff, 0xd6, 0xd4) : QColor(0xff, 0xe6, 0x9c));
    } else {
        p.setColor(
            QPalette::Window, critical ? QColor(0xfd, 0xe2, 0xe1) : QColor(0xff, 0xf4, 0xce));
        p.setColor(
            QPalette::WindowText, critical ? QColor(0x8a, 0x10, 0x10) : QColor(0x6b, 0x4a, 0x00));
    }
    setPalette(p);
}

void CapacityBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // A theme switch reaches the strip as a change of the roles it did not set: its own two
    // follow the theme here. (The same palette set again sends no event, so this ends.)
    if (event->type() == QEvent::PaletteChange && !m_warnings.isEmpty())
        paintLevel(m_critical);
}

void CapacityBanner::setDataDirectory(const QString &dir)
{
    m_dataDir = dir;
    refresh();
}

void CapacityBanner::setThresholds(const CapacityThresholds &thresholds)
{
    m_thresholds = thresholds;
    refresh();
}

void CapacityBanner::refresh()
{
    if (!m_engine.isRunning() || !m_read.start())
        return;
    m_engine.store().post<CapacityFigures>(
        this, [dir = m_dataDir](Store &s) { return readFigures(s, dir); },
        [this](Result<CapacityFigures> r) {
            const bool again = m_read.finish();
            if (r)
                apply(*r);
            if (again)
                refresh();
        },
        StoreThread::Commit::Lazy);
}

void CapacityBanner::apply(const CapacityFigures &read)
{
    CapacityFigures figures = read;
    figures.waiting = 0;
    for (const MetricsSnapshot &m : m_engine.metrics())
        figures.waiting += m.pending;
    const QList<CapacityWarning> warnings = checkCapacity(figures, m_thresholds);
    if (warnings == m_warnings)
        return;
    m_warnings = warnings;
    if (warnings.isEmpty()) {
        hide();
    } else {
        const bool critical = warnings.constFirst().level == CapacityWarning::Level::Critical;
        paintLevel(critical);
        QStringList lines;
        for (const CapacityWarning &w : warnings)
            lines.append(w.text.toHtmlEscaped());
        m_text->setText(QStringLiteral("<b>%1</b> %2")
                            .arg(critical ? tr("Capacity critical.") : tr("Capacity warning."),
                                lines.join(QStringLiteral("<br>"))));
        show();
    }
    Q_EMIT warningsChanged(m_warnings);
}

} // namespace Tandem::Ui
