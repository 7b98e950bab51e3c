// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QDialog>

#include "engine/core/targetconfig.h"
#include "engine/dispatch/connectionprobe.h"

class QPushButton;

namespace Tandem {
class SecretResolver;
class SecretStore;
} // namespace Tandem

namespace Tandem::Ui {

class ProbeResultView;

/// "Test connection" from a target card: sends one real request (the default probe, POST `{}`
/// to the target's URL) with the target's stored credentials and shows what came back, without
/// opening the whole target dialog. The probe starts when the dialog opens; "Test again"
/// repeats it. Nothing is stored and no breaker or rate limit applies (ConnectionProbe).
///
/// Thread: UI thread. `secrets` (not owned) must outlive the dialog.
class TestConnectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestConnectionDialog)

public:
    TestConnectionDialog(
        const TargetConfig &target, SecretStore *secrets, QWidget *parent = nullptr);
    ~TestConnectionDialog() override;

    /// Sends the probe (ignored while one is on its way).
    void runTest();
    bool isTesting() const { return m_probe->isRunning(); }
    /// The result's headline, e.g. "HTTP 200: the target accepts requests".
    QString headline() const;

Q_SIGNALS:
    void finished(const Tandem::ProbeResult &result);

private:
    TargetConfig m_target;
    std::unique_ptr<SecretResolver> m_resolver;
    ConnectionProbe *m_probe;
    ProbeResultView *m_result;
    QPushButton *m_again;
};

} // namespace Tandem::Ui
