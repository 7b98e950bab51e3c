// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/secrets/credentialsloader.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"

namespace Tandem {

void loadCredentials(SecretResolver &resolver, const TargetConfig &config, QObject *context,
    std::function<void(const TargetCredentials &)> done)
{
    QList<SecretRef> refs;
    for (const auto &slot : config.secretSlots()) {
        if (slot.reference.isEmpty()) {
            TargetCredentials c;
            c.problem = QStringLiteral("%1 is not set: store it with `tandem secret set %2` (or "
                                       "in the target dialog)")
                            .arg(slot.field, config.name);
            QTimer::singleShot(0, context, [done, c] { done(c); });
            return;
        }
        // Validated when the configuration was read: parse() cannot fail here.
        refs.append(*SecretRef::parse(slot.reference));
    }
    resolver.resolveAll(refs, context, [config, done](const Result<QList<QByteArray>> &r) {
        TargetCredentials c;
        if (!r) {
            c.problem = r.error().message;
            done(c);
            return;
        }
        // The values come in the order of secretSlots().
        qsizetype i = 0;
        const QList<QByteArray> &values = *r;
        if (config.auth.needsSecret())
            c.authSecret = values.at(i++);
        if (config.signing.enabled()) {
            c.signingSecret = values.at(i++);
            if (!config.signing.previousSecret.isEmpty())
                c.previousSigningSecret = values.at(i++);
        }
        if (!config.tls.clientCertificateFile.isEmpty())
            c.clientKeyPem = values.at(i++);
        done(c);
    });
}

} // namespace Tandem
