// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace Tandem::Ui {

/// A path typed or picked with a file dialog ("Browse…"). The path is text like any other: it
/// is checked by whoever reads it, not here.
///
/// Thread: UI thread.
class FilePathEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilePathEdit)

public:
    explicit FilePathEdit(QWidget *parent = nullptr);
    ~FilePathEdit() override;

    QString path() const;
    void setPath(const QString &path);
    void setPlaceholderText(const QString &text);
    /// Caption and name filter of the file dialog ("PEM files (*.pem *.crt)").
    void setDialog(const QString &caption, const QString &filter);

    QLineEdit *lineEdit() const { return m_edit; }
    QToolButton *browseButton() const { return m_browse; }

Q_SIGNALS:
    void pathChanged(const QString &path);

private:
    void handleBrowse();

    QLineEdit *m_edit;
    QToolButton *m_browse;
    QString m_caption;
    QString m_filter;
};

} // namespace Tandem::Ui
