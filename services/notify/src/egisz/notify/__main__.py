from egisz.notify.app import build
from egisz.notify.settings import NotifySettings
from egisz.runtime.app import serve

serve(build, NotifySettings())
