// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/editpayloaddialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>

#include "engine/core/jsonpayload.h"
#include "ui/widgets/diffhighlighter.h"

namespace Tandem::Ui {

namespace {

QLabel *sectionLabel(const QString &text)
{
    auto *label = new QLabel(text);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace

EditPayloadDialog::EditPayloadDialog(const QString &messageId, const QString &target,
    const PayloadVersion &current, const PayloadMapping &mapping, QWidget *parent)
    : QDialog(parent)
    , m_current(current)
    , m_mapping(mapping)
{
    setObjectName(QStringLiteral("editPayloadDialog"));
    setWindowTitle(tr("Edit payload and replay"));

    auto *title = new QLabel(tr("Message %1 to %2").arg(messageId, target));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title->setFont(titleFont);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *explanation = new QLabel(
        tr("The original payload is kept. Your edit becomes version %1, stored with your reason "
           "and the diff below, and only the delivery to %2 is replayed, with the message's "
           "Idempotency-Key. The target's payload mapping still applies.")
            .arg(current.version + 1)
            .arg(target));
    explanation->setWordWrap(true);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_editor = new QPlainTextEdit;
    m_editor->setObjectName(QStringLiteral("payloadEditor"));
    m_editor->setFont(fixed);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(true);
    m_editor->setPlainText(prettyJsonPayload(current.payload));
    m_validation = new QLabel;
    m_validation->setObjectName(QStringLiteral("payloadValidation"));
    m_validation->setTextFormat(Qt::PlainText);

    m_diff = new QPlainTextEdit;
    m_diff->setObjectName(QStringLiteral("payloadDiff"));
    m_diff->setReadOnly(true);
    m_diff->setFont(fixed);
    m_diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    new DiffHighlighter(m_diff->document());
    m_diffTitle = sectionLabel(tr("Changes against version %1").arg(current.version));

    auto *editorPane = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(sectionLabel(tr("Payload (JSON)")));
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_validation);
    auto *diffPane = new QWidget;
    auto *diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addWidget(m_diffTitle);
    diffLayout->addWidget(m_diff, 1);
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(editorPane);
    splitter->addWidget(diffPane);

    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("editReason"));
    m_reason->setPlaceholderText(tr("Why this change? e.g. \"customer confirmed the address, "
                                    "ticket OPS-1234\" (required, kept with the version)"));
    auto *reasonRow = new QHBoxLayout;
    auto *reasonLabel = new QLabel(tr("&Reason:"));
    reasonLabel->setBuddy(m_reason);
    reasonRow->addWidget(reasonLabel);
    reasonRow->addWidget(m_reason, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Replay edited payload"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canAccept())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(explanation);
    layout->addWidget(splitter, 1);
    layout->addLayout(reasonRow);
    layout->addWidget(m_buttons);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &EditPayloadDialog::validate);
    connect(m_reason, &QLineEdit::textChanged, this, &EditPayloadDialog::validate);
    validate();
    resize(980, 620);
    m_editor->setFocus();
}

EditPayloadDialog::~EditPayloadDialog() = default;

QByteArray EditPayloadDialog::payload() const { return m_editor->toPlainText().toUtf8(); }

QString EditPayloadDialog::reason() const { return m_reason->text().trimmed(); }

QString EditPayloadDialog::validationText() const { return m_validation->text(); }

bool EditPayloadDialog::canAccept() const
{
    return m_buttons->button(QDialogButtonBox::Ok)->isEnabled();
}

void EditPayloadDialog::validate()
{
    const QByteArray text = payload();
    const auto error = jsonTextError(text);
    QList<QTextEdit::ExtraSelection> marks;
    bool changed = false;
    bool mappable = true;
    if (error) {
        m_validation->setText(tr("Not valid JSON: line %1, column %2: %3")
                                  .arg(error->line)
                                  .arg(error->column)
                                  .arg(error->message));
        m_validation->setStyleSheet(QStringLiteral("color: #b3261e;"));
        // Mark the character the parser stumbled on, so the operator sees where to look.
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_editor->document());
        mark.cursor.setPosition(int(std::min<qsizetype>(error->offset, text.size())));
        mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(QColor(0xb3, 0x26, 0x1e));
        mark.format.setBackground(QColor(220, 40, 40, 60));
        marks.append(mark);
        m_diff->setPlainText(tr("(no diff while the payload is not valid JSON)"));
    } else {
        changed = QJsonDocument::fromJson(text) != QJsonDocument::fromJson(m_current.payload);
        // The target's mapping runs on whatever is replayed: refuse here what it cannot use,
        // rather than let the delivery die again at once.
        const auto mapped = m_mapping.apply(text);
        mappable = mapped.has_value();
        if (!mappable) {
            m_validation->setText(
                tr("Valid JSON, but this target's payload mapping cannot use it: %1")
                    .arg(mapped.error().message));
            m_validation->setStyleSheet(QStringLiteral("color: #b3261e;"));
        } else {
            m_validation->setText(changed ? tr("Valid JSON") : tr("Valid JSON, unchanged"));
            m_validation->setStyleSheet(QStringLiteral("color: #1e7b34;"));
        }
        const QString diff = payloadDiff(m_current.payload, text);
        m_diff->setPlainText(diff.isEmpty() ? tr("(no changes yet)") : diff);
    }
    m_editor->setExtraSelections(marks);
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!error && changed && mappable && !reason().isEmpty());
}

} // namespace Tandem::Ui
