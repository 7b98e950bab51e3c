// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QHash>
#include <QList>

#include "engine/core/delivery.h"

namespace Tandem::Ui {

/// The Retry-After values targets answered with, as the engine reported them live
/// (Engine::attemptsRecorded): the store keeps each attempt's status and error but not the
/// answer's headers, so the console remembers the Retry-After of the attempts it saw itself,
/// to show them in a message's retry timeline. Bounded: the oldest half is forgotten when
/// MaxEntries is reached.
///
/// Thread: UI thread (a plain value; not shared).
class RetryAfterHistory final
{
public:
    static constexpr int MaxEntries = 20'000;

    /// Remembers the Retry-After of every record whose answer had one.
    void record(const QList<AttemptRecord> &records);
    /// The Retry-After (ms) the answer to that attempt carried, if one was seen.
    std::optional<qint64> retryAfterMs(qint64 deliveryId, int round, int attemptNo) const;
    int size() const { return int(m_values.size()); }

private:
    struct Key
    {
        qint64 deliveryId;
        int round;
        int attemptNo;
        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.deliveryId, k.round, k.attemptNo);
        }
    };
    QHash<Key, qint64> m_values;
    QList<Key> m_order; ///< oldest first, for forgetting
};

} // namespace Tandem::Ui
