"""Compliance checks: does a client's division of work meet the law and the model?

``check_client`` looks at one :class:`ClientFacts` and returns what is wrong,
each :class:`Finding` with its legal basis and a fix in Finnish, Swedish and
English. The checks are pure: ``today`` and the working-day calendar come in
as arguments (the caller asks :mod:`tyonjako.common.clock`).

Rule ids are stable; the UI, the API and ``docs/compliance.md`` use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from tyonjako.assessments.engine.calendar import WorkCalendar

from .facts import CARE, DECISION_APPLIES, HEALTH_CARE, ClientFacts, Texts

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES: tuple[str, ...] = (ERROR, WARNING, INFO)

SPECIAL_SUPPORT_WITHOUT_SOCIAL_WORKER = "special_support_without_social_worker"
CARE_WITHOUT_SOCIAL_WORKER = "care_without_social_worker"
NO_PERSONAL_WORKER = "no_personal_worker"
ASSESSMENT_DEADLINE_PASSED = "assessment_deadline_passed"
ASSESSMENT_DEADLINE_SOON = "assessment_deadline_soon"
HEALTH_CARE_WITHOUT_JUSTIFICATION = "health_care_without_justification"
LANGUAGE_MISMATCH = "language_mismatch"
AGED_OUT_OF_TEAM = "aged_out_of_team"
LONG_WAIT = "long_wait"

DEFAULT_SOON_WEEKDAYS = 2
"""An unstarted assessment warns when its deadline is at most this many weekdays away."""
DEFAULT_LONG_WAIT_DAYS = 30
"""A client still waiting this many days after the pending date is a long wait (the
queue marks it; the setting TYONJAKO_QUEUE_LONG_WAIT_DAYS changes it)."""

# --- legal bases -------------------------------------------------------------

LAW_36: Texts = {
    "fi": "Sosiaalihuoltolaki 1301/2014 36 §",
    "sv": "Socialvårdslagen 1301/2014 36 §",
    "en": "Social Welfare Act 1301/2014 s. 36",
}
LAW_42: Texts = {
    "fi": "Sosiaalihuoltolaki 1301/2014 42 §",
    "sv": "Socialvårdslagen 1301/2014 42 §",
    "en": "Social Welfare Act 1301/2014 s. 42",
}
# The Varsinais-Suomi programme by name (users see this; never an internal label).
SEED_004: Texts = {
    "fi": "Varsinais-Suomen hyvinvointialueen työikäisten sosiaalihuollon kehittämisohjelma",
    "sv": "Egentliga Finlands välfärdsområdes utvecklingsprogram för socialvården för "
    "personer i arbetsför ålder",
    "en": "Varsinais-Suomi wellbeing services county development programme for social "
    "welfare for working-age people",
}
# The Pohjanmaa pilot by name: teams by age group (18–29, 30–64).
SEED_002: Texts = {
    "fi": "Pohjanmaan hyvinvointialueen työnjakopilotti (tiimit ikäryhmittäin)",
    "sv": "Österbottens välfärdsområdes pilot om arbetsfördelning (team per åldersgrupp)",
    "en": "Ostrobothnia wellbeing services county work-division pilot (teams by age group)",
}
LANGUAGE_ACT: Texts = {
    "fi": "Kielilaki 423/2003 10 §; sosiaalihuoltolaki 1301/2014",
    "sv": "Språklagen 423/2003 10 §; socialvårdslagen 1301/2014",
    "en": "Language Act 423/2003 s. 10; Social Welfare Act 1301/2014",
}


@dataclass(frozen=True)
class RuleInfo:
    """What one rule checks, for documentation and the UI."""

    id: str
    severity: str
    legal_basis: Texts
    title: Texts
    checks: Texts


@dataclass(frozen=True)
class Finding:
    """One rule that one client's situation breaks, and since when."""

    client_key: str
    team_code: str
    rule: str
    severity: str  # "error" | "warning"
    since: date
    legal_basis: Texts
    message: Texts
    fix: Texts

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form; the date as ISO 8601."""
        return {
            "client_key": self.client_key,
            "team_code": self.team_code,
            "rule": self.rule,
            "severity": self.severity,
            "since": self.since.isoformat(),
            "legal_basis": dict(self.legal_basis),
            "message": dict(self.message),
            "fix": dict(self.fix),
        }


RULES: dict[str, RuleInfo] = {
    info.id: info
    for info in (
        RuleInfo(
            SPECIAL_SUPPORT_WITHOUT_SOCIAL_WORKER,
            ERROR,
            LAW_42,
            title={
                "fi": "Erityistä tukea tarvitsevalla asiakkaalla ei ole sosiaalityöntekijää",
                "sv": "Klient i behov av särskilt stöd har ingen socialarbetare",
                "en": "Client needing special support has no social worker",
            },
            checks={
                "fi": "Erityistä tukea tarvitsevan asiakkaan omatyöntekijä tai työpari on "
                "sosiaalityöntekijä.",
                "sv": "Den egna kontaktpersonen eller arbetsparet för en klient i behov av "
                "särskilt stöd är socialarbetare.",
                "en": "The personal worker or a work pair of a client needing special support "
                "is a social worker.",
            },
        ),
        RuleInfo(
            CARE_WITHOUT_SOCIAL_WORKER,
            ERROR,
            SEED_004,
            title={
                "fi": "Huolenpitoasiakkuuden omatyöntekijä ei ole sosiaalityöntekijä",
                "sv": "Den egna kontaktpersonen i ett omsorgsklientskap är inte socialarbetare",
                "en": "Personal worker in a care clientship is not a social worker",
            },
            checks={
                "fi": "Huolenpitoasiakkuudessa omatyöntekijä on sosiaalityöntekijä.",
                "sv": "I ett omsorgsklientskap är den egna kontaktpersonen socialarbetare.",
                "en": "In a care clientship the personal worker is a social worker.",
            },
        ),
        RuleInfo(
            NO_PERSONAL_WORKER,
            ERROR,
            LAW_42,
            title={
                "fi": "Omatyöntekijä puuttuu",
                "sv": "Egen kontaktperson saknas",
                "en": "No personal worker",
            },
            checks={
                "fi": "Asiakkaalle on nimetty omatyöntekijä viimeistään, kun palvelutarpeen "
                "arviointi on valmis (ellei se ole selvästi tarpeeton).",
                "sv": "Klienten har en egen kontaktperson senast när bedömningen av "
                "servicebehovet är klar (om det inte är uppenbart onödigt).",
                "en": "The client has a personal worker at the latest once the service need "
                "assessment is decided (unless one is clearly unnecessary).",
            },
        ),
        RuleInfo(
            ASSESSMENT_DEADLINE_PASSED,
            ERROR,
            LAW_36,
            title={
                "fi": "Palvelutarpeen arvioinnin aloittamisen määräaika on ylittynyt",
                "sv": "Tidsfristen för att inleda bedömningen av servicebehovet har överskridits",
                "en": "Deadline for starting the service need assessment has passed",
            },
            checks={
                "fi": "Palvelutarpeen arviointi aloitetaan viimeistään määräpäivänä.",
                "sv": "Bedömningen av servicebehovet inleds senast på utsatt dag.",
                "en": "The service need assessment starts on or before its deadline.",
            },
        ),
        RuleInfo(
            ASSESSMENT_DEADLINE_SOON,
            WARNING,
            LAW_36,
            title={
                "fi": "Palvelutarpeen arvioinnin aloittamisen määräaika lähestyy",
                "sv": "Tidsfristen för att inleda bedömningen av servicebehovet närmar sig",
                "en": "Deadline for starting the service need assessment is near",
            },
            checks={
                "fi": "Aloittamattoman arvioinnin määräaikaan on enintään kaksi arkipäivää "
                "(oletus, muutettavissa).",
                "sv": "Det är högst två vardagar (standard, kan ändras) kvar till tidsfristen "
                "för en bedömning som inte har inletts.",
                "en": "At most two weekdays (default, configurable) are left before the "
                "deadline of an assessment that has not started.",
            },
        ),
        RuleInfo(
            LONG_WAIT,
            WARNING,
            LAW_36,
            title={
                "fi": "Pitkä odotus",
                "sv": "Lång väntan",
                "en": "Long wait",
            },
            checks={
                "fi": "Asiakas ei odota ratkaistua arviointia tai omatyöntekijää kauemmin kuin "
                "pitkän odotuksen raja (oletus 30 päivää vireilletulosta, muutettavissa); "
                "arviointi tehdään ilman aiheetonta viivytystä.",
                "sv": "Klienten väntar inte på en avgjord bedömning eller en egen "
                "kontaktperson längre än gränsen för lång väntan (standard 30 dagar från att "
                "ärendet inleddes, kan ändras); bedömningen görs utan ogrundat dröjsmål.",
                "en": "The client does not wait for a decided assessment or a personal worker "
                "longer than the long-wait limit (30 days from the pending date by default, "
                "configurable); the assessment is made without undue delay.",
            },
        ),
        RuleInfo(
            HEALTH_CARE_WITHOUT_JUSTIFICATION,
            WARNING,
            LAW_42,
            title={
                "fi": "Terveydenhuollon ammattihenkilö omatyöntekijänä ilman kirjattua perustetta",
                "sv": "Yrkesutbildad person inom hälso- och sjukvården som egen kontaktperson "
                "utan antecknad motivering",
                "en": "Health-care professional as personal worker without a recorded "
                "justification",
            },
            checks={
                "fi": "Kun omatyöntekijä on terveydenhuollon ammattihenkilö, peruste on kirjattu.",
                "sv": "När den egna kontaktpersonen är en yrkesutbildad person inom hälso- och "
                "sjukvården har motiveringen antecknats.",
                "en": "When the personal worker is a health-care professional, the justification "
                "is recorded.",
            },
        ),
        RuleInfo(
            LANGUAGE_MISMATCH,
            WARNING,
            LANGUAGE_ACT,
            title={
                "fi": "Omatyöntekijä ei puhu asiakkaan kieltä",
                "sv": "Den egna kontaktpersonen talar inte klientens språk",
                "en": "Personal worker does not speak the client's language",
            },
            checks={
                "fi": "Suomen- tai ruotsinkielisen asiakkaan omatyöntekijä puhuu asiakkaan kieltä.",
                "sv": "Den egna kontaktpersonen för en finsk- eller svenskspråkig klient talar "
                "klientens språk.",
                "en": "The personal worker of a Finnish- or Swedish-speaking client speaks the "
                "client's language.",
            },
        ),
        RuleInfo(
            AGED_OUT_OF_TEAM,
            INFO,
            SEED_002,
            title={
                "fi": "Asiakas ei enää kuulu tiimin ikäryhmään",
                "sv": "Klienten hör inte längre till teamets åldersgrupp",
                "en": "Client has aged out of the team's age group",
            },
            checks={
                "fi": "Asiakkaan ikä (syntymävuoden mukaan) on tiimin ikäryhmässä.",
                "sv": "Klientens ålder (enligt födelseåret) ligger inom teamets åldersgrupp.",
                "en": "The client's age (by birth year) lies within the team's age group.",
            },
        ),
    )
}

# Language names: nominative and partitive in Finnish, as the sentences need them.
_LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "fi": {"fi": "suomi", "sv": "finska", "en": "Finnish", "fi_partitive": "suomea"},
    "sv": {"fi": "ruotsi", "sv": "svenska", "en": "Swedish", "fi_partitive": "ruotsia"},
}
_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

Check = Callable[[ClientFacts, date, WorkCalendar, int], "Finding | None"]


def check_client(
    client: ClientFacts,
    today: date,
    calendar: WorkCalendar,
    soon_weekdays: int = DEFAULT_SOON_WEEKDAYS,
    long_wait_days: int = DEFAULT_LONG_WAIT_DAYS,
) -> list[Finding]:
    """Every rule ``client`` breaks on ``today``, in the order of :data:`RULES`."""
    if soon_weekdays < 0:
        raise ValueError("soon_weekdays must be >= 0")
    if long_wait_days < 1:
        raise ValueError("long_wait_days must be >= 1")
    found = [check(client, today, calendar, soon_weekdays) for check in _CHECKS]
    found.append(_long_wait(client, today, long_wait_days))
    return sorted(
        (finding for finding in found if finding is not None),
        key=lambda finding: _RULE_ORDER[finding.rule],
    )


def check_all(
    clients: Iterable[ClientFacts],
    today: date,
    calendar: WorkCalendar,
    soon_weekdays: int = DEFAULT_SOON_WEEKDAYS,
    long_wait_days: int = DEFAULT_LONG_WAIT_DAYS,
) -> list[Finding]:
    """Findings of all ``clients``: errors first, then oldest first, then team, client, rule."""
    findings = [
        finding
        for client in clients
        for finding in check_client(client, today, calendar, soon_weekdays, long_wait_days)
    ]
    findings.sort(key=_finding_order)
    return findings


_RULE_ORDER = {rule: index for index, rule in enumerate(RULES)}
_SEVERITY_ORDER = {severity: index for index, severity in enumerate(SEVERITIES)}


def _finding_order(finding: Finding) -> tuple[int, date, str, str, int]:
    return (
        _SEVERITY_ORDER[finding.severity],
        finding.since,
        finding.team_code,
        finding.client_key,
        _RULE_ORDER[finding.rule],
    )


def _finding(client: ClientFacts, rule: str, since: date, message: Texts, fix: Texts) -> Finding:
    info = RULES[rule]
    return Finding(
        client_key=client.key,
        team_code=client.team_code,
        rule=rule,
        severity=info.severity,
        since=since,
        legal_basis=dict(info.legal_basis),
        message=message,
        fix=fix,
    )


def _assessed_since(client: ClientFacts) -> date:
    return client.assessment_decided_on or client.pending_since


def _personal_worker_since(client: ClientFacts) -> date:
    return client.personal_worker_since or client.pending_since


# --- the rules ---------------------------------------------------------------


def _special_support_without_social_worker(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    if client.special_support is not True or client.has_social_worker:
        return None
    if client.personal_worker is None:
        message = {
            "fi": "Erityistä tukea tarvitsevalla asiakkaalla ei ole omatyöntekijää eikä "
            "sosiaalityöntekijää työparina.",
            "sv": "Klienten är i behov av särskilt stöd men har varken egen kontaktperson eller "
            "en socialarbetare som arbetspar.",
            "en": "The client needs special support but has neither a personal worker nor a "
            "social worker as a work pair.",
        }
    else:
        message = {
            "fi": "Erityistä tukea tarvitsevan asiakkaan omatyöntekijä ei ole "
            "sosiaalityöntekijä, eikä hänellä ole sosiaalityöntekijää työparina.",
            "sv": "Den egna kontaktpersonen för en klient i behov av särskilt stöd är inte "
            "socialarbetare, och ingen socialarbetare är arbetspar.",
            "en": "The personal worker of a client needing special support is not a social "
            "worker, and no social worker works with them as a work pair.",
        }
    fix = {
        "fi": "Nimeä sosiaalityöntekijä omatyöntekijäksi tai työpariksi.",
        "sv": "Utse en socialarbetare till egen kontaktperson eller arbetspar.",
        "en": "Name a social worker as the personal worker or as a work pair.",
    }
    return _finding(
        client, SPECIAL_SUPPORT_WITHOUT_SOCIAL_WORKER, _assessed_since(client), message, fix
    )


def _care_without_social_worker(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    worker = client.personal_worker
    # A care client without any personal worker is reported by no_personal_worker.
    if client.segment != CARE or worker is None or worker.is_social_worker:
        return None
    message = {
        "fi": "Asiakas on huolenpitoasiakkuudessa, mutta omatyöntekijä ei ole "
        "sosiaalityöntekijä. Huolenpitoasiakkuudessa omatyöntekijänä on aina "
        "sosiaalityöntekijä.",
        "sv": "Klienten har ett omsorgsklientskap, men den egna kontaktpersonen är inte "
        "socialarbetare. I ett omsorgsklientskap är den egna kontaktpersonen alltid "
        "socialarbetare.",
        "en": "The client is in a care clientship, but the personal worker is not a social "
        "worker. In a care clientship the personal worker is always a social worker.",
    }
    fix = {
        "fi": "Nimeä omatyöntekijäksi sosiaalityöntekijä tai tarkista asiakkuuden segmentti.",
        "sv": "Utse en socialarbetare till egen kontaktperson eller kontrollera klientskapets "
        "segment.",
        "en": "Make a social worker the personal worker, or check the client's segment.",
    }
    since = max(_assessed_since(client), _personal_worker_since(client))
    return _finding(client, CARE_WITHOUT_SOCIAL_WORKER, since, message, fix)


def _no_personal_worker(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    if (
        client.assessment_state not in DECISION_APPLIES
        or not client.needs_personal_worker
        or client.personal_worker is not None
    ):
        return None
    message = {
        "fi": "Palvelutarpeen arviointi on valmis, mutta asiakkaalle ei ole nimetty "
        "omatyöntekijää.",
        "sv": "Bedömningen av servicebehovet är klar, men klienten har ingen utsedd egen "
        "kontaktperson.",
        "en": "The service need assessment has been decided, but no personal worker has been "
        "named for the client.",
    }
    fix = {
        "fi": "Nimeä asiakkaalle omatyöntekijä. Jos omatyöntekijä on selvästi tarpeeton, "
        "kirjaa se palvelutarpeen arviointiin.",
        "sv": "Utse en egen kontaktperson för klienten. Om en egen kontaktperson är uppenbart "
        "onödig, anteckna det i bedömningen av servicebehovet.",
        "en": "Name a personal worker for the client. If one is clearly unnecessary, record "
        "that in the service need assessment.",
    }
    return _finding(client, NO_PERSONAL_WORKER, _assessed_since(client), message, fix)


def _assessment_deadline(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    deadline = client.assessment_start_deadline
    if deadline is None:
        return None
    # A decided assessment was started at the latest on the day it was decided.
    started = client.assessment_started_on or client.assessment_decided_on
    if started is not None:
        if started <= deadline:
            return None
        return _started_late(client, started, deadline)
    if today > deadline:
        return _not_started(client, deadline)
    if deadline <= calendar.add_working_days(today, soon_weekdays):
        return _due_soon(client, deadline, _weekdays_left(calendar, today, deadline), today)
    return None


def _started_late(client: ClientFacts, started: date, deadline: date) -> Finding:
    message = {
        "fi": f"Palvelutarpeen arviointi aloitettiin {_fi(started)}, vaikka määräaika oli "
        f"{_fi(deadline)}.",
        "sv": f"Bedömningen av servicebehovet inleddes {_fi(started)}, fast tidsfristen var "
        f"{_fi(deadline)}.",
        "en": f"The service need assessment started on {_en(started)}, after its deadline of "
        f"{_en(deadline)}.",
    }
    fix = {
        "fi": "Kirjaa viivästymisen syy asiakirjoihin.",
        "sv": "Anteckna orsaken till förseningen i klienthandlingarna.",
        "en": "Record the reason for the delay in the client records.",
    }
    return _finding(client, ASSESSMENT_DEADLINE_PASSED, deadline, message, fix)


def _not_started(client: ClientFacts, deadline: date) -> Finding:
    message = {
        "fi": f"Palvelutarpeen arviointia ei ole aloitettu, vaikka määräaika päättyi "
        f"{_fi(deadline)}.",
        "sv": f"Bedömningen av servicebehovet har inte inletts, fast tidsfristen gick ut "
        f"{_fi(deadline)}.",
        "en": f"The service need assessment has not started, although its deadline was "
        f"{_en(deadline)}.",
    }
    fix = {
        "fi": "Aloita palvelutarpeen arviointi heti ja kirjaa viivästymisen syy.",
        "sv": "Inled bedömningen av servicebehovet genast och anteckna orsaken till förseningen.",
        "en": "Start the service need assessment now and record the reason for the delay.",
    }
    return _finding(client, ASSESSMENT_DEADLINE_PASSED, deadline, message, fix)


def _due_soon(client: ClientFacts, deadline: date, left: int, today: date) -> Finding:
    if deadline == today:
        message = {
            "fi": f"Palvelutarpeen arviointi on aloitettava viimeistään tänään ({_fi(deadline)}).",
            "sv": f"Bedömningen av servicebehovet ska inledas senast i dag ({_fi(deadline)}).",
            "en": f"The service need assessment must start today ({_en(deadline)}) at the latest.",
        }
    else:
        message = {
            "fi": f"Palvelutarpeen arviointi on aloitettava viimeistään {_fi(deadline)} "
            f"({left} {'arkipäivä' if left == 1 else 'arkipäivää'} jäljellä).",
            "sv": f"Bedömningen av servicebehovet ska inledas senast {_fi(deadline)} "
            f"({left} {'vardag' if left == 1 else 'vardagar'} kvar).",
            "en": f"The service need assessment must start by {_en(deadline)} "
            f"({left} {'weekday' if left == 1 else 'weekdays'} left).",
        }
    fix = {
        "fi": "Aloita palvelutarpeen arviointi tai sovi sen aloittamisesta ennen määräaikaa.",
        "sv": "Inled bedömningen av servicebehovet eller kom överens om att den inleds före "
        "tidsfristen.",
        "en": "Start the service need assessment, or arrange for it to start before the deadline.",
    }
    return _finding(client, ASSESSMENT_DEADLINE_SOON, client.pending_since, message, fix)


def _health_care_without_justification(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    worker = client.personal_worker
    if worker is None or worker.profession != HEALTH_CARE or client.health_care_justification:
        return None
    message = {
        "fi": "Omatyöntekijä on terveydenhuollon ammattihenkilö, mutta perustetta ei ole "
        "kirjattu. Se on mahdollista, kun asiakkaan palvelukokonaisuus sitä edellyttää.",
        "sv": "Den egna kontaktpersonen är en yrkesutbildad person inom hälso- och "
        "sjukvården, men ingen motivering har antecknats. Det är möjligt när klientens "
        "servicehelhet förutsätter det.",
        "en": "The personal worker is a health-care professional, but no justification has "
        "been recorded. This is allowed when the client's service package justifies it.",
    }
    fix = {
        "fi": "Kirjaa, miksi asiakkaan palvelukokonaisuus edellyttää terveydenhuollon "
        "ammattihenkilöä omatyöntekijäksi, tai nimeä sosiaalihuollon ammattihenkilö.",
        "sv": "Anteckna varför klientens servicehelhet kräver en yrkesutbildad person inom "
        "hälso- och sjukvården som egen kontaktperson, eller utse en yrkesutbildad person "
        "inom socialvården.",
        "en": "Record why the client's service package calls for a health-care professional "
        "as the personal worker, or name a social welfare professional instead.",
    }
    return _finding(
        client, HEALTH_CARE_WITHOUT_JUSTIFICATION, _personal_worker_since(client), message, fix
    )


def _language_mismatch(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    worker = client.personal_worker
    names = _LANGUAGE_NAMES.get(client.language)
    if worker is None or names is None or client.language in worker.languages:
        return None
    message = {
        "fi": f"Asiakkaan kieli on {names['fi']}, mutta omatyöntekijä ei puhu "
        f"{names['fi_partitive']}.",
        "sv": f"Klientens språk är {names['sv']}, men den egna kontaktpersonen talar inte "
        f"{names['sv']}.",
        "en": f"The client's language is {names['en']}, but the personal worker does not "
        f"speak {names['en']}.",
    }
    fix = {
        "fi": f"Nimeä omatyöntekijäksi {names['fi_partitive']} puhuva työntekijä tai järjestä "
        "tulkkaus.",
        "sv": f"Utse en egen kontaktperson som talar {names['sv']} eller ordna tolkning.",
        "en": f"Name a personal worker who speaks {names['en']}, or arrange interpretation.",
    }
    return _finding(client, LANGUAGE_MISMATCH, _personal_worker_since(client), message, fix)


def _aged_out_of_team(
    client: ClientFacts, today: date, calendar: WorkCalendar, soon_weekdays: int
) -> Finding | None:
    if client.birth_year is None or (client.team_age_min is None and client.team_age_max is None):
        return None
    age = today.year - client.birth_year
    low, high = client.team_age_min, client.team_age_max
    if (low is None or age >= low) and (high is None or age <= high):
        return None
    # Aged out upwards: since the year after the oldest age; too young: today.
    since = date(client.birth_year + high + 1, 1, 1) if high is not None and age > high else today
    message = {
        "fi": f"Asiakas on syntymävuotensa mukaan {age}-vuotias, mutta tiimin ikäryhmä on "
        f"{_range(low, high)}.",
        "sv": f"Klienten är enligt födelseåret {age} år, men teamets åldersgrupp är "
        f"{_range(low, high)}.",
        "en": f"By birth year the client is {age}, but the team's age group is "
        f"{_range(low, high)}.",
    }
    fix = {
        "fi": "Harkitse asiakkuuden siirtoa ikäryhmän tiimiin tai kirjaa, miksi asiakas jatkaa.",
        "sv": "Överväg att flytta klientskapet till åldersgruppens team eller anteckna varför "
        "klienten fortsätter.",
        "en": "Consider moving the client to the team of the age group, or record why the "
        "client stays.",
    }
    return _finding(client, AGED_OUT_OF_TEAM, min(since, today), message, fix)


def _range(low: int | None, high: int | None) -> str:
    return f"{'' if low is None else low}–{'' if high is None else high}"


def is_waiting(client: ClientFacts) -> bool:
    """In the intake queue: no decided assessment yet, or no personal worker though one is
    needed (the queue and the long-wait finding use this one test)."""
    waiting_assessment = client.assessment_state != "decided"
    waiting_worker = client.personal_worker is None and client.needs_personal_worker
    return waiting_assessment or waiting_worker


def days_waited(client: ClientFacts, today: date) -> int:
    return (today - client.pending_since).days


def waits_long(client: ClientFacts, today: date, long_wait_days: int) -> bool:
    """Still waiting `long_wait_days` or more days after the pending date."""
    return is_waiting(client) and days_waited(client, today) >= long_wait_days


def _long_wait(client: ClientFacts, today: date, long_wait_days: int) -> Finding | None:
    if not waits_long(client, today, long_wait_days):
        return None
    days = days_waited(client, today)
    since = date.fromordinal(client.pending_since.toordinal() + long_wait_days)
    message = {
        "fi": f"Asiakas on odottanut {days} päivää vireilletulosta ({_fi(client.pending_since)}) "
        "ilman ratkaistua arviointia tai omatyöntekijää.",
        "sv": f"Klienten har väntat {days} dagar sedan ärendet inleddes "
        f"({_fi(client.pending_since)}) utan avgjord bedömning eller egen kontaktperson.",
        "en": f"The client has waited {days} days since the matter became pending "
        f"({_en(client.pending_since)}) without a decided assessment or a personal worker.",
    }
    fix = {
        "fi": "Tee arviointi ja nimeä omatyöntekijä ilman aiheetonta viivytystä; kirjaa "
        "viivästymisen syy.",
        "sv": "Gör bedömningen och utse en egen kontaktperson utan ogrundat dröjsmål; anteckna "
        "orsaken till förseningen.",
        "en": "Make the assessment and name a personal worker without undue delay; record the "
        "reason for the delay.",
    }
    return _finding(client, LONG_WAIT, since, message, fix)


_CHECKS: tuple[Check, ...] = (
    _special_support_without_social_worker,
    _care_without_social_worker,
    _no_personal_worker,
    _assessment_deadline,
    _health_care_without_justification,
    _language_mismatch,
    _aged_out_of_team,
)


# --- helpers -----------------------------------------------------------------


def _weekdays_left(calendar: WorkCalendar, today: date, deadline: date) -> int:
    """Working days after ``today`` up to and including ``deadline``."""
    left, day = 0, today
    while day < deadline:
        day = date.fromordinal(day.toordinal() + 1)
        if calendar.is_working_day(day):
            left += 1
    return left


def _fi(day: date) -> str:
    """Finnish and Swedish date format: 6.12.2026."""
    return f"{day.day}.{day.month}.{day.year}"


def _en(day: date) -> str:
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
