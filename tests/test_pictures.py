"""Pictures as phones make them: sized within their limits, placed to keep pages full, rows
side by side, captions with their pictures — on the sample issue with a photo in every
article (tests/photo_issue.py), and the sizing rules on their own."""

import subprocess
import sys

import pytest
import yaml

from pagefill import measure
from photo_issue import make_photos, write_photo_issue
from rules import Typeset
from typesetter.build import build
from typesetter.errors import InputError
from typesetter.layout import flow, pictures
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue

# -- sizing, as plain numbers ---------------------------------------------------------------------


def test_a_phone_photo_fills_its_column():
    size = pictures.natural((4000, 3000), 210, 700)
    assert (size.w, size.h) == (210, 157.5) and size.crop is None


def test_a_picture_is_never_set_larger_than_200_dpi_allows():
    size = pictures.natural((120, 40), 210, 700)
    assert size.w == pytest.approx(120 / 200 * 72)


def test_a_tall_picture_is_capped_in_height_or_cropped_when_allowed():
    tall = (1000, 3000)  # 1:3, a phone screenshot
    capped = pictures.natural(tall, 210, 700)
    assert capped.h == pytest.approx(700 * pictures.HEIGHT_CAP) and capped.w < 210
    cropped = pictures.natural(tall, 210, 700, fit="crop")
    assert cropped.w == 210 and cropped.h == pytest.approx(210 * pictures.CROP_ASPECT)
    left, top, right, bottom = cropped.crop
    assert (right - left, bottom - top) == pytest.approx((1, pictures.CROP_ASPECT / 3))


def test_the_flow_may_scale_down_to_half_unless_a_width_was_asked():
    size = pictures.natural((4000, 3000), 210, 700)
    least = pictures.smallest(size)
    assert least.w == pytest.approx(105)
    assert least.h == pytest.approx(size.h / 2)
    asked = pictures.natural((4000, 3000), 210, 700, asked=0.6)
    assert asked.w == pytest.approx(126) and pictures.smallest(asked, 0.6) == asked


def test_a_row_shares_one_height_across_the_width():
    widths, h = pictures.row_widths([0.75, 0.75, 4 / 3], 440, 10)
    assert sum(widths) + 20 == pytest.approx(440)
    assert [w * a for w, a in zip(widths, [0.75, 0.75, 4 / 3])] == pytest.approx([h] * 3)


# -- the manifest -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def photo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    make_photos(folder / "images")
    return folder


def _issue(folder, images):
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 1, "editor": "办公室", "date": "2024-01-05"},
        "sections": [{"name": "图片", "articles": [{"title": "图片", "body": "正文。" * 40, "images": images}]}],
    }
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_rows_fit_and_width_are_read(photo_folder):
    issue = load_issue(_issue(photo_folder, [
        {"row": [{"file": "images/row1.jpg", "caption": "一"}, {"file": "images/row2.jpg", "caption": "二"}]},
        {"file": "images/portrait.jpg", "fit": "crop", "width": "60%"},
        {"file": "images/square.jpg", "row": True}, {"file": "images/landscape.jpg", "row": True},
        {"file": "images/panorama.jpg", "width": 0.5},
    ]))
    images = issue.sections[0].articles[0].images
    assert [(im.row, im.span) for im in images] == [(1, "page"), (1, "page"), (0, "column"), (2, "page"),
                                                    (2, "page"), (0, "column")]
    assert (images[2].fit, images[2].width, images[5].width) == ("crop", 0.6, 0.5)


@pytest.mark.parametrize("images, message", [
    ([{"file": "images/square.jpg", "fit": "stretch"}], "不是可选的值"),
    ([{"file": "images/square.jpg", "width": "150%"}], "25% 到 100%"),
    ([{"file": "images/square.jpg", "width": "wide"}], "不是比例"),
    ([{"row": [{"file": "images/square.jpg"}]}], "2～3 张"),
    ([{"row": [{"file": f"images/{n}"} for n in ("square.jpg", "row1.jpg", "row2.jpg", "row3.jpg")]}], "2～3 张"),
    ([{"file": "images/square.jpg", "row": True}], "无法并排"),
    ([{"row": [{"file": "images/square.jpg", "span": "page"}, {"file": "images/row1.jpg"}]}], "span"),
])
def test_bad_picture_keys_get_a_clear_message(photo_folder, images, message):
    path = _issue(photo_folder, images)
    with pytest.raises(InputError) as caught:
        load_issue(path)
    problem = caught.value.problems[0]
    assert message in problem.message and problem.line and problem.line > 5, problem


def test_a_bad_picture_key_stops_the_build_with_exit_code_2(photo_folder):
    path = _issue(photo_folder, [{"file": "images/square.jpg", "fit": "stretch"}])
    out = photo_folder / "bad.pdf"
    done = subprocess.run([sys.executable, "-m", "typesetter", str(path), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "fit" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


# -- the sample with a photo in every article --------------------------------------------------------


@pytest.fixture(scope="module")
def photo_issue(photo_folder):
    path = write_photo_issue(photo_folder)
    build(path, photo_folder / "photos.pdf")
    issue = load_issue(path)
    geom = make_geometry(issue.style)
    pages, pics = measure(photo_folder / "photos.pdf", geom)
    return issue, geom, Typeset(photo_folder / "photos.pdf", issue, geom), pages, pics


def test_the_photo_issue_keeps_every_rule(photo_issue):
    _, _, t, _, _ = photo_issue
    stats = t.check_all()
    assert stats["justified"] > 300


def test_every_picture_is_placed_at_200_dpi_or_more(photo_issue):
    issue, _, _, _, pics = photo_issue
    wanted = sum(len(a.images) for s in issue.sections for a in s.articles)
    assert len(pics) == wanted
    assert min(p.dpi for p in pics) >= 199.5


def test_captions_stand_under_their_pictures(photo_issue):
    issue, _, _, _, pics = photo_issue
    captions = [im.caption for s in issue.sections for a in s.articles for im in a.images]
    found = [p.caption for p in pics]
    for caption in captions:
        assert any(caption == text for text in found), (caption, found)


def test_a_row_stands_side_by_side(photo_issue):
    _, geom, _, _, pics = photo_issue
    row = [p for p in pics if p.caption in ("廉洁文化宣讲", "项目工地现场", "签订廉洁承诺书")]
    assert len(row) == 3
    assert len({(p.page, round(p.top, 1), round(p.bottom, 1)) for p in row}) == 1
    assert all(a.x1 < b.x0 for a, b in zip(row, row[1:]))
    assert row[-1].x1 - row[0].x0 > geom.col_w  # across both columns


def test_a_tall_portrait_is_capped(photo_issue):
    _, geom, _, _, pics = photo_issue
    for p in pics:
        assert p.bottom - p.top <= (geom.bottom - geom.top) * pictures.HEIGHT_CAP + 0.5


def test_no_page_but_the_last_is_more_than_15_percent_empty(photo_issue):
    _, _, _, pages, _ = photo_issue
    for page in pages[:-1]:
        assert page.emptiness <= 0.15, (page.number, page.empty)


def test_a_row_across_the_page_fills_the_text_width(photo_issue):
    _, geom, _, _, pics = photo_issue
    row = [p for p in pics if p.caption in ("廉洁文化宣讲", "项目工地现场", "签订廉洁承诺书")]
    assert row[-1].x1 - row[0].x0 >= 0.9 * geom.width, (row[-1].x1 - row[0].x0, geom.width)


# -- no picture smaller than a full page needs ------------------------------------------------------


@pytest.fixture(scope="module")
def photo_elements(photo_issue, photo_folder):
    """What the photo issue gives the flow: its elements, geometry and 报尾."""
    import typesetter.layout as layout

    seen = []
    paginate = layout.paginate

    def catch(elements, geom, colophon):
        seen.append((elements, geom, colophon))
        return paginate(elements, geom, colophon)

    layout.paginate = catch
    try:
        build(photo_folder / "photos.yaml", write=False)
    finally:
        layout.paginate = paginate
    return seen[0]


def test_no_picture_is_scaled_down_more_than_a_full_page_needs(photo_elements):
    """A picture held below its natural size is held there because its natural size, or a
    step larger, would leave a page (not the last) more than 15% empty, or add a page."""
    elements, geom, colophon = photo_elements
    _, first = flow._flow_all(elements, geom, colophon, {})
    natural = {x.figure: x for x in first.placed}
    limits, pages, p, _ = flow.fit_pictures(elements, geom, colophon)
    assert not p.gaps
    assert limits, "the photo issue needs some picture smaller: else this test tests nothing"
    for figure, limit in limits.items():
        x = natural[figure]
        larger = [s for s in [x.size] + flow.picture_steps(x, geom) if s > limit + 1e-6]
        assert larger, (figure, limit)  # held at or above its natural size: no limit at all
        trial = {**limits, figure: min(larger)}
        trial_pages, trial_p = flow._flow_all(elements, geom, colophon, trial)
        assert trial_p.gaps or len(trial_pages) > len(pages), (figure, limit, min(larger))



def test_a_flow_taken_up_from_a_saved_state_is_the_flow_from_the_start(photo_elements):
    """The page-filling search takes each trial flow up where it first differs from a kept
    one (flow.Resumes): every flow it ran — its pages item for item, its pictures, gaps and
    shorts, where it ended — is the same as that flow run from the first element."""
    elements, geom, colophon = photo_elements
    resumes = flow.Resumes(elements, geom)
    ran = []
    run = resumes.flow

    def remember(reserve_from, reserve, limits, spaced):
        start = resumes.start(reserve_from, reserve, limits or {}, spaced or {})
        pages, p = run(reserve_from, reserve, limits, spaced)
        ran.append(((reserve_from, reserve, dict(p.limits), dict(p.spaced)), start and start[1].element,
                    [list(page.items) for page in pages], p))
        return pages, p

    resumes.flow = remember
    limits, _, _, flows = flow.fit_pictures(elements, geom, colophon, resumes)
    assert limits and flows > 2, "no search ran: this test tests nothing"
    assert sum(1 for _, start, _, _ in ran if start) >= flows // 2, "few flows were taken up"
    for (reserve_from, reserve, trial_limits, spaced), _, items, p in ran:
        alone = flow.Resumes(elements, geom)
        pages, q = alone.flow(reserve_from, reserve, trial_limits, spaced)
        assert [page.items for page in pages] == items
        assert (q.placed, q.gaps, q.shorts, q.y, q.pending) == (p.placed, p.gaps, p.shorts, p.y, p.pending)
