"""The GridFS adapter of `files.FileStore`: parts in a collection while an upload is open,
finished files in a GridFS bucket."""

from __future__ import annotations

from datetime import datetime

from gridfs import AsyncGridFSBucket
from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from egisz.kernel.clock import utcnow
from egisz.kernel.errors import ConcurrencyError
from egisz.runtime.files import FileInfo, Upload
from egisz.runtime.mongo import Document

UPLOADS = "uploads"
UPLOAD_PARTS = "upload_parts"
INDEXES = {
    UPLOAD_PARTS: [IndexModel([("upload_id", ASCENDING), ("part", ASCENDING)], name="parts")]
}


class GridFsFileStore:
    """Parts in a collection while an upload is open; finished files in a GridFS bucket."""

    def __init__(self, db: AsyncDatabase[Document], bucket: str) -> None:
        self._uploads = db[UPLOADS]
        self._parts = db[UPLOAD_PARTS]
        self._bucket = AsyncGridFSBucket(db, bucket_name=bucket)
        self._files = db[f"{bucket}.files"]

    async def upload(self, upload_id: str) -> Upload | None:
        doc = await self._uploads.find_one({"_id": upload_id})
        if doc is None:
            return None
        return Upload(upload_id, doc["owner"], doc["filename"], doc["next_part"], doc["received"])

    async def add_part(self, upload: Upload, data: bytes) -> Upload:
        part = upload.next_part
        # Idempotent per part: a resent part overwrites itself; the counter moves only once.
        await self._parts.replace_one(
            {"_id": f"{upload.upload_id}|{part}"},
            {"upload_id": upload.upload_id, "part": part, "data": data},
            upsert=True,
        )
        result = await self._uploads.find_one_and_update(
            {"_id": upload.upload_id, "next_part": part},
            {
                "$set": {"owner": upload.owner, "filename": upload.filename, "at": utcnow()},
                "$inc": {"next_part": 1, "received": len(data)},
            },
            upsert=part == 0,
            return_document=ReturnDocument.AFTER,
        )
        if result is None:
            raise ConcurrencyError()
        return Upload(
            upload.upload_id, upload.owner, upload.filename, result["next_part"], result["received"]
        )

    async def parts(self, upload_id: str) -> bytes:
        cursor = self._parts.find({"upload_id": upload_id}).sort("part", 1)
        return b"".join([bytes(d["data"]) async for d in cursor])

    async def store(self, info: FileInfo, content: bytes) -> None:
        if await self._files.find_one({"_id": info.file_id}) is not None:
            return  # stored by an earlier attempt
        await self._bucket.upload_from_stream_with_id(
            info.file_id,
            info.filename,
            content,
            metadata={
                "owner": info.owner,
                "content_type": info.content_type,
                "sha256": info.sha256,
            },
        )

    async def remove_stored_before(self, cutoff: datetime) -> int:
        """Remove the finished files stored before `cutoff` (files kept for a while only, such
        as reports made into files); how many."""
        old = [
            d["_id"] async for d in self._files.find({"uploadDate": {"$lt": cutoff}}, {"_id": 1})
        ]
        for file_id in old:
            await self._bucket.delete(file_id)
        return len(old)

    async def discard(self, upload_id: str) -> None:
        await self._parts.delete_many({"upload_id": upload_id})
        await self._uploads.delete_one({"_id": upload_id})

    async def info(self, file_id: str) -> FileInfo | None:
        doc = await self._files.find_one({"_id": file_id})
        if doc is None:
            return None
        meta = doc.get("metadata") or {}
        return FileInfo(
            file_id,
            meta.get("owner", ""),
            doc["filename"],
            meta.get("content_type", ""),
            int(doc["length"]),
            meta.get("sha256", ""),
        )

    async def read(self, file_id: str, offset: int, size: int) -> bytes:
        stream = await self._bucket.open_download_stream(file_id)
        try:
            await stream.seek(offset)
            return await stream.read(size)
        finally:
            await stream.close()
