"""FRMO's registration act: the organization downloads it, anyone checks it by its code."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.files import FilePart
from egisz.contracts.registry import acts as wire
from egisz.kernel.issued import format_code
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmo import acts
from egisz.runtime.file_wire import file_part
from egisz.runtime.files import read_part
from egisz.runtime.issuing import signature_view
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.command(subjects.ACT_DOWNLOAD, roles={Role.ORG_OFFICER, Role.REGISTRY_OPERATOR})
async def download_act(
    req: wire.DownloadRegistrationAct, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    act = await acts.act_of(deps.units(ctx), caller_of(ctx.actor), req.oid)
    info, data, last = await read_part(
        deps.act_files(),
        file_id=act.file_id,
        part=req.part,
        may_read=lambda _: True,  # the caller's organization was checked above
    )
    return file_part(info, req.part, data, last)


@router.command(subjects.ACT_VERIFY, roles=set(Role), public=True)
async def verify_act(
    req: wire.VerifyRegistrationAct, ctx: CommandContext, deps: Dependencies
) -> wire.RegistrationActVerification:
    organization, act = await acts.verify_act(deps.units(ctx), req.verification_code)
    r = organization.requisites
    return wire.RegistrationActVerification(
        verification_code=format_code(act.verification_code),
        organization_oid=organization.oid,
        name=r.name,
        inn=r.inn,
        ogrn=r.ogrn,
        registered_on=organization.registered_at.date(),
        issued_on=act.issued_on,
        signature=signature_view(act),
        document_matches=act.matches(req.sha256) if req.sha256 else None,
    )
