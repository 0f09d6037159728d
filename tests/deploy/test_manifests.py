"""What ops deploy, checked offline: the Dockerfiles lint clean (hadolint) and keep our rules, the
compose file validates against the compose specification, and every manifest both Kubernetes
overlays render to validates against the Kubernetes schemas."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = {
    "registry": 8101,
    "portfolio": 8102,
    "accreditation": 8103,
    "notify": 8104,
    "fac": 8105,
    "reporting": 8107,
    "audit": 8108,
}
PROCESSES = {**SERVICES, "gateway": 8106}  # the services and the HTTP edge
K8S_VERSION = "1.32.0"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is a dev dependency of the workspace"
    return found


def test_the_dockerfiles_lint_clean() -> None:
    files = [str(ROOT / "services" / s / "Dockerfile") for s in PROCESSES]
    linted = subprocess.run(
        [tool("hadolint"), "--failure-threshold", "info", *files], capture_output=True, text=True
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.parametrize("service", PROCESSES)
def test_each_image_installs_only_its_service_as_the_tests_do_and_runs_unprivileged(
    service: str,
) -> None:
    text = (ROOT / "services" / service / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "$(UV) sync --frozen" in makefile  # what `make test` installs with: uv sync --frozen
    stages = re.findall(r"^FROM\s+(\S+)", text, flags=re.MULTILINE)
    assert len(stages) == 2 and all(":" in image for image in stages), stages  # pinned, 2 stages
    assert f"RUN uv sync --frozen --no-dev --no-editable --package egisz-{service}" in text
    [user] = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert user.split(":")[0] not in ("0", "root")
    assert f"EXPOSE {PROCESSES[service]}" in text
    assert "/health/ready" in text and "HEALTHCHECK" in text
    assert f'CMD ["python", "-m", "egisz.{service}"]' in text


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text())
    return loaded


def test_the_compose_file_follows_the_compose_specification() -> None:
    checked = subprocess.run(
        [
            tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(DEPLOY / "compose" / "compose.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_compose_starts_in_order_on_the_same_nats_users_and_a_replica_set() -> None:
    spec = compose()["services"]
    for service, port in PROCESSES.items():
        s = spec[service]
        assert s["depends_on"]["nats"] == {"condition": "service_healthy"}
        assert s["depends_on"]["mongo-init"] == {"condition": "service_completed_successfully"}
        assert "/health/ready" in " ".join(s["healthcheck"]["test"])
        assert f"{port}:{port}" in s["ports"]
        env = (DEPLOY / "compose" / s["env_file"][0]).read_text()
        assert "PASSWORD" not in env and "TOKEN" not in env  # secrets come from the volume
    nats_volumes = " ".join(spec["nats"]["volumes"])
    assert "../nats/users.conf" in nats_volumes  # the file the local runner and tests use
    assert "--replSet" in spec["mongo"]["command"]
    assert "rs.initiate" in " ".join(spec["mongo-init"]["entrypoint"])
    assert set(compose()["volumes"]) == {"secrets", "nats-data", "mongo-data", "reporting-data"}


def rendered(overlay: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [tool("kubectl"), "kustomize", str(DEPLOY / "k8s" / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [d for d in yaml.safe_load_all(out) if d]


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_rendered_manifest_validates(overlay: str) -> None:
    documents = rendered(overlay)
    kinds = sorted({d["kind"] for d in documents})
    assert kinds == [
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
        "NetworkPolicy",
        "PersistentVolumeClaim",
        "PodDisruptionBudget",
        "Service",
    ]
    [ingress] = [d for d in documents if d["kind"] == "Ingress"]
    [rule] = ingress["spec"]["rules"]
    assert rule["http"]["paths"][0]["backend"]["service"]["name"] == "gateway"
    assert (
        ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    )
    for doc in documents:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


@pytest.mark.parametrize(("overlay", "replicas"), [("dev", 1), ("prod", 3)])
def test_each_deployment_has_probes_limits_and_its_overlays_replicas(
    overlay: str, replicas: int
) -> None:
    documents = rendered(overlay)
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    assert set(deployments) == set(PROCESSES)
    for d in deployments.values():
        container = d["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["resources"]["limits"] and container["resources"]["requests"]
        # reporting runs one replica: its facts are one DuckDB file on its volume
        single = d["metadata"]["name"] == "reporting"
        assert d["spec"]["replicas"] == (1 if single else replicas)
        assert {"configMapRef", "secretRef"} == {k for e in container["envFrom"] for k in e}
    [policy] = [d for d in documents if d["kind"] == "NetworkPolicy"]
    ports = {p["port"] for rule in policy["spec"]["egress"] for p in rule["ports"]}
    assert ports == {4222, 27017, 53}  # NATS, Mongo and DNS only
    stream_replicas = {
        d["data"][f"{d['metadata']['name'].split('-')[0].upper()}_STREAM_REPLICAS"]
        for d in documents
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].split("-")[0] in SERVICES
    }
    assert stream_replicas == {"3" if overlay == "prod" else "1"}
