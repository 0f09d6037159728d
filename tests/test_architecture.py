"""The layout docs/architecture.md promises: pure domains, no service importing another."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("registry", "portfolio", "accreditation", "notify", "fac", "reporting", "audit")
FORBIDDEN_IN_DOMAIN = (
    "faststream",
    "nats",
    "pymongo",
    "bson",
    "motor",
    "egisz.contracts",
    "egisz.runtime.app",
    "egisz.runtime.mongo",
    "egisz.runtime.messaging",
)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_imports_no_framework_driver_or_wire_model(service: str) -> None:
    package = ROOT / "services" / service / "src" / "egisz" / service
    files = [p for domain in package.rglob("domain") for p in domain.rglob("*.py")]
    assert files
    for path in files:
        for name in imports_of(path):
            assert not name.startswith(FORBIDDEN_IN_DOMAIN), (
                f"{path.relative_to(ROOT)} imports {name}"
            )


# The kernel is pure: what it needs to judge bytes and numbers, and nothing that reaches out.
# (email_validator is called with check_deliverability=False: no DNS.)
KERNEL_MAY_IMPORT = (
    "egisz.kernel",
    "cryptography",
    "asn1crypto",
    "pypdfium2",
    "PIL",
    "email_validator",
    "__future__",
)
NO_IO = {"socket", "asyncio", "subprocess", "urllib", "http", "ssl", "os", "shutil", "pathlib"}


def test_the_kernel_does_no_io_and_needs_no_service_piece() -> None:
    files = list((ROOT / "kernel" / "src" / "egisz" / "kernel").rglob("*.py"))
    assert files
    stdlib = set(sys.stdlib_module_names)
    for path in files:
        for name in imports_of(path):
            top = name.split(".")[0]
            allowed = name.startswith(KERNEL_MAY_IMPORT) or (top in stdlib and top not in NO_IO)
            assert allowed, f"{path.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another_service(service: str) -> None:
    others = tuple(f"egisz.{s}" for s in SERVICES if s != service)
    for path in (ROOT / "services" / service).rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(others), f"{path.relative_to(ROOT)} imports {name}"


# A service with more than one bounded context keeps one sub-package per context, each with the
# same modules inside; the shared pieces stay at the service's root (docs/architecture.md, issue 13).
CONTEXTS = {"registry": ("frmr", "frmo", "learners", "nsi")}


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_layout(service: str) -> None:
    package = ROOT / "services" / service / "src" / "egisz" / service
    shared = ("domain/errors.py", "repository.py", "app.py", "settings.py", "__main__.py")
    for part in shared:
        assert (package / part).exists(), f"{service} lacks {part}"
    if service not in CONTEXTS:  # its rules in modules named by what they are (model.py, …)
        rules = set((package / "domain").glob("*.py")) - set((package / "domain").glob("_*.py"))
        assert rules - {package / "domain" / "errors.py"}, f"{service} has no domain rules"
    for context in CONTEXTS.get(service, (".",)):
        # A context owns its domain and its refusals; the root's domain holds what they share.
        if context != ".":
            for part in ("domain/__init__.py", "domain/errors.py"):
                assert (package / context / part).exists(), f"{service}/{context} lacks {part}"
        for part in ("usecases", "handlers"):
            module = package / context / f"{part}.py"
            split = package / context / part / "__init__.py"  # a module grown into a package
            assert module.exists() or split.exists(), f"{service}/{context} lacks {part}"
    assert (ROOT / "services" / service / "README.md").exists()


@pytest.mark.parametrize("service", sorted(CONTEXTS))
def test_contexts_do_not_reach_into_each_other_and_the_root_not_into_them(service: str) -> None:
    """A context may use the service's shared root and the domain; the root's shared modules
    (caller, storage, settings) use no context; only `app.py`, the event mapping (`wire.py`) and
    the unit of work (`repository.py`) compose them."""
    package = ROOT / "services" / service / "src" / "egisz" / service
    contexts = CONTEXTS[service]
    for context in contexts:
        others = tuple(f"egisz.{service}.{c}" for c in contexts if c != context)
        for path in (package / context).rglob("*.py"):
            for name in imports_of(path):
                assert not name.startswith(others), f"{path.relative_to(ROOT)} imports {name}"
    own = tuple(f"egisz.{service}.{c}" for c in contexts)
    composers = ("app.py", "wire.py", "repository.py")  # the root, the events, the unit of work
    for path in package.glob("*.py"):
        if path.name in composers:
            continue
        for name in imports_of(path):
            assert not name.startswith(own), f"{path.relative_to(ROOT)} imports {name}"


# The HTTP edge keeps no state: no domain or repository, so a layout of its own. Its pure parts
# (Bundles, the CapabilityStatement, the statuses of refusals) are held to what a domain is held to.
EDGE = ROOT / "services" / "gateway" / "src" / "egisz" / "gateway"
EDGE_PURE = ("statuses.py", "fhir/bundles.py", "fhir/capability.py", "fhir/openapi.py")


def test_the_edge_is_stateless_and_talks_to_the_services_only_over_nats() -> None:
    for part in ("app.py", "settings.py", "__main__.py", "routes.py", "fhir/routes.py"):
        assert (EDGE / part).exists(), f"gateway lacks {part}"
    assert (EDGE.parents[2] / "README.md").exists()
    services = tuple(f"egisz.{s}" for s in SERVICES)
    for path in EDGE.rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(services), f"{path.relative_to(ROOT)} imports {name}"
            assert not name.startswith(("pymongo", "bson", "motor", "egisz.runtime.mongo")), (
                f"{path.relative_to(ROOT)} imports {name}: the edge keeps no data"
            )
    for part in EDGE_PURE:
        for name in imports_of(EDGE / part):
            assert not name.startswith(("fastapi", "starlette", "nats", "faststream", "httpx")), (
                f"gateway/{part} imports {name}"
            )


def test_no_namespace_init_in_any_member() -> None:
    assert not list(ROOT.glob("*/src/egisz/__init__.py"))
    assert not list(ROOT.glob("services/*/src/egisz/__init__.py"))


MAX_LINES = 450  # a module past this is split by what it holds (issue 13)
MAX_TEST_LINES = 650  # a test module tells one story; past this it tells several
MAX_FUNCTION_LINES = 60  # a function past this does more than one thing (issue 30)
SOURCES = (
    "services/*/src/**/*.py",
    "contracts/src/**/*.py",
    "kernel/src/**/*.py",
    "cli/src/**/*.py",
    "testsupport/src/**/*.py",
)
TESTS = ("tests/**/*.py", "services/*/tests/**/*.py", "*/tests/**/*.py")


def files(patterns: tuple[str, ...]) -> list[Path]:
    return sorted({p for pattern in patterns for p in ROOT.glob(pattern)})


def test_no_module_is_longer_than_the_limit() -> None:
    too_long = {}
    for path in files(SOURCES):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}, f"split these modules (limit {MAX_LINES} lines): {too_long}"


def test_no_test_module_is_longer_than_its_limit() -> None:
    too_long = {}
    for path in files(TESTS):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_TEST_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}, f"split these test modules (limit {MAX_TEST_LINES}): {too_long}"


def test_no_function_in_src_is_longer_than_the_limit() -> None:
    too_long = {}
    for path in files(SOURCES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(ROOT)}:{node.name}"] = lines
    assert too_long == {}, f"split these functions (limit {MAX_FUNCTION_LINES}): {too_long}"


def test_nothing_is_imported_with_a_star() -> None:
    """Where a name comes from is read off the import line, never guessed."""
    starred = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in files((*SOURCES, *TESTS))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
    ]
    assert starred == []


def module_of(path: Path) -> str:
    parts = path.parts[path.parts.index("src") + 1 :]
    name = ".".join(parts)[: -len(".py")]
    return name.removesuffix(".__init__")


def imports_between(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module's imports of the others, type-only ones included: a loop a type needs is
    still a loop in what the code means."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module in modules:
                    found.add(node.module)
                found.update(
                    f"{node.module}.{a.name}"
                    for a in node.names
                    if f"{node.module}.{a.name}" in modules
                )
        graph[name] = found - {name}
    return graph


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                found.append(sorted([v, *group]))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_loops() -> None:
    modules = {module_of(p): p for p in files(SOURCES)}
    assert loops(imports_between(modules)) == []


HANDLERS = [
    module
    for path in ROOT.glob("services/*/src/egisz/*/**/handlers*")
    for module in ([path] if path.is_file() else sorted(path.rglob("*.py")))
    if module.suffix == ".py"
]


def test_entry_points_are_module_level_functions_in_routers() -> None:
    """One typed function per message, declared on a module's router (runtime/routing.py): no
    closure registering a service's entry points."""
    assert len(HANDLERS) > 5
    for module in HANDLERS:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            inner = [
                n
                for n in ast.walk(node)
                if n is not node and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
            routed = [n.name for n in inner if n.decorator_list]
            assert routed == [], f"{module.relative_to(ROOT)}:{node.name} registers {routed}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_tests_its_entry_points_on_the_in_memory_broker(service: str) -> None:
    tests = ROOT / "services" / service / "tests" / "test_handlers.py"
    assert "InMemoryService" in tests.read_text(encoding="utf-8"), tests


USE_CASE_MODULES = [
    "egisz.registry.frmr.usecases",
    "egisz.registry.frmr.corrections",
    "egisz.registry.frmr.queries",
    "egisz.registry.frmr.importing",
    "egisz.registry.frmo.usecases",
    "egisz.registry.nsi.usecases",
    "egisz.portfolio.usecases",
    "egisz.accreditation.usecases",
    "egisz.notify.usecases",
]
DRIVERS = ("pymongo", "bson", "motor", "nats", "faststream")
IMPORT_WITHOUT_DRIVERS = """
import importlib, sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {drivers!r}:
            raise ImportError("the use cases reached a driver: " + name)
sys.meta_path.insert(0, Blocker())
importlib.import_module({module!r})
"""


@pytest.mark.parametrize("module", USE_CASE_MODULES)
def test_use_cases_import_no_database_or_broker_driver(module: str) -> None:
    """Use cases name their ports only for typing; adapters come in from `app.py`."""
    code = IMPORT_WITHOUT_DRIVERS.format(drivers=DRIVERS, module=module)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1]


def test_the_docs_stand_on_their_own_nothing_points_outside_the_repository() -> None:
    """Someone who clones the project has `docs/`, not the folder beside it it was written from."""
    root = Path(__file__).parents[1]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = [
        name
        for name in tracked
        if name.endswith((".py", ".md", ".toml", ".yaml", ".yml", "Makefile"))
        and (root / name).exists()
        and any(
            mark in (root / name).read_text(encoding="utf-8", errors="replace")
            for mark in ("../shared", "STACK.md", "DESIGN.md", "DOMAIN.md")
        )
        and name != "tests/test_architecture.py"
    ]
    assert outside == []
    for page in ("domain", "architecture", "security", "contracts", "operations", "stack"):
        assert (root / "docs" / f"{page}.md").exists(), page


def test_use_cases_keep_no_inbox_of_their_own() -> None:
    """The runtime marks an event handled in the handler's own transaction (runtime/handling.py):
    a use case names no consumer and checks no mark."""
    cases = [
        path
        for path in ROOT.glob("services/*/src/egisz/*/**/*.py")
        if "usecases" in path.parts or path.stem in ("usecases", "reactions", "queries")
    ]
    assert len(cases) > 10
    for path in cases:
        text = path.read_text(encoding="utf-8")
        for mark in ("already_processed", "mark_processed", "consumer: str"):
            assert mark not in text, f"{path.relative_to(ROOT)}: {mark}"


def test_the_shared_runtime_holds_no_services_client() -> None:
    """Each service's gateway asks another service in its own terms; the runtime gives only the
    way to ask (`remote.query`), never one service's messages."""
    services = ("portfolio", "registry", "accreditation", "notify", "fac")
    for path in (ROOT / "services" / "runtime" / "src").rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(tuple(f"egisz.contracts.{s}" for s in services)), (
                f"{path.relative_to(ROOT)} imports {name}"
            )
        text = path.read_text(encoding="utf-8")
        assert "from egisz.contracts import portfolio" not in text, path


def test_no_image_ships_test_support() -> None:
    """Seeding, services under test and sample files live in `testsupport/`, which no service
    depends on: an image installs its service's dependencies only."""
    import tomllib

    for project in ROOT.glob("services/*/pyproject.toml"):
        needs = tomllib.loads(project.read_text(encoding="utf-8"))["project"]["dependencies"]
        assert not any(d.startswith("egisz-testsupport") for d in needs), project
    for path in ROOT.glob("services/*/src/**/*.py"):
        for name in imports_of(path):
            assert not name.startswith("egisz.testsupport"), f"{path.relative_to(ROOT)}: {name}"


def test_no_settings_object_reaches_the_entry_points() -> None:
    """`app.py` reads settings and hands the entry points what they need, named."""
    handlers = [
        module
        for path in ROOT.glob("services/*/src/egisz/*/**/handlers*")
        for module in ([path] if path.is_file() else sorted(path.rglob("*.py")))
        if module.suffix == ".py"
    ]
    assert len(handlers) > 5
    for module in handlers:
        text = module.read_text(encoding="utf-8")
        assert "settings: " not in text and "settings." not in text, module.relative_to(ROOT)
