// SPDX-License-Identifier: GPL-3.0-or-later
// Edit and replay, Copy as curl and the request view of the dead-letter browser, offscreen, on a
// real engine with two real local targets: "orders" (bearer token from the environment) refuses
// a zero quantity with 422, "audit" takes everything. The detail pane shows every header sent
// with the token masked; Copy as curl holds no secret and, run by a real shell and curl with
// the token in a variable, sends the same request; the edit dialog keeps OK disabled while the
// JSON is invalid (naming line and column) or the reason is empty; an edit with a reason reaches
// orders only, with the original Idempotency-Key, the row leaves the list, and the versions and
// the attempt history show v1 and v2. The dialog also refuses an edit the target's payload
// mapping cannot use. With TANDEM_SCREENSHOT_DIR set, it saves PNGs there.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "app/demo/simulatedhttpserver.h"
#include "tests/support/shellcommand.h"
#include "tests/support/testengine.h"
#include "tests/support/testjson.h"
#include "tests/support/uitest.h"
#include "ui/dialogs/editpayloaddialog.h"
#include "ui/models/attempthistorymodel.h"
#include "ui/models/deadlettermodel.h"
#include "ui/models/payloadversionmodel.h"
#include "ui/widgets/deadletterbrowser.h"
#include "ui/widgets/deadletterdetailpane.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;
using Tandem::TestJson::json;

namespace {

const QByteArray Token = QByteArrayLiteral("s3cr3t-orders-token-4711");

} // namespace

class tst_EditAndReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("TANDEM_TEST_ORDERS_TOKEN", Token); }

    void editCopyAndReplay()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SimulatedHttpServer orders([](const HttpExchange &e) {
            SimulatedResponse r;
            const int qty = QJsonDocument::fromJson(e.body).object()[u"item"][u"qty"].toInt();
            r.status = qty > 0 ? 200 : 422;
            r.body = qty > 0 ? "{}" : "{\"error\": \"qty must be positive\"}";
            return r;
        });
        SimulatedHttpServer audit([](const HttpExchange &) { return SimulatedResponse {}; });
        QVERIFY(orders.listen() != 0);
        QVERIFY(audit.listen() != 0);
        auto engine = startEngine(dir.filePath(QStringLiteral("tandem.db")),
            { target(QStringLiteral("orders"), orders.url(QStringLiteral("/v1/orders")),
                  "{'auth': {'kind': 'bearer', 'token': 'env:TANDEM_TEST_ORDERS_TOKEN'}}"),
                target(QStringLiteral("audit"), audit.url(QStringLiteral("/log"))) });

        DeadLetterBrowser browser(*engine);
        browser.resize(1500, 860);
        browser.show();
        DeadLetterModel &model = *browser.model();
        DeadLetterDetailPane &pane = *browser.detailPane();
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester versionsTester(
            pane.versionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QByteArray original = "{\"item\": {\"sku\": \"A-1\", \"qty\": 0}, \"note\": \"it's "
                                    "urgent\\nplease\"}";
        const QString id = enqueueOne(*engine, original, "order-7", &browser);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("audit")).state,
            DeliveryState::Delivered, 10'000);
        QCOMPARE(orders.takeReceived().first().header("Authorization"), "Bearer " + Token);
        QCOMPARE(audit.takeReceived().size(), 1);

        QSignalSpy shown(&browser, &DeadLetterBrowser::detailShown);
        browser.view()->selectRow(0);
        QVERIFY(shown.wait());

        // The request as it goes to orders: every header, the token masked.
        const QString request = pane.requestText();
        QVERIFY2(request.startsWith(orders.url(QStringLiteral("/v1/orders"))
                                        .toString()
                                        .prepend(QStringLiteral("POST "))),
            qPrintable(request));
        for (const char *line :
            { "Authorization: Bearer \u2022\u2022\u2022\u2022\u2022", "Idempotency-Key: order-7",
                "Content-Type: application/json", "X-Tandem-Attempt: 1",
                "X-Tandem-Message-Id: ", "traceparent: 00-", "User-Agent: tandem/" })
            QVERIFY2(request.contains(QString::fromUtf8(line)), line);
        QVERIFY(!request.contains(QString::fromLatin1(Token)));
        auto *tabs = pane.findChild<QTabWidget *>(QStringLiteral("detailTabs"));
        tabs->setCurrentIndex(1);

        // Copy as curl: no secret in it, and it sends the same request when run.
        QAction *copy = pane.copyAsCurlAction();
        QCOMPARE(copy->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        QVERIFY(copy->isEnabled());
        QSignalSpy copied(&pane, &DeadLetterDetailPane::curlCopied);
        // The shortcut works from the list, where the operator's focus is.
        browser.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&browser));
        browser.view()->setFocus();
        QTest::keyClick(browser.view(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(copied.size(), 1);
        saveScreenshot(browser, QStringLiteral("deadletter-request.png"));
        const QString curl = QGuiApplication::clipboard()->text();
        QCOMPARE(curl, copied.first().first().toString());
        QVERIFY2(!curl.contains(QString::fromLatin1(Token)), qPrintable(curl));
        QVERIFY2(curl.contains(u"$TANDEM_TOKEN"), qPrintable(curl));
        QVERIFY2(curl.startsWith(u"# Tandem: message " + id), qPrintable(curl));
        const ShellResult ran = runShell(curl.trimmed() + QStringLiteral(" --silent"),
            { { QStringLiteral("TANDEM_TOKEN"), QString::fromLatin1(Token) } });
        QVERIFY2(ran.finished && ran.exitCode == 0, ran.errors.constData());
        QList<HttpExchange> received = orders.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().body, original);
        QCOMPARE(received.first().header("Authorization"), "Bearer " + Token);
        QCOMPARE(received.first().header("Idempotency-Key"), QByteArrayLiteral("order-7"));

        // Edit and replay: the dialog validates as the operator types.
        QAction *edit = pane.editAndReplayAction();
        QCOMPARE(edit->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        QVERIFY(edit->isEnabled());
        QTest::keyClick(browser.view(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        EditPayloadDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = browser.findChild<EditPayloadDialog *>()) && dialog->isVisible());
        auto *editor = dialog->findChild<QPlainTextEdit *>(QStringLiteral("payloadEditor"));
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("editReason"));
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(editor->toPlainText().contains(u"\"qty\": 0"));
        QVERIFY(!ok->isEnabled()); // unchanged, no reason

        QString text = editor->toPlainText();
        text.replace(u"\"qty\": 0"_qs, u"\"qty\": 3,"_qs); // "qty": 3,, is not JSON
        editor->setPlainText(text);
        reason->setText(QStringLiteral("customer confirmed 3 units, ticket OPS-1234"));
        QVERIFY(!ok->isEnabled());
        QVERIFY2(dialog->validationText().contains(QStringLiteral("line 3, column 18")),
            qPrintable(dialog->validationText()));
        saveScreenshot(*dialog, QStringLiteral("edit-payload-invalid.png"));

        text.replace(u"\"qty\": 3,"_qs, u"\"qty\": 3"_qs);
        editor->setPlainText(text);
        QCOMPARE(dialog->validationText(), QStringLiteral("Valid JSON"));
        QVERIFY(ok->isEnabled());
        const QString diff
            = dialog->findChild<QPlainTextEdit *>(QStringLiteral("payloadDiff"))->toPlainText();
        QVERIFY2(diff.contains(u"-        \"qty\": 0,") && diff.contains(u"+        \"qty\": 3,"),
            qPrintable(diff));
        reason->clear();
        QVERIFY(!ok->isEnabled()); // a reason is required
        reason->setText(QStringLiteral("customer confirmed 3 units, ticket OPS-1234"));
        QVERIFY(ok->isEnabled());
        saveScreenshot(*dialog, QStringLiteral("edit-payload.png"));

        QSignalSpy edited(&pane, &DeadLetterDetailPane::edited);
        ok->click();
        QVERIFY(edited.wait());
        QCOMPARE(edited.first().at(1).toInt(), 2);
        QTRY_COMPARE(model.rowCount(), 0); // the row leaves the list
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("orders")).state,
            DeliveryState::Delivered, 10'000);
        received = orders.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().header("Idempotency-Key"), QByteArrayLiteral("order-7"));
        QCOMPARE(received.first().header("Authorization"), "Bearer " + Token);
        const QJsonObject sent = QJsonDocument::fromJson(received.first().body).object();
        QCOMPARE(sent[u"item"][u"qty"].toInt(), 3);
        QCOMPARE(sent[u"note"].toString(), QStringLiteral("it's urgent\nplease"));
        QCOMPARE(audit.takeReceived().size(), 0); // the other target is left alone

        // The pane on that delivery now: v1 and v2, each attempt with the version it sent.
        DeadLetter d;
        d.messageId = id;
        d.target = QStringLiteral("orders");
        d.deliveryId = deliveryOf(*engine, id, QStringLiteral("orders")).deliveryId;
        pane.showDeadLetter(d);
        QVERIFY(shown.wait());
        PayloadVersionModel &versions = *pane.versionModel();
        QCOMPARE(versions.rowCount(), 2);
        QCOMPARE(versions.index(0, PayloadVersionModel::VersionColumn).data().toString(),
            QStringLiteral("v1"));
        QCOMPARE(versions.index(1, PayloadVersionModel::VersionColumn).data().toString(),
            QStringLiteral("v2 (current)"));
        QCOMPARE(versions.index(1, PayloadVersionModel::ReasonColumn).data().toString(),
            QStringLiteral("customer confirmed 3 units, ticket OPS-1234"));
        const QString versionDiff
            = pane.findChild<QPlainTextEdit *>(QStringLiteral("detailVersionDiff"))->toPlainText();
        QVERIFY2(versionDiff.contains(u"+        \"qty\": 3,"), qPrintable(versionDiff));
        AttemptHistoryModel &attempts = *pane.attemptModel();
        QCOMPARE(attempts.rowCount(), 2);
        QCOMPARE(attempts.index(0, AttemptHistoryModel::PayloadVersionColumn).data().toString(),
            QStringLiteral("v1"));
        QCOMPARE(attempts.index(1, AttemptHistoryModel::PayloadVersionColumn).data().toString(),
            QStringLiteral("v2"));
        QCOMPARE(attempts.index(1, AttemptHistoryModel::StatusColumn).data().toString(),
            QStringLiteral("HTTP 200"));
        QVERIFY(pane.payloadText().contains(u"\"qty\": 3"));
        QVERIFY(!edit->isEnabled()); // delivered: nothing to edit
        tabs->setCurrentIndex(2);
        saveScreenshot(pane, QStringLiteral("deadletter-versions.png"));
        QVERIFY(stopEngine(*engine));
    }

    void dialogRefusesWhatTheMappingCannotUse()
    {
        auto mapping = PayloadMapping::fromJson(
            QJsonDocument::fromJson(json("{'fields': {'sku': '/item/sku'}}")).object(),
            QStringLiteral("mapping"));
        QVERIFY(mapping);
        PayloadVersion current;
        current.payload = "{\"item\": {\"sku\": \"A-1\"}}";
        EditPayloadDialog dialog(
            QStringLiteral("m-1"), QStringLiteral("orders"), current, *mapping);
        dialog.show();
        auto *editor = dialog.findChild<QPlainTextEdit *>(QStringLiteral("payloadEditor"));
        dialog.findChild<QLineEdit *>(QStringLiteral("editReason"))->setText(QStringLiteral("x"));
        editor->setPlainText(QStringLiteral("{\"item\": {\"code\": \"A-1\"}}"));
        QVERIFY(!dialog.canAccept());
        QVERIFY2(
            dialog.validationText().contains(u"/item/sku"), qPrintable(dialog.validationText()));
        editor->setPlainText(QStringLiteral("{\"item\": {\"sku\": \"A-2\"}}"));
        QVERIFY(dialog.canAccept());
        QCOMPARE(dialog.validationText(), QStringLiteral("Valid JSON"));
    }
};

QTEST_MAIN(tst_EditAndReplay)
#include "tst_editandreplay.moc"
