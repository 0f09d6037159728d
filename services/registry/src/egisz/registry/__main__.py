from egisz.registry.app import build
from egisz.runtime.app import serve

serve(build())
