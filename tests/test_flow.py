"""The flow's decisions on plain data: cells of known sizes, no fonts, no PDF."""

from typesetter.layout.blocks import Block, Cell, Looser, Run
from typesetter.layout.boxes import Rule
from typesetter.layout.flow import Paginator, paginate
from typesetter.layout.geometry import make_geometry
from typesetter.model import Style

GEOM = make_geometry(Style())
AVAIL = GEOM.lines_between(GEOM.top, GEOM.bottom)


def paragraph(n: int, group: int, name: str) -> list[Cell]:
    """n lines with the paragraph keep rules: the first not alone at a foot, the last not
    alone at a head."""
    cells = [Cell(1, [], text=f"{name}{k}", group=group) for k in range(n)]
    if n > 1:
        cells[0].keep = True
        cells[n - 2].keep = True
    return cells


def column_heights(cells, start, ends):
    heights, k = [], start
    for end in ends:
        heights.append(sum(c.lines for c in cells[k:end]))
        k = end
    return heights


def test_a_column_that_would_end_a_line_short_is_filled_by_a_looser_paragraph():
    # the first column: a paragraph one line short of the foot, then a paragraph whose
    # first line may not stand alone there
    cells = paragraph(AVAIL - 1, 1, "a") + paragraph(6, 2, "b") + paragraph(AVAIL * 3, 3, "c")
    loose = paragraph(AVAIL, 1, "A")
    variants = {1: Looser(lambda: loose, AVAIL, 1), 2: Looser(lambda: None, 7, 2),
                3: Looser(lambda: None, AVAIL * 3 + 1, 3)}
    p = Paginator(GEOM)
    p.new_page()
    trial, ends = p._columns(list(cells), 0, AVAIL, force=True)
    assert column_heights(trial, 0, ends)[0] == AVAIL - 1  # short without looseness
    trial, ends = p._fill_page(trial, 0, ends, AVAIL, variants)
    assert column_heights(trial, 0, ends) == [AVAIL, AVAIL]
    assert trial[AVAIL - 1].text == f"A{AVAIL - 1}"


def marked(cells):
    """Each cell with a hairline at its top, to find where it was put."""
    for k, cell in enumerate(cells):
        cell.items = [Rule(0, 0, 1, 0, 0.1)]
        cell.text = str(k)
    return cells


def test_text_starts_on_the_body_grid_with_its_heading_at_a_fixed_distance():
    masthead = Block(101.7, [], kind="masthead")
    elements = [masthead]
    for height in (23.3, 40.9, 61.2):  # headings of any height
        elements += [Block(height, [Rule(0, 0, 1, 0, 2.0)], keep_with_next=True, space_before=7.1, kind="title"),
                     Run(marked(paragraph(5, 0, "x")), space_after=GEOM.pitch * 0.7)]
    (page,) = paginate(elements, GEOM, None)
    heads = [r.y1 for r in page.items if r.width == 2.0]
    lines = sorted(r.y1 for r in page.items if r.width == 0.1)
    for y in lines:
        steps = (y - GEOM.top) / GEOM.pitch
        assert abs(steps - round(steps)) < 1e-6, y
    for head, height in zip(heads, (23.3, 40.9, 61.2)):
        first = min(y for y in lines if y > head)
        assert abs(first - head - height) < 1e-6


def test_a_looser_paragraph_on_one_page_keeps_the_next_page_full():
    """Page 2's first column would end a line short (a paragraph's first line may not stand
    alone at its foot); one line more on page 1, from a looser paragraph there, moves
    everything on page 2 down a line and both pages end full."""
    a = AVAIL
    x1, x2 = paragraph(2 * a - 4, 1, "x"), paragraph(10, 2, "y")
    y, p, z = paragraph(a - 7, 3, "z"), paragraph(10, 4, "p"), paragraph(3 * a, 5, "q")
    cells = marked(x1 + x2 + y + p + z)
    variants = {1: Looser(lambda: marked(paragraph(2 * a - 3, 1, "X")), 2 * a - 3, 1),
                2: Looser(lambda: None, 11, 2), 3: Looser(lambda: None, a - 6, 3), 4: Looser(lambda: None, 11, 4),
                5: Looser(lambda: None, 3 * a + 1, 5)}
    pg = Paginator(GEOM)
    pg.new_page()
    pg.run(Run(cells, variants=variants))
    for page in pg.pages[1:3]:
        columns = {}
        for rule in page.items:
            columns.setdefault(round(rule.x1, 3), []).append(rule)
        assert [len(c) for c in columns.values()] == [a, a], page.number


def test_columns_under_a_heading_that_would_end_short_get_a_line_of_room_above_it():
    """Under a title, the first column would end a line short (the next paragraph's first
    line may not stand alone at its foot) and no paragraph can take a line more: a line of
    room above the title moves the text down and both columns end at the foot."""
    masthead = Block(200.0, [], kind="masthead")
    title = Block(40.0, [Rule(0, 0, 1, 0, 2.0)], keep_with_next=True, space_before=10.0, kind="title")
    first = Paginator(GEOM)
    first.block(masthead)
    first.block(title, 2 * GEOM.pitch, 2 * GEOM.pitch)
    avail = GEOM.lines_between(first.grid(first.y), GEOM.bottom)
    cells = marked(paragraph(avail - 1, 0, "y") + paragraph(10, 0, "p") + paragraph(3 * AVAIL, 0, "z"))
    pages = paginate([masthead, title, Run(cells)], GEOM, None)
    lines = [r for r in pages[0].items if r.width == 0.1]
    columns = {}
    for rule in lines:
        columns.setdefault(round(rule.x1, 3), []).append(rule.y1)
    feet = [max(ys) for ys in columns.values()]
    assert len(feet) == 2 and feet[0] == feet[1]
    assert abs(feet[0] - (GEOM.top + (AVAIL - 1) * GEOM.pitch)) < 1e-6  # the foot line
