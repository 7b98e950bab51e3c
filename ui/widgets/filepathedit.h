// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace Tandem::Ui {

/// A path typed or picked with a file dialog ("Browse…"): of a file, or of a folder after
/// setPicksDirectory(). The path is text like any other: it is checked by whoever reads it,
/// not here.
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
    /// "Browse…" picks a folder instead of a file.
    void setPicksDirectory(bool directory) { m_directory = directory; }

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
    bool m_directory = false;
};

} // namespace Tandem::Ui
