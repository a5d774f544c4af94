"""A tiny PDF reader for the tests: page sizes from /MediaBox and the text of each page through
each embedded font's /ToUnicode map, so the printout tests need neither poppler nor pypdf.

Just enough of PDF for what reportlab writes (uncompressed or Flate/ASCII85 streams, simple
fonts with bfchar maps); not a general parser.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class PdfPage:
    media_box: tuple[float, float, float, float]
    text: str  # one line per text-showing operation, in drawing order


@dataclass
class ParsedPdf:
    pages: list[PdfPage]
    forms: list[str]  # text inside form XObjects (the "Y" of "halaman X dari Y")

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\n?endstream$", re.S)
_TOKEN = re.compile(  # just enough of the content-stream syntax for text
    rb"/[^\s/\[\]()<>{}]+|\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|[-+.\d]+|[A-Za-z'\"*]+", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream_data(head: bytes, raw: bytes) -> bytes:
    filters = re.search(rb"/Filter\s*(\[[^\]]*\]|/\w+)", head)
    for name in re.findall(rb"/(\w+)", filters.group(1)) if filters else []:
        if name == b"ASCII85Decode":
            raw = base64.a85decode(raw.strip(), adobe=True)
        elif name == b"FlateDecode":
            raw = zlib.decompress(raw)
        else:
            raise AssertionError(f"unexpected filter {name!r}")
    return raw


def _literal(token: bytes) -> bytes:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i:i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _cmap(data: bytes) -> dict[int, str]:
    return {int(src, 16): chr(int(dst, 16))
            for src, dst in re.findall(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>", data)}


def _show_text(content: bytes, fonts: dict[bytes, dict[int, str]]) -> Iterator[str]:
    cmap: dict[int, str] | None = None
    operands: list[bytes] = []
    for token in _TOKEN.findall(content):
        if token[:1].isalpha() or token[:1] in (b"'", b'"'):
            if token == b"Tf" and len(operands) >= 2:
                cmap = fonts.get(operands[-2][1:])
            elif token in (b"Tj", b"TJ", b"'", b'"'):
                chunks = []
                for operand in operands:
                    if operand.startswith(b"("):
                        data = _literal(operand)
                    elif operand.startswith(b"<"):
                        data = bytes.fromhex(operand[1:-1].decode())
                    else:
                        continue
                    chunks.append("".join(cmap.get(b, "?") for b in data) if cmap is not None
                                  else data.decode("latin-1"))
                yield "".join(chunks)
            operands = []
        else:
            operands.append(token)


def parse_pdf(pdf: bytes) -> ParsedPdf:
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for number, body in _OBJ.findall(pdf):
        stream = _STREAM.match(body)
        if stream:
            head, raw = stream.group(1), stream.group(2)
            length = re.search(rb"/Length (\d+)(?! \d+ R)", head)
            if length:  # binary data may itself end in a line break: trust the length
                start = body.index(b"stream", len(head)) + len(b"stream")
                start += 2 if body[start:start + 2] == b"\r\n" else 1
                raw = body[start:start + int(length.group(1))]
            objects[int(number)] = (head, _stream_data(head, raw))
        else:
            objects[int(number)] = (body, None)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _ in objects.values():
        name = re.search(rb"/Name /(\S+)", head)
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if b"/Type /Font" in head and name and to_unicode:
            data = objects[int(to_unicode.group(1))][1]
            assert data is not None
            fonts[name.group(1)] = _cmap(data)
    kids = re.search(rb"/Kids \[([^\]]*)\]", next(h for h, _ in objects.values() if b"/Type /Pages" in h))
    assert kids
    pages = []
    for ref in re.findall(rb"(\d+) 0 R", kids.group(1)):
        head = objects[int(ref)][0]
        box = re.search(rb"/MediaBox \[\s*([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\s*\]", head)
        contents = re.search(rb"/Contents (\d+) 0 R", head)
        assert box and contents
        data = objects[int(contents.group(1))][1]
        assert data is not None
        x0, y0, x1, y1 = (float(v) for v in box.groups())
        pages.append(PdfPage((x0, y0, x1, y1), "\n".join(_show_text(data, fonts))))
    forms = ["\n".join(_show_text(data, fonts)) for head, data in objects.values()
             if data is not None and b"/Subtype /Form" in head]
    return ParsedPdf(pages, forms)


def squash(text: str) -> str:
    """Text without white space: line breaks fall anywhere, words must still be in order."""
    return "".join(text.split())
