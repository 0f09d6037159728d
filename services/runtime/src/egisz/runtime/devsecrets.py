"""Secrets for a development or demo deployment, made once into a folder (a volume): the NATS
users' passwords, the identity provider's and the extract-signing key pairs, and each service's
own token and NATS URL as an env file. Production takes all of these from its secret store.

    python -m egisz.runtime.devsecrets /secrets [--nats-host nats:4222]
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from egisz.contracts.envelope import Role
from egisz.contracts.identities import identity_of
from egisz.contracts.subjects import SERVICES
from egisz.runtime.auth import generate_key_pair, issue_token

NATS_USERS = (*SERVICES, "gateway", "observer", "admin")


def nats_passwords(file: Path) -> dict[str, str]:
    """Every NATS user's password, made once (a letter first and hex after: nats-server parses a
    variable's value as config, so a leading digit would make a number; it also goes in URLs)."""
    known = dict(line.split("=", 1) for line in file.read_text().split()) if file.exists() else {}
    if set(NATS_USERS) <= known.keys():
        return known
    # A user added since the file was made (a new service) gets its password; the rest keep theirs.
    passwords = {user: known.get(user) or "p" + secrets.token_hex(16) for user in NATS_USERS}
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("".join(f"{u}={p}\n" for u, p in passwords.items()))
    file.chmod(0o600)
    return passwords


def make(folder: Path, nats_address: str, owner: tuple[int, int] | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    passwords = nats_passwords(folder / "nats-passwords")
    (folder / "nats.env").write_text(
        "".join(f"{u.upper()}_NATS_PASSWORD={p}\n" for u, p in passwords.items())
    )
    private, _ = generate_key_pair(folder, "jwt")
    generate_key_pair(folder, "extract-signing")
    for service in SERVICES:
        env = folder / f"{service}.env"
        if env.exists():
            continue
        prefix = service.upper()
        lines = f"{prefix}_NATS_URL=nats://{service}:{passwords[service]}@{nats_address}\n"
        if identity_of(f"service:{service}") is not None:  # only who sends others commands
            token = issue_token(
                private.read_text(),
                role=Role.SERVICE,
                sub=f"service:{service}",
                ttl_seconds=365 * 86400,
            )
            lines += f"{prefix}_SERVICE_TOKEN={token}\n"
        env.write_text(lines)
    gateway = folder / "gateway.env"  # the HTTP edge: its NATS user only (callers bring tokens)
    if not gateway.exists():
        gateway.write_text(
            f"GATEWAY_NATS_URL=nats://gateway:{passwords['gateway']}@{nats_address}\n"
        )
    for path in folder.iterdir():
        path.chmod(0o644 if path.name.endswith("public.pem") else 0o640)
        if owner is not None:  # the services' user in their images reads them
            os.chown(path, *owner)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--nats-address", default="nats:4222")
    parser.add_argument("--owner", default=None, help="uid:gid to own the files, e.g. 10001:10001")
    args = parser.parse_args()
    owner = tuple(int(i) for i in args.owner.split(":")) if args.owner else None
    make(args.folder, args.nats_address, owner)  # type: ignore[arg-type]
    print(f"secrets ready in {args.folder}")
