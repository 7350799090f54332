"""Thin views: managing rounds, answering (by link, open link or named), results."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import today
from tyonjako.common.dates import parse_date
from tyonjako.common.requests import acting_user
from tyonjako.organisation.models import Team, Unit, Worker
from tyonjako.reports import surveys as report

from . import actions
from .definition import Definition, DefinitionError, Question, pick
from .expressions import Answer
from .models import Audience, EnteredBy, NamedResponse, Round, Survey, Token
from .rules import clean_page, is_relevant

OPEN_LINK_LIMIT = 20  # answers per hour from one address through an open link


def _language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ("fi", "sv", "en") else "fi"


def _round(pk: int) -> Round:
    found = Round.objects.select_related("version__survey", "unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _managed_round(request: HttpRequest, pk: int) -> Round:
    """A round the person may manage; a round out of their scope answers as a missing one."""
    round_ = _round(pk)
    if not actions.may_manage(acting_user(request), round_.unit):
        raise Http404
    return round_


def _sees_round(request: HttpRequest, round_: Round) -> bool:
    subject = subject_of(request.user)
    return report.covers(subject, round_) or actions.may_manage(acting_user(request), round_.unit)


# ---- the list ------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    subject = subject_of(user)
    language = _language()
    rounds = Round.objects.select_related("version__survey", "unit").order_by("-planned_start")
    visible = [r for r in rounds if report.covers(subject, r) or actions.may_manage(user, r.unit)]
    worker = Worker.objects.filter(user=user).first()
    mine = []
    if worker is not None:
        team_ids = subject.team_ids
        for r in rounds.filter(version__survey__anonymous=False):
            audience = {t.pk for t in r.teams.all()}
            if actions.is_open(r) and (not audience or audience & team_ids):
                done = NamedResponse.objects.filter(
                    round=r, respondent=worker, submitted=True
                ).exists()
                mine.append({"round": r, "title": _title(r, language), "done": done})
    return render(
        request,
        "surveys/index.html",
        {
            "rounds": [{"round": r, "title": _title(r, language)} for r in visible],
            "mine": mine,
            "surveys": Survey.objects.prefetch_related("versions")
            if subject.can(Action.MANAGE_SURVEYS)
            else [],
            "may_manage": subject.can(Action.MANAGE_SURVEYS),
            "units": Unit.objects.order_by("code"),
            "teams": Team.objects.order_by("code"),
            "audiences": Audience.choices,
        },
    )


def _title(round_: Round, language: str) -> str:
    return pick(round_.version.parsed().title, language)


@login_required
@require_POST
def create_round(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not subject_of(user).can(Action.MANAGE_SURVEYS):
        raise PermissionDenied
    survey = Survey.objects.filter(key=request.POST.get("survey", "")).first()
    version = survey.latest() if survey else None
    start: dt.date | None
    end: dt.date | None
    try:
        start = parse_date(request.POST.get("planned_start", ""))
        end = parse_date(request.POST.get("planned_end", ""))
    except ValueError:
        start = end = None
    unit = Unit.objects.filter(code=request.POST.get("unit", "")).first()
    name = request.POST.get("name", "").strip()
    if version is None or start is None or end is None or not name:
        return _bad(request, _("Give the survey, a name and the planned dates (31.12.2026)."))
    try:
        minimum = int(request.POST.get("minimum_n") or 5)
        created = actions.create_round(
            version,
            actions.RoundPlan(
                name=name,
                planned_start=start,
                planned_end=end,
                unit=unit,
                teams=list(Team.objects.filter(code__in=request.POST.getlist("teams"))),
                audience=request.POST.get("audience") or Audience.STAFF,
                minimum_n=minimum,
            ),
            by=user,
        )
    except (ValueError, actions.SurveyError) as error:
        return _bad(request, getattr(error, "message", _("Check the minimum number.")))
    return redirect("surveys:round", pk=created.pk)


@login_required
@require_POST
def load(request: HttpRequest) -> HttpResponse:
    """Upload an XLSForm or YAML definition as the survey's next version."""
    user = acting_user(request)
    if not subject_of(user).can(Action.MANAGE_SURVEYS):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        return _bad(request, _("Choose an XLSForm (.xlsx) or YAML file."))
    try:
        version = actions.load_survey(
            upload.read(), upload.name or "", key=request.POST.get("key") or None, by=user
        )
    except DefinitionError as error:
        return render(request, "surveys/problem.html", {"problems": error.errors}, status=400)
    messages.success(
        request,
        _("%(version)s loaded with %(count)s questions.")
        % {"version": version, "count": len(version.parsed().answered)},
    )
    return redirect("surveys:index")


def _bad(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "surveys/problem.html", {"message": message}, status=400)


# ---- managing a round ----------------------------------------------------------------------


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    user = acting_user(request)
    manage = actions.may_manage(user, round_.unit)
    if not manage and not report.covers(subject_of(user), round_):
        raise PermissionDenied
    tokens = Token.objects.filter(round=round_)
    survey = round_.version.survey
    named = []
    if not survey.anonymous and survey.viewers.filter(user=user).exists():
        named = list(
            NamedResponse.objects.filter(round=round_, submitted=True).order_by("team_code", "pk")
        )
    return render(
        request,
        "surveys/round.html",
        {
            "round": round_,
            "title": _title(round_, _language()),
            "may_manage": manage,
            "is_open": actions.is_open(round_),
            "named": named,
            "links": tokens.count(),
            "used": tokens.filter(used=True).count(),
            "open_url": request.build_absolute_uri(reverse("surveys:open", args=[round_.open_link]))
            if round_.open_link
            else "",
            "other_rounds": Round.objects.filter(version__survey=round_.version.survey)
            .exclude(pk=round_.pk)
            .order_by("planned_start"),
        },
    )


def _link_maker(request: HttpRequest) -> Any:
    return lambda token: request.build_absolute_uri(reverse("surveys:answer", args=[token]))


@login_required
@require_POST
def round_action(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    user = acting_user(request)
    what = request.POST.get("action", "")
    try:
        if what == "open":
            actions.open_round(round_, by=user, open_link=bool(request.POST.get("open_link")))
            messages.success(request, _("The round is open."))
        elif what == "close":
            actions.close_round(round_, by=user)
            messages.success(request, _("The round is closed."))
        elif what == "send":
            count = actions.send_links(
                round_, _link_maker(request), by=user, link_base=request.build_absolute_uri("/")
            )
            messages.success(request, _("%(count)s links sent.") % {"count": count})
        elif what == "remind":
            count = actions.remind(round_, _link_maker(request), by=user)
            messages.success(request, _("%(count)s reminders sent.") % {"count": count})
        elif what == "schedule":
            try:
                every = int(request.POST.get("remind_every_days") or 0)
                most = int(request.POST.get("reminders_max") or 0)
            except ValueError:
                return _bad(request, _("Remind every 0–60 days, at most 10 times."))
            actions.set_schedule(
                round_,
                scheduled=bool(request.POST.get("scheduled")),
                remind_every_days=every,
                reminders_max=most,
                by=user,
            )
            messages.success(request, _("The schedule is saved."))
        else:
            return _bad(request, _("Unknown action."))
    except actions.SurveyError as error:
        return _bad(request, error.message)
    return redirect("surveys:round", pk=round_.pk)


@login_required
@require_POST
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet of single-use links with QR codes (a ward, a waiting room)."""
    import segno

    round_ = _managed_round(request, pk)
    try:
        count = int(request.POST.get("count", ""))
        tokens = actions.issue_tokens(
            round_, count, team_code=request.POST.get("team", ""), by=acting_user(request)
        )
    except ValueError:
        return _bad(request, _("Give a number of links between 1 and 1000."))
    except actions.SurveyError as error:
        return _bad(request, error.message)
    maker = _link_maker(request)
    links = []
    for token in tokens:
        url = maker(token)
        svg = segno.make(url, error="m").svg_inline(scale=3, title=url)
        links.append({"url": url, "qr": svg})
    return render(
        request,
        "surveys/sheet.html",
        {"round": round_, "title": _title(round_, _language()), "links": links},
    )


@login_required
@require_POST
def webropol(request: HttpRequest, pk: int) -> HttpResponse:
    """An earlier round's Webropol export mapped onto this round's survey version."""
    from .webropol import WebropolError, read_export

    round_ = _round(pk)
    user = acting_user(request)
    if not actions.may_manage(user, round_.unit):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        return _bad(request, _("Choose the Webropol export (.xlsx or .csv)."))
    try:
        rows = read_export(
            round_.version.parsed(), upload.read(), upload.name or "", request.POST.get("map", "")
        )
        count = actions.import_responses(round_, rows, by=user)
    except WebropolError as error:
        return render(request, "surveys/problem.html", {"problems": error.errors}, status=400)
    except actions.SurveyError as error:
        return _bad(request, error.message)
    messages.success(request, _("%(count)s responses imported.") % {"count": count})
    return redirect("surveys:round", pk=round_.pk)


# ---- results -------------------------------------------------------------------------------


def _chart(result: Any) -> dict[str, Any]:
    return {
        "type": "bar",
        "labels": [row.label for row in result.rows],
        "datasets": [{"label": result.label, "data": [row.count for row in result.rows]}],
    }


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    subject = subject_of(request.user)
    if not report.covers(subject, round_):
        raise PermissionDenied
    language = _language()
    by = request.GET.get("by", "")
    if by and by not in report.BREAKDOWNS:
        return _bad(request, _("Unknown breakdown."))
    found = report.round_results(round_, subject, language, by=by)
    comparison = None
    baseline = None
    if request.GET.get("baseline"):
        try:
            baseline = _round(int(request.GET["baseline"]))
        except ValueError:
            return _bad(request, _("Unknown baseline round."))
        if baseline.version.survey_id != round_.version.survey_id:
            return _bad(request, _("The baseline must be a round of the same survey."))
        if not report.covers(subject, baseline):
            raise PermissionDenied
        comparison = report.compare_rounds(baseline, round_, subject, language, found.rows)
    charts = []
    for group in found.groups[:1]:
        for index, result in enumerate(group.questions):
            if result.shown and result.rows:
                charts.append({"id": f"chart-{index}", "data": _chart(result)})
    return render(
        request,
        "surveys/results.html",
        {
            "round": round_,
            "title": _title(round_, language),
            "results": found,
            "overall": found.groups[0],
            "breakdown": found.groups[1:],
            "by": by,
            "charts": {c["id"]: c["data"] for c in charts},
            "comparison": comparison,
            "baseline": baseline,
            "other_rounds": Round.objects.filter(version__survey=round_.version.survey)
            .exclude(pk=round_.pk)
            .order_by("planned_start"),
        },
    )


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    round_ = _round(pk)
    subject = subject_of(request.user)
    if not report.covers(subject, round_):
        raise PermissionDenied
    found = report.round_results(round_, subject, _language(), figures=False)
    name = f"{round_.version.survey.key}-{round_.pk}"
    if fmt == "csv":
        response = HttpResponse(report.as_csv(found), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            report.as_xlsx(found, _language()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def api_results(request: HttpRequest, pk: int) -> JsonResponse:
    """GET /api/v1/surveys/rounds/<pk>/results/: the results as JSON, after the minimum."""
    round_ = _round(pk)
    subject = subject_of(request.user)
    if not report.covers(subject, round_):
        return JsonResponse({"detail": "forbidden"}, status=403)
    language = _language()
    by = request.GET.get("by", "")
    if by and by not in report.BREAKDOWNS:
        return JsonResponse({"detail": f"unknown breakdown {by!r}"}, status=400)
    found = report.round_results(round_, subject, language, by=by)
    return JsonResponse(
        {
            "survey": round_.version.survey.key,
            "version": round_.version.version,
            "round": round_.pk,
            "minimum": found.minimum,
            "groups": [
                {
                    "group": group.name,
                    "shown": group.shown,
                    "responses": group.count if group.shown else None,
                    "questions": [
                        {
                            "name": q.name,
                            "shown": q.shown,
                            "answered": q.answered if q.shown else None,
                            "counts": {r.code: r.count for r in q.rows},
                            "mean": q.mean,
                        }
                        for q in group.questions
                    ],
                }
                for group in found.groups
            ],
        }
    )


# ---- answering -----------------------------------------------------------------------------


def _error_text(question: Question, code: str, language: str) -> str:
    if code == "constraint" and question.constraint_message:
        return pick(question.constraint_message, language)
    texts = {
        "required": _("This question needs an answer."),
        "number": _("Give a number."),
        "whole": _("Give a whole number."),
        "date": _("Give a date as 31.12.2026."),
        "choice": _("Choose one of the options."),
        "range": _("The number is outside the scale."),
        "constraint": _("Check the answer."),
    }
    return texts.get(code, code)


def _page_context(
    definition: Definition,
    page: int,
    answers: dict[str, Answer],
    errors: dict[str, str],
    language: str,
) -> dict[str, Any]:
    pages = definition.pages()
    group, questions = pages[page]
    shown = []
    for question in questions:
        if question.relevant and not is_relevant(question, answers):
            # A question depending on an earlier page is skipped; one on this page is shown.
            earlier = {q.name for q in questions}
            from .expressions import parse, references

            if not (references(parse(question.relevant)) & earlier):
                continue
        value = answers.get(question.name)
        shown.append(
            {
                "q": question,
                "label": pick(question.label, language),
                "hint": pick(question.hint, language) if question.hint else "",
                "choices": [(c.name, pick(c.label, language)) for c in question.choices],
                "value": value if isinstance(value, list) else ([value] if value else []),
                "text": value if isinstance(value, str) else "",
                "other": answers.get(f"{question.name}_other", ""),
                "error": _error_text(question, errors[question.name], language)
                if question.name in errors
                else "",
            }
        )
    matrix_choices = shown[0]["choices"] if group and group.matrix and shown else []
    return {
        "group_label": pick(group.label, language) if group else "",
        "matrix": bool(group and group.matrix),
        "matrix_choices": matrix_choices,
        "items": shown,
        "page": page,
        "pages": len(pages),
        "last": page == len(pages) - 1,
        "title": pick(definition.title, language),
        "description": pick(definition.description, language) if definition.description else "",
        "error_count": len(errors),
    }


def _handle_page(
    request: HttpRequest, definition: Definition, answers: dict[str, Answer], page: int
) -> tuple[dict[str, Answer], dict[str, str], int, bool]:
    """(answers, errors, next page, submit?) from a posted page."""
    pages = definition.pages()
    page = max(0, min(page, len(pages) - 1))
    group, questions = pages[page]
    posted = {key: request.POST.getlist(key) for key in request.POST}
    cleaned, errors = clean_page(questions, posted, answers, group.relevant if group else "")
    for question in questions:
        answers.pop(question.name, None)
    answers.update(cleaned)
    move = request.POST.get("move", "next")
    if errors and move != "back":
        return answers, errors, page, False
    if move == "back":
        return answers, {}, max(0, page - 1), False
    if page + 1 < len(pages) and move != "submit":
        return answers, {}, _next_page(definition, answers, page + 1), False
    return answers, {}, page, True


def _next_page(definition: Definition, answers: dict[str, Answer], page: int) -> int:
    """Skip pages whose group is not relevant."""
    pages = definition.pages()
    while page < len(pages) - 1:
        group = pages[page][0]
        if (
            group is None
            or not group.relevant
            or is_relevant(pages[page][1][0], answers, group.relevant)
        ):
            break
        page += 1
    return page


def _render_form(
    request: HttpRequest,
    definition: Definition,
    page: int,
    answers: dict[str, Answer],
    errors: dict[str, str],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = _page_context(definition, page, answers, errors, _language())
    context.update(extra or {})
    return render(request, "surveys/answer.html", context, status=400 if errors else 200)


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Answering with a single-use link; nothing about the respondent is kept."""
    found = actions.find_token(token)
    if found is None:
        return render(request, "surveys/closed.html", {"reason": "unknown"}, status=404)
    if found.used:
        return render(request, "surveys/closed.html", {"reason": "used"})
    round_ = found.round
    if not actions.is_open(round_):
        return render(request, "surveys/closed.html", {"reason": "closed"})
    definition = round_.version.parsed()
    draft = getattr(found, "draft", None)
    answers: dict[str, Answer] = dict(draft.answers) if draft else {}
    page = draft.page if draft else 0
    if request.method == "POST":
        try:
            page = int(request.POST.get("page", page))
        except ValueError:
            page = 0
        answers, errors, page, submit = _handle_page(request, definition, answers, page)
        if errors:
            return _render_form(request, definition, page, answers, errors)
        try:
            if submit:
                actions.submit_token(found, answers)
                return render(request, "surveys/thanks.html", {})
            actions.save_draft(found, answers, page)
        except actions.SurveyError as error:
            return _bad(request, error.message)
        return redirect("surveys:answer", token=token)
    return _render_form(request, definition, page, answers, {}, {"saved": draft is not None})


def _address_key(request: HttpRequest, round_: Round) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{round_.pk}:{address}".encode()).hexdigest()[:24]
    return f"survey-open:{digest}"


def answer_open(request: HttpRequest, slug: str) -> HttpResponse:
    """The open link: anyone may answer; limited per address per hour. Part-way answers
    wait in the browser session and are removed from it when submitted."""
    round_ = Round.objects.select_related("version__survey").filter(open_link=slug).first()
    if not slug or round_ is None or not round_.version.survey.anonymous:
        return render(request, "surveys/closed.html", {"reason": "unknown"}, status=404)
    if not actions.is_open(round_):
        return render(request, "surveys/closed.html", {"reason": "closed"})
    definition = round_.version.parsed()
    session_key = f"survey-open-{round_.pk}"
    state = request.session.get(session_key, {"answers": {}, "page": 0})
    answers, page = dict(state["answers"]), int(state["page"])
    if request.method == "POST":
        try:
            page = int(request.POST.get("page", page))
        except ValueError:
            page = 0
        answers, errors, page, submit = _handle_page(request, definition, answers, page)
        if errors:
            return _render_form(request, definition, page, answers, errors, {"open": True})
        if submit:
            key = _address_key(request, round_)
            if cache.get(key, 0) >= OPEN_LINK_LIMIT:
                return render(request, "surveys/closed.html", {"reason": "limit"}, status=429)
            entered_by = request.POST.get("entered_by") or EnteredBy.SELF
            try:
                actions.submit_open(round_, answers, entered_by)
            except actions.SurveyError as error:
                return _bad(request, error.message)
            cache.set(key, cache.get(key, 0) + 1, 3600)
            request.session.pop(session_key, None)
            return render(request, "surveys/thanks.html", {})
        request.session[session_key] = {"answers": answers, "page": page}
        return redirect(request.get_full_path())
    return _render_form(
        request,
        definition,
        page,
        answers,
        {},
        {"open": True, "entered_by_choices": _entered_by()},
    )


def _entered_by() -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in EnteredBy.choices if v != EnteredBy.WEBROPOL]


@login_required
def answer_named(request: HttpRequest, pk: int) -> HttpResponse:
    """The named self-assessment: the respondent answers and later sees their own answers."""
    round_ = _round(pk)
    user = acting_user(request)
    if round_.version.survey.anonymous:
        raise Http404
    worker = Worker.objects.filter(user=user).first()
    if worker is None or not actions.may_answer(round_, worker):
        raise PermissionDenied
    definition = round_.version.parsed()
    existing = NamedResponse.objects.filter(round=round_, respondent=worker).first()
    if existing is not None and existing.submitted:
        return redirect("surveys:own", pk=existing.pk)
    answers: dict[str, Answer] = dict(existing.answers) if existing else {}
    page = existing.page if existing else 0
    if not actions.is_open(round_):
        return render(request, "surveys/closed.html", {"reason": "closed"})
    if request.method == "POST":
        try:
            page = int(request.POST.get("page", page))
        except ValueError:
            page = 0
        answers, errors, page, submit = _handle_page(request, definition, answers, page)
        if errors:
            return _render_form(request, definition, page, answers, errors)
        try:
            saved = actions.save_named(round_, answers, page, submit=submit, by=user)
        except actions.SurveyError as error:
            return _bad(request, error.message)
        if submit:
            return redirect("surveys:own", pk=saved.pk)
        return redirect("surveys:answer_named", pk=round_.pk)
    return _render_form(request, definition, page, answers, {}, {"saved": existing is not None})


@login_required
def own(request: HttpRequest, pk: int) -> HttpResponse:
    """One named response: to its respondent and to the survey's named viewers only."""
    found = (
        NamedResponse.objects.select_related("round__version__survey", "respondent")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    user = acting_user(request)
    survey = found.round.version.survey
    if found.respondent.user_id != user.pk and not survey.viewers.filter(user=user).exists():
        raise PermissionDenied
    language = _language()
    definition = found.round.version.parsed()
    rows = []
    for question in definition.answered:
        value = found.answers.get(question.name)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            shown = ", ".join(question.choice_label(v, language) for v in value)
        else:
            shown = question.choice_label(value, language) if question.is_choice else str(value)
        rows.append((pick(question.label, language), shown))
    return render(
        request,
        "surveys/own.html",
        {
            "response": found,
            "title": pick(definition.title, language),
            "rows": rows,
            "is_own": found.respondent.user_id == user.pk,
            "day": today(),
        },
    )


# ---- a named survey's viewers --------------------------------------------------------------


@login_required
def viewers(request: HttpRequest, key: str) -> HttpResponse:
    """Who besides the respondent sees a named survey's answers: named and unnamed by those
    who manage surveys, each worker within their scope (actions.set_viewers, audited)."""
    user = acting_user(request)
    if not subject_of(user).can(Action.MANAGE_SURVEYS):
        raise PermissionDenied
    survey = Survey.objects.filter(key=key, anonymous=False).first()
    if survey is None:
        raise Http404
    if request.method == "POST":
        wanted = [v for v in request.POST.getlist("add") + request.POST.getlist("remove")]
        if not all(v.isdigit() for v in wanted):
            return _bad(request, _("Choose a worker from the list."))
        add = list(Worker.objects.filter(pk__in=request.POST.getlist("add"), is_active=True))
        remove = list(Worker.objects.filter(pk__in=request.POST.getlist("remove")))
        if not add and not remove:
            return _bad(request, _("Choose a worker from the list."))
        try:
            actions.set_viewers(survey, add=add, remove=remove, by=user)
        except actions.SurveyError as error:
            return _bad(request, error.message)
        messages.success(request, _("The named viewers are saved."))
        return redirect("surveys:viewers", key=survey.key)
    current = list(survey.viewers.select_related("user", "home_unit"))
    named = {w.pk for w in current}
    candidates = [
        w
        for w in Worker.objects.filter(is_active=True)
        .select_related("user", "home_unit")
        .order_by("user__last_name", "user__first_name", "user__username")
        if w.pk not in named and actions.may_name(user, w)
    ]
    latest = survey.latest()
    return render(
        request,
        "surveys/viewers.html",
        {
            "survey": survey,
            "title": pick(latest.parsed().title, _language()) if latest else survey.key,
            "viewers": [{"worker": w, "editable": actions.may_name(user, w)} for w in current],
            "candidates": candidates,
        },
    )
