"""Map section: the clusters that have a location, as points coloured by status."""

from django.urls import reverse

from khuyencong.clusters.choices import ClusterStatus

from .base import EFFECTIVE_STATUS, STATUS_COLOURS, _clusters


def map_points(area, user):
    """Clusters with a location, for the map: name, status, colour, position and page."""
    detail = reverse("clusters:detail", args=[999999999])
    labels = {value: str(label) for value, label in ClusterStatus.choices}  # translated once, not per point
    points = []
    for row in (
        _clusters(area, user)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(effective=EFFECTIVE_STATUS)
        .values("pk", "name", "latitude", "longitude", "effective")
        .order_by("pk")
    ):
        status = row["effective"]
        points.append(
            {
                "id": row["pk"],
                "name": f"CCN {row['name']}",
                "status": status,
                "label": labels.get(status, status),
                "colour": STATUS_COLOURS.get(status, "#9e9e9e"),
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "url": detail.replace("999999999", str(row["pk"])),
            }
        )
    return points
