"""`khuyencong gendata`: the synthetic benchmark dataset (bench/gendata.py), at a tiny scale."""

import pytest
from django.core.management import CommandError, call_command

from khuyencong.clusters import services as cluster_services
from khuyencong.clusters.models import Cluster, TenantProject
from khuyencong.facilities.models import Facility
from khuyencong.programs.models import Project, StatusChange


@pytest.fixture
def reference(db, geo):
    from khuyencong.programs.reference import load

    load()


def snapshot():
    return (
        list(Cluster.objects.order_by("code").values_list("code", "name", "status", "planned_area_ha")),
        list(Project.objects.order_by("code").values_list("code", "status", "state_support_vnd")),
        Facility.objects.count(),
    )


def test_generates_a_consistent_dataset_with_history(reference):
    call_command("gendata", scale=0.01, seed=7, verbosity=0)
    assert Cluster.objects.count() == 25
    assert TenantProject.objects.count() == 300
    assert Project.objects.count() == 250
    assert Facility.objects.count() == 1000
    # History rows through bulk_create_with_history, one per record, with the generator as reason.
    assert Project.history.count() == 250
    assert set(Facility.history.values_list("history_change_reason", flat=True)) == {"khuyencong gendata"}
    # Derived and computed columns are what the models' own code computes.
    for cluster in Cluster.objects.prefetch_related("decisions"):
        assert cluster.status == cluster_services.state_as_of(cluster, list(cluster.decisions.all())).status
    project = Project.objects.first()
    assert project.search_text.startswith(project.code.lower().replace("đ", "d")[:4])
    assert Project.objects.filter(plan_year__lt=2010).count() == 0
    assert Project.objects.filter(plan_year=2026).exists()
    assert StatusChange.objects.filter(project=project).exists()
    # Reports read the generated data like any other (the Lâm Đồng officer sees their province only).
    assert Project.objects.exclude(province__scheme="legacy").filter(plan_year__lt=2026).count() == 0


def test_same_seed_same_data_and_refuses_a_database_with_data(reference):
    from django.db import transaction

    with transaction.atomic():
        call_command("gendata", scale=0.01, seed=3, verbosity=0)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Project.objects.exists()
    call_command("gendata", scale=0.01, seed=3, verbosity=0)
    assert snapshot() == first
    with pytest.raises(CommandError):
        call_command("gendata", scale=0.01, seed=3, verbosity=0)


def test_survey_responses_through_the_surveys_hook(reference):
    """khuyencong/surveys/bench.py: 50,000 responses at scale 1 (500 here), bulk, with history, each in
    the province of its establishment and visible through the scoping layer like any response."""
    from khuyencong.surveys.models import Collaborator, SurveyResponse
    from khuyencong.surveys.reference import load as load_forms

    load_forms()
    call_command("gendata", scale=0.01, seed=5, verbosity=0)
    assert SurveyResponse.objects.count() == 500
    assert SurveyResponse.history.count() == 500
    assert set(SurveyResponse.history.values_list("history_change_reason", flat=True)) == {
        "khuyencong gendata"
    }
    assert Collaborator.objects.exists() and Collaborator.history.count() == Collaborator.objects.count()
    linked = SurveyResponse.objects.exclude(facility=None).select_related("facility")
    assert linked.count() > 300
    assert all(r.province_id == r.facility.province_id for r in linked)
    assert SurveyResponse.objects.filter(form__code="need-survey").count() > 400
    assert len(set(SurveyResponse.objects.values_list("status", flat=True))) >= 3
