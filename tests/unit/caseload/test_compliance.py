"""Table tests for every compliance rule, positive and negative, with deadline boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.caseload.rules import (
    RULES,
    ClientFacts,
    Finding,
    WorkCalendar,
    WorkerFacts,
    check_all,
    check_client,
)
from tyonjako.caseload.rules.compliance import waits_long

from .helpers import HC, OTHER, PENDING, SO, SW, SW_SV, client, decided, worker

FI = WorkCalendar()
NO_HOLIDAYS = WorkCalendar(public_holidays=None)
TODAY = date(2026, 3, 16)
DECIDED_ON = date(2026, 3, 9)
PW_SINCE = date(2026, 3, 10)


def rules_of(c: ClientFacts, today: date = TODAY, calendar: WorkCalendar = FI) -> list[str]:
    return [finding.rule for finding in check_client(c, today, calendar)]


def only(c: ClientFacts, rule: str, today: date = TODAY, calendar: WorkCalendar = FI) -> Finding:
    found = [f for f in check_client(c, today, calendar) if f.rule == rule]
    assert len(found) == 1, rules_of(c, today, calendar)
    return found[0]


# --- special_support_without_social_worker -------------------------------------

RULE1 = "special_support_without_social_worker"


@pytest.mark.parametrize(
    ("personal_worker", "pairs", "special_support", "expected"),
    [
        (SO, (), True, True),  # counsellor alone
        (SO, (SW,), True, False),  # counsellor with a social-worker pair
        (SW, (), True, False),  # social worker
        (SW_SV, (SO,), True, False),  # social worker, counsellor pair
        (None, (), True, True),  # nobody at all
        (None, (SW,), True, False),  # social-worker pair only
        (SO, (SO, HC), True, True),  # pairs, none a social worker
        (HC, (), True, True),  # health-care professional alone
        (HC, (SW,), True, False),
        (OTHER, (), True, True),
        (SO, (), False, False),  # no special support
        (SO, (), None, False),  # not yet known
        (None, (), None, False),
    ],
)
def test_special_support_needs_a_social_worker(
    personal_worker: WorkerFacts | None,
    pairs: tuple[WorkerFacts, ...],
    special_support: bool | None,
    expected: bool,
) -> None:
    c = decided(special_support=special_support, personal_worker=personal_worker, pairs=pairs)
    assert (RULE1 in rules_of(c)) is expected


def test_special_support_finding_details() -> None:
    finding = only(decided(special_support=True, personal_worker=SO), RULE1)
    assert finding.severity == "error"
    assert finding.since == DECIDED_ON
    assert finding.legal_basis == {
        "fi": "Sosiaalihuoltolaki 1301/2014 42 §",
        "sv": "Socialvårdslagen 1301/2014 42 §",
        "en": "Social Welfare Act 1301/2014 s. 42",
    }
    assert finding.message["fi"] == (
        "Erityistä tukea tarvitsevan asiakkaan omatyöntekijä ei ole sosiaalityöntekijä, "
        "eikä hänellä ole sosiaalityöntekijää työparina."
    )
    assert finding.fix["fi"] == "Nimeä sosiaalityöntekijä omatyöntekijäksi tai työpariksi."
    assert finding.client_key == "A-0100" and finding.team_code == "A"


def test_special_support_without_any_worker_has_own_message_and_pending_since() -> None:
    c = client(special_support=True, assessment_state="draft")
    finding = only(c, RULE1)
    assert finding.since == PENDING
    assert "ei ole omatyöntekijää" in finding.message["fi"]


# --- care_without_social_worker --------------------------------------------------

RULE2 = "care_without_social_worker"


@pytest.mark.parametrize(
    ("segment", "personal_worker", "pairs", "expected"),
    [
        ("care", SO, (), True),
        ("care", SO, (SW,), True),  # a pair does not help: the personal worker must be STT
        ("care", HC, (), True),
        ("care", SW, (), False),
        ("care", None, (), False),  # reported as no_personal_worker instead
        ("cooperation", SO, (), False),
        ("guidance", SO, (), False),
        ("self_service", SO, (), False),
        (None, SO, (), False),
    ],
)
def test_care_clientship_needs_a_social_worker(
    segment: str | None,
    personal_worker: WorkerFacts | None,
    pairs: tuple[WorkerFacts, ...],
    expected: bool,
) -> None:
    c = decided(segment=segment, personal_worker=personal_worker, pairs=pairs)
    assert (RULE2 in rules_of(c)) is expected


def test_care_finding_basis_and_since() -> None:
    c = decided(segment="care", personal_worker=SO, personal_worker_since=PW_SINCE)
    finding = only(c, RULE2)
    assert finding.severity == "error"
    assert finding.since == PW_SINCE  # later than the decision
    assert (
        "kehittämisohjelma" in finding.legal_basis["fi"] and "seed" not in finding.legal_basis["fi"]
    )
    assert finding.legal_basis["fi"].startswith("Varsinais-Suomen hyvinvointialueen työikäisten")
    earlier = decided(segment="care", personal_worker=SO, personal_worker_since=PENDING)
    assert only(earlier, RULE2).since == DECIDED_ON


def test_care_and_special_support_can_both_apply() -> None:
    c = decided(segment="care", special_support=True, personal_worker=SO)
    assert rules_of(c) == [RULE1, RULE2]


# --- no_personal_worker ------------------------------------------------------------

RULE3 = "no_personal_worker"


@pytest.mark.parametrize(
    ("state", "needs", "personal_worker", "expected"),
    [
        ("decided", True, None, True),
        ("decided", True, SO, False),
        ("decided", False, None, False),  # clearly unnecessary, recorded
        ("recommended", True, None, False),  # not yet: "at the latest after the assessment"
        ("draft", True, None, False),
        ("none", True, None, False),
    ],
)
def test_personal_worker_after_assessment(
    state: str, needs: bool, personal_worker: WorkerFacts | None, expected: bool
) -> None:
    c = decided(
        assessment_state=state, needs_personal_worker=needs, personal_worker=personal_worker
    )
    assert (RULE3 in rules_of(c)) is expected


def test_no_personal_worker_since_decision() -> None:
    finding = only(decided(), RULE3)
    assert finding.since == DECIDED_ON
    assert finding.severity == "error"
    assert "42" in finding.legal_basis["fi"]


# --- assessment deadlines ----------------------------------------------------------

PASSED, SOON = "assessment_deadline_passed", "assessment_deadline_soon"


def deadline_rules(
    today: date,
    deadline: date | None,
    *,
    started: date | None = None,
    calendar: WorkCalendar = FI,
    soon_weekdays: int = 2,
) -> list[str]:
    c = client(
        assessment_state="draft" if started else "none",
        assessment_start_deadline=deadline,
        assessment_started_on=started,
    )
    found = check_client(c, today, calendar, soon_weekdays=soon_weekdays)
    return [f.rule for f in found if f.rule in (PASSED, SOON)]


@pytest.mark.parametrize(
    ("today", "deadline", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), [SOON]),  # deadline today
        (date(2026, 3, 2), date(2026, 3, 3), [SOON]),  # tomorrow
        (date(2026, 3, 2), date(2026, 3, 4), [SOON]),  # two weekdays
        (date(2026, 3, 2), date(2026, 3, 5), []),  # three weekdays
        (date(2026, 3, 3), date(2026, 3, 2), [PASSED]),  # yesterday
        (date(2026, 4, 2), date(2026, 3, 2), [PASSED]),  # long ago
        (date(2026, 3, 6), date(2026, 3, 9), [SOON]),  # Friday -> Monday: one weekday
        (date(2026, 3, 6), date(2026, 3, 10), [SOON]),  # Friday -> Tuesday: two
        (date(2026, 3, 6), date(2026, 3, 11), []),  # Friday -> Wednesday: three
        (date(2026, 3, 5), date(2026, 3, 9), [SOON]),  # Thursday -> Monday: two
        (date(2026, 3, 7), date(2026, 3, 10), [SOON]),  # Saturday -> Tuesday: two
        (date(2026, 3, 9), date(2026, 3, 7), [PASSED]),  # deadline on a Saturday, now Monday
        # Christmas 2026: 24. (Thu), 25. (Fri) and 26. (Sat) are holidays.
        (date(2026, 12, 23), date(2026, 12, 28), [SOON]),  # one weekday after Christmas
        (date(2026, 12, 23), date(2026, 12, 29), [SOON]),
        (date(2026, 12, 23), date(2026, 12, 30), []),
        (date(2026, 12, 24), date(2026, 12, 28), [SOON]),  # today is a holiday
        # New Year's Day 1.1.2027 (Fri) and Epiphany 6.1.2027 (Wed).
        (date(2026, 12, 31), date(2027, 1, 5), [SOON]),  # Mon 4., Tue 5.
        (date(2027, 1, 5), date(2027, 1, 8), [SOON]),  # Thu 7., Fri 8.
        # Independence Day 6.12.2026 is a Sunday: nothing changes.
        (date(2026, 12, 4), date(2026, 12, 8), [SOON]),
        (date(2026, 12, 4), date(2026, 12, 9), []),
        (date(2026, 12, 4), date(2026, 12, 6), [SOON]),  # deadline on the holiday itself
        (date(2026, 12, 7), date(2026, 12, 6), [PASSED]),
        # Independence Day 6.12.2027 is a Monday.
        (date(2027, 12, 3), date(2027, 12, 8), [SOON]),  # Tue 7., Wed 8.
        (date(2027, 12, 3), date(2027, 12, 9), []),
    ],
)
def test_deadline_boundaries(today: date, deadline: date, expected: list[str]) -> None:
    assert deadline_rules(today, deadline) == expected


@pytest.mark.parametrize(
    ("today", "deadline", "with_holidays", "without_holidays"),
    [
        (date(2026, 12, 23), date(2026, 12, 29), [SOON], []),  # 24., 25. are holidays
        (date(2027, 12, 3), date(2027, 12, 8), [SOON], []),  # 6.12.2027 is a holiday
    ],
)
def test_holidays_matter(
    today: date, deadline: date, with_holidays: list[str], without_holidays: list[str]
) -> None:
    assert deadline_rules(today, deadline, calendar=FI) == with_holidays
    assert deadline_rules(today, deadline, calendar=NO_HOLIDAYS) == without_holidays


def test_independence_day_2027_with_one_weekday_warning() -> None:
    # Friday 3.12.2027 -> Tuesday 7.12.2027: Monday is Independence Day.
    today, deadline = date(2027, 12, 3), date(2027, 12, 7)
    assert deadline_rules(today, deadline, soon_weekdays=1) == [SOON]
    assert deadline_rules(today, deadline, soon_weekdays=1, calendar=NO_HOLIDAYS) == []


@pytest.mark.parametrize(
    ("soon_weekdays", "deadline", "expected"),
    [
        (0, date(2026, 3, 2), [SOON]),
        (0, date(2026, 3, 3), []),
        (5, date(2026, 3, 9), [SOON]),
        (5, date(2026, 3, 10), []),
    ],
)
def test_soon_weekdays_is_configurable(
    soon_weekdays: int, deadline: date, expected: list[str]
) -> None:
    assert deadline_rules(date(2026, 3, 2), deadline, soon_weekdays=soon_weekdays) == expected


@pytest.mark.parametrize(
    ("started", "today", "expected"),
    [
        (date(2026, 3, 10), date(2026, 3, 10), []),  # on the deadline day
        (date(2026, 3, 9), date(2026, 3, 20), []),  # before
        (date(2026, 3, 11), date(2026, 3, 11), [PASSED]),  # a day late
        (date(2026, 3, 11), date(2026, 6, 1), [PASSED]),  # stays on record
        (date(2026, 3, 2), date(2026, 3, 9), []),  # started: no "soon" warning either
    ],
)
def test_started_assessment(started: date, today: date, expected: list[str]) -> None:
    assert deadline_rules(today, date(2026, 3, 10), started=started) == expected


def test_decided_without_start_date_counts_as_started_on_decision() -> None:
    on_time = decided(
        assessment_started_on=None,
        assessment_decided_on=date(2026, 3, 9),
        assessment_start_deadline=date(2026, 3, 10),
        personal_worker=SO,
    )
    assert rules_of(on_time, date(2026, 4, 1)) == []
    late = decided(
        assessment_started_on=None,
        assessment_decided_on=date(2026, 3, 12),
        assessment_start_deadline=date(2026, 3, 10),
        personal_worker=SO,
    )
    assert rules_of(late, date(2026, 4, 1)) == [PASSED]


def test_no_deadline_no_finding() -> None:
    assert deadline_rules(date(2030, 1, 1), None) == []


def test_deadline_findings_details() -> None:
    deadline = date(2026, 3, 11)
    c = client(assessment_start_deadline=deadline)
    passed = only(c, PASSED, today=date(2026, 3, 12))
    assert passed.severity == "error"
    assert passed.since == deadline
    assert "36 §" in passed.legal_basis["fi"]
    assert "11.3.2026" in passed.message["fi"]
    assert "11 March 2026" in passed.message["en"]

    soon = only(c, SOON, today=date(2026, 3, 10))
    assert soon.severity == "warning"
    assert soon.since == PENDING
    assert soon.message["fi"] == (
        "Palvelutarpeen arviointi on aloitettava viimeistään 11.3.2026 (1 arkipäivä jäljellä)."
    )
    assert soon.message["sv"].endswith("(1 vardag kvar).")
    assert soon.message["en"].endswith("(1 weekday left).")
    two = only(c, SOON, today=date(2026, 3, 9))
    assert "(2 arkipäivää jäljellä)" in two.message["fi"]
    today = only(c, SOON, today=deadline)
    assert "viimeistään tänään (11.3.2026)" in today.message["fi"]


def test_late_start_message_names_both_dates() -> None:
    c = client(
        assessment_state="draft",
        assessment_started_on=date(2026, 3, 12),
        assessment_start_deadline=date(2026, 3, 11),
    )
    finding = only(c, PASSED)
    assert "12.3.2026" in finding.message["fi"] and "11.3.2026" in finding.message["fi"]


def test_negative_soon_weekdays_is_rejected() -> None:
    with pytest.raises(ValueError):
        check_client(client(), TODAY, FI, soon_weekdays=-1)


# --- health_care_without_justification ----------------------------------------------

RULE5 = "health_care_without_justification"


@pytest.mark.parametrize(
    ("personal_worker", "justification", "expected"),
    [
        (HC, False, True),
        (HC, True, False),
        (SO, False, False),
        (SW, False, False),
        (OTHER, False, False),
        (None, False, False),
    ],
)
def test_health_care_personal_worker_needs_justification(
    personal_worker: WorkerFacts | None, justification: bool, expected: bool
) -> None:
    c = decided(personal_worker=personal_worker, health_care_justification=justification)
    assert (RULE5 in rules_of(c)) is expected


def test_health_care_finding_details() -> None:
    c = decided(personal_worker=HC, personal_worker_since=PW_SINCE)
    finding = only(c, RULE5)
    assert finding.severity == "warning"
    assert finding.since == PW_SINCE
    assert "42" in finding.legal_basis["en"]


def test_justified_health_care_worker_still_needs_social_worker_for_special_support() -> None:
    c = decided(special_support=True, personal_worker=HC, health_care_justification=True)
    assert rules_of(c) == [RULE1]


# --- language_mismatch -------------------------------------------------------------

RULE6 = "language_mismatch"


@pytest.mark.parametrize(
    ("language", "worker_languages", "expected"),
    [
        ("fi", ("fi",), False),
        ("fi", ("sv",), True),
        ("sv", ("fi",), True),
        ("sv", ("fi", "sv"), False),
        ("sv", (), True),
        ("other", ("fi",), False),  # neither Finnish nor Swedish: not checked
        ("other", (), False),
    ],
)
def test_language(language: str, worker_languages: tuple[str, ...], expected: bool) -> None:
    c = decided(language=language, personal_worker=worker(9, languages=worker_languages))
    assert (RULE6 in rules_of(c)) is expected


def test_language_without_personal_worker_is_not_checked() -> None:
    c = client(language="sv")
    assert RULE6 not in rules_of(c)


def test_language_finding_texts() -> None:
    c = decided(language="sv", personal_worker=SO, personal_worker_since=PW_SINCE)
    finding = only(c, RULE6)
    assert finding.severity == "warning"
    assert finding.since == PW_SINCE
    assert finding.message == {
        "fi": "Asiakkaan kieli on ruotsi, mutta omatyöntekijä ei puhu ruotsia.",
        "sv": "Klientens språk är svenska, men den egna kontaktpersonen talar inte svenska.",
        "en": "The client's language is Swedish, but the personal worker does not speak Swedish.",
    }
    assert finding.legal_basis["fi"] == "Kielilaki 423/2003 10 §; sosiaalihuoltolaki 1301/2014"


# --- all rules ---------------------------------------------------------------------


def test_clean_client_has_no_findings() -> None:
    c = decided(
        special_support=True,
        segment="care",
        personal_worker=SW,
        assessment_start_deadline=date(2026, 3, 11),
    )
    assert check_client(c, TODAY, FI) == []


def test_rules_catalogue() -> None:
    assert list(RULES) == [
        "special_support_without_social_worker",
        "care_without_social_worker",
        "no_personal_worker",
        "assessment_deadline_passed",
        "assessment_deadline_soon",
        "long_wait",
        "health_care_without_justification",
        "language_mismatch",
        "aged_out_of_team",
    ]
    for rule_id, info in RULES.items():
        assert info.id == rule_id
        assert info.severity in {"error", "warning", "info"}
        for texts in (info.legal_basis, info.title, info.checks):
            assert set(texts) == {"fi", "sv", "en"} and all(texts.values())


def test_every_finding_is_complete_and_matches_catalogue() -> None:
    c = decided(
        special_support=True,
        segment="care",
        language="sv",
        personal_worker=HC,
        assessment_started_on=None,
        assessment_decided_on=None,
        assessment_start_deadline=date(2026, 3, 4),
    )
    findings = check_client(c, TODAY, FI)
    assert [f.rule for f in findings] == [
        RULE1,
        RULE2,
        PASSED,
        RULE5,
        RULE6,
    ]
    for finding in findings:
        info = RULES[finding.rule]
        assert finding.severity == info.severity
        assert finding.legal_basis == info.legal_basis
        for texts in (finding.message, finding.fix):
            assert set(texts) == {"fi", "sv", "en"} and all(texts.values())
        data = finding.to_dict()
        assert data["since"] == finding.since.isoformat()
        assert data["rule"] == finding.rule


def test_check_all_orders_errors_first_then_oldest() -> None:
    old = client(key="A-1", special_support=True, pending_since=date(2026, 1, 5))
    new = client(key="A-2", special_support=True, pending_since=date(2026, 2, 2))
    warn = decided(key="A-0", personal_worker=HC, personal_worker_since=date(2025, 1, 1))
    found = check_all([warn, new, old], TODAY, FI)
    assert [(f.client_key, f.rule) for f in found] == [
        ("A-1", RULE1),
        ("A-2", RULE1),
        ("A-0", RULE5),
        ("A-1", "long_wait"),  # waiting 70 days, long since 4.2.2026
        ("A-2", "long_wait"),  # waiting 42 days, long since 4.3.2026
    ]
    assert check_all([], TODAY, FI) == []
    assert [f.rule for f in check_all([old], TODAY, FI, long_wait_days=71)] == [RULE1]


def test_a_long_wait_is_a_warning_counted_from_the_pending_date() -> None:
    waiting = client(pending_since=date(2026, 2, 14))  # 30 days before TODAY
    finding = only(waiting, "long_wait")
    assert finding.severity == "warning" and finding.since == TODAY
    assert "30" in finding.message["fi"] and "36" in finding.legal_basis["fi"]
    not_yet = client(pending_since=date(2026, 2, 15))
    assert all(f.rule != "long_wait" for f in check_client(not_yet, TODAY, FI))
    assert any(f.rule == "long_wait" for f in check_client(not_yet, TODAY, FI, 2, 29))


def test_a_decided_client_with_a_personal_worker_is_no_long_wait() -> None:
    served = decided(pending_since=date(2025, 1, 5), personal_worker=SW)
    assert all(f.rule != "long_wait" for f in check_client(served, TODAY, FI))
    no_worker = decided(pending_since=date(2025, 1, 5))
    assert any(f.rule == "long_wait" for f in check_client(no_worker, TODAY, FI))


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=120))
def test_the_queue_and_compliance_agree_on_long_waits(waited: int, limit: int) -> None:
    waiting = client(pending_since=date.fromordinal(TODAY.toordinal() - waited))
    flagged = any(
        f.rule == "long_wait" for f in check_client(waiting, TODAY, FI, long_wait_days=limit)
    )
    assert flagged == waits_long(waiting, TODAY, limit) == (waited >= limit)


def test_a_client_who_aged_out_of_the_teams_group_is_an_info_finding() -> None:
    young_team = {"team_age_min": 18, "team_age_max": 29}
    aged_out = decided(personal_worker=SW, birth_year=1994, **young_team)  # 32 in 2026
    finding = only(aged_out, "aged_out_of_team")
    assert finding.severity == "info" and "32" in finding.message["fi"]
    assert finding.since == date(2024, 1, 1)
    within = decided(personal_worker=SW, birth_year=2000, **young_team)
    assert all(f.rule != "aged_out_of_team" for f in check_client(within, TODAY, FI))
    no_range = decided(personal_worker=SW, birth_year=1940)
    assert all(f.rule != "aged_out_of_team" for f in check_client(no_range, TODAY, FI))
