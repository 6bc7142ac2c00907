"""Pages and their JSON twins. Each pair calls one data function from `pages`;
the page renders it, `/api/…` returns it. HTML routes stay out of the OpenAPI
document: it describes the API scripts use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile as StarletteUpload

from kith import service
from kith.errors import InvalidValue
from kith.service import Store, web_support
from kith.web import app as core
from kith.web import export, pages, security, svg
from kith.web import models as m

router = APIRouter()
StoreDep = Annotated[Store, Depends(core.open_store)]
# Ids are 64-bit in the database: a larger number is a 422, not an overflow.
Id = Annotated[int, PathParam(ge=1, le=2**63 - 1)]
AsOf = Annotated[
    str | None, Query(description="Compute as of this day (YYYY-MM-DD)", max_length=10)
]


def render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> Response:
    context = core.page_context(request, data)
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )


def as_of_for(request: Request, as_of: str | None) -> str | None:
    return as_of or request.app.state.settings.as_of


async def form_of(request: Request) -> dict[str, Any]:
    """The posted form as a dict, after its CSRF token is checked (403 without)."""
    form = await request.form(max_files=1, max_fields=50)
    core.check_csrf(request, form.get("csrf"))
    return {k: v for k, v in form.items() if k != "csrf" and (not isinstance(v, str) or v != "")}


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# -- Today --------------------------------------------------------------------------
@router.get("/", include_in_schema=False)
def today_html(request: Request, store: StoreDep, as_of: AsOf = None) -> Response:
    data = pages.today_page(store, as_of_for(request, as_of), None)
    return render(request, "today.html", data)


@router.get("/api/today", response_model=m.Today)
def today_api(
    request: Request,
    store: StoreDep,
    as_of: AsOf = None,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> dict[str, Any]:
    return pages.today_page(store, as_of_for(request, as_of), limit)


@router.post("/items/{item_id}", include_in_schema=False)
async def act_html(request: Request, item_id: str, store: StoreDep) -> Response:
    form = await form_of(request)
    body = m.ActOnItem.model_validate(form)
    service.act_on_item(store, item_id, body.state, body.until, body.reason)
    return back("/")


@router.post("/api/items/{item_id}", response_model=m.ItemState)
def act_api(item_id: str, body: m.ActOnItem, store: StoreDep) -> dict[str, Any]:
    return service.act_on_item(store, item_id, body.state, body.until, body.reason)


# -- People -------------------------------------------------------------------------
def _people(
    store: Store,
    q: str | None,
    stage: str | None,
    goal: str | None,
    tag: str | None,
    sort: str,
    page: int,
    per_page: int,
    layer: int | None = None,
    overdue: bool = False,
    as_of: str | None = None,
) -> dict[str, Any]:
    return pages.people_page(
        store, q, stage, goal, tag, sort, page, per_page, layer, overdue, as_of
    )


def _layer(value: str | None) -> int | None:
    """A layer from a form: empty is any; anything else must be one of the layers."""
    if not value:
        return None
    if not value.isdigit():
        raise InvalidValue(f"layer is one of: {', '.join(map(str, web_support.LAYERS))}")
    return int(value)


@router.get("/people", include_in_schema=False)
def people_html(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    stage: Annotated[str | None, Query(max_length=20)] = None,
    goal: Annotated[str | None, Query(max_length=20)] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[str, Query(max_length=20)] = "recent",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
    layer: Annotated[str | None, Query(max_length=4)] = None,
    overdue: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    data = _people(
        store,
        q or None,
        stage or None,
        goal or None,
        tag or None,
        sort or "recent",
        page,
        per_page,
        _layer(layer),
        bool(overdue),
        as_of_for(request, None),
    )
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v]
    context = {**data, "sorts": web_support.SORTS, "query": urlencode(kept) + "&" if kept else ""}
    return render(request, "people.html", context)


@router.get("/api/people", response_model=m.PeoplePage)
def people_api(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    stage: Annotated[m.Stage | None, Query()] = None,
    goal: Annotated[m.Goal | None, Query()] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[m.Sort, Query()] = "recent",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
    layer: Annotated[int | None, Query(description="5, 15, 50, 150 or 500")] = None,
    overdue: Annotated[
        bool, Query(description="only those with an overdue open action item")
    ] = False,
) -> dict[str, Any]:
    return _people(
        store, q, stage, goal, tag, sort, page, per_page, layer, overdue, as_of_for(request, None)
    )


@router.get("/people.csv", include_in_schema=False)
def people_csv(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    stage: Annotated[str | None, Query(max_length=20)] = None,
    goal: Annotated[str | None, Query(max_length=20)] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[str, Query(max_length=20)] = "recent",
    layer: Annotated[str | None, Query(max_length=4)] = None,
    overdue: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    """Everyone the filters match, as CSV with spreadsheet formulas neutralised."""
    args = (q or None, stage or None, goal or None, tag or None, sort or "recent")
    more = (_layer(layer), bool(overdue), as_of_for(request, None))
    _people(store, *args, 1, 1, *more)  # validate before the response starts

    def rows() -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            batch = _people(store, *args, page, 500, *more)
            yield from batch["items"]
            if page >= batch["pages"]:
                return
            page += 1

    return StreamingResponse(
        export.csv_lines(rows(), export.PEOPLE_COLUMNS),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kith-people.csv"'},
    )


# -- Person -------------------------------------------------------------------------
@router.get("/people/{person_id}", include_in_schema=False)
def person_html(request: Request, person_id: Id, store: StoreDep, as_of: AsOf = None) -> Response:
    data = pages.person_page(store, person_id, as_of_for(request, as_of))
    data["grid_svg"] = svg.grid(data["mix"])
    return render(request, "person.html", data)


@router.get("/api/people/{person_id}", response_model=m.Person)
def person_api(
    request: Request, person_id: Id, store: StoreDep, as_of: AsOf = None
) -> dict[str, Any]:
    return pages.person_page(store, person_id, as_of_for(request, as_of))


def _exists(store: Store, person_id: int) -> str:
    store.person(person_id)  # PersonNotFound (404) for an unknown id
    return str(person_id)


def log_touch(store: Store, person_id: Id, body: m.LogTouch) -> dict[str, Any]:
    who = _exists(store, person_id)
    return service.log(
        store, who, body.channel, body.at, body.planned, body.purpose, body.direction, body.note
    )


def add_detail(store: Store, person_id: Id, body: m.AddDetail) -> dict[str, Any]:
    return service.remember(store, _exists(store, person_id), body.text)


def set_stage(store: Store, person_id: Id, body: m.SetStage) -> dict[str, Any]:
    return service.set_stage(store, _exists(store, person_id), body.stage, body.at)


def set_goal(store: Store, person_id: Id, body: m.SetGoal) -> dict[str, Any]:
    return service.set_goal(store, _exists(store, person_id), body.goal)


def set_cadence(store: Store, person_id: Id, body: m.SetCadence) -> dict[str, Any]:
    return service.set_cadence(store, _exists(store, person_id), body.cadence)


def add_action(store: Store, person_id: Id, body: m.AddAction) -> dict[str, Any]:
    return service.add_action(store, _exists(store, person_id), body.text, body.owner, body.due)


# Each change to a person: (path, request model, use case, response model).
CHANGES: list[tuple[str, type[Any], Any, type[Any]]] = [
    ("touches", m.LogTouch, log_touch, m.Logged),
    ("details", m.AddDetail, add_detail, m.DetailAdded),
    ("stage", m.SetStage, set_stage, m.StageSet),
    ("goal", m.SetGoal, set_goal, m.GoalSet),
    ("cadence", m.SetCadence, set_cadence, m.CadenceSet),
    ("actions", m.AddAction, add_action, m.ActionItem),
]


def _register_change(path: str, model: type[Any], use: Any, response: type[Any]) -> None:
    async def html(request: Request, person_id: Id, store: StoreDep) -> Response:
        form = await form_of(request)
        if model is m.LogTouch:
            form["planned"] = form.get("planned") == "on"
        use(store, person_id, model.model_validate(form))
        return back(f"/people/{person_id}#{path}")

    def api(person_id: Id, body: Any, store: StoreDep) -> dict[str, Any]:
        return cast(dict[str, Any], use(store, person_id, body))

    # Annotations are strings here (`from __future__`); FastAPI reads the real types.
    api.__annotations__.update(person_id=Id, body=model, store=StoreDep)

    router.add_api_route(
        f"/people/{{person_id}}/{path}", html, methods=["POST"], include_in_schema=False
    )
    router.add_api_route(
        f"/api/people/{{person_id}}/{path}",
        api,
        methods=["POST"],
        response_model=response,
        name=f"person_{path}",
    )


for _change in CHANGES:
    _register_change(*_change)


@router.post("/actions/{action_id}/done", include_in_schema=False)
async def finish_action_html(request: Request, action_id: Id, store: StoreDep) -> Response:
    await form_of(request)
    item = service.finish_action(store, action_id)
    return back(f"/people/{item['person']['id']}#actions")


@router.post("/api/actions/{action_id}/done", response_model=m.ActionItem)
def finish_action_api(action_id: Id, store: StoreDep) -> dict[str, Any]:
    return service.finish_action(store, action_id)


@router.post("/details/{detail_id}", include_in_schema=False)
async def decide_detail_html(request: Request, detail_id: Id, store: StoreDep) -> Response:
    body = m.DetailDecision.model_validate(await form_of(request))
    detail = pages.decide_detail(store, detail_id, body.status)
    return back(f"/people/{detail['person_id']}#details")


@router.post("/api/details/{detail_id}")
def decide_detail_api(detail_id: Id, body: m.DetailDecision, store: StoreDep) -> dict[str, Any]:
    return pages.decide_detail(store, detail_id, body.status)


# -- Merge suggestions --------------------------------------------------------------
@router.get("/merge", include_in_schema=False)
def merge_html(request: Request, store: StoreDep) -> Response:
    return render(request, "merge.html", pages.merge_page(store))


@router.get("/api/merge", response_model=m.MergePage)
def merge_api(store: StoreDep) -> dict[str, Any]:
    return pages.merge_page(store)


@router.post("/merge/{suggestion_id}", include_in_schema=False)
async def decide_merge_html(request: Request, suggestion_id: Id, store: StoreDep) -> Response:
    body = m.MergeDecision.model_validate(await form_of(request))
    pages.decide_merge(store, suggestion_id, body.decision)
    return back("/merge")


@router.post("/api/merge/{suggestion_id}")
def decide_merge_api(suggestion_id: Id, body: m.MergeDecision, store: StoreDep) -> dict[str, Any]:
    return pages.decide_merge(store, suggestion_id, body.decision)


# -- Import -------------------------------------------------------------------------
@router.get("/import", include_in_schema=False)
def import_form(request: Request) -> Response:
    return render(request, "import.html", {"sources": _sources()})


def _sources() -> list[str]:
    return ["auto", *service.importers.SOURCES]


@router.post("/import", include_in_schema=False)
async def import_html(request: Request, store: StoreDep) -> Response:
    """Save the upload and start the import in the background; its page follows it."""
    form = await request.form(max_files=1, max_fields=10)
    try:
        core.check_csrf(request, form.get("csrf"))
        upload = form.get("file")
        if not isinstance(upload, StarletteUpload) or not upload.filename:
            data = {"sources": _sources(), "error": "choose a file to import"}
            return render(request, "import.html", data, status=422)
        source = str(form.get("source") or "auto")
        imports = request.app.state.settings.imports
        job_id = await run_in_threadpool(
            imports.start, core.database_of(request), store, upload.file, upload.filename, source
        )
    finally:
        await form.close()
    return back(f"/import/{job_id}")


JobId = Annotated[str, PathParam(min_length=1, max_length=64)]


def _job(request: Request, job_id: str) -> dict[str, Any]:
    job = request.app.state.settings.imports.get(job_id)
    if job is None:
        raise core.HTTPException(
            404, f"no import {job_id!r} — imports are remembered until the server restarts"
        )
    return cast(dict[str, Any], job)


@router.get("/import/{job_id}", include_in_schema=False)
def import_job_html(request: Request, job_id: JobId) -> Response:
    return render(request, "import_job.html", _job(request, job_id))


@router.get("/api/import/{job_id}", response_model=m.ImportJob)
def import_job_api(request: Request, job_id: JobId) -> dict[str, Any]:
    """An import started from the web form: records read so far, then the report."""
    return _job(request, job_id)


@router.post("/api/import", response_model=m.ImportReport)
def import_api(
    store: StoreDep,
    file: Annotated[UploadFile, File(description="An export: a file or a zip")],
    source: Annotated[str, Form(max_length=40)] = "auto",
) -> dict[str, Any]:
    return pages.import_upload(store, file.file, file.filename or "upload", source)


# -- Coach --------------------------------------------------------------------------
@router.get("/coach", include_in_schema=False)
def coach_form(
    request: Request,
    draft: Annotated[str | None, Query(max_length=20_000)] = None,
    to: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Response:
    return render(request, "coach.html", {"draft": draft or "", "to": to, "result": None})


@router.post("/coach", include_in_schema=False)
async def coach_html(request: Request, store: StoreDep) -> Response:
    form = await form_of(request)
    body = m.CoachRequest.model_validate(form)
    result = pages.coach_page(store, body.text, body.to, body.channel, as_of_for(request, None))
    data = {"draft": body.text, "to": body.to, "channel": body.channel, "result": result}
    return render(request, "coach.html", data)


@router.post("/api/coach", response_model=m.Coaching)
def coach_api(request: Request, body: m.CoachRequest, store: StoreDep) -> dict[str, Any]:
    return pages.coach_page(store, body.text, body.to, body.channel, as_of_for(request, None))


# -- Insights -----------------------------------------------------------------------
HoursPerWeek = Annotated[
    float | None,
    Query(gt=0, le=168, description="hours a week for people (default 3: 'a few hours a week')"),
]


@router.get("/insights", include_in_schema=False)
def insights_html(
    request: Request, store: StoreDep, as_of: AsOf = None, hours_per_week: HoursPerWeek = None
) -> Response:
    data = pages.insights_page(store, as_of_for(request, as_of), hours_per_week)
    return render(request, "insights.html", {**data, "charts": _insights_charts(data)})


def _insights_charts(data: dict[str, Any]) -> dict[str, str]:
    steps = data["funnel"]["steps"]
    capacity = data["capacity"]
    minutes = [
        ("your budget", capacity["budget_hours_per_week"]),
        ("keeping them", capacity["upkeep_hours_per_week"]),
        ("spent lately", capacity["spent_hours_per_week"]),
    ]
    return {
        "channels": svg.bars(
            sorted(data["stats"]["touches_by_channel"].items(), key=lambda kv: -kv[1]),
            "Touches by channel",
        ),
        "stages": svg.bars(list(data["stages"].items()), "People by stage"),
        "funnel": svg.bars(
            [(s["step"], s["people"]) for s in steps], "From content to conversations"
        ),
        "capacity": svg.bars(
            [(name, round(hours * 60)) for name, hours in minutes], "Minutes a week for people"
        ),
    }


@router.get("/api/insights", response_model=m.Insights)
def insights_api(
    request: Request, store: StoreDep, as_of: AsOf = None, hours_per_week: HoursPerWeek = None
) -> dict[str, Any]:
    return pages.insights_page(store, as_of_for(request, as_of), hours_per_week)


# -- Login --------------------------------------------------------------------------
@router.get("/login", include_in_schema=False)
def login_form(request: Request) -> Response:
    return render(request, "login.html", {"status": web_support.auth_status()})


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _try_login(request: Request, password: str) -> str:
    """Check the password under the rate limit; return a new session cookie."""
    limit = request.app.state.settings.login_limit
    client = _client(request)
    if limit.blocked(client):
        raise core.HTTPException(429, "too many attempts — wait five minutes and try again")
    if not web_support.check_password(password):
        limit.fail(client)
        raise core.HTTPException(401, "that password is not right")
    limit.clear(client)
    return security.make_session(web_support.session_secret())


def _set_session(request: Request, response: Response, value: str) -> Response:
    response.set_cookie(
        security.SESSION_COOKIE,
        value,
        max_age=security.SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/login", include_in_schema=False)
async def login_html(request: Request) -> Response:
    form = await form_of(request)
    try:
        session = _try_login(request, str(form.get("password", "")))
    except core.HTTPException as exc:
        data = {"status": web_support.auth_status(), "error": exc.detail}
        return render(request, "login.html", data, status=exc.status_code)
    return _set_session(request, back("/"), session)


@router.post("/api/login", response_model=m.Session)
def login_api(request: Request, body: m.Login, response: Response) -> dict[str, Any]:
    _set_session(request, response, _try_login(request, body.password))
    return {"ok": True, "auth": web_support.auth_status()}


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    await form_of(request)
    response = back("/login")
    response.delete_cookie(security.SESSION_COOKIE)
    return response
