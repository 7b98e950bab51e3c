// SPDX-License-Identifier: GPL-3.0-or-later
// The target dialog, offscreen: validation at the field (the engine's own messages, every problem
// at once, Save disabled until fixed), the live retry schedule, add versus edit, secrets that are
// replaced but never shown, "Test connection" with typed and stored secrets against a real local
// server, and a save through TargetEditor that reaches a running engine: the server receives the
// new header and credentials, the engine reports the changed fields, the event log names them and
// never the secret, and a keychain failure changes nothing.
// With TANDEM_SCREENSHOT_DIR set, screenshots() also saves a PNG of every page there.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "app/demo/simulatedhttpserver.h"
#include "engine/log/eventlog.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretstore.h"
#include "tests/support/testengine.h"
#include "tests/support/testjson.h"
#include "tests/support/testpki.h"
#include "ui/dialogs/targetdialog.h"
#include "ui/models/retryschedulemodel.h"
#include "ui/targeteditor.h"
#include "ui/widgets/filepathedit.h"
#include "ui/widgets/keyvaluetable.h"
#include "ui/widgets/proberesultview.h"
#include "ui/widgets/retryschedulepreview.h"
#include "ui/widgets/secretfield.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;
using Tandem::TestJson::json;

namespace {

// A SecretStore in memory, for tests where the OS keychain is not the point. Answers arrive
// asynchronously, as the real store's do; `failWrites` makes every write fail like a locked
// keychain.
class MemorySecretStore final : public SecretStore
{
public:
    QHash<QString, QByteArray> entries;
    std::optional<Error> failWrites;

    void read(
        const QString &key, QObject *context, std::function<void(Result<QByteArray>)> done) override
    {
        const bool found = entries.contains(key);
        const QByteArray value = entries.value(key);
        QTimer::singleShot(0, context, [done, found, value, key] {
            if (found)
                done(value);
            else
                done(fail(Error::notFound(QStringLiteral("no keychain entry %1").arg(key))));
        });
    }

    void write(const QString &key, const QByteArray &value, QObject *context,
        std::function<void(Result<void>)> done) override
    {
        if (failWrites) {
            QTimer::singleShot(0, context, [done, e = *failWrites] { done(fail(e)); });
            return;
        }
        entries.insert(key, value);
        QTimer::singleShot(0, context, [done] { done({}); });
    }

    void remove(
        const QString &key, QObject *context, std::function<void(Result<void>)> done) override
    {
        entries.remove(key);
        QTimer::singleShot(0, context, [done] { done({}); });
    }
};

TargetConfig config(const char *singleQuoted)
{
    return targetConfig(QJsonDocument::fromJson(json(singleQuoted)).object());
}

template <typename T> T *child(const QObject &parent, const char *name)
{
    T *w = parent.findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return w;
}

SimulatedResponse ok()
{
    SimulatedResponse r;
    r.status = 200;
    r.body = "{}";
    return r;
}

} // namespace

class tst_TargetDialog : public QObject
{
    Q_OBJECT

private:
    QList<StoredTarget> storedTargets(Engine &engine)
    {
        auto all = engine.store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
        if (!all)
            qFatal("targets: %s", qPrintable(all.error().message));
        return *all;
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void addModeStartsEmptyAndEditable()
    {
        TargetDialog dialog;
        QCOMPARE(dialog.mode(), TargetDialog::Mode::Add);
        auto *name = child<QLineEdit>(dialog, "name");
        QVERIFY(!name->isReadOnly());
        QVERIFY(!dialog.isValid());
        QVERIFY(!child<QPushButton>(dialog, "saveButton")->isEnabled());
        // Nobody has typed yet: "required" is not shouted at a fresh form.
        QVERIFY(dialog.errorLabel(QStringLiteral("name"))->isHidden());
        QVERIFY(dialog.errorLabel(QStringLiteral("url"))->isHidden());
        QVERIFY(child<QLabel>(dialog, "status")->text().contains(QStringLiteral("name and a URL")));

        name->setText(QStringLiteral("inventory"));
        child<QLineEdit>(dialog, "url")->setText(QStringLiteral("https://inventory.internal/in"));
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));
        QVERIFY(child<QPushButton>(dialog, "saveButton")->isEnabled());
        // Every other field shows the engine's default.
        QCOMPARE(dialog.config(),
            config("{'name': 'inventory', 'url': 'https://inventory.internal/in'}"));
        QVERIFY(dialog.secretChanges().isEmpty());

        dialog.setTakenNames({ QStringLiteral("inventory") });
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorFor(QStringLiteral("name")).contains(QStringLiteral("exists already")));
    }

    void editModeShowsTheConfigurationAsItIs()
    {
        const TargetConfig original = config(
            "{'name': 'ledger-eu_2', 'url': 'https://ledger.example.com:8443/v2/entries?t=ops',"
            " 'method': 'PUT', 'headers': {'X-Team': 'ops', 'Accept-Language': 'de'},"
            " 'enabled': false, 'http2': 'off', 'timeouts': {'connect_ms': 2000, 'attempt_ms': "
            "20000},"
            " 'retry': {'max_attempts': 5, 'base_delay_ms': 250, 'multiplier': 1.5, "
            "'max_delay_ms': 30000, 'jitter': 'equal', 'max_age_s': 3600, 'retry_on': [429, "
            "503]},"
            " 'concurrency': 8, 'ordering': 'per_key', 'ordering_on_dead': 'skip',"
            " 'breaker': {'enabled': true, 'window': 'time', 'window_size': 30, "
            "'minimum_calls': 5, 'failure_rate_percent': 40, 'slow_call_rate_percent': 90, "
            "'slow_call_ms': 2500, 'open_ms': 15000, 'half_open_probes': 3},"
            " 'rate_limit': {'per_second': 12.5, 'burst': 20},"
            " 'adaptive_concurrency': {'enabled': true, 'decrease_ratio': 0.75, "
            "'rtt_threshold': 0.1, 'ewma_alpha': 0.25, 'initial_limit': 4},"
            " 'retry_budget': {'ratio': 0.35, 'min_retries_per_second': 3, 'window_s': 20},"
            " 'auth': {'kind': 'oauth2_client_credentials', 'token_url': "
            "'https://auth.example.com/token', 'client_id': 'tandem', 'scope': 'ledger.write', "
            "'client_secret': 'keychain:client-1'},"
            " 'signing': {'secret': 'env:LEDGER_SIGNING'},"
            " 'mapping': {'fields': {'amount': '/order/total', 'currency': '/order/currency'}, "
            "'constants': {'source': 'tandem', 'version': 2}}}");
        TargetDialog dialog(original);
        QCOMPARE(dialog.mode(), TargetDialog::Mode::Edit);
        QVERIFY(child<QLineEdit>(dialog, "name")->isReadOnly());
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));
        // Opening and saving without an edit changes nothing, to the last field.
        QCOMPARE(dialog.config(), original);
        QVERIFY(dialog.changedFields().isEmpty());
        QVERIFY(child<QLabel>(dialog, "status")->text().contains(QStringLiteral("No changes")));
        QVERIFY(child<QPushButton>(dialog, "saveButton")->isEnabled());
    }

    void validation_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("page");
        QTest::addRow("URL cleared") << QStringLiteral("url") << QStringLiteral("required")
                                     << int(TargetDialog::GeneralPage);
        QTest::addRow("URL not http")
            << QStringLiteral("url") << QStringLiteral("is not an http:// or https:// URL")
            << int(TargetDialog::GeneralPage);
        QTest::addRow("max_attempts 0")
            << QStringLiteral("retry.max_attempts")
            << QStringLiteral("0 is out of range (1 to 1000)") << int(TargetDialog::RetriesPage);
        QTest::addRow("max delay below base")
            << QStringLiteral("retry") << QStringLiteral("is less than base_delay_ms")
            << int(TargetDialog::RetriesPage);
        QTest::addRow("retry_on not a number")
            << QStringLiteral("retry.retry_on") << QStringLiteral("\"abc\" is not an HTTP status")
            << int(TargetDialog::RetriesPage);
        QTest::addRow("reserved header")
            << QStringLiteral("headers") << QStringLiteral("is set by Tandem")
            << int(TargetDialog::GeneralPage);
        QTest::addRow("bad JSON Pointer")
            << QStringLiteral("mapping.fields") << QStringLiteral("is not a JSON Pointer")
            << int(TargetDialog::MappingPage);
        QTest::addRow("constants not JSON")
            << QStringLiteral("mapping.constants") << QStringLiteral("Not valid JSON")
            << int(TargetDialog::MappingPage);
        QTest::addRow("secret pasted as env ref")
            << QStringLiteral("auth.token") << QStringLiteral("env:")
            << int(TargetDialog::AuthenticationPage);
        QTest::addRow("bearer without a secret")
            << QStringLiteral("auth.token") << QStringLiteral("Not set")
            << int(TargetDialog::AuthenticationPage);
        QTest::addRow("h2c over https")
            << QStringLiteral("http2") << QStringLiteral("prior_knowledge is for clear-text")
            << int(TargetDialog::GeneralPage);
        QTest::addRow("breaker probes 0")
            << QStringLiteral("breaker.half_open_probes") << QStringLiteral("out of range")
            << int(TargetDialog::ResiliencePage);
    }

    void validation()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QFETCH(int, page);
        const TargetConfig original
            = config("{'name': 'orders', 'url': 'https://orders.internal/in', 'retry': "
                     "{'max_attempts': 5}}");
        TargetDialog dialog(original);
        QVERIFY(dialog.isValid());
        auto *save = child<QPushButton>(dialog, "saveButton");
        QVERIFY(save->isEnabled());
        auto *url = child<QLineEdit>(dialog, "url");
        auto *maxAttempts = child<QSpinBox>(dialog, "maxAttempts");
        auto *authSecret = child<SecretField>(dialog, "authSecret");

        // Break it the way an operator would, through the widgets.
        const QString row = QString::fromLatin1(QTest::currentDataTag());
        std::function<void()> repair;
        if (row == u"URL cleared") {
            url->clear();
            repair = [url] { url->setText(QStringLiteral("https://orders.internal/in")); };
        } else if (row == u"URL not http") {
            url->setText(QStringLiteral("ftp://orders.internal/in"));
            repair = [url] { url->setText(QStringLiteral("https://orders.internal/in")); };
        } else if (row == u"max_attempts 0") {
            maxAttempts->setValue(0);
            repair = [maxAttempts] { maxAttempts->setValue(3); };
        } else if (row == u"max delay below base") {
            child<QSpinBox>(dialog, "maxDelay")->setValue(500);
            repair = [&dialog] { child<QSpinBox>(dialog, "maxDelay")->setValue(60'000); };
        } else if (row == u"retry_on not a number") {
            child<QLineEdit>(dialog, "retryOn")->setText(QStringLiteral("500, abc"));
            repair = [&dialog] {
                child<QLineEdit>(dialog, "retryOn")->setText(QStringLiteral("500, 503"));
            };
        } else if (row == u"reserved header") {
            auto *headers = child<KeyValueTable>(dialog, "headers");
            headers->addRow(QStringLiteral("Idempotency-Key"), QStringLiteral("mine"));
            repair = [headers] { headers->setPairs({}); };
        } else if (row == u"bad JSON Pointer") {
            auto *fields = child<KeyValueTable>(dialog, "mappingFields");
            fields->addRow(QStringLiteral("email"), QStringLiteral("user/email"));
            repair = [fields] {
                fields->setPairs({ { QStringLiteral("email"), QStringLiteral("/user/email") } });
            };
        } else if (row == u"constants not JSON") {
            auto *constants = child<QPlainTextEdit>(dialog, "mappingConstants");
            constants->setPlainText(QStringLiteral("{\"template\": "));
            repair = [constants] {
                constants->setPlainText(QStringLiteral("{\"template\": \"welcome\"}"));
            };
        } else if (row == u"secret pasted as env ref") {
            child<QComboBox>(dialog, "authKind")->setCurrentIndex(1); // bearer
            authSecret->setSource(SecretField::Source::Environment);
            // The operator pasted the token itself where the variable's name belongs.
            authSecret->environmentEdit()->setText(QStringLiteral("eyJhbGc.s3cr3t-t0ken"));
            repair = [authSecret] {
                authSecret->environmentEdit()->setText(QStringLiteral("ORDERS_TOKEN"));
            };
        } else if (row == u"bearer without a secret") {
            child<QComboBox>(dialog, "authKind")->setCurrentIndex(1);
            repair = [authSecret] { authSecret->valueEdit()->setText(QStringLiteral("t0ken")); };
        } else if (row == u"h2c over https") {
            auto *http2 = child<QComboBox>(dialog, "http2");
            http2->setCurrentIndex(http2->findData(QStringLiteral("prior_knowledge")));
            repair = [http2] { http2->setCurrentIndex(0); };
        } else if (row == u"breaker probes 0") {
            child<QSpinBox>(dialog, "breakerProbes")->setValue(0);
            repair = [&dialog] { child<QSpinBox>(dialog, "breakerProbes")->setValue(2); };
        } else {
            QFAIL("unknown row");
        }

        // The debounced validation runs on its own; no sleeping.
        QTRY_VERIFY2(dialog.errorFor(path).contains(expected), qPrintable(dialog.errorFor(path)));
        QVERIFY(!dialog.isValid());
        QVERIFY(!save->isEnabled());
        QLabel *error = dialog.errorLabel(path);
        QVERIFY(error);
        // Shown, on its page (which the test does not bring to the front).
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(expected), qPrintable(error->text()));
        QCOMPARE(dialog.errorFor(path), error->text());
        // The message is shown under the field, not elsewhere.
        int visibleErrors = 0;
        for (auto *label : dialog.findChildren<QLabel *>()) {
            if (label->objectName().startsWith(u"error:") && !label->isHidden())
                ++visibleErrors;
        }
        QCOMPARE(visibleErrors, 1);
        // The section of the page carries a mark, and the status line points there.
        auto *sections = child<QListWidget>(dialog, "sections");
        QVERIFY(!sections->item(page)->toolTip().isEmpty());
        QVERIFY(child<QLabel>(dialog, "status")->text().contains(sections->item(page)->text()));
        // A secret is never echoed back, not even one pasted into the wrong field.
        QVERIFY(!error->text().contains(QStringLiteral("s3cr3t")));

        repair();
        QTRY_VERIFY2(dialog.isValid(), qPrintable(dialog.problems().join(u'\n')));
        QVERIFY(save->isEnabled());
        QVERIFY(error->isHidden());
        QVERIFY(sections->item(page)->toolTip().isEmpty());
    }

    void everyProblemIsShownAtOnce()
    {
        TargetDialog dialog(config("{'name': 'orders', 'url': 'https://orders.internal/in'}"));
        child<QLineEdit>(dialog, "url")->clear();
        child<QSpinBox>(dialog, "maxAttempts")->setValue(0);
        child<QSpinBox>(dialog, "concurrency")->setValue(0);
        child<KeyValueTable>(dialog, "mappingFields")
            ->addRow(QStringLiteral("email"), QStringLiteral("user/email"));
        QVERIFY(!dialog.validateNow());
        QVERIFY2(dialog.problems().size() == 4, qPrintable(dialog.problems().join(u'\n')));
        for (const char *path : { "url", "retry.max_attempts", "concurrency", "mapping.fields" })
            QVERIFY2(!dialog.errorFor(QString::fromLatin1(path)).isEmpty(), path);
        QVERIFY(child<QLabel>(dialog, "status")->text().startsWith(QStringLiteral("4 problems")));
    }

    void schedulePreview_data()
    {
        QTest::addColumn<QString>("jitter");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<int>("maxAgeS");
        QTest::addColumn<QList<qint64>>("min");
        QTest::addColumn<QList<qint64>>("max");
        // Base 1 s, × 2, at most 10 s apart: delays 1, 2, 4, 8, 10, 10 s before jitter.
        QTest::addRow("full") << QStringLiteral("full") << 5 << 86'400
                              << QList<qint64> { 0, 0, 0, 0, 0 }
                              << QList<qint64> { 0, 1000, 3000, 7000, 15'000 };
        QTest::addRow("equal") << QStringLiteral("equal") << 5 << 86'400
                               << QList<qint64> { 0, 500, 1500, 3500, 7500 }
                               << QList<qint64> { 0, 1000, 3000, 7000, 15'000 };
        QTest::addRow("none, capped by max delay")
            << QStringLiteral("none") << 7 << 86'400
            << QList<qint64> { 0, 1000, 3000, 7000, 15'000, 25'000, 35'000 }
            << QList<qint64> { 0, 1000, 3000, 7000, 15'000, 25'000, 35'000 };
        // Each delay from the base to 3 × the one before, at most 10 s: the latest path takes
        // 3, 9, 10, 10 s, the earliest 1 s each time.
        QTest::addRow("decorrelated") << QStringLiteral("decorrelated") << 5 << 86'400
                                      << QList<qint64> { 0, 1000, 2000, 3000, 4000 }
                                      << QList<qint64> { 0, 3000, 12'000, 22'000, 32'000 };
        // Attempt 6 would be due at 25 s: the max age of 20 s cuts the schedule after attempt 5.
        QTest::addRow("cut by max age")
            << QStringLiteral("none") << 10 << 20 << QList<qint64> { 0, 1000, 3000, 7000, 15'000 }
            << QList<qint64> { 0, 1000, 3000, 7000, 15'000 };
    }

    void schedulePreview()
    {
        QFETCH(QString, jitter);
        QFETCH(int, attempts);
        QFETCH(int, maxAgeS);
        QFETCH(QList<qint64>, min);
        QFETCH(QList<qint64>, max);
        TargetDialog dialog(config("{'name': 'orders', 'url': 'https://orders.internal/in'}"));
        RetryScheduleModel *model = child<RetrySchedulePreview>(dialog, "retrySchedule")->model();
        QAbstractItemModelTester tester(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        child<QSpinBox>(dialog, "maxAttempts")->setValue(attempts);
        child<QSpinBox>(dialog, "baseDelay")->setValue(1000);
        child<QDoubleSpinBox>(dialog, "multiplier")->setValue(2.0);
        child<QSpinBox>(dialog, "maxDelay")->setValue(10'000);
        child<QSpinBox>(dialog, "maxAge")->setValue(maxAgeS);
        auto *jitterCombo = child<QComboBox>(dialog, "jitter");
        jitterCombo->setCurrentIndex(jitterCombo->findData(jitter));
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));

        const bool cut = min.size() < attempts;
        QCOMPARE(model->rowCount(), min.size() + (cut ? 1 : 0));
        for (int row = 0; row < min.size(); ++row) {
            const QModelIndex index = model->index(row, RetryScheduleModel::AtColumn);
            QCOMPARE(index.data(RetryScheduleModel::KindRole).toInt(),
                int(RetryScheduleModel::RowKind::Attempt));
            QCOMPARE(index.data(RetryScheduleModel::AttemptRole).toInt(), row + 1);
            QCOMPARE(index.data(RetryScheduleModel::MinMsRole).toLongLong(), min.at(row));
            QCOMPARE(index.data(RetryScheduleModel::MaxMsRole).toLongLong(), max.at(row));
        }
        if (cut) {
            const QModelIndex last
                = model->index(model->rowCount() - 1, RetryScheduleModel::AtColumn);
            QCOMPARE(last.data(RetryScheduleModel::KindRole).toInt(),
                int(RetryScheduleModel::RowKind::GivesUp));
            QVERIFY2(
                last.data().toString().startsWith(QStringLiteral("gives up here: max age 20 s")),
                qPrintable(last.data().toString()));
        }
        if (jitter == u"full") {
            // As an operator reads it: "attempt 5 — at +7.5 s (range +0 ms … +15 s)".
            QCOMPARE(model->index(4, RetryScheduleModel::AttemptColumn).data().toString(),
                QStringLiteral("5"));
            QCOMPARE(model->index(4, RetryScheduleModel::AtColumn).data().toString(),
                QStringLiteral("+7.5 s"));
            QCOMPARE(model->index(4, RetryScheduleModel::RangeColumn).data().toString(),
                QStringLiteral("+0 ms … +15 s"));
        }
    }

    void schedulePreviewFollowsEdits()
    {
        TargetDialog dialog(config("{'name': 'orders', 'url': 'https://orders.internal/in'}"));
        auto *preview = child<RetrySchedulePreview>(dialog, "retrySchedule");
        QAbstractItemModelTester tester(
            preview->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(preview->model()->rowCount(), 12); // the default: 12 attempts in a day
        child<QSpinBox>(dialog, "maxAttempts")->setValue(3);
        QTRY_COMPARE(preview->model()->rowCount(), 3);

        // Max age 5 s with full jitter: attempt 4 may start after it (0 … 7 s).
        child<QSpinBox>(dialog, "maxAttempts")->setValue(4);
        child<QSpinBox>(dialog, "maxAge")->setValue(5);
        QTRY_COMPARE(preview->model()->rowCount(), 4);
        QVERIFY(!preview->model()->index(2, 0).data(RetryScheduleModel::MayBeCutRole).toBool());
        QVERIFY(preview->model()->index(3, 0).data(RetryScheduleModel::MayBeCutRole).toBool());

        // Many attempts are elided in the middle; the last one stays visible.
        child<QSpinBox>(dialog, "maxAttempts")->setValue(100);
        child<QSpinBox>(dialog, "maxAge")->setValue(86'400);
        QTRY_COMPARE(preview->model()->rowCount(), RetryScheduleModel::MaxAttemptRows + 1);
        const int elided = RetryScheduleModel::MaxAttemptRows - 1;
        QCOMPARE(preview->model()->index(elided, 0).data(RetryScheduleModel::KindRole).toInt(),
            int(RetryScheduleModel::RowKind::Elided));
        QCOMPARE(preview->model()
                     ->index(RetryScheduleModel::MaxAttemptRows, 0)
                     .data(RetryScheduleModel::AttemptRole)
                     .toInt(),
            100);

        // An invalid policy shows why instead of a schedule.
        child<QSpinBox>(dialog, "maxAttempts")->setValue(0);
        QTRY_COMPARE(preview->model()->rowCount(), 0);
        QVERIFY(preview->summary().isEmpty());
        QVERIFY(child<QLabel>(dialog, "retryScheduleSummary")
                    ->text()
                    .contains(QStringLiteral("out of range")));
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::addRow("0") << qint64(0) << QStringLiteral("0 ms");
        QTest::addRow("850 ms") << qint64(850) << QStringLiteral("850 ms");
        QTest::addRow("1 s") << qint64(1000) << QStringLiteral("1 s");
        QTest::addRow("1.5 s") << qint64(1500) << QStringLiteral("1.5 s");
        QTest::addRow("90 s") << qint64(90'000) << QStringLiteral("1 min 30 s");
        QTest::addRow("10 min") << qint64(600'000) << QStringLiteral("10 min");
        QTest::addRow("1 h") << qint64(3'600'000) << QStringLiteral("1 h");
        QTest::addRow("90 min") << qint64(5'400'000) << QStringLiteral("1 h 30 min");
        QTest::addRow("1 d") << qint64(86'400'000) << QStringLiteral("1 d");
        QTest::addRow("36 h") << qint64(129'600'000) << QStringLiteral("1 d 12 h");
        QTest::addRow("365 d") << qint64(365) * 86'400'000 << QStringLiteral("365 d");
    }

    void formatDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(RetryScheduleModel::formatDuration(ms), text);
    }

    void secretsAreReplacedNeverShown()
    {
        const TargetConfig original
            = config("{'name': 'orders', 'url': 'https://orders.internal/in', 'auth': "
                     "{'kind': 'bearer', 'token': 'keychain:orders-token'}, 'signing': "
                     "{'secret': 'env:ORDERS_SIGNING'}}");
        TargetDialog dialog(original);
        auto *token = child<SecretField>(dialog, "authSecret");
        QCOMPARE(token->source(), SecretField::Source::Keychain);
        QVERIFY(token->valueEdit()->text().isEmpty());
        QCOMPARE(token->valueEdit()->echoMode(), QLineEdit::Password);
        QCOMPARE(token->valueEdit()->placeholderText(),
            QStringLiteral("stored in the keychain — type to replace"));
        // An env: reference is a name, not a secret, and is shown as such.
        auto *signing = child<SecretField>(dialog, "signingSecret");
        QCOMPARE(signing->source(), SecretField::Source::Environment);
        QCOMPARE(signing->environmentEdit()->text(), QStringLiteral("ORDERS_SIGNING"));
        // A field with nothing stored says so.
        auto *clientKey = child<SecretField>(dialog, "clientKey");
        QVERIFY(clientKey->valueEdit()->placeholderText().startsWith(QStringLiteral("not set")));
        QVERIFY(dialog.secretChanges().isEmpty());
        QCOMPARE(dialog.config(), original);

        // Typing replaces: a fresh keychain reference, and the value only in secretChanges().
        token->valueEdit()->setText(QStringLiteral("n3w-t0ken"));
        QVERIFY(dialog.validateNow());
        const QList<SecretChange> changes = dialog.secretChanges();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().field, QStringLiteral("auth.token"));
        QCOMPARE(changes.first().value, QByteArray("n3w-t0ken"));
        QVERIFY(changes.first().reference.startsWith(u"keychain:"));
        QVERIFY(changes.first().reference != QStringLiteral("keychain:orders-token"));
        QCOMPARE(dialog.config().auth.secret, changes.first().reference);
        QCOMPARE(dialog.changedFields(), QStringList { QStringLiteral("auth.token") });
        // Nothing in the dialog shows the value.
        for (auto *label : dialog.findChildren<QLabel *>())
            QVERIFY(!label->text().contains(QStringLiteral("n3w-t0ken")));
        QVERIFY(!child<QLabel>(dialog, "status")->toolTip().contains(QStringLiteral("n3w-t0ken")));

        // Another kind of authentication does not inherit the token as, say, a password.
        auto *kind = child<QComboBox>(dialog, "authKind");
        kind->setCurrentIndex(kind->findData(int(AuthKind::Basic)));
        QVERIFY(token->valueEdit()->text().isEmpty());
        QVERIFY(token->valueEdit()->placeholderText().startsWith(QStringLiteral("not set")));
        QVERIFY(dialog.secretChanges().isEmpty());
        kind->setCurrentIndex(kind->findData(int(AuthKind::Bearer)));
        QCOMPARE(token->reference(), QStringLiteral("keychain:orders-token"));
        QVERIFY(dialog.validateNow());
        QCOMPARE(dialog.config(), original);
    }

    void signingRotationKeepsTheOldSecret()
    {
        const TargetConfig original = config(
            "{'name': 'orders', 'url': 'https://orders.internal/in', 'signing': {'secret': "
            "'keychain:sign-1'}}");
        TargetDialog dialog(original);
        // The grace period is offered only when a stored secret is being replaced.
        QVERIFY(child<QWidget>(dialog, "signingGraceRow")->isHidden());
        child<SecretField>(dialog, "signingSecret")
            ->valueEdit()
            ->setText(QStringLiteral("whsec_bmV3"));
        child<QSpinBox>(dialog, "signingGrace")->setValue(2);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));
        QVERIFY(!child<QWidget>(dialog, "signingGraceRow")->isHidden());
        const SigningConfig signing = dialog.config().signing;
        QCOMPARE(signing.previousSecret, QStringLiteral("keychain:sign-1"));
        QVERIFY(signing.secret != QStringLiteral("keychain:sign-1"));
        QVERIFY(signing.previousUntilMs >= before + 2 * 3'600'000 - 1000);
        QVERIFY(signing.previousUntilMs <= QDateTime::currentMSecsSinceEpoch() + 2 * 3'600'000);

        // No grace: the old secret stops at once.
        child<QSpinBox>(dialog, "signingGrace")->setValue(0);
        QVERIFY(dialog.validateNow());
        QVERIFY(dialog.config().signing.previousSecret.isEmpty());
    }

    void testConnection_data()
    {
        QTest::addColumn<bool>("typed");
        QTest::addRow("typed in the dialog") << true;
        QTest::addRow("stored in the keychain") << false;
    }

    void testConnection()
    {
        QFETCH(bool, typed);
        SimulatedHttpServer server([](const HttpExchange &e) {
            SimulatedResponse r = ok();
            if (e.header("Authorization") != "Bearer t0ken-123")
                r.status = 401;
            return r;
        });
        QVERIFY(server.listen() != 0);
        MemorySecretStore keychain;
        keychain.entries.insert(QStringLiteral("stored-token"), "t0ken-123");
        QJsonObject json {
            { QStringLiteral("name"), QStringLiteral("orders") },
            { QStringLiteral("url"), server.url(QStringLiteral("/in")).toString() },
            { QStringLiteral("auth"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("bearer") },
                    { QStringLiteral("token"),
                        typed ? QJsonValue(QJsonValue::Null)
                              : QJsonValue(QStringLiteral("keychain:stored-token")) } } },
        };
        TargetDialog dialog(targetConfig(json));
        dialog.setSecretStore(&keychain);
        if (typed)
            child<SecretField>(dialog, "authSecret")
                ->valueEdit()
                ->setText(QStringLiteral("t0ken-123"));
        child<QLineEdit>(dialog, "probePath")->setText(QStringLiteral("/health"));
        child<QComboBox>(dialog, "probeMethod")->setCurrentText(QStringLiteral("GET"));
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));

        QSignalSpy finished(&dialog, &TargetDialog::probeFinished);
        child<QPushButton>(dialog, "probeButton")->click();
        QVERIFY(finished.wait(10'000));
        const auto result = finished.first().first().value<ProbeResult>();
        QVERIFY2(result.reached, qPrintable(result.error));
        QCOMPARE(result.httpStatus, 200);
        const QList<HttpExchange> received = server.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().method, QByteArray("GET"));
        QCOMPARE(received.first().target, QByteArray("/health"));
        QVERIFY(child<ProbeResultView>(dialog, "probeResult")
                    ->headline()
                    .startsWith(QStringLiteral("HTTP 200")));
        QVERIFY(child<QLabel>(dialog, "probeLatency")->text().endsWith(QStringLiteral(" ms")));
        QCOMPARE(child<QLabel>(dialog, "probeTls")->text(), QStringLiteral("none (plain HTTP)"));
        // Testing saves nothing.
        QCOMPARE(keychain.entries.size(), 1);
    }

    void testConnectionShowsTlsDetails()
    {
        // Mutual TLS against a private CA: the CA file and client certificate come from the
        // dialog, the client key from an owner-only file reference.
        QTemporaryDir pkiDir;
        QVERIFY(pkiDir.isValid());
        const auto pki = Tandem::Test::TestPki::generate(pkiDir.path());
        QVERIFY2(pki.has_value(), pki ? "" : qPrintable(pki.error()));
        QVERIFY(QFile::setPermissions(pki->clientKey, QFile::ReadOwner | QFile::WriteOwner));
        const auto tls = Tandem::Test::TestPki::serverConfiguration(
            *pki, Tandem::Test::TestPki::ClientCertificates::Required);
        QVERIFY2(tls.has_value(), tls ? "" : qPrintable(tls.error()));
        SimulatedHttpServer server([](const HttpExchange &) { return ok(); });
        QVERIFY(server.setTlsConfiguration(*tls));
        QVERIFY(server.listen() != 0);

        TargetDialog dialog;
        child<QLineEdit>(dialog, "name")->setText(QStringLiteral("secure"));
        child<QLineEdit>(dialog, "url")->setText(server.url(QStringLiteral("/in")).toString());
        child<FilePathEdit>(dialog, "caFile")->setPath(pki->caCert);
        child<FilePathEdit>(dialog, "clientCertificate")->setPath(pki->clientCert);
        auto *key = child<SecretField>(dialog, "clientKey");
        key->setSource(SecretField::Source::File);
        key->fileEdit()->setPath(pki->clientKey);
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));
        QCOMPARE(dialog.config().tls.clientKey, QStringLiteral("file:") + pki->clientKey);

        QSignalSpy finished(&dialog, &TargetDialog::probeFinished);
        child<QPushButton>(dialog, "probeButton")->click();
        QVERIFY(finished.wait(10'000));
        const auto result = finished.first().first().value<ProbeResult>();
        QVERIFY2(result.reached, qPrintable(result.error));
        QCOMPARE(result.httpStatus, 200);
        QVERIFY(child<QLabel>(dialog, "probeTls")->text().startsWith(QStringLiteral("TLS 1.")));
        QVERIFY(child<QLabel>(dialog, "probePeerSubject")
                    ->text()
                    .contains(QStringLiteral("localhost")));
        QVERIFY(child<QLabel>(dialog, "probePeerExpires")->text().contains(QStringLiteral("days")));
        QCOMPARE(child<QLabel>(dialog, "probeClientCertificate")->text(), QStringLiteral("sent"));
        const QList<HttpExchange> received = server.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().clientCertificateCommonName, QByteArray("tandem-client"));
    }

    void testConnectionSaysWhyItCannotSend()
    {
        MemorySecretStore keychain; // the stored token is missing
        TargetDialog dialog(config("{'name': 'orders', 'url': 'http://127.0.0.1:9/in', 'auth': "
                                   "{'kind': 'bearer', 'token': 'keychain:gone'}}"));
        dialog.setSecretStore(&keychain);
        child<QPushButton>(dialog, "probeButton")->click();
        auto *view = child<ProbeResultView>(dialog, "probeResult");
        QTRY_VERIFY(view->headline().startsWith(QStringLiteral("Not sent:")));
        QVERIFY(child<QPushButton>(dialog, "probeButton")->isEnabled());
    }

    void liveApplyReachesTheEngine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SimulatedHttpServer server([](const HttpExchange &) { return ok(); });
        QVERIFY(server.listen() != 0);
        MemorySecretStore keychain;
        keychain.entries.insert(QStringLiteral("old-token"), "old-t0ken");
        QJsonObject json {
            { QStringLiteral("name"), QStringLiteral("orders") },
            { QStringLiteral("url"), server.url(QStringLiteral("/in")).toString() },
            { QStringLiteral("retry"), QJsonObject { { QStringLiteral("max_attempts"), 3 } } },
            { QStringLiteral("auth"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("bearer") },
                    { QStringLiteral("token"), QStringLiteral("keychain:old-token") } } },
        };
        EngineOptions options;
        options.keychain = &keychain;
        auto engine = startEngine(
            dir.filePath(QStringLiteral("tandem.db")), { targetConfig(json) }, options);
        EventLog log({ dir.filePath(QStringLiteral("log")) });
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("log"))));
        QVERIFY(log.open());
        log.attach(*engine);
        QSignalSpy reconfigured(engine.get(), &Engine::targetReconfigured);

        const QList<StoredTarget> before = storedTargets(*engine);
        QCOMPARE(before.size(), 1);
        TargetDialog dialog(before.first().config);
        TargetEditor editor(*engine, &keychain);
        dialog.setEditor(&editor);
        dialog.setSecretStore(&keychain);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        child<KeyValueTable>(dialog, "headers")
            ->addRow(QStringLiteral("X-Team"), QStringLiteral("ops"));
        child<QSpinBox>(dialog, "maxAttempts")->setValue(7);
        child<SecretField>(dialog, "authSecret")->valueEdit()->setText(QStringLiteral("n3w-t0ken"));
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));
        const QString newReference = dialog.config().auth.secret;
        const QStringList expected { QStringLiteral("auth.token"), QStringLiteral("headers.X-Team"),
            QStringLiteral("retry.max_attempts") };
        QCOMPARE(dialog.changedFields(), expected);

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy saved(&editor, &TargetEditor::saved);
        QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QVERIFY(accepted.wait(10'000));
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().at(1).toStringList(), expected);

        // The store has it, with the new secret in the keychain and the old one gone.
        const TargetConfig stored = storedTargets(*engine).first().config;
        QCOMPARE(stored, dialog.config());
        QCOMPARE(keychain.entries.value(SecretRef::parse(newReference)->name()),
            QByteArray("n3w-t0ken"));
        QTRY_VERIFY(!keychain.entries.contains(QStringLiteral("old-token")));

        // The running engine took it without a restart and said what changed.
        QTRY_VERIFY(!reconfigured.isEmpty());
        QCOMPARE(reconfigured.first().at(0).toString(), QStringLiteral("orders"));
        QCOMPARE(reconfigured.first().at(1).toStringList(), expected);

        // The next delivery carries the new header and credentials.
        const QStringList ids = enqueue(*engine, { QByteArray("{\"order\": 1}") }, this);
        QCOMPARE(ids.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids.first(), QStringLiteral("orders")).state,
            DeliveryState::Delivered, 10'000);
        const QList<HttpExchange> received = server.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().header("X-Team"), QByteArray("ops"));
        QCOMPARE(received.first().header("Authorization"), QByteArray("Bearer n3w-t0ken"));

        QVERIFY(stopEngine(*engine));
        // The event log names the fields, never the secret.
        QFile file(dir.filePath(QStringLiteral("log/tandem.log")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("target.reconfigured"));
        QVERIFY(text.contains("headers.X-Team"));
        QVERIFY(text.contains("retry.max_attempts"));
        QVERIFY(!text.contains("n3w-t0ken"));
    }

    void keychainFailureChangesNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MemorySecretStore keychain;
        keychain.failWrites = Error { Error::Code::KeychainLocked,
            QStringLiteral("the keychain is locked: unlock it and try again") };
        const TargetConfig original
            = config("{'name': 'orders', 'url': 'http://127.0.0.1:9/in', 'enabled': false}");
        EngineOptions options;
        options.keychain = &keychain;
        auto engine = startEngine(dir.filePath(QStringLiteral("tandem.db")), { original }, options);

        TargetDialog dialog(original);
        TargetEditor editor(*engine, &keychain);
        dialog.setEditor(&editor);
        child<QComboBox>(dialog, "authKind")->setCurrentIndex(1);
        child<SecretField>(dialog, "authSecret")->valueEdit()->setText(QStringLiteral("t0ken"));
        child<QSpinBox>(dialog, "maxAttempts")->setValue(4);
        QVERIFY(dialog.validateNow());

        QSignalSpy failed(&editor, &TargetEditor::failed);
        child<QPushButton>(dialog, "saveButton")->click();
        QVERIFY(failed.wait(10'000));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isHidden() || !dialog.isVisible()); // still open, not accepted
        const QString status = child<QLabel>(dialog, "status")->text();
        QVERIFY2(status.contains(QStringLiteral("the keychain is locked")), qPrintable(status));
        QVERIFY(child<QPushButton>(dialog, "saveButton")->isEnabled());
        QCOMPARE(storedTargets(*engine).first().config, original);
        QVERIFY(keychain.entries.isEmpty());
        QVERIFY(stopEngine(*engine));
    }

    void aChangeMadeElsewhereIsNotOverwritten()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MemorySecretStore keychain;
        const TargetConfig original
            = config("{'name': 'orders', 'url': 'http://127.0.0.1:9/in', 'enabled': false}");
        auto engine = startEngine(dir.filePath(QStringLiteral("tandem.db")), { original }, {});
        TargetDialog dialog(original);
        TargetEditor editor(*engine, &keychain);
        dialog.setEditor(&editor);

        // Meanwhile another console raises the concurrency.
        TargetConfig elsewhere = original;
        elsewhere.concurrency = 3;
        QVERIFY(engine->store().call<void>(
            [elsewhere](Store &s) { return s.updateTarget(elsewhere); }));

        child<QSpinBox>(dialog, "maxAttempts")->setValue(4);
        QVERIFY(dialog.validateNow());
        QSignalSpy failed(&editor, &TargetEditor::failed);
        child<QPushButton>(dialog, "saveButton")->click();
        QVERIFY(failed.wait(10'000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("changed elsewhere")),
            qPrintable(failed.first().first().toString()));
        QVERIFY(child<QLabel>(dialog, "status")->text().contains(QStringLiteral("concurrency")));
        QCOMPARE(storedTargets(*engine).first().config, elsewhere);
        QVERIFY(stopEngine(*engine));
    }

    void addingATargetStartsDeliveringToIt()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SimulatedHttpServer server([](const HttpExchange &) { return ok(); });
        QVERIFY(server.listen() != 0);
        MemorySecretStore keychain;
        auto engine = startEngine(dir.filePath(QStringLiteral("tandem.db")), {}, {});

        TargetDialog dialog;
        dialog.setTakenNames({});
        TargetEditor editor(*engine, &keychain);
        dialog.setEditor(&editor);
        child<QLineEdit>(dialog, "name")->setText(QStringLiteral("fresh"));
        child<QLineEdit>(dialog, "url")->setText(server.url(QStringLiteral("/new")).toString());
        QVERIFY2(dialog.validateNow(), qPrintable(dialog.problems().join(u'\n')));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy targets(engine.get(), &Engine::targetsChanged);
        child<QPushButton>(dialog, "saveButton")->click();
        QVERIFY(accepted.wait(10'000));
        QTRY_VERIFY(!targets.isEmpty()
            && targets.last().first().toStringList().contains(QStringLiteral("fresh")));
        const QStringList ids = enqueue(*engine, { QByteArray("{}") }, this);
        QCOMPARE(ids.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids.first(), QStringLiteral("fresh")).state,
            DeliveryState::Delivered, 10'000);
        QVERIFY(stopEngine(*engine));
    }

    void screenshots()
    {
        const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set TANDEM_SCREENSHOT_DIR to save a PNG of every page");
        QVERIFY(QDir().mkpath(dir));
        const TargetConfig rich = config(
            "{'name': 'inventory', 'url': 'https://inventory.internal/orders', 'headers': "
            "{'X-Team': 'ops', 'Accept-Language': 'de'}, 'retry': {'max_attempts': 8, "
            "'max_age_s': 60}, 'auth': {'kind': 'api_key', 'header': 'X-Inventory-Key', 'key': "
            "'keychain:inv-key'}, 'signing': {'secret': 'keychain:sign-2', 'previous_secret': "
            "'keychain:sign-1', 'previous_until': '2099-01-01T12:00:00Z'}, 'mapping': {'fields': "
            "{'sku': '/item/sku', 'qty': '/item/quantity'}, 'constants': {'source': 'tandem'}}}");
        TargetDialog dialog(rich);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        for (int page = 0; page < TargetDialog::PageCount; ++page) {
            dialog.showPage(TargetDialog::Page(page));
            QCoreApplication::processEvents();
            QVERIFY(dialog.grab().save(QStringLiteral("%1/edit-%2.png").arg(dir).arg(page)));
        }
        // Replacing the signing secret offers a grace period for the old one.
        child<SecretField>(dialog, "signingSecret")
            ->valueEdit()
            ->setText(QStringLiteral("whsec_bmV3"));
        dialog.validateNow();
        dialog.showPage(TargetDialog::SigningPage);
        QCoreApplication::processEvents();
        QVERIFY(dialog.grab().save(QStringLiteral("%1/edit-signing-replaced.png").arg(dir)));

        // A few problems at once, as an operator would see them.
        child<QLineEdit>(dialog, "url")->setText(QStringLiteral("ftp://inventory"));
        child<QSpinBox>(dialog, "maxAttempts")->setValue(0);
        child<KeyValueTable>(dialog, "mappingFields")
            ->addRow(QStringLiteral("email"), QStringLiteral("user/email"));
        dialog.validateNow();
        for (int page : { int(TargetDialog::GeneralPage), int(TargetDialog::RetriesPage),
                 int(TargetDialog::MappingPage) }) {
            dialog.showPage(TargetDialog::Page(page));
            QCoreApplication::processEvents();
            QVERIFY(dialog.grab().save(QStringLiteral("%1/invalid-%2.png").arg(dir).arg(page)));
        }

        TargetDialog add;
        add.show();
        QVERIFY(QTest::qWaitForWindowExposed(&add));
        QVERIFY(add.grab().save(QStringLiteral("%1/add-0.png").arg(dir)));
        child<QComboBox>(add, "authKind")->setCurrentIndex(4);
        add.showPage(TargetDialog::AuthenticationPage);
        QCoreApplication::processEvents();
        QVERIFY(add.grab().save(QStringLiteral("%1/add-1.png").arg(dir)));

        SimulatedHttpServer server([](const HttpExchange &) { return ok(); });
        QVERIFY(server.listen() != 0);
        child<QLineEdit>(add, "name")->setText(QStringLiteral("probe"));
        child<QLineEdit>(add, "url")->setText(server.url(QStringLiteral("/in")).toString());
        child<QComboBox>(add, "authKind")->setCurrentIndex(0);
        QVERIFY(add.validateNow());
        QSignalSpy finished(&add, &TargetDialog::probeFinished);
        add.showPage(TargetDialog::TestPage);
        child<QPushButton>(add, "probeButton")->click();
        QVERIFY(finished.wait(10'000));
        QVERIFY(add.grab().save(QStringLiteral("%1/add-test.png").arg(dir)));
    }
};

QTEST_MAIN(tst_TargetDialog)
#include "tst_targetdialog.moc"
