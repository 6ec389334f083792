"""Ticket codes as QR codes (segno): an SVG data URI for pages, PNG bytes for e-mails."""

from __future__ import annotations

import io

import segno


def ticket_qr_svg_data_uri(code: str) -> str:
    return segno.make(code, error="m").svg_data_uri(scale=8, border=2, dark="#000", light="#fff")


def ticket_qr_svg(code: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="svg", scale=8, border=2)
    return buffer.getvalue()


def ticket_qr_png(code: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()
