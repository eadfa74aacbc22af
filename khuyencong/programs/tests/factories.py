"""Factories and helpers that build đề án and drive them through the real workflow services."""

from datetime import date

import factory

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.core.scoping import CENTRAL, PROMOTION_CENTRE, PROVINCE_OFFICER
from khuyencong.facilities.tests.factories import FacilityFactory
from khuyencong.programs import services, workflow
from khuyencong.programs.choices import Level, Status
from khuyencong.programs.models import ContentCategory, Plan, Programme, Project

M = 1_000_000


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    level = Level.LOCAL
    name = factory.Sequence(lambda n: f"Chương trình {n}")
    start_year = 2021
    end_year = 2030


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    programme = factory.SubFactory(ProgrammeFactory, level=factory.SelfAttribute("..level"))
    level = Level.LOCAL
    year = 2026
    budget_vnd = 1000 * M


def project(
    province,
    *,
    level=Level.LOCAL,
    year=2026,
    support=200,
    total=1000,
    category="KC03",
    code=None,
    actor=None,
    status=Status.DRAFT,
    **extra,
):
    """A complete draft đề án in `province` (created directly: tests of scoping need no actor)."""
    unit = Organisation.objects.create(
        name=f"Trung tâm Khuyến công {province.name}",
        kind=OrganisationKind.PROMOTION_CENTRE,
        province=province,
    )
    facility = FacilityFactory(province=province)
    values = {
        "code": code or f"T-{Project.objects.count() + 1:04d}-{province.code}",
        "title": f"Đề án thử {province.name}",
        "level": level,
        "plan_year": year,
        "category": ContentCategory.objects.get(code=category),
        "executing_unit": unit,
        "province": province,
        "objectives": "Mục tiêu",
        "state_support_vnd": support * M,
        "counterpart_vnd": (total - support) * M,
        "total_cost_vnd": total * M,
        "start_date": date(year, 3, 1),
        "end_date": date(year, 11, 30),
        **extra,
    }
    created = Project.objects.create(status=status, **values)
    created.beneficiaries.set([facility])
    return created


def plan_for(p):
    return Plan.objects.filter(level=p.level, year=p.plan_year, province=p.province).first() or PlanFactory(
        level=p.level, year=p.plan_year, province=p.province
    )


DOC = {"number": "01/QĐ-TEST", "issued_on": date(2026, 5, 1), "issuing_body_name": "Sở Công Thương"}

# The path from DRAFT to each state (national đề án go through the department's appraisal first).
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: ["submit"],
    Status.APPRAISED_LOCAL: ["submit", "appraise_local"],
    Status.SUBMITTED_CENTRAL: ["submit", "appraise_local", "submit_central"],
    Status.REJECTED: ["submit", "reject"],
    Status.APPROVED_IN_PLAN: ["submit", "approve"],
    Status.CONTRACTED: ["submit", "approve", "contract"],
    Status.IN_PROGRESS: ["submit", "approve", "contract", "start"],
    Status.ADJUSTMENT_REQUESTED: ["submit", "approve", "contract", "start", "request_adjustment"],
    Status.STOP_REQUESTED: ["submit", "approve", "contract", "start", "request_stop"],
    Status.STOPPED: ["submit", "approve", "request_stop", "approve_stop"],
    Status.COMPLETED: ["submit", "approve", "contract", "start", "complete"],
    Status.ACCEPTED: ["submit", "approve", "contract", "start", "complete", "accept"],
    Status.SETTLED: ["submit", "approve", "contract", "start", "complete", "accept", "settle"],
    Status.EVALUATED: ["submit", "approve", "contract", "start", "complete", "accept", "settle", "evaluate"],
}
NATIONAL_PREFIX = ["submit", "appraise_local", "submit_central"]


def path_to(level, status):
    path = PATHS[status]
    if level == Level.NATIONAL and len(path) > 1 and path[1] != "appraise_local":
        return NATIONAL_PREFIX + path[1:]
    return path


def actor_for(name, level, personas):
    roles = workflow.get(name).roles[level]
    if roles & {PROVINCE_OFFICER, PROMOTION_CENTRE}:
        return personas.lamdong
    assert CENTRAL in roles
    return personas.central


def extra_for(name, p):
    if name == "request_adjustment":
        return {"changes": {"state_support_vnd": p.state_support_vnd + 10 * M}, "kinds": ["budget"]}
    if name == "request_stop":
        return {"reason": "Cơ sở xin rút"}
    if name == "approve":
        return {"plan": plan_for(p)}
    return {}


def take(p, name, personas, actor=None, document=DOC):
    actor = actor or actor_for(name, p.level, personas)
    return services.perform(p, name, actor=actor, document=document, note="test", **extra_for(name, p))


def drive(p, status, personas):
    """Take `p` from DRAFT to `status` along PATHS with the right actor at each step."""
    for name in path_to(p.level, status):
        p = take(p, name, personas)
    p.refresh_from_db()
    assert p.status == status, (p.status, status)
    return p
