// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

class QAbstractItemView;

namespace Tandem::Ui {

/// A calm grey text centred over an item view while its model has no rows ("No events yet:
/// …"), so that an empty table reads as "nothing yet" rather than as something broken. It
/// follows the view's model (rows inserted and removed, resets) and the viewport's size; the
/// text can change with the view's filter.
///
/// Thread: UI thread. Owned by the view's viewport.
class EmptyViewPlaceholder final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyViewPlaceholder)

public:
    /// `view` must have its model set.
    EmptyViewPlaceholder(QAbstractItemView *view, const QString &text);
    ~EmptyViewPlaceholder() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow();

    QAbstractItemView *m_view;
};

} // namespace Tandem::Ui
