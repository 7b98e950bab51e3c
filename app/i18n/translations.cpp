// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/i18n/translations.h"

#include <memory>

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QList>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace Tandem {

namespace {

const QString SourceLanguage = QStringLiteral("en");

// Qt's own translations, limited to the strings that only ever reach a screen: buttons, menus,
// dialogs and the command-line parser's usage errors. Qt's network, SQL, file and JSON error
// texts are left in English because the engine stores them (attempt history, failure groups
// fingerprinted by their text) and the HTTP API returns them: a German console must not write
// German into a store that an English server reads, nor change an API's error bodies.
class QtScreenStrings final : public QTranslator
{
public:
    using QTranslator::QTranslator;

    QString translate(const char *context, const char *sourceText, const char *disambiguation,
        int n) const override
    {
        static const QList<QByteArrayView> screenContexts {
            "QAbstractSpinBox",
            "QColorDialog",
            "QCommandLineParser",
            "QDialogButtonBox",
            "QDockWidget",
            "QErrorMessage",
            "QFileDialog",
            "QFileSystemModel",
            "QFontDialog",
            "QGnomeTheme",
            "QInputDialog",
            "QKeySequenceEdit",
            "QLineEdit",
            "QMessageBox",
            "QPlatformTheme",
            "QProgressDialog",
            "QScrollBar",
            "QShortcut",
            "QTabBar",
            "QToolBar",
            "QUnicodeControlCharacterMenu",
            "QWidgetTextControl",
            "QWizard",
        };
        if (!context || !screenContexts.contains(QByteArrayView(context)))
            return {};
        return QTranslator::translate(context, sourceText, disambiguation, n);
    }
};

QList<QPointer<QTranslator>> &installed()
{
    static QList<QPointer<QTranslator>> translators;
    return translators;
}

void removeInstalled()
{
    for (const QPointer<QTranslator> &t : std::as_const(installed())) {
        if (t) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }
    installed().clear();
}

void installTranslator(std::unique_ptr<QTranslator> translator)
{
    translator->setParent(QCoreApplication::instance());
    QCoreApplication::installTranslator(translator.get());
    installed().append(translator.release());
}

// The code of the translation Tandem has for `name` ("de-AT" → "de"), or "" if it has none.
QString availableCode(const QString &name)
{
    const QString code = QLocale::languageToCode(QLocale(name).language());
    return Translations::available().contains(code) ? code : QString();
}

// The first of `wanted` (BCP 47 names such as "de-AT", "de", "en-US") that Tandem speaks. A
// preference for English before German ("en:de") must give English, so the source language
// counts as available although it has no translation file.
QString firstAvailable(const QStringList &wanted)
{
    for (const QString &name : wanted) {
        if (const QString code = availableCode(name); !code.isEmpty())
            return code;
    }
    return SourceLanguage;
}

} // namespace

QStringList Translations::available()
{
    QStringList codes { SourceLanguage };
    const QStringList files
        = QDir(QStringLiteral(":/i18n"))
              .entryList({ QStringLiteral("tandem_*.qm") }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString code = file.mid(qsizetype(sizeof("tandem_") - 1)).chopped(3);
        if (!codes.contains(code))
            codes.append(code);
    }
    return codes;
}

QString Translations::explicitChoice()
{
    QString choice = qEnvironmentVariable("TANDEM_LANGUAGE");
    if (choice.isEmpty())
        choice = QSettings().value(QStringLiteral("ui/language")).toString();
    return availableCode(choice).isEmpty() ? QString() : choice;
}

QString Translations::install() { return install(explicitChoice()); }

QString Translations::install(const QString &language)
{
    removeInstalled();
    QLocale::setDefault(language.isEmpty() ? QLocale::system() : QLocale(language));
    const QString code = firstAvailable(
        language.isEmpty() ? QLocale::system().uiLanguages() : QStringList { language });
    // English has a file too: the plural forms of the messages that count ("%n message(s)").
    auto own = std::make_unique<QTranslator>();
    if (own->load(QStringLiteral(":/i18n/tandem_%1.qm").arg(code)))
        installTranslator(std::move(own));
    if (code == SourceLanguage)
        return code;
    // Optional: Debian ships these in qt6-translations-l10n; without them Qt's buttons stay
    // English and everything else is still translated.
    auto qt = std::make_unique<QtScreenStrings>();
    if (qt->load(QStringLiteral("qtbase_%1").arg(code),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        installTranslator(std::move(qt));
    return code;
}

} // namespace Tandem
