import uvicorn

from egisz.gateway.app import build
from egisz.gateway.settings import GatewaySettings

settings = GatewaySettings()
uvicorn.run(build(settings), host=settings.http_host, port=settings.http_port, log_level="warning")
