"""The professions, defined once: their codes, the ones work is divided between, and
which profession a worker's job title counts as.

Pure data (no Django), shared by the organisation (`organisation.choices.Profession`
takes its values from here), the task catalogue and its rules, job descriptions,
staffing, the caseload rules, the statistics (a profession filter), the reports and the
importer's parsing process (which derives tasks without Django). Names shown to people
are the labels of `organisation.choices.Profession` (translated)."""

from __future__ import annotations

SOCIAL_WORKER = "social_worker"
COUNSELLOR = "counsellor"
SERVICE_SECRETARY = "service_secretary"
LEAD_SOCIAL_WORKER = "lead_social_worker"
OTHER = "other"

# Every profession as the organisation file and a post spell it.
ALL_PROFESSIONS = (SOCIAL_WORKER, COUNSELLOR, SERVICE_SECRETARY, LEAD_SOCIAL_WORKER, OTHER)

# The professions work is divided between (statistics filter, task rules, job descriptions).
PROFESSIONS = (SOCIAL_WORKER, COUNSELLOR, SERVICE_SECRETARY)

# Job titles (organisation.models.JobTitle) that count as a social worker's.
SOCIAL_WORKER_TITLES = (SOCIAL_WORKER, "lead_social_worker", "student_substitute")


def titles_of_profession(profession: str) -> tuple[str, ...]:
    """The job titles that count as this profession (the inverse of `profession_of_title`)."""
    if profession == SOCIAL_WORKER:
        return SOCIAL_WORKER_TITLES
    if profession in PROFESSIONS:
        return (profession,)
    raise ValueError(f"unknown profession {profession!r}")


def profession_of_title(job_title: str | None) -> str:
    """The profession a job title counts as in the task rules (a lead is a social worker)."""
    if job_title in SOCIAL_WORKER_TITLES:
        return SOCIAL_WORKER
    if job_title in (COUNSELLOR, SERVICE_SECRETARY):
        return str(job_title)
    return OTHER
