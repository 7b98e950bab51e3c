// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/secrets/secretresolver.h"

#include <memory>

#include <QFile>
#include <QMetaObject>
#include <QObject>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/secrets/secretstore.h"

namespace Tandem {

namespace {

template <typename T>
void post(QObject *context, std::function<void(Result<T>)> done, Result<T> result)
{
    QMetaObject::invokeMethod(
        context,
        [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
        Qt::QueuedConnection);
}

QString quoted(const SecretRef &ref) { return u'`' % ref.toString() % u'`'; }

Result<QByteArray> readEnv(const SecretRef &ref)
{
    QByteArray value = qgetenv(ref.name().toLocal8Bit().constData());
    if (value.isEmpty())
        return fail(Error::invalid(QStringLiteral("secret ") % quoted(ref)
            % QStringLiteral(": the environment variable ") % ref.name()
            % QStringLiteral(" is not set or is empty")));
    return value;
}

class FileDescriptor
{
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    {
    }
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;

    int get() const { return m_fd; }

private:
    int m_fd;
};

Result<QByteArray> readFile(const SecretRef &ref)
{
    const QString path = ref.name();
    const QString prefix = QStringLiteral("secret ") % quoted(ref);
    // O_NONBLOCK: a FIFO in place of the file must be refused below, not hang the engine.
    const QByteArray nativePath = QFile::encodeName(path);
    const FileDescriptor fd(
        ::open(nativePath.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0) {
        const int error = errno;
        return fail(Error::invalid(
            prefix % QStringLiteral(": cannot open the file: ") % qt_error_string(error)));
    }

    // Checked on the open descriptor, not the path, so the file read is the file checked.
    struct stat st = {};
    if (::fstat(fd.get(), &st) != 0) {
        const int error = errno;
        return fail(Error::io(
            prefix % QStringLiteral(": cannot stat the file: ") % qt_error_string(error)));
    }
    if (S_ISDIR(st.st_mode))
        return fail(Error::invalid(prefix % QStringLiteral(" is a directory, not a file")));
    if (!S_ISREG(st.st_mode))
        return fail(Error::invalid(prefix % QStringLiteral(" is not a regular file")));
    if (st.st_uid != ::geteuid())
        return fail(Error::invalid(prefix % QStringLiteral(" is owned by uid ")
            % QString::number(st.st_uid) % QStringLiteral(", not by the user running tandem (uid ")
            % QString::number(::geteuid())
            % QStringLiteral("): chown it to that user and run `chmod 600 ") % path
            % QStringLiteral("`")));
    // Permission bits, not access(): as root every file is readable, yet a secret that others
    // can read is already leaked.
    if ((st.st_mode & 077) != 0)
        return fail(Error::invalid(prefix
            % QStringLiteral(" is readable or writable by group or others (mode ")
            % QString::asprintf("%04o", unsigned(st.st_mode & 07777))
            % QStringLiteral("): run `chmod 600 ") % path % QStringLiteral("`")));
    const QString tooLarge = prefix % QStringLiteral(" is larger than ")
        % QString::number(SecretResolver::MaxFileSize / 1024)
        % QStringLiteral(" KiB: a secret file holds the secret and nothing else");
    if (st.st_size > SecretResolver::MaxFileSize)
        return fail(Error::invalid(tooLarge));

    // One byte beyond the limit tells a file that grew since fstat from one that fits exactly.
    QByteArray data(SecretResolver::MaxFileSize + 1, Qt::Uninitialized);
    qsizetype filled = 0;
    while (filled < data.size()) {
        const ssize_t n = ::read(fd.get(), data.data() + filled, size_t(data.size() - filled));
        if (n < 0) {
            const int error = errno;
            if (error == EINTR)
                continue;
            return fail(Error::io(
                prefix % QStringLiteral(": cannot read the file: ") % qt_error_string(error)));
        }
        if (n == 0)
            break;
        filled += n;
    }
    if (filled > SecretResolver::MaxFileSize)
        return fail(Error::invalid(tooLarge));
    data.truncate(filled);

    // `echo secret > file` leaves a line break that is not part of the secret.
    if (data.endsWith("\r\n"))
        data.chop(2);
    else if (data.endsWith('\n'))
        data.chop(1);
    if (data.isEmpty())
        return fail(Error::invalid(prefix % QStringLiteral(" is empty")));
    return data;
}

void resolveOne(SecretStore *store, const SecretRef &ref, QObject *context,
    std::function<void(Result<QByteArray>)> done)
{
    switch (ref.kind()) {
    case SecretRef::Kind::Env:
        post(context, std::move(done), readEnv(ref));
        return;
    case SecretRef::Kind::File:
        post(context, std::move(done), readFile(ref));
        return;
    case SecretRef::Kind::Keychain:
        break;
    }
    if (!store) {
        post(context, std::move(done),
            Result<QByteArray>(fail({ Error::Code::KeychainUnavailable,
                QStringLiteral("secret ") % quoted(ref)
                    % QStringLiteral(": no OS keychain is configured for this engine; on a "
                                     "headless server use an `env:NAME` or `file:/path` secret "
                                     "reference instead") })));
        return;
    }
    store->read(ref.name(), context,
        [prefix = QString(QStringLiteral("secret ") % quoted(ref)), done = std::move(done)](
            Result<QByteArray> result) {
            if (!result)
                result.error().message = prefix % QStringLiteral(": ") % result.error().message;
            done(std::move(result));
        });
}

struct Batch
{
    SecretStore *store = nullptr;
    QObject *context = nullptr;
    QList<SecretRef> refs;
    QList<QByteArray> values;
    std::function<void(Result<QList<QByteArray>>)> done;
};

// Runs on the context's thread from inside the previous reference's callback, so the context
// is alive whenever this is reached.
void resolveNext(std::shared_ptr<Batch> batch)
{
    if (batch->values.size() == batch->refs.size()) {
        batch->done(std::move(batch->values));
        return;
    }
    const SecretRef &ref = batch->refs.at(batch->values.size());
    resolveOne(batch->store, ref, batch->context, [batch](Result<QByteArray> result) {
        if (!result) {
            batch->done(fail(std::move(result.error())));
            return;
        }
        batch->values.append(std::move(*result));
        resolveNext(batch);
    });
}

} // namespace

SecretResolver::SecretResolver(SecretStore *store)
    : m_store(store)
{
}

void SecretResolver::resolve(
    const SecretRef &ref, QObject *context, std::function<void(Result<QByteArray>)> done)
{
    Q_ASSERT(context);
    resolveOne(m_store, ref, context, std::move(done));
}

void SecretResolver::resolveAll(const QList<SecretRef> &refs, QObject *context,
    std::function<void(Result<QList<QByteArray>>)> done)
{
    Q_ASSERT(context);
    if (refs.isEmpty()) {
        post(context, std::move(done), Result<QList<QByteArray>>(QList<QByteArray>()));
        return;
    }
    auto batch = std::make_shared<Batch>();
    batch->store = m_store;
    batch->context = context;
    batch->refs = refs;
    batch->values.reserve(refs.size());
    batch->done = std::move(done);
    resolveNext(std::move(batch));
}

} // namespace Tandem
