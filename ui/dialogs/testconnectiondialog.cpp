// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/testconnectiondialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "engine/secrets/secretresolver.h"
#include "ui/widgets/proberesultview.h"

namespace Tandem::Ui {

TestConnectionDialog::TestConnectionDialog(
    const TargetConfig &target, SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_target(target)
    , m_resolver(std::make_unique<SecretResolver>(secrets))
    , m_probe(new ConnectionProbe(this))
    , m_result(new ProbeResultView)
{
    setWindowTitle(tr("Test connection: %1").arg(target.name));
    auto *intro = new QLabel(tr("One real request to <b>%1</b> with the stored credentials, as a "
                                "delivery would send it: POST <code>{}</code>. Nothing is "
                                "stored; breaker, rate limit and retries do not apply.")
                                 .arg(target.url.toDisplayString().toHtmlEscaped()));
    intro->setWordWrap(true);
    m_result->setObjectName(QStringLiteral("probeResult"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_again = buttons->addButton(tr("Test again"), QDialogButtonBox::ActionRole);
    m_again->setObjectName(QStringLiteral("testAgain"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_again, &QPushButton::clicked, this, &TestConnectionDialog::runTest);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_result, 1);
    layout->addWidget(buttons);

    connect(m_probe, &ConnectionProbe::sending, this,
        [this](const QUrl &url, const QByteArray &method) {
            m_result->showRunning(
                tr("Sending %1 to %2…").arg(QString::fromLatin1(method), url.toDisplayString()));
        });
    connect(m_probe, &ConnectionProbe::finished, this, [this](const ProbeResult &result) {
        m_again->setEnabled(true);
        m_result->showResult(result);
        Q_EMIT finished(result);
    });
    resize(640, 460);
    runTest();
}

TestConnectionDialog::~TestConnectionDialog() = default;

void TestConnectionDialog::runTest()
{
    if (m_probe->isRunning())
        return;
    m_again->setEnabled(false);
    m_result->showRunning(tr("Reading the credentials…"));
    m_probe->startWithSecrets(*m_resolver, m_target);
}

QString TestConnectionDialog::headline() const { return m_result->headline(); }

} // namespace Tandem::Ui
