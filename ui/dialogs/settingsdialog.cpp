// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "engine/ingest/listenaddress.h"
#include "ui/widgets/filepathedit.h"
#include "ui/widgets/formgrid.h"
#include "ui/widgets/sectionpages.h"

namespace Tandem::Ui {

namespace {

const QString DataDirectoryField = QStringLiteral("dataDirectory");
const QString ListenField = QStringLiteral("listen");

// A page's form, without margins of its own (the page has them); `content` is the page.
FormGrid *formPage(QWidget **content)
{
    *content = new QWidget;
    auto *form = new FormGrid(*content);
    form->setContentsMargins(0, 0, 0, 0);
    return form;
}

// A choice of (text, value) pairs, named for tests.
QComboBox *choice(const char *name, const QList<std::pair<QString, QVariant>> &items)
{
    auto *combo = new QComboBox;
    combo->setObjectName(QString::fromLatin1(name));
    for (const auto &[text, value] : items)
        combo->addItem(text, value);
    return combo;
}

void selectData(QComboBox *combo, const QVariant &data)
{
    if (const int index = combo->findData(data); index >= 0)
        combo->setCurrentIndex(index);
}

// A note that an environment variable set for this process wins over the setting.
QLabel *overrideNote(const char *variable)
{
    const QString value = qEnvironmentVariable(variable);
    auto *note = helpLabel(value.isEmpty()
            ? QString()
            : SettingsDialog::tr("$%1 is set (%2): it takes precedence over this setting.")
                  .arg(QLatin1String(variable), value));
    note->setObjectName(QStringLiteral("override:") + QLatin1String(variable));
    note->setVisible(!value.isEmpty());
    return note;
}

} // namespace

SettingsDialog::SettingsDialog(const UiSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_original(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    setSizeGripEnabled(true);

    m_pages = new SectionPages(this);
    m_pages->addPage(
        tr("General"), tr("Where Tandem keeps its data, and its language."), buildGeneralPage());
    m_pages->addPage(tr("Ingest listener"),
        tr("Where the console's engine takes messages from producers over HTTP (POST "
           "/v1/messages), and serves /metrics and /v1/health."),
        buildListenerPage());
    m_pages->addPage(
        tr("Appearance"), tr("How the console looks. Applied at once."), buildAppearancePage());
    m_pages->addPage(tr("Charts"),
        tr("How often the target cards and charts redraw. Every figure is recorded either way; "
           "a slower refresh only redraws less often, on a slow remote desktop say."),
        buildChartsPage());
    m_pages->addPage(tr("Notifications"),
        tr("Desktop notifications, shown by the tray icon (in the status bar when there is no "
           "system tray). Each breaker opening is announced once, and the dead letters once "
           "each time they pass the threshold."),
        buildNotificationsPage());
    m_pages->addPage(tr("Logging"),
        tr("How much the engine writes to its log, DATA/logs/tandem.log (JSON lines), and to "
           "the terminal the console was started from. Applied at once."),
        buildLoggingPage());

    m_status = dialogStatusLine(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = m_buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("okButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::handleAccepted);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    layOutDialog(this, m_pages, m_status, m_buttons);

    load(settings);
    for (auto *edit : findChildren<QLineEdit *>())
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    for (auto *combo : findChildren<QComboBox *>())
        connect(combo, &QComboBox::currentIndexChanged, this, &SettingsDialog::validate);
    for (auto *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::toggled, this, &SettingsDialog::validate);
    connect(m_deadLetterThreshold, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
    validate();

    setMinimumSize(720, 460);
    resize(820, 520);
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::buildGeneralPage()
{
    QWidget *content = nullptr;
    FormGrid *form = formPage(&content);

    m_dataDirectory = new FilePathEdit;
    m_dataDirectory->setObjectName(DataDirectoryField);
    m_dataDirectory->setPicksDirectory(true);
    m_dataDirectory->setDialog(tr("Choose the data directory"), QString());
    // Where the console looks without a setting (and without --data or $TANDEM_DATA_DIR).
    m_dataDirectory->setPlaceholderText(QDir::toNativeSeparators(
        QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
            .filePath(QStringLiteral("tandem"))));
    form->addRow(tr("Data directory:"), m_dataDirectory);
    auto *error = errorLine(QStringLiteral("error:") + DataDirectoryField);
    m_errorLabels.insert(DataDirectoryField, error);
    form->addFieldRow(error);
    form->addFieldRow(helpLabel(
        tr("The store, its lock and the logs. Empty: the default above. Takes effect when "
           "Tandem starts next; the data already in the old directory stays there. "
           "“tandem --data DIR” on the command line takes precedence, and the other commands "
           "(tandem status, tandem serve, …) use --data or $TANDEM_DATA_DIR, not this setting.")));
    m_dataDirectoryInUse = helpLabel(QString());
    m_dataDirectoryInUse->setObjectName(QStringLiteral("dataDirectoryInUse"));
    m_dataDirectoryInUse->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataDirectoryInUse->hide();
    form->addFieldRow(m_dataDirectoryInUse);
    form->addFieldRow(overrideNote("TANDEM_DATA_DIR"));

    QList<std::pair<QString, QVariant>> languages;
    for (const QString &language : UiSettings::languages())
        languages.append({ UiSettings::languageName(language), language });
    m_language = choice("language", languages);
    form->addRow(tr("Language:"), m_language);
    form->addFieldRow(helpLabel(tr("Takes effect when Tandem starts next.")));
    return content;
}

QWidget *SettingsDialog::buildListenerPage()
{
    QWidget *content = nullptr;
    FormGrid *form = formPage(&content);

    m_listen = new QLineEdit;
    m_listen->setObjectName(ListenField);
    m_listen->setPlaceholderText(QString::fromLatin1(DefaultListenAddress));
    m_listen->setClearButtonEnabled(true);
    m_listen->setMinimumWidth(
        m_listen->fontMetrics().horizontalAdvance(QStringLiteral("[0000:0000:0000:0000]:00000"))
        + 32);
    form->addRow(tr("Address and port:"), m_listen);
    auto *error = errorLine(QStringLiteral("error:") + ListenField);
    m_errorLabels.insert(ListenField, error);
    form->addFieldRow(error);
    m_allowRemote
        = new QCheckBox(tr("Let other machines reach the ingest API (they still need the token)"));
    m_allowRemote->setObjectName(QStringLiteral("allowRemote"));
    m_allowRemote->hide();
    form->addFieldRow(m_allowRemote);
    form->addFieldRow(helpLabel(
        tr("ADDRESS:PORT, as “tandem serve --listen” takes it: 127.0.0.1:8470 (the default) "
           "takes messages from this machine only; port 0 picks a free port at each start. "
           "Takes effect when Tandem starts next.")));
    m_listenInUse = helpLabel(QString());
    m_listenInUse->setObjectName(QStringLiteral("listenInUse"));
    m_listenInUse->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listenInUse->hide();
    form->addFieldRow(m_listenInUse);
    form->addFieldRow(overrideNote("TANDEM_LISTEN"));
    return content;
}

QWidget *SettingsDialog::buildAppearancePage()
{
    QWidget *content = nullptr;
    FormGrid *form = formPage(&content);
    m_theme = choice("theme",
        { { tr("System"), int(Theme::System) }, { tr("Light"), int(Theme::Light) },
            { tr("Dark"), int(Theme::Dark) } });
    form->addRow(tr("Theme:"), m_theme);
    form->addFieldRow(helpLabel(tr("System follows the desktop's style and colours; Light and "
                                   "Dark use Tandem's own, whatever the desktop says.")));
    return content;
}

QWidget *SettingsDialog::buildChartsPage()
{
    QWidget *content = nullptr;
    FormGrid *form = formPage(&content);
    QList<std::pair<QString, QVariant>> paces;
    for (int ms : UiSettings::chartRefreshChoices())
        paces.append(
            { ms == 1000 ? tr("Every second") : tr("Every %1 seconds").arg(ms / 1000), ms });
    m_chartRefresh = choice("chartRefresh", paces);
    form->addRow(tr("Refresh:"), m_chartRefresh);
    form->addFieldRow(helpLabel(tr("Applied at once.")));
    return content;
}

QWidget *SettingsDialog::buildNotificationsPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_notifyBreakerOpen = new QCheckBox(tr("When a target's circuit breaker opens"));
    m_notifyBreakerOpen->setObjectName(QStringLiteral("notifyBreakerOpen"));
    layout->addWidget(m_notifyBreakerOpen);

    auto *deadLetters = new QHBoxLayout;
    m_notifyDeadLetters = new QCheckBox(tr("When the dead letters waiting reach"));
    m_notifyDeadLetters->setObjectName(QStringLiteral("notifyDeadLetters"));
    m_deadLetterThreshold = new QSpinBox;
    m_deadLetterThreshold->setObjectName(QStringLiteral("deadLetterThreshold"));
    m_deadLetterThreshold->setRange(1, UiSettings::MaxDeadLetterThreshold);
    m_deadLetterThreshold->setGroupSeparatorShown(true);
    deadLetters->addWidget(m_notifyDeadLetters);
    deadLetters->addWidget(m_deadLetterThreshold);
    deadLetters->addStretch(1);
    layout->addLayout(deadLetters);
    connect(m_notifyDeadLetters, &QCheckBox::toggled, m_deadLetterThreshold, &QWidget::setEnabled);
    return content;
}

QWidget *SettingsDialog::buildLoggingPage()
{
    QWidget *content = nullptr;
    FormGrid *form = formPage(&content);
    m_logLevel = choice("logLevel",
        { { tr("Errors"), int(EventLog::Level::Error) },
            { tr("Warnings"), int(EventLog::Level::Warning) },
            { tr("Info"), int(EventLog::Level::Info) },
            { tr("Debug"), int(EventLog::Level::Debug) } });
    form->addRow(tr("Level:"), m_logLevel);
    form->addFieldRow(
        helpLabel(tr("Errors: only what failed (the store). Warnings: also dead letters and "
                     "breakers opening. Info: every change of state (delivered, retrying, dead, "
                     "breaker transitions). Debug: also every attempt. $QT_LOGGING_RULES, when "
                     "set, still decides what reaches the terminal.")));
    return content;
}

void SettingsDialog::load(const UiSettings &s)
{
    m_dataDirectory->setPath(s.dataDirectory);
    selectData(m_language, s.language);
    m_listen->setText(s.listen);
    // A stored address other machines can reach was confirmed when it was saved.
    const auto listenAt = parseListenAddress(s.listen);
    m_allowRemote->setChecked(listenAt && !listenAt->first.isLoopback());
    selectData(m_theme, int(s.theme));
    selectData(m_chartRefresh, s.chartRefreshMs);
    m_notifyBreakerOpen->setChecked(s.notifyBreakerOpen);
    m_notifyDeadLetters->setChecked(s.notifyDeadLetters);
    m_deadLetterThreshold->setValue(s.deadLetterThreshold);
    m_deadLetterThreshold->setEnabled(s.notifyDeadLetters);
    selectData(m_logLevel, int(s.logLevel));
}

void SettingsDialog::setInUse(const QString &dataDirectory, const QString &ingestUrl)
{
    m_dataDirectoryInUse->setText(
        tr("In use now: %1").arg(QDir::toNativeSeparators(dataDirectory)));
    m_dataDirectoryInUse->setVisible(!dataDirectory.isEmpty());
    m_listenInUse->setText(tr("In use now: %1").arg(ingestUrl));
    m_listenInUse->setVisible(!ingestUrl.isEmpty());
}

UiSettings SettingsDialog::settings() const
{
    UiSettings s;
    const QString dir = m_dataDirectory->path();
    s.dataDirectory = dir.isEmpty() ? QString() : QDir::cleanPath(dir);
    s.language = m_language->currentData().toString();
    s.listen = m_listen->text().trimmed();
    s.theme = Theme(m_theme->currentData().toInt());
    s.chartRefreshMs = m_chartRefresh->currentData().toInt();
    s.notifyBreakerOpen = m_notifyBreakerOpen->isChecked();
    s.notifyDeadLetters = m_notifyDeadLetters->isChecked();
    s.deadLetterThreshold = m_deadLetterThreshold->value();
    s.logLevel = EventLog::Level(m_logLevel->currentData().toInt());
    return s;
}

QLabel *SettingsDialog::errorLabel(const QString &field) const
{
    return m_errorLabels.value(field);
}

bool SettingsDialog::validate()
{
    m_errors.clear();
    const QString dir = m_dataDirectory->path();
    if (!dir.isEmpty()) {
        const QFileInfo info(dir);
        if (info.isRelative())
            m_errors.insert(DataDirectoryField,
                tr("Give an absolute path (starting with /), or leave it empty for the default."));
        else if (info.exists() && !info.isDir())
            m_errors.insert(DataDirectoryField, tr("This is a file, not a directory."));
    }

    const QString listen = m_listen->text().trimmed();
    bool remote = false;
    if (!listen.isEmpty()) {
        const auto at = parseListenAddress(listen);
        if (!at) {
            m_errors.insert(ListenField,
                tr("Not ADDRESS:PORT: an IP address, a colon and a port from 0 to 65535 (e.g. "
                   "127.0.0.1:8470)."));
        } else if (!at->first.isLoopback()) {
            remote = true;
            if (!m_allowRemote->isChecked())
                m_errors.insert(ListenField,
                    tr("%1 would let other machines reach the ingest API. Tick the box below if "
                       "that is meant.")
                        .arg(at->first.toString()));
        }
    }
    m_allowRemote->setVisible(remote);

    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const QString message = m_errors.value(it.key());
        it.value()->setText(message);
        it.value()->setVisible(!message.isEmpty());
    }
    m_pages->setPageHasProblems(GeneralPage, m_errors.contains(DataDirectoryField),
        tr("Something on this page needs fixing"));
    m_pages->setPageHasProblems(
        ListenerPage, m_errors.contains(ListenField), tr("Something on this page needs fixing"));
    updateStatus();
    return isValid();
}

void SettingsDialog::updateStatus()
{
    QString text;
    QColor colour = palette().color(QPalette::PlaceholderText);
    if (!isValid()) {
        QStringList where;
        if (m_errors.contains(DataDirectoryField))
            where.append(tr("%1 › %2").arg(m_pages->title(GeneralPage), tr("Data directory")));
        if (m_errors.contains(ListenField))
            where.append(tr("%1 › %2").arg(m_pages->title(ListenerPage), tr("Address and port")));
        text = tr("To fix before saving: %1").arg(where.join(QStringLiteral("; ")));
        colour = errorTextColour();
    } else if (const QStringList restart
               = UiSettings::changesNeedingRestart(m_original, settings());
               !restart.isEmpty()) {
        text = tr("Takes effect when Tandem starts next: %1")
                   .arg(restart.join(QStringLiteral(", ")));
    }
    m_status->setText(text);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, colour);
    m_status->setPalette(p);
    m_ok->setEnabled(isValid());
}

void SettingsDialog::showPage(Page page) { m_pages->showPage(page); }

SettingsDialog::Page SettingsDialog::currentPage() const { return Page(m_pages->currentPage()); }

void SettingsDialog::handleAccepted()
{
    if (!validate())
        return;
    const UiSettings s = settings();
    s.save();
    Q_EMIT saved(s);
    accept();
}

} // namespace Tandem::Ui
