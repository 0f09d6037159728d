"""Open data: anyone lists the releases and downloads their files; the desk makes today's now."""

from __future__ import annotations

import base64

from egisz.contracts import reporting as wire, subjects
from egisz.contracts.envelope import Role
from egisz.contracts.files import FilePart
from egisz.kernel.clock import utcnow
from egisz.reporting.handlers.dependencies import Dependencies
from egisz.reporting.open_data import Release
from egisz.reporting.usecases import open_data
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
CONTENT_TYPES = {
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def _listed(releases: list[Release]) -> wire.OpenDataList:
    return wire.OpenDataList(
        releases=[wire.OpenDataRelease.model_validate(r.manifest) for r in releases]
    )


@router.command(subjects.OPEN_DATA_LIST, roles=set(Role), public=True)
async def open_data_list(
    req: wire.ListOpenData, ctx: CommandContext, deps: Dependencies
) -> wire.OpenDataList:
    return _listed(deps.open_data.kept())


@router.command(subjects.OPEN_DATA_PUBLISH, roles={Role.REGISTRY_OPERATOR})
async def open_data_publish(
    req: wire.PublishOpenData, ctx: CommandContext, deps: Dependencies
) -> wire.OpenDataList:
    return _listed(await open_data.publish(deps.facts, deps.open_data, utcnow().date()))


@router.command(subjects.OPEN_DATA_DOWNLOAD, roles=set(Role), public=True)
async def open_data_download(
    req: wire.DownloadOpenData, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    size, data, last = await open_data.read(
        deps.open_data, req.release, req.kind, req.name, req.part
    )
    return FilePart(
        file_id=f"{req.release}/{req.kind}/{req.name}",
        filename=f"egisz-{req.release}-{req.kind}-{req.name}",
        content_type=CONTENT_TYPES[req.name.rsplit(".", 1)[1]],
        size=size,
        part=req.part,
        data=base64.b64encode(data).decode(),
        last=last,
    )
