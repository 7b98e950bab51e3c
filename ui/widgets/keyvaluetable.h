// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPair>
#include <QSet>
#include <QWidget>

class QPushButton;
class QTableWidget;

namespace Tandem::Ui {

/// An editable two-column table of name/value pairs (static headers, mapped fields) with Add and
/// Remove buttons. Rows whose name and value are both empty are left out of pairs(); names and
/// values are otherwise returned as typed (names trimmed), for the caller to validate.
///
/// Thread: UI thread.
class KeyValueTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueTable)

public:
    explicit KeyValueTable(
        const QString &keyHeader, const QString &valueHeader, QWidget *parent = nullptr);
    ~KeyValueTable() override;

    QList<QPair<QString, QString>> pairs() const;
    void setPairs(const QList<QPair<QString, QString>> &pairs);
    /// Appends a row; with an empty key the new row's name cell is opened for typing.
    void addRow(const QString &key = {}, const QString &value = {});
    void removeSelectedRows();
    /// Marks the rows with these names (the rest unmarked).
    void setInvalidKeys(const QSet<QString> &keys);

    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    void updateButtons();

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
};

} // namespace Tandem::Ui
