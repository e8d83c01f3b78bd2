"""The message: what the recipients see.

One multipart message (RFC 2045–2049, written with the SMTP policy: CRLF, RFC 2047 headers):

    multipart/mixed
      multipart/alternative
        text/plain              the issue, its 编印单位 and date, the 本期要目 titles
        multipart/related
          text/html             the same, and the first page as a picture
          image/png             the first page (Content-ID), for readers who never open
                                attachments
      application/pdf           the issue, named 嘉定国资2023年第10期.pdf (RFC 2231)

Recipients are never in To or Cc: the envelope carries them (see transport); To names the
sender, as a mail program does for a message sent to Bcc only.
"""

from __future__ import annotations

import html
import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from .. import __version__
from ..files import size_label as _size
from ..model import Issue
from .recipients import Recipient

PREVIEW_WIDTH = 1000  # pixels: sharp at the 600 CSS pixels it is shown at, on a 1.6× screen
# A page of text is black, grey antialiasing and the 套红 red: 16 colours show it as it is at
# a fifth of the size of full colour; a page with a photo gets a full palette.
TEXT_COLOURS, PHOTO_COLOURS = 16, 256


def subject(issue: Issue) -> str:
    """嘉定国资 2023年第10期"""
    return issue.name


def attachment_name(issue: Issue) -> str:
    """嘉定国资2023年第10期.pdf: the title and the issue, without what a file name may not hold."""
    m = issue.masthead
    label = f"{m.year}年第{m.number}期" if m.year else f"第{m.number}期"
    return re.sub(r'[\\/:*?"<>|\s]+', "", f"{m.title}{label}") + ".pdf"


def contents(issue: Issue) -> list[tuple[str, list[str]]]:
    """The 本期要目: each section's name and its articles' titles (a section of briefs says how
    many it has: 共 2 则). A section with nothing in it yet is left out, as in the PDF."""
    out = []
    for section in issue.sections:
        if not section.articles and not section.briefs:
            continue
        titles = ["".join(a.title.splitlines()) for a in section.articles]
        if section.briefs:
            titles.append(f"共 {len(section.briefs)} 则")
        out.append((section.name, titles))
    return out


def first_page_png(pdf: bytes) -> bytes:
    """Page 1 as a palette PNG PREVIEW_WIDTH pixels wide (about 90 KB for a page of text)."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        photo = any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        image = page.render(scale=PREVIEW_WIDTH / page.get_width()).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    buf = io.BytesIO()
    image.quantize(colors=PHOTO_COLOURS if photo else TEXT_COLOURS).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _address(r: Recipient) -> Address:
    local, domain = r.address.rsplit("@", 1)
    return Address(display_name=r.name, username=local, domain=domain)


def compose(issue: Issue, pdf: bytes, pages: int, *, sender: Recipient | None,
            bcc: list[Recipient] = (), draft: bool = False, preview: bytes | None = None) -> EmailMessage:
    """The message for an issue. `bcc` is written into the message only for a draft, for the
    mail program to send to (it takes Bcc out before sending); `draft` marks it X-Unsent."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = subject(issue)
    if sender:
        msg["From"] = _address(sender)
        msg["To"] = _address(sender)
    if draft:
        if bcc:
            msg["Bcc"] = [_address(r) for r in bcc]
        msg["X-Unsent"] = "1"  # Outlook, Thunderbird and Apple Mail open the file as a draft
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid("typesetter", domain=sender.address.rsplit("@", 1)[1] if sender else "localhost")
    msg["X-Mailer"] = f"typesetter {__version__}"

    name = attachment_name(issue)
    cid = make_msgid("page1", domain="typesetter.invalid")
    msg.set_content(plain_body(issue, name, pages, len(pdf)), cte="base64")
    msg.add_alternative(html_body(issue, name, pages, len(pdf), cid[1:-1] if preview else None),
                        subtype="html", cte="base64")
    if preview:
        msg.get_payload()[1].add_related(preview, "image", "png", cid=cid, disposition="inline",
                                         filename="第1页.png")
    msg.add_attachment(pdf, "application", "pdf", filename=name)
    # the name in Content-Type too (RFC 2231 as well): some mail programs read only that one
    msg.get_payload()[-1].set_param("name", name)
    return msg


def plain_body(issue: Issue, attachment: str, pages: int, size: int) -> str:
    m = issue.masthead
    lines = [f"《{m.title}》{m.issue_label}", f"{m.editor}　{m.date_label}印发"]
    if m.notice:
        lines.append(m.notice)
    lines += ["", "本期要目"]
    for name, titles in contents(issue):
        lines.append(f"【{name}】")
        lines += [f"　　{t}" for t in titles]
    lines += ["", f"全文见附件《{attachment}》（{pages} 页，{_size(size)}）。", ""]
    return "\n".join(lines)


def html_body(issue: Issue, attachment: str, pages: int, size: int, cid: str | None) -> str:
    m = issue.masthead
    e = html.escape
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(issue.name)}</title></head>",
        '<body style="margin:0;padding:16px;background:#fff;color:#222;'
        "font-family:'Microsoft YaHei','PingFang SC','Noto Sans CJK SC',SimSun,sans-serif;"
        'font-size:15px;line-height:1.6">',
        '<div style="max-width:640px;margin:0 auto">',
    ]
    if m.notice:
        parts.append(f'<p style="margin:0;font-size:12px;color:#666">{e(m.notice)}</p>')
    parts += [
        f'<p style="margin:0;font-size:28px;font-weight:bold;color:#e60012;letter-spacing:4px">{e(m.title)}</p>',
        f'<p style="margin:2px 0 0">{e(m.issue_label)}</p>',
        f'<p style="margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid #e60012;color:#444">'
        f"{e(m.editor)}　{e(m.date_label)}印发</p>",
        '<p style="margin:12px 0 4px;font-size:17px;font-weight:bold">本期要目</p>',
    ]
    for name, titles in contents(issue):
        parts.append(f'<p style="margin:8px 0 2px;font-weight:bold">【{e(name)}】</p>')
        parts.append('<ul style="margin:0 0 4px;padding-left:2em">'
                     + "".join(f"<li>{e(t)}</li>" for t in titles) + "</ul>")
    parts.append(f'<p style="margin:16px 0 8px">全文见附件《{e(attachment)}》（{pages} 页，{_size(size)}）。'
                 + ("第 1 页：" if cid else "") + "</p>")
    if cid:
        parts.append(f'<img src="cid:{e(cid)}" width="600" alt="{e(issue.name)} 第 1 页" '
                     'style="display:block;width:100%;max-width:600px;height:auto;border:1px solid #ccc">')
    parts.append("</div></body></html>\n")
    return "\n".join(parts)
