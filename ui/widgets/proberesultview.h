// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "engine/dispatch/connectionprobe.h"

class QLabel;
class QPlainTextEdit;

namespace Tandem::Ui {

class FormGrid;

/// What "Test connection" found out, in words: a headline (reached or not, and what the status
/// means for an operator), then status, latency, protocol, TLS session and server certificate
/// details and the start of the answer.
///
/// Thread: UI thread.
class ProbeResultView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeResultView)

public:
    explicit ProbeResultView(QWidget *parent = nullptr);
    ~ProbeResultView() override;

    void showIdle();
    void showRunning(const QString &what);
    /// The probe could not be sent (credentials missing, keychain locked, …).
    void showProblem(const QString &problem);
    void showResult(const ProbeResult &result);

    QString headline() const;

private:
    void setHeadline(const QString &text, const QColor &color);
    void setDetailsVisible(bool visible);

    QLabel *m_headline;
    QWidget *m_details;
    FormGrid *m_form;
    QLabel *m_status;
    QLabel *m_latency;
    QLabel *m_protocol;
    QLabel *m_tls;
    QLabel *m_subject;
    QLabel *m_issuer;
    QLabel *m_expires;
    QLabel *m_clientCertificate;
    QPlainTextEdit *m_excerpt;
};

} // namespace Tandem::Ui
