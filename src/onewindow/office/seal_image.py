"""The department's round red seal as a transparent PNG, placed over the issuing agency's name
and date of a 公文 in both its PDF and its OFD (GB/T 9704-2012 §7.3.5.1).

The image shows what the SM2 signature stands for; the signature is what proves it. It is drawn
like the certificates' vector seal (``certificates.seal_drawing``): a rim, a five-pointed star,
the agency's name clockwise along the upper arc with the tops of the characters outwards.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from onewindow.core.pdf import find_cjk_font

RED = (200, 16, 46, 255)
SIZE = 840  # pixels across: 42 mm at about 500 dpi
DIAMETER_MM = 42.0  # the usual diameter of an agency's seal


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    return [
        (
            cx + (outer if n % 2 == 0 else inner) * math.sin(math.radians(n * 36)),
            cy - (outer if n % 2 == 0 else inner) * math.cos(math.radians(n * 36)),
        )
        for n in range(10)
    ]


def render(name: str) -> bytes:
    """The seal of the agency called ``name``, as PNG bytes."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, radius = SIZE / 2, SIZE / 2 - 6
    rim = SIZE * 0.03
    draw.ellipse(
        (centre - radius, centre - radius, centre + radius, centre + radius),
        outline=RED,
        width=round(rim),
    )
    draw.polygon(_star(centre, centre, radius * 0.3), fill=RED)
    chars = [c for c in name if not c.isspace()]
    if chars:
        face = find_cjk_font().bold
        span = min(250.0, max(200.0, 180.0 + 5.0 * len(chars)))
        step = span / max(1, len(chars) - 1)
        ring = radius - rim - SIZE * 0.02
        em = min(radius * 0.27, 0.85 * math.radians(step) * ring)
        font = ImageFont.truetype(str(face.path), size=round(em), index=face.index)
        for n, char in enumerate(chars):
            angle = -span / 2 + n * step if len(chars) > 1 else 0.0
            tile = Image.new("RGBA", (round(em * 1.4), round(em * 1.4)), (0, 0, 0, 0))
            ImageDraw.Draw(tile).text(
                (tile.width / 2, tile.height / 2), char, font=font, fill=RED, anchor="mm"
            )
            tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC)
            x = centre + (ring - em / 2) * math.sin(math.radians(angle))
            y = centre - (ring - em / 2) * math.cos(math.radians(angle))
            image.alpha_composite(tile, (round(x - tile.width / 2), round(y - tile.height / 2)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
