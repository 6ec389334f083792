"""Pages run under the Content-Security-Policy in a real browser without violations."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PATHS = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/api/docs/",
    "/machines/",
    "/workshops/",
    "/designs/",
    "/needs/",
    "/accessibility/",
    "/privacy/",
    "/privacy/easy-read/",
]


@pytest.mark.parametrize("path", PATHS)
def test_page_loads_without_csp_violations(page, path):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    response = page.goto(page.base_url + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    if path == "/api/docs/":
        # Swagger UI rendered the schema from its separate script file.
        page.wait_for_selector(".swagger-ui .info", timeout=10_000)
    assert violations == []


def test_design_page_with_3d_viewer_runs_under_the_policy(page, member, staff, space):
    from designs import services as design_services
    from tests.designs.factories import make_published, stl_upload

    design = make_published(author=member, staff=staff, space=space, title="Viewer check")
    design_services.design_file_add(design=design, user=member, upload=stl_upload())
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(page.base_url + design.get_absolute_url())
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert violations == []
    # Photos come through the checked /media/ view as attachments; <img> shows them anyway.
    photos = page.locator(".photo-list img")
    assert photos.count() >= 1
    for index in range(photos.count()):
        assert photos.nth(index).evaluate("img => img.complete && img.naturalWidth") > 0
