// SPDX-License-Identifier: GPL-3.0-or-later
// The event log's model on its own: newest first, dead-letter bursts coalesced per target,
// reason and second, bounded to its capacity, history added beneath without duplicates.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "ui/models/eventlogmodel.h"

using namespace Tandem::Ui;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;

LogEvent logEvent(LogEvent::Kind kind, qint64 atMs, const QString &text, const QString &target = {})
{
    LogEvent e;
    e.kind = kind;
    e.atMs = atMs;
    e.text = text;
    e.target = target;
    return e;
}

QString shown(const EventLogModel &model, int row)
{
    return model.data(model.index(row, EventLogModel::EventColumn)).toString();
}

} // namespace

class tst_EventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newestFirst()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.add(logEvent(LogEvent::Kind::Engine, T0, QStringLiteral("Engine running")));
        model.add(logEvent(LogEvent::Kind::Breaker, T0 + 10, QStringLiteral("Breaker opened"),
            QStringLiteral("billing")));
        model.add(logEvent(LogEvent::Kind::Configuration, T0 + 20, QStringLiteral("changed")));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(shown(model, 0), QStringLiteral("changed"));
        QCOMPARE(shown(model, 2), QStringLiteral("Engine running"));
        const QModelIndex breaker = model.index(1, EventLogModel::KindColumn);
        QCOMPARE(model.data(breaker).toString(), EventLogModel::kindName(LogEvent::Kind::Breaker));
        QCOMPARE(
            model.data(breaker, EventLogModel::KindRole).toInt(), int(LogEvent::Kind::Breaker));
        QCOMPARE(model.data(model.index(1, EventLogModel::TargetColumn)).toString(),
            QStringLiteral("billing"));
        QCOMPARE(model.data(breaker, EventLogModel::AtRole).toLongLong(), T0 + 10);
    }

    void deadLetterBurstsCoalesce()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString b = QStringLiteral("billing");
        const QString http503 = QStringLiteral("HTTP 503");
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.addDeadLetters(b, http503, 1, QStringLiteral("m1"), T0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(shown(model, 0), QStringLiteral("1 dead letter (HTTP 503): message m1"));

        // 239 more within the same second, in batches: still one row, counting.
        for (int i = 0; i < 239; ++i)
            model.addDeadLetters(b, http503, 1, QStringLiteral("m%1").arg(i + 2), T0 + 3 * i);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(changed.size(), 239);
        QCOMPARE(model.event(0).count, 240);
        QCOMPARE(shown(model, 0), QStringLiteral("240 dead letters (HTTP 503)"));
        QCOMPARE(model.data(model.index(0, 0), EventLogModel::MessageIdRole).toString(),
            QStringLiteral("m240"));

        // Another reason, another target: rows of their own. Another event in between does
        // not end the burst.
        model.addDeadLetters(b, QStringLiteral("HTTP 422"), 2, QStringLiteral("x"), T0 + 800);
        model.add(logEvent(LogEvent::Kind::Breaker, T0 + 850, QStringLiteral("Breaker opened"), b));
        model.addDeadLetters(
            QStringLiteral("inventory"), http503, 5, QStringLiteral("y"), T0 + 900);
        model.addDeadLetters(b, http503, 10, QStringLiteral("z"), T0 + 950);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.event(3).count, 250);
        QCOMPARE(model.event(3).messageId, QStringLiteral("z"));

        // A second after the burst began, a new row starts.
        model.addDeadLetters(b, http503, 7, QStringLiteral("w"), T0 + 1000);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.event(0).count, 7);
        QCOMPARE(model.event(4).count, 250);
    }

    void bounded()
    {
        EventLogModel model(10);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 25; ++i)
            model.add(logEvent(LogEvent::Kind::Engine, T0 + i, QString::number(i)));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(shown(model, 0), QStringLiteral("24"));
        QCOMPARE(shown(model, 9), QStringLiteral("15"));

        // A burst whose row was pushed out starts a new row rather than counting into nothing.
        model.addDeadLetters(QStringLiteral("b"), QStringLiteral("HTTP 503"), 1, {}, T0 + 100);
        for (int i = 0; i < 10; ++i)
            model.add(logEvent(LogEvent::Kind::Engine, T0 + 101 + i, QString::number(i)));
        model.addDeadLetters(QStringLiteral("b"), QStringLiteral("HTTP 503"), 3, {}, T0 + 200);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.event(0).kind, LogEvent::Kind::DeadLetters);
        QCOMPARE(model.event(0).count, 3);
    }

    void historyGoesBeneathWithoutDuplicates()
    {
        EventLogModel model(6);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const LogEvent live = logEvent(LogEvent::Kind::Breaker, T0 + 500,
            QStringLiteral("Breaker opened"), QStringLiteral("b"));
        model.add(logEvent(LogEvent::Kind::Engine, T0 + 1000, QStringLiteral("Engine running")));
        model.add(live);
        model.addDeadLetters(QStringLiteral("b"), QStringLiteral("HTTP 503"), 4, {}, T0 + 1100);

        QList<LogEvent> history;
        for (int i = 0; i < 5; ++i)
            history.append(logEvent(LogEvent::Kind::Breaker, T0 + i,
                QStringLiteral("old %1").arg(i), QStringLiteral("b")));
        history.append(live); // read back from the store after it was reported live
        model.addHistory(history);

        // Three rows of room: the newest three old events, beneath the live ones, newest first.
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.event(0).kind, LogEvent::Kind::DeadLetters);
        QCOMPARE(shown(model, 3), QStringLiteral("old 4"));
        QCOMPARE(shown(model, 5), QStringLiteral("old 2"));

        // The burst still counts into its row after rows were added beneath.
        model.addDeadLetters(QStringLiteral("b"), QStringLiteral("HTTP 503"), 1, {}, T0 + 1200);
        QCOMPARE(model.event(0).count, 5);
    }

    void clearEmpties()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addDeadLetters(QStringLiteral("b"), QStringLiteral("HTTP 503"), 1, {}, T0);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.addDeadLetters(QStringLiteral("b"), QStringLiteral("HTTP 503"), 2, {}, T0 + 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.event(0).count, 2);
    }
};

QTEST_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"
