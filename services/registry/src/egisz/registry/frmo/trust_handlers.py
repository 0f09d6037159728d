"""The support desk's list of trusted certification authorities (`frmo/signing.py`)."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import trust as trust_wire
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmo import signing
from egisz.registry.frmo.domain.errors import TrustedCaNotFoundError
from egisz.registry.frmo.domain.signatories import TrustedCa
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
DESK = {Role.REGISTRY_OPERATOR}


def _loaded(ca: TrustedCa) -> trust_wire.TrustedCaView:
    return trust_wire.TrustedCaView(
        sha256=ca.sha256,
        subject=ca.subject,
        not_after=ca.not_after,
        source="desk",
        added_by=ca.added_by,
        added_at=ca.added_at,
    )


async def _listed(deps: Dependencies, ctx: CommandContext) -> trust_wire.TrustedCaList:
    configured = [signing.configured_view(c) for c in deps.trusted_cas]
    items = [
        trust_wire.TrustedCaView(sha256=sha, subject=subject, not_after=until, source="setting")
        for sha, subject, until in configured
    ]
    items += [_loaded(ca) for ca in await signing.trusted_cas(deps.units(ctx))]
    return trust_wire.TrustedCaList(items=items)


@router.command(subjects.TRUST_CA_ADD, roles=DESK)
async def ca_add(
    req: trust_wire.AddTrustedCa, ctx: CommandContext, deps: Dependencies
) -> trust_wire.TrustedCaView:
    ca = await signing.add_trusted_ca(deps.units(ctx), caller_of(ctx.actor), req.certificate_pem)
    return _loaded(ca)


@router.command(subjects.TRUST_CA_REMOVE, roles=DESK)
async def ca_remove(
    req: trust_wire.RemoveTrustedCa, ctx: CommandContext, deps: Dependencies
) -> trust_wire.TrustedCaList:
    if not await signing.remove_trusted_ca(deps.units(ctx), req.sha256):
        raise TrustedCaNotFoundError.at("sha256", "not_found")
    return await _listed(deps, ctx)


@router.command(subjects.TRUST_CA_LIST, roles=DESK)
async def ca_list(
    req: trust_wire.ListTrustedCas, ctx: CommandContext, deps: Dependencies
) -> trust_wire.TrustedCaList:
    return await _listed(deps, ctx)
