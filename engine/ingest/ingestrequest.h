// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "engine/store/store.h"

namespace Tandem {

/// Turns the body and headers of an ingest request (DESIGN.md §4) into messages for the store,
/// or into the error the API answers with. A pure function of its input: no I/O, any thread.
///
/// - POST /v1/messages: the body is one message, a JSON object or array.
/// - POST /v1/messages/batch: a JSON array of messages (Content-Type application/json) or JSON
///   Lines (application/x-ndjson, application/jsonl; blank lines skipped). All or nothing: one
///   bad item rejects the batch and the error names its index. With `envelope`, each item is
///   {"payload": …, "idempotency_key": "…", "partition_key": "…"} (only payload required).
/// - Idempotency-Key: for a single message, its key. For a batch, item i gets "<key>#<i>", so
///   repeating the whole batch repeats every item's key (and enqueues nothing).
/// - X-Partition-Key applies to every message without its own; traceparent must be W3C.
class IngestRequest
{
public:
    enum class Problem {
        None,
        MalformedJson, ///< 400
        InvalidHeader, ///< 400
        UnsupportedMediaType, ///< 415
        TooManyItems, ///< 413
    };

    struct Limits
    {
        int maxBatchItems = 10'000;
        int maxKeyBytes = 256;
    };

    struct Parsed
    {
        QList<NewMessage> messages;
        Problem problem = Problem::None;
        QString error; ///< names the item index, line or header
    };

    struct Headers
    {
        QByteArray contentType;
        QByteArray idempotencyKey;
        QByteArray partitionKey;
        QByteArray traceparent;
    };

    static Parsed single(const Headers &headers, const QByteArray &body, const Limits &limits);
    static Parsed batch(
        const Headers &headers, const QByteArray &body, bool envelope, const Limits &limits);
};

} // namespace Tandem
