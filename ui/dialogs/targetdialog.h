// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QDialog>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QTimer>

#include "engine/core/targetconfig.h"
#include "engine/dispatch/connectionprobe.h"
#include "ui/secretchange.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace Tandem {
class SecretResolver;
class SecretStore;
} // namespace Tandem

namespace Tandem::Ui {

class FilePathEdit;
class FormGrid;
class KeyValueTable;
class OverlaySecretStore;
class ProbeResultView;
class RetrySchedulePreview;
class SecretField;
class SectionPages;
class TargetEditor;

/// Adds or edits one target: every field of its configuration on pages of a section list
/// (General, Authentication, Signing, TLS, Delivery, Retries, Resilience, Mapping, Test
/// connection), with inline help, a live preview of the retry schedule and a real test request.
///
/// Validation: after every edit (debounced) the dialog builds the target's JSON from its
/// widgets, runs its own checks (required fields, typed lists, JSON text) and then
/// TargetConfig::fromJson(), the same validation the CLI and the store use. Each message names a
/// dotted field path ("retry.max_attempts: …"); the message is shown under the widget of that
/// path and the widget is marked. To show every problem at once, not only the first, the
/// offending key is dropped and the JSON validated again until it passes. Save stays disabled
/// while anything is invalid.
///
/// Secrets are never shown: a secret field starts empty and says whether one is stored; what is
/// typed goes to the keychain under a fresh reference on save (secretChanges()). Saving goes
/// through a TargetEditor when one is set (the dialog stays open and shows the editor's error if
/// the save fails); without one, Save just accepts the dialog.
///
/// Thread: UI thread. Nothing blocks: the probe and the save are asynchronous.
class TargetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetDialog)

public:
    enum class Mode { Add, Edit };
    enum Page {
        GeneralPage,
        AuthenticationPage,
        SigningPage,
        TlsPage,
        DeliveryPage,
        RetriesPage,
        ResiliencePage,
        MappingPage,
        TestPage,
        PageCount
    };

    /// Adds a target: defaults everywhere, the name editable.
    explicit TargetDialog(QWidget *parent = nullptr);
    /// Edits `config`: the name is read-only (targets are not renamed).
    explicit TargetDialog(const TargetConfig &config, QWidget *parent = nullptr);
    ~TargetDialog() override;

    Mode mode() const { return m_mode; }
    /// Names already in use, refused for a new target.
    void setTakenNames(const QStringList &names);
    /// Where stored secrets are read for "Test connection" (not owned; may be nullptr).
    void setSecretStore(SecretStore *store);
    /// Saves through `editor` (not owned) instead of just accepting.
    void setEditor(TargetEditor *editor);

    /// Validates now instead of after the debounce; returns isValid().
    bool validateNow();
    bool isValid() const { return m_valid; }
    /// The configuration as it would be saved (the last valid one; secret references included).
    TargetConfig config() const { return m_config; }
    /// The secrets typed in the dialog, to be written to the keychain on save.
    QList<SecretChange> secretChanges() const;
    /// What differs from the configuration the dialog was opened with (Edit), as field paths.
    QStringList changedFields() const;
    /// Every problem as "path: message": the dialog's own checks first, then the engine's.
    QStringList problems() const;
    /// The message shown under the field of `path` ("" when it is fine).
    QString errorFor(const QString &path) const;
    QLabel *errorLabel(const QString &path) const;

    void showPage(Page page);
    Page currentPage() const;
    QWidget *page(Page page) const;

Q_SIGNALS:
    void validated(bool valid);
    void probeFinished(const Tandem::ProbeResult &result);

private:
    struct FieldSlot
    {
        QString path;
        QString label;
        Page page;
        QWidget *input;
        QLabel *error;
    };

    void buildUi();
    QWidget *buildGeneralPage();
    QWidget *buildAuthenticationPage();
    QWidget *buildSigningPage();
    QWidget *buildTlsPage();
    QWidget *buildDeliveryPage();
    QWidget *buildRetriesPage();
    QWidget *buildResiliencePage();
    QWidget *buildMappingPage();
    QWidget *buildTestPage();
    void addPage(Page page, const QString &title, const QString &intro, QWidget *content);

    FormGrid *newForm();
    /// Adds "label: field" and an error line under it; `input` is what gets marked.
    void addField(FormGrid *form, Page page, const QString &path, const QString &label,
        QWidget *input, const QString &toolTip, QWidget *field = nullptr);
    /// An error line for a whole group (cross-field checks), at the end of `layout`.
    void addGroupError(QVBoxLayout *layout, Page page, const QString &path, const QString &label);
    void addAlias(const QString &alias, const QString &path);
    QSpinBox *spinBox(const char *name, int max, const QString &suffix = {});
    QDoubleSpinBox *doubleSpinBox(const char *name, double max, int decimals);
    /// A spin box with a grey "= 1 h 30 min" after it.
    QWidget *withDuration(QSpinBox *spin, qint64 unitMs);

    void load(const TargetConfig &config);
    void connectInputs();
    void scheduleValidation();
    QJsonObject buildJson(QList<QPair<QString, QString>> &problems) const;
    void updateSchedulePreview(const QJsonObject &json);
    void showErrors();
    void updateStatus();
    void updateAuthRows();
    void updateDependentFields();
    int slotFor(const QString &path) const;

    void handleSave();
    void handleSaved(const QString &target);
    void handleSaveFailed(const QString &message);
    void handleTest();
    void handleProbeFinished(const ProbeResult &result);

    Mode m_mode;
    TargetConfig m_original;
    TargetConfig m_config;
    QStringList m_takenNames;
    SecretStore *m_secretStore = nullptr;
    TargetEditor *m_editor = nullptr;
    bool m_valid = false;
    bool m_saving = false;
    bool m_saveAttempted = false;
    QSet<QString> m_touched; ///< "name", "url": a new target's fields someone has edited
    QString m_saveError;
    QTimer m_validateTimer;

    QList<FieldSlot> m_slots;
    QHash<QString, int> m_slotByPath;
    QList<QPair<QString, QString>> m_problems; ///< (path as the message names it, message)
    QMap<int, QString> m_errorBySlot; ///< slot → the message shown under it
    QHash<QWidget *, QPalette> m_unmarkedPalettes;

    SectionPages *m_sectionPages = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_save = nullptr;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_method = nullptr;
    QCheckBox *m_enabled = nullptr;
    QComboBox *m_http2 = nullptr;
    KeyValueTable *m_headers = nullptr;

    FormGrid *m_authForm = nullptr;
    QComboBox *m_authKind = nullptr;
    QLabel *m_authHelp = nullptr;
    QLineEdit *m_authHeader = nullptr;
    QLineEdit *m_authUsername = nullptr;
    QLineEdit *m_authTokenUrl = nullptr;
    QLineEdit *m_authClientId = nullptr;
    QLineEdit *m_authScope = nullptr;
    SecretField *m_authSecret = nullptr;

    FormGrid *m_signingForm = nullptr;
    QCheckBox *m_signing = nullptr;
    SecretField *m_signingSecret = nullptr;
    QLabel *m_signingRotation = nullptr;
    QSpinBox *m_signingGrace = nullptr;
    QWidget *m_signingGraceRow = nullptr;

    FilePathEdit *m_caFile = nullptr;
    FilePathEdit *m_clientCertificate = nullptr;
    SecretField *m_clientKey = nullptr;

    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_attemptTimeout = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QDoubleSpinBox *m_ratePerSecond = nullptr;
    QSpinBox *m_burst = nullptr;
    QComboBox *m_ordering = nullptr;
    QComboBox *m_orderingOnDead = nullptr;

    QSpinBox *m_maxAttempts = nullptr;
    QSpinBox *m_baseDelay = nullptr;
    QDoubleSpinBox *m_multiplier = nullptr;
    QSpinBox *m_maxDelay = nullptr;
    QComboBox *m_jitter = nullptr;
    QSpinBox *m_maxAge = nullptr;
    QLineEdit *m_retryOn = nullptr;
    RetrySchedulePreview *m_schedule = nullptr;

    QCheckBox *m_breakerEnabled = nullptr;
    QComboBox *m_breakerWindow = nullptr;
    QSpinBox *m_breakerWindowSize = nullptr;
    QSpinBox *m_breakerMinimumCalls = nullptr;
    QSpinBox *m_breakerFailureRate = nullptr;
    QSpinBox *m_breakerSlowCallRate = nullptr;
    QSpinBox *m_breakerSlowCall = nullptr;
    QSpinBox *m_breakerOpen = nullptr;
    QSpinBox *m_breakerProbes = nullptr;
    QCheckBox *m_adaptiveEnabled = nullptr;
    QSpinBox *m_adaptiveInitialLimit = nullptr;
    QDoubleSpinBox *m_adaptiveDecreaseRatio = nullptr;
    QDoubleSpinBox *m_adaptiveRttThreshold = nullptr;
    QDoubleSpinBox *m_adaptiveEwmaAlpha = nullptr;
    QDoubleSpinBox *m_budgetRatio = nullptr;
    QSpinBox *m_budgetMinRetries = nullptr;
    QSpinBox *m_budgetWindow = nullptr;

    KeyValueTable *m_mappingFields = nullptr;
    QPlainTextEdit *m_mappingConstants = nullptr;

    QComboBox *m_probeMethod = nullptr;
    QLineEdit *m_probePath = nullptr;
    QPlainTextEdit *m_probeBody = nullptr;
    QPushButton *m_probeButton = nullptr;
    ProbeResultView *m_probeResult = nullptr;
    ConnectionProbe *m_probe = nullptr;
    std::unique_ptr<OverlaySecretStore> m_probeSecrets;
    std::unique_ptr<SecretResolver> m_probeResolver;
    bool m_probing = false;
};

} // namespace Tandem::Ui
