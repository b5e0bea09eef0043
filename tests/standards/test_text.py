"""The standards text parser: headings, lists and paragraphs (#5)."""

from standards.text import text_blocks


def test_text_blocks_headings_lists_and_paragraphs():
    blocks = text_blocks(
        "Intro line.\n\nI. ATTITUDE\n\n- One;\n- Two.\n\nVI. ACCOUNTABILITY\n- Three"
    )
    assert [(b.kind, b.text, b.items) for b in blocks] == [
        ("paragraph", "Intro line.", []),
        ("heading", "I. ATTITUDE", []),
        ("list", "", ["One", "Two."]),
        ("heading", "VI. ACCOUNTABILITY", []),
        ("list", "", ["Three"]),
    ]
