import uvicorn

from egisz.gateway.app import build
from egisz.gateway.settings import GatewaySettings
from egisz.runtime.logging import configure_logging

settings = GatewaySettings()
configure_logging("gateway", settings.log_level, settings.log_format)
uvicorn.run(
    build(settings),
    host=settings.http_host,
    port=settings.http_port,
    log_level="warning",
    access_log=False,  # one JSON line per request comes from the app itself
    proxy_headers=True,
    forwarded_allow_ips=settings.forwarded_allow_ips,
)
