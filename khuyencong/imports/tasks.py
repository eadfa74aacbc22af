"""Tasks for the `django.tasks` backend (settings.TASKS): arguments are JSON (the job id)."""

from django.tasks import task


@task()
def run_import_job(job_id):
    """Run the queued import job `job_id` (see jobs.run)."""
    from . import jobs

    job = jobs.run(job_id)
    return job.status if job is not None else None
