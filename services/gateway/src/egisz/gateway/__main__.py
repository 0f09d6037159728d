from egisz.gateway.app import build
from egisz.gateway.server import serve
from egisz.gateway.settings import GatewaySettings
from egisz.runtime.logging import configure_logging

settings = GatewaySettings()
configure_logging("gateway", settings.log_level, settings.log_format)
serve(build(settings), settings)
