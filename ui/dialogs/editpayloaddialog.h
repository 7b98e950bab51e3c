// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QDialog>

#include "engine/core/payloadmapping.h"
#include "engine/store/store.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Tandem::Ui {

/// Edit and replay, the dialog: a JSON editor prefilled with the current payload version
/// pretty-printed, validated as the operator types (the error's line and column under the
/// editor, and marked in it), a live diff against the current version, and the reason the edit
/// is kept with. OK ("Replay edited payload") stays disabled while the text is not JSON, is
/// unchanged, the target's payload mapping cannot use it (the delivery would die again at
/// once) or the reason is empty. The dialog only asks: the caller stores the edit
/// (Store::editAndReplay) with payload() and reason().
///
/// Thread: UI thread.
class EditPayloadDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditPayloadDialog)

public:
    EditPayloadDialog(const QString &messageId, const QString &target,
        const PayloadVersion &current, const PayloadMapping &mapping, QWidget *parent = nullptr);
    ~EditPayloadDialog() override;

    /// The edited text, as typed (the store keeps it compact).
    QByteArray payload() const;
    QString reason() const;
    /// What the line under the editor says: "Valid JSON" or where and why it is not.
    QString validationText() const;
    bool canAccept() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void validate();
    /// Colours the validation line and marks the error in the editor, for the palette of now.
    void showValidity();

    PayloadVersion m_current;
    PayloadMapping m_mapping;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_validation = nullptr;
    QPlainTextEdit *m_diff = nullptr;
    QLabel *m_diffTitle = nullptr;
    QLineEdit *m_reason = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_fine = true; ///< what the validation line says is fine (green) or a problem (red)
    std::optional<qsizetype> m_errorAt; ///< where the text stops being JSON
};

} // namespace Tandem::Ui
