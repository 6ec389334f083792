"""The need board: from a described barrier to a design, with moderation and withdrawal,
through services, pages and the API."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accessibility import selectors, services
from accessibility.models import BarrierNeed, NeedComment
from makerhub.errors import Conflict, PermissionDenied, ServiceError
from spaces import services as space_services
from spaces.models import Role
from tests.accessibility.factories import BarrierNeedFactory, stl_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _stl(name: str = "holder.stl", size: float = 20.0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, stl_bytes(size), content_type="model/stl")


def test_the_whole_path_from_a_need_to_a_design(space, member, django_capture_on_commit_callbacks):
    requester = UserFactory(display_name="Mia")
    space_services.membership_set(space=space, user=requester, role=Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        need = services.need_create(
            requester=requester,
            title="Kaffeebecher halten",
            description="Meine Hand zittert, der Becher ist zu dünn.",
            measurements="Becher 7 cm breit",
            shown_as=BarrierNeed.ShownAs.PSEUDONYM,
            pseudonym="Kaffeefan",
            space=space,
        )
        services.need_take_on(need=need, user=member)
    need.refresh_from_db()
    assert need.status == BarrierNeed.Status.DISCUSSION
    assert [m.to for m in mail.outbox] == [[requester.email]]  # not the maker who acted
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        prototype = services.prototype_add(need=need, by=member, file=_stl(), description="v1")
    need.refresh_from_db()
    assert need.status == BarrierNeed.Status.PROTOTYPING
    assert len(mail.outbox) == 1 and "Kaffeebecher halten" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.prototype_feedback_add(
            prototype=prototype, author=requester, text="Der Griff ist zu dünn."
        )
    assert member.email in mail.outbox[-1].to
    need = services.need_status_set(need=need, by=requester, status="testing")
    need = services.need_status_set(need=need, by=member, status="solved")

    design = services.need_design_create(need=need, by=member)
    need.refresh_from_db()
    assert need.status == BarrierNeed.Status.PUBLISHED
    assert need.design == design
    assert selectors.need_for_design(design=design) == need  # linked both ways
    assert design.status == "draft" and design.title == "Kaffeebecher halten"
    assert "Kaffeefan (" in design.authors_text  # credited under the chosen name
    assert "Mia" not in design.authors_text
    assert "7 cm" in design.description
    assert design.files.count() == 1
    with pytest.raises(Conflict):
        services.need_design_create(need=need, by=member)


def test_status_rules(space, member):
    need = BarrierNeedFactory(space=space)
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.need_status_set(need=need, by=outsider, status="discussion")
    with pytest.raises(Conflict):
        services.need_status_set(need=need, by=need.requester, status="solved")
    with pytest.raises(ServiceError):
        services.need_status_set(need=need, by=need.requester, status="published")
    with pytest.raises(Conflict):
        services.need_design_create(need=need, by=need.requester)
    with pytest.raises(ServiceError):
        services.need_take_on(need=need, user=need.requester)


def test_prototype_files_are_validated_like_design_files(space, member):
    need = BarrierNeedFactory(space=space)
    services.need_take_on(need=need, user=member)
    with pytest.raises(ServiceError) as error:
        services.prototype_add(
            need=need,
            by=member,
            file=SimpleUploadedFile("evil.stl", b"MZ\x90\x00 not a mesh" * 20),
            description="x",
        )
    assert error.value.field == "file"
    with pytest.raises(ServiceError):
        services.prototype_add(
            need=need, by=member, file=SimpleUploadedFile("a.exe", b"MZ" * 100), description="x"
        )
    with pytest.raises(PermissionDenied):
        services.prototype_add(need=need, by=UserFactory(), file=_stl(), description="x")
    assert need.prototypes.count() == 0


def test_shown_by_name_pseudonym_or_anonymously(client, api_client):
    hidden = BarrierNeedFactory(
        shown_as=BarrierNeed.ShownAs.ANONYMOUS, requester=UserFactory(display_name="Geheim")
    )
    page = client.get(hidden.get_absolute_url()).content.decode()
    assert "Geheim" not in page and hidden.requester.email not in page
    body = api_client.get(reverse("api:need-detail", kwargs={"pk": hidden.pk})).json()
    assert body["requester"] in ("Anonymous", "Anonym")
    assert "Geheim" not in str(api_client.get(reverse("api:need-list")).json())


def test_moderation_and_withdrawal(client, space, staff, member):
    need = BarrierNeedFactory(space=space)
    comment = services.need_comment_add(need=need, author=member, text="Spam")
    with pytest.raises(PermissionDenied):
        services.need_hide(need=need, by=member, reason="x")
    services.comment_hide(comment=comment, by=staff)
    assert "Spam" not in client.get(need.get_absolute_url()).content.decode()
    services.need_hide(need=need, by=staff, reason="abusive")
    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(need.get_absolute_url()).status_code == 200
    with pytest.raises(Conflict):
        services.need_comment_add(need=need, author=member, text="more")

    other = BarrierNeedFactory(space=space)
    with pytest.raises(PermissionDenied):
        services.need_withdraw(need=other, by=member)
    services.need_withdraw(need=other, by=other.requester)
    client.logout()
    assert client.get(other.get_absolute_url()).status_code == 404
    assert other not in selectors.needs_list(user=None)
    client.force_login(other.requester)
    assert client.get(other.get_absolute_url()).status_code == 200


def test_need_pages_keep_input_on_errors(client, user):
    client.force_login(user)
    response = client.post(
        reverse("need-create"),
        {"title": "Becher", "description": "", "shown_as": "pseudonym", "pseudonym": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_description"' in body and 'value="Becher"' in body
    response = client.post(
        reverse("need-create"),
        {"title": "Becher", "description": "Zu dünn", "shown_as": "pseudonym", "pseudonym": ""},
    )
    assert "Pseudonym" in response.content.decode() and not BarrierNeed.objects.exists()
    response = client.post(
        reverse("need-create"),
        {"title": "Becher", "description": "Zu dünn", "shown_as": "name", "pseudonym": ""},
    )
    need = BarrierNeed.objects.get()
    assert response["Location"] == need.get_absolute_url()
    response = client.post(
        reverse("need-comment", kwargs={"pk": need.pk}), {"text": "", "kind": "comment"}
    )
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    client.post(reverse("need-comment", kwargs={"pk": need.pk}), {"text": "Hallo", "kind": "offer"})
    assert NeedComment.objects.get().kind == "offer"


def test_need_list_page_query_count(client, django_assert_max_num_queries):
    for _ in range(15):
        need = BarrierNeedFactory()
        services.need_comment_add(need=need, author=UserFactory(), text="hi")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("need-list"))
    assert response.content.decode().count('class="card"') == 15


def test_api_list_create_comment_and_status(api_client, user, member, space):
    assert api_client.post(reverse("api:need-list"), {"title": "x"}, format="json").status_code in (
        401,
        403,
    )
    api_client.force_authenticate(user)
    bad = api_client.post(reverse("api:need-list"), {"title": "", "description": ""}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) >= {"title", "description"}
    created = api_client.post(
        reverse("api:need-list"),
        {"title": "Notrufknopf", "description": "Zu klein", "space": space.slug},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    api_client.force_authenticate(member)
    comment = api_client.post(
        reverse("api:need-comments", kwargs={"pk": pk}),
        {"text": "Ich helfe", "kind": "offer"},
        format="json",
    )
    assert comment.status_code == 201
    assert (
        api_client.post(
            reverse("api:need-status", kwargs={"pk": pk}), {"status": "discussion"}, format="json"
        ).status_code
        == 403
    )
    assert (
        api_client.post(reverse("api:need-take-on", kwargs={"pk": pk})).json()["status"]
        == "discussion"
    )
    solved = api_client.post(
        reverse("api:need-status", kwargs={"pk": pk}), {"status": "solved"}, format="json"
    )
    assert solved.status_code == 200  # discussion -> solved is allowed
    again = api_client.post(
        reverse("api:need-status", kwargs={"pk": pk}), {"status": "new"}, format="json"
    )
    assert again.status_code == 409
    listed = api_client.get(reverse("api:need-list") + "?status=solved").json()
    assert [n["id"] for n in listed["results"]] == [pk]


def test_requester_and_helpers_arrange_a_meeting(client, space, member):
    need = BarrierNeedFactory(space=space)
    services.need_take_on(need=need, user=member)
    with pytest.raises(PermissionDenied):
        services.need_meeting_set(need=need, by=UserFactory(), note="x")
    with pytest.raises(ServiceError):
        services.need_meeting_set(need=need, by=member, note="x", link="javascript:alert(1)")
    client.force_login(need.requester)
    response = client.post(
        reverse("need-meeting", kwargs={"pk": need.pk}),
        {"note": "Dienstag 14 Uhr", "link": "/workshops/1/"},
    )
    assert response.status_code == 302
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Dienstag 14 Uhr" in page and 'href="/workshops/1/"' in page
    assert f"/machines/?space={space.slug}" in page


def test_the_requester_stays_under_the_chosen_name_everywhere(client, api_client, space, member):
    requester = UserFactory(display_name="Echter Name")
    need = services.need_create(
        requester=requester,
        title="Becher",
        description="Zu dünn",
        shown_as=BarrierNeed.ShownAs.PSEUDONYM,
        pseudonym="Kaffeefan",
        space=space,
    )
    services.need_take_on(need=need, user=member)
    services.need_comment_add(need=need, author=requester, text="Danke!")
    prototype = services.prototype_add(need=need, by=member, file=_stl(), description="v1")
    services.prototype_feedback_add(prototype=prototype, author=requester, text="Zu dünn")
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Echter Name" not in page and requester.email not in page
    assert page.count("Kaffeefan") >= 3  # header, comment, feedback
    comments = api_client.get(reverse("api:need-comments", kwargs={"pk": need.pk})).json()
    assert comments[0]["author"] == "Kaffeefan"


def test_refused_page_actions_answer_403_and_change_nothing(client, space, member):
    need = BarrierNeedFactory(space=space)
    client.force_login(member)
    response = client.post(reverse("need-withdraw", kwargs={"pk": need.pk}))
    assert response.status_code == 403
    assert (
        "Nur die Person" in response.content.decode()
        or "Only the person" in response.content.decode()
    )
    need.refresh_from_db()
    assert need.withdrawn_at is None
    response = client.post(reverse("need-status", kwargs={"pk": need.pk}), {"status": "discussion"})
    assert response.status_code == 403
    client.force_login(need.requester)
    assert client.post(reverse("need-take-on", kwargs={"pk": need.pk})).status_code == 400


def test_design_page_links_back_to_the_need(client, space, member):
    need = BarrierNeedFactory(
        space=space, shown_as=BarrierNeed.ShownAs.PSEUDONYM, pseudonym="Mia K."
    )
    services.need_take_on(need=need, user=member)
    services.need_status_set(need=need, by=member, status="solved")
    design = services.need_design_create(need=need, by=member)
    page = client.get(design.get_absolute_url())
    if page.status_code == 404:  # drafts may be hidden from visitors
        client.force_login(member)
        page = client.get(design.get_absolute_url())
    body = page.content.decode()
    assert need.get_absolute_url() in body and "Mia K." in body
