// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/metrics/capacitycheck.h"

#include <algorithm>

#include <QCoreApplication>
#include <QLocale>

namespace Tandem {

namespace {

// The warnings are for the console's banner and notifications only.
struct CapacityText
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::CapacityCheck)
};

QString size(qint64 bytes) { return QLocale().formattedDataSize(bytes); }

QString count(qint64 n) { return QLocale().toString(n); }

void checkBacklog(
    const CapacityFigures &f, const CapacityThresholds &t, QList<CapacityWarning> &out)
{
    if (f.backlogHighWater <= 0)
        return;
    if (f.waiting >= f.backlogHighWater) {
        out.append({ CapacityWarning::Level::Critical, CapacityWarning::Kind::Backlog,
            CapacityText::tr(
                "Backlog full: %1 deliveries are waiting (limit %2). New messages are refused "
                "with 503 until fewer than %3 wait.")
                .arg(count(f.waiting), count(f.backlogHighWater), count(f.backlogLowWater)),
            CapacityText::tr("Backlog full") });
        return;
    }
    const double ratio = double(f.waiting) / double(f.backlogHighWater);
    if (ratio >= t.backlogWarnRatio) {
        out.append({ CapacityWarning::Level::Warning, CapacityWarning::Kind::Backlog,
            CapacityText::tr(
                "Backlog at %1% of its limit: %2 of %3 deliveries waiting. At the limit new "
                "messages are refused with 503.")
                .arg(int(ratio * 100))
                .arg(count(f.waiting), count(f.backlogHighWater)),
            CapacityText::tr("Backlog %1%").arg(int(ratio * 100)) });
    }
}

void checkDisk(const CapacityFigures &f, const CapacityThresholds &t, QList<CapacityWarning> &out)
{
    if (f.diskAvailableBytes < 0)
        return;
    const QString where
        = f.storeLocation.isEmpty() ? CapacityText::tr("the store's disk") : f.storeLocation;
    const QString storeSize = f.storeBytes >= 0
        ? CapacityText::tr(" The store takes %1.").arg(size(f.storeBytes))
        : QString();
    if (f.diskAvailableBytes < t.diskCriticalBytes) {
        out.append({ CapacityWarning::Level::Critical, CapacityWarning::Kind::Disk,
            CapacityText::tr(
                "Disk almost full: %1 free on %2. When it is full, new messages are refused "
                "(nothing stored is lost).%3")
                .arg(size(f.diskAvailableBytes), where, storeSize),
            CapacityText::tr("Disk almost full") });
        return;
    }
    qint64 warnBelow = t.diskWarnBytes;
    if (f.diskTotalBytes > 0)
        warnBelow = std::max(warnBelow, qint64(double(f.diskTotalBytes) * t.diskWarnRatio));
    if (f.diskAvailableBytes < warnBelow) {
        out.append({ CapacityWarning::Level::Warning, CapacityWarning::Kind::Disk,
            CapacityText::tr("Disk space low: %1 free on %2.%3")
                .arg(size(f.diskAvailableBytes), where, storeSize),
            CapacityText::tr("%1 free").arg(size(f.diskAvailableBytes)) });
    }
}

} // namespace

QList<CapacityWarning> checkCapacity(const CapacityFigures &f, const CapacityThresholds &t)
{
    QList<CapacityWarning> out;
    checkBacklog(f, t, out);
    checkDisk(f, t, out);
    if (t.deadLetterWarn > 0 && f.deadLetters >= t.deadLetterWarn) {
        out.append({ CapacityWarning::Level::Warning, CapacityWarning::Kind::DeadLetters,
            CapacityText::tr(
                "%1 dead letters are waiting. Tandem never drops them: replay or discard them "
                "before they fill the disk.")
                .arg(count(f.deadLetters)),
            CapacityText::tr("%1 dead letters").arg(count(f.deadLetters)) });
    }
    std::stable_sort(
        out.begin(), out.end(), [](const CapacityWarning &a, const CapacityWarning &b) {
            return a.level == CapacityWarning::Level::Critical
                && b.level != CapacityWarning::Level::Critical;
        });
    return out;
}

} // namespace Tandem
