// SPDX-License-Identifier: GPL-3.0-or-later
// The logic behind the tray icon and the desktop notifications, without a system tray (there is
// none offscreen): HealthSummary's state from breaker states and the dead-letter count, and
// NotificationPolicy's decisions (one notification per breaker opening, one per crossing of the
// dead-letter threshold, none while turned off), and the tray's state icons and menu.
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>
#include <QWidget>

#include "ui/healthsummary.h"
#include "ui/notificationpolicy.h"
#include "ui/trayicon.h"

using namespace Tandem;
using namespace Tandem::Ui;

namespace {

MetricsSnapshot breaker(const QString &target, const QString &state)
{
    MetricsSnapshot s;
    s.target = target;
    s.breakerState = state;
    return s;
}

// "billing=open inventory=closed" → one batch.
QList<MetricsSnapshot> batch(const QString &states)
{
    QList<MetricsSnapshot> out;
    for (const QString &pair : states.split(u' ', Qt::SkipEmptyParts)) {
        const QStringList parts = pair.split(u'=');
        out.append(breaker(parts.at(0), parts.at(1)));
    }
    return out;
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out.append(QString::fromUtf8(item));
    return out;
}

QColor pixelNearCorner(const QIcon &icon, int size)
{
    // Inside the state dot in the lower right corner, off its ring.
    return icon.pixmap(size, size).toImage().pixelColor(size * 3 / 4, size * 3 / 4);
}

} // namespace

class tst_NotificationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void breakerOpenings_data()
    {
        QTest::addColumn<QStringList>("batches"); // one per engine tick
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QStringList>("notified"); // the targets announced, in order

        QTest::addRow("one opening, announced once")
            << list({ "billing=closed", "billing=open", "billing=open", "billing=open" }) << true
            << list({ "billing" });
        QTest::addRow("a failed probe is the same opening")
            << list({ "billing=closed", "billing=open", "billing=half_open", "billing=open" })
            << true << list({ "billing" });
        QTest::addRow("closed in between: a new opening")
            << list({ "billing=open", "billing=half_open", "billing=closed", "billing=open" })
            << true << list({ "billing", "billing" });
        QTest::addRow("each target on its own")
            << list({ "a=closed b=closed", "a=open b=closed", "a=open b=open", "a=open b=open" })
            << true << list({ "a", "b" });
        QTest::addRow("half-open without an opening seen is not one")
            << list({ "billing=half_open", "billing=closed" }) << true << QStringList {};
        QTest::addRow("a target stopped while open starts afresh") << list(
            { "billing=open", "", "billing=open" }) << true << list({ "billing", "billing" });
        QTest::addRow("turned off: nothing")
            << list({ "billing=closed", "billing=open" }) << false << QStringList {};
    }

    void breakerOpenings()
    {
        QFETCH(QStringList, batches);
        QFETCH(bool, enabled);
        QFETCH(QStringList, notified);
        NotificationPolicy policy;
        NotificationPolicy::Options options;
        options.breakerOpen = enabled;
        policy.setOptions(options);
        QStringList got;
        for (const QString &b : batches) {
            for (const DesktopNotification &n : policy.observeMetrics(batch(b))) {
                QCOMPARE(n.kind, DesktopNotification::Kind::BreakerOpen);
                QVERIFY2(n.title.contains(n.target), qPrintable(n.title));
                got.append(n.target);
            }
        }
        QCOMPARE(got, notified);
    }

    void breakerReasonInText()
    {
        NotificationPolicy policy;
        MetricsSnapshot s = breaker(QStringLiteral("billing"), QStringLiteral("open"));
        s.breakerReason = QStringLiteral("failure rate 100 % over 5 calls");
        const QList<DesktopNotification> n = policy.observeMetrics({ s });
        QCOMPARE(n.size(), 1);
        QVERIFY2(n.first().text.contains(s.breakerReason), qPrintable(n.first().text));
    }

    void deadLetterThreshold_data()
    {
        QTest::addColumn<QList<qint64>>("counts");
        QTest::addColumn<qint64>("threshold");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QList<qint64>>("announced"); // the counts notified

        QTest::addRow("crossing once") << QList<qint64> { 0, 50, 100, 150, 120 } << qint64(100)
                                       << true << QList<qint64> { 100 };
        QTest::addRow("back under and over again") << QList<qint64> { 150, 90, 100,
            101 } << qint64(100) << true << QList<qint64> { 150, 100 };
        QTest::addRow("never reached")
            << QList<qint64> { 0, 99, 98 } << qint64(100) << true << QList<qint64> {};
        QTest::addRow("unknown counts change nothing")
            << QList<qint64> { 120, -1, 130 } << qint64(100) << true << QList<qint64> { 120 };
        QTest::addRow("threshold of one")
            << QList<qint64> { 0, 1, 2, 0, 3 } << qint64(1) << true << QList<qint64> { 1, 3 };
        QTest::addRow("turned off")
            << QList<qint64> { 0, 500 } << qint64(100) << false << QList<qint64> {};
    }

    void deadLetterThreshold()
    {
        QFETCH(QList<qint64>, counts);
        QFETCH(qint64, threshold);
        QFETCH(bool, enabled);
        QFETCH(QList<qint64>, announced);
        NotificationPolicy policy;
        policy.setOptions({ true, enabled, threshold });
        QList<qint64> got;
        for (qint64 c : counts) {
            if (const auto n = policy.observeDeadLetters(c)) {
                QCOMPARE(n->kind, DesktopNotification::Kind::DeadLetters);
                QVERIFY2(n->title.contains(QLocale().toString(c)), qPrintable(n->title));
                got.append(c);
            }
        }
        QCOMPARE(got, announced);
    }

    void newThresholdRearms()
    {
        NotificationPolicy policy;
        policy.setOptions({ true, true, 100 });
        QVERIFY(policy.observeDeadLetters(150));
        QVERIFY(!policy.observeDeadLetters(160));
        // Lowered under what waits: that is a crossing of the new threshold.
        policy.setOptions({ true, true, 10 });
        QVERIFY(policy.observeDeadLetters(160));
        QVERIFY(!policy.observeDeadLetters(170));
        // Other options leave the state alone.
        policy.setOptions({ false, true, 10 });
        QVERIFY(!policy.observeDeadLetters(170));
    }

    void summaryStates_data()
    {
        QTest::addColumn<QString>("breakers");
        QTest::addColumn<qint64>("deadLetters");
        QTest::addColumn<HealthSummary::State>("state");
        QTest::addColumn<QStringList>("open");
        QTest::addColumn<QString>("headline");

        QTest::addRow("healthy") << QStringLiteral("a=closed b=closed") << qint64(0)
                                 << HealthSummary::State::Healthy << QStringList {}
                                 << QStringLiteral("All targets healthy");
        QTest::addRow("count unknown yet")
            << QStringLiteral("a=closed") << qint64(-1) << HealthSummary::State::Healthy
            << QStringList {} << QStringLiteral("All targets healthy");
        QTest::addRow("nothing running")
            << QStringLiteral("") << qint64(0) << HealthSummary::State::Healthy << QStringList {}
            << QStringLiteral("No target running");
        QTest::addRow("dead letters")
            << QStringLiteral("a=closed") << qint64(1234) << HealthSummary::State::DeadLetters
            << QStringList {} << QLocale().toString(1234) + QStringLiteral(" dead letters waiting");
        QTest::addRow("one dead letter")
            << QStringLiteral("a=closed") << qint64(1) << HealthSummary::State::DeadLetters
            << QStringList {} << QStringLiteral("1 dead letter waiting");
        QTest::addRow("open outranks dead letters")
            << QStringLiteral("b=open a=closed") << qint64(7) << HealthSummary::State::BreakerOpen
            << list({ "b" }) << QStringLiteral("Breaker open: b");
        QTest::addRow("half-open counts as open, names in order")
            << QStringLiteral("c=open a=half_open b=closed") << qint64(0)
            << HealthSummary::State::BreakerOpen << list({ "a", "c" })
            << QStringLiteral("Breakers open: a, c");
    }

    void summaryStates()
    {
        QFETCH(QString, breakers);
        QFETCH(qint64, deadLetters);
        QFETCH(HealthSummary::State, state);
        QFETCH(QStringList, open);
        QFETCH(QString, headline);
        HealthSummary summary;
        summary.setMetrics(batch(breakers));
        summary.setDeadLetters(deadLetters);
        QCOMPARE(summary.state(), state);
        QCOMPARE(summary.openBreakers(), open);
        QCOMPARE(summary.headline(), headline);
        QVERIFY(summary.toolTip().startsWith(QStringLiteral("Tandem — ") + headline));
        if (state == HealthSummary::State::BreakerOpen && deadLetters > 0)
            QVERIFY2(summary.toolTip().contains(QStringLiteral("dead letters waiting")),
                qPrintable(summary.toolTip()));
    }

    void stateIcons_data()
    {
        QTest::addColumn<HealthSummary::State>("state");
        QTest::addColumn<bool>("withBase");
        for (bool base : { false, true }) {
            const char *suffix = base ? "over an icon" : "own mark";
            QTest::addRow("healthy, %s", suffix) << HealthSummary::State::Healthy << base;
            QTest::addRow("breaker open, %s", suffix) << HealthSummary::State::BreakerOpen << base;
            QTest::addRow("dead letters, %s", suffix) << HealthSummary::State::DeadLetters << base;
        }
    }

    void stateIcons()
    {
        QFETCH(HealthSummary::State, state);
        QFETCH(bool, withBase);
        QPixmap plain(64, 64);
        plain.fill(Qt::blue);
        const QIcon icon = TrayIcon::stateIcon(state, withBase ? QIcon(plain) : QIcon());
        QVERIFY(!icon.isNull());
        for (int size : { 16, 22, 32, 64 }) {
            QCOMPARE(icon.pixmap(size, size).size(), QSize(size, size));
            QCOMPARE(pixelNearCorner(icon, size), TrayIcon::stateColour(state));
        }
        // The three states look different.
        QVERIFY(TrayIcon::stateColour(HealthSummary::State::Healthy)
            != TrayIcon::stateColour(HealthSummary::State::BreakerOpen));
        QVERIFY(TrayIcon::stateColour(HealthSummary::State::DeadLetters)
            != TrayIcon::stateColour(HealthSummary::State::BreakerOpen));
    }

    void trayShell()
    {
        // Offscreen there is no system tray; the shell works all the same.
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        QWidget window;
        TrayIcon tray(&window);
        HealthSummary summary;
        summary.setMetrics(batch(QStringLiteral("billing=open")));
        tray.setSummary(summary);
        QCOMPARE(tray.state(), HealthSummary::State::BreakerOpen);
        QCOMPARE(tray.toolTip(), summary.toolTip());
        QCOMPARE(pixelNearCorner(tray.systemTrayIcon()->icon(), 32),
            TrayIcon::stateColour(HealthSummary::State::BreakerOpen));

        // Quick actions: each one asks by its signal.
        const QList<std::pair<const char *, void (TrayIcon::*)()>> actions {
            { "trayShowHide", &TrayIcon::showHideRequested },
            { "trayPauseAll", &TrayIcon::pauseAllRequested },
            { "trayResumeAll", &TrayIcon::resumeAllRequested },
            { "trayDeadLetters", &TrayIcon::deadLettersRequested },
            { "traySettings", &TrayIcon::settingsRequested },
            { "trayQuit", &TrayIcon::quitRequested },
        };
        for (const auto &[name, signal] : actions) {
            auto *action = tray.menu()->findChild<QAction *>(QString::fromLatin1(name));
            QVERIFY2(action, name);
            QSignalSpy spy(&tray, signal);
            action->trigger();
            QCOMPARE(spy.size(), 1);
        }
        // "Show window" or "Hide window", as the window is.
        auto *showHide = tray.menu()->findChild<QAction *>(QStringLiteral("trayShowHide"));
        QCOMPARE(showHide->text(), QStringLiteral("&Show window"));
        window.show();
        QCOMPARE(showHide->text(), QStringLiteral("&Hide window"));
        window.hide();
        QCOMPARE(showHide->text(), QStringLiteral("&Show window"));
        // A new window icon becomes the tray's base, the dot stays.
        QPixmap red(64, 64);
        red.fill(Qt::red);
        window.setWindowIcon(QIcon(red));
        const QImage now = tray.systemTrayIcon()->icon().pixmap(32, 32).toImage();
        QCOMPARE(now.pixelColor(2, 2), QColor(Qt::red));
        QCOMPARE(now.pixelColor(24, 24), TrayIcon::stateColour(HealthSummary::State::BreakerOpen));
    }
};

QTEST_MAIN(tst_NotificationPolicy)
#include "tst_notificationpolicy.moc"
