import json
import logging

import pytest

from ops.logging import JsonFormatter


def _record(**extra):
    record = logging.LogRecord(
        "makerhub.test", logging.WARNING, __file__, 1, "hello %s", ("you",), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_formatter_writes_one_object_per_line_with_extras():
    line = JsonFormatter().format(_record(booking_id=42, space="awo"))
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "makerhub.test"
    assert entry["message"] == "hello you"
    assert entry["booking_id"] == 42
    assert entry["space"] == "awo"
    assert entry["time"].endswith("+00:00")
    assert "\n" not in line


def test_json_formatter_keeps_the_traceback_inside_the_object():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = _record()
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.django_db
def test_request_errors_are_logged_as_json_with_method_and_path(rf):
    request = rf.post("/some/where")
    entry = json.loads(JsonFormatter().format(_record(request=request, status_code=500)))
    assert entry["method"] == "POST"
    assert entry["path"] == "/some/where"
    assert entry["status_code"] == 500
