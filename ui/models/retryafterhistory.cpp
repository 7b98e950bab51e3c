// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/retryafterhistory.h"

namespace Tandem::Ui {

void RetryAfterHistory::record(const QList<AttemptRecord> &records)
{
    for (const AttemptRecord &r : records) {
        if (!r.attempted || !r.outcome.retryAfterMs)
            continue;
        const Key key { r.deliveryId, r.round, r.attemptNo };
        if (!m_values.contains(key))
            m_order.append(key);
        m_values.insert(key, *r.outcome.retryAfterMs);
    }
    if (m_order.size() > MaxEntries) {
        // Forget in halves, so that a steady stream of 429s costs one removal per many inserts.
        const qsizetype forget = m_order.size() - MaxEntries / 2;
        for (qsizetype i = 0; i < forget; ++i)
            m_values.remove(m_order.at(i));
        m_order.remove(0, forget);
    }
}

std::optional<qint64> RetryAfterHistory::retryAfterMs(
    qint64 deliveryId, int round, int attemptNo) const
{
    const auto it = m_values.constFind(Key { deliveryId, round, attemptNo });
    if (it == m_values.constEnd())
        return std::nullopt;
    return *it;
}

} // namespace Tandem::Ui
