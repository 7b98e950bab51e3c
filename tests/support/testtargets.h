// SPDX-License-Identifier: GPL-3.0-or-later
// Target configurations the tests write again and again: a target from a URL and settings in
// single-quoted JSON, a target nothing answers for stores filled by hand, and the named retry and
// breaker policies of the tests that watch a breaker trip. Header-only; needs only the engine.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <initializer_list>

#include "engine/core/targetconfig.h"
#include "tests/support/testjson.h"

namespace Tandem::Testing {

/// Retries a failed delivery fast (50 ms, at most 100 ms apart) up to 50 times: a target whose
/// server fails keeps failing, and feeding its breaker, while the test looks.
inline constexpr const char *FastRetries
    = "{'retry': {'max_attempts': 50, 'base_delay_ms': 50, 'max_delay_ms': 100}}";

/// A breaker that trips after three failures (a count window of five calls, at least three, half
/// of them failed) and then stays open for 60 s, longer than any test looks; one probe when it is
/// half-open.
inline constexpr const char *BreakerTripsAfterThreeFailures
    = "{'breaker': {'enabled': true, 'window': 'count', 'window_size': 5, 'minimum_calls': 3, "
      "'failure_rate_percent': 50, 'open_ms': 60000, 'half_open_probes': 1}}";

/// The target that JSON `json` describes; aborts the test if the engine refuses it.
inline TargetConfig targetConfig(const QJsonObject &json)
{
    auto c = TargetConfig::fromJson(json);
    if (!c)
        qFatal("target config: %s", qPrintable(c.error().message));
    return *c;
}

/// Target `name` delivering to `url`, with the settings of each single-quoted JSON object in
/// `settings` (say FastRetries and "{'rate_limit': {'per_second': 50}}"). A setting given twice is
/// a mistake in the test and aborts it.
inline TargetConfig target(
    const QString &name, const QUrl &url, std::initializer_list<const char *> settings)
{
    QJsonObject o;
    for (const char *part : settings) {
        const QJsonValue value = TestJson::jsonValue(part);
        if (!value.isObject())
            qFatal("target settings are not a JSON object: %s", part);
        const QJsonObject more = value.toObject();
        for (auto it = more.begin(); it != more.end(); ++it) {
            if (o.contains(it.key()))
                qFatal("target %s: '%s' is set twice", qPrintable(name), qPrintable(it.key()));
            o.insert(it.key(), it.value());
        }
    }
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("url"), url.toString());
    return targetConfig(o);
}

inline TargetConfig target(const QString &name, const QUrl &url, const char *settings = "{}")
{
    return target(name, url, { settings });
}

/// Retries fast and trips its breaker after three failures (FastRetries and
/// BreakerTripsAfterThreeFailures): for watching a breaker open against a failing server.
inline TargetConfig trippingTarget(const QString &name, const QUrl &url)
{
    return target(name, url, { FastRetries, BreakerTripsAfterThreeFailures });
}

/// Target `name` on port 9 of 127.0.0.1 (discard; nothing listens there), with every other
/// setting at its default: for stores that a test fills by direct calls, not by deliveries.
inline TargetConfig unreachableTarget(const QString &name)
{
    TargetConfig c;
    c.name = name;
    c.url = QUrl(QStringLiteral("http://127.0.0.1:9/") + name);
    return c;
}

} // namespace Tandem::Testing
