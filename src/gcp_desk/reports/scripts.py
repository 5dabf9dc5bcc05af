"""Names and words in any script, printed: each run of text in the face that has its letters, right-to-left runs in
their visual order and Arabic joined.

reportlab embeds TrueType outlines and draws one font per run of text, with no font fallback and, without ``rlbidi``
(not in our registry), no bidirectional reordering. So before a text reaches a Paragraph or the page header it is
split into runs by script:

- Latin, Greek, Cyrillic and the rest stay in the report face (DejaVu Sans);
- Arabic and Hebrew runs are shaped with HarfBuzz (``uharfbuzz``) right to left, which joins Arabic letters and puts
  the glyphs in visual order; each glyph is written back as the character the face maps to it (the Arabic
  presentation forms), so reportlab draws the shaped text as plain characters. A run of several right-to-left
  words, with the spaces between them, is shaped as one, so the first word ends up on the right. Digits end a run;
- Chinese, Japanese and Korean runs use a TrueType CJK face (Droid Sans Fallback), registered only when a text
  needs it: the face is 3.4 MB and costs about 11 MB of memory once read (measured), and a report that needs it
  about 40 ms more the first time;
- emoji and symbols use Symbola, a monochrome face (PDF has no colour glyphs); the invisible joiners and variation
  selectors between them are dropped, so a family emoji prints as its people side by side.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

ARABIC, HEBREW, CJK, SYMBOLS = "arabic", "hebrew", "cjk", "symbols"
RIGHT_TO_LEFT = (ARABIC, HEBREW)
FACES = {
    ARABIC: ("GcpDeskArabic", "NotoSansArabic-Regular.ttf", "GcpDeskArabic-Bold", "NotoSansArabic-Bold.ttf"),
    HEBREW: ("GcpDeskHebrew", "NotoSansHebrew-Regular.ttf", "GcpDeskHebrew-Bold", "NotoSansHebrew-Bold.ttf"),
    CJK: ("GcpDeskCJK", "DroidSansFallback.ttf", None, None),
    SYMBOLS: ("GcpDeskSymbols", "Symbola.ttf", None, None),
}
_DROPPED = {"\u200d", "\ufe0e", "\ufe0f"}
_RANGES = (
    (0x0590, 0x05FF, HEBREW), (0xFB1D, 0xFB4F, HEBREW),
    (0x0600, 0x06FF, ARABIC), (0x0750, 0x077F, ARABIC), (0x08A0, 0x08FF, ARABIC), (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x1100, 0x11FF, CJK), (0x2E80, 0x2FDF, CJK), (0x3000, 0x9FFF, CJK), (0xA960, 0xA97F, CJK),
    (0xAC00, 0xD7FF, CJK), (0xF900, 0xFAFF, CJK), (0xFF00, 0xFFEF, CJK), (0x20000, 0x2FFFF, CJK),
    (0x2190, 0x21FF, SYMBOLS), (0x2300, 0x23FF, SYMBOLS), (0x2460, 0x24FF, SYMBOLS), (0x25A0, 0x27BF, SYMBOLS),
    (0x2B00, 0x2BFF, SYMBOLS), (0x1F000, 0x1FAFF, SYMBOLS),
)


_HELPED = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high, _script in _RANGES)
                     + "".join(_DROPPED) + "]")
"""Any character that needs another face, or is dropped: one search in C instead of a loop over the ranges for
every character (a report passes tens of thousands of characters through here)."""


def script_of(char: str) -> str | None:
    code = ord(char)
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    return None


def runs(text: str) -> list[tuple[str | None, str]]:
    """The text as (script, run) pairs, ``None`` for the report face. Spaces and punctuation between two letters of
    one right-to-left script join their run; everything else neutral stays with the report face."""
    kinds = [script_of(char) for char in text]
    for index, char in enumerate(text):  # neutrals between right-to-left letters belong to the run
        if kinds[index] is None and not char.isdigit() and not char.isalpha():
            before = next((kinds[i] for i in range(index - 1, -1, -1) if kinds[i] is not None or text[i].isalnum()),
                          None)
            after = next((kinds[i] for i in range(index + 1, len(text))
                          if kinds[i] is not None or text[i].isalnum()), None)
            if before == after and before in RIGHT_TO_LEFT:
                kinds[index] = before
    found: list[tuple[str | None, str]] = []
    for char, kind in zip(text, kinds, strict=True):
        if char in _DROPPED:
            continue
        if found and found[-1][0] == kind:
            found[-1] = (kind, found[-1][1] + char)
        else:
            found.append((kind, char))
    return found


def needs_help(text: str) -> bool:
    return _HELPED.search(text) is not None


def marked_up(text: str, *, bold: bool = False) -> str:
    """Escaped Paragraph markup: each run in its face, right-to-left runs shaped in visual order."""
    if not needs_help(text):
        return escape(text)
    parts = []
    for kind, run in runs(text):
        if kind is None:
            parts.append(escape(run))
            continue
        face = font_for(kind, bold=bold)
        shown = visual(run, kind, bold=bold) if kind in RIGHT_TO_LEFT else run
        parts.append(f'<font name="{face}">{escape(shown)}</font>')
    return "".join(parts)


def font_for(kind: str, *, bold: bool = False) -> str:
    regular, regular_file, bold_name, bold_file = FACES[kind]
    if bold and bold_name:
        return _registered(bold_name, bold_file)
    return _registered(regular, regular_file)


@cache
def _registered(name: str, file_name: str) -> str:
    from .fonts import fonts_dir

    path = fonts_dir() / file_name
    if not path.is_file():
        raise FileNotFoundError(f"The report font {file_name} is missing from {fonts_dir()}; reinstall GCP Desk.")
    pdfmetrics.registerFont(TTFont(name, str(path), shapable=False))
    return name


def visual(run: str, kind: str, *, bold: bool = False) -> str:
    """The run shaped right to left by HarfBuzz, as characters in visual (left-to-right drawing) order."""
    shaper = _shaper(FACES[kind][3] if bold and FACES[kind][3] else FACES[kind][1])
    return shaper(run)


@cache
def _shaper(file_name: str):
    import uharfbuzz

    from .fonts import fonts_dir

    blob = uharfbuzz.Blob.from_file_path(str(fonts_dir() / file_name))
    font = uharfbuzz.Font(uharfbuzz.Face(blob))
    to_char: dict[int, int] = {}
    for low, high in ((0x0590, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF),
                      (0x0020, 0x007E)):
        for code in range(low, high + 1):
            glyph = font.get_nominal_glyph(code)
            if glyph and code >= 0xFB1D:
                to_char[glyph] = code  # a presentation form wins: it is the shaped glyph's own character
            elif glyph:
                to_char.setdefault(glyph, code)

    def shape(text: str) -> str:
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl"
        uharfbuzz.shape(font, buffer, {})
        return "".join(chr(to_char[info.codepoint]) if info.codepoint in to_char else text[info.cluster]
                       for info in buffer.glyph_infos)

    return shape
