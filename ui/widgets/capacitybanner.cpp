// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/capacitybanner.h"

#include <utility>

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QStorageInfo>

#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"

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
    if (!m_engine.isRunning())
        return;
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    m_engine.store().post<CapacityFigures>(
        this, [dir = m_dataDir](Store &s) { return readFigures(s, dir); },
        [this](Result<CapacityFigures> r) {
            m_reading = false;
            if (r)
                apply(*r);
            if (std::exchange(m_readAgain, false))
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
        QPalette p = palette();
        p.setColor(
            QPalette::Window, critical ? QColor(0xfd, 0xe2, 0xe1) : QColor(0xff, 0xf4, 0xce));
        p.setColor(
            QPalette::WindowText, critical ? QColor(0x8a, 0x10, 0x10) : QColor(0x6b, 0x4a, 0x00));
        setPalette(p);
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
