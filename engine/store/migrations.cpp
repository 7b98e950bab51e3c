// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/store/migrations.h"

namespace Tandem {

QList<Migration> migrations()
{
    return {
        { 1,
            {
                QStringLiteral(
                    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"),
                QStringLiteral("INSERT INTO meta (key, value) VALUES ('config_version', '1')"),
                // Removed targets keep their row (removed_at) so the history of their deliveries
                // stays readable; a name is unique among the targets in use.
                QStringLiteral("CREATE TABLE targets ("
                               " id INTEGER PRIMARY KEY, name TEXT NOT NULL, config TEXT NOT NULL,"
                               " enabled INTEGER NOT NULL, created_at INTEGER NOT NULL,"
                               " updated_at INTEGER NOT NULL, removed_at INTEGER)"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX targets_name ON targets (name) WHERE removed_at IS NULL"),
                QStringLiteral(
                    "CREATE TABLE messages ("
                    " id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
                    " idempotency_key TEXT NOT NULL, partition_key TEXT,"
                    " trace_id TEXT NOT NULL, payload BLOB NOT NULL, created_at INTEGER NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX messages_idempotency_key ON messages (idempotency_key)"),
                // state: 0 pending, 1 in_flight, 2 retry_wait, 3 delivered, 4 dead, 5 discarded.
                QStringLiteral(
                    "CREATE TABLE deliveries ("
                    " id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL REFERENCES messages (id),"
                    " target_id INTEGER NOT NULL REFERENCES targets (id),"
                    " state INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                    " round INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL,"
                    " last_delay_ms INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL,"
                    " last_status INTEGER NOT NULL DEFAULT 0, last_error TEXT, dead_reason TEXT,"
                    " UNIQUE (message_id, target_id))"),
                // The claim query's index: only deliveries waiting for an attempt, so it stays
                // small however many delivered rows accumulate.
                QStringLiteral("CREATE INDEX deliveries_due ON deliveries (target_id, due_at, id) "
                               "WHERE state IN (0, 2)"),
                QStringLiteral(
                    "CREATE INDEX deliveries_state ON deliveries (target_id, state, id)"),
                QStringLiteral("CREATE TABLE attempts ("
                               " id INTEGER PRIMARY KEY, delivery_id INTEGER NOT NULL REFERENCES "
                               "deliveries (id),"
                               " round INTEGER NOT NULL, attempt_no INTEGER NOT NULL,"
                               " started_at INTEGER NOT NULL, latency_us INTEGER NOT NULL,"
                               " status INTEGER NOT NULL, error_class TEXT NOT NULL, error TEXT, "
                               "excerpt BLOB)"),
                QStringLiteral("CREATE INDEX attempts_delivery ON attempts (delivery_id)"),
            } },
        { 2,
            {
                // Per-key ordering asks "is an earlier delivery of this key still open?" per
                // claim: the key sits on the delivery, indexed over the open states only.
                QStringLiteral("ALTER TABLE deliveries ADD COLUMN partition_key TEXT"),
                QStringLiteral("UPDATE deliveries SET partition_key = (SELECT partition_key FROM "
                               "messages m WHERE m.id = deliveries.message_id)"),
                QStringLiteral(
                    "CREATE INDEX deliveries_key ON deliveries (target_id, partition_key, id) "
                    "WHERE partition_key IS NOT NULL AND state IN (0, 1, 2, 4)"),
                QStringLiteral("ALTER TABLE targets ADD COLUMN paused INTEGER NOT NULL DEFAULT 0"),
            } },
        { 3,
            {
                QStringLiteral(
                    "CREATE TABLE breaker_events ("
                    " id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets (id),"
                    " at INTEGER NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,"
                    " failure_rate REAL NOT NULL, slow_call_rate REAL NOT NULL, calls INTEGER NOT "
                    "NULL,"
                    " reason TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX breaker_events_target ON breaker_events (target_id, id)"),
                QStringLiteral(
                    "ALTER TABLE targets ADD COLUMN breaker_reset_at INTEGER NOT NULL DEFAULT 0"),
            } },
        { 4,
            {
                // resolution_s: 1 (kept an hour) or 60 (kept eight days); snapshot: the JSON of
                // MetricsSnapshot, whose counters restart with the engine (charts take rates).
                QStringLiteral("CREATE TABLE metrics_history ("
                               " id INTEGER PRIMARY KEY, target TEXT NOT NULL, at INTEGER NOT NULL,"
                               " resolution_s INTEGER NOT NULL, snapshot TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX metrics_history_at ON metrics_history (resolution_s, at)"),
                QStringLiteral(
                    "CREATE INDEX metrics_history_target ON metrics_history (target, id)"),
            } },
        { 5,
            {
                // Transactional-outbox sources. Their relay state lives in a table of its own:
                // it is written after every pass, the configuration only by an operator.
                QStringLiteral("CREATE TABLE outbox_sources ("
                               " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                               " config TEXT NOT NULL, enabled INTEGER NOT NULL,"
                               " paused INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
                               " updated_at INTEGER NOT NULL)"),
                QStringLiteral("CREATE TABLE outbox_state ("
                               " source_id INTEGER PRIMARY KEY, relayed INTEGER NOT NULL DEFAULT 0,"
                               " last_poll_at INTEGER, last_relayed_at INTEGER, last_row_id TEXT,"
                               " last_error TEXT, last_error_at INTEGER, backlog INTEGER,"
                               " oldest_unpublished_at INTEGER)"),
                // Apart from config_version, so that a source change does not make every engine
                // re-read its targets, and the other way round.
                QStringLiteral("INSERT INTO meta (key, value) VALUES ('outbox_version', '1')"),
            } },
        { 6,
            {
                // Operator edits of a dead delivery's payload (edit and replay). Version 1 is the
                // message's own payload and has no row; a delivery's payload_version says which
                // one it sends next, so claiming a never-edited delivery reads no extra row.
                QStringLiteral("CREATE TABLE payload_versions ("
                               " delivery_id INTEGER NOT NULL REFERENCES deliveries (id),"
                               " version INTEGER NOT NULL, payload BLOB NOT NULL,"
                               " reason TEXT NOT NULL, diff TEXT NOT NULL,"
                               " created_at INTEGER NOT NULL, PRIMARY KEY (delivery_id, version))"
                               " WITHOUT ROWID"),
                QStringLiteral("ALTER TABLE deliveries ADD COLUMN payload_version INTEGER NOT NULL "
                               "DEFAULT 1"),
                QStringLiteral(
                    "ALTER TABLE attempts ADD COLUMN payload_version INTEGER NOT NULL DEFAULT 1"),
            } },
        { 7,
            {
                // The Retry-After (ms) the target's answer carried, as it sent it (before the
                // max_delay cap), so that a retry timeline shows it instead of inferring it.
                // NULL when the answer had none, and for every attempt recorded before.
                QStringLiteral("ALTER TABLE attempts ADD COLUMN retry_after_ms INTEGER"),
            } },
    };
}

} // namespace Tandem
