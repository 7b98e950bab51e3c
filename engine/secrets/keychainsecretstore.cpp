// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/secrets/keychainsecretstore.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>

#ifdef Q_OS_LINUX
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcSecrets, "tandem.secrets")

namespace Tandem {

namespace {

const QString kLockedHint = QStringLiteral(
    "the keychain (Secret Service default collection) is locked: unlock it (log in to the "
    "desktop, or `gnome-keyring-daemon --unlock`) and retry; nothing was lost");
const QString kKeychainFix = QStringLiteral(
    "install and start a Secret Service (gnome-keyring or KWallet) in a D-Bus session, or on a "
    "headless server use `env:NAME` or `file:/path` secret references instead of `keychain:`");

enum class Collection {
    Unlocked,
    Locked,
    NoSecretService, ///< nothing on the session bus answers to org.freedesktop.secrets
    Unknown, ///< no bus, no default collection, or no answer: the detail says which
};

struct CollectionState
{
    Collection state;
    QString detail;
};

template <typename T>
void post(const QPointer<QObject> &context, std::function<void(Result<T>)> done, Result<T> result)
{
    if (!context)
        return;
    QMetaObject::invokeMethod(
        context.data(),
        [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
        Qt::QueuedConnection);
}

QString entryName(const QString &service, const QString &key)
{
    return u'"' % key % QStringLiteral("\" (service \"") % service % QStringLiteral("\")");
}

Error lockedError(const QString &operation)
{
    return { Error::Code::KeychainLocked, operation % QStringLiteral(": ") % kLockedHint };
}

/// What is missing and how to fix it, from a QtKeychain or D-Bus message: QtKeychain reports
/// all of these as OtherError, so only the text tells them apart.
struct Diagnosis
{
    QString missing;
    QString fix;
};

Diagnosis diagnose(const QString &message)
{
    if (message.contains(QLatin1String("autolaunch"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("Could not connect"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("D-Bus is not running"), Qt::CaseInsensitive))
        return { QStringLiteral(
                     "no D-Bus session bus is reachable (is DBUS_SESSION_BUS_ADDRESS set?)"),
            kKeychainFix };
    if (message.contains(QLatin1String(".service files"))
        || message.contains(QLatin1String("org.freedesktop.secrets"))
        || message.contains(QLatin1String("No keychain service")))
        return { QStringLiteral(
                     "no Secret Service (org.freedesktop.secrets) runs on the D-Bus session bus"),
            kKeychainFix };
    // gnome-keyring started on demand in a session that never created a login keyring.
    if (message.contains(QLatin1String("Object does not exist"))
        || message.contains(QLatin1String("No such object")))
        return { QStringLiteral("the Secret Service has no default collection (keyring) to keep "
                                "secrets in"),
            QStringLiteral("create and unlock the login keyring (log in to the desktop once, or "
                           "start `gnome-keyring-daemon --unlock` with a password on stdin), or "
                           "on a headless server use `env:NAME` or `file:/path` secret "
                           "references instead of `keychain:`") };
    return { QStringLiteral("the OS keychain cannot be used"), kKeychainFix };
}

Error unavailableError(const QString &operation, const QString &source, const QString &message)
{
    const Diagnosis diagnosis = diagnose(message);
    return { Error::Code::KeychainUnavailable,
        operation % QStringLiteral(": ") % diagnosis.missing % QStringLiteral(" (") % source
            % QStringLiteral(": ") % message % QStringLiteral("): ") % diagnosis.fix };
}

/// Every failure except "not found", which needs the collection check first.
Error jobError(QKeychain::Error code, const QString &message, const QString &operation)
{
    // A write into a locked collection comes back as AccessDenied, "Cannot create an item in a
    // locked collection"; AccessDenied alone may also be a refusal, so the text decides.
    if (message.contains(QLatin1String("locked"), Qt::CaseInsensitive))
        return lockedError(operation);
    switch (code) {
    case QKeychain::AccessDeniedByUser:
        return Error::io(operation
            % QStringLiteral(": access to the keychain was denied by the user (QtKeychain: ")
            % message % u')');
    case QKeychain::AccessDenied:
        return Error::io(operation
            % QStringLiteral(": access to the keychain was denied (QtKeychain: ") % message % u')');
    case QKeychain::CouldNotDeleteEntry:
        return Error::io(operation
            % QStringLiteral(": the keychain could not delete the entry (QtKeychain: ") % message
            % u')');
    case QKeychain::EntryNotFound:
        return Error::notFound(operation % QStringLiteral(": no such entry in the keychain"));
    case QKeychain::NoError:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    return unavailableError(operation, QStringLiteral("QtKeychain"), message);
}

/// Asks the Secret Service whether its default collection is locked; `done` runs on the
/// calling thread, possibly synchronously.
void checkDefaultCollection(std::function<void(CollectionState)> done)
{
#ifdef Q_OS_LINUX
    // libsecret looks only at unlocked items and QtKeychain turns "no unlocked match" into
    // EntryNotFound, so a locked keyring is indistinguishable from a missing entry without this.
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        done({ Collection::Unknown, bus.lastError().message() });
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    call << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    // Long enough for the bus to start gnome-keyring on demand.
    constexpr int kTimeoutMs = 10000;
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, kTimeoutMs));
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, watcher,
        [done = std::move(done)](QDBusPendingCallWatcher *w) {
            w->deleteLater();
            const QDBusPendingReply<QDBusVariant> reply = *w;
            if (reply.isError()) {
                const QDBusError error = reply.error();
                done({ error.type() == QDBusError::ServiceUnknown ? Collection::NoSecretService
                                                                  : Collection::Unknown,
                    error.name() % QStringLiteral(": ") % error.message() });
                return;
            }
            done({ reply.value().variant().toBool() ? Collection::Locked : Collection::Unlocked,
                {} });
        });
#else
    // Keychain Services and the Credential Manager unlock on demand: their "not found" is final.
    done({ Collection::Unlocked, {} });
#endif
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

// The jobs have no parent and delete themselves, and their handlers capture values rather than
// `this`, so a call completes (or is dropped with its context) whatever happens to the store.
namespace {

// Never the insecure fallback: where no keychain works, a secret is not written anywhere else.
template <typename Job> Job *newJob(const QString &service, const QString &key)
{
    auto *job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

void KeychainSecretStore::read(
    const QString &key, QObject *context, std::function<void(Result<QByteArray>)> done)
{
    Q_ASSERT(context);
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key);
    const QString operation = QStringLiteral("reading keychain entry ") % entryName(m_service, key);
    QObject::connect(job, &QKeychain::Job::finished, job,
        [guard = QPointer<QObject>(context), done = std::move(done), operation](
            QKeychain::Job *finished) mutable {
            if (!guard)
                return;
            const QKeychain::Error code = finished->error();
            if (code == QKeychain::NoError) {
                post<QByteArray>(guard, std::move(done),
                    static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData());
                return;
            }
            const QString message = finished->errorString();
            qCDebug(lcSecrets) << operation << "failed:" << code << message;
            if (code != QKeychain::EntryNotFound) {
                post<QByteArray>(guard, std::move(done), fail(jobError(code, message, operation)));
                return;
            }
            checkDefaultCollection(
                [guard, done = std::move(done), operation](CollectionState collection) mutable {
                    switch (collection.state) {
                    case Collection::Locked:
                        post<QByteArray>(guard, std::move(done), fail(lockedError(operation)));
                        return;
                    case Collection::Unlocked:
                    // QtKeychain answered without the Secret Service (KWallet's own interface),
                    // and that answer is final.
                    case Collection::NoSecretService:
                        post<QByteArray>(guard, std::move(done),
                            fail(Error::notFound(
                                operation % QStringLiteral(": no such entry in the keychain"))));
                        return;
                    case Collection::Unknown:
                        // Not found, and not known to be unlocked: saying "not found" could send
                        // an operator to re-enter a secret that is only hidden.
                        post<QByteArray>(guard, std::move(done),
                            fail(unavailableError(operation
                                    % QStringLiteral(": the entry was not found and the Secret "
                                                     "Service did not say whether it is locked"),
                                QStringLiteral("D-Bus"), collection.detail)));
                        return;
                    }
                });
        });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QByteArray &value, QObject *context,
    std::function<void(Result<void>)> done)
{
    Q_ASSERT(context);
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key);
    // Binary, not text: a secret need not be UTF-8, and text mode would not round-trip it.
    job->setBinaryData(value);
    const QString operation = QStringLiteral("storing keychain entry ") % entryName(m_service, key);
    QObject::connect(job, &QKeychain::Job::finished, job,
        [guard = QPointer<QObject>(context), done = std::move(done), operation](
            QKeychain::Job *finished) mutable {
            const QKeychain::Error code = finished->error();
            if (code == QKeychain::NoError) {
                post<void>(guard, std::move(done), {});
                return;
            }
            qCDebug(lcSecrets) << operation << "failed:" << code << finished->errorString();
            post<void>(
                guard, std::move(done), fail(jobError(code, finished->errorString(), operation)));
        });
    job->start();
}

void KeychainSecretStore::remove(
    const QString &key, QObject *context, std::function<void(Result<void>)> done)
{
    Q_ASSERT(context);
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key);
    const QString operation
        = QStringLiteral("removing keychain entry ") % entryName(m_service, key);
    QObject::connect(job, &QKeychain::Job::finished, job,
        [guard = QPointer<QObject>(context), done = std::move(done), operation](
            QKeychain::Job *finished) mutable {
            if (!guard)
                return;
            const QKeychain::Error code = finished->error();
            if (code != QKeychain::NoError && code != QKeychain::EntryNotFound) {
                qCDebug(lcSecrets) << operation << "failed:" << code << finished->errorString();
                post<void>(guard, std::move(done),
                    fail(jobError(code, finished->errorString(), operation)));
                return;
            }
            // A locked collection hides the entry, so the delete "succeeds" while the secret
            // stays: that must not be reported as removed.
            checkDefaultCollection(
                [guard, done = std::move(done), operation](CollectionState collection) mutable {
                    if (collection.state == Collection::Locked)
                        post<void>(guard, std::move(done), fail(lockedError(operation)));
                    else
                        post<void>(guard, std::move(done), {});
                });
        });
    job->start();
}

} // namespace Tandem
