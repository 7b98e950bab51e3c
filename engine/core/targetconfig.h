// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include "engine/core/authconfig.h"
#include "engine/core/error.h"
#include "engine/core/payloadmapping.h"
#include "engine/core/retrypolicy.h"
#include "engine/core/signingconfig.h"
#include "engine/core/tlsconfig.h"
#include "engine/dispatch/adaptiveconcurrency.h"
#include "engine/dispatch/circuitbreaker.h"
#include "engine/dispatch/retrybudget.h"
#include "engine/dispatch/tokenbucket.h"

namespace Tandem {

enum class Http2Mode {
    Auto, ///< HTTP/2 when TLS ALPN offers it, else HTTP/1.1
    Off, ///< HTTP/1.1 only
    PriorKnowledge, ///< HTTP/2 in clear text without upgrade (h2c); http:// URLs only
};

/// Delivery order to one target. PerKey: deliveries sharing a partition key arrive in enqueue
/// order, a later one waiting until the earlier one is delivered (or dead, see DeadKeyPolicy);
/// different keys and messages without a key go in parallel.
enum class Ordering { None, PerKey };
/// Under PerKey, what a dead delivery does to the later ones of its key.
enum class DeadKeyPolicy {
    Block, ///< they wait until it is replayed and delivered, or discarded
    Skip, ///< they go on without it
};

/// One target API and how to deliver to it: the JSON object of DESIGN.md §4, as a value.
/// fromJson() validates everything (unknown keys included) and names the offending field;
/// toJson() writes every field, defaults included, so an export shows what is in force.
struct TargetConfig
{
    QString name;
    QUrl url;
    QByteArray method = "POST";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool enabled = true;
    Http2Mode http2 = Http2Mode::Auto;
    int connectTimeoutMs = 5000;
    int attemptTimeoutMs = 30'000;
    RetryPolicy retry;
    int concurrency = 64;
    Ordering ordering = Ordering::None;
    DeadKeyPolicy orderingOnDead = DeadKeyPolicy::Block;
    BreakerConfig breaker;
    RateLimit rateLimit;
    AdaptiveConcurrencyConfig adaptiveConcurrency;
    RetryBudgetConfig retryBudget;
    AuthConfig auth;
    SigningConfig signing;
    TlsConfig tls;
    PayloadMapping mapping;

    /// A secret the configuration refers to (never the value): which slot, and the reference.
    struct SecretSlot
    {
        QString field; ///< "auth.token", "signing.secret", "tls.client_key", …
        QString reference; ///< empty when the slot needs a secret that is not set yet
    };
    /// Every secret this target needs to send, in a fixed order: auth, signing (current, then
    /// previous), TLS client key.
    QList<SecretSlot> secretSlots() const;

    /// The fields that differ from `other`, as dotted paths of toJson() ("retry.max_attempts",
    /// "headers.X-Team"), sorted. Secret references are fields like any other; values never
    /// appear.
    QStringList changedFields(const TargetConfig &other) const;

    /// `where` prefixes error messages ("targets[1]") so a message names the field in its file.
    static Result<TargetConfig> fromJson(const QJsonObject &json, const QString &where = {});
    QJsonObject toJson() const;

    /// Applies the keys present in `patch` on top of this configuration (the keys absent keep
    /// their value) and validates the result as a whole.
    Result<TargetConfig> patched(const QJsonObject &patch) const;

    friend bool operator==(const TargetConfig &, const TargetConfig &) = default;
};

QString http2ModeName(Http2Mode m);

/// Parses a `{"targets": [...]}` document. All or nothing: the first invalid target fails the
/// whole document, and so do two targets with the same name.
Result<QList<TargetConfig>> parseTargetsDocument(const QByteArray &json);
QByteArray targetsDocument(const QList<TargetConfig> &targets);

} // namespace Tandem
