// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QList>
#include <QObject>
#include <QStringList>

#include "engine/core/targetconfig.h"
#include "ui/secretchange.h"

namespace Tandem {
class Engine;
class SecretStore;
} // namespace Tandem

namespace Tandem::Ui {

/// Saves a target as the target dialog left it, live: the new secrets go to the keychain first
/// (each under the fresh reference the configuration already names), then the configuration is
/// added or updated in the store in one durable transaction, then the engine is told to reload
/// (its workers finish in-flight requests under the old settings and emit targetReconfigured,
/// which the event log records), and finally keychain entries no target refers to any more are
/// removed.
///
/// Nothing is half-saved: if a keychain write fails, the configuration is not touched and the
/// entries written so far are removed again; if the store refuses the configuration, the new
/// entries are removed. A stale keychain entry that cannot be removed afterwards is reported by
/// warning() but does not fail the save.
///
/// Thread: lives on the UI thread, with the engine and the secret store (neither owned; both
/// must outlive it). Nothing blocks: every step is asynchronous. One save at a time; save()
/// while busy fails at once. Every save() ends in exactly one saved() or failed().
class TargetEditor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetEditor)

public:
    enum class Mode { Add, Edit };

    /// `secrets` may be nullptr on a machine without a keychain: saves that need to write a
    /// secret then fail, `env:` and `file:` references still work.
    TargetEditor(Engine &engine, SecretStore *secrets, QObject *parent = nullptr);
    ~TargetEditor() override;

    /// `basis` (Edit) is the configuration the edit started from: if the stored one differs by
    /// now (another console or `tandem targets edit` changed it), nothing is saved and failed()
    /// says so, rather than silently undoing that change.
    void save(Mode mode, const TargetConfig &config, const QList<SecretChange> &secrets,
        const std::optional<TargetConfig> &basis = std::nullopt);
    bool isSaving() const { return m_saving; }

Q_SIGNALS:
    /// The configuration is durable and the engine is reloading. `changedFields` names what
    /// changed against the stored configuration (empty when adding), never a secret's value.
    void saved(const QString &target, const QStringList &changedFields);
    /// Nothing was changed; `message` says why (the keychain's or the store's words).
    void failed(const QString &message);
    void warning(const QString &message);

private:
    struct Outcome
    {
        QStringList changed;
        QStringList obsolete; ///< keychain references no target uses any more
    };

    void writeNextSecret();
    void storeConfig();
    void rollBack(const QString &message);
    void removeObsolete(QStringList references);

    Engine &m_engine;
    SecretStore *m_secrets;
    bool m_saving = false;
    Mode m_mode = Mode::Add;
    TargetConfig m_config;
    std::optional<TargetConfig> m_basis;
    QList<SecretChange> m_pending;
    QStringList m_written; ///< keychain ids written by this save, for a roll-back
};

} // namespace Tandem::Ui
