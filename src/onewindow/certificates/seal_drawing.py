"""The round red e-seal (电子印章) drawn on a certificate, from the department's name."""

from __future__ import annotations

import math

from fpdf import FPDF

from onewindow.core.pdf import FAMILY

MM_PER_PT = 25.4 / 72
# Ideographs sit in an em box from -0.12 to 0.88 em around the baseline (Noto CJK, Source Han).
IDEOGRAPH_MIDDLE = 0.38

# Seal (公章).
SEAL_RGB = (200, 16, 46)
SEAL_RIM = 1.2  # mm
SEAL_STAR = 0.30  # outer radius of the star, as a share of the seal radius
SEAL_TEXT_GAP = 1.1  # mm between the rim and the department name
SEAL_STRETCH = 82.0  # percent: seal lettering is condensed, long names more so
SEAL_MIN_STRETCH = 66.0
SEAL_MAX_EM = 0.28  # largest department character, as a share of the radius
SEAL_FILL = 0.8  # share of the arc between two character centres a character may take


def draw_seal(
    pdf: FPDF,
    *,
    cx: float,
    cy: float,
    radius: float,
    department: str,
    caption: str = "电子证照专用章",
) -> None:
    """A round red seal: rim, star, the department along the upper arc, the caption below.

    The fonts of ``render`` (family ``onewindow.core.pdf.FAMILY``) must be registered.
    """
    with pdf.local_context(
        draw_color=SEAL_RGB, fill_color=SEAL_RGB, text_color=SEAL_RGB, line_width=SEAL_RIM
    ):
        pdf.circle(x=cx, y=cy, radius=radius, style="D")
        pdf.polygon(_star_points(cx, cy, radius * SEAL_STAR), style="F")
        _draw_arc_text(pdf, cx, cy, radius, department)
        _draw_seal_caption(pdf, cx, cy, radius, caption)


def _star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """A five-pointed star, one point up (page y grows downwards)."""
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    points = []
    for n in range(10):
        radius = outer if n % 2 == 0 else inner
        angle = math.radians(n * 36)
        points.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    return points


def _seal_span(count: int) -> float:
    """Degrees of arc the department name covers: wider for longer names."""
    return min(250.0, max(220.0, 196.0 + 4.0 * count))


def _seal_stretching(count: int) -> float:
    """Horizontal scale (percent) of the department name: narrower for long names."""
    return max(SEAL_MIN_STRETCH, min(SEAL_STRETCH, SEAL_STRETCH - 2.5 * (count - 10)))


def _draw_arc_text(pdf: FPDF, cx: float, cy: float, radius: float, text: str) -> None:
    """Characters evenly along the upper arc, clockwise from the lower left, tops outwards."""
    chars = [char for char in text if not char.isspace()]
    if not chars:
        return
    span = _seal_span(len(chars))
    step = span / max(1, len(chars) - 1)
    ring = radius - SEAL_RIM / 2 - SEAL_TEXT_GAP  # outer edge of the lettering
    stretching = _seal_stretching(len(chars))
    # A (condensed) character may take SEAL_FILL of the arc between two centres:
    # em * stretch <= SEAL_FILL * step * (ring - em / 2).
    step_rad, stretch = math.radians(step), stretching / 100
    em = min(
        SEAL_MAX_EM * radius, SEAL_FILL * step_rad * ring / (stretch + SEAL_FILL / 2 * step_rad)
    )
    centre = ring - em / 2
    pdf.set_font(FAMILY, "B", em / MM_PER_PT)
    pdf.set_stretching(stretching)
    for n, char in enumerate(chars):
        angle = -span / 2 + n * step if len(chars) > 1 else 0.0
        x = cx + centre * math.sin(math.radians(angle))
        y = cy - centre * math.cos(math.radians(angle))
        with pdf.rotation(-angle, x, y):  # fpdf2 turns counter-clockwise; the arc runs clockwise
            _centred_char(pdf, char, x, y, em)
    pdf.set_stretching(100)


def _centred_char(pdf: FPDF, char: str, x: float, y: float, em: float) -> None:
    pdf.text(x - pdf.get_string_width(char) / 2, y + IDEOGRAPH_MIDDLE * em, char)


def _draw_seal_caption(pdf: FPDF, cx: float, cy: float, radius: float, caption: str) -> None:
    """The caption horizontally below the star, kept clear of the rim."""
    if not caption:
        return
    em = radius * 0.16
    pdf.set_font(FAMILY, "B", em / MM_PER_PT)
    pdf.set_stretching(SEAL_STRETCH)
    max_w = radius * 1.05
    while pdf.get_string_width(caption) > max_w and em > 1:
        em -= 0.1
        pdf.set_font(FAMILY, "B", em / MM_PER_PT)
    middle = cy + radius * 0.56
    pdf.text(cx - pdf.get_string_width(caption) / 2, middle + IDEOGRAPH_MIDDLE * em, caption)
    pdf.set_stretching(100)
