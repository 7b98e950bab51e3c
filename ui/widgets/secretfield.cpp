// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/secretfield.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QStackedWidget>
#include <QToolButton>

#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "ui/widgets/filepathedit.h"

namespace Tandem::Ui {

SecretField::SecretField(QWidget *parent)
    : QWidget(parent)
    , m_source(new QComboBox(this))
    , m_stack(new QStackedWidget(this))
    , m_value(new QLineEdit)
    , m_load(new QToolButton)
    , m_environment(new QLineEdit)
    , m_file(new FilePathEdit)
    , m_freshReference(SecretRef::newKeychainRef().toString())
{
    m_source->setObjectName(QStringLiteral("source"));
    m_value->setObjectName(QStringLiteral("value"));
    m_environment->setObjectName(QStringLiteral("environment"));
    m_file->setObjectName(QStringLiteral("file"));
    m_load->setObjectName(QStringLiteral("load"));

    m_source->addItem(tr("Keychain"), int(Source::Keychain));
    m_source->addItem(tr("Environment variable"), int(Source::Environment));
    m_source->addItem(tr("File"), int(Source::File));
    m_source->setItemData(
        0, tr("Stored in the OS keychain; the target keeps only a reference."), Qt::ToolTipRole);
    m_source->setItemData(1,
        tr("Read from an environment variable of the process running the engine (headless "
           "servers without a keychain)."),
        Qt::ToolTipRole);
    m_source->setItemData(2,
        tr("Read from a file that only the user running the engine may read (headless servers "
           "without a keychain)."),
        Qt::ToolTipRole);
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    // Masked and write-only: a stored value is never read back into this field.
    m_value->setEchoMode(QLineEdit::Password);
    m_value->setClearButtonEnabled(true);
    m_value->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_load->setText(tr("Load from file…"));
    m_load->setToolTip(tr("Read a PEM private key from a file into the keychain (the file is "
                          "not referred to afterwards)"));
    m_load->hide();
    auto *keychainPage = new QWidget;
    auto *keychainLayout = new QHBoxLayout(keychainPage);
    keychainLayout->setContentsMargins(0, 0, 0, 0);
    keychainLayout->addWidget(m_value, 1);
    keychainLayout->addWidget(m_load);

    m_environment->setPlaceholderText(tr("VARIABLE_NAME"));
    m_environment->setToolTip(tr("The name of the variable, not the secret: letters, digits and "
                                 "'_', not starting with a digit"));
    m_file->setPlaceholderText(tr("/absolute/path, readable only by you"));
    m_file->setDialog(tr("Choose the secret's file"), QString());

    m_stack->addWidget(keychainPage);
    m_stack->addWidget(m_environment);
    m_stack->addWidget(m_file);
    m_stack->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_source);
    layout->addWidget(m_stack, 1);
    setFocusProxy(m_value);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    connect(m_source, &QComboBox::currentIndexChanged, this, &SecretField::handleSourceChanged);
    connect(m_value, &QLineEdit::textChanged, this, [this](const QString &text) {
        // Typing replaces a key loaded from a file: the field holds one new value at a time.
        if (!text.isEmpty()) {
            m_loaded.clear();
            m_loadedFrom.clear();
            updatePlaceholder();
        }
        Q_EMIT changed();
    });
    connect(m_environment, &QLineEdit::textChanged, this, &SecretField::changed);
    connect(m_file, &FilePathEdit::pathChanged, this, &SecretField::changed);
    connect(m_load, &QToolButton::clicked, this, &SecretField::handleLoadFromFile);
    updatePlaceholder();
}

SecretField::~SecretField() = default;

void SecretField::setStoredReference(const QString &reference)
{
    m_stored = reference;
    m_loaded.clear();
    m_loadedFrom.clear();
    const QSignalBlocker blockValue(m_value);
    const QSignalBlocker blockEnvironment(m_environment);
    const QSignalBlocker blockFile(m_file);
    m_value->clear();
    m_environment->clear();
    m_file->setPath(QString());
    Source source = Source::Keychain;
    if (const auto ref = SecretRef::parse(reference)) {
        switch (ref->kind()) {
        case SecretRef::Kind::Keychain:
            break;
        case SecretRef::Kind::Env:
            source = Source::Environment;
            m_environment->setText(ref->name());
            break;
        case SecretRef::Kind::File:
            source = Source::File;
            m_file->setPath(ref->name());
            break;
        }
    }
    {
        const QSignalBlocker blockSource(m_source);
        m_source->setCurrentIndex(m_source->findData(int(source)));
        m_stack->setCurrentIndex(m_source->currentIndex());
    }
    updatePlaceholder();
    Q_EMIT changed();
}

QString SecretField::reference() const
{
    switch (source()) {
    case Source::Keychain:
        if (!newValue().isEmpty())
            return m_freshReference;
        return m_stored.startsWith(u"keychain:") ? m_stored : QString();
    case Source::Environment: {
        const QString name = m_environment->text().trimmed();
        return name.isEmpty() ? QString() : QStringLiteral("env:") + name;
    }
    case Source::File: {
        const QString path = m_file->path();
        return path.isEmpty() ? QString() : QStringLiteral("file:") + path;
    }
    }
    return {};
}

QByteArray SecretField::newValue() const
{
    if (source() != Source::Keychain)
        return {};
    if (!m_value->text().isEmpty())
        return m_value->text().toUtf8();
    return m_loaded;
}

std::optional<SecretChange> SecretField::change(const QString &field) const
{
    const QByteArray value = newValue();
    if (value.isEmpty())
        return std::nullopt;
    return SecretChange { field, m_freshReference, value };
}

SecretField::Source SecretField::source() const { return Source(m_source->currentData().toInt()); }

void SecretField::setSource(Source source)
{
    m_source->setCurrentIndex(m_source->findData(int(source)));
}

void SecretField::setLoadFromFileAllowed(bool allowed) { m_load->setVisible(allowed); }

void SecretField::handleSourceChanged()
{
    m_stack->setCurrentIndex(m_source->currentIndex());
    updatePlaceholder();
    Q_EMIT changed();
}

void SecretField::handleLoadFromFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load a private key"), QString(), tr("PEM files (*.pem *.key);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Load a private key"),
            tr("%1 cannot be read: %2").arg(path, file.errorString()));
        return;
    }
    if (file.size() > SecretResolver::MaxFileSize) {
        QMessageBox::warning(this, tr("Load a private key"),
            tr("%1 is larger than %2 KiB: that is not a private key")
                .arg(path)
                .arg(SecretResolver::MaxFileSize / 1024));
        return;
    }
    m_loaded = file.readAll();
    m_loadedFrom = QFileInfo(path).fileName();
    m_value->clear();
    updatePlaceholder();
    Q_EMIT changed();
}

void SecretField::updatePlaceholder()
{
    if (!m_loaded.isEmpty())
        m_value->setPlaceholderText(
            tr("loaded from %1 — goes to the keychain on save").arg(m_loadedFrom));
    else if (m_stored.startsWith(u"keychain:"))
        m_value->setPlaceholderText(tr("stored in the keychain — type to replace"));
    else
        m_value->setPlaceholderText(tr("not set — type to store it in the keychain"));
}

} // namespace Tandem::Ui
