// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "engine/log/eventlog.h"

using namespace Tandem;

class tst_EventLog : public QObject
{
    Q_OBJECT

    static QList<QJsonObject> lines(const QString &file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QList<QJsonObject> out;
        for (const QByteArray &l : f.readAll().split('\n')) {
            if (l.isEmpty())
                continue;
            QJsonParseError e;
            const QJsonDocument d = QJsonDocument::fromJson(l, &e);
            if (e.error != QJsonParseError::NoError || !d.isObject())
                qFatal("not a JSON line: %s", l.constData());
            out.append(d.object());
        }
        return out;
    }

    static AttemptRecord record(DeliveryState state, int status)
    {
        AttemptRecord r;
        r.deliveryId = 7;
        r.messageId = QStringLiteral("01a20736-0000-7000-8000-000000000001");
        r.traceparent
            = QByteArrayLiteral("00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");
        r.attemptNo = 2;
        r.outcome.httpStatus = status;
        r.outcome.errorClass = errorClassForStatus(status);
        r.newState = state;
        r.deadReason = state == DeliveryState::Dead
            ? QStringLiteral("non-retryable answer: HTTP 400")
            : QString();
        return r;
    }

private Q_SLOTS:
    void stateChangesAtInfoAttemptsAtDebug_data()
    {
        QTest::addColumn<bool>("debug");
        QTest::addColumn<QStringList>("events");
        QTest::addRow("info") << false
                              << QStringList { QStringLiteral("delivery.delivered"),
                                     QStringLiteral("delivery.dead") };
        QTest::addRow("debug") << true
                               << QStringList { QStringLiteral("attempt"),
                                      QStringLiteral("delivery.delivered"),
                                      QStringLiteral("attempt"), QStringLiteral("delivery.dead") };
    }

    void stateChangesAtInfoAttemptsAtDebug()
    {
        QFETCH(bool, debug);
        QFETCH(QStringList, events);
        QTemporaryDir dir;
        EventLog log({ dir.path(), debug ? EventLog::Level::Debug : EventLog::Level::Info, false });
        QVERIFY(log.open());
        log.logAttempts(QStringLiteral("ledger"),
            { record(DeliveryState::Delivered, 200), record(DeliveryState::Dead, 400) });
        const QList<QJsonObject> got = lines(dir.filePath(QStringLiteral("tandem.log")));
        QStringList seen;
        for (const QJsonObject &o : got) {
            seen.append(o.value(QStringLiteral("event")).toString());
            QCOMPARE(o.value(QStringLiteral("message_id")).toString(),
                QStringLiteral("01a20736-0000-7000-8000-000000000001"));
            QCOMPARE(o.value(QStringLiteral("target")).toString(), QStringLiteral("ledger"));
            QCOMPARE(o.value(QStringLiteral("attempt")).toInt(), 2);
            QVERIFY(o.value(QStringLiteral("traceparent"))
                        .toString()
                        .startsWith(QStringLiteral("00-0123456789abcdef")));
            QVERIFY(!o.value(QStringLiteral("ts")).toString().isEmpty());
            QVERIFY(!o.contains(QStringLiteral("payload")));
        }
        QCOMPARE(seen, events);
        QCOMPARE(got.last().value(QStringLiteral("reason")).toString(),
            QStringLiteral("non-retryable answer: HTTP 400"));
    }

    void levelsFilterAndChangeLive_data()
    {
        QTest::addColumn<QString>("level");
        QTest::addColumn<QStringList>("events");
        QTest::addRow("error") << QStringLiteral("error")
                               << QStringList { QStringLiteral("store.error") };
        QTest::addRow("warning") << QStringLiteral("warning")
                                 << QStringList { QStringLiteral("delivery.dead"),
                                        QStringLiteral("store.error") };
        QTest::addRow("info") << QStringLiteral("info")
                              << QStringList { QStringLiteral("delivery.delivered"),
                                     QStringLiteral("delivery.dead"),
                                     QStringLiteral("store.error") };
    }

    void levelsFilterAndChangeLive()
    {
        QFETCH(QString, level);
        QFETCH(QStringList, events);
        const auto parsed = EventLog::levelFromName(level);
        QVERIFY(parsed);
        QCOMPARE(EventLog::levelName(*parsed), level);
        QTemporaryDir dir;
        // Opened at debug, then set to the level under test, as Settings › Logging does.
        EventLog log({ dir.path(), EventLog::Level::Debug, false });
        QVERIFY(log.open());
        log.setLevel(*parsed);
        log.logAttempts(QStringLiteral("ledger"),
            { record(DeliveryState::Delivered, 200), record(DeliveryState::Dead, 400) });
        log.write(QStringLiteral("error"), QStringLiteral("store.error"), {});
        QStringList seen;
        for (const QJsonObject &o : lines(dir.filePath(QStringLiteral("tandem.log"))))
            seen.append(o.value(QStringLiteral("event")).toString());
        QCOMPARE(seen, events);
        QVERIFY(!EventLog::levelFromName(QStringLiteral("verbose")));
        // The logging categories follow the same level.
        const QString rules = EventLog::categoryRules(*parsed);
        QCOMPARE(rules.contains(QStringLiteral("tandem.*.warning=true")),
            *parsed >= EventLog::Level::Warning);
        QCOMPARE(
            rules.contains(QStringLiteral("tandem.*.info=true")), *parsed >= EventLog::Level::Info);
        QVERIFY(rules.contains(QStringLiteral("tandem.*.debug=false")));
    }

    void rotationKeepsTheLogBounded()
    {
        QTemporaryDir dir;
        EventLog log({ dir.path(), EventLog::Level::Info, false, 4096, 2 });
        QVERIFY(log.open());
        for (int i = 0; i < 500; ++i)
            log.write(QStringLiteral("info"), QStringLiteral("test.line"),
                { { QStringLiteral("n"), i } });
        const QDir d(dir.path());
        QVERIFY(QFile::exists(d.filePath(QStringLiteral("tandem.log"))));
        QVERIFY(QFile::exists(d.filePath(QStringLiteral("tandem.log.1"))));
        QVERIFY(QFile::exists(d.filePath(QStringLiteral("tandem.log.2"))));
        QVERIFY(!QFile::exists(d.filePath(QStringLiteral("tandem.log.3"))));
        for (const QString &name : { QStringLiteral("tandem.log"), QStringLiteral("tandem.log.1"),
                 QStringLiteral("tandem.log.2") })
            QVERIFY(QFileInfo(d.filePath(name)).size() <= 4096);
        // The newest line is in the current file, and nothing is cut in half.
        const QList<QJsonObject> current = lines(d.filePath(QStringLiteral("tandem.log")));
        QCOMPARE(current.last().value(QStringLiteral("n")).toInt(), 499);
        QCOMPARE(lines(d.filePath(QStringLiteral("tandem.log.1")))
                     .last()
                     .value(QStringLiteral("n"))
                     .toInt()
                + 1,
            current.first().value(QStringLiteral("n")).toInt());
    }

    void unwritableDirectoryIsAClearError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("logs")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the directory should be
        blocker.close();
        EventLog log({ dir.filePath(QStringLiteral("logs")), EventLog::Level::Info, false });
        const auto r = log.open();
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(dir.filePath(QStringLiteral("logs"))),
            qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_EventLog)
#include "tst_eventlog.moc"
