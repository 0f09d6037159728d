from egisz.audit.app import build
from egisz.audit.settings import AuditSettings
from egisz.runtime.app import serve

serve(build, AuditSettings())
