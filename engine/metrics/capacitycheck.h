// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Tandem {

/// What the capacity of one engine looks like now: what fills up (dead letters, the backlog,
/// the disk under the store) and where its limits are.
struct CapacityFigures
{
    qint64 deadLetters = 0;
    qint64 waiting = 0; ///< deliveries pending or waiting for a retry
    qint64 backlogHighWater = 0; ///< enqueue refuses once `waiting` passes it; 0 if unknown
    qint64 backlogLowWater = 0; ///< and accepts again below this
    qint64 diskAvailableBytes = -1; ///< where the store is; -1 if unknown (a remote store)
    qint64 diskTotalBytes = -1;
    qint64 storeBytes = -1; ///< the store's files; -1 if unknown
    QString storeLocation; ///< the data directory, for the text
};

/// When to warn. The dead-letter queue has no limit of its own (nothing is ever evicted): it
/// only costs disk, so its threshold is the operator's "this many is not normal".
struct CapacityThresholds
{
    double backlogWarnRatio = 0.8;
    qint64 diskWarnBytes = qint64(2) << 30; ///< warn below this much free space …
    double diskWarnRatio = 0.10; ///< … or below this share of the disk, whichever is more
    qint64 diskCriticalBytes = qint64(256) << 20;
    qint64 deadLetterWarn = 100'000;
};

struct CapacityWarning
{
    enum class Level { Warning, Critical };
    enum class Kind { Backlog, Disk, DeadLetters };
    Level level = Level::Warning;
    Kind kind = Kind::Backlog;
    QString text; ///< a sentence for the operator: the figures, and what happens at the limit
    QString shortText; ///< a few words for a status bar

    bool operator==(const CapacityWarning &) const = default;
};

/// Turns capacity figures into warnings, most severe first, before the limits bite: a full
/// backlog refuses new messages (503), a full disk fails every write. Empty when all is well.
/// A pure function, so any thread may call it.
QList<CapacityWarning> checkCapacity(
    const CapacityFigures &figures, const CapacityThresholds &thresholds = {});

} // namespace Tandem
