from egisz.registry.app import build
from egisz.registry.settings import RegistrySettings
from egisz.runtime.app import serve

serve(build, RegistrySettings())
