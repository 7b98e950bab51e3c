// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/targetdialog.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QVBoxLayout>

#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "ui/models/clocktext.h"
#include "ui/models/retryschedulemodel.h"
#include "ui/overlaysecretstore.h"
#include "ui/targeteditor.h"
#include "ui/widgets/filepathedit.h"
#include "ui/widgets/formgrid.h"
#include "ui/widgets/keyvaluetable.h"
#include "ui/widgets/proberesultview.h"
#include "ui/widgets/retryschedulepreview.h"
#include "ui/widgets/secretfield.h"
#include "ui/widgets/sectionpages.h"

namespace Tandem::Ui {

namespace {

constexpr int kValidationDelayMs = 150;
QString str(const char *latin1) { return QString::fromLatin1(latin1); }

// The error line under the field of `path` ("error:retry.max_attempts", for tests).
QLabel *fieldErrorLine(const QString &path) { return errorLine(QStringLiteral("error:") + path); }

QGroupBox *group(const QString &title, QVBoxLayout **layout, const QString &help = {})
{
    auto *box = new QGroupBox(title);
    *layout = new QVBoxLayout(box);
    (*layout)->setSpacing(8);
    if (!help.isEmpty())
        (*layout)->addWidget(helpLabel(help));
    return box;
}

// The dotted path an engine message names: the text before the first ": ".
QString pathOf(const QString &message)
{
    const qsizetype colon = message.indexOf(QStringLiteral(": "));
    return colon < 0 ? QString() : message.left(colon);
}

// Splits a field path into JSON keys; header names and mapped field names may contain dots.
QStringList splitPath(const QString &path)
{
    if (path.startsWith(u"headers."))
        return { QStringLiteral("headers"), path.mid(8) };
    for (const QString &sub : { QStringLiteral("fields"), QStringLiteral("constants") }) {
        const QString prefix = QStringLiteral("mapping.") + sub + u'.';
        if (path.startsWith(prefix))
            return { QStringLiteral("mapping"), sub, path.mid(prefix.size()) };
    }
    return path.split(u'.');
}

bool removeNested(QJsonObject &object, QStringList keys)
{
    const QString key = keys.takeFirst();
    if (!object.contains(key))
        return false;
    if (keys.isEmpty()) {
        object.remove(key);
        return true;
    }
    QJsonValue child = object.value(key);
    if (!child.isObject())
        return false;
    QJsonObject childObject = child.toObject();
    if (!removeNested(childObject, keys))
        return false;
    object.insert(key, childObject);
    return true;
}

// Takes the key an engine message complains about out of `json` (or gives a required one a
// placeholder), so that validating again finds the next problem. False when nothing changed.
bool dropOffending(QJsonObject &json, const QString &path)
{
    if (path.isEmpty())
        return false;
    const QStringList keys = splitPath(path);
    const QString top = keys.first();
    if (top == u"name") {
        const QString placeholder = QStringLiteral("placeholder");
        if (json.value(top).toString() == placeholder)
            return false;
        json.insert(top, placeholder);
        return true;
    }
    if (top == u"url") {
        // Keep the scheme the rest of the configuration depends on (h2c needs http://).
        const QString placeholder
            = json.value(QStringLiteral("http2")).toString() == u"prior_knowledge"
            ? QStringLiteral("http://placeholder.invalid/")
            : QStringLiteral("https://placeholder.invalid/");
        if (json.value(top).toString() == placeholder)
            return false;
        json.insert(top, placeholder);
        return true;
    }
    if (keys.size() > 1 && removeNested(json, keys)) {
        // A mapping whose only field was the bad one is no mapping at all, not an empty one.
        const QJsonObject mapping = json.value(QStringLiteral("mapping")).toObject();
        if (top == u"mapping" && mapping.value(QStringLiteral("fields")).toObject().isEmpty()
            && mapping.value(QStringLiteral("constants")).toObject().isEmpty())
            json.insert(top, QJsonValue::Null);
        return true;
    }
    if (!json.contains(top))
        return false;
    json.remove(top);
    return true;
}

// "required" → "Required", but a field name such as "prior_knowledge" stays as it is.
QString capitalized(QString text)
{
    const QString firstWord = text.section(u' ', 0, 0);
    const bool plainWord
        = std::all_of(firstWord.cbegin(), firstWord.cend(), [](QChar c) { return c.isLetter(); });
    if (!text.isEmpty() && text.at(0).isLower() && plainWord)
        text[0] = text.at(0).toUpper();
    return text;
}

QString secretWord(AuthKind kind)
{
    switch (kind) {
    case AuthKind::Bearer:
        return TargetDialog::tr("token");
    case AuthKind::ApiKey:
        return TargetDialog::tr("API key");
    case AuthKind::Basic:
        return TargetDialog::tr("password");
    case AuthKind::OAuth2ClientCredentials:
        return TargetDialog::tr("client secret");
    case AuthKind::None:
        break;
    }
    return {};
}

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

void setComboData(QComboBox *combo, const QVariant &data)
{
    const int index = combo->findData(data);
    if (index >= 0)
        combo->setCurrentIndex(index);
}

} // namespace

TargetDialog::TargetDialog(QWidget *parent)
    : QDialog(parent)
    , m_mode(Mode::Add)
{
    buildUi();
    load(m_original);
    connectInputs();
    validateNow();
}

TargetDialog::TargetDialog(const TargetConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_mode(Mode::Edit)
    , m_original(config)
{
    buildUi();
    load(config);
    connectInputs();
    validateNow();
}

TargetDialog::~TargetDialog() = default;

void TargetDialog::setTakenNames(const QStringList &names)
{
    m_takenNames = names;
    validateNow();
}

void TargetDialog::setSecretStore(SecretStore *store) { m_secretStore = store; }

void TargetDialog::setEditor(TargetEditor *editor)
{
    if (m_editor)
        disconnect(m_editor, nullptr, this, nullptr);
    m_editor = editor;
    if (m_editor) {
        connect(m_editor, &TargetEditor::saved, this, &TargetDialog::handleSaved);
        connect(m_editor, &TargetEditor::failed, this, &TargetDialog::handleSaveFailed);
    }
}

// --- Building -----------------------------------------------------------------------------

void TargetDialog::buildUi()
{
    setObjectName(QStringLiteral("targetDialog"));
    setWindowTitle(
        m_mode == Mode::Add ? tr("Add Target") : tr("Edit Target — %1").arg(m_original.name));
    setSizeGripEnabled(true);

    m_sectionPages = new SectionPages(this);

    addPage(GeneralPage, tr("General"), tr("Where deliveries go and what every request carries."),
        buildGeneralPage());
    addPage(AuthenticationPage, tr("Authentication"),
        tr("How Tandem proves itself to the target. Secrets go to the OS keychain; the target's "
           "configuration keeps only a reference to them, and they are never shown again."),
        buildAuthenticationPage());
    addPage(SigningPage, tr("Signing"),
        tr("Lets the receiver check that a request comes from Tandem and was not altered."),
        buildSigningPage());
    addPage(TlsPage, tr("TLS"), tr("Certificates for https:// targets."), buildTlsPage());
    addPage(DeliveryPage, tr("Delivery"),
        tr("How long attempts may take, how many run at once and in which order."),
        buildDeliveryPage());
    addPage(RetriesPage, tr("Retries"),
        tr("When a failed delivery is tried again, and when Tandem gives up and dead-letters "
           "it."),
        buildRetriesPage());
    addPage(ResiliencePage, tr("Resilience"),
        tr("Protections that back off from a struggling target instead of adding to its load."),
        buildResiliencePage());
    addPage(MappingPage, tr("Mapping"),
        tr("What the target receives: the message as it is, or an object built from it."),
        buildMappingPage());
    addPage(TestPage, tr("Test Connection"),
        tr("Checks this configuration against the real target before you save it."),
        buildTestPage());

    m_status = dialogStatusLine(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = m_buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("saveButton"));
    if (m_mode == Mode::Add)
        m_save->setText(tr("Add Target"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TargetDialog::handleSave);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    layOutDialog(this, m_sectionPages, m_status, m_buttons);

    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(kValidationDelayMs);
    connect(&m_validateTimer, &QTimer::timeout, this, &TargetDialog::validateNow);

    m_probe = new ConnectionProbe(this);
    connect(m_probe, &ConnectionProbe::finished, this, &TargetDialog::handleProbeFinished);
    connect(m_probe, &ConnectionProbe::sending, this,
        [this](const QUrl &url, const QByteArray &method) {
            m_probeResult->showRunning(
                tr("Sending %1 to %2…").arg(QString::fromLatin1(method), url.toDisplayString()));
        });

    setMinimumSize(880, 600);
    resize(980, 720);
}

void TargetDialog::addPage(Page page, const QString &title, const QString &intro, QWidget *content)
{
    // Forms stacked on a page line their fields up; side-by-side ones keep their own widths.
    if (page != ResiliencePage) {
        const QList<FormGrid *> forms = content->findChildren<FormGrid *>();
        int widest = 0;
        for (const FormGrid *form : forms)
            widest = std::max(widest, form->labelWidth());
        for (FormGrid *form : forms)
            form->setLabelWidth(widest);
    }
    // The retry schedule is worth every pixel of height; other pages keep their natural size.
    [[maybe_unused]] const int index
        = m_sectionPages->addPage(title, intro, content, page == RetriesPage);
    Q_ASSERT(index == page);
}

FormGrid *TargetDialog::newForm() { return new FormGrid; }

void TargetDialog::addField(FormGrid *form, Page page, const QString &path, const QString &label,
    QWidget *input, const QString &toolTip, QWidget *field)
{
    QWidget *row = field ? field : input;
    QLabel *error = fieldErrorLine(path);
    form->addRow(tr("%1:").arg(label), row);
    form->addFieldRow(error);
    if (!toolTip.isEmpty()) {
        input->setToolTip(toolTip);
        if (QLabel *l = form->labelForField(row))
            l->setToolTip(toolTip);
    }
    m_slots.append({ path, label, page, input, error });
    m_slotByPath.insert(path, int(m_slots.size()) - 1);
}

void TargetDialog::addGroupError(
    QVBoxLayout *layout, Page page, const QString &path, const QString &label)
{
    QLabel *error = fieldErrorLine(path);
    layout->addWidget(error);
    m_slots.append({ path, label, page, nullptr, error });
    m_slotByPath.insert(path, int(m_slots.size()) - 1);
}

void TargetDialog::addAlias(const QString &alias, const QString &path)
{
    m_slotByPath.insert(alias, m_slotByPath.value(path));
}

QSpinBox *TargetDialog::spinBox(const char *name, int max, const QString &suffix)
{
    auto *spin = new QSpinBox;
    spin->setObjectName(str(name));
    // The lower bound is the engine's to check, so that 0 gets a message rather than a clamp.
    spin->setRange(0, max);
    spin->setSuffix(suffix);
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    spin->setAlignment(Qt::AlignRight);
    spin->setMinimumWidth(130);
    return spin;
}

QDoubleSpinBox *TargetDialog::doubleSpinBox(const char *name, double max, int decimals)
{
    auto *spin = new QDoubleSpinBox;
    spin->setObjectName(str(name));
    spin->setRange(0, max);
    spin->setDecimals(decimals);
    spin->setSingleStep(decimals >= 2 ? 0.05 : 0.5);
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    spin->setAlignment(Qt::AlignRight);
    spin->setMinimumWidth(130);
    return spin;
}

QWidget *TargetDialog::withDuration(QSpinBox *spin, qint64 unitMs)
{
    auto *box = new QWidget;
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *hint = helpLabel(QString());
    hint->setWordWrap(false);
    hint->setObjectName(spin->objectName() + QStringLiteral("Hint"));
    layout->addWidget(spin);
    layout->addWidget(hint);
    layout->addStretch(1);
    const auto update = [hint, unitMs](int value) {
        const qint64 ms = qint64(value) * unitMs;
        hint->setText(ms >= 1000 && (unitMs > 1 ? value >= 60 : true)
                ? tr("= %1").arg(RetryScheduleModel::formatDuration(ms))
                : QString());
    };
    connect(spin, &QSpinBox::valueChanged, hint, update);
    update(spin->value());
    box->setFocusProxy(spin);
    return box;
}

QWidget *TargetDialog::buildGeneralPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *targetLayout = nullptr;
    auto *target = group(tr("Target"), &targetLayout);
    auto *form = newForm();
    targetLayout->addLayout(form);

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("e.g. inventory"));
    m_name->setMaxLength(63);
    addField(form, GeneralPage, QStringLiteral("name"), tr("Name"), m_name,
        m_mode == Mode::Add
            ? tr("Names the target in the console, the command line and the logs: letters, "
                 "digits, '.', '_' and '-'. It cannot be changed later.")
            : tr("Targets cannot be renamed: remove this one and add it anew under another "
                 "name."));
    if (m_mode == Mode::Edit) {
        m_name->setReadOnly(true);
        QPalette p = m_name->palette();
        p.setColor(QPalette::Base, p.color(QPalette::Window));
        m_name->setPalette(p);
    }

    m_url = new QLineEdit;
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(tr("https://api.example.com/orders"));
    addField(form, GeneralPage, QStringLiteral("url"), tr("URL"), m_url,
        tr("Where every delivery is sent: an http:// or https:// URL. Credentials do not belong "
           "here; set them under Authentication."));

    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItems({ QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH") });
    addField(form, GeneralPage, QStringLiteral("method"), tr("Method"), m_method,
        tr("The HTTP method of every delivery. Default: POST."));

    m_enabled = new QCheckBox(tr("Deliver messages to this target"));
    m_enabled->setObjectName(QStringLiteral("enabled"));
    addField(form, GeneralPage, QStringLiteral("enabled"), tr("Enabled"), m_enabled,
        tr("Messages fan out to every enabled target; a disabled one gets no deliveries for "
           "messages enqueued meanwhile. Default: on."));

    m_http2 = new QComboBox;
    m_http2->setObjectName(QStringLiteral("http2"));
    m_http2->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_http2->addItem(tr("Off — HTTP/1.1 only"), QStringLiteral("off"));
    m_http2->addItem(tr("Prior knowledge — h2c on http://"), QStringLiteral("prior_knowledge"));
    addField(form, GeneralPage, QStringLiteral("http2"), tr("HTTP/2"), m_http2,
        tr("Automatic: HTTP/2 where the server offers it over TLS, else HTTP/1.1. Prior "
           "knowledge: HTTP/2 in clear text without an upgrade, for http:// servers that speak "
           "h2c. Default: automatic."));
    layout->addWidget(target);

    QVBoxLayout *headersLayout = nullptr;
    auto *headers = group(tr("Static Headers"), &headersLayout,
        tr("Sent with every request. Tandem sets Content-Type, Idempotency-Key, traceparent and "
           "its X-Tandem-* headers itself, and those cannot be overridden. Credentials belong "
           "under Authentication, where they are kept in the keychain."));
    m_headers = new KeyValueTable(tr("Header"), tr("Value"));
    m_headers->setObjectName(QStringLiteral("headers"));
    headersLayout->addWidget(m_headers);
    QLabel *headersError = fieldErrorLine(QStringLiteral("headers"));
    headersLayout->addWidget(headersError);
    m_slots.append(
        { QStringLiteral("headers"), tr("Static headers"), GeneralPage, m_headers, headersError });
    m_slotByPath.insert(QStringLiteral("headers"), int(m_slots.size()) - 1);
    layout->addWidget(headers);
    return content;
}

QWidget *TargetDialog::buildAuthenticationPage()
{
    QVBoxLayout *groupLayout = nullptr;
    auto *box = group(tr("Credentials"), &groupLayout);
    m_authForm = newForm();
    groupLayout->addLayout(m_authForm);

    m_authKind = new QComboBox;
    m_authKind->setObjectName(QStringLiteral("authKind"));
    m_authKind->addItem(tr("None"), int(AuthKind::None));
    m_authKind->addItem(tr("Bearer token"), int(AuthKind::Bearer));
    m_authKind->addItem(tr("API key in a header"), int(AuthKind::ApiKey));
    m_authKind->addItem(tr("Basic (user name and password)"), int(AuthKind::Basic));
    m_authKind->addItem(tr("OAuth 2.0 client credentials"), int(AuthKind::OAuth2ClientCredentials));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.kind"), tr("Kind"), m_authKind,
        tr("Default: none."));
    m_authHelp = helpLabel(QString());
    m_authHelp->setObjectName(QStringLiteral("authHelp"));
    m_authForm->addFieldRow(m_authHelp);

    m_authHeader = new QLineEdit;
    m_authHeader->setObjectName(QStringLiteral("authHeader"));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.header"), tr("Header"),
        m_authHeader, tr("The header that carries the key. Default: X-API-Key."));
    m_authUsername = new QLineEdit;
    m_authUsername->setObjectName(QStringLiteral("authUsername"));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.username"), tr("User name"),
        m_authUsername, tr("Required; may not contain ':'."));
    m_authTokenUrl = new QLineEdit;
    m_authTokenUrl->setObjectName(QStringLiteral("authTokenUrl"));
    m_authTokenUrl->setPlaceholderText(tr("https://auth.example.com/oauth/token"));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.token_url"), tr("Token URL"),
        m_authTokenUrl, tr("The authorization server's token endpoint."));
    m_authClientId = new QLineEdit;
    m_authClientId->setObjectName(QStringLiteral("authClientId"));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.client_id"), tr("Client ID"),
        m_authClientId, tr("Required."));
    m_authScope = new QLineEdit;
    m_authScope->setObjectName(QStringLiteral("authScope"));
    m_authScope->setPlaceholderText(tr("optional"));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.scope"), tr("Scope"), m_authScope,
        tr("Space-separated scopes to ask for; empty asks for none."));
    m_authSecret = new SecretField;
    m_authSecret->setObjectName(QStringLiteral("authSecret"));
    addField(m_authForm, AuthenticationPage, QStringLiteral("auth.secret"), tr("Secret"),
        m_authSecret,
        tr("Typed here it goes to the OS keychain on save and is never shown again: type to "
           "replace it. On a server without a keychain, refer to an environment variable or an "
           "owner-only file instead."));
    for (const char *alias : { "auth.token", "auth.key", "auth.password", "auth.client_secret" })
        addAlias(str(alias), QStringLiteral("auth.secret"));
    addGroupError(groupLayout, AuthenticationPage, QStringLiteral("auth"), tr("Authentication"));
    return box;
}

QWidget *TargetDialog::buildSigningPage()
{
    QVBoxLayout *groupLayout = nullptr;
    auto *box = group(tr("Standard Webhooks Signature"), &groupLayout,
        tr("Each request carries webhook-id, webhook-timestamp and webhook-signature headers: "
           "an HMAC-SHA256 over id, timestamp and body with a secret shared with the receiver. "
           "Default: off."));
    m_signingForm = newForm();
    groupLayout->addLayout(m_signingForm);

    m_signing = new QCheckBox(tr("Sign every request"));
    m_signing->setObjectName(QStringLiteral("signing"));
    m_signingForm->addRow(tr("Signing:"), m_signing);

    m_signingSecret = new SecretField;
    m_signingSecret->setObjectName(QStringLiteral("signingSecret"));
    addField(m_signingForm, SigningPage, QStringLiteral("signing.secret"), tr("Secret"),
        m_signingSecret,
        tr("Shared with the receiver. In the scheme's own form, whsec_ followed by base64, it is "
           "used decoded; any other text is used as it is."));

    m_signingRotation = helpLabel(QString());
    m_signingRotation->setObjectName(QStringLiteral("signingRotation"));
    m_signingRotation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_signingForm->addRow(tr("Rotation:"), m_signingRotation);

    m_signingGrace = spinBox("signingGrace", 8760, tr(" h"));
    m_signingGrace->setValue(24);
    m_signingGrace->setToolTip(
        tr("When you replace the secret, the current one goes on signing next to the new one "
           "for this long, so that receivers can switch over one by one. 0 retires it at once. "
           "Default: 24 h."));
    m_signingGraceRow = new QWidget;
    m_signingGraceRow->setObjectName(QStringLiteral("signingGraceRow"));
    auto *graceLayout = new QHBoxLayout(m_signingGraceRow);
    graceLayout->setContentsMargins(0, 0, 0, 0);
    graceLayout->addWidget(m_signingGrace);
    QLabel *graceHint = helpLabel(tr("after the new one is saved"));
    graceHint->setWordWrap(false);
    graceLayout->addWidget(graceHint);
    graceLayout->addStretch(1);
    m_signingForm->addRow(tr("Old one signs:"), m_signingGraceRow);
    connect(m_signingGrace, &QSpinBox::valueChanged, this, &TargetDialog::updateDependentFields);

    addGroupError(groupLayout, SigningPage, QStringLiteral("signing"), tr("Signing"));
    addAlias(QStringLiteral("signing.previous_secret"), QStringLiteral("signing"));
    addAlias(QStringLiteral("signing.previous_until"), QStringLiteral("signing"));
    return box;
}

QWidget *TargetDialog::buildTlsPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *trustLayout = nullptr;
    auto *trust = group(tr("Server Verification"), &trustLayout,
        tr("Certificates are always verified; that cannot be turned off. By default the "
           "system's CAs are trusted. A CA file replaces them for this target only, to trust a "
           "private CA here and nowhere else."));
    auto *trustForm = newForm();
    trustLayout->addLayout(trustForm);
    m_caFile = new FilePathEdit;
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("the system's CAs"));
    m_caFile->setDialog(
        tr("Choose a CA file"), tr("PEM certificates (*.pem *.crt);;All files (*)"));
    addField(trustForm, TlsPage, QStringLiteral("tls.ca_file"), tr("CA file"), m_caFile,
        tr("PEM file with the CA certificates to trust for this target. Default: none (the "
           "system's CAs)."));
    layout->addWidget(trust);

    QVBoxLayout *clientLayout = nullptr;
    auto *client = group(tr("Client Certificate (Mutual TLS)"), &clientLayout,
        tr("For targets that ask for a client certificate. The certificate is a PEM file; its "
           "private key is a secret, kept in the keychain (load it from its file) or referred "
           "to."));
    auto *clientForm = newForm();
    clientLayout->addLayout(clientForm);
    m_clientCertificate = new FilePathEdit;
    m_clientCertificate->setObjectName(QStringLiteral("clientCertificate"));
    m_clientCertificate->setPlaceholderText(tr("none"));
    m_clientCertificate->setDialog(
        tr("Choose the client certificate"), tr("PEM certificates (*.pem *.crt);;All files (*)"));
    addField(clientForm, TlsPage, QStringLiteral("tls.client_certificate"), tr("Certificate"),
        m_clientCertificate, tr("PEM file with the client certificate. Default: none."));
    m_clientKey = new SecretField;
    m_clientKey->setObjectName(QStringLiteral("clientKey"));
    m_clientKey->setLoadFromFileAllowed(true);
    addField(clientForm, TlsPage, QStringLiteral("tls.client_key"), tr("Private key"), m_clientKey,
        tr("The certificate's PEM private key. Loaded from a file it goes to the keychain on "
           "save; the file is not needed afterwards."));
    layout->addWidget(client);
    addGroupError(layout, TlsPage, QStringLiteral("tls"), tr("TLS"));
    return content;
}

QWidget *TargetDialog::buildDeliveryPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *timeoutsLayout = nullptr;
    auto *timeouts = group(tr("Timeouts"), &timeoutsLayout,
        tr("How long to wait for a connection, and for a whole attempt, before it counts as "
           "failed and is retried. Default: 5 s to connect, 30 s per attempt."));
    auto *timeoutsForm = newForm();
    timeoutsLayout->addLayout(timeoutsForm);
    m_connectTimeout = spinBox("connectTimeout", 600'000, tr(" ms"));
    addField(timeoutsForm, DeliveryPage, QStringLiteral("timeouts.connect_ms"), tr("Connect"),
        m_connectTimeout, tr("1 ms to 10 min. Default: 5 s."), withDuration(m_connectTimeout, 1));
    m_attemptTimeout = spinBox("attemptTimeout", 3'600'000, tr(" ms"));
    addField(timeoutsForm, DeliveryPage, QStringLiteral("timeouts.attempt_ms"), tr("Attempt"),
        m_attemptTimeout,
        tr("The whole request, from sending to the last byte of the answer. "
           "1 ms to 1 h. Default: 30 s."),
        withDuration(m_attemptTimeout, 1));
    layout->addWidget(timeouts);

    QVBoxLayout *flowLayout = nullptr;
    auto *flow = group(tr("Concurrency and Rate"), &flowLayout,
        tr("At most this many requests in flight at once, and at most this many started per "
           "second. Default: 64 at once, no rate limit."));
    auto *flowForm = newForm();
    flowLayout->addLayout(flowForm);
    m_concurrency = spinBox("concurrency", 4096);
    addField(flowForm, DeliveryPage, QStringLiteral("concurrency"), tr("Concurrency"),
        m_concurrency,
        tr("Requests in flight at once, 1 to 4096; the upper bound for adaptive concurrency. "
           "Default: 64."));
    m_ratePerSecond = doubleSpinBox("ratePerSecond", RateLimit::kMaxPerSecond, 2);
    m_ratePerSecond->setSuffix(tr(" /s"));
    m_ratePerSecond->setSpecialValueText(tr("unlimited"));
    addField(flowForm, DeliveryPage, QStringLiteral("rate_limit.per_second"), tr("Rate limit"),
        m_ratePerSecond, tr("Requests started per second; 0 = unlimited. Default: unlimited."));
    m_burst = spinBox("burst", RateLimit::kMaxBurst);
    m_burst->setSpecialValueText(tr("automatic"));
    addField(flowForm, DeliveryPage, QStringLiteral("rate_limit.burst"), tr("Burst"), m_burst,
        tr("Requests allowed at once after a quiet spell; 0 = automatic (the rate rounded up, "
           "at least 1). Default: automatic."));
    layout->addWidget(flow);

    QVBoxLayout *orderLayout = nullptr;
    auto *order = group(tr("Ordering"), &orderLayout,
        tr("Per partition key: messages sharing a key arrive in the order they were enqueued, "
           "each waiting until the one before is delivered; different keys and messages "
           "without one go in parallel. Default: no ordering (fastest)."));
    auto *orderForm = newForm();
    orderLayout->addLayout(orderForm);
    m_ordering = new QComboBox;
    m_ordering->setObjectName(QStringLiteral("ordering"));
    m_ordering->addItem(tr("None — deliver in parallel"), QStringLiteral("none"));
    m_ordering->addItem(tr("Per partition key"), QStringLiteral("per_key"));
    addField(orderForm, DeliveryPage, QStringLiteral("ordering"), tr("Order"), m_ordering,
        tr("Default: none."));
    m_orderingOnDead = new QComboBox;
    m_orderingOnDead->setObjectName(QStringLiteral("orderingOnDead"));
    m_orderingOnDead->addItem(tr("Hold the later ones of its key"), QStringLiteral("block"));
    m_orderingOnDead->addItem(tr("Skip it, deliver the later ones"), QStringLiteral("skip"));
    addField(orderForm, DeliveryPage, QStringLiteral("ordering_on_dead"), tr("After a dead one"),
        m_orderingOnDead,
        tr("Hold: the later deliveries of its key wait until it is replayed and delivered, or "
           "discarded. Skip: they go on without it. Default: hold."));
    layout->addWidget(order);
    return content;
}

QWidget *TargetDialog::buildRetriesPage()
{
    auto *content = new QWidget;
    auto *layout = new QHBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *policyLayout = nullptr;
    auto *policy = group(tr("Retry Policy"), &policyLayout,
        tr("The delay before retry n is min(max delay, base delay × multiplierⁿ⁻¹), spread by "
           "jitter. A Retry-After header on 429 and 503 answers is honoured, up to the max "
           "delay. Default: 12 attempts, 1 s, × 2, at most 10 min apart, full jitter, for a "
           "day."));
    auto *form = newForm();
    policyLayout->addLayout(form);
    m_maxAttempts = spinBox("maxAttempts", 1000);
    addField(form, RetriesPage, QStringLiteral("retry.max_attempts"), tr("Attempts"), m_maxAttempts,
        tr("All attempts, the first included: 1 to 1000. Default: 12."));
    m_baseDelay = spinBox("baseDelay", 86'400'000, tr(" ms"));
    addField(form, RetriesPage, QStringLiteral("retry.base_delay_ms"), tr("Base delay"),
        m_baseDelay, tr("The delay before the first retry. Default: 1 s."),
        withDuration(m_baseDelay, 1));
    m_multiplier = doubleSpinBox("multiplier", 100, 2);
    m_multiplier->setPrefix(tr("× "));
    addField(form, RetriesPage, QStringLiteral("retry.multiplier"), tr("Multiplier"), m_multiplier,
        tr("Each delay is this many times the one before: 1 to 100. Default: 2."));
    m_maxDelay = spinBox("maxDelay", 86'400'000, tr(" ms"));
    addField(form, RetriesPage, QStringLiteral("retry.max_delay_ms"), tr("Max delay"), m_maxDelay,
        tr("No delay grows beyond this. Default: 10 min."), withDuration(m_maxDelay, 1));
    m_jitter = new QComboBox;
    m_jitter->setObjectName(QStringLiteral("jitter"));
    m_jitter->addItem(tr("Full"), jitterName(Jitter::Full));
    m_jitter->addItem(tr("Equal"), jitterName(Jitter::Equal));
    m_jitter->addItem(tr("Decorrelated"), jitterName(Jitter::Decorrelated));
    m_jitter->addItem(tr("None"), jitterName(Jitter::None));
    addField(form, RetriesPage, QStringLiteral("retry.jitter"), tr("Jitter"), m_jitter,
        tr("Spreads retries so that failed deliveries do not come back all at once. Full: "
           "anywhere from 0 to the delay (default). Equal: from half the delay to the delay. "
           "Decorrelated: from the base delay to 3 × the previous delay. None: exactly the "
           "delay."));
    m_maxAge = spinBox("maxAge", 365 * 86'400, tr(" s"));
    addField(form, RetriesPage, QStringLiteral("retry.max_age_s"), tr("Max age"), m_maxAge,
        tr("A delivery older than this is dead-lettered instead of being tried again: 1 s to "
           "365 d. Default: 1 d."),
        withDuration(m_maxAge, 1000));
    m_retryOn = new QLineEdit;
    m_retryOn->setObjectName(QStringLiteral("retryOn"));
    m_retryOn->setPlaceholderText(tr("no status is retried"));
    addField(form, RetriesPage, QStringLiteral("retry.retry_on"), tr("Retry on"), m_retryOn,
        tr("HTTP statuses that are retried, separated by commas; any other error status "
           "dead-letters at once. Network errors and timeouts are always retried. Default: 408, "
           "425, 429, 500, 502, 503, 504."));
    addGroupError(policyLayout, RetriesPage, QStringLiteral("retry"), tr("Retry policy"));
    policyLayout->addStretch(1);
    m_retryOn->setMinimumWidth(m_retryOn->fontMetrics().horizontalAdvance(
                                   QStringLiteral("408, 425, 429, 500, 502, 503, 504"))
        + 24);
    // The form needs its width; the schedule gets the rest.
    policy->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
    policy->setMaximumWidth(460);
    layout->addWidget(policy);

    QVBoxLayout *scheduleLayout = nullptr;
    auto *schedule = group(tr("Schedule"), &scheduleLayout,
        tr("When each attempt starts, counted from the first, and how far jitter can move it."));
    m_schedule = new RetrySchedulePreview;
    m_schedule->setObjectName(QStringLiteral("retrySchedule"));
    scheduleLayout->addWidget(m_schedule, 1);
    layout->addWidget(schedule, 1);
    return content;
}

QWidget *TargetDialog::buildResiliencePage()
{
    auto *content = new QWidget;
    auto *layout = new QGridLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *breakerLayout = nullptr;
    auto *breaker = group(tr("Circuit Breaker"), &breakerLayout,
        tr("Stops sending to a failing target. When, among the recent calls (once there are "
           "enough), the share of failures or of slow calls reaches its threshold, the breaker "
           "opens: nothing is sent for the open time, then a few probe requests decide whether "
           "it closes again. Default: on; the last 100 calls, at least 10, 50 % failures, open "
           "60 s, 10 probes."));
    auto *breakerForm = newForm();
    breakerLayout->addLayout(breakerForm);
    m_breakerEnabled = new QCheckBox(tr("Open when the target keeps failing"));
    m_breakerEnabled->setObjectName(QStringLiteral("breakerEnabled"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.enabled"), tr("Breaker"),
        m_breakerEnabled, tr("Default: on."));
    m_breakerWindow = new QComboBox;
    m_breakerWindow->setObjectName(QStringLiteral("breakerWindow"));
    m_breakerWindow->addItem(tr("Last N calls"), breakerWindowName(BreakerWindow::Count));
    m_breakerWindow->addItem(tr("Last N seconds"), breakerWindowName(BreakerWindow::Time));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.window"), tr("Window"),
        m_breakerWindow, tr("Which recent calls count. Default: the last N calls."));
    m_breakerWindowSize = spinBox("breakerWindowSize", 100'000);
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.window_size"), tr("N"),
        m_breakerWindowSize, tr("Calls or seconds in the window. Default: 100."));
    m_breakerMinimumCalls = spinBox("breakerMinimumCalls", 100'000, tr(" calls"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.minimum_calls"), tr("At least"),
        m_breakerMinimumCalls, tr("The breaker judges no window with fewer calls. Default: 10."));
    m_breakerFailureRate = spinBox("breakerFailureRate", 100, tr(" %"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.failure_rate_percent"),
        tr("Failure rate"), m_breakerFailureRate,
        tr("Opens at this share of failed calls (timeouts, connection errors, 5xx, 429). "
           "Default: 50 %."));
    m_breakerSlowCallRate = spinBox("breakerSlowCallRate", 100, tr(" %"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.slow_call_rate_percent"),
        tr("Slow-call rate"), m_breakerSlowCallRate,
        tr("Opens at this share of slow calls. Default: 100 % (only an all-slow window)."));
    m_breakerSlowCall = spinBox("breakerSlowCall", 3'600'000, tr(" ms"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.slow_call_ms"), tr("Slow from"),
        m_breakerSlowCall, tr("A call this long or longer is slow. Default: 30 s."),
        withDuration(m_breakerSlowCall, 1));
    m_breakerOpen = spinBox("breakerOpen", 86'400'000, tr(" ms"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.open_ms"), tr("Open for"),
        m_breakerOpen, tr("How long nothing is sent once it opens. Default: 60 s."),
        withDuration(m_breakerOpen, 1));
    m_breakerProbes = spinBox("breakerProbes", 1000, tr(" requests"));
    addField(breakerForm, ResiliencePage, QStringLiteral("breaker.half_open_probes"), tr("Probes"),
        m_breakerProbes,
        tr("Requests let through after the open time to decide whether it closes. Default: "
           "10."));
    breakerLayout->addStretch(1);
    layout->addWidget(breaker, 0, 0, 2, 1);

    QVBoxLayout *adaptiveLayout = nullptr;
    auto *adaptive = group(tr("Adaptive Concurrency"), &adaptiveLayout,
        tr("Finds the concurrency the target copes with: one more request in flight per calm "
           "round trip, fewer when answers slow down or the target says it is overloaded. The "
           "concurrency setting is the upper bound. Default: off."));
    auto *adaptiveForm = newForm();
    adaptiveLayout->addLayout(adaptiveForm);
    m_adaptiveEnabled = new QCheckBox(tr("Adapt to the target"));
    m_adaptiveEnabled->setObjectName(QStringLiteral("adaptiveEnabled"));
    addField(adaptiveForm, ResiliencePage, QStringLiteral("adaptive_concurrency.enabled"),
        tr("Adaptive"), m_adaptiveEnabled, tr("Default: off."));
    m_adaptiveInitialLimit = spinBox("adaptiveInitialLimit", 4096);
    addField(adaptiveForm, ResiliencePage, QStringLiteral("adaptive_concurrency.initial_limit"),
        tr("Start at"), m_adaptiveInitialLimit,
        tr("Requests in flight at start, 1 to 4096. Default: 1."));
    m_adaptiveDecreaseRatio = doubleSpinBox("adaptiveDecreaseRatio", 1, 2);
    addField(adaptiveForm, ResiliencePage, QStringLiteral("adaptive_concurrency.decrease_ratio"),
        tr("Back off to"), m_adaptiveDecreaseRatio,
        tr("On congestion the limit is multiplied by this: 0.1 to 0.99. Default: 0.9."));
    m_adaptiveRttThreshold = doubleSpinBox("adaptiveRttThreshold", 10, 2);
    addField(adaptiveForm, ResiliencePage, QStringLiteral("adaptive_concurrency.rtt_threshold"),
        tr("Slower by"), m_adaptiveRttThreshold,
        tr("Answers this much slower than usual count as congestion (0.05 = 5 %). Default: "
           "0.05."));
    m_adaptiveEwmaAlpha = doubleSpinBox("adaptiveEwmaAlpha", 1, 2);
    addField(adaptiveForm, ResiliencePage, QStringLiteral("adaptive_concurrency.ewma_alpha"),
        tr("Smoothing"), m_adaptiveEwmaAlpha,
        tr("Weight of the newest round trips in \"usual\": 0.01 to 1. Default: 0.4."));
    layout->addWidget(adaptive, 0, 1);

    QVBoxLayout *budgetLayout = nullptr;
    auto *budget = group(tr("Retry Budget"), &budgetLayout,
        tr("Caps retries at a share of first attempts, so that a struggling target is not hit "
           "by a retry storm on top of its normal load. Default: 20 % plus 1 retry a second, "
           "over 10 s."));
    auto *budgetForm = newForm();
    budgetLayout->addLayout(budgetForm);
    m_budgetRatio = doubleSpinBox("budgetRatio", 10, 2);
    addField(budgetForm, ResiliencePage, QStringLiteral("retry_budget.ratio"), tr("Share"),
        m_budgetRatio, tr("Retries per first attempt in the window (0.2 = 20 %). Default: 0.2."));
    m_budgetMinRetries = spinBox("budgetMinRetries", 100'000, tr(" /s"));
    addField(budgetForm, ResiliencePage, QStringLiteral("retry_budget.min_retries_per_second"),
        tr("Plus"), m_budgetMinRetries,
        tr("Retries allowed every second regardless, so a quiet target can still retry. "
           "Default: 1."));
    m_budgetWindow = spinBox("budgetWindow", 3600, tr(" s"));
    addField(budgetForm, ResiliencePage, QStringLiteral("retry_budget.window_s"), tr("Window"),
        m_budgetWindow, tr("1 s to 1 h. Default: 10 s."));
    budgetLayout->addStretch(1);
    layout->addWidget(budget, 1, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    return content;
}

QWidget *TargetDialog::buildMappingPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *fieldsLayout = nullptr;
    auto *fields = group(tr("Fields"), &fieldsLayout,
        tr("Each field of the object sent is taken out of the message by JSON Pointer (RFC "
           "6901): /user/email is \"email\" inside \"user\"; in a name, ~1 stands for '/' and ~0 "
           "for '~'. Leave the fields and the constants empty to send the message as it is "
           "(the default)."));
    m_mappingFields = new KeyValueTable(tr("Field"), tr("JSON Pointer"));
    m_mappingFields->setObjectName(QStringLiteral("mappingFields"));
    fieldsLayout->addWidget(m_mappingFields);
    QLabel *fieldsError = fieldErrorLine(QStringLiteral("mapping.fields"));
    fieldsLayout->addWidget(fieldsError);
    m_slots.append({ QStringLiteral("mapping.fields"), tr("Mapped fields"), MappingPage,
        m_mappingFields, fieldsError });
    m_slotByPath.insert(QStringLiteral("mapping.fields"), int(m_slots.size()) - 1);
    layout->addWidget(fields);

    QVBoxLayout *constantsLayout = nullptr;
    auto *constants = group(tr("Constants"), &constantsLayout,
        tr("Fields with fixed values added to every payload, as a JSON object."));
    m_mappingConstants = new QPlainTextEdit;
    m_mappingConstants->setObjectName(QStringLiteral("mappingConstants"));
    m_mappingConstants->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_mappingConstants->setPlaceholderText(QStringLiteral("{\"template\": \"welcome\"}"));
    m_mappingConstants->setTabChangesFocus(true);
    m_mappingConstants->setFixedHeight(110);
    constantsLayout->addWidget(m_mappingConstants);
    QLabel *constantsError = fieldErrorLine(QStringLiteral("mapping.constants"));
    constantsLayout->addWidget(constantsError);
    m_slots.append({ QStringLiteral("mapping.constants"), tr("Constants"), MappingPage,
        m_mappingConstants, constantsError });
    m_slotByPath.insert(QStringLiteral("mapping.constants"), int(m_slots.size()) - 1);
    layout->addWidget(constants);
    addGroupError(layout, MappingPage, QStringLiteral("mapping"), tr("Mapping"));
    return content;
}

QWidget *TargetDialog::buildTestPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    QVBoxLayout *requestLayout = nullptr;
    auto *request = group(tr("Request"), &requestLayout,
        tr("Sends one real request with the settings and credentials of this dialog, secrets "
           "typed here included, exactly as a delivery would go out. No retry, breaker or rate "
           "limit applies, and nothing is saved."));
    auto *form = newForm();
    requestLayout->addLayout(form);
    m_probeMethod = new QComboBox;
    m_probeMethod->setObjectName(QStringLiteral("probeMethod"));
    m_probeMethod->setEditable(true);
    m_probeMethod->addItems({ QStringLiteral("POST"), QStringLiteral("GET"), QStringLiteral("HEAD"),
        QStringLiteral("PUT"), QStringLiteral("PATCH"), QStringLiteral("OPTIONS") });
    m_probeMethod->setInsertPolicy(QComboBox::NoInsert);
    m_probeMethod->setToolTip(tr("Any HTTP method. Default: POST."));
    form->addRow(tr("Method:"), m_probeMethod);
    m_probePath = new QLineEdit;
    m_probePath->setObjectName(QStringLiteral("probePath"));
    m_probePath->setPlaceholderText(tr("the target URL's own path, or e.g. /health"));
    m_probePath->setToolTip(
        tr("Replaces the path and query of the target's URL when given; it starts with '/'."));
    form->addRow(tr("Path:"), m_probePath);
    m_probeBody = new QPlainTextEdit;
    m_probeBody->setObjectName(QStringLiteral("probeBody"));
    m_probeBody->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_probeBody->setPlainText(QStringLiteral("{}"));
    m_probeBody->setTabChangesFocus(true);
    m_probeBody->setFixedHeight(80);
    m_probeBody->setToolTip(
        tr("Sent as it is (the mapping does not apply); not sent with GET and HEAD."));
    form->addRow(tr("Body:"), m_probeBody);
    m_probeButton = new QPushButton(tr("Test Connection"));
    m_probeButton->setObjectName(QStringLiteral("probeButton"));
    m_probeButton->setAutoDefault(false);
    m_probeButton->setMinimumWidth(m_probeButton->sizeHint().width() + 24);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_probeButton);
    buttonRow->addStretch(1);
    form->addRow(QString(), buttonRow);
    layout->addWidget(request);

    QVBoxLayout *resultLayout = nullptr;
    auto *result = group(tr("Result"), &resultLayout);
    m_probeResult = new ProbeResultView;
    m_probeResult->setObjectName(QStringLiteral("probeResult"));
    resultLayout->addWidget(m_probeResult);
    layout->addWidget(result);

    connect(m_probeButton, &QPushButton::clicked, this, &TargetDialog::handleTest);
    connect(
        m_probeMethod, &QComboBox::currentTextChanged, this, &TargetDialog::updateDependentFields);
    return content;
}

// --- Loading and reading back ----------------------------------------------------------

void TargetDialog::load(const TargetConfig &c)
{
    m_name->setText(c.name);
    m_url->setText(c.url.isEmpty() ? QString() : c.url.toString(QUrl::FullyEncoded));
    m_method->setCurrentText(QString::fromLatin1(c.method));
    m_enabled->setChecked(c.enabled);
    setComboData(m_http2, http2ModeName(c.http2));
    QList<QPair<QString, QString>> headers;
    for (const auto &[k, v] : c.headers)
        headers.append({ QString::fromLatin1(k), QString::fromUtf8(v) });
    m_headers->setPairs(headers);

    setComboData(m_authKind, int(c.auth.kind));
    m_authHeader->setText(QString::fromLatin1(c.auth.header));
    m_authUsername->setText(c.auth.username);
    m_authTokenUrl->setText(
        c.auth.tokenUrl.isEmpty() ? QString() : c.auth.tokenUrl.toString(QUrl::FullyEncoded));
    m_authClientId->setText(c.auth.clientId);
    m_authScope->setText(c.auth.scope);
    m_authSecret->setStoredReference(c.auth.needsSecret() ? c.auth.secret : QString());

    m_signing->setChecked(c.signing.enabled());
    m_signingSecret->setStoredReference(c.signing.secret);

    m_caFile->setPath(c.tls.caFile);
    m_clientCertificate->setPath(c.tls.clientCertificateFile);
    m_clientKey->setStoredReference(c.tls.clientKey);

    m_connectTimeout->setValue(c.connectTimeoutMs);
    m_attemptTimeout->setValue(c.attemptTimeoutMs);
    m_concurrency->setValue(c.concurrency);
    m_ratePerSecond->setValue(c.rateLimit.perSecond);
    m_burst->setValue(c.rateLimit.burst);
    setComboData(m_ordering,
        c.ordering == Ordering::PerKey ? QStringLiteral("per_key") : QStringLiteral("none"));
    setComboData(m_orderingOnDead,
        c.orderingOnDead == DeadKeyPolicy::Skip ? QStringLiteral("skip") : QStringLiteral("block"));

    m_maxAttempts->setValue(c.retry.maxAttempts);
    m_baseDelay->setValue(int(c.retry.baseDelayMs));
    m_multiplier->setValue(c.retry.multiplier);
    m_maxDelay->setValue(int(c.retry.maxDelayMs));
    setComboData(m_jitter, jitterName(c.retry.jitter));
    m_maxAge->setValue(int(c.retry.maxAgeS));
    QStringList statuses;
    for (int s : c.retry.retryOn)
        statuses.append(QString::number(s));
    m_retryOn->setText(statuses.join(QStringLiteral(", ")));

    m_breakerEnabled->setChecked(c.breaker.enabled);
    setComboData(m_breakerWindow, breakerWindowName(c.breaker.window));
    m_breakerWindowSize->setValue(c.breaker.windowSize);
    m_breakerMinimumCalls->setValue(c.breaker.minimumCalls);
    m_breakerFailureRate->setValue(c.breaker.failureRatePercent);
    m_breakerSlowCallRate->setValue(c.breaker.slowCallRatePercent);
    m_breakerSlowCall->setValue(int(c.breaker.slowCallMs));
    m_breakerOpen->setValue(int(c.breaker.openMs));
    m_breakerProbes->setValue(c.breaker.halfOpenProbes);
    m_adaptiveEnabled->setChecked(c.adaptiveConcurrency.enabled);
    m_adaptiveInitialLimit->setValue(c.adaptiveConcurrency.initialLimit);
    m_adaptiveDecreaseRatio->setValue(c.adaptiveConcurrency.decreaseRatio);
    m_adaptiveRttThreshold->setValue(c.adaptiveConcurrency.rttThreshold);
    m_adaptiveEwmaAlpha->setValue(c.adaptiveConcurrency.ewmaAlpha);
    m_budgetRatio->setValue(c.retryBudget.ratio);
    m_budgetMinRetries->setValue(c.retryBudget.minRetriesPerSecond);
    m_budgetWindow->setValue(c.retryBudget.windowS);

    m_mappingFields->setPairs(c.mapping.fields);
    m_mappingConstants->setPlainText(c.mapping.constants.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(c.mapping.constants).toJson(QJsonDocument::Indented))
                  .trimmed());

    updateAuthRows();
    updateDependentFields();
}

void TargetDialog::connectInputs()
{
    // Every input of the configuration pages revalidates; the test page's inputs are not part
    // of the configuration.
    QWidget *testPage = page(TestPage);
    const auto configInput = [testPage](QWidget *w) { return !testPage->isAncestorOf(w); };
    for (auto *w : m_sectionPages->findChildren<QLineEdit *>()) {
        if (configInput(w))
            connect(w, &QLineEdit::textChanged, this, &TargetDialog::scheduleValidation);
    }
    for (auto *w : m_sectionPages->findChildren<QSpinBox *>()) {
        if (configInput(w))
            connect(w, &QSpinBox::valueChanged, this, &TargetDialog::scheduleValidation);
    }
    for (auto *w : m_sectionPages->findChildren<QDoubleSpinBox *>()) {
        if (configInput(w))
            connect(w, &QDoubleSpinBox::valueChanged, this, &TargetDialog::scheduleValidation);
    }
    for (auto *w : m_sectionPages->findChildren<QComboBox *>()) {
        if (configInput(w))
            connect(w, &QComboBox::currentIndexChanged, this, &TargetDialog::scheduleValidation);
    }
    for (auto *w : m_sectionPages->findChildren<QCheckBox *>()) {
        if (configInput(w))
            connect(w, &QCheckBox::toggled, this, &TargetDialog::scheduleValidation);
    }
    for (auto *w : m_sectionPages->findChildren<QPlainTextEdit *>()) {
        if (configInput(w))
            connect(w, &QPlainTextEdit::textChanged, this, &TargetDialog::scheduleValidation);
    }
    for (auto *w : m_sectionPages->findChildren<KeyValueTable *>())
        connect(w, &KeyValueTable::changed, this, &TargetDialog::scheduleValidation);
    for (auto *w : m_sectionPages->findChildren<SecretField *>())
        connect(w, &SecretField::changed, this, &TargetDialog::scheduleValidation);

    // Which fields exist depends on these: show the right ones at once.
    connect(m_authKind, &QComboBox::currentIndexChanged, this, [this] {
        // A token is no password: another kind starts without a secret (and the old one's
        // keychain entry goes when the change is saved); back to the stored kind, it is there.
        const auto kind = AuthKind(m_authKind->currentData().toInt());
        m_authSecret->setStoredReference(
            kind == m_original.auth.kind ? m_original.auth.secret : QString());
        updateAuthRows();
        validateNow();
    });
    for (QCheckBox *box : { m_signing, m_breakerEnabled, m_adaptiveEnabled })
        connect(box, &QCheckBox::toggled, this, &TargetDialog::updateDependentFields);
    for (QComboBox *combo : { m_ordering, m_breakerWindow })
        connect(combo, &QComboBox::currentIndexChanged, this, &TargetDialog::updateDependentFields);
    connect(m_clientCertificate, &FilePathEdit::pathChanged, this,
        &TargetDialog::updateDependentFields);
    connect(m_signingSecret, &SecretField::changed, this, &TargetDialog::updateDependentFields);
    connect(m_name, &QLineEdit::textChanged, this,
        [this] { m_touched.insert(QStringLiteral("name")); });
    connect(
        m_url, &QLineEdit::textChanged, this, [this] { m_touched.insert(QStringLiteral("url")); });
}

void TargetDialog::updateAuthRows()
{
    const auto kind = AuthKind(m_authKind->currentData().toInt());
    m_authForm->setRowVisible(m_authHeader, kind == AuthKind::ApiKey);
    m_authForm->setRowVisible(m_authUsername, kind == AuthKind::Basic);
    m_authForm->setRowVisible(m_authTokenUrl, kind == AuthKind::OAuth2ClientCredentials);
    m_authForm->setRowVisible(m_authClientId, kind == AuthKind::OAuth2ClientCredentials);
    m_authForm->setRowVisible(m_authScope, kind == AuthKind::OAuth2ClientCredentials);
    m_authForm->setRowVisible(m_authSecret, kind != AuthKind::None);
    const QString word = capitalized(secretWord(kind));
    if (QLabel *label = m_authForm->labelForField(m_authSecret))
        label->setText(tr("%1:").arg(word));
    if (const int slot = slotFor(QStringLiteral("auth.secret")); slot >= 0)
        m_slots[slot].label = word;
    switch (kind) {
    case AuthKind::None:
        m_authHelp->setText(tr("Requests carry no credentials."));
        break;
    case AuthKind::Bearer:
        m_authHelp->setText(tr("Sends \"Authorization: Bearer <token>\" with every request."));
        break;
    case AuthKind::ApiKey:
        m_authHelp->setText(tr("Sends the key in a header of your choice."));
        break;
    case AuthKind::Basic:
        m_authHelp->setText(tr("Sends \"Authorization: Basic …\" with the user name and "
                               "password."));
        break;
    case AuthKind::OAuth2ClientCredentials:
        m_authHelp->setText(tr("Gets an access token from the token URL with the client ID and "
                               "secret (client-credentials grant), keeps it until it expires and "
                               "sends it as a bearer token."));
        break;
    }
}

void TargetDialog::updateDependentFields()
{
    const bool signing = m_signing->isChecked();
    m_signingSecret->setEnabled(signing);
    const SigningConfig &old = m_original.signing;
    const bool replacing = !old.secret.isEmpty() && m_signingSecret->reference() != old.secret;
    const auto when = [](qint64 ms) { return dateTimeText(ms, false); };
    QString rotation;
    if (replacing && m_signingGrace->value() > 0)
        rotation = tr("On save, the current secret goes on signing next to the new one for %1, "
                      "so that receivers can switch over.")
                       .arg(RetryScheduleModel::formatDuration(
                           qint64(m_signingGrace->value()) * 3'600'000));
    else if (replacing)
        rotation = tr("On save, only the new secret signs: receivers must know it at once.");
    else if (!old.previousSecret.isEmpty()
        && old.previousActive(QDateTime::currentMSecsSinceEpoch()))
        rotation = tr("In progress: the previous secret also signs until %1, so that receivers "
                      "can switch over.")
                       .arg(when(old.previousUntilMs));
    else if (!old.previousSecret.isEmpty())
        rotation
            = tr("Over: the previous secret stopped signing on %1.").arg(when(old.previousUntilMs));
    m_signingRotation->setText(rotation);
    m_signingForm->setRowVisible(m_signingRotation, signing && !rotation.isEmpty());
    m_signingForm->setRowVisible(m_signingGraceRow, signing && replacing);

    m_clientKey->setEnabled(!m_clientCertificate->path().isEmpty());
    m_orderingOnDead->setEnabled(m_ordering->currentData().toString() == u"per_key");

    const bool breaker = m_breakerEnabled->isChecked();
    for (QWidget *w : std::initializer_list<QWidget *> { m_breakerWindow, m_breakerWindowSize,
             m_breakerMinimumCalls, m_breakerFailureRate, m_breakerSlowCallRate, m_breakerSlowCall,
             m_breakerOpen, m_breakerProbes })
        w->setEnabled(breaker);
    m_breakerWindowSize->setSuffix(
        m_breakerWindow->currentData().toString() == u"time" ? tr(" s") : tr(" calls"));
    const bool adaptive = m_adaptiveEnabled->isChecked();
    for (QWidget *w : std::initializer_list<QWidget *> { m_adaptiveInitialLimit,
             m_adaptiveDecreaseRatio, m_adaptiveRttThreshold, m_adaptiveEwmaAlpha })
        w->setEnabled(adaptive);

    const QString method = m_probeMethod->currentText().trimmed().toUpper();
    m_probeBody->setEnabled(method != u"GET" && method != u"HEAD");
}

QJsonObject TargetDialog::buildJson(QList<QPair<QString, QString>> &problems) const
{
    const auto problem = [&problems](const QString &path, const QString &message) {
        problems.append({ path, path + QStringLiteral(": ") + message });
    };
    QJsonObject json;

    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        problem(QStringLiteral("name"), tr("required: letters, digits, '.', '_' and '-'"));
    else if (m_mode == Mode::Add && m_takenNames.contains(name))
        problem(QStringLiteral("name"), tr("a target called \"%1\" exists already").arg(name));
    json.insert(QStringLiteral("name"), name);
    const QString url = m_url->text().trimmed();
    if (url.isEmpty())
        problem(QStringLiteral("url"),
            tr("required: the http:// or https:// address deliveries go to"));
    json.insert(QStringLiteral("url"), url);
    json.insert(QStringLiteral("method"), m_method->currentText());
    json.insert(QStringLiteral("enabled"), m_enabled->isChecked());
    json.insert(QStringLiteral("http2"), m_http2->currentData().toString());

    QJsonObject headers;
    for (const auto &[key, value] : m_headers->pairs()) {
        if (key.isEmpty()) {
            problem(QStringLiteral("headers"), tr("a header has a value but no name"));
            continue;
        }
        if (headers.contains(key)) {
            problem(QStringLiteral("headers.") + key, tr("\"%1\" is given twice").arg(key));
            continue;
        }
        headers.insert(key, value);
    }
    json.insert(QStringLiteral("headers"), headers);

    json.insert(QStringLiteral("timeouts"),
        QJsonObject { { QStringLiteral("connect_ms"), m_connectTimeout->value() },
            { QStringLiteral("attempt_ms"), m_attemptTimeout->value() } });

    QJsonArray retryOn;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &part : m_retryOn->text().split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const int status = part.toInt(&ok);
        if (!ok) {
            problem(QStringLiteral("retry.retry_on"),
                tr("\"%1\" is not an HTTP status code").arg(part));
            continue;
        }
        retryOn.append(status);
    }
    json.insert(QStringLiteral("retry"),
        QJsonObject {
            { QStringLiteral("max_attempts"), m_maxAttempts->value() },
            { QStringLiteral("base_delay_ms"), m_baseDelay->value() },
            { QStringLiteral("multiplier"), m_multiplier->value() },
            { QStringLiteral("max_delay_ms"), m_maxDelay->value() },
            { QStringLiteral("jitter"), m_jitter->currentData().toString() },
            { QStringLiteral("max_age_s"), m_maxAge->value() },
            { QStringLiteral("retry_on"), retryOn },
        });
    json.insert(QStringLiteral("concurrency"), m_concurrency->value());
    json.insert(QStringLiteral("ordering"), m_ordering->currentData().toString());
    json.insert(QStringLiteral("ordering_on_dead"), m_orderingOnDead->currentData().toString());
    json.insert(QStringLiteral("breaker"),
        QJsonObject {
            { QStringLiteral("enabled"), m_breakerEnabled->isChecked() },
            { QStringLiteral("window"), m_breakerWindow->currentData().toString() },
            { QStringLiteral("window_size"), m_breakerWindowSize->value() },
            { QStringLiteral("minimum_calls"), m_breakerMinimumCalls->value() },
            { QStringLiteral("failure_rate_percent"), m_breakerFailureRate->value() },
            { QStringLiteral("slow_call_rate_percent"), m_breakerSlowCallRate->value() },
            { QStringLiteral("slow_call_ms"), m_breakerSlowCall->value() },
            { QStringLiteral("open_ms"), m_breakerOpen->value() },
            { QStringLiteral("half_open_probes"), m_breakerProbes->value() },
        });
    json.insert(QStringLiteral("rate_limit"),
        QJsonObject { { QStringLiteral("per_second"), m_ratePerSecond->value() },
            { QStringLiteral("burst"), m_burst->value() } });
    json.insert(QStringLiteral("adaptive_concurrency"),
        QJsonObject {
            { QStringLiteral("enabled"), m_adaptiveEnabled->isChecked() },
            { QStringLiteral("decrease_ratio"), m_adaptiveDecreaseRatio->value() },
            { QStringLiteral("rtt_threshold"), m_adaptiveRttThreshold->value() },
            { QStringLiteral("ewma_alpha"), m_adaptiveEwmaAlpha->value() },
            { QStringLiteral("initial_limit"), m_adaptiveInitialLimit->value() },
        });
    json.insert(QStringLiteral("retry_budget"),
        QJsonObject {
            { QStringLiteral("ratio"), m_budgetRatio->value() },
            { QStringLiteral("min_retries_per_second"), m_budgetMinRetries->value() },
            { QStringLiteral("window_s"), m_budgetWindow->value() },
        });

    const auto kind = AuthKind(m_authKind->currentData().toInt());
    QJsonObject auth { { QStringLiteral("kind"), authKindName(kind) } };
    if (kind != AuthKind::None) {
        AuthConfig shape;
        shape.kind = kind;
        const QString reference = m_authSecret->reference();
        if (reference.isEmpty())
            problem(QStringLiteral("auth.secret"),
                tr("not set: type the %1, or choose where it comes from").arg(secretWord(kind)));
        auth.insert(shape.secretField(), stringOrNull(reference));
    }
    if (kind == AuthKind::ApiKey)
        auth.insert(QStringLiteral("header"), m_authHeader->text().trimmed());
    if (kind == AuthKind::Basic)
        auth.insert(QStringLiteral("username"), m_authUsername->text());
    if (kind == AuthKind::OAuth2ClientCredentials) {
        if (m_authTokenUrl->text().trimmed().isEmpty())
            problem(QStringLiteral("auth.token_url"),
                tr("required: the authorization server's token endpoint"));
        auth.insert(QStringLiteral("token_url"), m_authTokenUrl->text().trimmed());
        auth.insert(QStringLiteral("client_id"), m_authClientId->text().trimmed());
        auth.insert(QStringLiteral("scope"), stringOrNull(m_authScope->text().trimmed()));
    }
    json.insert(QStringLiteral("auth"), auth);

    if (m_signing->isChecked()) {
        const QString reference = m_signingSecret->reference();
        const SigningConfig &old = m_original.signing;
        QJsonObject signing { { QStringLiteral("secret"), reference } };
        const auto addPrevious = [&signing](const QString &ref, qint64 untilMs) {
            signing.insert(QStringLiteral("previous_secret"), ref);
            signing.insert(QStringLiteral("previous_until"),
                QDateTime::fromMSecsSinceEpoch(untilMs, Qt::UTC).toString(Qt::ISODateWithMs));
        };
        if (reference.isEmpty()) {
            problem(QStringLiteral("signing.secret"),
                tr("not set: type the signing secret, or choose where it comes from"));
        } else if (reference == old.secret) {
            if (!old.previousSecret.isEmpty())
                addPrevious(old.previousSecret, old.previousUntilMs);
        } else if (!old.secret.isEmpty() && m_signingGrace->value() > 0) {
            // A rotation: receivers learn the new secret one by one, so the old one goes on
            // signing for the grace period.
            addPrevious(old.secret,
                QDateTime::currentMSecsSinceEpoch() + qint64(m_signingGrace->value()) * 3'600'000);
        }
        json.insert(QStringLiteral("signing"), signing);
    } else {
        json.insert(QStringLiteral("signing"), QJsonValue::Null);
    }

    const QString caFile = m_caFile->path();
    const QString certificate = m_clientCertificate->path();
    for (const auto &[path, file] : { std::pair { QStringLiteral("tls.ca_file"), caFile },
             std::pair { QStringLiteral("tls.client_certificate"), certificate } }) {
        // The engine checks the form of the path; whether the file is there is only known here.
        if (!file.isEmpty() && QFileInfo(file).isAbsolute()
            && !(QFileInfo(file).isFile() && QFileInfo(file).isReadable()))
            problem(path, tr("\"%1\" is not a readable file").arg(file));
    }
    QJsonObject tls { { QStringLiteral("ca_file"), stringOrNull(caFile) },
        { QStringLiteral("client_certificate"), stringOrNull(certificate) },
        { QStringLiteral("client_key"), QJsonValue::Null } };
    if (!certificate.isEmpty()) {
        const QString key = m_clientKey->reference();
        if (key.isEmpty())
            problem(QStringLiteral("tls.client_key"),
                tr("not set: load the certificate's private key, or choose where it comes "
                   "from"));
        tls.insert(QStringLiteral("client_key"), stringOrNull(key));
    }
    json.insert(QStringLiteral("tls"), tls);

    QJsonObject fields;
    for (const auto &[field, pointer] : m_mappingFields->pairs()) {
        if (field.isEmpty()) {
            problem(QStringLiteral("mapping.fields"),
                tr("the pointer \"%1\" has no field name").arg(pointer));
            continue;
        }
        if (fields.contains(field)) {
            problem(
                QStringLiteral("mapping.fields.") + field, tr("\"%1\" is given twice").arg(field));
            continue;
        }
        fields.insert(field, pointer);
    }
    QJsonObject constants;
    const QString constantsText = m_mappingConstants->toPlainText().trimmed();
    if (!constantsText.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(constantsText.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            problem(QStringLiteral("mapping.constants"),
                tr("not valid JSON: %1 at character %2")
                    .arg(error.errorString())
                    .arg(error.offset));
        else if (!doc.isObject())
            problem(QStringLiteral("mapping.constants"),
                tr("must be a JSON object such as {\"template\": \"welcome\"}"));
        else
            constants = doc.object();
    }
    if (fields.isEmpty() && constants.isEmpty())
        json.insert(QStringLiteral("mapping"), QJsonValue::Null);
    else
        json.insert(QStringLiteral("mapping"),
            QJsonObject {
                { QStringLiteral("fields"), fields }, { QStringLiteral("constants"), constants } });
    return json;
}

// --- Validation ---------------------------------------------------------------------------

void TargetDialog::scheduleValidation()
{
    m_saveError.clear();
    m_validateTimer.start();
}

int TargetDialog::slotFor(const QString &path) const
{
    QString p = path;
    if (p == u"target")
        return -1;
    while (!p.isEmpty()) {
        if (const auto it = m_slotByPath.constFind(p); it != m_slotByPath.constEnd())
            return *it;
        const qsizetype dot = p.lastIndexOf(u'.');
        if (dot < 0)
            break;
        p.truncate(dot);
    }
    return -1;
}

bool TargetDialog::validateNow()
{
    m_validateTimer.stop();
    updateDependentFields();
    QList<QPair<QString, QString>> problems;
    const QJsonObject json = buildJson(problems);

    QSet<int> slotsWithProblems;
    for (const auto &[path, message] : std::as_const(problems))
        slotsWithProblems.insert(slotFor(path));
    QJsonObject remaining = json;
    std::optional<TargetConfig> candidate;
    // fromJson() stops at the first problem: drop what it names and ask again, so that every
    // problem is shown at once. The JSON only shrinks, so this ends.
    for (int round = 0; round < 200; ++round) {
        auto result = TargetConfig::fromJson(remaining);
        if (result) {
            if (round == 0)
                candidate = *result;
            break;
        }
        const QString message = result.error().message;
        QString path = pathOf(message);
        if (path == u"target") // "target: \"name\" is required" and the like
            path = message.contains(QStringLiteral("\"url\"")) ? QStringLiteral("url")
                                                               : QStringLiteral("name");
        const int slot = slotFor(path);
        if (slot < 0 || !slotsWithProblems.contains(slot)) {
            problems.append({ path, message });
            slotsWithProblems.insert(slot);
        }
        if (!dropOffending(remaining, path))
            break;
    }

    m_problems = problems;
    m_valid = problems.isEmpty() && candidate.has_value();
    if (m_valid)
        m_config = *candidate;
    updateSchedulePreview(json);
    showErrors();
    updateStatus();
    Q_EMIT validated(m_valid);
    return m_valid;
}

void TargetDialog::updateSchedulePreview(const QJsonObject &json)
{
    const QJsonObject alone { { QStringLiteral("name"), QStringLiteral("preview") },
        { QStringLiteral("url"), QStringLiteral("http://preview.invalid/") },
        { QStringLiteral("retry"), json.value(QStringLiteral("retry")) } };
    const auto result = TargetConfig::fromJson(alone);
    if (!result) {
        const QString message = result.error().message;
        const QString path = pathOf(message);
        // "retry.max_attempts: …" → "max_attempts: …": the preview sits next to the retry form.
        m_schedule->setUnavailable(message.startsWith(u"retry.") ? message.mid(6)
                : path.isEmpty()                                 ? message
                                                                 : message.mid(path.size() + 2));
        return;
    }
    if (!m_schedule->model()->hasPolicy() || !(m_schedule->model()->policy() == result->retry))
        m_schedule->setPolicy(result->retry);
}

void TargetDialog::showErrors()
{
    m_errorBySlot.clear();
    QSet<QString> badHeaders;
    QSet<QString> badFields;
    for (const auto &[path, message] : std::as_const(m_problems)) {
        const int slot = slotFor(path);
        if (path.startsWith(u"headers."))
            badHeaders.insert(path.mid(8));
        if (path.startsWith(u"mapping.fields."))
            badFields.insert(path.mid(15));
        if (slot < 0 || m_errorBySlot.contains(slot))
            continue;
        // The label sits under the field, so the path that only repeats it is dropped; a deeper
        // path (a header's name) is kept.
        QString shown = message;
        const QString prefix = path + QStringLiteral(": ");
        if (shown.startsWith(prefix)) {
            const QString &slotPath = m_slots.at(slot).path;
            if (m_slotByPath.value(path, -1) == slot)
                shown = shown.mid(prefix.size());
            else if (path.startsWith(slotPath + u'.'))
                shown = shown.mid(slotPath.size() + 1);
        }
        // A new target's empty name and URL are not errors until someone has had a go at them.
        if (m_mode == Mode::Add && !m_saveAttempted
            && (m_slots.at(slot).path == u"name" || m_slots.at(slot).path == u"url")
            && !m_touched.contains(m_slots.at(slot).path))
            continue;
        m_errorBySlot.insert(slot, capitalized(shown));
    }

    QSet<int> pagesWithErrors;
    for (int i = 0; i < m_slots.size(); ++i) {
        const FieldSlot &slot = m_slots.at(i);
        const auto it = m_errorBySlot.constFind(i);
        const bool bad = it != m_errorBySlot.constEnd();
        slot.error->setText(bad ? *it : QString());
        slot.error->setVisible(bad);
        if (bad)
            pagesWithErrors.insert(slot.page);
        if (QWidget *input = slot.input; input && !qobject_cast<KeyValueTable *>(input)) {
            const auto saved = m_unmarkedPalettes.constFind(input);
            if (bad && saved == m_unmarkedPalettes.constEnd()) {
                m_unmarkedPalettes.insert(input, input->palette());
                QPalette p = input->palette();
                p.setColor(QPalette::Base, invalidFieldTint());
                if (qobject_cast<QComboBox *>(input))
                    p.setColor(QPalette::Button, invalidFieldTint());
                input->setPalette(p);
            } else if (!bad && saved != m_unmarkedPalettes.constEnd()) {
                input->setPalette(*saved);
                m_unmarkedPalettes.remove(input);
            }
        }
    }
    m_headers->setInvalidKeys(badHeaders);
    m_mappingFields->setInvalidKeys(badFields);

    for (int page = 0; page < m_sectionPages->count(); ++page)
        m_sectionPages->setPageHasProblems(
            page, pagesWithErrors.contains(page), tr("Something on this page needs fixing"));
}

void TargetDialog::updateStatus()
{
    QColor color = palette().color(QPalette::PlaceholderText);
    QString text;
    QString toolTip;
    if (m_saving) {
        text = tr("Saving…");
    } else if (!m_saveError.isEmpty()) {
        text = tr("Not saved: %1").arg(m_saveError);
        color = errorTextColour();
    } else if (!m_valid) {
        QStringList where;
        QStringList all;
        for (auto it = m_errorBySlot.constBegin(); it != m_errorBySlot.constEnd(); ++it) {
            const FieldSlot &slot = m_slots.at(it.key());
            where.append(tr("%1 › %2").arg(m_sectionPages->title(slot.page), slot.label));
            all.append(tr("%1 › %2: %3").arg(m_sectionPages->title(slot.page), slot.label, *it));
        }
        for (const auto &[path, message] : std::as_const(m_problems)) {
            if (slotFor(path) < 0) {
                where.append(message);
                all.append(message);
            }
        }
        if (where.isEmpty()) {
            text = tr("Enter a name and a URL to add the target.");
        } else {
            color = errorTextColour();
            // No plural forms without a translation loaded: English gets its two by hand.
            text
                = (where.size() == 1 ? tr("1 problem to fix before saving: %1")
                                     : tr("%1 problems to fix before saving: %2").arg(where.size()))
                      .arg(where.mid(0, 3).join(QStringLiteral("; "))
                          + (where.size() > 3 ? tr("; …") : QString()));
            toolTip = all.join(u'\n');
        }
    } else if (m_mode == Mode::Edit) {
        const QStringList changed = changedFields();
        if (changed.isEmpty()) {
            text = tr("No changes.");
        } else {
            text = tr("Changes: %1").arg(changed.mid(0, 6).join(QStringLiteral(", ")));
            if (changed.size() > 6)
                text += tr(" and %1 more").arg(changed.size() - 6);
            toolTip = changed.join(u'\n');
        }
    } else {
        text = tr("Ready to add “%1”.").arg(m_config.name);
    }
    m_status->setText(text);
    m_status->setToolTip(toolTip);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, color);
    m_status->setPalette(p);
    m_save->setEnabled(m_valid && !m_saving);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!m_saving);
}

// --- Accessors ----------------------------------------------------------------------------

QList<SecretChange> TargetDialog::secretChanges() const
{
    QList<SecretChange> out;
    const auto kind = AuthKind(m_authKind->currentData().toInt());
    if (kind != AuthKind::None) {
        AuthConfig shape;
        shape.kind = kind;
        if (auto c = m_authSecret->change(QStringLiteral("auth.") + shape.secretField()))
            out.append(*c);
    }
    if (m_signing->isChecked()) {
        if (auto c = m_signingSecret->change(QStringLiteral("signing.secret")))
            out.append(*c);
    }
    if (!m_clientCertificate->path().isEmpty()) {
        if (auto c = m_clientKey->change(QStringLiteral("tls.client_key")))
            out.append(*c);
    }
    return out;
}

QStringList TargetDialog::changedFields() const
{
    if (m_mode == Mode::Add)
        return {};
    return m_config.changedFields(m_original);
}

QStringList TargetDialog::problems() const
{
    QStringList out;
    for (const auto &[path, message] : m_problems)
        out.append(message);
    return out;
}

QString TargetDialog::errorFor(const QString &path) const
{
    const int slot = slotFor(path);
    return slot < 0 ? QString() : m_errorBySlot.value(slot);
}

QLabel *TargetDialog::errorLabel(const QString &path) const
{
    const int slot = slotFor(path);
    return slot < 0 ? nullptr : m_slots.at(slot).error;
}

void TargetDialog::showPage(Page page) { m_sectionPages->showPage(page); }

TargetDialog::Page TargetDialog::currentPage() const { return Page(m_sectionPages->currentPage()); }

QWidget *TargetDialog::page(Page page) const { return m_sectionPages->page(page); }

// --- Saving -------------------------------------------------------------------------------

void TargetDialog::handleSave()
{
    m_saveAttempted = true;
    if (m_saving)
        return;
    if (!validateNow()) {
        for (int i = 0; i < m_slots.size(); ++i) {
            if (m_errorBySlot.contains(i)) {
                showPage(m_slots.at(i).page);
                if (QWidget *input = m_slots.at(i).input)
                    input->setFocus();
                break;
            }
        }
        return;
    }
    const QList<SecretChange> secrets = secretChanges();
    if (!m_editor || (m_mode == Mode::Edit && changedFields().isEmpty() && secrets.isEmpty())) {
        accept();
        return;
    }
    m_saving = true;
    m_saveError.clear();
    updateStatus();
    if (m_mode == Mode::Add)
        m_editor->save(TargetEditor::Mode::Add, m_config, secrets);
    else
        m_editor->save(TargetEditor::Mode::Edit, m_config, secrets, m_original);
}

void TargetDialog::handleSaved(const QString &target)
{
    if (!m_saving || target != m_config.name)
        return;
    m_saving = false;
    updateStatus();
    accept();
}

void TargetDialog::handleSaveFailed(const QString &message)
{
    if (!m_saving)
        return;
    m_saving = false;
    m_saveError = message;
    updateStatus();
}

// --- Test connection ----------------------------------------------------------------------

void TargetDialog::handleTest()
{
    if (m_probing)
        return;
    if (!validateNow()) {
        m_probeResult->showProblem(tr("fix the problems marked in the dialog first."));
        return;
    }
    ProbeRequest request;
    request.method = m_probeMethod->currentText().trimmed().toUpper().toLatin1();
    request.path = m_probePath->text().trimmed();
    request.body = m_probeBody->toPlainText().toUtf8();
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    if (!token.match(QString::fromLatin1(request.method)).hasMatch()) {
        m_probeResult->showProblem(
            tr("\"%1\" is not an HTTP method.").arg(m_probeMethod->currentText().trimmed()));
        return;
    }
    if (!request.path.isEmpty() && !request.path.startsWith(u'/')) {
        m_probeResult->showProblem(tr("the path must start with '/'."));
        return;
    }

    QHash<QString, QByteArray> typed;
    for (const SecretChange &change : secretChanges()) {
        if (const auto ref = SecretRef::parse(change.reference))
            typed.insert(ref->name(), change.value);
    }
    m_probing = true;
    m_probeButton->setEnabled(false);
    m_probeResult->showRunning(tr("Reading the credentials…"));
    // Replaced only here, while no resolution is running: the resolver keeps using its store.
    m_probeSecrets = std::make_unique<OverlaySecretStore>(m_secretStore, typed);
    m_probeResolver = std::make_unique<SecretResolver>(m_probeSecrets.get());
    m_probe->startWithSecrets(*m_probeResolver, m_config, request);
}

void TargetDialog::handleProbeFinished(const ProbeResult &result)
{
    m_probing = false;
    m_probeButton->setEnabled(true);
    m_probeResult->showResult(result);
    Q_EMIT probeFinished(result);
}

} // namespace Tandem::Ui
