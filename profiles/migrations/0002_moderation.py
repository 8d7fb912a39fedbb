"""Moderation: the Moderators group with exactly the permissions moderating needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
# app label -> model -> actions. No user, group or permission management; nothing deleted.
PERMISSIONS = {
    "profiles": {
        "authorrecord": ["view", "change"],
        "work": ["view", "change"],
        "authorship": ["view", "change"],
        "claim": ["view", "change"],
        "report": ["view", "change"],
        "namevariant": ["view", "add", "change"],
        "claimevent": ["view"],
        "claimobjection": ["view"],
        "profileevent": ["view"],
        "invitation": ["view"],
        "conversation": ["view"],
        "message": ["view"],
        "block": ["view"],
        "follow": ["view"],
        "institution": ["view"],
        "institutiondomain": ["view"],
        "topic": ["view"],
    },
    # Whom to sanction: reading accounts, never changing them here.
    "accounts": {"user": ["view"]},
}


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations ran; make them now."""
    for label in PERMISSIONS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(
            content_type__app_label=label, codename=f"{action}_{model}"
        )
        for label, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    group.permissions.set(wanted)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_group, delete_group),
    ]
