"""``plazo serve``: every endpoint and every error code, through httpx against the ASGI app.

Expected values come from the policies' text and hand-worked deadlines (Aldeamo: a
medium incident created Friday 17:30 has 2 business hours on Mon-Fri 08:00-18:00, so
0.5 h on Friday and 1.5 h on Monday: due Monday 09:30; with 3 hours, Monday 10:30), or
from the embedding API called directly, which the service must answer exactly.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from plazo.interpreter import Ticket, load_policy
from plazo.interpreter.batch.records import record
from plazo.interpreter.present.document import document, render_markdown
from plazo.interpreter.present.document_html import render_html
from plazo.interpreter.present.explanation_text import render_explanation
from plazo.interpreter.serve.app import create_app
from plazo.interpreter.serve.limits import Limits
from plazo.interpreter.serve.logs import JsonFormatter
from plazo.interpreter.serve.store import PolicyStore

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the service's clock: only render's default year reads it
BOGOTA = "-05:00"
MEDIO = {"id": "T1", "fields": {"type": "incidente", "severity": "medio"},
         "events": [{"type": "created", "at": "2026-03-06T17:30:00-05:00"}]}
AT = "2026-03-06T18:00:00-05:00"


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://plazo.test") as client:
            return await client.request(method, url, **kwargs)
    return anyio.run(go)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    return tmp_path / "policies"


@pytest.fixture
def app(folder: Path) -> Any:
    return create_app(folder, clock=lambda: NOW)


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()["error"]
    assert body["status"] == status and body["code"] == code, body
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def rewrite(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on, so that a change is seen even
    on a file system that keeps coarse times."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


# ------------------------------------------------------------------ the policies' state


def test_healthz_counts_the_policies(app: Any) -> None:
    response = call(app, "GET", "/healthz")
    assert response.status_code == 200
    bundled = len(list((ROOT / "policies").glob("*.plazo")))
    assert bundled >= 5 and response.json() == {"status": "ok", "policies": bundled, "serving": bundled}


def test_policies_lists_names_versions_and_when_loaded(app: Any) -> None:
    response = call(app, "GET", "/v1/policies")
    assert response.status_code == 200
    body = response.json()
    assert body["refreshed_at"] == NOW.isoformat()
    names = [p["name"] for p in body["policies"]]
    assert names == sorted(p.stem for p in (ROOT / "policies").glob("*.plazo"))
    assert {"aldeamo", "ikhodi", "intcomex", "openpyme", "wekall"} <= set(names)
    for state in body["policies"]:
        text = (ROOT / "policies" / f"{state['name']}.plazo").read_text(encoding="utf-8")
        declared = re.search(r"^policy \S+ .*version (\S+)", text, re.M)
        assert declared is not None
        assert state["current"]["version"] == declared.group(1)
        assert state["current"]["loaded_at"] == NOW.isoformat()
        assert state["refused"] is None and state["earlier"] == []


def test_one_policy(app: Any) -> None:
    body = call(app, "GET", "/v1/policies/aldeamo").json()
    assert body["name"] == "aldeamo" and body["file"] == "aldeamo.plazo"
    assert body["current"]["version"] == "3" and body["current"]["label"] == "Aldeamo — Proceso de Servicio"


# ------------------------------------------------------------------ evaluate, explain, render, check


def test_evaluate_answers_the_result_as_to_dict(app: Any) -> None:
    response = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT}, json=MEDIO)
    assert response.status_code == 200, response.text
    body = response.json()
    first = next(t for t in body["targets"] if t["name"] == "first_response")
    assert first["due"] == "2026-03-09T09:30:00-05:00" and first["status"] == "running"
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    assert body == policy.evaluate(Ticket.from_dict(MEDIO), datetime.fromisoformat(AT)).to_dict()


def test_a_local_at_is_read_in_the_policys_time_zone(app: Any) -> None:
    local = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": "2026-03-06T18:00"}, json=MEDIO)
    exact = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT}, json=MEDIO)
    assert local.json() == exact.json()


def test_without_at_the_ticket_is_seen_at_its_last_event(app: Any) -> None:
    body = call(app, "POST", "/v1/policies/aldeamo/evaluate", json=MEDIO).json()
    assert body["at"] == "2026-03-06T17:30:00-05:00"


def test_explain_as_facts_one_target_and_text(app: Any) -> None:
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    expected = policy.explain(Ticket.from_dict(MEDIO), datetime.fromisoformat(AT))
    whole = call(app, "POST", "/v1/policies/aldeamo/explain", params={"at": AT}, json=MEDIO)
    assert whole.status_code == 200 and whole.json() == expected.to_dict()
    one = call(app, "POST", "/v1/policies/aldeamo/explain", params={"at": AT, "target": "first_response"},
               json=MEDIO).json()
    assert [t["name"] for t in one["targets"]] == ["first_response"]
    assert one["targets"][0]["cycles"][0]["due"] == "2026-03-09T09:30:00-05:00"
    text = call(app, "POST", "/v1/policies/aldeamo/explain", params={"at": AT, "format": "text", "language": "en"},
                json=MEDIO)
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == render_explanation(expected, "en")


def test_render_markdown_and_html(app: Any) -> None:
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    md = call(app, "GET", "/v1/policies/aldeamo/render", params={"year": "2026"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text == render_markdown(document(policy, 2026))
    html = call(app, "GET", "/v1/policies/aldeamo/render", params={"year": "2027", "format": "html",
                                                                  "language": "en"})
    assert html.headers["content-type"].startswith("text/html")
    assert html.text == render_html(document(policy, 2027, "en"))
    # no year: the year of the service's clock in the policy's zone (2026-11-24)
    assert call(app, "GET", "/v1/policies/aldeamo/render").text == md.text


def test_check_gives_the_diagnostics_of_plazo_check(app: Any) -> None:
    bad = (ROOT / "tests" / "golden" / "check" / "unknown_calendar.plazo").read_bytes()
    body = call(app, "POST", "/v1/check", content=bad, headers={"content-type": "text/plain"}).json()
    assert body["ok"] is False and body["errors"] == 1
    (d,) = body["diagnostics"]
    # README: unknown_calendar.plazo:9:25: error[unknown-calendar] ... hint: did you mean 'soporte'?
    assert (d["line"], d["column"], d["code"], d["hint"]) == (9, 25, "unknown-calendar", "did you mean 'soporte'?")
    assert d["file"] == "policy.plazo"
    good = call(app, "POST", "/v1/check", content=(ROOT / "policies" / "wekall.plazo").read_bytes()).json()
    assert good["ok"] is True and good["errors"] == 0


def test_openapi_describes_every_route(app: Any) -> None:
    body = call(app, "GET", "/openapi.json").json()
    assert body["openapi"].startswith("3.1")
    assert set(body["paths"]) == {"/healthz", "/v1/policies", "/v1/policies/{name}", "/v1/policies/{name}/evaluate",
                                  "/v1/policies/{name}/explain", "/v1/policies/{name}/render", "/v1/check"}
    schemas = body["components"]["schemas"]
    assert {"Ticket", "Event", "EvaluationResult", "Explanation", "TicketRecord", "Error"} <= set(schemas)


# ------------------------------------------------------------------ errors: 400 404 405 413 422 503


@pytest.mark.parametrize(("body", "problem"), [
    (b"{", "not JSON"),
    (b'{"id": "T", "fields": {"x": NaN}}', "NaN is not a JSON number"),
    (b'{"id": "T", "id": "U"}', "appears twice"),
    (b'{"id": "\xff"}', "not UTF-8"),
    (b"", "not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_a_body_that_is_not_json_is_400(app: Any, body: bytes, problem: str) -> None:
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", content=body), 400, "bad-json")
    assert problem in error["problem"]


def test_an_at_that_is_not_an_instant_is_400(app: Any) -> None:
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": "tomorrow"}, json=MEDIO),
                     400, "bad-instant")
    assert error["parameter"] == "at"


@pytest.mark.parametrize(("params", "parameter"), [
    ({"year": "20x6"}, "year"), ({"year": "1800"}, "year"), ({"format": "pdf"}, "format"), ({"language": "fr"},
                                                                                           "language")])
def test_a_bad_render_parameter_is_400(app: Any, params: dict[str, str], parameter: str) -> None:
    error = error_of(call(app, "GET", "/v1/policies/aldeamo/render", params=params), 400, "bad-parameter")
    assert error["parameter"] == parameter


def test_a_check_body_that_is_not_utf8_is_400(app: Any) -> None:
    error_of(call(app, "POST", "/v1/check", content=b"policy p version 1\n\xff"), 400, "bad-text")


def test_unknown_policy_version_target_and_path_are_404(app: Any) -> None:
    error = error_of(call(app, "POST", "/v1/policies/aldeamoo/evaluate", json=MEDIO), 404, "unknown-policy")
    assert error["parameter"] == "name" and "aldeamo" in error["hint"]
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"version": "9"}, json=MEDIO),
                     404, "unknown-version")
    assert error["parameter"] == "version" and error["hint"] == "loaded: 3"
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/explain", params={"target": "first_reponse"},
                          json=MEDIO), 404, "unknown-target")
    assert error["parameter"] == "target" and "first_response" in error["hint"]
    error_of(call(app, "GET", "/v1/policies/nope"), 404, "unknown-policy")
    error_of(call(app, "GET", "/v2/anything"), 404, "no-such-path")


def test_a_method_the_path_does_not_take_is_405(app: Any) -> None:
    error_of(call(app, "GET", "/v1/policies/aldeamo/evaluate"), 405, "method-not-allowed")


def test_a_body_past_the_limit_is_413(folder: Path) -> None:
    app = create_app(folder, Limits(body_bytes=100))
    big = {**MEDIO, "id": "x" * 200}
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", json=big), 413, "too-large")
    assert "100 bytes" in error["problem"] and "--max-body-bytes" in error["hint"]
    # a client that says nothing of the length is cut off as it passes the limit
    async def chunks() -> Any:
        for _ in range(10):
            yield b" " * 50
    error_of(call(app, "POST", "/v1/check", content=chunks()), 413, "too-large")


def test_too_many_events_is_413_at_the_events(folder: Path) -> None:
    app = create_app(folder, Limits(events=3))
    events = [{"type": "created", "at": "2026-03-06T17:30:00-05:00"}] + [
        {"type": "agent_message", "at": f"2026-03-06T17:3{i}:00-05:00"} for i in range(1, 4)]
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", json={**MEDIO, "events": events}),
                     413, "too-many-events")
    assert error["path"] == "$.events" and "--max-events" in error["hint"]
    ok = call(app, "POST", "/v1/policies/aldeamo/evaluate", json={**MEDIO, "events": events[:3]})
    assert ok.status_code == 200


@pytest.mark.parametrize(("change", "path", "hint"), [
    ({"events": [{"type": "created", "at": "2026-03-06T17:30:00-05:00"},
                 {"type": "agent_message", "at": "2026-03-06T18:30:00-05:00"},
                 {"type": "agent_message", "at": "2026-03-06T18:00:00-05:00"}]}, "$.events[2].at", None),
    ({"fields": {"type": "incidente", "severity": "meddio"}}, "$.fields.severity", "did you mean 'medio'?"),
    ({"events": [{"type": "created", "at": "2026-03-06T17:30"}]}, "$.events[0].at",
     "write e.g. 2026-03-06T17:30:00-05:00"),
    ({"events": [{"type": "creatd", "at": "2026-03-06T17:30:00-05:00"}]}, "$.events[0].type",
     "did you mean 'created'?"),
])
def test_a_ticket_the_policy_cannot_take_is_422_with_the_clis_path(app: Any, change: dict[str, Any], path: str,
                                                                    hint: str | None) -> None:
    response = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT}, json={**MEDIO, **change})
    error = error_of(response, 422, "bad-ticket")
    assert error["path"] == path and error["message"].endswith(f"@ {path}" + (f" ({hint})" if hint else ""))
    assert error["hint"] == hint


def test_an_at_outside_the_supported_range_is_422(app: Any) -> None:
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": "1800-01-01T00:00:00Z"},
                          json=MEDIO), 422, "bad-instant")
    assert error["parameter"] == "at" and "1900" in error["hint"]


def test_a_local_time_the_clocks_skip_is_422(tmp_path: Path) -> None:
    (tmp_path / "ny.plazo").write_text(
        'policy ny version 1\ntimezone America/New_York\ntarget t "T" {\n  start on created\n'
        "  stop on resolved\n  otherwise: 4 hours\n}\n", encoding="utf-8")
    app = create_app(tmp_path)
    ticket = {"id": "N", "events": [{"type": "created", "at": "2026-03-07T12:00:00-05:00"}]}
    error = error_of(call(app, "POST", "/v1/policies/ny/evaluate", params={"at": "2026-03-08T02:30"},
                          json=ticket), 422, "bad-instant")
    assert "does not exist" in error["problem"] and error["parameter"] == "at"


def test_a_ticket_without_events_and_without_at_is_422(app: Any) -> None:
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", json={"id": "T"}), 422, "bad-instant")
    assert error["parameter"] == "at"


def test_past_the_time_limit_is_503(folder: Path) -> None:
    # a limit no evaluation can meet: the deadline has passed before the worker thread answers
    app = create_app(folder, Limits(seconds=1e-9))
    error = error_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", json=MEDIO), 503, "timeout")
    assert "--request-seconds" in error["hint"]


# ------------------------------------------------------------------ reload, last good version, pinning


def test_an_edit_that_fails_check_keeps_the_old_version_serving(folder: Path) -> None:
    app = create_app(folder, clock=lambda: NOW)
    store: PolicyStore = app.state.store
    path = folder / "aldeamo.plazo"
    good = path.read_text(encoding="utf-8")
    before = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT}, json=MEDIO).json()

    rewrite(path, good.replace("2 business hours on soporte", "2 business hours on soprte"))
    store.refresh()
    state = call(app, "GET", "/v1/policies/aldeamo").json()
    assert state["current"]["version"] == "3"
    refused = state["refused"]
    assert refused is not None and [d["code"] for d in refused["diagnostics"]] == ["unknown-calendar"]
    assert refused["diagnostics"][0]["file"] == "aldeamo.plazo"
    assert refused["diagnostics"][0]["hint"] == "did you mean 'soporte'?"
    after = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT}, json=MEDIO)
    assert after.status_code == 200 and after.json() == before

    # an empty file (an editor halfway through a save) is refused the same way
    rewrite(path, "")
    store.refresh()
    assert call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT}, json=MEDIO).json() == before


def test_a_good_edit_becomes_current_and_a_request_may_pin_the_old_one(folder: Path) -> None:
    app = create_app(folder)
    path = folder / "aldeamo.plazo"
    v3 = path.read_text(encoding="utf-8")
    rewrite(path, v3.replace("severity = medio: 2 business hours", "severity = medio: 3 business hours")
            .replace("version 3", "version 4"))
    app.state.store.refresh()

    def due(params: dict[str, str]) -> str:
        body = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": AT, **params}, json=MEDIO).json()
        return str(next(t for t in body["targets"] if t["name"] == "first_response")["due"])

    assert due({}) == "2026-03-09T10:30:00-05:00"  # 0.5 h on Friday, 2.5 h on Monday from 08:00
    assert due({"version": "4"}) == "2026-03-09T10:30:00-05:00"
    assert due({"version": "3"}) == "2026-03-09T09:30:00-05:00"
    state = call(app, "GET", "/v1/policies/aldeamo").json()
    assert state["current"]["version"] == "4" and [v["version"] for v in state["earlier"]] == ["3"]
    assert state["refused"] is None


def test_a_policy_never_good_is_listed_with_its_diagnostics_and_answers_404(tmp_path: Path) -> None:
    (tmp_path / "broken.plazo").write_text("policy broken version 1\ntimezone Mars/Olympus\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a policy", encoding="utf-8")
    app = create_app(tmp_path)
    assert call(app, "GET", "/healthz").json() == {"status": "ok", "policies": 1, "serving": 0}
    state = call(app, "GET", "/v1/policies/broken").json()
    assert state["current"] is None and state["refused"]["diagnostics"]
    error = error_of(call(app, "POST", "/v1/policies/broken/evaluate", json=MEDIO), 404, "no-good-version")
    assert "/v1/policies/broken" in error["hint"]


def test_a_deleted_file_leaves_the_service(folder: Path) -> None:
    app = create_app(folder)
    (folder / "ikhodi.plazo").unlink()
    app.state.store.refresh()
    error_of(call(app, "GET", "/v1/policies/ikhodi"), 404, "unknown-policy")


# ------------------------------------------------------------------ request ids and logs


def test_request_ids_are_kept_or_made_and_logged(app: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="plazo.serve"):
        given = call(app, "GET", "/healthz", headers={"x-request-id": "helpdesk-42"})
        made = call(app, "GET", "/healthz", headers={"x-request-id": "no spaces <allowed>"})
    assert given.headers["x-request-id"] == "helpdesk-42"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    logged = [r.__dict__ for r in caplog.records if r.name == "plazo.serve"]
    assert [(r["request_id"], r["status"], r["path"]) for r in logged] == [
        ("helpdesk-42", 200, "/healthz"), (made.headers["x-request-id"], 200, "/healthz")]


def test_the_log_line_is_json() -> None:
    record = logging.LogRecord("plazo.serve", logging.INFO, __file__, 1, "request", None, None)
    record.__dict__.update({"request_id": "r1", "status": 422, "policy": "aldeamo"})
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "r1" and line["status"] == 422 and line["policy"] == "aldeamo"
    assert line["level"] == "info" and line["message"] == "request"


# ------------------------------------------------------------------ batch: JSON Lines in, records out


def lines_of(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def batch(app: Any, body: bytes, **params: str) -> list[dict[str, Any]]:
    return lines_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", content=body, params=params,
                         headers={"content-type": "application/x-ndjson"}))


def test_a_batch_answers_a_record_per_ticket_and_the_counts(app: Any) -> None:
    history = (ROOT / "examples" / "histories" / "aldeamo.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    out = batch(app, ("\n".join(history) + "\n").encode())
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    expected = []
    for number, line in enumerate(history, 1):
        ticket = Ticket.from_dict(json.loads(line))
        expected.append(json.loads(json.dumps(record(number, policy.evaluate(ticket, ticket.events[-1].at)))))
    assert out[:-1] == expected
    assert out[-1] == {"done": {"tickets": 40, "evaluated": 40, "rejected": 0, "complete": True, "error": None}}


def test_a_batch_reports_each_bad_line_and_goes_on(app: Any) -> None:
    good = json.dumps(MEDIO)
    lines = [good, "{not json", "", json.dumps({**MEDIO, "id": "T2", "fields": {"severity": "meddio"}}),
             json.dumps({**MEDIO, "id": "T3", "events": []}), good, json.dumps({**MEDIO, "id": "T4"})]
    out = batch(app, "\n".join(lines).encode(), at=AT)  # no newline after the last line
    assert [(o.get("line"), o.get("ticket")) for o in out[:-1]] == [
        (1, "T1"), (2, None), (4, "T2"), (5, "T3"), (6, "T1"), (7, "T4")]
    assert out[0]["targets"]["first_response"]["due"] == "2026-03-09T09:30:00-05:00"
    assert [o["error"]["code"] for o in out[1:5]] == ["bad-json", "bad-ticket", "bad-ticket", "duplicate-ticket"]
    assert out[2]["error"]["path"] == "$.fields.severity" and out[2]["error"]["hint"] == "did you mean 'medio'?"
    assert out[3]["error"]["path"] == "$.events" and out[3]["error"]["problem"] == "no 'created' event"
    assert out[-1]["done"] == {"tickets": 6, "evaluated": 2, "rejected": 4, "complete": True, "error": None}


def test_a_batch_line_past_the_limit_is_rejected_and_the_rest_read(folder: Path) -> None:
    app = create_app(folder, Limits(body_bytes=300))
    long = json.dumps({**MEDIO, "id": "L" * 400})
    out = batch(app, f"{json.dumps(MEDIO)}\n{long}\n{json.dumps({**MEDIO, 'id': 'T9'})}\n".encode())
    assert [o.get("ticket") for o in out[:-1]] == ["T1", None, "T9"]
    assert out[1]["line"] == 2 and out[1]["error"]["code"] == "too-large"


def test_a_batch_past_its_limit_ends_incomplete(folder: Path) -> None:
    app = create_app(folder, Limits(batch_bytes=1000))

    async def body() -> Any:
        for i in range(20):
            yield (json.dumps({**MEDIO, "id": f"T{i}"}) + "\n").encode()

    out = lines_of(call(app, "POST", "/v1/policies/aldeamo/evaluate", content=body(),
                        headers={"content-type": "application/x-ndjson"}))
    done = out[-1]["done"]
    assert done["complete"] is False and done["error"]["code"] == "too-large"
    assert done["tickets"] == len(out) - 1 < 20
    assert "--max-batch-bytes" in done["error"]["hint"]


def test_a_batch_with_a_bad_at_is_refused_before_it_starts(app: Any) -> None:
    response = call(app, "POST", "/v1/policies/aldeamo/evaluate", params={"at": "soon"},
                    content=json.dumps(MEDIO).encode(), headers={"content-type": "application/x-ndjson"})
    error_of(response, 400, "bad-instant")
