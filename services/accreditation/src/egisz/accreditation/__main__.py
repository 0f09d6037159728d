from egisz.accreditation.app import build
from egisz.accreditation.settings import AccreditationSettings
from egisz.runtime.app import serve

serve(build, AccreditationSettings())
