// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "engine/dispatch/webhooksignature.h"

using namespace Tandem;

class tst_WebhookSignature : public QObject
{
    Q_OBJECT

private slots:
    void standardWebhooksTestVector()
    {
        // The example the Standard Webhooks specification and its reference libraries test with.
        const QByteArray signature
            = WebhookSignature::sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        QCOMPARE(signature, QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    void everyPartIsSigned()
    {
        const QByteArray base = WebhookSignature::sign("whsec_c2VjcmV0", "id", 1, "body");
        QVERIFY(base != WebhookSignature::sign("whsec_c2VjcmV0", "id2", 1, "body"));
        QVERIFY(base != WebhookSignature::sign("whsec_c2VjcmV0", "id", 2, "body"));
        QVERIFY(base != WebhookSignature::sign("whsec_c2VjcmV0", "id", 1, "body2"));
        QVERIFY(base != WebhookSignature::sign("whsec_c2VjcmV1", "id", 1, "body"));
    }

    void secretForms()
    {
        QCOMPARE(WebhookSignature::key("whsec_c2VjcmV0"), QByteArray("secret"));
        QCOMPARE(WebhookSignature::key("plain-secret"), QByteArray("plain-secret"));
        // Not base64 after the prefix: used as it is rather than silently decoded to garbage.
        QCOMPARE(WebhookSignature::key("whsec_!!"), QByteArray("whsec_!!"));
    }
};

QTEST_GUILESS_MAIN(tst_WebhookSignature)
#include "tst_webhooksignature.moc"
