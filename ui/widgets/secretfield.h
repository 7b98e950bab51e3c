// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QByteArray>
#include <QWidget>

#include "ui/secretchange.h"

class QComboBox;
class QLineEdit;
class QStackedWidget;
class QToolButton;

namespace Tandem::Ui {

class FilePathEdit;

/// One secret of a target (a token, a password, a signing secret, a TLS key), edited the only
/// way secrets are: replaced, never revealed. The value field is masked and always starts empty;
/// its placeholder says whether a secret is stored. Where the secret comes from is a choice:
/// the OS keychain (typed here, or loaded from a file for a PEM key), or a reference to an
/// environment variable or an owner-only file for machines without a keychain.
///
/// A value typed for the keychain gets a fresh `keychain:` reference, made once per field, so
/// the configuration can name it before it is stored (see SecretChange).
///
/// Thread: UI thread.
class SecretField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretField)

public:
    enum class Source { Keychain, Environment, File };

    explicit SecretField(QWidget *parent = nullptr);
    ~SecretField() override;

    /// The reference the stored configuration holds ("" = not set); clears any edit.
    void setStoredReference(const QString &reference);
    QString storedReference() const { return m_stored; }

    /// The reference the configuration should hold now: the stored one, a fresh keychain one
    /// for a new value, or the env:/file: reference typed; "" when not set.
    QString reference() const;
    /// Whether reference() differs from the stored reference.
    bool isReplaced() const { return reference() != m_stored; }
    /// The new value for the keychain, typed or loaded; empty when none.
    QByteArray newValue() const;
    /// The keychain write this field needs on save, if any.
    std::optional<SecretChange> change(const QString &field) const;

    Source source() const;
    void setSource(Source source);
    /// Offers "Load from file…" next to the masked field (for multi-line PEM keys).
    void setLoadFromFileAllowed(bool allowed);

    QComboBox *sourceCombo() const { return m_source; }
    QLineEdit *valueEdit() const { return m_value; }
    QLineEdit *environmentEdit() const { return m_environment; }
    FilePathEdit *fileEdit() const { return m_file; }

Q_SIGNALS:
    void changed();

private:
    void handleSourceChanged();
    void handleLoadFromFile();
    void updatePlaceholder();

    QComboBox *m_source;
    QStackedWidget *m_stack;
    QLineEdit *m_value;
    QToolButton *m_load;
    QLineEdit *m_environment;
    FilePathEdit *m_file;
    QString m_stored;
    QString m_freshReference;
    QByteArray m_loaded;
    QString m_loadedFrom;
};

} // namespace Tandem::Ui
