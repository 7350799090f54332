"""Which profession a worker's job title counts as, wherever work is divided by profession.

Pure data, shared by the statistics (a profession filter), the task rules and the
importer's parsing process (which derives tasks without Django)."""

from __future__ import annotations

# Job titles (organisation.models.JobTitle) that count as a social worker's.
SOCIAL_WORKER_TITLES = ("social_worker", "lead_social_worker", "student_substitute")


def profession_of_title(job_title: str | None) -> str:
    """The profession a job title counts as in the task rules (a lead is a social worker)."""
    if job_title in SOCIAL_WORKER_TITLES:
        return "social_worker"
    if job_title in ("counsellor", "service_secretary"):
        return str(job_title)
    return "other"
