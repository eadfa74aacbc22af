"""Promotion (khuyến công) report: đề án approved, carried out and stopped per programme level, with money.

Definitions (issue 4, DOMAIN §7.2):
- *approved*: đề án of the plans of those years (plan year in range) that reached approval in the plan;
- *stopped*: approved đề án whose stop was approved (a pending stop request is not a stop);
- *carried out*: approved and not stopped;
- *support_million_vnd*: the state support of the đề án carried out, in triệu đồng.
Records count when their province (as it was in the plan year) is one of `area.province_ids`.
"""

from django.db.models import Count, Sum

from khuyencong.core.formatting import vn_number, vnd_to_million
from khuyencong.core.text import in_sentence
from khuyencong.programs.choices import APPROVED_STATES, Level, Status
from khuyencong.programs.models import Project


def _number(value):
    """A Decimal of triệu đồng as a JSON number: an int when whole, else a float with its decimals."""
    return int(value) if value == value.to_integral_value() else float(value)


def build(area, *, from_year, to_year, user=None):
    projects = Project.objects.all() if user is None else Project.objects.visible_to(user)
    projects = projects.filter(
        province_id__in=area.province_ids,
        plan_year__gte=from_year,
        plan_year__lte=to_year,
        status__in=APPROVED_STATES,
    )
    # Grouped by level and status (a dozen rows), the figures summed here: a simpler query than one
    # filtered aggregate per figure, and the same sums.
    rows = {}
    for level, status, count, support in (
        projects.values_list("level", "status")
        .annotate(count=Count("pk"), support=Sum("state_support_vnd"))
        .order_by()
    ):
        row = rows.setdefault(level, {"approved": 0, "stopped": 0, "stop_pending": 0})
        row["approved"] += count
        if support is not None:
            row["approved_support"] = row.get("approved_support", 0) + support
        if status == Status.STOPPED:
            row["stopped"] += count
        else:
            if support is not None:
                row["support"] = row.get("support", 0) + support
            if status == Status.STOP_REQUESTED:
                row["stop_pending"] += count
    data = {
        "province": area.as_json(),
        "from_year": from_year,
        "to_year": to_year,
        "definitions": {
            "approved": "đề án in the plans of these years that were approved",
            "carried_out": "approved and not stopped (a pending stop request is not a stop)",
            "support_million_vnd": "state support of the đề án carried out, triệu đồng",
        },
    }
    for level in Level.values:
        row = rows.get(level, {})
        approved, stopped = row.get("approved", 0), row.get("stopped", 0)
        data[level] = {
            "approved": approved,
            "carried_out": approved - stopped,
            "stopped": stopped,
            "stop_requests_pending": row.get("stop_pending", 0),
            "support_million_vnd": _number(vnd_to_million(row.get("support") or 0)),
            "approved_support_million_vnd": _number(vnd_to_million(row.get("approved_support") or 0)),
        }
    return data


def _years(data):
    start, end = data["from_year"], data["to_year"]
    return (
        f"năm {start}"
        if start == end
        else f"trong năm {start} và {end}"
        if end == start + 1
        else f"giai đoạn {start}–{end}"
    )


def to_text(data):
    """The Vietnamese narrative paragraph, worded as the seed report."""
    national, local = data["national"], data["local"]
    name = in_sentence(data["province"]["full_name"])
    where = "trên phạm vi cả nước" if data["province"]["code"] == "VN" else f"tại {name}"

    def part(label, figures, ratio):
        done, approved = figures["carried_out"], figures["approved"]
        money = f"{vn_number(figures['support_million_vnd'], None)} triệu đồng"
        if not approved:
            return f"kế hoạch khuyến công {label} không có đề án nào được phê duyệt"
        if not done:
            return (
                f"kế hoạch khuyến công {label} chưa thực hiện đề án nào trong {approved} đề án được phê duyệt"
            )
        if ratio and approved != done:
            return (
                f"kế hoạch khuyến công {label} đã thực hiện được {done}/{approved} đề án "
                f"được phê duyệt với tổng kinh phí hỗ trợ {money}"
            )
        return f"kế hoạch khuyến công {label} đã thực hiện {done} đề án với tổng kinh phí hỗ trợ {money}"

    text = (
        f"Về công tác khuyến công {where}, {_years(data)}, {part('quốc gia', national, ratio=True)}; "
        f"{part('địa phương', local, ratio=True)}."
    )
    stopped = national["stopped"] + local["stopped"]
    if stopped:
        text += f" Có {stopped} đề án được chấp thuận dừng thực hiện."
    successors = data["province"].get("successors") or []
    if successors:
        text += " Địa bàn nay thuộc " + ", ".join(in_sentence(s["full_name"]) for s in successors) + "."
    return text
