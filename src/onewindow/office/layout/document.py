"""What a 公文 says, element by element of GB/T 9704-2012 §7, for the renderers to lay out.

No Django models here: the office app fills this from an outgoing document, the renderers in
``gbt9704`` (PDF) and ``ofd`` (OFD) turn it into pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class OfficialDocumentLayout:
    """The elements of one 公文 (GB/T 9704-2012 §7.2 版头, §7.3 主体, §7.4 版记).

    Texts are as printed, without the punctuation the standard adds: the renderer writes the
    colon after the main recipients (§7.3.2), "附件：" (§7.3.4), the parentheses of 附注 (§7.3.6),
    "抄送：" and its closing full stop (§7.4.2) and "印发" after the printing date (§7.4.3).
    Body paragraphs are plain text; heading numbers 一、 （一） 1. （1） stay in the text and
    choose the heading's typeface (§7.3.3).
    """

    agency_mark: str  # 发文机关标志, e.g. 广州市人民政府办公厅文件 (§7.2.4)
    document_number: str  # 发文字号, e.g. 穗府办〔2026〕12号 (§7.2.5)
    title: str  # 标题 (§7.3.1)
    main_recipients: str  # 主送机关, e.g. 各区人民政府，市政府各部门; "" for none (§7.3.2)
    body: Sequence[str]  # 正文, one string a paragraph (§7.3.3)
    issuing_agency: str  # 发文机关署名 (§7.3.5)
    date_written: date  # 成文日期 (§7.3.5)
    printing_agency: str  # 印发机关 (§7.4.3)
    printing_date: date  # 印发日期 (§7.4.3)
    signer: str | None = None  # 签发人, upward documents (上行文) only (§7.2.6)
    copy_number: str | None = None  # 份号, six digits (§7.2.1)
    secrecy: str | None = None  # 密级和保密期限, e.g. 秘密★1年 (§7.2.2)
    urgency: str | None = None  # 紧急程度: 特急 or 加急 (§7.2.3)
    attachments: Sequence[str] = ()  # 附件说明: attachment names (§7.3.4)
    note: str | None = None  # 附注 (§7.3.6)
    copy_to: Sequence[str] = ()  # 抄送机关 (§7.4.2)

    def __post_init__(self) -> None:
        # Tuples, so that a frozen layout is also an immutable (and hashable) one.
        for name in ("body", "attachments", "copy_to"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
