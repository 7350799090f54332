"""Which profession a worker's job title counts as, wherever work is divided by profession.

Pure data, shared by the statistics (a profession filter), the task rules and the
importer's parsing process (which derives tasks without Django)."""

from __future__ import annotations

# Job titles (organisation.models.JobTitle) that count as a social worker's.
SOCIAL_WORKER_TITLES = ("social_worker", "lead_social_worker", "student_substitute")

# The professions work is divided between (statistics filter, task rules, job descriptions).
PROFESSIONS = ("social_worker", "counsellor", "service_secretary")


def titles_of_profession(profession: str) -> tuple[str, ...]:
    """The job titles that count as this profession (the inverse of `profession_of_title`)."""
    if profession == "social_worker":
        return SOCIAL_WORKER_TITLES
    if profession in PROFESSIONS:
        return (profession,)
    raise ValueError(f"unknown profession {profession!r}")


def profession_of_title(job_title: str | None) -> str:
    """The profession a job title counts as in the task rules (a lead is a social worker)."""
    if job_title in SOCIAL_WORKER_TITLES:
        return "social_worker"
    if job_title in ("counsellor", "service_secretary"):
        return str(job_title)
    return "other"
