"""Finding a font that draws Chinese, for the PDF cards, the chart images and the video.

Word documents only name their fonts (the reader's computer supplies them); a PDF, a PNG
and an MP4 carry the glyphs, so they need a font file. The search looks at
``DRILLSIM_CJK_FONT`` first, then the usual places on Linux (Debian's fonts-noto-cjk,
fonts-wqy), macOS and Windows. In a font collection (.ttc) the Simplified Chinese face is
picked by its name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)
"""Font files that hold Chinese glyphs, most wanted first."""

BOLD_OF: dict[str, str] = {"-Regular.ttc": "-Bold.ttc"}


@dataclass(frozen=True)
class CjkFont:
    """A font file that draws Chinese, and the face to use in it."""

    path: Path
    index: int = 0
    bold_path: Path | None = None
    bold_index: int = 0


def _sc_index(path: Path) -> int:
    """The Simplified Chinese face of a collection (0 for a single font)."""
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    try:
        coll = TTCollection(str(path), lazy=True)
    except Exception:
        return 0
    for i, face in enumerate(coll.fonts):
        name = str(face["name"].getDebugName(1) or "")
        simplified = name.endswith(" SC") or "GB" in name or name == "Microsoft YaHei"
        if simplified and "Mono" not in name:
            return i
    return 0


@cache
def find_cjk_font() -> CjkFont | None:
    """The first Chinese font found (None when the machine has none)."""
    wanted = os.environ.get("DRILLSIM_CJK_FONT")
    paths = ([wanted] if wanted else []) + list(CANDIDATES)
    for p in paths:
        path = Path(p)
        if not path.is_file():
            continue
        bold: Path | None = None
        for regular, heavy in BOLD_OF.items():
            if path.name.endswith(regular):
                cand = path.with_name(path.name[: -len(regular)] + heavy)
                bold = cand if cand.is_file() else None
        return CjkFont(path, _sc_index(path), bold, _sc_index(bold) if bold is not None else 0)
    return None
