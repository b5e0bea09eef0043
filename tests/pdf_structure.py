"""Read a PDF's tagging the way a screen reader or a PDF/UA checker would.

`pdf_structure` returns the facts (roles of the structure tree in reading order, the
figures' alternative texts, the catalogue's language, the titles, the PDF/UA mark);
`assert_accessible` fails with every problem found, so that an untagged PDF is
rejected with reasons a person can act on.
"""

import io
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
DC_NS = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass
class StructElement:
    role: str
    alt: str | None = None
    headers: list[str] | None = None
    children: list["StructElement"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PdfStructure:
    marked: bool
    tree: StructElement | None  # the /StructTreeRoot's element, usually Document
    lang: str | None
    info_title: str | None
    xmp_title: str | None
    display_doc_title: bool
    pdfua_part: str | None

    @property
    def roles(self) -> list[str]:
        """Every role of the tree, in reading order."""
        return [e.role for e in self.tree.walk()] if self.tree else []

    @property
    def headings(self) -> list[int]:
        """The heading levels, in reading order: H1 -> 1."""
        return [int(role[1:]) for role in self.roles if re.fullmatch(r"H[1-6]", role)]

    @property
    def figures(self) -> list[StructElement]:
        return [e for e in self.tree.walk() if e.role == "Figure"] if self.tree else []


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _element(node: DictionaryObject, depth: int = 0) -> StructElement:
    attributes = _resolve(node.get("/A"))
    headers = None
    if isinstance(attributes, DictionaryObject) and "/Headers" in attributes:
        headers = [str(h) for h in _resolve(attributes["/Headers"])]
    alt = node.get("/Alt")
    element = StructElement(
        role=str(node.get("/S", "")).lstrip("/"),
        alt=str(alt) if alt is not None else None,
        headers=headers,
    )
    kids = _resolve(node.get("/K"))
    if kids is None or depth > 200:
        return element
    if not isinstance(kids, ArrayObject):
        kids = [kids]
    for kid in kids:
        kid = _resolve(kid)
        # Integers are marked-content ids; OBJR are annotations: leaves, not roles.
        if isinstance(kid, DictionaryObject) and kid.get("/Type") != "/OBJR":
            element.children.append(_element(kid, depth + 1))
    return element


def _xmp(reader: PdfReader) -> tuple[str | None, str | None]:
    """Return the XMP metadata's pdfuaid:part and dc:title."""
    metadata = _resolve(reader.trailer["/Root"].get("/Metadata"))
    if metadata is None:
        return None, None
    data = metadata.get_data()
    start, end = data.find(b"<x:xmpmeta"), data.rfind(b"</x:xmpmeta>")
    if start < 0 or end < 0:
        return None, None
    root = ET.fromstring(data[start : end + len(b"</x:xmpmeta>")])
    part = None
    for description in root.iter(f"{{{RDF_NS}}}Description"):
        part = part or description.get(f"{{{PDFUA_NS}}}part")
        for element in description.iter(f"{{{PDFUA_NS}}}part"):
            part = part or (element.text or "").strip()
    title = None
    for element in root.iter(f"{{{DC_NS}}}title"):
        texts = [li.text or "" for li in element.iter(f"{{{RDF_NS}}}li")]
        title = texts[0] if texts else None
    return part, title


def pdf_structure(content: bytes) -> PdfStructure:
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    mark_info = _resolve(catalog.get("/MarkInfo")) or {}
    tree = None
    root = _resolve(catalog.get("/StructTreeRoot"))
    if root is not None:
        top = _element(root)
        # The root holds the document element (WeasyPrint: one /Document).
        tree = top.children[0] if len(top.children) == 1 else top
    preferences = _resolve(catalog.get("/ViewerPreferences")) or {}
    info = reader.metadata
    part, xmp_title = _xmp(reader)
    lang = catalog.get("/Lang")
    return PdfStructure(
        marked=bool(mark_info.get("/Marked", False)),
        tree=tree,
        lang=str(lang) if lang is not None else None,
        info_title=str(info.title) if info and info.title is not None else None,
        xmp_title=xmp_title,
        display_doc_title=bool(preferences.get("/DisplayDocTitle", False)),
        pdfua_part=part,
    )


def problems_of(
    structure: PdfStructure,
    *,
    lang: str,
    title: str,
    roles: set[str] = frozenset(),
) -> list[str]:
    """Return what keeps the PDF from reading well with a screen reader."""
    problems = []
    if not structure.marked:
        problems.append("not /MarkInfo /Marked true")
    if structure.tree is None:
        problems.append("no /StructTreeRoot")
    elif structure.tree.role != "Document":
        problems.append(f"the tree starts with {structure.tree.role}, not Document")
    if structure.pdfua_part != "1":
        problems.append(f"XMP pdfuaid:part is {structure.pdfua_part!r}, not '1'")
    if structure.lang != lang:
        problems.append(f"/Lang is {structure.lang!r}, not {lang!r}")
    if title not in (structure.info_title, structure.xmp_title):
        problems.append(
            f"title is {structure.info_title!r} (XMP {structure.xmp_title!r}),"
            f" not {title!r}"
        )
    if not structure.display_doc_title:
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    missing = set(roles) - set(structure.roles)
    if missing:
        problems.append(f"no {', '.join(sorted(missing))} in the structure tree")
    levels = structure.headings
    if structure.tree is not None:
        if not levels or levels[0] != 1:
            problems.append(f"the first heading is not H1: {levels[:3]}")
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                problems.append(f"heading levels jump from H{before} to H{after}")
                break
    for figure in structure.figures:
        if not (figure.alt or "").strip():
            problems.append("a Figure without /Alt (decorative images are artifacts)")
            break
    if structure.tree is not None:
        cells = [e for e in structure.tree.walk() if e.role == "TD"]
        if any(not cell.headers for cell in cells) and "TH" in structure.roles:
            problems.append("a table cell without /Headers (TH with scope)")
    return problems


def assert_accessible(
    content: bytes, *, lang: str, title: str, roles: set[str] = frozenset()
) -> PdfStructure:
    """Fail with every problem of a PDF that is not tagged PDF/UA-1 as expected."""
    structure = pdf_structure(content)
    problems = problems_of(structure, lang=lang, title=title, roles=roles)
    assert not problems, "PDF not accessible:\n- " + "\n- ".join(problems)
    return structure
