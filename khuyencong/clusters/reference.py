"""Reference data of the clusters app: the versioned rule file is read, checked and summarised.

The rules stay in `khuyencong/reference_data/clusters/rules.json` (read at run time by `rules.py`);
loading them checks the file is well-formed so `khuyencong setup` fails early on a bad edit.
"""

from . import rules


def load():
    rules.all_rules.cache_clear()
    versions = rules.all_rules()
    codes = sorted({v.code for v in versions})
    applied = sum(1 for v in versions if v.confirmed)
    return f"{len(versions)} rule versions ({applied} applied) for {', '.join(codes)}"
