from egisz.fac.app import build
from egisz.fac.settings import FacSettings
from egisz.runtime.app import serve

serve(build, FacSettings())
