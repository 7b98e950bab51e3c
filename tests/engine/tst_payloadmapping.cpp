// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "engine/core/payloadmapping.h"
#include "tests/support/testjson.h"

using namespace Tandem;
using Tandem::TestJson::json;

namespace {

QJsonValue value(const char *text)
{
    return QJsonDocument::fromJson(json(text)).object().value(QStringLiteral("v"));
}

} // namespace

class tst_PayloadMapping : public QObject
{
    Q_OBJECT

private slots:
    void pointer_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("expected"); // {"v": …}, or empty when nothing is there
        // The examples of RFC 6901 §5.
        QTest::addRow("whole")
            << QString()
            << json("{'v': {'foo': ['bar', 'baz'], '': 0, 'a/b': 1, 'm~n': 8, ' ': 7}}");
        QTest::addRow("member") << QStringLiteral("/foo") << json("{'v': ['bar', 'baz']}");
        QTest::addRow("index") << QStringLiteral("/foo/0") << json("{'v': 'bar'}");
        QTest::addRow("empty name") << QStringLiteral("/") << json("{'v': 0}");
        QTest::addRow("escaped slash") << QStringLiteral("/a~1b") << json("{'v': 1}");
        QTest::addRow("escaped tilde") << QStringLiteral("/m~0n") << json("{'v': 8}");
        QTest::addRow("space") << QStringLiteral("/ ") << json("{'v': 7}");
        QTest::addRow("missing member") << QStringLiteral("/nope") << QByteArray();
        QTest::addRow("index out of range") << QStringLiteral("/foo/2") << QByteArray();
        QTest::addRow("leading zero") << QStringLiteral("/foo/01") << QByteArray();
        QTest::addRow("dash") << QStringLiteral("/foo/-") << QByteArray();
        QTest::addRow("into a string") << QStringLiteral("/foo/0/x") << QByteArray();
    }

    void pointer()
    {
        QFETCH(QString, pointer);
        QFETCH(QByteArray, expected);
        const QJsonValue doc
            = value("{'v': {'foo': ['bar', 'baz'], '': 0, 'a/b': 1, 'm~n': 8, ' ': 7}}");
        QVERIFY(isValidJsonPointer(pointer));
        const auto got = resolveJsonPointer(doc, pointer);
        if (expected.isEmpty()) {
            QVERIFY(!got.has_value());
        } else {
            QVERIFY(got.has_value());
            QCOMPARE(*got, QJsonDocument::fromJson(expected).object().value(QStringLiteral("v")));
        }
    }

    void invalidPointers()
    {
        QVERIFY(!isValidJsonPointer(QStringLiteral("user")));
        QVERIFY(!isValidJsonPointer(QStringLiteral("/a~2")));
        QVERIFY(!isValidJsonPointer(QStringLiteral("/a~")));
    }

    void applyProjects()
    {
        auto m
            = PayloadMapping::fromJson(value("{'v': {'fields': {'email': '/user/email', 'first': "
                                             "'/items/0'}, 'constants': {'template': 'welcome'}}}"),
                {});
        QVERIFY2(m.has_value(), m ? "" : qPrintable(m.error().message));
        auto out = m->apply(json(
            "{'user': {'email': 'a@example.com', 'id': 3}, 'items': [{'sku': 'x'}], 'secret': 1}"));
        QVERIFY(out.has_value());
        QCOMPARE(QJsonDocument::fromJson(*out).object(),
            QJsonDocument::fromJson(
                json("{'email': 'a@example.com', 'first': {'sku': 'x'}, 'template': 'welcome'}"))
                .object());
    }

    void applyNamesWhatIsMissing()
    {
        auto m = PayloadMapping::fromJson(value("{'v': {'fields': {'email': '/user/email'}}}"), {});
        QVERIFY(m.has_value());
        auto out = m->apply(json("{'user': {'id': 3}}"));
        QVERIFY(!out.has_value());
        QCOMPARE(out.error().message,
            QStringLiteral(
                "mapping: the message has no value at \"/user/email\" (for field \"email\")"));
        QVERIFY(!m->apply("not json").has_value());
    }

    void identityPassesThrough()
    {
        auto m = PayloadMapping::fromJson(QJsonValue::Null, {});
        QVERIFY(m.has_value() && m->isIdentity());
        QCOMPARE(*m->apply("{\"a\": 1}"), QByteArray("{\"a\": 1}")); // byte for byte
        QCOMPARE(m->toJson(), QJsonValue(QJsonValue::Null));
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("mapping");
        QTest::addColumn<QString>("error");
        QTest::addRow("not an object")
            << json("{'v': 3}") << QStringLiteral("mapping: must be an object or null");
        QTest::addRow("unknown key")
            << json("{'v': {'field': {}}}") << QStringLiteral("mapping: unknown key \"field\"");
        QTest::addRow("not a pointer")
            << json("{'v': {'fields': {'email': 'user/email'}}}")
            << QStringLiteral("mapping.fields.email: \"user/email\" is not a JSON Pointer");
        QTest::addRow("pointer not a string")
            << json("{'v': {'fields': {'email': 3}}}")
            << QStringLiteral("mapping.fields.email: must be a JSON Pointer string");
        QTest::addRow("both") << json("{'v': {'fields': {'a': '/a'}, 'constants': {'a': 1}}}")
                              << QStringLiteral("mapping: \"a\" is both mapped and constant");
        QTest::addRow("empty") << json("{'v': {'fields': {}}}")
                               << QStringLiteral("mapping: maps nothing");
        QTest::addRow("empty field name")
            << json("{'v': {'fields': {'': '/a'}}}")
            << QStringLiteral("mapping.fields: a field name may not be empty");
    }

    void invalid()
    {
        QFETCH(QByteArray, mapping);
        QFETCH(QString, error);
        auto m = PayloadMapping::fromJson(
            QJsonDocument::fromJson(mapping).object().value(QStringLiteral("v")),
            QStringLiteral("mapping"));
        QVERIFY(!m.has_value());
        QVERIFY2(m.error().message.startsWith(error), qPrintable(m.error().message));
    }

    void roundTrip()
    {
        auto m = PayloadMapping::fromJson(
            value("{'v': {'fields': {'u': '/user', 'e': '/a~1b'}, 'constants': {'k': [1, 2]}}}"),
            {});
        QVERIFY(m.has_value());
        auto again = PayloadMapping::fromJson(m->toJson(), {});
        QVERIFY(again.has_value());
        QCOMPARE(*again, *m);
    }
};

QTEST_GUILESS_MAIN(tst_PayloadMapping)
#include "tst_payloadmapping.moc"
