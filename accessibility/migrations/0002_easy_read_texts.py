"""Install the easy-read texts that ship with MakerHub; never overwrite an edited one."""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from accessibility.easy_read_content import TEXTS

    EasyReadText = apps.get_model("accessibility", "EasyReadText")
    for key, (title, text) in TEXTS.items():
        EasyReadText.objects.get_or_create(
            key=key, language="de", defaults={"title": title, "text": text}
        )


class Migration(migrations.Migration):
    dependencies = [("accessibility", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
