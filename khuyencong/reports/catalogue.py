"""Public catalogue of industrial clusters with industrial land still to lease (issue 7 §5).

Decree 32/2024/NĐ-CP asks localities to publish, for investors looking for land, where each cluster
is, how much industrial land it still has, which industries it takes and whom to contact. This page
is the one view of the system readable without signing in, so what it shows is declared in ONE
place, `PUBLIC_FIELDS`: a row of the catalogue is built from these keys and nothing else, and the
tests check that no other field (tax codes, notes, internal ids, decisions, tenants) reaches the page
or the JSON.

Which clusters: those marked `is_published` (the same flag that opens a cluster to the public
viewer role in `scope_paths`), not revoked or removed from the plan, whose newest land record leaves
industrial land unleased (industrial land − leased industrial land > 0).
"""

from collections import defaultdict

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.clusters.choices import ClusterStatus
from khuyencong.clusters.models import Cluster, LandRecord
from khuyencong.core import clock
from khuyencong.geography.models import AdminUnit
from khuyencong.reports.dashboard import EFFECTIVE_STATUS, province_rollup

# The fields the public sees, in the order of the table: (key, column heading). Nothing else is
# rendered or serialised. Where each comes from:
#   code, name          the cluster's public code and name
#   province            today's province (records keep the province of their time: Đắk Nông → Lâm Đồng)
#   former_province     the province as recorded, when it is a former one (else empty)
#   communes            the communes recorded on the cluster, as they were named when it was planned
#   industrial_land_ha  industrial land of the newest land record (ha)
#   free_ha             industrial land not yet leased: industrial land − leased land (ha)
#   land_as_of          the date of that land record
#   industries          the cluster's main industries, as the province typed them
#   investor            the infrastructure investor's name (no tax code, no other detail)
#   contact             the provincial Department of Industry and Trade, which answers investors
PUBLIC_FIELDS = (
    ("code", _("Code")),
    ("name", _("Industrial cluster")),
    ("province", _("Province")),
    ("former_province", _("Former province")),
    ("communes", _("Commune")),
    ("industrial_land_ha", _("Industrial land (ha)")),
    ("free_ha", _("Industrial land available (ha)")),
    ("land_as_of", _("Land figures as of")),
    ("industries", _("Industries")),
    ("investor", _("Infrastructure investor")),
    ("contact", _("Contact")),
)
PUBLIC_KEYS = tuple(key for key, _label in PUBLIC_FIELDS)

CLOSED_STATUSES = (ClusterStatus.REVOKED, ClusterStatus.REMOVED_FROM_PLAN)
AREA = DecimalField(max_digits=8, decimal_places=2)


def current_provinces(today=None):
    return AdminUnit.objects.provinces().valid_on(today or clock.today()).order_by("name")


def published_clusters(q="", province=None, today=None):
    """The catalogue's clusters, newest land record annotated; `province` is a code of today's units."""
    land = LandRecord.objects.filter(cluster=OuterRef("pk")).order_by("-period_end", "-pk")
    queryset = (
        Cluster.objects.filter(is_published=True)
        .annotate(
            effective=EFFECTIVE_STATUS,
            industrial=Subquery(land.values("industrial_land_ha")[:1], output_field=AREA),
            leased=Subquery(land.values("leased_ha")[:1], output_field=AREA),
            land_on=Subquery(land.values("period_end")[:1]),
        )
        .annotate(free=ExpressionWrapper(F("industrial") - F("leased"), output_field=AREA))
        .exclude(effective__in=CLOSED_STATUSES)
        .filter(free__gt=0)
    )
    if q:
        queryset = queryset.search(q)
    if province:
        unit = current_provinces(today).filter(code=province).first()
        queryset = queryset.filter(province_id__in=unit.all_predecessor_ids()) if unit else queryset.none()
    return queryset.order_by("province__name", "search_text", "pk")


def rows(clusters, today=None):
    """Catalogue rows (dicts with exactly PUBLIC_KEYS) for a page of `published_clusters()`.

    Four queries for the page whatever its length: the clusters (only the columns needed), their
    communes, the province roll-up and the departments to contact.
    """
    today = today or clock.today()
    records = list(
        clusters.values(
            "pk",
            "code",
            "name",
            "province_id",
            "province__name",
            "main_industries",
            "investor__name",
            "industrial",
            "free",
            "land_on",
        )
    )
    ids = [record["pk"] for record in records]
    communes = defaultdict(list)
    through = Cluster.communes.through.objects.filter(cluster_id__in=ids).order_by("adminunit__name")
    for cluster_id, name in through.values_list("cluster_id", "adminunit__name"):
        communes[cluster_id].append(name)
    rollup = province_rollup({record["province_id"] for record in records}, today)
    departments = {}
    for province_id, name in (
        Organisation.objects.filter(
            kind=OrganisationKind.DEPARTMENT, province_id__in={unit.pk for unit in rollup.values()}
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("name")
        .values_list("province_id", "name")
    ):
        departments.setdefault(province_id, name)
    result = []
    for record in records:
        current = rollup[record["province_id"]]
        row = {
            "code": record["code"],
            "name": record["name"],
            "province": current.name,
            "former_province": record["province__name"] if record["province__name"] != current.name else "",
            "communes": ", ".join(communes[record["pk"]]),
            "industrial_land_ha": record["industrial"],
            "free_ha": record["free"],
            "land_as_of": record["land_on"],
            "industries": record["main_industries"],
            "investor": record["investor__name"] or "",
            "contact": departments.get(current.pk, ""),
        }
        # Only the declared keys leave this function: a column must be declared in PUBLIC_FIELDS.
        result.append({key: row[key] for key in PUBLIC_KEYS})
    return result


def as_json(row):
    """A row with JSON-safe values (areas as strings with two decimals, dates ISO)."""
    data = dict(row)
    for key in ("industrial_land_ha", "free_ha"):
        data[key] = f"{data[key]:.2f}" if data[key] is not None else None
    data["land_as_of"] = data["land_as_of"].isoformat() if data["land_as_of"] else None
    return data
