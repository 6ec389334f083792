"""Files only through permission-checked views; no secrets in the repository."""

import re
import subprocess
from pathlib import Path

import pytest

from designs import services as design_services
from tests.designs.factories import make_design, stl_upload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def draft_file(member, space):
    design = make_design(author=member, space=space, title="Private Draft", summary="x")
    return design_services.design_file_add(design=design, user=member, upload=stl_upload())


@pytest.mark.django_db
def test_stored_files_have_no_public_url(client, draft_file, settings):
    assert settings.DEBUG is False
    url = "/" + settings.MEDIA_URL.strip("/") + "/" + draft_file.file.name
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_author_downloads_a_draft_file_as_an_attachment(client, member, draft_file):
    client.force_login(member)
    response = client.get(f"/designs/files/{draft_file.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content if response.streaming else [response.content])


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    re.compile(r"AKIA[0-9A-Z]{16}"),  # AWS access key id
    re.compile(r"(?i)(secret_key|password|token)\s*=\s*['\"][A-Za-z0-9+/_\-]{32,}['\"]"),
    re.compile(r"xox[baprs]-[0-9A-Za-z-]{10,}"),  # Slack
    re.compile(r"sk_live_[0-9a-zA-Z]{20,}"),
]


def test_no_secrets_are_committed():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in files:
        path = ROOT / name
        if (
            path.suffix in {".stl", ".3mf", ".png", ".jpg", ".mo", ".lock", ".svg"}
            or not path.is_file()
        ):
            continue
        text = path.read_text(errors="ignore")
        found += [f"{name}: {p.pattern}" for p in SECRET_PATTERNS if p.search(text)]
    assert found == []


def test_production_secret_key_comes_only_from_the_environment():
    prod = (ROOT / "makerhub" / "settings" / "prod.py").read_text()
    assert 'SECRET_KEY = env("DJANGO_SECRET_KEY")' in prod  # no default: refuses to start
