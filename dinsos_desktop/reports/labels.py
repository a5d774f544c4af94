"""Asset labels (label inventaris BMD): a PDF of labels on A4 label sheets or on a label printer's
roll, each with the office's short name, the full code, the register number, the year, the name
(shortened to fit) and a QR code holding ``domain.assets.label_text(code, register)``.

The layout is a ``domain.assets.LabelLayout`` (checked with ``check_layout``): on a sheet the
labels run left to right, top to bottom; on a roll every label is a page of the label's size. The
QR code takes the label's height (its quiet zone inside the label) and the text the rest; the type
is sized once per sheet from the label's size and the longest code, so that all labels look alike.

Speed: a thousand labels are a thousand different QR codes. reportlab's widget (a shape per dark
module) and even reportlab's encoder (which builds the whole symbol eight times, once per mask, in
plain loops) cost several milliseconds a code. Here a symbol is one integer holding its rows and
its columns as lines of bits: for each QR version the function patterns, the place of every data
bit and each mask's pattern over the data area are worked out once; a code then costs its data bits
(Reed-Solomon with reportlab's own Galois-field tables) and, for each of the eight masks, a few
dozen operations on the whole symbol to score the penalty of ISO/IEC 18004 (the rules and the
choice of ``reports.qr``: the same data gives the same symbol).

The payload is split into numeric, alphanumeric and byte segments where that makes the symbol
smaller: a full seven-level code (``BMD|1.3.2.10.01.02.001|0007``) then fits version 2 (25 × 25
modules) at level M instead of version 3, which keeps the modules large enough on the smallest
label allowed (30 × 15 mm). The dark modules are painted as one filled path per code (runs of a
row merged, repeated runs extended down), like ``reports.qr.draw_qr``.

reportlab is imported inside the functions: importing this module costs nothing at start-up.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from dinsos_desktop.domain.assets import LabelLayout, check_layout
from dinsos_desktop.reports.agenda import Cancelled, IsCancelled, Progress
from dinsos_desktop.reports.asset_data import LabelData
from dinsos_desktop.reports.paper import MM

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

CANCELLED_MESSAGE = "Pembuatan label aset dibatalkan."
QUIET_ZONE = 4  # modules, as reports.qr
_LEVEL_M = 0  # reportlab's code for error correction level M (the format information's bits 00)


# --------------------------------------------------------------------------- the QR encoder


@dataclass(frozen=True, slots=True)
class _Version:
    """Everything about one QR version at level M that does not depend on the data.

    The symbol is held as one integer of 2n lines (the n rows, then the n columns), each line n
    bits wide (its first module the highest bit) and one zero bit apart: a mask is then applied,
    and its penalty scored, with a few operations on the whole symbol."""

    version: int
    size: int  # modules across
    data_codewords: int
    blocks: tuple[tuple[int, int], ...]  # (data codewords, error-correction codewords) per block
    places: tuple[int, ...]  # per data bit, in placement order: its module's bits (row and column)
    function: tuple[int, ...]  # per mask: the function patterns, with that mask's format information
    masks: tuple[int, ...]  # per mask: the mask over the data modules
    lines: int  # every line's bits
    rows: int  # the rows' bits
    blocks_2x2: int  # the modules that are the upper left of a 2 × 2 block within the rows

    @property
    def stride(self) -> int:
        return self.size + 1


def _pack(modules: Sequence[Sequence[bool]]) -> int:
    n = len(modules)
    out = 0
    for r in range(n):
        for c in range(n):
            if modules[r][c]:
                out |= 1 << (r * (n + 1) + n - 1 - c) | 1 << ((n + c) * (n + 1) + n - 1 - r)
    return out


@cache
def _version(version: int) -> _Version:
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(version, _LEVEL_M)
    n = qr.moduleCount = version * 4 + 17
    s = n + 1
    blocks = tuple((b.dataCount, b.totalCount - b.dataCount)
                   for b in qrencoder.QRRSBlock.getRSBlocks(version, _LEVEL_M))
    positions = list(qr.dataPosIterator())  # (column, row)
    places = tuple(1 << (row * s + n - 1 - col) | 1 << ((n + col) * s + n - 1 - row)
                   for col, row in positions)
    function, masks = [], []
    for mask in range(8):
        qr.modules = [[False] * n for _ in range(n)]
        qr.setupPositionProbePattern(0, 0)
        qr.setupPositionProbePattern(n - 7, 0)
        qr.setupPositionProbePattern(0, n - 7)
        qr.setupPositionAdjustPattern()
        qr.setupTimingPattern()
        qr.setupTypeInfo(False, mask)
        if version >= 7:
            qr.setupTypeNumber(False)
        function.append(_pack(qr.modules))
        pattern = qrencoder.QRUtil.getMask(mask)
        masks.append(sum(place for place, (col, row) in zip(places, positions, strict=True)
                         if pattern(row, col)))
    line = (1 << n) - 1
    lines = sum(line << k * s for k in range(2 * n))
    rows = sum(line << k * s for k in range(n))
    blocks_2x2 = sum((line >> 1) << k * s for k in range(n - 1))
    return _Version(version, n, sum(d for d, _ in blocks), blocks, places, tuple(function),
                    tuple(masks), lines, rows, blocks_2x2)


# Segment modes: mode indicator, bits of the character count per version group (1-9, 10-26, 27-40).
_NUMERIC, _ALPHANUMERIC, _BYTE = 0, 1, 2
_MODE_BITS = (0b0001, 0b0010, 0b0100)
_COUNT_BITS = ((10, 12, 14), (9, 11, 13), (8, 16, 16))
_ALPHANUMERIC_SET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALPHANUMERIC_VALUE = {ch: i for i, ch in enumerate(_ALPHANUMERIC_SET)}
_GROUPS = ((1, 9), (10, 26), (27, 40))


def _segment_bits(mode: int, count: int, group: int) -> int:
    header = 4 + _COUNT_BITS[mode][group]
    if mode == _NUMERIC:
        return header + 10 * (count // 3) + (0, 4, 7)[count % 3]
    if mode == _ALPHANUMERIC:
        return header + 11 * (count // 2) + 6 * (count % 2)
    return header + 8 * count


def _char_class(ch: str) -> int:
    if "0" <= ch <= "9":
        return _NUMERIC
    return _ALPHANUMERIC if ch in _ALPHANUMERIC_VALUE else _BYTE


@lru_cache(maxsize=256)
def _segmentation(classes: tuple[int, ...], byte_lengths: tuple[int, ...],
                  group: int) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(bits, segments as (mode, start, end)) of the shortest encoding of a text whose characters
    have these classes and UTF-8 lengths. Texts of the same shape (all labels of codes of one
    length) share it."""
    n = len(classes)
    if n > 160:  # not a label; one segment in the widest mode the text needs
        mode = max(classes)
        count = sum(byte_lengths) if mode == _BYTE else n
        return _segment_bits(mode, count, group), ((mode, 0, n),)
    best: list[tuple[int, tuple[tuple[int, int, int], ...]]] = [(0, ())]
    for end in range(1, n + 1):
        choice: tuple[int, tuple[tuple[int, int, int], ...]] | None = None
        widest = _NUMERIC
        byte_count = 0
        for start in range(end - 1, -1, -1):
            widest = max(widest, classes[start])
            byte_count += byte_lengths[start]
            for mode in range(widest, 3):
                count = byte_count if mode == _BYTE else end - start
                bits = best[start][0] + _segment_bits(mode, count, group)
                if choice is None or bits < choice[0]:
                    choice = (bits, (*best[start][1], (mode, start, end)))
        assert choice is not None
        best.append(choice)
    return best[n]


def _data_bits(payload: str) -> tuple[_Version, int, int]:
    """(version, bits as an integer, number of bits) of the payload's segments."""
    classes = tuple(_char_class(ch) for ch in payload)
    lengths = tuple(1 if c != _BYTE else len(ch.encode("utf-8")) for c, ch in zip(classes, payload,
                                                                                    strict=True))
    for group, (first, last) in enumerate(_GROUPS):
        bits, segments = _segmentation(classes, lengths, group)
        for version in range(first, last + 1):
            if _capacity(version) * 8 >= bits:
                return _version(version), _encode(payload, segments, group), bits
    raise ValueError(f"Isi kode QR terlalu panjang ({len(payload)} karakter).")


@cache
def _capacity(version: int) -> int:
    from reportlab.graphics.barcode import qrencoder

    return sum(b.dataCount for b in qrencoder.QRRSBlock.getRSBlocks(version, _LEVEL_M))


def _encode(payload: str, segments: tuple[tuple[int, int, int], ...], group: int) -> int:
    acc = 0
    for mode, start, end in segments:
        text = payload[start:end]
        if mode == _BYTE:
            data = text.encode("utf-8")
            acc = (acc << 4 | _MODE_BITS[mode]) << _COUNT_BITS[mode][group] | len(data)
            acc = acc << 8 * len(data) | int.from_bytes(data, "big")
            continue
        acc = (acc << 4 | _MODE_BITS[mode]) << _COUNT_BITS[mode][group] | len(text)
        if mode == _NUMERIC:
            for i in range(0, len(text), 3):
                part = text[i:i + 3]
                acc = acc << (1 + 3 * len(part)) | int(part)  # 10, 7 or 4 bits
        else:
            for i in range(0, len(text), 2):
                pair = text[i:i + 2]
                if len(pair) == 2:
                    acc = acc << 11 | _ALPHANUMERIC_VALUE[pair[0]] * 45 + _ALPHANUMERIC_VALUE[pair[1]]
                else:
                    acc = acc << 6 | _ALPHANUMERIC_VALUE[pair]
    return acc


@cache
def _generator(degree: int) -> tuple[int, ...]:
    """The Reed-Solomon generator polynomial's coefficients (as logarithms) after the leading 1."""
    from reportlab.graphics.barcode.qrencoder import EXP_TABLE, LOG_TABLE

    poly = [1]
    for i in range(degree):
        # poly × (x + α^i)
        out = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            out[j] ^= coef
            if coef:
                out[j + 1] ^= EXP_TABLE[(LOG_TABLE[coef] + i) % 255]
        poly = out
    return tuple(LOG_TABLE[c] for c in poly[1:])


def _error_correction(data: bytes, degree: int) -> list[int]:
    from reportlab.graphics.barcode.qrencoder import EXP_TABLE, LOG_TABLE

    generator = _generator(degree)
    rest = [0] * degree
    for byte in data:
        factor = byte ^ rest[0]
        del rest[0]
        rest.append(0)
        if factor:
            log = LOG_TABLE[factor]
            for i, g in enumerate(generator):
                rest[i] ^= EXP_TABLE[(log + g) % 255]
    return rest


def _codewords(v: _Version, bits: int, count: int) -> list[int]:
    capacity = v.data_codewords * 8
    terminator = min(4, capacity - count)
    bits <<= terminator
    count += terminator
    pad = -count % 8
    bits <<= pad
    count += pad
    data = bytearray(bits.to_bytes(count // 8, "big"))
    filler = itertools.cycle((0xEC, 0x11))
    while len(data) < v.data_codewords:
        data.append(next(filler))
    data_blocks: list[bytes] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for size, degree in v.blocks:
        block = bytes(data[offset:offset + size])
        offset += size
        data_blocks.append(block)
        ec_blocks.append(_error_correction(block, degree))
    out: list[int] = []
    for i in range(max(len(b) for b in data_blocks)):
        out.extend(b[i] for b in data_blocks if i < len(b))
    for i in range(max(len(b) for b in ec_blocks)):
        out.extend(b[i] for b in ec_blocks if i < len(b))
    return out


_FINDER_LIKE = ("10111010000", "00001011101")  # 1:1:3:1:1 with four light modules on a side


def _penalty(symbol: int, v: _Version) -> int:
    """The mask penalty of ISO/IEC 18004, scored as ``reports.qr._penalty`` scores it (runs of
    five or more, 2 × 2 blocks, finder-like patterns, the dark share), on the packed symbol."""
    dark = symbol
    light = ~symbol & v.lines
    score = 0
    for x in (dark, light):
        # Windows of five equal modules: a run of L ≥ 5 has L - 4 of them, and scores L - 2.
        five = x & x >> 1 & x >> 2 & x >> 3 & x >> 4
        score += five.bit_count() + 2 * (five & ~(five >> 1)).bit_count()
        block = x & x >> 1 & x >> v.stride & x >> (v.stride + 1) & v.blocks_2x2
        score += 3 * block.bit_count()
    for pattern in _FINDER_LIKE:
        found = v.lines
        for j, ch in enumerate(pattern):
            found &= (dark if ch == "1" else light) >> (len(pattern) - 1 - j)
        score += 40 * found.bit_count()
    n = v.size
    dark_count = (symbol & v.rows).bit_count()
    return score + 10 * (abs(dark_count * 20 - n * n * 10) // (n * n))


def qr_rows(payload: str) -> tuple[int, ...]:
    """The QR code of ``payload`` at error correction level M as one integer per row (row 0 at
    the top; the highest of the row's ``len(rows)`` bits is its leftmost module, 1 dark), without
    the quiet zone; the mask of lowest penalty. ValueError when the payload is empty or too long."""
    if not payload:
        raise ValueError("Isi kode QR tidak boleh kosong.")
    v, bits, count = _data_bits(payload)
    data = 0
    places = v.places
    k = 0
    for byte in _codewords(v, bits, count):
        if byte:
            for b in range(8):
                if byte & (0x80 >> b):
                    data |= places[k + b]
        k += 8
    best = min((_penalty(f | (data ^ m), v), mask)
               for mask, (f, m) in enumerate(zip(v.function, v.masks, strict=True)))[1]
    symbol = v.function[best] | (data ^ v.masks[best])
    line = (1 << v.size) - 1
    return tuple((symbol >> r * v.stride) & line for r in range(v.size))


_DARK_RUN = re.compile(r"1+")


def qr_path_operators(rows: Sequence[int]) -> str:
    """PDF path operators ("x y w h re" in modules, y up, the symbol's lower left corner at 0 0)
    covering the dark modules: runs of a row merged, a run repeated on the rows below extended."""
    n = len(rows)
    form = f"0{n}b"
    out: list[str] = []
    open_: dict[tuple[int, int], int] = {}  # (first column, end column) -> top row
    for r, row in enumerate(rows):
        still = {}
        for m in _DARK_RUN.finditer(format(row, form)):
            span = m.span()
            still[span] = open_.pop(span, r)
        # What did not go on is closed above this row.
        out.extend(f"{c} {n - r} {e - c} {r - top} re" for (c, e), top in open_.items())
        open_ = still
    out.extend(f"{c} 0 {e - c} {n - top} re" for (c, e), top in open_.items())
    return " ".join(out)


def draw_label_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The QR code of ``payload`` as a ``size`` square, lower left corner at (x, y), quiet zone
    included (unpainted)."""
    rows = qr_rows(payload)
    module = size / (len(rows) + 2 * QUIET_ZONE)
    ox, oy = x + QUIET_ZONE * module, y + QUIET_ZONE * module
    canvas.addLiteral(f"q {module:.5f} 0 0 {module:.5f} {ox:.3f} {oy:.3f} cm "
                      f"{qr_path_operators(rows)} f Q")


# --------------------------------------------------------------------------- the label's design


_FULL_TEXT_HEIGHT = 20.5 * MM  # from this text height on, the type has its full size
_OFFICE_SIZE, _CODE_SIZE, _REGISTER_SIZE, _NAME_SIZE = 6.5, 9.0, 7.0, 7.6
_LEADING = 1.18
_MIN_SIZE = 4.2  # points; below this a line is cut rather than shrunk further
_MAX_NAME_LINES = 4
_RULE_WIDTH = 0.4
_QR_MAX = 26 * MM


@dataclass(frozen=True, slots=True)
class _Design:
    """The geometry and type of every label of one sheet, in points from the label's lower left."""

    qr_x: float
    qr_y: float
    qr_size: float
    text_x: float
    text_right: float
    text_top: float  # the top of the text block (centred beside the QR code)
    office_size: float
    office_lines: int
    code_size: float
    code_lines: int
    register_size: float
    name_size: float
    name_lines: int
    rule_gap: float

    @property
    def text_width(self) -> float:
        return self.text_right - self.text_x

    @property
    def rule_y(self) -> float:
        return self.text_top - self.office_lines * self.office_size * _LEADING - self.rule_gap / 2


def _halves(text: str, sep: str) -> list[str]:
    """``text`` broken in two after the ``sep`` nearest its middle (the separator kept at the end
    of the first part, a space dropped): '1.3.2.10.' + '01.02.001'."""
    cuts = [i for i, ch in enumerate(text) if ch == sep]
    if not cuts:
        return [text]
    cut = min(cuts, key=lambda i: abs(2 * (i + 1) - len(text))) + 1
    return [text[:cut].rstrip(), text[cut:].lstrip()]


def _width(text: str, font: str, size: float) -> float:
    from dinsos_desktop.reports.agenda import _measure

    return _measure(font, round(size, 2))(text)


def _lines_needed(text: str, sep: str, font: str, size: float, width: float,
                  least: float) -> tuple[int, float]:
    """(1 or 2 lines, the size) for ``text`` in ``width``: one line if it fits at ``least`` ×
    ``size`` or more, else two (broken at ``sep``), each shrunk to fit but not below _MIN_SIZE."""
    if not text:
        return 1, size
    have = _width(text, font, size)
    if have <= width:
        return 1, size
    if size * width / have >= max(_MIN_SIZE, size * least):
        return 1, size * width / have
    parts = _halves(text, sep)
    widest = max(_width(p, font, size) for p in parts)
    return len(parts), max(_MIN_SIZE, min(size, size * width / widest))


def _design(layout: LabelLayout, labels: Sequence[LabelData]) -> _Design:
    from dinsos_desktop.reports import fonts

    w, h = layout.label_width_mm * MM, layout.label_height_mm * MM
    pad = min(2.0 * MM, max(0.8 * MM, h * 0.06))
    qr_pad = pad / 2
    qr_size = min(h - 2 * qr_pad, _QR_MAX, w * 0.47)
    text_x = qr_pad + qr_size  # the code's quiet zone keeps the text off the symbol
    text_right = w - pad
    width = text_right - text_x
    height = h - 2 * pad
    scale = min(1.2, height / _FULL_TEXT_HEIGHT)
    office, code, register, name = (max(_MIN_SIZE, s * scale)
                                    for s in (_OFFICE_SIZE, _CODE_SIZE, _REGISTER_SIZE, _NAME_SIZE))
    offices = {" ".join(x.office.split()) for x in labels} or {""}
    longest_office = max(offices, key=lambda t: _width(t, fonts.SANS_BOLD, office))
    longest_code = max((x.code for x in labels), key=lambda c: _width(c, fonts.SANS_BOLD, code), default="")
    rule_gap = 1.6 * scale + _RULE_WIDTH
    while True:
        # One line or two for the office's name and for the code: whichever leaves the name two
        # lines (or the most it can have), then the code on one line, then the largest type.
        options = []
        for office_least, code_least in itertools.product((_MIN_SIZE / office, 1.0), (0.6, 1.0)):
            office_lines, office_fit = _lines_needed(longest_office, " ", fonts.SANS_BOLD, office, width,
                                                     office_least)
            code_lines, code_fit = _lines_needed(longest_code, ".", fonts.SANS_BOLD, code, width, code_least)
            fixed = (office_lines * office_fit + code_lines * code_fit + register) * _LEADING + rule_gap
            name_lines = min(_MAX_NAME_LINES, int((height - fixed) // (name * _LEADING)))
            readable_code = code_lines == 1 and code_fit >= 0.7 * code
            options.append(((min(name_lines, 2), readable_code, min(name_lines, 3),
                             round(office_fit + code_fit, 1)),
                            (office_lines, office_fit, code_lines, code_fit, fixed, name_lines)))
        office_lines, office_fit, code_lines, code_fit, fixed, name_lines = max(options)[1]
        if name_lines >= 1 or name <= _MIN_SIZE:
            break
        # Too low for one line of the name: everything a little smaller.
        office, code, register, name = (max(_MIN_SIZE, s * 0.92) for s in (office, code, register, name))
        rule_gap *= 0.92
    name_lines = max(1, name_lines)
    block = fixed + name_lines * name * _LEADING
    top = h - pad - max(0.0, (height - block) / 2)
    return _Design(qr_pad, (h - qr_size) / 2, qr_size, text_x, text_right, top, office_fit,
                   office_lines, code_fit, code_lines, register, name, name_lines, rule_gap)


def _fit(text: str, font: str, size: float, width: float, *, by_words: bool = False) -> tuple[str, float]:
    """``text`` in one line no wider than ``width``: shrunk down to _MIN_SIZE, then cut (whole
    words dropped with ``by_words``, else characters and a '…' added)."""
    have = _width(text, font, size)
    if have <= width:
        return text, size
    smaller = max(_MIN_SIZE, size * width / have)
    if _width(text, font, smaller) <= width:
        return text, smaller
    if by_words and " " in text:
        words = text.split()
        while len(words) > 1 and _width(" ".join(words), font, smaller) > width:
            words.pop()
        if _width(" ".join(words), font, smaller) <= width:
            return " ".join(words), smaller
    while text and _width(text + "…", font, smaller) > width:
        text = text[:-1]
    return text.rstrip() + "…", smaller


def _register_line(label: LabelData, size: float, width: float) -> tuple[str, float]:
    """'Reg. 0007   Th. 2024', or shorter where the label is narrow ('Reg. 0007 · 2024')."""
    from dinsos_desktop.reports import fonts

    year = str(label.year) if label.year else "-"
    register = label.register_text
    for text in (f"Reg. {register}   Th. {year}", f"Reg. {register} · {year}"):
        if _width(text, fonts.SANS, size) <= width:
            return text, size
    return _fit(f"{register} · {year}", fonts.SANS, size, width)


def _label_lines(label: LabelData, d: _Design) -> list[tuple[str, float, str, float]]:
    """(font, size, text, baseline y) of the label's lines, from the top."""
    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.agenda import _cut, _measure, wrap_text

    out: list[tuple[str, float, str, float]] = []
    y = d.text_top
    width = d.text_width

    def put(font: str, size: float, text: str, nominal: float) -> None:
        nonlocal y
        y -= nominal * _LEADING
        if text:
            out.append((font, size, text, y + nominal * 0.3))  # the baseline in the line's box

    office = " ".join(label.office.split())
    parts = _halves(office, " ") if d.office_lines == 2 else [office]
    parts += [""] * (d.office_lines - len(parts))
    for part in parts:
        text, size = _fit(part, fonts.SANS_BOLD, d.office_size, width, by_words=True)
        put(fonts.SANS_BOLD, size, text if part else "", d.office_size)
    y -= d.rule_gap
    parts = _halves(label.code, ".") if d.code_lines == 2 else [label.code]
    parts += [""] * (d.code_lines - len(parts))
    for part in parts:
        text, size = _fit(part, fonts.SANS_BOLD, d.code_size, width)
        put(fonts.SANS_BOLD, size, text if part else "", d.code_size)
    text, size = _register_line(label, d.register_size, width)
    put(fonts.SANS, size, text, d.register_size)
    size = round(d.name_size, 2)
    m = _measure(fonts.SANS, size)
    for text in _cut(wrap_text(" ".join(label.name.split()), width, m), d.name_lines, width, m):
        put(fonts.SANS, size, text, d.name_size)
    return out


def _draw_label(canvas: Canvas, text: Any, rules: Any, label: LabelData, d: _Design, x: float,
                y: float) -> None:
    draw_label_qr(canvas, label.payload, x + d.qr_x, y + d.qr_y, d.qr_size)
    for font, size, line, baseline in _label_lines(label, d):
        text.setFont(font, size)
        text.setTextOrigin(x + d.text_x, y + baseline)
        text.textOut(line)
    rules.moveTo(x + d.text_x, y + d.rule_y)
    rules.lineTo(x + d.text_right, y + d.rule_y)


def _positions(layout: LabelLayout) -> list[tuple[float, float]]:
    """The lower left corner of each label of a page, in the order they are filled."""
    if layout.roll:
        return [(0.0, 0.0)]
    page_h = layout.page_height_mm * MM
    out = []
    for r in range(layout.rows):
        top = page_h - (layout.margin_top_mm + r * (layout.label_height_mm + layout.gap_y_mm)) * MM
        for c in range(layout.columns):
            left = (layout.margin_left_mm + c * (layout.label_width_mm + layout.gap_x_mm)) * MM
            out.append((left, top - layout.label_height_mm * MM))
    return out


def render_labels(labels: Sequence[LabelData], layout: LabelLayout, *, progress: Progress | None = None,
                  cancelled: IsCancelled | None = None, title: str = "Label Aset") -> bytes:
    """The labels as a PDF on ``layout`` (a sheet of labels, or a roll: a page per label).

    ``progress(done, total)`` is called after each page and ``cancelled()`` asked before each:
    when it answers True, ``reports.agenda.Cancelled`` is raised. ValidationError when the layout
    does not fit its paper (``domain.assets.check_layout``); ValueError without labels."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    import dinsos_desktop.reports.document  # noqa: F401 - its binary streams, as every printout
    from dinsos_desktop import APP_NAME
    from dinsos_desktop.reports import fonts

    layout = check_layout(layout)
    if not labels:
        raise ValueError("Tidak ada label untuk dicetak.")
    fonts.register_fonts()
    design = _design(layout, labels)
    spots = _positions(layout)
    total = len(labels)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(layout.page_width_mm * MM, layout.page_height_mm * MM),
                    pageCompression=1, lang="id-ID", initialFontName=fonts.SANS)
    canvas.setTitle(title)
    canvas.setCreator(APP_NAME)
    canvas.setSubject(f"{total} label aset")
    if progress is not None:
        progress(0, total)
    per_page = len(spots)
    for start in range(0, total, per_page):
        if cancelled is not None and cancelled():
            raise Cancelled(CANCELLED_MESSAGE)
        canvas.setFillGray(0)
        canvas.setStrokeGray(0)
        canvas.setLineWidth(_RULE_WIDTH)
        text = canvas.beginText()
        rules = canvas.beginPath()
        for label, (x, y) in zip(labels[start:start + per_page], spots, strict=False):
            _draw_label(canvas, text, rules, label, design, x, y)
        canvas.drawText(text)
        canvas.drawPath(rules, stroke=1, fill=0)
        canvas.showPage()
        if progress is not None:
            progress(min(start + per_page, total), total)
    canvas.save()
    return out.getvalue()
