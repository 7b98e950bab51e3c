// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QHash>

#include "ui/uisettings.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Tandem::Ui {

class FilePathEdit;
class SectionPages;

/// The console's settings (UiSettings) on pages of a section list: General (data directory,
/// language), Ingest listener, Appearance (theme), Charts (refresh), Notifications (breaker
/// opened, dead letters past a threshold) and Logging (level).
///
/// Validation is at the field, after every edit: a data directory must be an absolute path
/// that is not a file; the listener must be ADDRESS:PORT as `tandem serve --listen` takes it,
/// and an address other machines can reach needs the box under it ticked, as serve needs
/// --allow-remote. OK stays disabled while anything is refused. Each page says when its
/// setting takes effect, and which environment variable overrides it when one is set.
///
/// OK saves the settings (UiSettings::save) and emits saved(); applying them is the caller's
/// (MainWindow::applySettings), so that the dialog works without a window behind it.
///
/// Thread: UI thread.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    enum Page {
        GeneralPage,
        ListenerPage,
        AppearancePage,
        ChartsPage,
        NotificationsPage,
        LoggingPage,
        PageCount
    };

    explicit SettingsDialog(const UiSettings &settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// What the console runs on now (shown as "In use now: …"): the data directory and the
    /// ingest API's URL, which may come from the command line or the environment.
    void setInUse(const QString &dataDirectory, const QString &ingestUrl);

    /// The settings as edited (whether valid or not).
    UiSettings settings() const;
    bool isValid() const { return m_errors.isEmpty(); }
    /// The message under a field ("dataDirectory", "listen"); empty when it is fine.
    QString errorFor(const QString &field) const { return m_errors.value(field); }
    QLabel *errorLabel(const QString &field) const;

    void showPage(Page page);
    Page currentPage() const;

    /// Runs the checks now and updates the fields' messages, the status line and OK.
    bool validate();

Q_SIGNALS:
    /// OK was pressed and the settings are stored.
    void saved(const Tandem::Ui::UiSettings &settings);

private:
    QWidget *buildGeneralPage();
    QWidget *buildListenerPage();
    QWidget *buildAppearancePage();
    QWidget *buildChartsPage();
    QWidget *buildNotificationsPage();
    QWidget *buildLoggingPage();
    void load(const UiSettings &settings);
    void updateStatus();
    void handleAccepted();

    UiSettings m_original;
    QHash<QString, QString> m_errors;
    QHash<QString, QLabel *> m_errorLabels;

    SectionPages *m_pages = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_ok = nullptr;

    FilePathEdit *m_dataDirectory = nullptr;
    QLabel *m_dataDirectoryInUse = nullptr;
    QComboBox *m_language = nullptr;
    QLineEdit *m_listen = nullptr;
    QCheckBox *m_allowRemote = nullptr;
    QLabel *m_listenInUse = nullptr;
    QComboBox *m_theme = nullptr;
    QComboBox *m_chartRefresh = nullptr;
    QCheckBox *m_notifyBreakerOpen = nullptr;
    QCheckBox *m_notifyDeadLetters = nullptr;
    QSpinBox *m_deadLetterThreshold = nullptr;
    QComboBox *m_logLevel = nullptr;
};

} // namespace Tandem::Ui
