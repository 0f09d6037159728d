"""Who `egisz` acts as between calls: `egisz login` saves a dev identity (role, a `sub` made once,
SNILS, organization, name) in `.data/cli/profile.json`, and every later command signs its token
for that same person — so a head's `approval.pending` finds their reports, and a file uploaded in
one call is theirs in the next. `--token` or `--role` on a command act for once instead."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from egisz.cli.client import dev_token
from egisz.contracts.envelope import Role


def profile_path() -> Path:
    """`EGISZ_PROFILE`, else `cli/profile.json` in the local stack's data folder."""
    from egisz.cli.stack import stack_home

    return Path(os.environ.get("EGISZ_PROFILE") or stack_home() / "cli" / "profile.json")


@dataclass(frozen=True)
class Identity:
    role: str
    sub: str
    snils: str | None = None
    org: str | None = None
    name: str | None = None

    @classmethod
    def new(
        cls,
        role: str,
        *,
        sub: str | None = None,
        snils: str | None = None,
        org: str | None = None,
        name: str | None = None,
    ) -> Identity:
        Role(role)  # a typo is an error now, not a refused command later
        digits = "".join(ch for ch in snils if ch.isdigit()) if snils else None
        return cls(role, sub or f"{role}-{uuid.uuid4().hex[:12]}", digits, org, name)

    def token(self, key: Path) -> str:
        return dev_token(
            key, self.role, sub=self.sub, snils=self.snils, org=self.org, name=self.name
        )

    def describe(self) -> str:
        parts = [f"{self.role} {self.sub}"]
        parts += [f"{k} {v}" for k, v in (("СНИЛС", self.snils), ("org", self.org)) if v]
        return ", ".join(parts + ([self.name] if self.name else []))


def save(identity: Identity) -> Path:
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(identity), ensure_ascii=False, indent=2), encoding="utf-8")
    path.chmod(0o600)
    return path


def load() -> Identity | None:
    path = profile_path()
    if not path.exists():
        return None
    return Identity(**json.loads(path.read_text(encoding="utf-8")))


def forget() -> Path | None:
    """Forget the saved identity; answer where it was, if there was one."""
    path = profile_path()
    if not path.exists():
        return None
    path.unlink()
    return path
