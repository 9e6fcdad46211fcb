"""Text out of a shared file: PDF (pypdf), Word (python-docx) or plain text.

A posting often arrives as a file. What comes out is read like a pasted posting; what cannot be
read raises `UnreadableFile` with a reason the reply template words kindly.
"""

from __future__ import annotations

import io
import zipfile

from bot.errors import UnreadableFile

# Limits, said in the README: a job ad is a page or three, so these leave room and no more.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20
# A .docx is a zip: its parts unpacked must fit in this, so a small bomb cannot fill memory.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
# A job ad's text is a few kilobytes a page: a PDF whose pages hold more (decoded) than this, or a
# Word file with more paragraphs and table cells than this, is refused or cut before extraction,
# whose cost grows with it (100 KB of page content took 0.5 s; 20,000 paragraphs 0.7 s).
MAX_PAGE_CONTENT_BYTES = 160 * 1024
MAX_PARTS = 3000
# Plain text with more than this share of control characters is binary, not a posting.
MAX_CONTROL_SHARE = 0.05

PDF, DOCX, TEXT = "pdf", "docx", "text"


def kind_of(data: bytes) -> str | None:
    """What the bytes are, from their first bytes rather than a name anyone can change."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return DOCX if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text if c < " " and c not in "\n\r\t\f")
    return TEXT if controls <= MAX_CONTROL_SHARE * max(len(text), 1) else None


def extract_text(data: bytes) -> str:
    """The text of a PDF, DOCX or UTF-8 file; `UnreadableFile` says why when there is none."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile("too_large", f"the file is over {MAX_FILE_BYTES // 2**20} MB")
    kind = kind_of(data)
    if kind is None:
        raise UnreadableFile("unsupported", "not a PDF, Word (.docx) or text file")
    if kind == TEXT:
        text = data.decode("utf-8-sig")
    elif kind == PDF:
        text = _pdf_text(data)
    else:
        text = _docx_text(data)
    if not text.strip():
        raise UnreadableFile("scanned" if kind == PDF else "empty", "the file holds no text")
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # imported only when a PDF arrives: it is slow to import

    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs are encrypted with an empty user password (only printing is restricted).
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted", "the PDF needs a password")
        if len(reader.pages) > MAX_PAGES:
            raise UnreadableFile("too_many_pages", f"the PDF has over {MAX_PAGES} pages")
        content = 0
        for page in reader.pages:
            stream = page.get_contents()
            content += len(stream.get_data()) if stream is not None else 0
            if content > MAX_PAGE_CONTENT_BYTES:
                raise UnreadableFile("too_large", "the PDF holds far more than a job ad")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except UnreadableFile:
        raise
    except NotImplementedError:
        raise UnreadableFile("encrypted", "the PDF's encryption is not supported") from None
    except Exception as exc:  # a damaged PDF can raise almost any type in pypdf
        raise UnreadableFile("corrupt", f"the PDF cannot be read ({type(exc).__name__})") from None


def _docx_text(data: bytes) -> str:
    import docx  # python-docx, imported only when a Word file arrives
    import docx.table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise UnreadableFile("too_large", "the Word file unpacks to too much")
        document = docx.Document(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as exc:  # python-docx raises many types on a damaged file
        raise UnreadableFile(
            "corrupt", f"the Word file cannot be read ({type(exc).__name__})"
        ) from None
    lines: list[str] = []
    for part in document.iter_inner_content():  # paragraphs and tables, in reading order
        if isinstance(part, docx.table.Table):
            lines.extend(cell.text for row in part.rows for cell in row.cells)
        else:
            lines.append(part.text)
        if len(lines) >= MAX_PARTS:
            break
    return "\n".join(lines[:MAX_PARTS])
