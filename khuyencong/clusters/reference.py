"""Reference data of the clusters app: the versioned rule file is read, checked and summarised.

The rules stay in `khuyencong/reference_data/clusters/rules.json` (read at run time by `rules.py`);
loading them checks the file is well-formed so `khuyencong setup` fails early on a bad edit. `setup`
(run after every upgrade) also stores the summary of every cluster that has none (`Cluster.summary`:
clusters written before it existed, or by a write that went around the services), so reports read it.
"""

from . import rules


def load():
    rules.all_rules.cache_clear()
    versions = rules.all_rules()
    codes = sorted({v.code for v in versions})
    applied = sum(1 for v in versions if v.confirmed)
    filled = fill_summaries()
    return (
        f"{len(versions)} rule versions ({applied} applied) for {', '.join(codes)}; {filled} summaries stored"
    )


def fill_summaries():
    """Store the summary of every cluster without one (services.refresh_status); returns how many."""
    from .models import Cluster
    from .services import refresh_status

    clusters = Cluster.objects.filter(summary__isnull=True).order_by("pk")
    count = 0
    for cluster in clusters.iterator(chunk_size=500):
        refresh_status(cluster)
        count += 1
    return count
