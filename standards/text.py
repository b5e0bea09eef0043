"""Turn the standards' plain text into blocks for templates (never raw HTML).

Lines like "I. ATTITUDE TOWARDS CLIENTS" are headings, lines starting with "- " list
items, anything else paragraphs. Templates escape every string as usual.
"""

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^[IVXLC]+\.\s+\S")


@dataclass
class Block:
    kind: str  # "heading", "list" or "paragraph"
    text: str = ""
    items: list[str] = field(default_factory=list)


def text_blocks(text: str) -> list[Block]:
    """Return the headings, lists and paragraphs of `text`, in order."""
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ")):
            item = line[2:].strip().rstrip(";")
            if not blocks or blocks[-1].kind != "list":
                blocks.append(Block("list"))
            blocks[-1].items.append(item)
        elif HEADING.match(line):
            blocks.append(Block("heading", text=line))
        else:
            blocks.append(Block("paragraph", text=line.lstrip("# ").strip()))
    return blocks
