// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/formgrid.h"

#include <algorithm>

#include <QAbstractScrollArea>
#include <QLabel>

namespace Tandem::Ui {

FormGrid::FormGrid(QWidget *parent)
    : QGridLayout(parent)
{
    setHorizontalSpacing(12);
    setVerticalSpacing(6);
    setColumnStretch(1, 1);
}

FormGrid::~FormGrid() = default;

QLabel *FormGrid::addRow(const QString &text, QWidget *field)
{
    const int row = rowCount();
    auto *label = new QLabel(text);
    label->setBuddy(field);
    // Tall fields (tables, text boxes) read from their top, like their label.
    const bool tall = qobject_cast<QAbstractScrollArea *>(field) != nullptr;
    addWidget(label, row, 0, Qt::AlignRight | (tall ? Qt::AlignTop : Qt::AlignVCenter));
    // A label that wraps needs the whole width to wrap well.
    const bool grows = (field->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag)
        || qobject_cast<QLabel *>(field) != nullptr;
    if (grows)
        addWidget(field, row, 1);
    else
        addWidget(field, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
    m_labels.insert(field, label);
    return label;
}

void FormGrid::addRow(const QString &text, QLayout *field)
{
    const int row = rowCount();
    if (!text.isEmpty())
        addWidget(new QLabel(text), row, 0, Qt::AlignRight | Qt::AlignVCenter);
    addLayout(field, row, 1);
}

void FormGrid::addFieldRow(QWidget *field) { addWidget(field, rowCount(), 1); }

void FormGrid::setRowVisible(QWidget *field, bool visible)
{
    field->setVisible(visible);
    if (QLabel *label = m_labels.value(field))
        label->setVisible(visible);
}

int FormGrid::labelWidth() const
{
    int widest = 0;
    for (int row = 0; row < rowCount(); ++row) {
        if (QLayoutItem *item = itemAtPosition(row, 0); item && item->widget())
            widest = std::max(widest, item->widget()->sizeHint().width());
    }
    return widest;
}

} // namespace Tandem::Ui
