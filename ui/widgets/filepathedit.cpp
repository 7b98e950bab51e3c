// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/filepathedit.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace Tandem::Ui {

FilePathEdit::FilePathEdit(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QToolButton(this))
{
    m_edit->setClearButtonEnabled(true);
    m_browse->setText(tr("Browse…"));
    m_browse->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    setFocusProxy(m_edit);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_edit, &QLineEdit::textChanged, this, &FilePathEdit::pathChanged);
    connect(m_browse, &QToolButton::clicked, this, &FilePathEdit::handleBrowse);
}

FilePathEdit::~FilePathEdit() = default;

QString FilePathEdit::path() const { return m_edit->text().trimmed(); }

void FilePathEdit::setPath(const QString &path) { m_edit->setText(path); }

void FilePathEdit::setPlaceholderText(const QString &text) { m_edit->setPlaceholderText(text); }

void FilePathEdit::setDialog(const QString &caption, const QString &filter)
{
    m_caption = caption;
    m_filter = filter;
}

void FilePathEdit::handleBrowse()
{
    if (m_directory) {
        const QString chosen = QFileDialog::getExistingDirectory(this, m_caption, path());
        if (!chosen.isEmpty())
            m_edit->setText(chosen);
        return;
    }
    const QString start = path().isEmpty() ? QString() : QFileInfo(path()).absolutePath();
    const QString chosen = QFileDialog::getOpenFileName(this, m_caption, start, m_filter);
    if (!chosen.isEmpty())
        m_edit->setText(chosen);
}

} // namespace Tandem::Ui
