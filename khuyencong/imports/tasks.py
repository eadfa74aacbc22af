"""Tasks for the `django.tasks` backend (settings.TASKS): arguments are JSON (the job id). `jobs.dispatch`
picks the task by the job's kind."""

from django.tasks import task


@task()
def run_import_job(job_id):
    """Run the queued import job `job_id` (see jobs.run)."""
    from . import jobs

    job = jobs.run(job_id)
    return job.status if job is not None else None


@task()
def run_output_job(job_id):
    """Run the queued export or report job `job_id` (see jobs.run_output)."""
    from . import jobs

    job = jobs.run_output(job_id)
    return job.status if job is not None else None
