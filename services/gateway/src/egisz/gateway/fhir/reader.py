"""One FHIR request's reads: registry queries under the request's token, refusals turned into
OperationOutcomes, and the resources a page of the change feed changed, read as they are now."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.contracts.subjects import Command
from egisz.gateway.fhir import resources
from egisz.gateway.fhir.bundles import EVERY_SUBDIVISION, Change, changes_of, outcome
from egisz.gateway.statuses import status_of
from egisz.runtime.file_transfer import Call


class RefusalError(Exception):
    """An answer that is an OperationOutcome: the status and the body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


class Reader:
    def __init__(self, call: Call, *, signed_in: bool, today: date) -> None:
        self.call = call
        self.signed_in = signed_in
        self.today = today

    async def ask(self, command: Command, body: dict[str, Any]) -> Any:
        """The command's result as its contracts model, or `RefusalError` with the service's own
        code and Russian message."""
        reply = await self.call(command.subject, body)
        if not reply.get("ok"):
            error = reply.get("error") or {}
            fields = [f["field"] for f in error.get("fields") or [] if f.get("field")]
            raise RefusalError(
                status_of(reply),
                outcome(
                    str(error.get("kind")),
                    str(error.get("code")),
                    str(error.get("message")),
                    fields,
                ),
            )
        result: BaseModel = command.result.model_validate(reply["result"])
        return result

    async def maybe(self, command: Command, body: dict[str, Any]) -> Any | None:
        """As `ask`, None where the registry has no such record (a search finds nothing)."""
        try:
            return await self.ask(command, body)
        except RefusalError as refused:
            if refused.status == 404:
                return None
            raise

    async def worker(self, worker_id: str) -> wire.WorkerView | None:
        found: wire.WorkerView | None = await self.maybe(
            subjects.WORKER_GET, {"worker_id": worker_id}
        )
        return found

    async def organization(self, oid: str) -> wire.OrganizationView | None:
        found: wire.OrganizationView | None = await self.maybe(
            subjects.ORGANIZATION_GET, {"oid": oid}
        )
        return found

    async def public(self, worker_id: str) -> wire.PublicPractitioner | None:
        found: wire.VerificationResult = await self.ask(
            subjects.PRACTITIONER_VERIFY, {"worker_id": worker_id}
        )
        return found.practitioners[0] if found.practitioners else None

    async def changes(
        self, kinds: set[str], *, since: datetime | None, cursor: int | None, limit: int
    ) -> tuple[list[tuple[Change, dict[str, Any] | None]], int | None]:
        """The changes to resources of `kinds` in one page of the feed, each with the resource
        as it reads now (None: gone), and the cursor of the next page (None: the end)."""
        body: dict[str, Any] = {"after": cursor or 0, "limit": limit}
        if since is not None and cursor is None:
            body["since"] = since.isoformat()
        page: wire.ChangesPage = await self.ask(subjects.CHANGES_LIST, body)
        found = [c for e in page.events for c in changes_of(e) if c.kind in kinds]
        workers_ids = {c.worker_id for c in found if c.worker_id}
        org_ids = {c.organization_oid for c in found if c.organization_oid}
        workers = dict(
            zip(workers_ids, await asyncio.gather(*map(self.worker, workers_ids)), strict=True)
        )
        orgs = dict(
            zip(org_ids, await asyncio.gather(*map(self.organization, org_ids)), strict=True)
        )
        now = [pair for c in found for pair in self._now(c, workers, orgs)]
        return now, page.next_cursor if page.has_more else None

    def _now(
        self,
        change: Change,
        workers: dict[str, wire.WorkerView | None],
        orgs: dict[str, wire.OrganizationView | None],
    ) -> list[tuple[Change, dict[str, Any] | None]]:
        """The change with its resource as it reads now (None: gone); a change of every
        subdivision becomes one per subdivision."""
        if change.worker_id:
            worker = workers.get(change.worker_id)
            if worker is None:
                return [(change, None)]
            if change.kind == "Practitioner":
                return [(change, resources.practitioner(worker))]
            roles = resources.roles_of(worker, self.today)
            return [(change, next((r for r in roles if r["id"] == change.id), None))]
        org = orgs.get(change.organization_oid or "")
        if change.kind == "Organization":
            return [(change, resources.organization(org) if org else None)]
        subdivisions = org.subdivisions if org else []
        if change.id == EVERY_SUBDIVISION:
            return [
                (replace(change, id=s.oid), resources.location(org.oid, s, self.today))
                for s in subdivisions
                if org
            ]
        found = [
            resources.location(change.organization_oid or "", s, self.today)
            for s in subdivisions
            if s.oid == change.id
        ]
        return [(change, found[0] if found else None)]
