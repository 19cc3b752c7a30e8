"""The typefaces GB/T 9704-2012 names, and the free Debian fonts that stand in for them.

The standard's faces (方正小标宋, 仿宋_GB2312, 楷体_GB2312, 黑体) are not free. Song and 小标宋
come from ``core.pdf.find_cjk_font`` (Noto Serif CJK SC, or what it finds), 仿宋 and 楷体
from AR PL UKai CN (fonts-arphic-ukai: no FangSong in Debian covers Simplified Chinese),
黑体 from Noto Sans CJK SC. A face that is not installed falls back to fontconfig's choice,
then to the Song face; a character a face lacks is set in the Song face (docs/office_layout.md).
"""

from __future__ import annotations

import enum
import functools

from fontTools.ttLib import TTFont

from onewindow.core.pdf import FontFile, _fc_match, find_cjk_font


class Face(enum.Enum):
    """A typeface role of GB/T 9704-2012 (§7: 小标宋, 仿宋, 楷体, 黑体, 宋体)."""

    XIAOBIAOSONG = "xbs"  # agency mark and title
    FANGSONG = "fangsong"  # body, 3号; 版记, 4号
    KAI = "kai"  # second-level headings, the signer's name
    HEI = "hei"  # first-level headings, 密级, 紧急程度
    SONG = "song"  # page numbers (半角宋体), and every glyph another face lacks


# fontconfig family names of the stand-ins that fonts-arphic-ukai and fonts-noto-cjk install.
_FAMILIES = {
    Face.FANGSONG: "AR PL UKai CN",
    Face.KAI: "AR PL UKai CN",
    Face.HEI: "Noto Sans CJK SC",
}


@functools.cache
def face_file(face: Face) -> FontFile:
    """The font file (and face index) that sets ``face``."""
    cjk = find_cjk_font()
    if face is Face.SONG:
        return cjk.regular
    if face is Face.XIAOBIAOSONG:
        return cjk.bold
    return _fc_match(f"{_FAMILIES[face]}:lang=zh-cn") or cjk.regular


@functools.cache
def _cmap(font: FontFile) -> frozenset[int]:
    ttfont = TTFont(font.path, fontNumber=font.index, lazy=True)
    try:
        return frozenset(ttfont.getBestCmap() or ())
    finally:
        ttfont.close()


def face_for(face: Face, char: str) -> Face:
    """``face`` when its font has a glyph for ``char``, else the Song face."""
    if face is Face.SONG or ord(char) in _cmap(face_file(face)):
        return face
    return Face.SONG
