"""One English msgid, one meaning (#19 item 2).

gettext translates a msgid once: "Planned" got "Đã quy hoạch" (a cluster's status) and an inspection
visit said so too; "Establishment" got "Thành lập" (a cluster decision kind) on the survey's facility
column. A label used with two meanings needs a context (`pgettext_lazy(context, msgid)`).

Mechanically, a meaning is a choices class (every `TextChoices` of the project), or "field name" for a
model field's verbose name, a form field's or filter's label and a list table's column header. The
same (msgid, no context) with two meanings fails, unless ALLOWED names them as the same meaning.
"""

import importlib
from collections import defaultdict

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from khuyencong.core.tables import Table

FIELD = "field name"

# msgid → the meanings that may share it without a context, and why they are one meaning.
ALLOWED = {
    # The same thing named in two lists: the Vietnamese word is the same whatever the list.
    "Other": {"accounts.OrganisationKind", "clusters.InfrastructureKind", "correspondence.DocumentType"},
    "Cooperative": {"accounts.OrganisationKind", "facilities.FacilityKind"},  # hợp tác xã
    "Enterprise with foreign capital": {"accounts.OrganisationKind", "clusters.InvestorKind"},
    "District": {"geography.Level", "facilities.AwardLevel"},  # cấp huyện, of a unit or of an award
    "Report": {"imports.JobKind", "programs.DocumentKind"},  # báo cáo, produced or filed
    # The period of a report, in the tenants' report and the periodic reports.
    "Six months": {"clusters.ReportPeriod", "reports.PeriodKind"},
    "Year": {"clusters.ReportPeriod", "reports.PeriodKind", FIELD},
    # A level named by its unit: the column "Province" lists provinces of the level "Province".
    "Province": {"geography.Level", FIELD},
    "Commune": {"geography.Level", FIELD},
    "Date": {"surveys.FieldType", FIELD},  # a survey field of type date, a date column
    "Overdue": {"deadlines.Stage", FIELD},  # the reminder after the deadline, the overdue filter
}


def msgid_of(label):
    """(msgid, context) of a label: a lazy gettext or pgettext call, or a plain string."""
    if isinstance(label, Promise):
        _func, args, _kw = label.__reduce__()[1][:3]
        return (args[1], args[0]) if len(args) == 2 else (args[0], None)
    return (str(label), None)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ours(cls):
    return cls.__module__.startswith("khuyencong.") and ".tests" not in cls.__module__


def _meaning(choices):
    """'clusters.ClusterStatus' for khuyencong.clusters.choices.ClusterStatus."""
    return f"{choices.__module__.split('.')[1]}.{choices.__qualname__}"


def label_places():
    """{(msgid, context): {meaning}} over the choices, model fields, forms, filters and list tables."""
    for config in apps.get_app_configs():
        if config.name.startswith("khuyencong."):
            for module in ("forms", "filtersets", "tables"):
                try:
                    importlib.import_module(f"{config.name}.{module}")
                except ModuleNotFoundError as missing:
                    if missing.name != f"{config.name}.{module}":
                        raise
    places = defaultdict(set)
    for choices in filter(_ours, _subclasses(models.Choices)):
        for member in choices:
            places[msgid_of(member._label_)].add(_meaning(choices))
    for model in apps.get_models():
        if _ours(model):
            for field in model._meta.get_fields():
                if field.concrete or field.many_to_many and not field.auto_created:
                    places[msgid_of(field.verbose_name)].add(FIELD)
    for form in filter(_ours, _subclasses(forms.BaseForm)):
        for field in form.base_fields.values():
            if field.label is not None:
                places[msgid_of(field.label)].add(FIELD)
    for filterset in filter(_ours, _subclasses(django_filters.FilterSet)):
        for flt in filterset.declared_filters.values():
            if flt.label is not None:
                places[msgid_of(flt.label)].add(FIELD)
    for table in filter(_ours, _subclasses(Table)):
        for column in table.columns:
            places[msgid_of(column.header)].add(FIELD)
    return places


def test_a_msgid_without_context_has_one_meaning():
    clashes = {
        msgid: sorted(meanings)
        for (msgid, context), meanings in label_places().items()
        if context is None and len(meanings) > 1 and not meanings <= ALLOWED.get(msgid, set())
    }
    assert not clashes, (
        "The same English label has two meanings and one Vietnamese translation; "
        f"give each a context with pgettext_lazy(context, msgid): {clashes}"
    )


def test_the_allowlist_names_labels_still_shared():
    places = label_places()
    stale = {msgid for msgid in ALLOWED if len(places.get((msgid, None), ())) < 2}
    assert not stale, f"no longer shared, remove from ALLOWED: {stale}"


@pytest.mark.parametrize(
    "label, expected",
    [
        ("clusters.DecisionKind.ESTABLISHMENT", ("Establishment", "cluster decision kind")),
        ("clusters.ClusterStatus.PLANNED", ("Planned", "cluster status")),
        ("clusters.ClusterStatus.UNDER_CONSTRUCTION", ("Under construction", "cluster status")),
        ("clusters.InfrastructureState.UNDER_CONSTRUCTION", ("Under construction", "infrastructure state")),
        ("clusters.TenantStatus.UNDER_CONSTRUCTION", ("Under construction", "tenant status")),
        ("clusters.TenantStatus.OPERATING", ("Operating", "tenant status")),
        ("inspections.VisitStatus.PLANNED", ("Planned", "inspection status")),
        ("inspections.VisitStatus.IN_PROGRESS", ("In progress", "inspection status")),
        ("programs.Status.DRAFT", ("Draft", "project status")),
        ("programs.Status.ACCEPTED", ("Accepted", "project status")),
        ("reports.SubmissionStatus.DRAFT", ("Draft", "report status")),
        ("reports.SubmissionStatus.SUBMITTED", ("Submitted", "report status")),
        ("reports.SubmissionStatus.ACCEPTED", ("Accepted", "report status")),
    ],
)
def test_labels_with_two_meanings_carry_their_context(label, expected):
    meaning, member = label.rsplit(".", 1)
    (choices,) = [c for c in _subclasses(models.Choices) if _ours(c) and _meaning(c) == meaning]
    assert msgid_of(choices[member].label) == expected
