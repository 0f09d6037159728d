"""What FRMR answers: staff pages, public verification, the change feed; and the accreditation
another service reports."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.accreditation import AccreditationPassed, AccreditationStandingChanged
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.kernel.clock import utcnow
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmr import queries, reactions
from egisz.registry.frmr.domain import parts
from egisz.registry.frmr.domain.staff_search import StaffCodes
from egisz.registry.frmr.public_wire import public_view
from egisz.registry.frmr.wire import staff_view
from egisz.registry.journaling import people_seen
from egisz.registry.settings import Consumer
from egisz.runtime.changes import read_changes
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router
from egisz.runtime.standing_wire import standing_of

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}

router = Router[Dependencies]()


@router.command(subjects.STAFF_LIST, roles=OFFICERS)
async def list_staff(
    req: wire.ListStaff, ctx: CommandContext, deps: Dependencies
) -> wire.StaffPage:
    page = await queries.staff_page(
        deps.units(ctx),
        caller_of(ctx.actor),
        organization_oid=req.organization_oid,
        after=req.after,
        limit=req.limit,
        codes=StaffCodes(req.position_code or None, req.speciality_code or None),
    )
    seen = staff_view(page, utcnow().date())
    people_seen(ctx, (i.snils for i in seen.items))
    return seen


@router.command(subjects.PRACTITIONER_VERIFY, roles=set(Role), public=True)
async def verify(
    req: wire.VerifyPractitioner, ctx: CommandContext, deps: Dependencies
) -> wire.VerificationResult:
    today = utcnow().date()
    found, names = await queries.verify_practitioner(
        deps.units(ctx),
        worker_id=req.worker_id,
        last_name=req.last_name,
        first_name=req.first_name,
        middle_name=req.middle_name,
        today=today,
    )
    return wire.VerificationResult(practitioners=[public_view(w, today, names) for w in found])


@router.command(subjects.PRACTITIONER_MAY_PRACTISE, roles=set(Role), public=True)
async def may_practise(
    req: wire.AskMayPractise, ctx: CommandContext, deps: Dependencies
) -> wire.PracticeAnswer:
    day = req.on or utcnow().date()
    answer = await queries.practice_of(
        deps.units(ctx),
        worker_id=req.worker_id,
        speciality=req.speciality,
        speciality_code=req.speciality_code,
        day=day,
    )
    named = answer.basis[0].speciality if answer.basis else req.speciality or ""
    return wire.PracticeAnswer(
        worker_id=req.worker_id,
        speciality=named or req.speciality_code or "",
        on=day,
        may_practise=answer.may_practise,
        why=answer.why,
        basis=[
            wire.PracticeBasis(
                kind="certificate" if b.kind == "certificate" else "accreditation",
                speciality=b.speciality,
                speciality_code=b.speciality_code,
                valid_until=b.valid_until,
                standing=b.standing.status.value,
                standing_title=b.standing.status.label,
                since=b.standing.since,
                until=b.standing.until,
                reason=b.standing.reason,
            )
            for b in answer.basis
        ],
    )


@router.command(subjects.CHANGES_LIST, roles={Role.SERVICE, Role.REGISTRY_OPERATOR})
async def list_changes(
    req: wire.ListChanges, ctx: CommandContext, deps: Dependencies
) -> wire.ChangesPage:
    page = await read_changes(
        deps.nats(),
        stream=subjects.stream_name("registry"),
        subjects=subjects.events_wildcard("registry"),
        after=req.after,
        since=req.since,
        limit=req.limit,
    )
    return wire.ChangesPage(
        events=page.events, next_cursor=page.next_cursor, has_more=page.has_more
    )


@router.consumer(subjects.ACCREDITATION_PASSED, name=Consumer.ACCREDITATION_PASSED)
async def on_accreditation_passed(
    event: CloudEvent[AccreditationPassed], deps: Dependencies
) -> None:
    d = event.data
    await reactions.record_accreditation(
        deps.units(event),
        worker_id=d.worker_id,
        record=parts.AccreditationRecord(
            id=d.application_id,
            kind=d.kind,
            speciality=d.speciality,
            passed_on=d.passed_on,
            valid_until=d.valid_until,
            protocol_number=d.protocol_number,
            speciality_code=d.speciality_code,
            standing=standing_of(d.standing),
        ),
    )


@router.consumer(subjects.ACCREDITATION_STANDING_CHANGED, name=Consumer.ACCREDITATION_STANDING)
async def on_standing_changed(
    event: CloudEvent[AccreditationStandingChanged], deps: Dependencies
) -> None:
    d = event.data
    await reactions.record_standing(
        deps.units(event),
        worker_id=d.worker_id,
        record_id=d.application_id,
        changes=standing_of(d.changes),
    )
