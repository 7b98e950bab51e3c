// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QNetworkRequest>

#include "engine/core/delivery.h"
#include "engine/core/error.h"
#include "engine/core/targetconfig.h"
#include "engine/dispatch/requestpreview.h"
#include "engine/secrets/targetcredentials.h"

namespace Tandem {

/// The HTTP request a target's deliveries start from, with everything that depends only on the
/// target: URL, static headers, authentication (bearer, API key, basic), TLS (the target's CAs,
/// a client certificate) and the wire headers of DESIGN.md §4. prepare() adds what depends on
/// the delivery: the mapped body, Idempotency-Key, traceparent, the attempt number, an OAuth
/// access token and the webhook signature. Shared by the target worker and the connection
/// probe, so that a probe sends exactly what a delivery would.
///
/// Thread: a value; build it on the thread that uses it (it reads the TLS files).
/// Errors: build() names the configuration field and file it could not use; prepare() fails
/// when the payload mapping finds nothing at a pointer.
class RequestTemplate
{
public:
    struct Prepared
    {
        QNetworkRequest request;
        QByteArray body;
    };

    RequestTemplate() = default;
    static Result<RequestTemplate> build(
        const TargetConfig &config, const TargetCredentials &credentials);

    Result<Prepared> prepare(const ClaimedDelivery &delivery, const QByteArray &traceparent,
        const QByteArray &oauthToken, qint64 nowMs) const;
    /// A request to `url` (the target's URL with another path, say) with `body` as it is (not
    /// mapped), signed and authenticated as a delivery would be.
    Prepared prepareProbe(
        const QUrl &url, const QByteArray &body, const QByteArray &oauthToken, qint64 nowMs) const;

    /// What a delivery of `delivery` to the target of `config` sends at `nowMs`, with every
    /// secret masked: built by build() and prepare() with stand-in secrets, so it shows exactly
    /// the headers a real attempt carries. Needs no secret and reads no TLS file. Fails as
    /// prepare() does when the payload mapping finds nothing.
    static Result<RequestPreview> preview(
        const TargetConfig &config, const ClaimedDelivery &delivery, qint64 nowMs);
    /// A W3C traceparent for one attempt: the message's trace, a new span.
    static QByteArray newTraceparent(const QByteArray &traceId);

    const QNetworkRequest &base() const { return m_base; }

private:
    void sign(
        QNetworkRequest &request, const QByteArray &id, const QByteArray &body, qint64 nowMs) const;

    QNetworkRequest m_base;
    PayloadMapping m_mapping;
    bool m_oauth = false;
    QByteArray m_signingSecret;
    QByteArray m_previousSigningSecret;
    qint64 m_previousSigningUntilMs = 0;
};

} // namespace Tandem
