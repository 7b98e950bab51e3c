// SPDX-License-Identifier: GPL-3.0-or-later
// A store full of dead letters made by direct store calls instead of deliveries (thousands in a
// moment), for the tests of the dead-letter browser and of bulk replay. Header-only; needs only
// the engine.
#pragma once

#include <functional>

#include "engine/store/sqlitestore.h"

namespace Tandem::Testing {

/// The outcome of the one attempt after which message n died at `target`.
using DeathOf = std::function<AttemptOutcome(const QString &target, int n)>;

/// Stores `targets` and `batch` (enqueued at `baseMs`) in a new store at `path`, and lets every
/// message die at every target after one attempt ("attempts exhausted"): message n's attempt
/// started at `baseMs` + n ms and ended as `death(target, n)` says. False if a store call failed.
inline bool storeDeadLetters(const QString &path, const QList<TargetConfig> &targets,
    const QList<NewMessage> &batch, qint64 baseMs, const DeathOf &death)
{
    auto opened = SqliteStore::open(path);
    if (!opened)
        return false;
    SqliteStore &store = **opened;
    if (!store.importTargets(targets))
        return false;
    auto stored = store.targets();
    if (!stored)
        return false;
    if (!store.enqueue(batch, baseMs))
        return false;
    const int messages = int(batch.size());
    for (const StoredTarget &t : *stored) {
        auto claimed = store.claim(t.id, messages, baseMs);
        if (!claimed || claimed->deliveries.size() != messages)
            return false;
        QList<AttemptRecord> records;
        for (int n = 0; n < messages; ++n) {
            const ClaimedDelivery &c = claimed->deliveries.at(n);
            AttemptRecord r;
            r.deliveryId = c.deliveryId;
            r.round = c.round;
            r.attemptNo = 1;
            r.outcome = death(t.config.name, n);
            r.outcome.startedAtMs = baseMs + n;
            r.newState = DeliveryState::Dead;
            r.deadReason = QStringLiteral("attempts exhausted");
            records.append(r);
        }
        // One call per target: its own transaction, so 10,000 rows take a moment, not a minute.
        if (!store.recordAttempts(records, baseMs + messages))
            return false;
    }
    return true;
}

} // namespace Tandem::Testing
