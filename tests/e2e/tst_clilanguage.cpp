// SPDX-License-Identifier: GPL-3.0-or-later
// The command line's language (issue #7), on the real `tandem` binary: the system's language
// (LANGUAGE), the console's setting (ui/language) and TANDEM_LANGUAGE choose German or English
// for what a person reads — help, messages, table headings — while --json output and exit codes
// stay byte for byte the same in every language.
#include <QDir>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/clirunner.h"

using namespace Tandem::Testing;

namespace {

#define EXPECT_EXIT(outcome, code)                                                                 \
    QVERIFY2((outcome).exitCode == (code), qPrintable((outcome).describe()))
#define EXPECT_IN(outcome, part)                                                                   \
    QVERIFY2((outcome).text().contains(part), qPrintable((outcome).describe()))
#define EXPECT_NOT_IN(outcome, part)                                                               \
    QVERIFY2(!(outcome).text().contains(part), qPrintable((outcome).describe()))

} // namespace

class tst_CliLanguage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home; ///< HOME and XDG_CONFIG_HOME of every run: the console's settings
    QString m_data;

    /// The test's environment with no language chosen but `language` ("" = none) for LANGUAGE,
    /// and LANG=C.UTF-8 (what a fresh server has).
    QProcessEnvironment env(const QString &language, const QString &tandemLanguage = {}) const
    {
        QProcessEnvironment e = environment();
        for (const char *name : { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "TANDEM_LANGUAGE" })
            e.remove(QString::fromLatin1(name));
        e.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        e.insert(QStringLiteral("HOME"), m_home.path());
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        if (!language.isEmpty())
            e.insert(QStringLiteral("LANGUAGE"), language);
        if (!tandemLanguage.isEmpty())
            e.insert(QStringLiteral("TANDEM_LANGUAGE"), tandemLanguage);
        return e;
    }

    CliOutcome run(const QStringList &args, const QProcessEnvironment &e, const QByteArray &in = {})
    {
        return runTandem(QStringList { QStringLiteral("--data"), m_data } + args, in, 20'000, e);
    }

    /// The setting the console's Settings dialog writes (QSettings "tandem"/"tandem").
    void setConsoleLanguage(const QString &language)
    {
        QSettings settings(
            m_home.filePath(QStringLiteral("config/tandem/tandem.conf")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("ui/language"), language);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_data = m_home.filePath(QStringLiteral("data"));
        QVERIFY(!binary().isEmpty());
        // A target and a message, so that the tables and --json have rows to show.
        EXPECT_EXIT(run({ QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("lager"),
                            QStringLiteral("http://127.0.0.1:9/orders") },
                        env({}, QStringLiteral("en"))),
            0);
    }

    void helpFollowsTheSystemLanguage()
    {
        const CliOutcome german = run({ QStringLiteral("--help") }, env(QStringLiteral("de")));
        EXPECT_EXIT(german, 0);
        EXPECT_IN(german, QStringLiteral("Aufruf: tandem [--data DIR] BEFEHL"));
        EXPECT_IN(german, QStringLiteral("Befehle:"));
        EXPECT_IN(german, QStringLiteral("Warteschlange für unzustellbare Nachrichten"));
        EXPECT_NOT_IN(german, QStringLiteral("Commands:"));

        // A preference for English before German is English, not the first translation found.
        const CliOutcome english
            = run({ QStringLiteral("--help") }, env(QStringLiteral("en_GB:de")));
        EXPECT_EXIT(english, 0);
        EXPECT_IN(english, QStringLiteral("Usage: tandem [--data DIR] COMMAND"));
        EXPECT_NOT_IN(english, QStringLiteral("Aufruf"));
        // A command's own help, with its option descriptions.
        const CliOutcome dlq = run(
            { QStringLiteral("dlq"), QStringLiteral("--help") }, env(QStringLiteral("de_AT")));
        EXPECT_IN(dlq, QStringLiteral("Optionen:"));
        EXPECT_IN(dlq, QStringLiteral("Nur die Zustellungen an dieses Ziel."));
    }

    void tandemLanguageAndTheSettingOverrideTheSystem()
    {
        EXPECT_IN(
            run({ QStringLiteral("--help") }, env(QStringLiteral("de"), QStringLiteral("en"))),
            QStringLiteral("Usage:"));
        setConsoleLanguage(QStringLiteral("de"));
        EXPECT_IN(run({ QStringLiteral("--help") }, env(QStringLiteral("en"))),
            QStringLiteral("Aufruf:"));
        // TANDEM_LANGUAGE (tests, scripts) wins over the setting too.
        EXPECT_IN(
            run({ QStringLiteral("--help") }, env(QStringLiteral("en"), QStringLiteral("en"))),
            QStringLiteral("Usage:"));
        // An unknown choice counts as none: the system's language applies.
        setConsoleLanguage(QStringLiteral("xx"));
        EXPECT_IN(run({ QStringLiteral("--help") }, env(QStringLiteral("de"))),
            QStringLiteral("Aufruf:"));
        setConsoleLanguage(QString());
    }

    void messagesAndTablesInGerman()
    {
        const QProcessEnvironment german = env({}, QStringLiteral("de"));
        const CliOutcome status = run({ QStringLiteral("status") }, german);
        EXPECT_EXIT(status, 0);
        EXPECT_IN(status, QStringLiteral("Engine: läuft nicht"));
        EXPECT_IN(status, QStringLiteral("ZIEL"));
        EXPECT_IN(status, QStringLiteral("geschlossen")); // the breaker

        // Usage and configuration errors: German text, the same exit codes.
        const CliOutcome unknown = run({ QStringLiteral("frobnicate") }, german);
        EXPECT_EXIT(unknown, 2);
        EXPECT_IN(unknown, QStringLiteral("unbekannter Befehl „frobnicate“"));
        const CliOutcome invalid = run({ QStringLiteral("targets"), QStringLiteral("add"),
                                           QStringLiteral("ftp"), QStringLiteral("ftp://x") },
            german);
        EXPECT_EXIT(invalid, 2);
        EXPECT_IN(invalid, QStringLiteral("ist keine http://- oder https://-URL"));
        const CliOutcome missing = run(
            { QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("nope") }, german);
        EXPECT_EXIT(missing, 1);
        EXPECT_IN(missing, QStringLiteral("kein Ziel namens „nope“"));

        // Plural forms from the translation, in both languages.
        const QByteArray two = "{\"n\": 1}\n{\"n\": 2}\n";
        EXPECT_IN(run({ QStringLiteral("enqueue"), QStringLiteral("-") }, german, two),
            QStringLiteral("2 Nachrichten aus Zeilen 1–2"));
        EXPECT_IN(run({ QStringLiteral("enqueue"), QStringLiteral("-") },
                      env({}, QStringLiteral("en")), two),
            QStringLiteral("enqueued 2 messages from lines 1–2"));
    }

    void jsonIsTheSameInEveryLanguage()
    {
        const QList<QStringList> commands {
            { QStringLiteral("status"), QStringLiteral("--json") },
            { QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json") },
            { QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("lager") },
            { QStringLiteral("dlq"), QStringLiteral("list"), QStringLiteral("--json") },
            { QStringLiteral("outbox"), QStringLiteral("list"), QStringLiteral("--json") },
        };
        for (const QStringList &args : commands) {
            const CliOutcome english = run(args, env({}, QStringLiteral("en")));
            const CliOutcome german = run(args, env({}, QStringLiteral("de")));
            EXPECT_EXIT(english, 0);
            EXPECT_EXIT(german, 0);
            QVERIFY2(!english.out.isEmpty(), qPrintable(args.join(u' ')));
            // status --json carries the age of the oldest pending delivery: both runs see the
            // message enqueued above, a moment apart, so only that figure may differ.
            const auto withoutAge = [](QByteArray json) {
                static const QRegularExpression age(
                    QStringLiteral("\"oldest_pending_age_s\": [0-9.]+"));
                return QString::fromUtf8(json).replace(age, QStringLiteral("AGE"));
            };
            QCOMPARE(withoutAge(german.out), withoutAge(english.out));
            QVERIFY2(
                !german.text().contains(QStringLiteral("Ziel")), qPrintable(german.describe()));
        }
    }
};

QTEST_GUILESS_MAIN(tst_CliLanguage)
#include "tst_clilanguage.moc"
