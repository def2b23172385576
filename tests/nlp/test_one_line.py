"""A story pasted without line breaks is one paragraph of any length: it must
be parsed whole, in bounded pieces, and find what the same story finds when
written in paragraphs (issue 18: a 1 MB one-line article gave 71 quotes, the
same text in paragraphs 4,452)."""
from collections import Counter
from pathlib import Path

from quotes.nlp import extract_article
from quotes.nlp.furniture import strip_breadcrumb
from quotes.nlp.marks import scan_paragraph
from quotes.nlp.paragraphs import Paragraph, split_pieces

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# One line loses the paragraph structure some sieves use (a quote alone in its
# paragraph, the paragraph before it), and page furniture is no longer a line
# of its own to skip: a few quotes differ. Measured on this text (60 KB): 281
# quotes in paragraphs, 295 on one line (108 before the fix); 137 of the 139
# quoted spans found in paragraphs are found on one line.
MARGIN = 0.10


def _articles(size: int) -> tuple[str, str]:
    """The seed articles' paragraphs repeated to about `size` characters, as
    paragraphs and as one line; numbered, so that no paragraph repeats (a
    repeated paragraph is page furniture). One seed carries a breadcrumb
    ("Home » …"), as pages do."""
    paras = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    out, n, k = [], 0, 0
    while n < size:
        para = f"{paras[k % len(paras)]} ({k // len(paras)})"
        out.append(para)
        n += len(para) + 2
        k += 1
    return "\n\n".join(out), " ".join(" ".join(out).split())


def _texts(text, extraction) -> Counter:
    return Counter(s.text for q in extraction.quotes if q.kind != "indirect" for s in q.spans)


def test_one_line_finds_what_paragraphs_find(nlp):
    paragraphed, one_line = _articles(60_000)
    assert "\n" not in one_line and len(one_line) > 2 * 20_000   # several parse pieces
    by_para = extract_article(nlp, paragraphed)
    by_line = extract_article(nlp, one_line)
    for q in by_line.quotes:
        for s in q.spans:
            assert s.text == one_line[s.start:s.end]
    assert abs(len(by_line.quotes) - len(by_para.quotes)) <= MARGIN * len(by_para.quotes), \
        (len(by_line.quotes), len(by_para.quotes))
    para_texts, line_texts = _texts(paragraphed, by_para), _texts(one_line, by_line)
    found = sum((para_texts & line_texts).values())
    assert found >= (1 - MARGIN) * sum(para_texts.values()), (found, sum(para_texts.values()))
    # the end of the line is found as well as its start (nothing dropped or left unparsed)
    last = max(s.start for q in by_line.quotes for s in q.spans)
    assert last > 0.95 * len(one_line)


def test_a_long_line_keeps_a_chevron_mid_story():
    """A breadcrumb is a few words before the title; a » after many words is
    part of the story, and cutting there dropped everything before it."""
    story = "“We will win,” said Dana Ortiz. " * 50 + "Home » Politics » Title"
    assert strip_breadcrumb(story, Paragraph(0, len(story))) == Paragraph(0, len(story))
    crumb = "Home » Politics » Ortiz says ‘we will win’"
    assert crumb[strip_breadcrumb(crumb, Paragraph(0, len(crumb))).start:] == "Ortiz says ‘we will win’"


def test_pieces_are_bounded_and_cut_outside_quotations():
    sentence = "Ortiz spoke. “We will win. We must. We shall,” said Mr. Lee on Monday. "
    text = (sentence * 400).strip()
    regions = scan_paragraph(text, 0, len(text))
    pieces = split_pieces(text, 0, len(text), limit=1_000, quoted=[r.outer for r in regions])
    assert len(pieces) > 20
    assert all(e - s <= 1_000 for s, e in pieces)
    # every character but the spaces at the cuts is in a piece, in order
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for (_, e), (s, _) in zip(pieces, pieces[1:]):
        assert e <= s and not text[e:s].strip()
    for s, e in pieces[:-1]:
        assert not any(r.outer[0] < e < r.outer[1] for r in regions)
        assert not text[:e].endswith("Mr.")
        assert text[:e].endswith((".", ".”"))


def test_a_quotation_longer_than_a_piece_is_still_cut():
    text = "“" + "We will win. " * 300 + "”"
    regions = scan_paragraph(text, 0, len(text))
    pieces = split_pieces(text, 0, len(text), limit=1_000, quoted=[r.outer for r in regions])
    assert all(e - s <= 1_000 for s, e in pieces) and pieces[-1][1] == len(text)
    assert all(text[:e].endswith(".") for _, e in pieces[:-1])   # at a sentence end, if inside the quote


def test_parse_batches_are_bounded_in_characters():
    """The parser's memory grows with the characters in a batch: a one-line
    story's 20k pieces go one at a time, short paragraphs 64 at a time."""
    from quotes.nlp.pipeline import _batches

    pieces = ["x" * 20_000] * 5 + ["y" * 100] * 130
    batches = list(_batches(pieces, 64, 25_000))
    assert [t for b in batches for t in b] == pieces
    assert [len(b) for b in batches] == [1, 1, 1, 1, 51, 64, 16]   # 20k + 50 x 100 fills the fifth
    assert all(sum(map(len, b)) <= 25_000 or len(b) == 1 for b in batches)
    assert max(len(b) for b in batches) == 64
