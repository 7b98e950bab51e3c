// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/deadlettercount.h"

#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"

namespace Tandem::Ui {

DeadLetterCount::DeadLetterCount(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &DeadLetterCount::refresh);
    m_poll.start();
    // A burst of dead letters (a target refusing everything) is counted once, not per batch.
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(CoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &DeadLetterCount::refresh);
    connect(&m_engine, &Engine::attemptsRecorded, this,
        [this](const QString &, const QList<AttemptRecord> &records) { handleAttempts(records); });
    refresh();
}

DeadLetterCount::~DeadLetterCount() = default;

void DeadLetterCount::handleAttempts(const QList<AttemptRecord> &records)
{
    if (m_coalesce.isActive())
        return;
    for (const AttemptRecord &r : records) {
        if (r.newState == DeliveryState::Dead) {
            m_coalesce.start();
            return;
        }
    }
}

void DeadLetterCount::refresh()
{
    if (!m_engine.isRunning() || !m_read.start())
        return;
    m_engine.store().post<qint64>(
        this, [](Store &s) { return s.countDeadLetters({}); },
        [this](Result<qint64> r) {
            const bool again = m_read.finish();
            if (r) {
                m_count = *r;
                Q_EMIT counted(m_count);
            }
            if (again)
                refresh();
        },
        StoreThread::Commit::Lazy);
}

} // namespace Tandem::Ui
