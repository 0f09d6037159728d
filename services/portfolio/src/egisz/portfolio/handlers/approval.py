"""The head's approval of a portfolio: the request, what waits on a head or an officer, the
report to sign, the decision, a paper approval confirmed, the head's signing key and the
printed report."""

from __future__ import annotations

import asyncio
import hashlib

from egisz.contracts import portfolio as wire, subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.contracts.files import FilePart
from egisz.kernel.clock import utcnow
from egisz.portfolio import usecases
from egisz.portfolio.certificates import SCHEME
from egisz.portfolio.domain import approval
from egisz.portfolio.handlers.dependencies import Dependencies, head, speaker, view
from egisz.portfolio.report_pdf import render_report
from egisz.portfolio.wire import (
    outcome_view,
    pending_view,
    printed_part,
)
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.command(subjects.APPROVAL_REQUEST, roles={Role.WORKER})
async def request_approval(
    req: wire.RequestApproval, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.request_approval(
        deps.units(ctx),
        snils=ctx.actor.snils or "",
        organization_oid=req.organization_oid,
        head_name=req.head_name,
        comment=req.comment,
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.APPROVAL_NOT_REQUIRED, roles={Role.WORKER})
async def not_required(
    req: wire.DeclareNotRequired, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.declare_not_required(
        deps.units(ctx),
        snils=ctx.actor.snils or "",
        reason=approval.NotRequiredReason(req.reason),
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.APPROVAL_PENDING, roles={Role.MANAGER, Role.ORG_OFFICER})
async def pending(
    req: wire.ListPendingApprovals, ctx: CommandContext, deps: Dependencies
) -> wire.PendingApprovalsPage:
    found = await usecases.waiting_on(
        deps.units(ctx), speaker(ctx), after=req.after, limit=req.limit
    )
    for p in found:  # whose reports the head or officer sees waiting
        ctx.disclosed(p.snils, DataPart.PORTFOLIO)
    return wire.PendingApprovalsPage(
        items=[pending_view(p) for p in found], next_cursor=next_cursor(found, req.limit)
    )


@router.command(subjects.APPROVAL_REPORT, roles={Role.MANAGER})
async def report(
    req: wire.GetReportToSign, ctx: CommandContext, deps: Dependencies
) -> wire.ReportToSign:
    portfolio = await usecases.report_for_head(
        deps.units(ctx), head(ctx), portfolio_id=req.portfolio_id
    )
    canonical = approval.canonical_report(portfolio)
    ctx.disclosed(portfolio.snils, DataPart.PORTFOLIO)
    return wire.ReportToSign(
        portfolio_id=portfolio.id,
        report_version=portfolio.professional_version,
        canonical=canonical.decode(),
        sha256=hashlib.sha256(canonical).hexdigest(),
    )


@router.command(subjects.APPROVAL_DECIDE, roles={Role.MANAGER})
async def decide(
    req: wire.DecideApproval, ctx: CommandContext, deps: Dependencies
) -> wire.ApprovalOutcome:
    portfolio = await usecases.decide_approval(
        deps.units(ctx),
        head(ctx),
        portfolio_id=req.portfolio_id,
        decision=approval.Decision(req.decision),
        reason=req.reason,
        signature_b64=req.signature,
        schemes={SCHEME: deps.certificates},
    )
    return outcome_view(portfolio)


@router.command(subjects.REPORT_PRINT, roles={Role.WORKER, Role.MANAGER})
async def print_report(req: wire.PrintReport, ctx: CommandContext, deps: Dependencies) -> FilePart:
    if ctx.actor.role is Role.MANAGER:
        portfolio = await usecases.report_for_head(
            deps.units(ctx), head(ctx), portfolio_id=req.portfolio_id or ""
        )
    else:
        portfolio = await usecases.read_portfolio(
            deps.units(ctx), worker_id=None, own_snils=ctx.actor.snils or ""
        )
    names = await usecases.organization_names(deps.units(ctx), portfolio)
    pdf = await asyncio.to_thread(render_report, portfolio, names=names, today=utcnow().date())
    ctx.disclosed(portfolio.snils, DataPart.PORTFOLIO)
    return printed_part(portfolio, pdf, req.part)


@router.command(subjects.APPROVAL_PAPER_CONFIRM, roles={Role.MANAGER, Role.ORG_OFFICER})
async def confirm_paper(
    req: wire.ConfirmPaperApproval, ctx: CommandContext, deps: Dependencies
) -> wire.ApprovalOutcome:
    portfolio = await usecases.confirm_paper_approval(
        deps.units(ctx),
        speaker(ctx),
        portfolio_id=req.portfolio_id,
        confirmed=req.confirmed,
        reason=req.reason,
    )
    return outcome_view(portfolio)


@router.command(subjects.SIGNING_KEY_REGISTER, roles={Role.MANAGER})
async def register_key(
    req: wire.RegisterSigningKey, ctx: CommandContext, deps: Dependencies
) -> wire.SigningKeyView:
    key, signer = await usecases.register_signing_key(
        deps.units(ctx),
        head(ctx),
        certificate_pem=req.certificate_pem,
        certificates=deps.certificates,
    )
    return wire.SigningKeyView(
        scheme=key.scheme,
        fingerprint=signer.fingerprint,
        registered_at=key.registered_at,
        valid_until=key.valid_until,
        certificate_serial=signer.serial,
        certificate_issuer=signer.issuer,
    )
