"""Encounters (contacts with clients), their code lists, and import batches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.clients.models import Client
from tyonjako.common.names import TrilingualName
from tyonjako.organisation.models import Team, Unit, Worker


class ContactType(models.TextChoices):
    VISIT = "visit", _("visit")
    PHONE = "phone", _("phone call")
    NO_SHOW = "no_show", _("no-show")
    HOME_VISIT = "home_visit", _("home visit")
    REMOTE = "remote", _("remote contact")
    OTHER = "other", pgettext_lazy("contact type", "other")
    # Work without a client's data (seed 001 "tapauskohtainen tilastointi ilman
    # asiakastietoja"): counted as contacts and time, never as clients.
    CONSULTATION = "consultation", _("consultation")
    GROUP = "group", _("group session")
    INFORMATION = "information", _("information event")


#: The contact types that may be recorded or imported without a client.
CLIENTLESS_CONTACT_TYPES = frozenset(
    {ContactType.CONSULTATION, ContactType.GROUP, ContactType.INFORMATION}
)


class Provider(models.TextChoices):
    PUBLIC = "public", _("public")
    PRIVATE = "private", _("private")


class CodeList(models.TextChoices):
    REASON = "reason", _("reason for contact")
    TARGET_GROUP = "target_group", _("target group")
    PARTNER = "partner", _("cooperation partner")
    REFERRAL_SOURCE = "referral_source", _("referral source")
    DESTINATION = "destination", _("onward referral")
    CODE = "code", _("code")


class CodeValue(TrilingualName):
    """One value of a code list. Lists are data: loaded from files, never hard-coded."""

    list = models.CharField(_("list"), max_length=20, choices=CodeList.choices)
    system = models.CharField(
        _("code system"),
        max_length=20,
        blank=True,
        help_text=_("For codes: RS, SPAT, ICD10, local …"),
    )
    code = models.CharField(_("code"), max_length=40)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example value"),
        default=False,
        help_text=_("Shipped as an example, not an official value."),
    )
    needs_review = models.BooleanField(
        _("needs review"), default=False, help_text=_("Created by an import from an unknown value.")
    )

    class Meta:
        verbose_name = _("code list value")
        verbose_name_plural = _("code list values")
        ordering = ["list", "system", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list", "system", "code"], name="code_value_unique")
        ]

    def __str__(self) -> str:
        prefix = f"{self.system}:" if self.system else ""
        return f"{prefix}{self.code} {self.name}"

    @property
    def qualified(self) -> str:
        return f"{self.system}:{self.code}" if self.system else self.code


class ImportStatus(models.TextChoices):
    RUNNING = "running", pgettext_lazy("import status", "running")
    DONE = "done", pgettext_lazy("import status", "done")
    REJECTED = "rejected", pgettext_lazy("import status", "rejected: nothing written")
    VALIDATED = "validated", pgettext_lazy("import status", "validated (dry run)")
    FAILED = "failed", pgettext_lazy("import status", "failed")


class ImportBatch(models.Model):
    file_name = models.CharField(_("file"), max_length=255)
    source_system = models.CharField(_("source system"), max_length=40)
    profile = models.CharField(_("profile"), max_length=80)
    options = models.JSONField(_("options"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_created = models.PositiveIntegerField(_("created"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected"), default=0)
    errors = models.JSONField(_("errors"), default=list)
    created_values = models.JSONField(_("created values"), default=dict)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class Encounter(models.Model):
    """A contact with a client. No free text about the client: codes and numbers only.

    A statistics table of millions of imported rows: its foreign keys carry no
    database constraint and only the indexes that queries use. Each constraint
    is a trigger run per inserted row (at commit) and each index a write per
    row; together they cost the import more than the insert itself. Django's
    ``on_delete`` (PROTECT, CASCADE, SET_NULL) is enforced by Django and still
    holds, and every write goes through the importer or an action that takes
    the ids from rows it has just read (docs/architecture.md).
    """

    source_system = models.CharField(_("source system"), max_length=40, default="manual")
    source_id = models.CharField(_("source record id"), max_length=80)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    # encounter_unit_date_client leads with the unit
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="encounters",
        verbose_name=_("unit"),
        db_constraint=False,
        db_index=False,
    )
    # encounter_team_date leads with the team
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="encounters",
        verbose_name=_("team or ward"),
        db_constraint=False,
        db_index=False,
    )
    # encounter_worker_date leads with the worker
    worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="encounters",
        verbose_name=_("worker"),
        db_constraint=False,
        db_index=False,
    )
    # None only for a consultation, group session or information event recorded
    # without a client (CLIENTLESS_CONTACT_TYPES).
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="encounters",
        verbose_name=_("client"),
        db_constraint=False,
    )
    contact_type = models.CharField(_("contact type"), max_length=20, choices=ContactType.choices)
    duration_min = models.PositiveSmallIntegerField(_("duration (min)"), null=True, blank=True)
    duration_band = models.CharField(_("duration band"), max_length=10, blank=True)
    reason = models.ForeignKey(
        CodeValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason for contact"),
        db_constraint=False,
        db_index=False,
    )
    target_group = models.ForeignKey(
        CodeValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
        db_constraint=False,
        db_index=False,
    )
    referred_by = models.ForeignKey(
        CodeValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral source"),
        db_constraint=False,
        db_index=False,
    )
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices, blank=True)
    consent = models.BooleanField(_("consent recorded"), null=True)
    task_code = models.CharField(_("task"), max_length=40, blank=True)
    # "warning" when the worker's profession should not do this task (job
    # descriptions and the task catalogue); counted in the tasks report.
    task_flag = models.CharField(_("task check"), max_length=20, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import batch"),
        db_constraint=False,
        db_index=False,
    )
    row_hash = models.CharField(max_length=32, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        db_constraint=False,
        db_index=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_id"], name="encounter_source_unique"
            )
        ]
        indexes = [
            # The client last: the statistics count a unit's clients of a period (their
            # ages, genders, languages) from the index alone, without reading the rows
            # (0.5-0.8 s a unit-year with a million encounters, issue 18 §3).
            models.Index(fields=["unit", "date", "client"], name="encounter_unit_date_client"),
            # A ward's month or year in the statistics: the team's encounters of the period
            # without reading its other years. The team and worker indexes leave out the
            # rows without one (no query asks for those by team or worker), so an export
            # without workers writes no entries in that index at all.
            models.Index(
                fields=["team", "date"],
                name="encounter_team_date",
                condition=models.Q(team__isnull=False),
            ),
            models.Index(
                fields=["worker", "date"],
                name="encounter_worker_date",
                condition=models.Q(worker__isnull=False),
            ),
            # The encounter form lists the user's own latest entries: without this the
            # page read the team's whole history (0.3-0.5 s with a million encounters).
            # Imported rows have no recorder, so the index holds only the form's rows.
            models.Index(
                fields=["recorded_by", "-date", "-id"],
                name="encounter_recorder_date",
                condition=models.Q(recorded_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.client} {self.get_contact_type_display()}"

    def get_additional_data(self) -> dict[str, object]:
        return {"client_id": self.client_id}


class LinkRole(models.TextChoices):
    CODE = "code", _("code")
    PARTNER = "partner", _("cooperation partner")
    DESTINATION = "destination", _("onward referral")


class EncounterLink(models.Model):
    """An encounter's codes, cooperation partners and onward referrals (several each)."""

    # No database constraints and no single-column indexes (see Encounter):
    # encounter_link_unique leads with the encounter, and every query reaches links
    # through their encounters. Nothing asks for the links of one code value but
    # Django's PROTECT check when a code value is deleted, which reads the table
    # once; an index for it would cost every imported link a write.
    encounter = models.ForeignKey(
        Encounter,
        on_delete=models.CASCADE,
        related_name="links",
        db_constraint=False,
        db_index=False,
    )
    role = models.CharField(max_length=12, choices=LinkRole.choices)
    value = models.ForeignKey(
        CodeValue, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["encounter", "role", "value"], name="encounter_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.encounter_id} {self.role} {self.value_id}"


class MonthTally(models.Model):
    """One unit's (and team's) encounters of one month, counted by one column's value.

    The statistics of whole months read these instead of the encounters: a year
    is a few thousand tallies however many encounters it holds. `measure` is an
    encounter column (contact_type, duration_band, provider, reason, target_group,
    referred_by) or a link role (code, partner, destination); `value` is the
    column's value or the code value's id, "" when not recorded; `source` is the
    referral source of onward referrals (the flows). Rebuilt from the encounters
    by `tallies.refresh_tallies` whenever the month is marked stale."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, related_name="+")
    month = models.DateField()
    measure = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)
    source = models.IntegerField(null=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["unit", "month"], name="tally_unit_month"),
            models.Index(fields=["team", "month"], name="tally_team_month"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} {self.measure}={self.value}: {self.n}"


class MonthClients(models.Model):
    """The distinct clients of one unit's (and team's) encounters of one month.

    `ids` is the set of client ids packed as a bitmap (`common.intset.pack`): a few
    kilobytes however many encounters the clients had. The distinct clients of a
    year are the union of twelve months' sets, found without reading an encounter;
    their profiles (gender, age…) are read from the clients as they are now.
    Rebuilt with the month's tallies by `tallies.refresh_tallies`."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, related_name="+")
    month = models.DateField()
    ids = models.BinaryField()

    class Meta:
        indexes = [
            models.Index(fields=["unit", "month"], name="month_clients_unit_month"),
            models.Index(fields=["team", "month"], name="month_clients_team_month"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.team_id} {self.month}"


class StaleMonth(models.Model):
    """A unit's month whose encounters changed after its tallies were counted.

    Every write of encounters marks its months in the same transaction, with a
    new token; a refresh deletes the mark only if the token is still the one it
    read, so a write during the refresh keeps the month stale."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="stale_month_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month}"


class PrecountedTable(models.Model):
    """A site's published, pre-counted statistics for a period (seed 001's site table):
    aggregate-only data, entered from a file, used beside counted units in comparisons
    and marked as pre-counted wherever it appears. No client or encounter rows."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="precounted_tables", verbose_name=_("unit")
    )
    site = models.CharField(_("site"), max_length=120)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    source = models.CharField(_("source"), max_length=300)
    #: The sections the table gives ({"contacts": {...}, "clients": 15, "gender": {...}}).
    figures = models.JSONField(_("figures"), default=dict)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        verbose_name = _("pre-counted table")
        verbose_name_plural = _("pre-counted tables")
        ordering = ["unit__code", "start", "site"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "site", "start", "end"], name="precounted_one_per_site_period"
            ),
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="precounted_period"
            ),
        ]

    def __str__(self) -> str:
        start, end = self.start, self.end
        return (
            f"{self.site} {start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"
        )
