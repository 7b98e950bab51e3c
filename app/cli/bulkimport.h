// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>

#include <QByteArray>
#include <QList>
#include <QString>

#include "app/cli/linereader.h"
#include "engine/core/error.h"
#include "engine/store/store.h"

class QIODevice;

namespace Tandem::Cli {

class ImportProgress;

/// Streams messages from an input into the store in batches, each batch one durable
/// transaction (Store::enqueue), in memory bounded by one batch and the longest line whatever
/// the size of the input: `tandem enqueue`.
///
/// The first non-blank line after the skipped ones decides what the input is. A complete JSON
/// value: JSON Lines, one message per non-blank line. The start of one (an object or array still
/// open at the end of the line): a single JSON document spanning lines, read whole (at most
/// maxMessageBytes). Anything else: JSON Lines whose first line is malformed.
///
/// Thread: the thread that opened the store. Errors: run() stops at the first malformed line,
/// failed read or refused batch, and never commits the batch it was filling. Its Error names the
/// line (Invalid for bad input, NotFound when nothing follows the skipped lines, Io for a failed
/// read or a stop request, the store's code for a refused batch); messages() and
/// committedThroughLine() then say exactly what was committed.
class BulkImport
{
public:
    struct Options
    {
        qint64 skipLines = 0; ///< read and counted, neither parsed nor enqueued
        QByteArray key; ///< Idempotency-Key: for an input of one message only
        QByteArray partition;
        QByteArray traceparent;
        int batchMessages = 5000;
        qint64 batchBytes = 8 * 1024 * 1024;
        qsizetype maxMessageBytes = 16 * 1024 * 1024;
        /// Checked before every line: set (by a signal handler) to stop at the next one.
        const std::atomic_bool *stop = nullptr;
    };

    BulkImport(Store &store, QIODevice &input, ImportProgress &progress, Options options);
    Q_DISABLE_COPY_MOVE(BulkImport)

    Result<void> run();

    /// Messages committed by this run (a repeated producer key counts: its original stands).
    qint64 messages() const { return m_messages; }
    /// Every line up to this one was skipped or committed, and nothing after it was.
    qint64 committedThroughLine() const { return m_committedThroughLine; }
    /// Lines read so far, skipped ones included.
    qint64 linesRead() const { return m_reader.lineNumber(); }
    /// The id of the first message committed (the one to print for a single message).
    QString firstId() const { return m_firstId; }
    /// Whether run() stopped because the store refused a batch (rather than at a bad line).
    bool refusedByStore() const { return m_refusedByStore; }

private:
    Result<void> skipLines();
    Result<void> readDocument(QByteArray firstLine);
    Result<void> add(QByteArray line);
    Result<void> commit();
    bool stopRequested() const;
    void showProgress();

    Store &m_store;
    ImportProgress &m_progress;
    const Options m_options;
    LineReader m_reader;
    QList<NewMessage> m_batch;
    qint64 m_batchBytes = 0;
    qint64 m_batchLastLine = 0;
    qint64 m_messages = 0;
    qint64 m_committedThroughLine = 0;
    QString m_firstId;
    bool m_refusedByStore = false;
};

} // namespace Tandem::Cli
