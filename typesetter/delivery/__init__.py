"""Sending the issue, after the build: recipients, the mail settings, the message, the SMTP
transport, and `mailing`, the command's sequence (check everything, build, compose, then
send, write a draft, or only say what would be sent)."""

NOT_SENT = "邮件没有发出。"  # the closing line of a failure before any recipient has the message
