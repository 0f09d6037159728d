"""The inbox and preferences: each person reads only the mailboxes the register lets them."""

from __future__ import annotations

from egisz.contracts import notify as wire, subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.kernel.errors import ForbiddenError
from egisz.notify import usecases
from egisz.notify.domain.model import mailboxes_of, organization
from egisz.notify.handlers.dependencies import Dependencies
from egisz.notify.wire import preferences_view, to_item
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

READERS = {Role.WORKER, Role.ORG_OFFICER, Role.MANAGER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR}


router = Router[Dependencies]()


# --- the inbox and preferences ------------------------------------------------------------
async def mine(ctx: CommandContext, deps: Dependencies) -> list[str]:
    a = ctx.actor
    candidates = mailboxes_of(
        sub=a.sub,
        snils=a.snils,
        org=a.org,
        name=a.name,
        as_head=a.role is Role.MANAGER,
        as_officer=a.role is Role.ORG_OFFICER,
        as_center=a.role is Role.FAC_OPERATOR,
    )
    return await usecases.readable_mailboxes(
        deps.units(ctx), candidates, org=a.org, snils=a.snils, name=a.name
    )


@router.command(subjects.INBOX_LIST, roles=READERS)
async def list_inbox(
    req: wire.ListInbox, ctx: CommandContext, deps: Dependencies
) -> wire.InboxPage:
    mailboxes = await mine(ctx, deps)
    page = await usecases.list_inbox(
        deps.units(ctx),
        mailboxes=mailboxes,
        cursor=req.cursor,
        limit=req.limit,
        unread_only=req.unread_only,
    )
    return wire.InboxPage(
        items=[to_item(n) for n in page.items],
        unread_count=page.unread_count,
        next_cursor=page.next_cursor,
        mailboxes=mailboxes,
    )


@router.command(subjects.INBOX_MARK_READ, roles=READERS)
async def mark_read(
    req: wire.MarkRead, ctx: CommandContext, deps: Dependencies
) -> wire.MarkReadResult:
    marked, unread = await usecases.mark_read(
        deps.units(ctx),
        mailboxes=await mine(ctx, deps),
        notification_id=None if req.all else req.notification_id,
    )
    return wire.MarkReadResult(marked=marked, unread_count=unread)


async def whose(ctx: CommandContext, deps: Dependencies, for_organization: bool) -> str:
    """The caller's own mailbox, or their organization's if FRMO gives them access to it."""
    boxes = await mine(ctx, deps)
    if not for_organization:
        return boxes[0]
    box = organization(ctx.actor.org or "")
    if ctx.actor.role is not Role.ORG_OFFICER or box not in boxes:
        raise ForbiddenError(
            "Настройки организации меняет её сотрудник с доступом к ФРМО в этой организации"
        )
    return box


@router.command(subjects.PREFERENCES_GET, roles=READERS)
async def get_preferences(
    req: wire.GetPreferences, ctx: CommandContext, deps: Dependencies
) -> wire.PreferencesView:
    mailbox = await usecases.read_preferences(
        deps.units(ctx), mailbox_id=await whose(ctx, deps, req.for_organization)
    )
    if not req.for_organization:  # a person's own: their contacts and channels
        ctx.disclosed(ctx.actor.snils, DataPart.CONTACTS, DataPart.NOTIFICATIONS)
    return preferences_view(mailbox)


@router.command(subjects.PREFERENCES_UPDATE, roles=READERS)
async def update_preferences(
    req: wire.UpdatePreferences, ctx: CommandContext, deps: Dependencies
) -> wire.PreferencesView:
    mailbox = await usecases.set_preferences(
        deps.units(ctx),
        mailbox_id=await whose(ctx, deps, req.for_organization),
        email=req.email_enabled,
        sms=req.sms_enabled,
        language=req.language,
    )
    if not req.for_organization:
        ctx.disclosed(ctx.actor.snils, DataPart.NOTIFICATIONS)
    return preferences_view(mailbox)
