"""The TT 14/2024 chain of a province for a period, as its page and the home read it: which provinces a
user may follow, every report expected at each level (Biểu 01 → 04) with who files and reviews it, its
state and lateness, and the completeness of each level. The steps themselves are in `submissions`."""

from django.db.models import Q

from khuyencong.core import clock
from khuyencong.core.scoping import (
    CENTRAL,
    COMMUNE_OFFICER,
    PROMOTION_CENTRE,
    PROVINCE_OFFICER,
    TENANT,
    access_scope,
)
from khuyencong.geography.models import AdminUnit

from .models import Submission, SubmissionStatus
from .periods import ReportForm
from .submissions import (
    ACCEPTED,
    CHAIN_FORMS,
    UNFILED,
    area_of,
    clusters_with_communes,
    files_for,
    filing_provinces,
    investor_organisations,
    is_reviewer,
    local_unit_ids,
    local_units,
    party_label,
    standing,
    tenant_organisations,
)


def chain_provinces(user):
    """Provinces whose chain `user` may follow: all for the central agency, else those of the user's own
    province, clusters, projects and communes."""
    from khuyencong.clusters.models import Cluster, TenantProject

    provinces = AdminUnit.objects.filter(level="province", valid_to__isnull=True).order_by("code")
    if is_reviewer(user):
        return list(provinces)
    own = set(filing_provinces(user).values_list("pk", flat=True))
    units = []
    if investor_organisations(user) or local_unit_ids(user):
        units += [c.province for c in Cluster.objects.visible_to(user).select_related("province")]
    if tenant_organisations(user):
        units += [
            t.cluster.province
            for t in TenantProject.objects.visible_to(user).select_related("cluster__province")
        ]
    for unit in {u.pk: u for u in units}.values():
        own |= {u.pk for u in unit.current_units()}
    return [p for p in provinces if p.pk in own]


def _sees(user, *roles):
    scope = access_scope(user)
    return scope.superuser or bool(scope.roles() & set(roles))


def chain(province, period, user):
    """Every report the chain expects of `province` for `period`, with who files and reviews it, its state
    and its lateness. Biểu 01 from each live investment project in the province's clusters; Biểu 02 from
    each established cluster with an infrastructure investor; Biểu 03 from the local unit (commune; district
    before 1/7/2025) of each cluster; Biểu 04 from the Sở. Rows the user may not see are left out."""
    from khuyencong.clusters.models import Cluster, TenantProject

    today = clock.today()
    rule = period.chain
    area = area_of(province, period)
    found = {
        (
            s.form,
            s.tenant_project_id or s.cluster_id or (s.commune_id if s.form == ReportForm.BIEU_03 else None),
        ): s
        for s in Submission.objects.visible_to(user).filter(
            province=province, year=period.year, period_kind=period.kind
        )
    }
    live = (Q(registered_on__isnull=True) | Q(registered_on__lte=period.end)) & ~Q(status="terminated")
    projects = []
    if _sees(user, CENTRAL, PROVINCE_OFFICER, PROMOTION_CENTRE, TENANT, COMMUNE_OFFICER):
        projects = list(
            TenantProject.objects.visible_to(user)
            .filter(live, cluster__province_id__in=area.province_ids)
            .select_related("investor", "cluster")
            .order_by("cluster__name", "name", "pk")
        )
    # Every cluster of the province counts in the Biểu 03 of its local unit, planned ones included.
    clusters = list(
        clusters_with_communes(
            Cluster.objects.visible_to(user).filter(
                Q(pk__in=[p.cluster_id for p in projects]) | Q(province_id__in=area.province_ids)
            )
        )
        .select_related("investor")
        .order_by("name")
    )
    units = local_units(clusters, period)
    rows = []

    def row(form, label, submission, *, subject, subject_id, local=None, can_open):
        deadline = period.deadline(form)
        status, late, unfiled = standing(submission, deadline, today)
        forms = rule.forms[str(form)]
        rows.append(
            {
                "form": form,
                "form_label": ReportForm(form).label,
                "label": label,
                "submission": submission,
                "status": status,
                "status_label": SubmissionStatus(status).label,
                "deadline": deadline,
                "late": late,
                "days_late": (today - deadline).days if late and unfiled else 0,
                "subject": subject,
                "subject_id": subject_id,
                "filer": party_label(rule, forms["filer"]),
                "reviewer": party_label(rule, forms["reviewer"]),
                "local": local,
                "can_open": submission is None and can_open,
            }
        )

    superuser = access_scope(user).superuser
    tenants = tenant_organisations(user)
    for project in projects:
        unit = units.get(project.cluster_id)
        row(
            ReportForm.BIEU_01,
            f"{project.name} – {project.investor_display} ({project.cluster.name})",
            found.get((ReportForm.BIEU_01, project.pk)),
            subject="tenant_project",
            subject_id=project.pk,
            local=unit,
            can_open=superuser or project.investor_id in tenants,
        )
    investors = investor_organisations(user)
    # Biểu 02 is expected of the established clusters with an infrastructure investor.
    established_ids = set(
        Cluster.objects.filter(
            pk__in=[c.pk for c in clusters if c.investor_id],
            province_id__in=area.province_ids,
            decisions__kind="establishment",
        ).values_list("pk", flat=True)
    )
    for cluster in clusters:
        if cluster.pk not in established_ids:
            continue
        row(
            ReportForm.BIEU_02,
            f"{cluster.name} – {cluster.investor}",
            found.get((ReportForm.BIEU_02, cluster.pk)),
            subject="cluster",
            subject_id=cluster.pk,
            local=units.get(cluster.pk),
            can_open=superuser or cluster.investor_id in investors,
        )
    if _sees(user, CENTRAL, PROVINCE_OFFICER, PROMOTION_CENTRE, COMMUNE_OFFICER):
        mine = local_unit_ids(user)
        officer = superuser or files_for(user, province)
        reviewer = is_reviewer(user)
        for unit in sorted({u.pk: u for u in units.values() if u is not None}.values(), key=lambda u: u.name):
            if not (officer or reviewer or unit.pk in mine):
                continue
            files = unit.pk in mine if rule.local_has_accounts else officer
            row(
                ReportForm.BIEU_03,
                unit.full_name,
                found.get((ReportForm.BIEU_03, unit.pk)),
                subject="commune",
                subject_id=unit.pk,
                local=unit,
                can_open=superuser or files,
            )
    if superuser or files_for(user, province) or is_reviewer(user):
        row(
            ReportForm.BIEU_04,
            province.full_name,
            found.get((ReportForm.BIEU_04, None)),
            subject="province",
            subject_id=province.pk,
            can_open=superuser or files_for(user, province),
        )
    return rows


def completeness(rows):
    """Per form of the chain: how many reports it expects, how many were filed (submitted or accepted), how
    many accepted, and how many are late."""
    levels = []
    for form in CHAIN_FORMS:
        own = [r for r in rows if r["form"] == form]
        if not own:
            continue
        levels.append(
            {
                "form": form,
                "form_label": ReportForm(form).label,
                "filer": own[0]["filer"],
                "reviewer": own[0]["reviewer"],
                "expected": len(own),
                "filed": sum(1 for r in own if r["status"] not in UNFILED),
                "accepted": sum(1 for r in own if r["status"] == ACCEPTED),
                "late": sum(1 for r in own if r["late"]),
            }
        )
    return levels
