// SPDX-License-Identifier: GPL-3.0-or-later
// TargetEditor against the real OS keychain (a private gnome-keyring, through
// tests/support/with-keychain.sh): a secret typed in the target dialog lands in the Secret
// Service under the reference the saved configuration names, a running engine delivers with it,
// and replacing it removes the old entry. tst_targetdialog covers the rest with a keychain double.
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/demo/simulatedhttpserver.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/secrets/secretref.h"
#include "tests/support/testengine.h"
#include "ui/dialogs/targetdialog.h"
#include "ui/targeteditor.h"
#include "ui/widgets/secretfield.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

Result<QByteArray> readSecret(SecretStore &store, const QString &reference)
{
    std::optional<Result<QByteArray>> result;
    QObject context;
    store.read(SecretRef::parse(reference)->name(), &context,
        [&result](Result<QByteArray> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10'000))
        return fail(Error::io(QStringLiteral("the keychain did not answer")));
    return *result;
}

} // namespace

class tst_TargetEditor : public QObject
{
    Q_OBJECT

private:
    TargetConfig stored(Engine &engine)
    {
        auto all = engine.store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
        if (!all || all->isEmpty())
            qFatal("no stored target");
        return all->first().config;
    }

    // Types `token` into the dialog's auth field and saves through `editor`.
    bool saveToken(Engine &engine, TargetEditor &editor, const QString &token)
    {
        TargetDialog dialog(stored(engine));
        dialog.setEditor(&editor);
        dialog.findChild<SecretField *>(QStringLiteral("authSecret"))->valueEdit()->setText(token);
        if (!dialog.validateNow()) {
            qWarning("invalid: %s", qPrintable(dialog.problems().join(u'\n')));
            return false;
        }
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy failed(&editor, &TargetEditor::failed);
        dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
        if (!QTest::qWaitFor([&] { return !accepted.isEmpty() || !failed.isEmpty(); }, 10'000))
            return false;
        if (!failed.isEmpty())
            qWarning("save failed: %s", qPrintable(failed.first().first().toString()));
        return !accepted.isEmpty();
    }

private Q_SLOTS:
    void typedSecretGoesToTheKeychainAndIsUsed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SimulatedHttpServer server([](const HttpExchange &e) {
            SimulatedResponse r;
            r.status = e.header("Authorization") == "Bearer second-t0ken" ? 200 : 401;
            r.body = "{}";
            return r;
        });
        QVERIFY(server.listen() != 0);
        KeychainSecretStore keychain(QStringLiteral("tandem-tst-targeteditor"));
        EngineOptions options;
        options.keychain = &keychain;
        QJsonObject json {
            { QStringLiteral("name"), QStringLiteral("orders") },
            { QStringLiteral("url"), server.url(QStringLiteral("/in")).toString() },
            { QStringLiteral("auth"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("bearer") } } },
        };
        auto engine = startEngine(
            dir.filePath(QStringLiteral("tandem.db")), { targetConfig(json) }, options);
        TargetEditor editor(*engine, &keychain);

        QVERIFY(saveToken(*engine, editor, QStringLiteral("first-t0ken")));
        const QString first = stored(*engine).auth.secret;
        QVERIFY(first.startsWith(u"keychain:"));
        const auto firstValue = readSecret(keychain, first);
        QVERIFY2(firstValue.has_value(), firstValue ? "" : qPrintable(firstValue.error().message));
        QCOMPARE(*firstValue, QByteArray("first-t0ken"));

        QVERIFY(saveToken(*engine, editor, QStringLiteral("second-t0ken")));
        const QString second = stored(*engine).auth.secret;
        QVERIFY(second != first);
        QCOMPARE(readSecret(keychain, second).value_or(QByteArray()), QByteArray("second-t0ken"));
        // The replaced entry is gone from the keychain, not merely unreferenced.
        const auto code = [&keychain, &first] {
            const auto r = readSecret(keychain, first);
            return r ? std::optional<Error::Code>() : r.error().code;
        };
        QTRY_COMPARE(code(), std::optional(Error::Code::NotFound));

        const QStringList ids = enqueue(*engine, { QByteArray("{}") }, this);
        QCOMPARE(ids.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids.first(), QStringLiteral("orders")).state,
            DeliveryState::Delivered, 15'000);
        QVERIFY(stopEngine(*engine));
        // Leave the private keyring as we found it.
        std::optional<Result<void>> done;
        keychain.remove(
            SecretRef::parse(second)->name(), this, [&done](Result<void> r) { done = r; });
        QTRY_VERIFY(done.has_value());
    }
};

QTEST_MAIN(tst_TargetEditor)
#include "tst_targeteditor.moc"
