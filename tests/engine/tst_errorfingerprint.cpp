// SPDX-License-Identifier: GPL-3.0-or-later
// normaliseErrorText(): failures of one kind normalise to the same text, different kinds do not.
#include <QTest>

#include "engine/core/errorfingerprint.h"

using namespace Tandem;

class tst_ErrorFingerprint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalises_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");

        QTest::addRow("duration and truncated id")
            << QStringLiteral("timeout after 5003 ms for msg 0193…")
            << QStringLiteral("timeout after <duration> for msg <n>");
        QTest::addRow("uuid") << QStringLiteral(
            "message 01937c4e-8f2a-7b3c-9d1e-2f3a4b5c6d7e refused")
                              << QStringLiteral("message <id> refused");
        QTest::addRow("hex id") << QStringLiteral("trace 4bf92f3577b34da6a3ce929d0e0e4736 failed")
                                << QStringLiteral("trace <id> failed");
        QTest::addRow("0x id") << QStringLiteral("segment 0x7ffee3b0 gone")
                               << QStringLiteral("segment <id> gone");
        QTest::addRow("words stay") << QStringLiteral("authentication failed: bad token")
                                    << QStringLiteral("authentication failed: bad token");
        QTest::addRow("apostrophe is no quote") << QStringLiteral("can't reach host's gateway")
                                                << QStringLiteral("can't reach host's gateway");
        QTest::addRow("quoted strings")
            << QStringLiteral("field \"email\" invalid: 'bob@example.com'")
            << QStringLiteral("field \"<str>\" invalid: '<str>'");
        QTest::addRow("query string")
            << QStringLiteral("GET https://api.example.com/v1/orders?id=42&sig=abc failed")
            << QStringLiteral("GET https://api.example.com/v<n>/orders?<query> failed");
        QTest::addRow("seconds") << QStringLiteral("retry after 1.5s")
                                 << QStringLiteral("retry after <duration>");
        QTest::addRow("numbers") << QStringLiteral("HTTP 503: 12 of 40 shards down")
                                 << QStringLiteral("HTTP <n>: <n> of <n> shards down");
        QTest::addRow("whitespace")
            << QStringLiteral("  connection\n  refused\t") << QStringLiteral("connection refused");
        QTest::addRow("empty") << QString() << QString();
    }

    void normalises()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(normaliseErrorText(text), expected);
    }

    void groupsLikeFailuresOnly()
    {
        QCOMPARE(normaliseErrorText(u"timeout after 5003 ms for msg 0193…"),
            normaliseErrorText(u"timeout after 4998 ms for msg 0194…"));
        QCOMPARE(
            normaliseErrorText(u"order 01937c4e-8f2a-7b3c-9d1e-2f3a4b5c6d7e: \"sku-1\" unknown"),
            normaliseErrorText(u"order 01937c4f-0000-7b3c-9d1e-2f3a4b5c6d7f: \"sku-22\" unknown"));
        QVERIFY(normaliseErrorText(u"timeout after 5003 ms")
            != normaliseErrorText(u"connection reset after 5003 ms"));
    }

    // The store runs it once per dead letter when it groups them: it must stay cheap.
    void cost()
    {
        QBENCHMARK
        {
            normaliseErrorText(
                u"timeout after 5003 ms for msg 01937c4e-8f2a-7b3c-9d1e-2f3a4b5c6d7e");
        }
    }

    void boundedLength()
    {
        const QString longText = QString(1000, u'x');
        QCOMPARE(normaliseErrorText(longText).size(), 200);
    }
};

QTEST_GUILESS_MAIN(tst_ErrorFingerprint)
#include "tst_errorfingerprint.moc"
