"""The inbox and preferences: each person reads only the mailboxes the register lets them."""

from __future__ import annotations

from egisz.contracts import notify as wire
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.kernel.errors import ForbiddenError
from egisz.notify import usecases
from egisz.notify.domain.model import mailboxes_of, organization
from egisz.notify.handlers.dependencies import UnitsOfWork
from egisz.notify.wire import preferences_view, to_item
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.messaging import CommandContext

READERS = {Role.WORKER, Role.ORG_OFFICER, Role.MANAGER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR}


def register(rt: ServiceRuntime, uow: UnitsOfWork) -> None:
    # --- the inbox and preferences ------------------------------------------------------------
    async def mine(ctx: CommandContext) -> list[str]:
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
            uow(ctx.cause), candidates, org=a.org, snils=a.snils, name=a.name
        )

    @rt.command(subjects.INBOX_LIST, roles=READERS)
    async def list_inbox(req: wire.ListInbox, ctx: CommandContext) -> wire.InboxPage:
        mailboxes = await mine(ctx)
        page = await usecases.list_inbox(
            uow(ctx.cause),
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

    @rt.command(subjects.INBOX_MARK_READ, roles=READERS)
    async def mark_read(req: wire.MarkRead, ctx: CommandContext) -> wire.MarkReadResult:
        marked, unread = await usecases.mark_read(
            uow(ctx.cause),
            mailboxes=await mine(ctx),
            notification_id=None if req.all else req.notification_id,
        )
        return wire.MarkReadResult(marked=marked, unread_count=unread)

    async def whose(ctx: CommandContext, for_organization: bool) -> str:
        """The caller's own mailbox, or their organization's if FRMO gives them access to it."""
        boxes = await mine(ctx)
        if not for_organization:
            return boxes[0]
        box = organization(ctx.actor.org or "")
        if ctx.actor.role is not Role.ORG_OFFICER or box not in boxes:
            raise ForbiddenError(
                "Настройки организации меняет её сотрудник с доступом к ФРМО в этой организации"
            )
        return box

    @rt.command(subjects.PREFERENCES_GET, roles=READERS)
    async def get_preferences(
        req: wire.GetPreferences, ctx: CommandContext
    ) -> wire.PreferencesView:
        mailbox = await usecases.read_preferences(
            uow(ctx.cause), mailbox_id=await whose(ctx, req.for_organization)
        )
        return preferences_view(mailbox)

    @rt.command(subjects.PREFERENCES_UPDATE, roles=READERS)
    async def update_preferences(
        req: wire.UpdatePreferences, ctx: CommandContext
    ) -> wire.PreferencesView:
        mailbox = await usecases.set_preferences(
            uow(ctx.cause),
            mailbox_id=await whose(ctx, req.for_organization),
            email=req.email_enabled,
            sms=req.sms_enabled,
            language=req.language,
        )
        return preferences_view(mailbox)
