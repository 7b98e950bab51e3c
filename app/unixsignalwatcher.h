// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Tandem {

/// Turns SIGINT and SIGTERM into a Qt signal on the thread that created the watcher (the
/// self-pipe trick: the handler only writes the signal number to a socket).
/// One watcher per process; it restores the default handlers when destroyed.
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalWatcher)

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void handleActivated();

    int m_fds[2] = { -1, -1 };
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Tandem
