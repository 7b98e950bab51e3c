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
#include "ui/appearance.h"
#include "ui/widgets/diffhighlighter.h"

namespace Tandem::Ui {

namespace {

// Chosen for white; Appearance lightens them on a dark palette.
const QColor ProblemColour(0xb3, 0x26, 0x1e);
const QColor FineColour(0x1e, 0x7b, 0x34);

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
    new DiffHighlighter(m_diff);
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

void EditPayloadDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    // A theme switch: the validation line's colour and the error mark are picked again.
    if (event->type() == QEvent::PaletteChange && m_validation)
        showValidity();
}

void EditPayloadDialog::showValidity()
{
    // A palette colour, not a style sheet: a style sheet would freeze the label's palette.
    Appearance::setTextColour(m_validation, m_fine ? FineColour : ProblemColour);
    QList<QTextEdit::ExtraSelection> marks;
    if (m_errorAt) {
        // Mark the character the parser stumbled on, so the operator sees where to look.
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_editor->document());
        mark.cursor.setPosition(int(*m_errorAt));
        mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(Appearance::readable(ProblemColour, palette(), 3.0));
        mark.format.setBackground(QColor(220, 40, 40, 60)); // a tint: reads on either base
        marks.append(mark);
    }
    m_editor->setExtraSelections(marks);
}

void EditPayloadDialog::validate()
{
    const QByteArray text = payload();
    const auto error = jsonTextError(text);
    bool changed = false;
    bool mappable = true;
    if (error) {
        m_validation->setText(tr("Not valid JSON: line %1, column %2: %3")
                                  .arg(error->line)
                                  .arg(error->column)
                                  .arg(error->message));
        m_errorAt = std::min<qsizetype>(error->offset, text.size());
        m_diff->setPlainText(tr("(no diff while the payload is not valid JSON)"));
    } else {
        m_errorAt.reset();
        changed = QJsonDocument::fromJson(text) != QJsonDocument::fromJson(m_current.payload);
        // The target's mapping runs on whatever is replayed: refuse here what it cannot use,
        // rather than let the delivery die again at once.
        const auto mapped = m_mapping.apply(text);
        mappable = mapped.has_value();
        if (!mappable) {
            m_validation->setText(
                tr("Valid JSON, but this target's payload mapping cannot use it: %1")
                    .arg(mapped.error().message));
        } else {
            m_validation->setText(changed ? tr("Valid JSON") : tr("Valid JSON, unchanged"));
        }
        const QString diff = payloadDiff(m_current.payload, text);
        m_diff->setPlainText(diff.isEmpty() ? tr("(no changes yet)") : diff);
    }
    m_fine = !error && mappable;
    showValidity();
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!error && changed && mappable && !reason().isEmpty());
}

} // namespace Tandem::Ui
