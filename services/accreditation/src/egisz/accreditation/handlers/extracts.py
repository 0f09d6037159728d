"""Extracts: ordered by the worker, issued signed or refused by the center, downloaded, verified by
anyone."""

from __future__ import annotations

from egisz.accreditation import usecases
from egisz.accreditation.domain.errors import ExtractNotIssuedError
from egisz.accreditation.handlers.dependencies import (
    Dependencies,
    extract_seen,
    extracts_seen,
    own_snils,
)
from egisz.accreditation.wire import certified
from egisz.contracts import accreditation as wire, subjects
from egisz.contracts.envelope import Role
from egisz.contracts.files import FilePart
from egisz.kernel.issued import format_code
from egisz.runtime.file_wire import file_part
from egisz.runtime.files import read_part
from egisz.runtime.issuing import signature_view
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router
from egisz.runtime.standing_wire import standing_view

router = Router[Dependencies]()


@router.command(subjects.EXTRACT_ORDER, roles={Role.WORKER})
async def order_extract(
    req: wire.OrderExtract, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.order_extract(
        deps.units(ctx),
        application_id=req.application_id,
        snils=ctx.actor.snils or "",
        actor=str(ctx.actor),
    )
    return extract_seen(ctx, extract)


@router.command(subjects.EXTRACT_LIST, roles={Role.WORKER})
async def list_extracts(
    req: wire.ListExtracts, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractsPage:
    found = await usecases.extracts_of(
        deps.units(ctx), snils=ctx.actor.snils or "", after=req.after, limit=req.limit
    )
    return extracts_seen(ctx, found, req.limit)


@router.command(subjects.EXTRACT_QUEUE, roles={Role.FAC_OPERATOR})
async def extract_queue(
    req: wire.ExtractQueue, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractsPage:
    found = await usecases.extract_queue(
        deps.units(ctx), status=req.status, after=req.after, limit=req.limit
    )
    return extracts_seen(ctx, found, req.limit)


@router.command(subjects.EXTRACT_GET, roles={Role.WORKER, Role.FAC_OPERATOR})
async def get_extract(
    req: wire.ExtractRef, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.read_extract(
        deps.units(ctx), extract_id=req.extract_id, snils=own_snils(ctx)
    )
    return extract_seen(ctx, extract)


@router.command(subjects.EXTRACT_ISSUE, roles={Role.FAC_OPERATOR})
async def issue_extract(
    req: wire.ExtractRef, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.issue_extract(
        deps.units(ctx),
        deps.extracts(),
        extract_id=req.extract_id,
        actor=str(ctx.actor),
        signer=deps.signer,
        render=deps.render,
    )
    return extract_seen(ctx, extract)


@router.command(subjects.EXTRACT_REFUSE, roles={Role.FAC_OPERATOR})
async def refuse_extract(
    req: wire.RefuseExtract, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractView:
    extract = await usecases.refuse_extract(
        deps.units(ctx), extract_id=req.extract_id, actor=str(ctx.actor), reason=req.reason
    )
    return extract_seen(ctx, extract)


@router.command(subjects.EXTRACT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR})
async def download_extract(
    req: wire.DownloadExtract, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    extract = await usecases.read_extract(
        deps.units(ctx), extract_id=req.extract_id, snils=own_snils(ctx)
    )
    if extract.document is None:
        raise ExtractNotIssuedError(
            f"Выписка ещё не выдана: она в статусе «{extract.status.label}»"
        )
    info, data, last = await read_part(
        deps.extracts(),
        file_id=extract.document.file_id,
        part=req.part,
        may_read=lambda _: True,  # the extract's owner was checked above
    )
    return file_part(info, req.part, data, last)


@router.command(subjects.EXTRACT_VERIFY, roles=set(Role), public=True)
async def verify_extract(
    req: wire.VerifyExtract, ctx: CommandContext, deps: Dependencies
) -> wire.ExtractVerification:
    checked = await usecases.verify_extract(
        deps.units(ctx), verification_code=req.verification_code
    )
    extract, today = checked.extract, checked.standing
    d = extract.document
    assert d is not None  # found by the code of an issued extract
    return wire.ExtractVerification(
        verification_code=format_code(d.verification_code),
        extract_id=extract.id,
        issued_on=d.issued_on,
        accreditation=certified(extract.record),
        in_force=today.in_force,
        standing=standing_view(today, checked.changes),
        signature=signature_view(d),
        document_matches=d.matches(req.sha256) if req.sha256 else None,
    )
