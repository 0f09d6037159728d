from egisz.reporting.app import build
from egisz.reporting.settings import ReportingSettings
from egisz.runtime.app import serve

serve(build, ReportingSettings())
