import pytest

from tests.factories import OpeningHoursFactory, SpaceFactory


@pytest.mark.django_db
def test_spaces_list_is_public_paginated_and_has_hours(api_client, django_assert_max_num_queries):
    for n in range(5):
        OpeningHoursFactory(space=SpaceFactory(slug=f"s{n}", name=f"S{n}"))
    with django_assert_max_num_queries(4):
        response = api_client.get("/api/v1/spaces/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert body["results"][0]["opening_hours"] == [
        {"weekday": 0, "opens": "10:00:00", "closes": "18:00:00"}
    ]


@pytest.mark.django_db
def test_space_detail_and_404_body(api_client, space):
    assert api_client.get(f"/api/v1/spaces/{space.slug}/").json()["name"] == space.name
    response = api_client.get("/api/v1/spaces/nowhere/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["detail"]


@pytest.mark.django_db
def test_token_endpoint(api_client, user, password):
    response = api_client.post(
        "/api/v1/auth/token/", {"email": user.email, "password": password}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/spaces/").status_code == 200


@pytest.mark.django_db
def test_token_endpoint_errors_are_json_with_fields(api_client, user):
    wrong = api_client.post(
        "/api/v1/auth/token/", {"email": user.email, "password": "nope"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "invalid_credentials"
    missing = api_client.post("/api/v1/auth/token/", {"email": "not-an-address"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"email", "password"}


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/spaces/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
