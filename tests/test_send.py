"""typeset send: a real SMTP server (aiosmtpd) on the loopback, started and stopped here.

The message is checked as received: envelope, hidden recipients, decoded subject and file
name, the attachment's bytes against the PDF the build writes, both bodies, the inline first
page; then STARTTLS and SSL with a certificate from a throwaway authority (trustme), AUTH,
and each failure's exit code 2 and Chinese sentence.
"""

from __future__ import annotations

import email
import io
import socket
import ssl
import threading
import time
from contextlib import contextmanager
from email import policy
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from typesetter.build import build
from typesetter.delivery import transport
from typesetter.delivery.recipients import parse_address, read_file, AddressError
from typesetter.delivery.settings import MailSettings
from typesetter.errors import InputError

FROM = "嘉定区国资委办公室 <guozi@example.cn>"
PASSWORD = "s3cret-口令"


class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses what it is told to."""

    def __init__(self, refuse=(), mail_reply=None, data_reply=None, refuse_reply="550 5.1.1 mailbox unavailable"):
        self.messages = []  # (mail_from, rcpt_tos, content)
        self.refuse = set(refuse)
        self.refuse_reply = refuse_reply
        self.mail_reply = mail_reply
        self.data_reply = data_reply

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK queued"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(handler=None, **kwargs):
    handler = handler or Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def ca_file(ca, tmp_path):
    path = tmp_path / "office-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def accept_login(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"guozi" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # not handled: the server answers 535 itself


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path, monkeypatch):
    """No mail.toml, password or CA of the machine running the tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("TYPESETTER_MAIL_CONFIG", "TYPESETTER_SMTP_PASSWORD", "TYPESETTER_SMTP_CAFILE"):
        monkeypatch.delenv(name, raising=False)


def typeset_send(capsys, *args):
    """`typeset send …` in this process: (exit code, stdout, stderr)."""
    from typesetter.commands import app

    capsys.readouterr()
    try:
        app(args=["send", *map(str, args)], prog_name="typeset", standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def parts(msg):
    return {part.get_content_type(): part for part in msg.walk() if not part.is_multipart()}


# --- the message, received ----------------------------------------------------------------

def test_send_over_starttls_with_login(workdir, capsys, server_tls, ca_file, monkeypatch, tmp_path):
    monkeypatch.setenv("TYPESETTER_SMTP_CAFILE", str(ca_file))
    monkeypatch.setenv("TYPESETTER_SMTP_PASSWORD", PASSWORD)
    recipients = ["leader@example.cn", "张三 <zhang@units.example.cn>", "li@例子.中国"]
    with smtp_server(tls_context=server_tls, require_starttls=True, authenticator=accept_login) as (inbox, port):
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", f"localhost:{port}",
                                      "--from", FROM, "--user", "guozi",
                                      *[a for r in recipients for a in ("--to", r)])
    assert code == 0, err
    assert "已发送" in out and "3 位收件人" in out and "STARTTLS" in out
    assert PASSWORD not in out + err

    [(mail_from, rcpt_tos, raw)] = inbox.messages  # one message, every recipient in its envelope
    assert mail_from == "guozi@example.cn"
    assert rcpt_tos == ["leader@example.cn", "zhang@units.example.cn", "li@xn--fsqu00a.xn--fiqs8s"]
    msg = parse(raw)
    headers = "\n".join(f"{k}: {v}" for k, v in msg.items())
    for address in ("leader@", "zhang@", "li@", "张三"):
        assert address not in headers  # no recipient sees another
    assert msg["Bcc"] is None and msg["Cc"] is None and msg["To"] == FROM
    assert msg["Subject"] == "嘉定国资 2023年第10期"
    assert raw.isascii()  # RFC 2047 headers, base64 bodies: nothing for a 7-bit relay to break

    # the attachment is the PDF the build wrote beside the manifest, which is what `typeset` writes
    pdf = (workdir / "issue.pdf").read_bytes()
    build(workdir / "issue.yaml", tmp_path / "again.pdf")
    assert pdf == (tmp_path / "again.pdf").read_bytes()
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "嘉定国资2023年第10期.pdf"
    assert b"filename*0*=utf-8''%E5%98%89" in raw  # RFC 2231
    assert attachment.get_content() == pdf

    by_type = parts(msg)
    plain, html = by_type["text/plain"].get_content(), by_type["text/html"].get_content()
    for body in (plain, html):
        assert "本期要目" in body and "嘉定区国有资产监督管理委员会办公室" in body and "2023年10月16日" in body
        assert "市经信委副主任张英调研嘉定工业互联网产业园" in body
        assert "区国资委党委召开主题教育读书班第四、第五次专题学习研讨会" in body
        assert "嘉定国资2023年第10期.pdf" in body
    # the first page, inline, referred to by its Content-ID
    png = by_type["image/png"]
    cid = png["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html
    assert png.get_content_disposition() == "inline"
    from PIL import Image

    with Image.open(io.BytesIO(png.get_content())) as page1:
        assert page1.format == "PNG" and page1.width == 1000 and 1.40 < page1.height / page1.width < 1.42
    assert msg.get_content_type() == "multipart/mixed"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["multipart/alternative", "application/pdf"]


def test_send_over_ssl(workdir, capsys, server_tls, ca_file, monkeypatch):
    monkeypatch.setenv("TYPESETTER_SMTP_CAFILE", str(ca_file))
    with smtp_server(ssl_context=server_tls) as (inbox, port):
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", f"127.0.0.1:{port}", "--tls", "ssl",
                                      "--from", FROM, "--to", "a@example.cn")
    assert code == 0, err
    assert len(inbox.messages) == 1 and "SSL" in out


def test_monthly_command_from_mail_toml(workdir, capsys, tmp_path, server_tls, ca_file, monkeypatch):
    """The settings file holds server, sender, recipients' list and the office CA: the command
    is only `typeset send ISSUE.yaml`."""
    folder = tmp_path / "config" / "typesetter"
    folder.mkdir(parents=True)
    (folder / "units.txt").write_text("# 各区管企业\n新城公司 <xincheng@example.cn>\n\nguozi-a@example.cn  # 备份\n"
                                      "a@example.cn, b@example.cn\nA@example.cn\n", encoding="utf-8")
    monkeypatch.setenv("TYPESETTER_SMTP_PASSWORD", PASSWORD)
    with smtp_server(tls_context=server_tls, require_starttls=True, authenticator=accept_login) as (inbox, port):
        (folder / "mail.toml").write_text(
            f'smtp = "127.0.0.1:{port}"\nuser = "guozi"\nfrom = "{FROM}"\nto_file = "units.txt"\n'
            f'cafile = "{ca_file}"\ntimeout = 5\n', encoding="utf-8")
        code, out, err = typeset_send(capsys, workdir / "issue.yaml")
        assert code == 0, err
        assert inbox.messages[0][1] == ["xincheng@example.cn", "guozi-a@example.cn", "a@example.cn", "b@example.cn"]
        # an option wins over the file
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--to", "only@example.cn")
        assert code == 0, err
        assert inbox.messages[1][1] == ["only@example.cn"]


def test_recipients_go_in_batches(workdir, monkeypatch):
    monkeypatch.setattr(transport, "BATCH", 2)
    people = [parse_address(f"p{i}@example.cn") for i in range(5)]
    with smtp_server() as (inbox, port):
        done = transport.deliver(b"Subject: x\r\n\r\nhello\r\n", parse_address(FROM), people, _settings(port), None)
    assert [len(m[1]) for m in inbox.messages] == [2, 2, 1]
    assert done.accepted == people


# --- draft and dry run --------------------------------------------------------------------

def test_draft(workdir, capsys):
    draft = workdir / "本期.eml"
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--draft", draft,
                                  "--to", "张三 <zhang@example.cn>", "--to", "li@example.cn", "--from", FROM)
    assert code == 0, err
    assert "草稿已写入" in out
    msg = parse(draft.read_bytes())
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == FROM and msg["Cc"] is None
    assert {a.addr_spec for a in msg["Bcc"].addresses} == {"zhang@example.cn", "li@example.cn"}
    assert msg["Subject"] == "嘉定国资 2023年第10期"
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content() == (workdir / "issue.pdf").read_bytes()
    # no server, no sender, no recipients needed for a draft
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--draft", workdir / "bare.eml")
    assert code == 0, err
    msg = parse((workdir / "bare.eml").read_bytes())
    assert msg["X-Unsent"] == "1" and msg["Bcc"] is None and msg["To"] is None


def test_dry_run_connects_to_nothing(workdir, capsys):
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--dry-run", "--smtp", f"127.0.0.1:{free_port()}",
                                  "--from", FROM, "--to", "a@example.cn,张三 <b@example.cn>", "--to", "a@example.cn")
    assert code == 0, err
    for expected in ("--dry-run", "发件人：嘉定区国资委办公室 <guozi@example.cn>", "收件人：2 位", "张三 <b@example.cn>",
                     "主题：嘉定国资 2023年第10期", "附件：嘉定国资2023年第10期.pdf", "邮件大小", "重复"):
        assert expected in out


# --- bad input: nothing built or sent -----------------------------------------------------

def test_bad_address_names_it_and_builds_nothing(workdir, capsys):
    with smtp_server() as (inbox, port):
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", f"127.0.0.1:{port}", "--tls", "none",
                                      "--from", FROM, "--to", "good@example.cn", "--to", "zhang＠example.cn")
    assert code == 2 and "Traceback" not in err
    assert "zhang＠example.cn" in err and "全角" in err and "zhang@example.cn" in err
    assert not (workdir / "issue.pdf").exists() and inbox.messages == []


def test_bad_line_of_a_recipients_file(workdir, capsys):
    (workdir / "list.txt").write_text("# 名单\na@example.cn\n\n王五 <wang@example>\n", encoding="utf-8")
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--dry-run", "--smtp", "x.example.cn",
                                  "--from", FROM, "--to-file", workdir / "list.txt")
    assert code == 2 and "list.txt 第 4 行" in err and "wang@example" in err
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--dry-run", "--smtp", "x.example.cn",
                                  "--from", FROM, "--to-file", workdir / "nothing.txt")
    assert code == 2 and "找不到收件人文件" in err


def test_bad_manifest_sends_nothing(workdir, capsys):
    manifest = workdir / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("  number: 10", "  numbr: 10"), encoding="utf-8")
    with smtp_server() as (inbox, port):
        code, out, err = typeset_send(capsys, manifest, "--smtp", f"127.0.0.1:{port}", "--tls", "none",
                                      "--from", FROM, "--to", "a@example.cn")
    assert code == 2 and "numbr" in err and "邮件没有发出" in err
    assert inbox.messages == []


def test_missing_settings_are_named(workdir, capsys):
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--to", "a@example.cn")
    assert code == 2 and "邮件服务器" in err and "发件人" in err and "--draft" in err
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--draft", workdir / "x.eml", "--dry-run")
    assert code == 2 and "只能选一个" in err and not (workdir / "issue.pdf").exists()


def test_mail_toml_problems(workdir, capsys, tmp_path):
    folder = tmp_path / "config" / "typesetter"
    folder.mkdir(parents=True)
    (folder / "mail.toml").write_text('smtp = "x.example.cn"\npassword = "abc"\nfrm = "a@b.cn"\n', encoding="utf-8")
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--dry-run")
    assert code == 2
    assert "mail.toml 第 2 行" in err and "密码" in err and "abc" not in err
    assert "第 3 行" in err and "frm" in err and "from" in err
    (folder / "mail.toml").write_text('smtp = x.example.cn\n', encoding="utf-8")
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--dry-run")
    assert code == 2 and "第 1 行" in err and "TOML" in err


def test_no_password_over_a_plain_connection(workdir, capsys, monkeypatch):
    monkeypatch.setenv("TYPESETTER_SMTP_PASSWORD", PASSWORD)
    code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", "smtp.example.cn:25", "--tls", "none",
                                  "--user", "guozi", "--from", FROM, "--to", "a@example.cn")
    assert code == 2 and "不加密" in err and PASSWORD not in err
    assert not (workdir / "issue.pdf").exists()


@pytest.mark.parametrize("text, fragment", [
    ("zhang", "@"), ("@example.cn", "用户名"), ("zhang@", "域名"), ("zhang@example", "后缀"),
    ("zh ang@example.cn", "空格"), ("a..b@example.cn", "用户名"), ("a@-x.cn", "域名"), ("张三 <a@b.cn", "尖括号"),
])
def test_address_checks(text, fragment):
    with pytest.raises(AddressError, match=fragment):
        parse_address(text)


def test_addresses_accepted():
    assert parse_address('"Zhang, San" <Zhang.San+news@Example.CN>').address == "Zhang.San+news@example.cn"
    assert parse_address("张三 <张三@例子.中国>").address == "张三@xn--fsqu00a.xn--fiqs8s"
    assert parse_address("张三 <张三@例子.中国>").needs_utf8


def test_recipients_file_in_gbk_from_a_sheet(tmp_path):
    """Two columns saved from Excel on a Chinese Windows: GBK, a comma or a tab between them."""
    path = tmp_path / "list.txt"
    path.write_bytes("# 姓名,邮箱\r\n办公室 <a@example.cn>\r\n张三,zhang@example.cn\r\n李四\tli@example.cn\r\n".encode("gbk"))
    assert [str(r) for r in read_file(path)] == ["办公室 <a@example.cn>", "张三 <zhang@example.cn>", "李四 <li@example.cn>"]


# --- the server's side: each failure its own sentence -------------------------------------

def _settings(port, **kw) -> MailSettings:
    s = MailSettings(host="127.0.0.1", port=port, tls="none", timeout=5)
    for k, v in kw.items():
        setattr(s, k, v)
    return s


def _fails(settings, recipients=("a@example.cn",), password=None, data=b"Subject: x\r\n\r\nhello\r\n") -> InputError:
    with pytest.raises(InputError) as exc:
        transport.deliver(data, parse_address(FROM), [parse_address(r) for r in recipients], settings, password)
    return exc.value


def test_refused_recipient_says_who_got_it(workdir, capsys):
    with smtp_server(Inbox(refuse={"gone@example.cn"})) as (inbox, port):
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", f"127.0.0.1:{port}", "--tls", "none",
                                      "--from", FROM, "--to", "a@example.cn", "--to", "gone@example.cn",
                                      "--to", "b@example.cn")
    assert code == 2 and "Traceback" not in err
    assert inbox.messages[0][1] == ["a@example.cn", "b@example.cn"]
    assert "拒收了 1 位收件人：gone@example.cn（550 5.1.1 mailbox unavailable）" in err
    assert "已发给 2 位：a@example.cn、b@example.cn" in err and "没有发出 1 位：gone@example.cn" in err


def test_every_recipient_refused():
    with smtp_server(Inbox(refuse={"a@example.cn", "b@example.cn"})) as (inbox, port):
        exc = _fails(_settings(port), ["a@example.cn", "b@example.cn"])
    assert "拒收了 2 位收件人" in str(exc) and exc.closing == "邮件没有发出。"
    relay = Inbox(refuse={"a@example.cn"}, refuse_reply="554 5.7.1 <a@example.cn>: Relay access denied")
    with smtp_server(relay) as (inbox, port):
        exc = _fails(_settings(port))
    assert "Relay access denied" in str(exc) and "--user" in str(exc)


def test_dead_port_is_refused_fast():
    start = time.perf_counter()
    exc = _fails(_settings(free_port()))
    assert "拒绝连接" in str(exc) and time.perf_counter() - start < 2


def test_silent_server_times_out():
    with socket.socket() as listener:  # accepts connections (the kernel does) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        start = time.perf_counter()
        exc = _fails(_settings(listener.getsockname()[1], timeout=0.5))
        assert time.perf_counter() - start < 3
    assert "0.5 秒内没有应答" in str(exc)


def test_unknown_host(monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", no_such_name)
    exc = _fails(_settings(25, host="smtp.example.invalid"))
    assert "找不到邮件服务器 smtp.example.invalid" in str(exc)


def test_certificate_not_trusted(server_tls):
    with smtp_server(tls_context=server_tls) as (inbox, port):
        exc = _fails(_settings(port, tls="starttls"))
    assert "证书不可信" in str(exc) and "cafile" in str(exc) and inbox.messages == []


def test_ssl_to_a_plain_server():
    with smtp_server() as (inbox, port):
        exc = _fails(_settings(port, tls="ssl"))
    assert "加密握手失败" in str(exc)


def test_server_without_starttls():
    with smtp_server() as (inbox, port):
        exc = _fails(_settings(port, tls="starttls"))
    assert "不支持 STARTTLS" in str(exc)


def test_login_refused(server_tls, ca_file):
    with smtp_server(tls_context=server_tls, authenticator=accept_login) as (inbox, port):
        exc = _fails(_settings(port, tls="starttls", user="guozi", cafile=ca_file), password="wrong")
    assert "拒绝了登录（535" in str(exc) and "wrong" not in str(exc)


def test_login_not_offered():
    with smtp_server() as (inbox, port):  # no TLS: aiosmtpd offers no AUTH
        exc = _fails(_settings(port, user="guozi"), password=PASSWORD)
    assert "没有提供登录（AUTH）" in str(exc)


def test_sender_refused():
    with smtp_server(Inbox(mail_reply="553 5.7.1 sender not allowed")) as (inbox, port):
        exc = _fails(_settings(port))
    assert "拒绝了发件人 guozi@example.cn（553" in str(exc)


def test_message_too_large():
    with smtp_server(data_size_limit=1000) as (inbox, port):  # announced in EHLO SIZE
        exc = _fails(_settings(port), data=b"Subject: x\r\n\r\n" + b"x" * 2000 + b"\r\n")
    assert "超过邮件服务器" in str(exc) and "上限" in str(exc)
    with smtp_server(Inbox(data_reply="552 5.3.4 message too big")) as (inbox, port):
        exc = _fails(_settings(port))
    assert "太大而拒收（552" in str(exc)


def test_server_hangs_up():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def greet_then_close():
            conn, _ = listener.accept()
            conn.sendall(b"220 hello\r\n")
            conn.recv(1024)
            conn.close()

        threading.Thread(target=greet_then_close, daemon=True).start()
        exc = _fails(_settings(listener.getsockname()[1]))
    assert "断开了连接" in str(exc)


# --- more of the path: partial delivery, UTF-8 addresses, the password, size ---------------

def test_failure_after_a_first_batch_names_who_got_it(monkeypatch):
    """The server takes the first transaction, then refuses the message: the closing line says
    who has it and who does not."""

    class SecondRefused(Inbox):
        async def handle_DATA(self, server, session, envelope):
            if self.messages:
                return "421 4.3.2 service shutting down"
            return await super().handle_DATA(server, session, envelope)

    monkeypatch.setattr(transport, "BATCH", 2)
    with smtp_server(SecondRefused()) as (inbox, port):
        exc = _fails(_settings(port), ["a@example.cn", "b@example.cn", "c@example.cn"])
    assert "421 4.3.2" in str(exc)
    assert exc.closing == "已发给 2 位：a@example.cn、b@example.cn。没有发出 1 位：c@example.cn。"


def test_utf8_mailbox_needs_smtputf8(workdir, capsys):
    with smtp_server(enable_SMTPUTF8=True) as (inbox, port):
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", f"127.0.0.1:{port}", "--tls", "none",
                                      "--from", FROM, "--to", "张三@例子.中国")
    assert code == 0, err
    assert inbox.messages[0][1] == ["张三@xn--fsqu00a.xn--fiqs8s"]
    with smtp_server(enable_SMTPUTF8=False) as (inbox, port):
        exc = _fails(_settings(port), ["张三@example.cn"])
    assert "SMTPUTF8" in str(exc) and "张三@example.cn" in str(exc) and inbox.messages == []


def test_password_needs_a_terminal_or_the_environment(workdir, capsys, server_tls, ca_file, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt possible
    with smtp_server(tls_context=server_tls, authenticator=accept_login) as (inbox, port):
        code, out, err = typeset_send(capsys, workdir / "issue.yaml", "--smtp", f"127.0.0.1:{port}", "--user", "guozi",
                                      "--from", FROM, "--to", "a@example.cn")
    assert code == 2 and "TYPESETTER_SMTP_PASSWORD" in err and inbox.messages == []
    assert not (workdir / "issue.pdf").exists()  # asked for before the build


def test_large_message_warns_naming_the_largest_picture(workdir, capsys, monkeypatch):
    import random

    from PIL import Image

    from typesetter.delivery import mailing

    rnd = random.Random(1)
    noise = Image.frombytes("RGB", (800, 600), bytes(rnd.getrandbits(8) for _ in range(800 * 600 * 3)))
    noise.save(workdir / "noise.jpg", quality=95)
    Image.new("RGB", (800, 600), "white").save(workdir / "plain.jpg")
    manifest = workdir / "issue.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("        credit: 供稿：新城公司 翟芳华\n",
                                     "        credit: 供稿：新城公司 翟芳华\n        images:\n"
                                     "          - file: plain.jpg\n          - file: noise.jpg\n", 1), encoding="utf-8")
    monkeypatch.setattr(mailing, "LARGE", 200_000)
    code, out, err = typeset_send(capsys, manifest, "--draft", workdir / "big.eml")
    assert code == 0, err
    assert "超过 10 MB" in err and "noise.jpg" in err.split("plain.jpg")[0]  # the larger named first


def test_send_from_a_shell(workdir):
    """The installed command as a user runs it: exit code 2, the sentence, no traceback."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    r = subprocess.run([sys.executable, "-m", "typesetter", "send", str(workdir / "issue.yaml"),
                        "--smtp", f"127.0.0.1:{free_port()}", "--tls", "none", "--from", FROM, "--to", "a@example.cn"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "拒绝连接" in r.stderr and "邮件没有发出。" in r.stderr
    assert (workdir / "issue.pdf").exists()  # the build was done; only the sending failed


def test_contents_leave_out_sections_with_nothing_yet():
    """A half-assembled issue (typeset new, then a few articles added): the message lists
    only the sections the PDF prints."""
    from typesetter.delivery.compose import contents
    from typesetter.model import Article, Brief, Loc, Section

    here = Loc(Path("x.yaml"), 1, 1, "sections")
    issue = type("IssueLike", (), {})()
    issue.sections = [Section("领导关注", here), Section("国资动态", here, [Article("标题", [], here)]),
                      Section("简讯", here, briefs=[Brief("一则", here)])]
    assert contents(issue) == [("国资动态", ["标题"]), ("简讯", ["共 1 则"])]
