"""Two officers take the same step on one đề án at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from khuyencong.programs import services
from khuyencong.programs.choices import Status
from khuyencong.programs.models import Project, StatusChange
from khuyencong.programs.services import WorkflowError
from khuyencong.programs.tests.factories import DOC, drive, project

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (issue 9)"),
]


def test_simultaneous_transitions_exactly_one_wins(personas, geo):
    from khuyencong.programs.reference import load

    load()
    p = project(personas.lam_dong)
    drive(p, Status.CONTRACTED, personas)
    barrier = threading.Barrier(2)
    outcomes = []

    def officer():
        try:
            barrier.wait(timeout=10)
            services.start(
                Project.objects.get(pk=p.pk), actor=personas.lamdong, document=DOC, note="cùng lúc"
            )
            outcomes.append("ok")
        except WorkflowError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert StatusChange.objects.filter(project=p, transition="start").count() == 1
    assert Project.objects.get(pk=p.pk).status == Status.IN_PROGRESS
