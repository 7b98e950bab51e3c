// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "engine/core/error.h"
#include "engine/ingest/outboxconfig.h"
#include "engine/store/store.h"

namespace Tandem {

class OutboxSource;

/// Relays one outbox source into Tandem's store, at least once and without double enqueue:
/// reads up to `batch` unpublished rows in id order, turns them into messages whose idempotency
/// key is the row's key column or `outbox:<source>:<row id>`, asks for them to be enqueued
/// (enqueueRequested()), and only once the store has committed them (handleEnqueued()) marks
/// the rows published in the source. A crash anywhere in between leaves the rows unpublished;
/// the next pass reads them again and the store, which remembers producer keys for its
/// idempotency window, enqueues none of them twice.
///
/// Passes: the next one follows at once while batches come back full, else after `poll_ms`,
/// or as soon as a PostgreSQL NOTIFY on `notify_channel` arrives (wake()).
/// Errors never stop it and never skip a row: a source that cannot be reached, is locked or has
/// no such table, and an enqueue the store refuses (no enabled target, backlog limit), are
/// reported in progressed() and retried with a backoff doubling up to `maxBackoffMs`. A row
/// whose payload is not JSON (or is empty) holds the relay at that row: the rows before it are
/// relayed, it and the rows after it wait, and every pass reports "row ID: payload is not JSON"
/// until the row is fixed, or marked published by hand to skip it.
///
/// Thread: lives on its own thread, `tandem-outbox-<name>` (OutboxRelays creates it), where
/// start() must be called; it opens its own connection to the source there. It knows nothing of
/// the Engine: enqueueRequested() and handleEnqueued() are the two halves of one queued round
/// trip, carrying values only. Deleted on its own thread when that thread finishes.
class OutboxRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxRelay)

public:
    struct Options
    {
        int maxBackoffMs = 30'000;
        int firstBackoffMs = 500;
        /// How often at most to count the unpublished rows when they are not simply zero.
        int backlogEveryMs = 5000;
    };

    /// `password`: the resolved PostgreSQL password (empty when none is needed).
    OutboxRelay(
        OutboxConfig config, QByteArray password, Options options, QObject *parent = nullptr);
    ~OutboxRelay() override;

    const OutboxConfig &config() const { return m_config; }

    /// Starts the first pass. On the relay's thread.
    void start();
    /// Looks for new rows now (a notification); during a pass, right after it.
    void wake();
    /// The answer to enqueueRequested(`batch`): the store committed the messages (their ids, in
    /// order), or refused them all.
    void handleEnqueued(quint64 batch, const Tandem::Result<QStringList> &result);

Q_SIGNALS:
    /// Store these messages durably, then call handleEnqueued() with the same `batch`.
    void enqueueRequested(quint64 batch, const QList<Tandem::NewMessage> &messages);
    /// After every pass: what it relayed, whether the source was read, what stops it.
    void progressed(const Tandem::OutboxProgress &progress);

private:
    void runPass();
    void finishPass(OutboxProgress progress, bool full);
    void failPass(const QString &error);
    void schedule(int delayMs);
    int backoffMs();
    bool measureBacklog(OutboxProgress &progress);

    OutboxConfig m_config;
    QByteArray m_password;
    Options m_options;
    std::unique_ptr<OutboxSource> m_source;
    QTimer m_timer;
    QList<QVariant> m_handedOver; ///< row ids of the batch the store is committing
    QString m_handedOverLastId;
    QString m_held; ///< why the relay holds at a row (a payload that is not JSON); empty if not
    bool m_fullBatch = false;
    quint64 m_batch = 0;
    quint64 m_awaiting = 0; ///< the batch waiting for handleEnqueued(); 0 when none
    bool m_wakePending = false;
    int m_failures = 0;
    QString m_lastLoggedError;
    qint64 m_backlogMeasuredAtMs = 0;
};

} // namespace Tandem
