// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/proberesultview.h"

#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "ui/models/clocktext.h"
#include "ui/widgets/formgrid.h"

namespace Tandem::Ui {

namespace {

const QColor kGood(0x1e, 0x7b, 0x34);
const QColor kBad(0xb3, 0x26, 0x1e);
const QColor kWarn(0x9a, 0x5b, 0x00);

QLabel *valueLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return label;
}

// What an HTTP status means for someone checking a target's configuration.
QString meaning(int status)
{
    if (status >= 200 && status < 300)
        return ProbeResultView::tr("the target accepted the request");
    if (status == 401)
        return ProbeResultView::tr("the target refused the credentials");
    if (status == 403)
        return ProbeResultView::tr("the credentials lack permission");
    if (status == 404)
        return ProbeResultView::tr("nothing there: check the URL or the probe path");
    if (status == 405)
        return ProbeResultView::tr("the target does not take this method here");
    if (status == 408 || status == 429)
        return ProbeResultView::tr("the target is busy; deliveries would be retried");
    if (status >= 300 && status < 400)
        return ProbeResultView::tr("a redirect: deliveries do not follow redirects");
    if (status >= 400 && status < 500)
        return ProbeResultView::tr("the target refused the request");
    return ProbeResultView::tr("the target has a problem; deliveries would be retried");
}

} // namespace

ProbeResultView::ProbeResultView(QWidget *parent)
    : QWidget(parent)
    , m_headline(new QLabel(this))
    , m_details(new QWidget(this))
    , m_form(new FormGrid(m_details))
    , m_status(valueLabel(m_details, "probeStatus"))
    , m_latency(valueLabel(m_details, "probeLatency"))
    , m_protocol(valueLabel(m_details, "probeProtocol"))
    , m_tls(valueLabel(m_details, "probeTls"))
    , m_subject(valueLabel(m_details, "probePeerSubject"))
    , m_issuer(valueLabel(m_details, "probePeerIssuer"))
    , m_expires(valueLabel(m_details, "probePeerExpires"))
    , m_clientCertificate(valueLabel(m_details, "probeClientCertificate"))
    , m_excerpt(new QPlainTextEdit(m_details))
{
    m_headline->setObjectName(QStringLiteral("probeHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);

    m_excerpt->setObjectName(QStringLiteral("probeExcerpt"));
    m_excerpt->setReadOnly(true);
    m_excerpt->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_excerpt->setMaximumHeight(90);
    m_excerpt->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(tr("Status:"), m_status);
    m_form->addRow(tr("Latency:"), m_latency);
    m_form->addRow(tr("Protocol:"), m_protocol);
    m_form->addRow(tr("TLS:"), m_tls);
    m_form->addRow(tr("Server certificate:"), m_subject);
    m_form->addRow(tr("Issued by:"), m_issuer);
    m_form->addRow(tr("Valid until:"), m_expires);
    m_form->addRow(tr("Client certificate:"), m_clientCertificate);
    m_form->addRow(tr("Answer:"), m_excerpt);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addWidget(m_details);
    layout->addStretch(1);
    showIdle();
}

ProbeResultView::~ProbeResultView() = default;

QString ProbeResultView::headline() const { return m_headline->text(); }

void ProbeResultView::setHeadline(const QString &text, const QColor &color)
{
    m_headline->setText(text);
    QPalette p = m_headline->palette();
    p.setColor(
        QPalette::WindowText, color.isValid() ? color : palette().color(QPalette::WindowText));
    m_headline->setPalette(p);
}

void ProbeResultView::setDetailsVisible(bool visible) { m_details->setVisible(visible); }

void ProbeResultView::showIdle()
{
    setHeadline(tr("Not tested yet."), palette().color(QPalette::PlaceholderText));
    setDetailsVisible(false);
}

void ProbeResultView::showRunning(const QString &what)
{
    setHeadline(what, palette().color(QPalette::PlaceholderText));
    setDetailsVisible(false);
}

void ProbeResultView::showProblem(const QString &problem)
{
    setHeadline(tr("Not sent: %1").arg(problem), kBad);
    setDetailsVisible(false);
}

void ProbeResultView::showResult(const ProbeResult &r)
{
    if (!r.sent) {
        showProblem(r.error);
        return;
    }
    const QLocale locale;
    if (!r.reached) {
        setHeadline(
            tr("No answer: %1").arg(r.error.isEmpty() ? tr("unknown error") : r.error), kBad);
    } else {
        const bool ok = r.httpStatus >= 200 && r.httpStatus < 300;
        const bool retryable = r.httpStatus == 408 || r.httpStatus == 429 || r.httpStatus >= 500;
        setHeadline(tr("HTTP %1: %2").arg(r.httpStatus).arg(meaning(r.httpStatus)),
            ok              ? kGood
                : retryable ? kWarn
                            : kBad);
    }
    const auto setRow = [this](QLabel *label, const QString &text) {
        label->setText(text);
        m_form->setRowVisible(label, !text.isEmpty());
    };
    setRow(m_status,
        r.reached ? QStringLiteral("%1 %2").arg(r.httpStatus).arg(r.reasonPhrase).trimmed()
                  : tr("no HTTP answer"));
    setRow(m_latency,
        r.reached || r.latencyMs > 0 ? tr("%1 ms").arg(locale.toString(r.latencyMs)) : QString());
    setRow(m_protocol, r.reached ? (r.http2 ? tr("HTTP/2") : tr("HTTP/1.1")) : QString());
    const bool tls = !r.tlsProtocol.isEmpty();
    setRow(m_tls,
        tls ? (r.tlsCipher.isEmpty() ? r.tlsProtocol : tr("%1, %2").arg(r.tlsProtocol, r.tlsCipher))
            : (r.reached ? tr("none (plain HTTP)") : QString()));
    setRow(m_subject, tls ? r.peerSubject : QString());
    setRow(m_issuer, tls ? r.peerIssuer : QString());
    QString expires;
    if (tls && r.peerExpiresAt.isValid()) {
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(r.peerExpiresAt);
        expires = tr("%1 (%2)").arg(dateTimeText(r.peerExpiresAt.toMSecsSinceEpoch(), false),
            days < 0        ? tr("expired")
                : days == 0 ? tr("expires today")
                : days == 1 ? tr("expires tomorrow")
                : days < 30 ? tr("expires in %1 days").arg(days)
                            : tr("in %1 days").arg(days));
    }
    setRow(m_expires, expires);
    setRow(m_clientCertificate,
        tls ? (r.clientCertificateSent ? tr("sent") : tr("none sent")) : QString());
    m_excerpt->setPlainText(QString::fromUtf8(r.responseExcerpt));
    m_form->setRowVisible(m_excerpt, !r.responseExcerpt.isEmpty());
    setDetailsVisible(true);
}

} // namespace Tandem::Ui
