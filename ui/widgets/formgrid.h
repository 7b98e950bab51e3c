// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGridLayout>
#include <QHash>

class QLabel;

namespace Tandem::Ui {

/// A two-column "label: field" form on a QGridLayout, for forms whose rows come and go.
/// QFormLayout would be the obvious choice, but in Qt 6.4 its heightForWidth() writes past its
/// buffers once rows are hidden and labels wrap (valgrind shows it; it crashed our tests now and
/// then), so dialogs use this instead. Labels are right-aligned; a field that does not ask to
/// expand keeps its preferred width, as with QFormLayout::ExpandingFieldsGrow. Hidden rows take
/// no space.
///
/// Thread: UI thread.
class FormGrid final : public QGridLayout
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FormGrid)

public:
    explicit FormGrid(QWidget *parent = nullptr);
    ~FormGrid() override;

    /// Appends "label field"; returns the label.
    QLabel *addRow(const QString &label, QWidget *field);
    /// Appends a row of a layout (a button row) under a label, which may be empty.
    void addRow(const QString &label, QLayout *field);
    /// Appends a row in the field column only: help text, an error line.
    void addFieldRow(QWidget *field);

    QLabel *labelForField(QWidget *field) const { return m_labels.value(field); }
    /// Shows or hides a field and its label.
    void setRowVisible(QWidget *field, bool visible);

    /// The width the labels ask for; forms stacked on one page share the widest, so that their
    /// fields line up.
    int labelWidth() const;
    void setLabelWidth(int width) { setColumnMinimumWidth(0, width); }

private:
    QHash<QWidget *, QLabel *> m_labels;
};

} // namespace Tandem::Ui
