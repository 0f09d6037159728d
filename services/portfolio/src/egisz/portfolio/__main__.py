from egisz.portfolio.app import build
from egisz.portfolio.settings import PortfolioSettings
from egisz.runtime.app import serve

serve(build, PortfolioSettings())
