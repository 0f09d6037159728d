"""Thin entry points for access to organizations: requests, the support desk's decisions,
revocation and the list of holders; and the wire form of their events."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry import access
from egisz.registry.domain import access as domain
from egisz.registry.domain import organization as org
from egisz.registry.domain.model import FullName
from egisz.registry.repository import MongoRegistryUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent


def employee_in(e: wire.ResponsibleEmployee) -> org.ResponsibleEmployee:
    return org.ResponsibleEmployee(
        FullName(e.last_name, e.first_name, e.middle_name), e.snils, e.email
    )


def employee_out(e: org.ResponsibleEmployee) -> wire.ResponsibleEmployee:
    return wire.ResponsibleEmployee(
        last_name=e.name.last,
        first_name=e.name.first,
        middle_name=e.name.middle,
        snils=e.snils,
        email=e.email,
    )


def request_view(r: domain.AccessRequest) -> wire.AccessRequestView:
    return wire.AccessRequestView(
        request_id=r.id,
        organization_oid=r.organization_oid,
        employees=[employee_out(e) for e in r.employees],
        comment=r.comment,
        status=r.status.value,
        reason=r.reason,
        submitted_at=r.submitted_at,
        decided_at=r.decided_at,
    )


def holders_view(oid: str, holders: list[org.ResponsibleEmployee]) -> wire.AccessList:
    return wire.AccessList(
        organization_oid=oid,
        holders=[
            wire.AccessHolder(
                last_name=h.name.last,
                first_name=h.name.first,
                middle_name=h.name.middle,
                snils=h.snils,
                email=h.email,
            )
            for h in holders
        ],
    )


def access_event(event: Any, cause: Cause) -> OutgoingEvent | None:
    match event:
        case domain.AccessRequested(request=r):
            data: Any = wire.AccessRequested(
                request_id=r.id,
                organization_oid=r.organization_oid,
                employees=len(r.employees),
                submitted_by=r.submitted_by,
            )
            return outgoing(subjects.ACCESS_REQUESTED, data, about=r.id, cause=cause)
        case domain.AccessRequestDecided(request=r):
            data = wire.AccessRequestDecided(
                request_id=r.id,
                organization_oid=r.organization_oid,
                status=r.status.value,
                reason=r.reason,
                submitted_by=r.submitted_by,
            )
            return outgoing(subjects.ACCESS_REQUEST_DECIDED, data, about=r.id, cause=cause)
        case org.AccessRevoked(organization_oid=oid, snils=snils, emails=emails, reason=reason):
            data = wire.AccessRevoked(
                organization_oid=oid,
                snils=snils,
                email=emails[0] if emails else None,
                reason=reason,
            )
            return outgoing(subjects.ACCESS_REVOKED, data, about=oid, cause=cause)
    return None


def register_access(rt: ServiceRuntime, to_wire: Any, caller: Any) -> None:
    def uow(ctx: CommandContext) -> MongoRegistryUnitOfWork:
        return MongoRegistryUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, ctx.cause))

    @rt.command(subjects.ACCESS_REQUEST, roles={Role.ORG_OFFICER})
    async def request(req: wire.RequestAccess, ctx: CommandContext) -> wire.AccessRequestView:
        found = await access.request_access(
            uow(ctx),
            caller(ctx.actor),
            employees=[employee_in(e) for e in req.employees],
            comment=req.comment,
        )
        return request_view(found)

    @rt.command(subjects.ACCESS_REVIEW, roles={Role.REGISTRY_OPERATOR})
    async def review(req: wire.ReviewAccessRequest, ctx: CommandContext) -> wire.AccessRequestView:
        decided = await access.review_access_request(
            uow(ctx),
            caller(ctx.actor),
            request_id=req.request_id,
            grant=req.decision == "grant",
            reason=req.reason,
        )
        return request_view(decided)

    @rt.command(subjects.ACCESS_QUEUE, roles={Role.REGISTRY_OPERATOR})
    async def queue(req: wire.ListAccessRequests, ctx: CommandContext) -> wire.AccessRequestPage:
        found = await access.access_queue(
            uow(ctx),
            status=domain.AccessRequestStatus(req.status) if req.status else None,
            after=req.after,
            limit=req.limit,
        )
        return wire.AccessRequestPage(
            items=[request_view(r) for r in found],
            next_cursor=found[-1].id if len(found) == req.limit else None,
        )

    @rt.command(subjects.ACCESS_REVOKE, roles={Role.REGISTRY_OPERATOR})
    async def revoke(req: wire.RevokeAccess, ctx: CommandContext) -> wire.AccessList:
        holders = await access.revoke_access(
            uow(ctx),
            caller(ctx.actor),
            organization_oid=req.organization_oid,
            snils=req.snils,
            reason=req.reason,
        )
        return holders_view(req.organization_oid, holders)

    @rt.command(subjects.ACCESS_LIST, roles={Role.ORG_OFFICER, Role.REGISTRY_OPERATOR})
    async def holders(req: wire.ListAccess, ctx: CommandContext) -> wire.AccessList:
        oid, found = await access.access_holders(
            uow(ctx), caller(ctx.actor), organization_oid=req.organization_oid
        )
        return holders_view(oid, found)
