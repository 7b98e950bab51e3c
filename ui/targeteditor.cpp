// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/targeteditor.h"

#include <QSet>
#include <QTimer>

#include "engine/dispatch/engine.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretstore.h"
#include "engine/store/storethread.h"

namespace Tandem::Ui {

namespace {

QSet<QString> keychainReferences(const TargetConfig &config)
{
    QSet<QString> out;
    for (const auto &slot : config.secretSlots()) {
        if (slot.reference.startsWith(u"keychain:"))
            out.insert(slot.reference);
    }
    return out;
}

} // namespace

TargetEditor::TargetEditor(Engine &engine, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_secrets(secrets)
{
}

TargetEditor::~TargetEditor() = default;

void TargetEditor::save(Mode mode, const TargetConfig &config, const QList<SecretChange> &secrets,
    const std::optional<TargetConfig> &basis)
{
    if (m_saving) {
        // Reported asynchronously like every other outcome, so callers have one code path.
        QTimer::singleShot(
            0, this, [this] { Q_EMIT failed(tr("another save of a target is still under way")); });
        return;
    }
    m_saving = true;
    m_mode = mode;
    m_config = config;
    m_basis = basis;
    m_pending = secrets;
    m_written.clear();
    if (!m_pending.isEmpty() && !m_secrets) {
        QTimer::singleShot(0, this, [this] {
            m_saving = false;
            Q_EMIT failed(tr("no OS keychain is available, so the new secret cannot be stored; "
                             "refer to an environment variable or a file instead. Nothing "
                             "changed."));
        });
        return;
    }
    writeNextSecret();
}

void TargetEditor::writeNextSecret()
{
    if (m_pending.isEmpty()) {
        storeConfig();
        return;
    }
    const SecretChange change = m_pending.takeFirst();
    const auto ref = SecretRef::parse(change.reference);
    if (!ref || ref->kind() != SecretRef::Kind::Keychain) {
        QTimer::singleShot(0, this, [this, change] {
            rollBack(tr("%1: the new secret has no keychain reference").arg(change.field));
        });
        return;
    }
    const QString key = ref->name();
    m_secrets->write(key, change.value, this, [this, key, field = change.field](Result<void> r) {
        if (!r) {
            rollBack(tr("%1: the secret could not be stored in the keychain: %2. Nothing "
                        "changed.")
                         .arg(field, r.error().message));
            return;
        }
        m_written.append(key);
        writeNextSecret();
    });
}

void TargetEditor::storeConfig()
{
    const TargetConfig config = m_config;
    const std::optional<TargetConfig> basis = m_basis;
    const bool adding = m_mode == Mode::Add;
    m_engine.store().post<Outcome>(
        this,
        [config, basis, adding](Store &store) -> Result<Outcome> {
            auto all = store.targets();
            if (!all)
                return fail(all.error());
            std::optional<TargetConfig> old;
            QSet<QString> usedElsewhere;
            for (const StoredTarget &t : std::as_const(*all)) {
                if (t.config.name == config.name)
                    old = t.config;
                else
                    usedElsewhere.unite(keychainReferences(t.config));
            }
            Outcome out;
            if (adding) {
                if (auto r = store.addTarget(config); !r)
                    return fail(r.error());
            } else {
                if (!old)
                    return fail(Error::notFound(
                        QObject::tr("the target \"%1\" no longer exists").arg(config.name)));
                if (basis && *old != *basis)
                    return fail(Error::invalid(
                        QObject::tr("the target \"%1\" was changed elsewhere meanwhile (%2); "
                                    "reopen it to see the change")
                            .arg(config.name, old->changedFields(*basis).join(u", "))));
                out.changed = config.changedFields(*old);
                if (auto r = store.updateTarget(config); !r)
                    return fail(r.error());
            }
            if (old) {
                const QSet<QString> kept = keychainReferences(config);
                for (const QString &ref : keychainReferences(*old)) {
                    if (!kept.contains(ref) && !usedElsewhere.contains(ref))
                        out.obsolete.append(ref);
                }
                out.obsolete.sort();
            }
            return out;
        },
        [this, config](Result<Outcome> r) {
            if (!r) {
                rollBack(tr("%1. Nothing changed.").arg(r.error().message));
                return;
            }
            m_engine.reloadTargets();
            m_written.clear();
            m_saving = false;
            Q_EMIT saved(config.name, r->changed);
            removeObsolete(r->obsolete);
        },
        StoreThread::Commit::Durable);
}

void TargetEditor::rollBack(const QString &message)
{
    // Best effort: an entry left behind holds a secret nobody refers to, which is worth a
    // warning but must not hide the real error.
    const QStringList written = std::exchange(m_written, {});
    for (const QString &key : written) {
        m_secrets->remove(key, this, [this, key](Result<void> r) {
            if (!r)
                Q_EMIT warning(tr("the unused keychain entry %1 could not be removed: %2")
                                   .arg(key, r.error().message));
        });
    }
    m_pending.clear();
    m_saving = false;
    Q_EMIT failed(message);
}

void TargetEditor::removeObsolete(QStringList references)
{
    if (!m_secrets)
        return;
    for (const QString &text : std::as_const(references)) {
        const auto ref = SecretRef::parse(text);
        if (!ref || ref->kind() != SecretRef::Kind::Keychain)
            continue;
        m_secrets->remove(ref->name(), this, [this, text](Result<void> r) {
            if (!r)
                Q_EMIT warning(tr("the old keychain entry %1 could not be removed: %2")
                                   .arg(text, r.error().message));
        });
    }
}

} // namespace Tandem::Ui
