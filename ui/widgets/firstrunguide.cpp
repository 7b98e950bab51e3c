// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/firstrunguide.h"

#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/dispatch/engine.h"
#include "engine/ingest/listenaddress.h"
#include "engine/store/storethread.h"
#include "ui/appearance.h"
#include "ui/uisettings.h"
#include "ui/widgets/sectionpages.h"

namespace Tandem::Ui {

namespace {

constexpr int StepCount = 3;
constexpr int PageWidth = 680;

QString stepTitle(int step)
{
    switch (step) {
    case 0:
        return FirstRunGuide::tr("Add a target");
    case 1:
        return FirstRunGuide::tr("Add a second target");
    default:
        break;
    }
    return FirstRunGuide::tr("Send a message");
}

QString stepDetail(int step)
{
    switch (step) {
    case 0:
        return FirstRunGuide::tr(
            "A target is an HTTP API that receives every message. A name and a URL are enough; "
            "authentication, retries and the circuit breaker have sensible defaults.");
    case 1:
        return FirstRunGuide::tr(
            "Tandem delivers each message to every target, independently: an inventory API and "
            "a logistics API, say. One failing never holds up the other.");
    default:
        break;
    }
    return FirstRunGuide::tr(
        "Producers POST JSON to the ingest API. Try it from a terminal, or send a test message "
        "from here, and watch it arrive on the cards.");
}

// A word the shell takes as it is, quoted only when it needs to be.
QString shellWord(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

FirstRunGuide::FirstRunGuide(Engine &engine, Presentation presentation, QWidget *parent)
    : QFrame(parent)
    , m_engine(engine)
    , m_presentation(presentation)
{
    m_addTarget = new QPushButton(tr("Add target…"));
    m_addTarget->setObjectName(presentation == Presentation::Page
            ? QStringLiteral("emptyAddTarget")
            : QStringLiteral("guideAddTarget"));
    connect(m_addTarget, &QPushButton::clicked, this, &FirstRunGuide::addTargetRequested);
    m_commandBox = buildCommandBox();
    if (presentation == Presentation::Page) {
        setObjectName(QStringLiteral("firstRunPage"));
        // A page of a stack whose other page is the cards: its height must not become the
        // stack's minimum, or the charts under the cards lose their room.
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
        buildPage();
    } else {
        setObjectName(QStringLiteral("firstRunBar"));
        m_dismissed = UiSettings::firstRunDismissed();
        buildBar();
        connect(&m_engine, &Engine::metricsUpdated, this, &FirstRunGuide::handleMetrics);
        // What the store recorded last time: a data directory whose targets already had
        // traffic is past its first run.
        m_engine.store().post<bool>(
            this,
            [](Store &s) -> Result<bool> {
                auto latest = s.latestMetrics();
                if (!latest)
                    return fail(latest.error());
                for (const QJsonObject &m : std::as_const(*latest)) {
                    if (m.value(QStringLiteral("attempts")).toDouble() > 0)
                        return true;
                }
                return false;
            },
            [this](Result<bool> r) {
                m_historyKnown = true;
                if (r && *r)
                    setMessageSeen();
                else
                    updateSteps();
            },
            StoreThread::Commit::Lazy);
    }
    updateSteps();
}

FirstRunGuide::~FirstRunGuide() = default;

FirstRunGuide::Step FirstRunGuide::nextStep(int targets, bool messageSeen)
{
    if (targets <= 0)
        return Step::AddTarget;
    if (messageSeen)
        return Step::Done; // messages flow: one target is a choice, not a first run
    return targets == 1 ? Step::AddSecondTarget : Step::SendMessage;
}

QString FirstRunGuide::curlCommand(const QString &ingestUrl, const QString &dataDir)
{
    const QString token = dataDir.isEmpty()
        ? QStringLiteral("tandem ingest token")
        : QStringLiteral("tandem --data %1 ingest token").arg(shellWord(dataDir));
    // The token in a variable first, so that no line outgrows the box; pasted whole into a
    // shell, it runs as it is.
    return QStringLiteral("TOKEN=$(%1)\n"
                          "curl -H \"Authorization: Bearer $TOKEN\" \\\n"
                          "     -H 'Content-Type: application/json' \\\n"
                          "     -d '{\"order\": 1}' %2/v1/messages")
        .arg(token, ingestUrl);
}

QWidget *FirstRunGuide::buildCommandBox()
{
    auto *box = new QWidget;
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_command = new QLabel;
    m_command->setObjectName(QStringLiteral("guideCommand"));
    m_command->setTextFormat(Qt::PlainText);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setWordWrap(true); // a long data directory wraps; Copy takes the exact text
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setFrameShape(QFrame::StyledPanel);
    m_command->setAutoFillBackground(true);
    m_command->setBackgroundRole(QPalette::Base);
    m_command->setForegroundRole(QPalette::Text);
    m_command->setMargin(6);
    auto *buttons = new QVBoxLayout;
    auto *copy = new QPushButton(tr("Copy"));
    copy->setObjectName(QStringLiteral("guideCopyCommand"));
    copy->setToolTip(tr("Copy the command to the clipboard"));
    connect(copy, &QPushButton::clicked, this,
        [this] { QGuiApplication::clipboard()->setText(m_command->text()); });
    m_sendTest = new QPushButton(tr("Send a test message"));
    m_sendTest->setObjectName(QStringLiteral("guideSendTest"));
    m_sendTest->setToolTip(tr("Enqueue a small JSON message for every target, as a producer "
                              "would"));
    connect(m_sendTest, &QPushButton::clicked, this, &FirstRunGuide::sendTestMessage);
    buttons->addWidget(copy);
    buttons->addWidget(m_sendTest);
    buttons->addStretch(1);
    layout->addWidget(m_command, 1);
    layout->addLayout(buttons);
    return box;
}

void FirstRunGuide::buildPage()
{
    auto *column = new QWidget;
    column->setMaximumWidth(PageWidth);
    auto *layout = new QVBoxLayout(column);
    layout->setSpacing(8);

    auto *title = new QLabel(tr("Welcome to Tandem"));
    title->setObjectName(QStringLiteral("guideTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *intro = helpLabel(
        tr("Tandem stores every message it receives and delivers it to each of its targets, the "
           "HTTP APIs you add here, with retries, a circuit breaker and a dead-letter queue. "
           "Three steps to see it work:"));
    intro->setObjectName(QStringLiteral("guideIntro"));
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addSpacing(12);

    auto *steps = new QGridLayout;
    steps->setHorizontalSpacing(14);
    steps->setVerticalSpacing(4);
    for (int i = 0; i < StepCount; ++i) {
        auto *marker = new QLabel;
        auto *stepName = new QLabel(stepTitle(i));
        QFont bold = stepName->font();
        bold.setBold(true);
        stepName->setFont(bold);
        auto *detail = helpLabel(stepDetail(i));
        const int row = i * 3;
        steps->addWidget(marker, row, 0, 2, 1, Qt::AlignTop);
        steps->addWidget(stepName, row, 1);
        steps->addWidget(detail, row + 1, 1);
        steps->setRowMinimumHeight(row + 2, 14);
        m_markers.append(marker);
        m_titles.append(stepName);
        m_details.append(detail);
    }
    // The actions under the steps they belong to.
    auto *add = new QHBoxLayout;
    add->addWidget(m_addTarget);
    add->addStretch(1);
    steps->addLayout(add, 2, 1);
    steps->addWidget(m_commandBox, 8, 1);
    m_sent = helpLabel(QString());
    m_sent->setObjectName(QStringLiteral("guideSent"));
    m_sent->hide();
    steps->addWidget(m_sent, 9, 1);
    steps->setColumnStretch(1, 1);
    layout->addLayout(steps);
    layout->addSpacing(16);

    auto *demo = new QPushButton(tr("Open the demo…"));
    demo->setObjectName(QStringLiteral("emptyOpenDemo"));
    connect(demo, &QPushButton::clicked, this, &FirstRunGuide::demoRequested);
    auto *demoRow = new QHBoxLayout;
    auto *demoText
        = helpLabel(tr("Or first watch two simulated targets at work: retries, a breaker "
                       "tripping and recovering, dead letters to replay."));
    demoRow->addWidget(demoText, 1);
    demoRow->addWidget(demo);
    layout->addLayout(demoRow);

    auto *outer = new QVBoxLayout(this);
    outer->addStretch(2);
    auto *centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addWidget(column, 3);
    centre->addStretch(1);
    outer->addLayout(centre);
    outer->addStretch(3);
}

void FirstRunGuide::buildBar()
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    auto *header = new QHBoxLayout;
    header->setSpacing(6);
    auto *title = new QLabel(tr("Getting started:"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    header->addWidget(title);
    for (int i = 0; i < StepCount; ++i) {
        header->addSpacing(10);
        auto *marker = new QLabel;
        auto *stepName = new QLabel(stepTitle(i));
        header->addWidget(marker);
        header->addWidget(stepName);
        m_markers.append(marker);
        m_titles.append(stepName);
    }
    header->addStretch(1);
    m_dismiss = new QToolButton;
    m_dismiss->setObjectName(QStringLiteral("guideDismiss"));
    m_dismiss->setText(tr("Dismiss"));
    m_dismiss->setAutoRaise(true);
    m_dismiss->setToolTip(tr("Hide this checklist for good"));
    connect(m_dismiss, &QToolButton::clicked, this, [this] {
        m_dismissed = true;
        UiSettings::setFirstRunDismissed(true);
        updateSteps();
    });
    header->addWidget(m_dismiss);

    auto *detail = helpLabel(QString());
    detail->setObjectName(QStringLiteral("guideDetail"));
    m_details.append(detail);
    auto *action = new QHBoxLayout;
    action->addWidget(detail, 1);
    action->addWidget(m_addTarget);
    m_sent = helpLabel(QString());
    m_sent->setObjectName(QStringLiteral("guideSent"));
    m_sent->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addLayout(action);
    layout->addWidget(m_commandBox);
    layout->addWidget(m_sent);
}

void FirstRunGuide::setTargetCount(int targets)
{
    m_targets = targets;
    updateSteps();
}

void FirstRunGuide::setIngest(const QString &ingestUrl, const QString &dataDir)
{
    m_ingestUrl = ingestUrl;
    m_dataDir = dataDir;
    updateSteps();
}

QString FirstRunGuide::command() const { return m_command->text(); }

bool FirstRunGuide::isWanted() const
{
    // Not before the store said whether messages went through already: a console on a busy
    // data directory must not flash the checklist at start.
    return m_presentation == Presentation::Bar && m_historyKnown && !m_dismissed && m_targets > 0
        && step() != Step::Done;
}

QPixmap FirstRunGuide::marker(int number, Step shown) const
{
    const int size = m_presentation == Presentation::Page ? 26 : 18;
    const qreal dpr = devicePixelRatioF();
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF circle(1, 1, size - 2, size - 2);
    const int current = int(shown);
    const QPalette &pal = palette();
    if (number < current) {
        p.setPen(Qt::NoPen);
        p.setBrush(Appearance::readable(QColor(0x2e, 0x7d, 0x32), pal, 3.0));
        p.drawEllipse(circle);
        QPainterPath tick;
        tick.moveTo(size * 0.28, size * 0.52);
        tick.lineTo(size * 0.44, size * 0.68);
        tick.lineTo(size * 0.73, size * 0.35);
        p.setPen(QPen(Qt::white, size / 9.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(tick);
        return pixmap;
    }
    const bool isCurrent = number == current;
    QFont font = this->font();
    font.setBold(true);
    font.setPixelSize(int(size * 0.55));
    p.setFont(font);
    if (isCurrent) {
        p.setPen(Qt::NoPen);
        p.setBrush(pal.color(QPalette::Highlight));
        p.drawEllipse(circle);
        p.setPen(pal.color(QPalette::HighlightedText));
    } else {
        p.setPen(QPen(pal.color(QPalette::PlaceholderText), 1.2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(circle.adjusted(0.5, 0.5, -0.5, -0.5));
    }
    p.drawText(circle, Qt::AlignCenter, QString::number(number + 1));
    return pixmap;
}

void FirstRunGuide::updateSteps()
{
    const Step current = step();
    for (int i = 0; i < StepCount; ++i) {
        m_markers.at(i)->setPixmap(marker(i, current));
        QFont font = m_titles.at(i)->font();
        font.setBold(m_presentation == Presentation::Page || i == int(current));
        m_titles.at(i)->setFont(font);
        m_titles.at(i)->setForegroundRole(
            i > int(current) ? QPalette::PlaceholderText : QPalette::WindowText);
    }
    if (m_presentation == Presentation::Bar && current != Step::Done)
        m_details.constFirst()->setText(stepDetail(int(current)));
    m_addTarget->setVisible(current == Step::AddTarget || current == Step::AddSecondTarget);
    m_addTarget->setText(
        current == Step::AddSecondTarget ? tr("Add the second target…") : tr("Add target…"));
    m_addTarget->setDefault(m_presentation == Presentation::Page);
    m_command->setText(curlCommand(m_ingestUrl.isEmpty()
            ? QStringLiteral("http://%1").arg(QLatin1String(DefaultListenAddress))
            : m_ingestUrl,
        m_dataDir));
    // The page shows where step 3 leads from the start; the bar only when it is the step.
    m_commandBox->setVisible(m_presentation == Presentation::Page || current == Step::SendMessage);
    m_sendTest->setVisible(m_targets > 0);

    const bool wanted = isWanted();
    if (m_presentation == Presentation::Bar)
        setVisible(wanted);
    if (wanted != m_wanted) {
        m_wanted = wanted;
        Q_EMIT wantedChanged(wanted);
    }
}

void FirstRunGuide::setMessageSeen()
{
    if (m_messageSeen)
        return;
    m_messageSeen = true;
    updateSteps();
}

void FirstRunGuide::handleMetrics(const QList<MetricsSnapshot> &snapshots)
{
    if (m_messageSeen)
        return;
    for (const MetricsSnapshot &s : snapshots) {
        if (s.attempts > 0 || s.pending > 0 || s.inFlight > 0) {
            setMessageSeen();
            return;
        }
    }
}

void FirstRunGuide::sendTestMessage()
{
    const QJsonObject payload { { QStringLiteral("test"), true },
        { QStringLiteral("sent_from"), QStringLiteral("Tandem console") },
        { QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) } };
    m_sendTest->setEnabled(false);
    m_engine.enqueue({ NewMessage { QJsonDocument(payload).toJson(QJsonDocument::Compact) } }, this,
        [this](Result<QStringList> r) {
            m_sendTest->setEnabled(true);
            QPalette p = m_sent->palette();
            if (r) {
                m_sent->setText(tr("Sent message %1: watch it on the cards, or find it with "
                                   "Ctrl+Shift+F.")
                                    .arg(r->value(0)));
                m_sent->setForegroundRole(QPalette::PlaceholderText);
            } else {
                m_sent->setText(tr("Not sent: %1").arg(r.error().message));
                p.setColor(QPalette::WindowText, errorTextColour());
                m_sent->setPalette(p);
                m_sent->setForegroundRole(QPalette::WindowText);
            }
            m_sent->show();
        });
}

void FirstRunGuide::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // The markers are painted with the palette's colours: paint them again with the new ones.
    if (event->type() == QEvent::PaletteChange && !m_markers.isEmpty())
        updateSteps();
}

} // namespace Tandem::Ui
