"""`deploy/monitoring/` checked offline: the alert rules and the dashboard parse and are complete,
Prometheus scrapes every service on its port and loads the rules compose mounts, and Grafana is
provisioned with the datasource the panels name. That every metric they name is exported is
checked against a real scrape in tests/e2e/test_metrics.py."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import promql_parser
import yaml

from egisz.cli.stack import SERVICES, StackSettings

ROOT = Path(__file__).parents[2]
MONITORING = ROOT / "deploy" / "monitoring"


def rules() -> list[dict[str, Any]]:
    loaded = yaml.safe_load((MONITORING / "alerts.yml").read_text(encoding="utf-8"))
    return [rule for group in loaded["groups"] for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    text = (MONITORING / "grafana" / "dashboards" / "egisz.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def parsed(expr: str) -> promql_parser.Expr:
    """The expression as Prometheus reads it (promql-parser: the Prometheus grammar, in Rust):
    a typo fails here, not in production when the rule is loaded."""
    return promql_parser.parse(expr.replace("$__rate_interval", "5m"))


def metrics_named(expr: str) -> set[str]:
    found: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            found.add(node.name)

    promql_parser.walk(parsed(expr), visit)
    return found


def test_every_alert_says_what_broke_how_bad_and_what_to_do() -> None:
    found = rules()
    names = [r["alert"] for r in found]
    assert len(names) == len(set(names))
    assert {
        "EgiszDeadLetter",
        "EgiszOutboxStuck",
        "EgiszConsumerFallingBehind",
        "EgiszServiceNotReady",
        "EgiszCommandErrors",
        "EgiszEmailFailing",
    } <= set(names)
    for rule in found:
        assert metrics_named(rule["expr"]), rule["alert"]  # parses, and reads a metric
        assert rule["labels"]["severity"] in ("page", "ticket"), rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
    behind = next(r for r in found if r["alert"] == "EgiszConsumerFallingBehind")
    assert behind["for"] == "10m"  # growing for ten minutes, not a blip


def test_the_dashboard_panels_query_the_provisioned_prometheus() -> None:
    board = dashboard()
    datasource = yaml.safe_load(
        (MONITORING / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )["datasources"][0]
    panels = [p for p in board["panels"] if p["type"] != "row"]
    assert len(panels) >= 12
    assert len({p["id"] for p in board["panels"]}) == len(board["panels"])
    for panel in panels:
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert metrics_named(target["expr"]), (panel["title"], target["expr"])
            assert target["datasource"]["uid"] == datasource["uid"]


def test_prometheus_scrapes_every_service_and_loads_the_rules_compose_mounts() -> None:
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    [job] = config["scrape_configs"]
    targets = {t for c in job["static_configs"] for t in c["targets"]}
    ports = StackSettings().http_ports | {"gateway": StackSettings().gateway_metrics_port}
    assert targets == {f"{s}:{ports[s]}" for s in (*SERVICES, "gateway")}
    compose = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text())
    prometheus = compose["services"]["prometheus"]
    grafana = compose["services"]["grafana"]
    assert prometheus["profiles"] == grafana["profiles"] == ["monitoring"]
    mounted = {v.split(":")[1]: v.split(":")[0] for v in prometheus["volumes"]}
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    assert mounted["/etc/prometheus/alerts.yml"] == "../monitoring/alerts.yml"
    for volume in (*prometheus["volumes"], *grafana["volumes"]):
        assert (ROOT / "deploy" / "compose" / volume.split(":")[0]).exists(), volume


def test_every_alert_has_a_promtool_test_that_makes_it_fire() -> None:
    tests = yaml.safe_load((MONITORING / "alerts_test.yml").read_text(encoding="utf-8"))
    assert tests["rule_files"] == ["alerts.yml"]
    firing = {
        case["alertname"]
        for test in tests["tests"]
        for case in test["alert_rule_test"]
        if case["exp_alerts"]
    }
    quiet = {
        case["alertname"]
        for test in tests["tests"]
        for case in test["alert_rule_test"]
        if not case["exp_alerts"]
    }
    names = {r["alert"] for r in rules()}
    assert firing == names, "each alert is shown to fire"
    assert names - quiet <= {"EgiszServiceDown"}, "and to hold its fire where it should"


def test_the_alert_rules_pass_their_unit_tests_in_prometheus_own_evaluator(
    system_tool: Any,
) -> None:
    """promtool from Debian's `prometheus` (installed where root and apt-get are: CI)."""
    done = subprocess.run(
        [
            system_tool("promtool", "prometheus"),
            "test",
            "rules",
            str(MONITORING / "alerts_test.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
