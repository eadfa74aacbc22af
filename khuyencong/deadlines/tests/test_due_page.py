"""The due page: only overdue items carry the "overdue" badge."""

from datetime import date, timedelta

from django.template.loader import render_to_string

from khuyencong.deadlines.due import DueItem

TODAY = date(2026, 6, 25)


def item(key, due):
    return DueItem(key=key, title=key, due=due, url="/", kind="report")


def test_upcoming_items_are_not_marked_overdue():
    late, soon = item("late", TODAY - timedelta(days=3)), item("soon", TODAY + timedelta(days=3))
    page = render_to_string(
        "deadlines/due_list.html",
        {"today": TODAY, "horizon": 30, "overdue": [late], "upcoming": [soon], "form": []},
    )
    overdue_table, upcoming_table = page.split('id="overdue"')[1].split('id="upcoming"')
    assert "badge-overdue" in overdue_table
    assert "badge-overdue" not in upcoming_table.split("</table>")[0]
