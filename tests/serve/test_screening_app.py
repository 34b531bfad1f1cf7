"""The screening front of ``painkg serve``: result formats map to Accept headers, and updates
or SERVICE are refused before anything is forwarded (the upstream here listens nowhere, so a
forwarded request could only fail with 502, never succeed)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from painkg.errors import UsageError
from painkg.serve.engine import free_port
from painkg.serve.screening_app import accept_for, create_app


def test_formats_become_accept_headers() -> None:
    assert accept_for("json", None).startswith("application/sparql-results+json")
    assert accept_for("application/n-triples", "text/csv") == "application/n-triples"
    assert accept_for(None, "text/csv") == "text/csv"
    assert accept_for(None, None) == "*/*"
    with pytest.raises(UsageError, match="Unknown format"):
        accept_for("pdf", None)


async def _requests(app: object) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return [
            await client.post("/query", content=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                              headers={"Content-Type": "application/sparql-update"}),
            await client.get("/query", params={
                "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}),
            await client.get("/"),
        ]


def test_updates_and_service_are_refused_without_forwarding() -> None:
    app = create_app(f"http://127.0.0.1:{free_port()}/query", timeout_s=5, max_body=4096,
                     label="test")
    update, service, page = asyncio.run(_requests(app))
    assert update.status_code == 403 and "read-only" in update.text
    assert service.status_code == 403
    assert page.status_code == 200 and "<html" in page.text.lower()
