// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include "engine/metrics/metricssnapshot.h"

namespace Tandem {

/// The targets' metrics in the Prometheus text exposition format 0.0.4 (what GET /metrics
/// serves, Content-Type `text/plain; version=0.0.4`). Every family has one # HELP and one
/// # TYPE line followed by one sample per target, labelled target="name" (escaped per the
/// format):
///   counters  tandem_attempts_total, tandem_successes_total, tandem_failures_total{class},
///             tandem_retries_total, tandem_dead_letters_total
///   gauges    tandem_in_flight, tandem_pending, tandem_oldest_pending_age_seconds (0 when
///             nothing is pending), tandem_breaker_state{state="closed|open|half_open"} (1 for
///             the current state, 0 for the others), tandem_concurrency_limit
///   summary   tandem_attempt_latency_seconds{window="1m|5m|15m", quantile="0.5|0.95|0.99"}
///             with _sum and _count: over that sliding window, so _count and _sum are not
///             monotonic (use them as gauges, not with rate()); no quantile lines for an empty
///             window.
/// A pure function of its argument: callable on any thread.
QByteArray prometheusText(const QList<MetricsSnapshot> &targets);

} // namespace Tandem
