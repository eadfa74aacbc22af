"""The panels of the detail pages: the history panel, and what the pages read with the record to skip
queries (documents, support caps) never hides what the panel or the warning would show."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Exists
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from khuyencong.clusters.choices import DecisionKind
from khuyencong.clusters.models import Cluster, ClusterDecision
from khuyencong.clusters.tests.factories import ClusterFactory
from khuyencong.core.audit import acting_as, history_for
from khuyencong.correspondence.models import Correspondence
from khuyencong.correspondence.services import add_link
from khuyencong.correspondence.templatetags.correspondence import documents_exist
from khuyencong.correspondence.tests.factories import entry
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.programs.caps import cap_violations
from khuyencong.programs.choices import Level
from khuyencong.programs.models import Project
from khuyencong.programs.tests.factories import PlanFactory, project
from khuyencong.programs.views import ProjectDetailView

pytestmark = pytest.mark.django_db


def test_the_history_panel_names_what_changed_in_a_fixed_number_of_queries(personas, ref):
    place = personas.dak_nong
    subject = project(place)
    first, second = (
        FacilityFactory(province=place, name="Cơ sở Một"),
        FacilityFactory(province=place, name="Hai"),
    )
    plan = PlanFactory(province=place)
    with acting_as(personas.lamdong, reason="bổ sung"):
        subject.plan = plan
        subject.level = Level.NATIONAL
        subject.save()
        subject.beneficiaries.set([first, second])

    with CaptureQueriesContext(connection) as captured:
        entries = history_for(subject)
    few = len(captured.captured_queries)
    assert few == 2  # the records (with users and related records), and the beneficiaries of each
    plan_name = str(plan)  # names are taken when the panel is built, in the page's language
    with translation.override("en"):
        changes = [{str(label): (str(old), str(new)) for label, old, new in e["changes"]} for e in entries]
        fields = next(e for e, rows in zip(entries, changes, strict=True) if "plan" in rows)
        assert fields["record"].history_user == personas.lamdong
        assert str(fields["action"]) == "Changed"
        rows = next(rows for rows in changes if "plan" in rows)
        assert rows["plan"] == ("None", plan_name)  # a foreign key by its record's name
        assert rows["level"] == ("Local (KCĐP)", "National (KCQG)")  # a choice by its label
        _old, new = changes[0]["beneficiaries"]  # many-to-many members by their names
        assert set(new.split("; ")) == {"Cơ sở Một", "Hai"}
        assert str(entries[-1]["action"]) == "Created" and entries[-1]["changes"] == []

    for n in range(6):
        with acting_as(personas.lamdong):
            subject.plan = PlanFactory(province=place, year=2030 + n)
            subject.note = f"lần {n}"
            subject.save()
            subject.beneficiaries.add(FacilityFactory(province=place))
    with CaptureQueriesContext(connection) as captured:
        entries = history_for(subject, limit=10)
    assert len(captured.captured_queries) == few
    assert len(entries) == 10 and all(entry["changes"] for entry in entries)


def test_reading_the_documents_with_the_record_finds_every_kind_of_link(personas, ref):
    place = personas.dak_nong
    linked, by_decision, mirrored, bare = (ClusterFactory(province=place) for _ in range(4))
    add_link(entry(place, "1/CV"), cluster=linked)
    decision = ClusterDecision.objects.create(
        cluster=by_decision, kind=DecisionKind.ESTABLISHMENT, number="2/QĐ", issued_on=date(2020, 1, 1)
    )
    add_link(entry(place, "3/CV"), cluster_decision=decision)
    mirrored_decision = ClusterDecision.objects.create(
        cluster=mirrored, kind=DecisionKind.PLAN_INCLUSION, number="4/QĐ", issued_on=date(2019, 1, 1)
    )
    assert Correspondence.objects.filter(cluster_decision=mirrored_decision).exists()  # the register's mirror
    projects = [project(place), project(place)]
    add_link(entry(place, "5/CV"), project=projects[0])

    for model, records in ((Cluster, [linked, by_decision, mirrored, bare]), (Project, projects)):
        flags = dict(
            model.objects.filter(pk__in=[r.pk for r in records])
            .annotate(has_documents=documents_exist(model))
            .values_list("pk", "has_documents")
        )
        for record in records:
            # Whatever the user may see: the panel then reads the documents the user may see.
            found = Correspondence.objects.concerning(record).exists()
            assert flags[record.pk] == found, (model, record)
    assert not flags[projects[1].pk]


def test_reading_the_caps_only_when_one_may_be_broken_misses_no_broken_cap(personas, ref):
    cases = [
        dict(level=Level.NATIONAL, support=300, total=1000),  # exactly the 30 % share: allowed
        dict(level=Level.NATIONAL, support=301, total=1000),  # above the share
        dict(level=Level.NATIONAL, support=1001, total=4000),  # above the amount, within the share
        dict(level=Level.NATIONAL, support=100, total=1000),
        dict(level=Level.NATIONAL, support=0, total=0),
        dict(level=Level.NATIONAL, support=400, total=1000, category="KC02"),
        dict(level=Level.LOCAL, support=900, total=1000),
        dict(level=Level.NATIONAL, support=400, total=1000, year=2015, start_date=None),
    ]
    made = [project(personas.dak_nong, **case) for case in cases]
    flags = dict(
        Project.objects.filter(pk__in=[p.pk for p in made])
        .annotate(flag=Exists(ProjectDetailView.caps_it_may_break()))
        .values_list("pk", "flag")
    )
    broken = {p.pk for p in made if cap_violations(p)}
    assert len(broken) == 3, "the share, the amount and the 2015 (former cap) cases break a cap"
    assert all(flags[pk] for pk in broken)
    assert not flags[made[3].pk] and not flags[made[6].pk]  # well within the caps: no query for them
