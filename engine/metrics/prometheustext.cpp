// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/metrics/prometheustext.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <array>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

// prometheus-cpp's TextSerializer writes the format (one HELP and TYPE per family, label value
// escaping, float formatting, summary _sum/_count). Its Registry of live Counter/Gauge objects is
// not used: the figures already exist as snapshots, so the families are filled from them at each
// scrape and nothing is kept between scrapes.

namespace Tandem {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr std::array<const char *, 3> BreakerStates { "closed", "open", "half_open" };

std::string utf8(const QString &s) { return s.toStdString(); }

MetricFamily family(const char *name, const char *help, MetricType type)
{
    MetricFamily f;
    f.name = name;
    f.help = help;
    f.type = type;
    return f;
}

ClientMetric counter(
    const MetricsSnapshot &s, double value, std::vector<ClientMetric::Label> more = {})
{
    ClientMetric m;
    m.label.push_back({ "target", utf8(s.target) });
    m.label.insert(m.label.end(), more.begin(), more.end());
    m.counter.value = value;
    return m;
}

ClientMetric gauge(
    const MetricsSnapshot &s, double value, std::vector<ClientMetric::Label> more = {})
{
    ClientMetric m;
    m.label.push_back({ "target", utf8(s.target) });
    m.label.insert(m.label.end(), more.begin(), more.end());
    m.gauge.value = value;
    return m;
}

double seconds(qint64 us) { return double(us) / 1e6; }

} // namespace

QByteArray prometheusText(const QList<MetricsSnapshot> &targets)
{
    MetricFamily attempts
        = family("tandem_attempts_total", "Requests sent to the target.", MetricType::Counter);
    MetricFamily successes = family(
        "tandem_successes_total", "Attempts answered with a 2xx status.", MetricType::Counter);
    MetricFamily failures
        = family("tandem_failures_total", "Failed attempts by error class.", MetricType::Counter);
    MetricFamily retries = family(
        "tandem_retries_total", "Attempts after the first of a delivery.", MetricType::Counter);
    MetricFamily deadLetters = family("tandem_dead_letters_total",
        "Deliveries given up and moved to the dead-letter queue.", MetricType::Counter);
    MetricFamily inFlight
        = family("tandem_in_flight", "Attempts currently in flight.", MetricType::Gauge);
    MetricFamily pending
        = family("tandem_pending", "Deliveries waiting to be sent.", MetricType::Gauge);
    MetricFamily oldestPending = family("tandem_oldest_pending_age_seconds",
        "Age of the oldest pending delivery, 0 when none is pending.", MetricType::Gauge);
    MetricFamily breaker = family("tandem_breaker_state",
        "Circuit breaker state: 1 for the current state, 0 for the others.", MetricType::Gauge);
    MetricFamily concurrency = family(
        "tandem_concurrency_limit", "Current limit of attempts in flight.", MetricType::Gauge);
    MetricFamily latency = family("tandem_attempt_latency_seconds",
        "Attempt latency over a sliding window (1m, 5m, 15m); _count and _sum cover the window.",
        MetricType::Summary);

    for (const MetricsSnapshot &s : targets) {
        attempts.metric.push_back(counter(s, double(s.attempts)));
        successes.metric.push_back(counter(s, double(s.successes)));
        for (std::size_t i = 0; i < FailureClasses.size(); ++i) {
            failures.metric.push_back(counter(s, double(s.failures[i]),
                { { "class", utf8(errorClassName(FailureClasses[i])) } }));
        }
        retries.metric.push_back(counter(s, double(s.retries)));
        deadLetters.metric.push_back(counter(s, double(s.deadLetters)));

        inFlight.metric.push_back(gauge(s, s.inFlight));
        pending.metric.push_back(gauge(s, double(s.pending)));
        oldestPending.metric.push_back(
            gauge(s, s.oldestPendingAgeMs ? double(*s.oldestPendingAgeMs) / 1000.0 : 0.0));
        for (const char *state : BreakerStates) {
            const bool current = s.breakerState == QLatin1String(state);
            breaker.metric.push_back(gauge(s, current ? 1.0 : 0.0, { { "state", state } }));
        }
        concurrency.metric.push_back(gauge(s, s.concurrencyLimit));

        for (std::size_t i = 0; i < LatencyWindowMinutes.size(); ++i) {
            const LatencyWindow::Quantiles &q = s.latency[i];
            ClientMetric m;
            m.label = { { "target", utf8(s.target) },
                { "window", std::to_string(LatencyWindowMinutes[i]) + 'm' } };
            m.summary.sample_count = std::uint64_t(q.count);
            m.summary.sample_sum = seconds(q.sumUs);
            // An empty window has no quantiles; the serializer would print NaN as "Nan".
            if (q.count > 0) {
                m.summary.quantile = { { 0.5, seconds(q.p50Us) }, { 0.95, seconds(q.p95Us) },
                    { 0.99, seconds(q.p99Us) } };
            }
            latency.metric.push_back(std::move(m));
        }
    }

    const std::vector<MetricFamily> families { attempts, successes, failures, retries, deadLetters,
        inFlight, pending, oldestPending, breaker, concurrency, latency };
    return QByteArray::fromStdString(prometheus::TextSerializer().Serialize(families));
}

} // namespace Tandem
