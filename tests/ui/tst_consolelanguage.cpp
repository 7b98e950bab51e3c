// SPDX-License-Identifier: GPL-3.0-or-later
// The console in German (issue #7), offscreen, on a real engine: the translations compiled into
// the binary are loaded the way `tandem` loads them (Translations::install), and the window shows
// German menus, card labels, empty state and dead-letter headers; numbers, dates and durations
// follow the German locale (decimal comma, day.month.year), and the machine names stay English.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of the German window there.
#include <QDateTime>
#include <QDialogButtonBox>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "app/i18n/translations.h"
#include "engine/store/storejson.h"
#include "tests/support/deadletters.h"
#include "tests/support/testengine.h"
#include "tests/support/testtargets.h"
#include "tests/support/uitest.h"
#include "ui/mainwindow.h"
#include "ui/models/clocktext.h"
#include "ui/models/deadlettermodel.h"
#include "ui/widgets/deadletterbrowser.h"
#include "ui/widgets/firstrunguide.h"
#include "ui/widgets/targetcard.h"

using namespace Tandem;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

QStringList menuTitles(const QMainWindow &window)
{
    QStringList titles;
    for (const QAction *a : window.menuBar()->actions())
        titles.append(a->text());
    return titles;
}

// Every text the labels and buttons under `widget` show: what an operator reads.
QStringList shownTexts(const QWidget &widget)
{
    QStringList texts;
    for (const QLabel *l : widget.findChildren<QLabel *>())
        texts.append(l->text());
    for (const QAbstractButton *b : widget.findChildren<QAbstractButton *>())
        texts.append(b->text());
    return texts;
}

bool anyContains(const QStringList &texts, const QString &part)
{
    return std::any_of(
        texts.begin(), texts.end(), [&](const QString &t) { return t.contains(part); });
}

} // namespace

class tst_ConsoleLanguage : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings; ///< the windows' QSettings, never the user's

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(
            Translations::available(), QStringList({ QStringLiteral("en"), QStringLiteral("de") }));
        QCOMPARE(Translations::install(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(QLocale().language(), QLocale::German);
    }

    void cleanupTestCase() { Translations::install(QStringLiteral("en")); }

    void menusAndEmptyStateInGerman()
    {
        const ScratchDir dir;
        auto engine = startEngine(dir.storePath(), {});
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_VERIFY(window.isShowingEmptyState());
        const QStringList menus = menuTitles(window);
        QVERIFY2(menus.contains(QStringLiteral("&Datei")), qPrintable(menus.join(u", ")));
        QVERIFY2(menus.contains(QStringLiteral("&Ansicht")), qPrintable(menus.join(u", ")));
        const QStringList texts = shownTexts(*window.firstRunPage());
        QVERIFY2(anyContains(texts, QStringLiteral("Willkommen bei Tandem")),
            qPrintable(texts.join(u'\n')));
        QVERIFY(anyContains(texts, QStringLiteral("Ziel hinzufügen")));
        QVERIFY(!anyContains(texts, QStringLiteral("Add a target")));
        saveScreenshot(window, QStringLiteral("console-de-empty.png"));
    }

    void cardInGerman()
    {
        const ScratchDir dir;
        auto engine = startEngine(dir.storePath(), { unreachableTarget(QStringLiteral("lager")) });
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_VERIFY(window.card(QStringLiteral("lager")));
        const TargetCard &card = *window.card(QStringLiteral("lager"));
        const QStringList texts = shownTexts(card);
        for (const char *expected : { "Ausstehend", "Unterwegs", "Älteste ausstehende", "Anhalten",
                 "Breaker zurücksetzen", "Bearbeiten …" })
            QVERIFY2(anyContains(texts, QString::fromUtf8(expected)),
                qPrintable(QString::fromUtf8(expected) + u" not in:\n" + texts.join(u'\n')));
        QCOMPARE(TargetCard::breakerText(QStringLiteral("closed")),
            QStringLiteral("Breaker geschlossen — stellt zu"));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Ziele"));
        saveScreenshot(window, QStringLiteral("console-de-card.png"));
    }

    void deadLettersInGermanWithGermanDates()
    {
        const ScratchDir dir;
        // One dead letter that died at a known local time, written by direct store calls.
        const QDateTime died(QDate(2026, 11, 21), QTime(14, 5, 9));
        QVERIFY(storeDeadLetters(dir.storePath(), { unreachableTarget(QStringLiteral("lager")) },
            { NewMessage { QByteArrayLiteral("{\"order\": 1}") } }, died.toMSecsSinceEpoch(),
            [](const QString &, int) {
                AttemptOutcome o;
                o.httpStatus = 503;
                o.errorClass = ErrorClass::Http5xx;
                o.error = QStringLiteral("HTTP 503");
                o.latencyUs = 1'234'500;
                return o;
            }));
        auto engine = openEngine(dir.storePath());
        MainWindow window(*engine, nullptr);
        window.show();
        DeadLetterBrowser &browser = *window.deadLetterBrowser();
        DeadLetterModel &model = *browser.model();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10'000);

        QCOMPARE(model.headerData(DeadLetterModel::MessageIdColumn, Qt::Horizontal).toString(),
            QStringLiteral("Nachrichten-ID"));
        QCOMPARE(model.headerData(DeadLetterModel::DeadAtColumn, Qt::Horizontal).toString(),
            QStringLiteral("Unzustellbar seit"));
        QCOMPARE(model.headerData(DeadLetterModel::TargetColumn, Qt::Horizontal).toString(),
            QStringLiteral("Ziel"));
        // Day.month.year with a four-digit year, 24-hour time: the German way.
        QCOMPARE(model.index(0, DeadLetterModel::DeadAtColumn).data().toString(),
            QStringLiteral("21.11.2026 14:05:09"));
        const auto *count = browser.findChild<QLabel *>(QStringLiteral("deadLetterCount"));
        QVERIFY(count);
        QTRY_COMPARE(count->text(), QStringLiteral("1 unzustellbare Nachricht"));
        window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(&browser);
        saveScreenshot(window, QStringLiteral("console-de-deadletters.png"));
    }

    void numbersDatesAndDurationsFollowTheLocale()
    {
        QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
        QCOMPARE(durationText(4200), QStringLiteral("4,2 s"));
        QCOMPARE(durationText(850), QStringLiteral("850 ms"));
        QCOMPARE(durationText(200'000), QStringLiteral("3 min 20 s"));
        const QDateTime at(QDate(2026, 3, 4), QTime(9, 8, 7, 412));
        QCOMPARE(dateTimeText(at.toMSecsSinceEpoch()), QStringLiteral("04.03.2026 09:08:07"));
        // Another day: the German day-month form keeps its dots; milliseconds after a comma.
        QCOMPARE(clockText(at.toMSecsSinceEpoch(), at.addDays(2).toMSecsSinceEpoch(), true),
            QStringLiteral("04.03. 09:08:07,412"));
    }

    void qtOwnStringsOnScreenOnly()
    {
        // Qt's buttons speak German (qt6-translations-l10n, installed by install-deps.sh) ...
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
        // ... but its network, SQL and JSON error texts, which the engine stores and the HTTP
        // API returns, stay English.
        QCOMPARE(QCoreApplication::translate("QAbstractSocket", "Connection refused"),
            QStringLiteral("Connection refused"));
        QJsonParseError unterminated;
        unterminated.error = QJsonParseError::UnterminatedString;
        QCOMPARE(unterminated.errorString(), QStringLiteral("unterminated string"));
    }

    void machineNamesStayEnglish()
    {
        // The --json and HTTP names come from the engine, never through a translation.
        QCOMPARE(deliveryStateName(DeliveryState::Dead), QStringLiteral("dead"));
        QCOMPARE(errorClassName(ErrorClass::Http5xx), QStringLiteral("http_5xx"));
    }
};

QTEST_MAIN(tst_ConsoleLanguage)
#include "tst_consolelanguage.moc"
