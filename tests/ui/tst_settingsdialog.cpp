// SPDX-License-Identifier: GPL-3.0-or-later
// The console's settings, offscreen: every setting survives a save and a load (and a value out of
// range reads back as its default); the Settings dialog refuses a bad listener or data directory
// at the field, with OK disabled, and asks before an address other machines can reach; what OK
// applies at once reaches the window live (the theme's palette down to the charts, the chart
// refresh pace), on a real engine.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of the dialog's pages and of the dark window.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "engine/core/clock.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/appearance.h"
#include "ui/charts/historychartview.h"
#include "ui/charts/targetchart.h"
#include "ui/charts/targetchartspanel.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/mainwindow.h"
#include "ui/widgets/capacitybanner.h"
#include "ui/widgets/filepathedit.h"
#include "ui/widgets/targetcard.h"

using namespace Tandem;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

template <typename T> T *child(const QWidget &parent, const char *name)
{
    auto *w = parent.findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

void selectData(QComboBox *combo, const QVariant &data)
{
    const int index = combo->findData(data);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

UiSettings everythingChanged()
{
    UiSettings s;
    s.dataDirectory = QStringLiteral("/srv/tandem");
    s.language = QStringLiteral("de");
    s.listen = QStringLiteral("0.0.0.0:9000");
    s.theme = Theme::Dark;
    s.chartRefreshMs = 5000;
    s.notifyBreakerOpen = false;
    s.notifyDeadLetters = false;
    s.deadLetterThreshold = 2500;
    s.logLevel = EventLog::Level::Debug;
    return s;
}

qint64 axisMaxMs(const TargetChart &chart)
{
    return chart.latencyView()->timeAxis()->max().toMSecsSinceEpoch();
}

} // namespace

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings;
    QPalette m_startPalette;

private Q_SLOTS:
    void initTestCase() { m_startPalette = QApplication::palette(); }

    void init() { QSettings().clear(); }

    void cleanup()
    {
        Appearance::apply(Theme::System);
        QCOMPARE(QApplication::palette(), m_startPalette); // System gives the start's back
    }

    void roundTrip()
    {
        QCOMPARE(UiSettings::load(), UiSettings {}); // nothing stored: the defaults
        const UiSettings changed = everythingChanged();
        QVERIFY(!(changed == UiSettings {}));
        changed.save();
        QCOMPARE(UiSettings::load(), changed);
        // The language where the translator looks for it.
        QCOMPARE(QSettings().value(UiSettings::LanguageKey).toString(), QStringLiteral("de"));
    }

    void outOfRangeReadsAsDefault_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::addRow("theme") << QStringLiteral("ui/theme") << QVariant(QStringLiteral("pink"));
        QTest::addRow("language") << QStringLiteral("ui/language")
                                  << QVariant(QStringLiteral("tlh"));
        QTest::addRow("refresh") << QStringLiteral("charts/refreshMs") << QVariant(3000);
        QTest::addRow("threshold zero")
            << QStringLiteral("notifications/deadLetterThreshold") << QVariant(0);
        QTest::addRow("threshold text")
            << QStringLiteral("notifications/deadLetterThreshold") << QVariant(QStringLiteral("x"));
        QTest::addRow("log level")
            << QStringLiteral("logging/level") << QVariant(QStringLiteral("verbose"));
    }

    void outOfRangeReadsAsDefault()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QSettings().setValue(key, value);
        QCOMPARE(UiSettings::load(), UiSettings {});
    }

    void dialogRoundTrip()
    {
        UiSettings start = everythingChanged();
        start.listen = QStringLiteral("127.0.0.1:8471");
        SettingsDialog dialog(start);
        QCOMPARE(dialog.settings(), start); // every field shows what it was given
        QVERIFY(dialog.isValid());

        selectData(child<QComboBox>(dialog, "theme"), int(Theme::Light));
        selectData(child<QComboBox>(dialog, "chartRefresh"), 2000);
        selectData(child<QComboBox>(dialog, "logLevel"), int(EventLog::Level::Warning));
        selectData(child<QComboBox>(dialog, "language"), QString());
        child<QCheckBox>(dialog, "notifyDeadLetters")->setChecked(true);
        child<QSpinBox>(dialog, "deadLetterThreshold")->setValue(7);
        child<QCheckBox>(dialog, "notifyBreakerOpen")->setChecked(true);
        child<FilePathEdit>(dialog, "dataDirectory")->setPath(QString());

        UiSettings expected = start;
        expected.theme = Theme::Light;
        expected.chartRefreshMs = 2000;
        expected.logLevel = EventLog::Level::Warning;
        expected.language.clear();
        expected.notifyDeadLetters = true;
        expected.deadLetterThreshold = 7;
        expected.notifyBreakerOpen = true;
        expected.dataDirectory.clear();
        QCOMPARE(dialog.settings(), expected);
        // What waits for a restart is said before OK.
        const QString status = child<QLabel>(dialog, "status")->text();
        QVERIFY2(status.contains(QStringLiteral("Data directory"))
                && status.contains(QStringLiteral("Language")),
            qPrintable(status));

        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        QTest::mouseClick(child<QPushButton>(dialog, "okButton"), Qt::LeftButton);
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().first().value<UiSettings>(), expected);
        QCOMPARE(UiSettings::load(), expected);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void listenerValidation_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("asksForRemote");

        QTest::addRow("empty: the default") << QString() << true << false;
        QTest::addRow("loopback") << QStringLiteral("127.0.0.1:8470") << true << false;
        QTest::addRow("any free port") << QStringLiteral("127.0.0.1:0") << true << false;
        QTest::addRow("IPv6 loopback") << QStringLiteral("::1:8470") << true << false;
        QTest::addRow("no port") << QStringLiteral("127.0.0.1") << false << false;
        QTest::addRow("port too large") << QStringLiteral("127.0.0.1:65536") << false << false;
        QTest::addRow("a host name") << QStringLiteral("localhost:8470") << false << false;
        QTest::addRow("words") << QStringLiteral("anywhere") << false << false;
        QTest::addRow("every interface") << QStringLiteral("0.0.0.0:8470") << false << true;
        QTest::addRow("a LAN address") << QStringLiteral("192.168.1.20:8470") << false << true;
    }

    void listenerValidation()
    {
        QFETCH(QString, listen);
        QFETCH(bool, valid);
        QFETCH(bool, asksForRemote);
        SettingsDialog dialog(UiSettings {});
        dialog.show();
        QVERIFY(dialog.isValid());
        child<QLineEdit>(dialog, "listen")->setText(listen);
        auto *ok = child<QPushButton>(dialog, "okButton");
        auto *remote = child<QCheckBox>(dialog, "allowRemote");
        QCOMPARE(dialog.isValid(), valid);
        QCOMPARE(ok->isEnabled(), valid);
        QCOMPARE(!remote->isHidden(), asksForRemote); // on a page not shown
        QLabel *error = dialog.errorLabel(QStringLiteral("listen"));
        QCOMPARE(!error->isHidden(), !valid);
        auto *sections = child<QListWidget>(dialog, "sections");
        QCOMPARE(sections->item(SettingsDialog::ListenerPage)->toolTip().isEmpty(), valid);
        if (!valid) {
            QCOMPARE(error->text(), dialog.errorFor(QStringLiteral("listen")));
            QVERIFY2(child<QLabel>(dialog, "status")
                         ->text()
                         .contains(QStringLiteral("Address and port")),
                qPrintable(child<QLabel>(dialog, "status")->text()));
            // OK does not save what is refused.
            QSignalSpy saved(&dialog, &SettingsDialog::saved);
            QTest::mouseClick(ok, Qt::LeftButton);
            QCOMPARE(saved.size(), 0);
            QVERIFY(!QSettings().contains(QStringLiteral("ingest/listen")));
        }
        if (asksForRemote) {
            QVERIFY2(error->text().contains(QStringLiteral("other machines")),
                qPrintable(error->text()));
            remote->setChecked(true); // what --allow-remote says on the command line
            QVERIFY(dialog.isValid());
            QVERIFY(ok->isEnabled());
            QVERIFY(error->isHidden());
            QTest::mouseClick(ok, Qt::LeftButton);
            QCOMPARE(UiSettings::load().listen, listen);
            // Opened again, the stored address counts as confirmed.
            SettingsDialog again(UiSettings::load());
            QVERIFY(again.isValid());
        }
        dialog.showPage(SettingsDialog::ListenerPage);
        saveScreenshot(dialog,
            QStringLiteral("settings-listener-%1.png")
                .arg(QString::fromUtf8(QTest::currentDataTag())));
    }

    void dataDirectoryValidation()
    {
        ScratchDir dir;
        QFile file(dir.filePath(QStringLiteral("a-file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        SettingsDialog dialog(UiSettings {});
        auto *path = child<FilePathEdit>(dialog, "dataDirectory");
        const QList<std::pair<QString, bool>> cases {
            { QString(), true },
            { dir.filePath(QStringLiteral("new/one")), true }, // made when Tandem starts
            { dir.path(), true },
            { QStringLiteral("relative/dir"), false },
            { file.fileName(), false },
        };
        for (const auto &[value, valid] : cases) {
            path->setPath(value);
            QVERIFY2(dialog.isValid() == valid, qPrintable(value));
            QCOMPARE(dialog.errorFor(QStringLiteral("dataDirectory")).isEmpty(), valid);
            QCOMPARE(child<QPushButton>(dialog, "okButton")->isEnabled(), valid);
        }
        dialog.setInUse(dir.path(), QStringLiteral("http://127.0.0.1:8470"));
        QVERIFY(child<QLabel>(dialog, "dataDirectoryInUse")->text().contains(dir.path()));
        for (int page = 0; page < SettingsDialog::PageCount; ++page) {
            dialog.showPage(SettingsDialog::Page(page));
            saveScreenshot(dialog, QStringLiteral("settings-page%1.png").arg(page));
        }
    }

    void environmentOverridesAreShown()
    {
        qputenv("TANDEM_DATA_DIR", "/from/the/environment");
        SettingsDialog dialog(UiSettings {});
        qunsetenv("TANDEM_DATA_DIR");
        auto *note = child<QLabel>(dialog, "override:TANDEM_DATA_DIR");
        QVERIFY(!note->isHidden());
        QVERIFY(note->text().contains(QStringLiteral("/from/the/environment")));
        // TANDEM_LISTEN is set for every test (127.0.0.1:0): its note shows too.
        QVERIFY(!child<QLabel>(dialog, "override:TANDEM_LISTEN")->isHidden());
    }

    void appliedLiveToTheWindow()
    {
        ScratchDir dir;
        auto engine
            = startEngine(dir.storePath(), { unreachableTarget(QStringLiteral("billing")) });
        MainWindow window(*engine, nullptr);
        window.setEngineLocation(dir.path(), QStringLiteral("http://127.0.0.1:8470"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.targetCharts()->chart(QStringLiteral("billing")));
        TargetChart *chart = window.targetCharts()->chart(QStringLiteral("billing"));
        QTRY_VERIFY(chart->isVisible());
        QCOMPARE(window.targetCharts()->refreshIntervalMs(), 1000);
        // A capacity warning showing (the test disk is below an absurd threshold).
        CapacityThresholds thresholds;
        thresholds.diskWarnBytes = qint64(1) << 60;
        window.capacityBanner()->setThresholds(thresholds);
        QTRY_VERIFY(window.capacityBanner()->isVisible());
        const QColor lightBanner = window.capacityBanner()->palette().color(QPalette::Window);
        QVERIFY(!Appearance::isDark(window.capacityBanner()->palette()));
        const QColor lightBase = chart->latencyView()->chart()->backgroundBrush().color();
        QVERIFY(!Appearance::isDark(QApplication::palette()));

        // Through the menu's dialog, as an operator does it.
        window.openSettings();
        auto *dialog = window.findChild<SettingsDialog *>();
        QVERIFY(dialog);
        selectData(child<QComboBox>(*dialog, "theme"), int(Theme::Dark));
        selectData(child<QComboBox>(*dialog, "chartRefresh"), 5000);
        QSignalSpy saved(&window, &MainWindow::settingsSaved);
        QTest::mouseClick(child<QPushButton>(*dialog, "okButton"), Qt::LeftButton);
        QCOMPARE(saved.size(), 1);

        // The theme: the application's palette, the cards' colours and the charts' own.
        const QPalette dark = Appearance::darkPalette();
        QCOMPARE(QApplication::palette().color(QPalette::Window), dark.color(QPalette::Window));
        QTRY_COMPARE(window.palette().color(QPalette::Base), dark.color(QPalette::Base));
        QTRY_COMPARE(
            chart->latencyView()->chart()->backgroundBrush().color(), dark.color(QPalette::Base));
        QVERIFY(lightBase != dark.color(QPalette::Base));
        QCOMPARE(chart->latencyView()->timeAxis()->labelsColor(), dark.color(QPalette::WindowText));
        if (TargetCard *card = window.card(QStringLiteral("billing"))) {
            auto *state = card->findChild<QLabel *>(QStringLiteral("breakerState"));
            QTRY_COMPARE(card->palette().color(QPalette::Base), dark.color(QPalette::Base));
            QCOMPARE(state->palette().color(QPalette::Window), dark.color(QPalette::Window));
            QVERIFY(Appearance::contrast(
                        state->palette().color(QPalette::WindowText), dark.color(QPalette::Base))
                >= 4.5);
        }
        // The capacity warning in dark amber, its text light.
        QTRY_VERIFY(window.capacityBanner()->palette().color(QPalette::Window) != lightBanner);
        QVERIFY(Appearance::contrast(window.capacityBanner()->palette().color(QPalette::WindowText),
                    window.capacityBanner()->palette().color(QPalette::Window))
            >= 4.5);
        QVERIFY(window.capacityBanner()->palette().color(QPalette::Window).lightnessF() < 0.5);
        saveScreenshot(window, QStringLiteral("settings-dark-window.png"));

        // The refresh: every figure is kept, but the chart redraws every 5 s only.
        QCOMPARE(window.targetCharts()->refreshIntervalMs(), 5000);
        MetricsSnapshot s;
        s.target = QStringLiteral("billing");
        s.takenAtMs = nowMs();
        Q_EMIT engine->metricsUpdated({ s }); // the first batch after a change is drawn
        const qint64 drawn = axisMaxMs(*chart);
        s.takenAtMs = nowMs() + 20'000; // would move the axis if it were drawn
        Q_EMIT engine->metricsUpdated({ s });
        QCOMPARE(chart->history().lastSampleAtMs(), s.takenAtMs); // kept
        QCOMPARE(axisMaxMs(*chart), drawn); // not drawn
        // Back to every second: the next batch is drawn.
        window.applySettings(UiSettings {});
        QCOMPARE(window.targetCharts()->refreshIntervalMs(), 1000);
        s.takenAtMs = nowMs() + 30'000;
        Q_EMIT engine->metricsUpdated({ s });
        QCOMPARE(axisMaxMs(*chart), s.takenAtMs);

        // System again: the start's palette, and the charts follow back.
        QCOMPARE(QApplication::palette(), m_startPalette);
        QTRY_COMPARE(chart->latencyView()->chart()->backgroundBrush().color(), lightBase);
        QTRY_COMPARE(window.capacityBanner()->palette().color(QPalette::Window), lightBanner);
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
