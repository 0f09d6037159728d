from egisz.fac.app import build
from egisz.runtime.app import serve

serve(build())
