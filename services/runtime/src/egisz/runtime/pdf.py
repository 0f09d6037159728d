"""What every printable document shares: DejaVu Serif (reportlab's own fonts have no Cyrillic),
shipped with the runtime, registered once."""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, BOLD = "EgiszSerif", "EgiszSerif-Bold"


@cache
def register_fonts() -> None:
    here = files("egisz.runtime") / "fonts"
    for name, filename in ((REGULAR, "DejaVuSerif.ttf"), (BOLD, "DejaVuSerif-Bold.ttf")):
        with (here / filename).open("rb") as font:
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(font.read())))
