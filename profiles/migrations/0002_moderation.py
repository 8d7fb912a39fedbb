"""Moderation: the audit trail, suspensions, trust overrides, and the Moderators group with
exactly the permissions moderating needs."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


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
        # Moderation itself: the audit trail is read-only; sanctions and overrides are
        # added (and suspensions lifted) through the services.
        "auditentry": ["view"],
        "suspension": ["view", "add", "change"],
        "trustoverride": ["view", "add"],
    },
    # Whom to sanction: reading accounts, never changing them here.
    "accounts": {"user": ["view"]},
}


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations ran; make them now."""
    for label in PERMISSIONS:
        config = apps.get_app_config(label)
        original = getattr(config, "models_module", None)
        config.models_module = original or True  # migration state: no module, still models
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = original


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(
            content_type__app_label=label, codename=f"{action}_{model}"
        )
        for label, by_model in PERMISSIONS.items()
        for model, actions in by_model.items()
        for action in actions
    ]
    group.permissions.set(wanted)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('profiles', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actor_repr', models.CharField(blank=True, max_length=254, verbose_name='actor')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time')),
                ('action', models.CharField(choices=[('claim_approved', 'claim approved'), ('claim_rejected', 'claim rejected'), ('claim_revoked', 'claim revoked'), ('report_upheld', 'report upheld'), ('report_dismissed', 'report dismissed'), ('user_suspended', 'user suspended'), ('suspension_lifted', 'suspension lifted'), ('level_set', 'verification level set'), ('trust_adjusted', 'trust score adjusted')], max_length=32)),
                ('target_id', models.PositiveBigIntegerField()),
                ('target_repr', models.CharField(max_length=300, verbose_name='target')),
                ('before', models.JSONField(blank=True, default=dict)),
                ('after', models.JSONField(blank=True, default=dict)),
                ('reason', models.TextField(blank=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('target_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'audit entry',
                'verbose_name_plural': 'audit trail',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['target_type', 'target_id'], name='audit_target'), models.Index(fields=['action', 'created_at'], name='audit_action_time')],
                'constraints': [models.CheckConstraint(condition=models.Q(('action__in', ['claim_approved', 'claim_rejected', 'claim_revoked', 'report_upheld', 'report_dismissed', 'user_suspended', 'suspension_lifted', 'level_set', 'trust_adjusted'])), name='audit_action_valid')],
            },
        ),
        migrations.CreateModel(
            name='Suspension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('ends_at', models.DateTimeField(blank=True, null=True, verbose_name='until')),
                ('reason', models.TextField(verbose_name='reason the person is told')),
                ('lifted_at', models.DateTimeField(blank=True, null=True)),
                ('lift_reason', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suspensions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-starts_at', '-id'],
                'indexes': [models.Index(fields=['user', 'lifted_at'], name='suspension_user_open')],
                'constraints': [models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='suspension_has_reason'), models.CheckConstraint(condition=models.Q(('ends_at__isnull', True), ('ends_at__gt', models.F('starts_at')), _connector='OR'), name='suspension_ends_after_start'), models.CheckConstraint(condition=models.Q(('lifted_at__isnull', True), ('lifted_at__gte', models.F('starts_at')), _connector='OR'), name='suspension_lifted_after_start')],
            },
        ),
        migrations.CreateModel(
            name='TrustOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('level', 'verification level'), ('score', 'trust score adjustment')], max_length=8)),
                ('level', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('points', models.SmallIntegerField(blank=True, null=True)),
                ('reason', models.TextField()),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='trust_overrides', to='profiles.authorrecord')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='override_has_reason'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'level'), ('level__gte', 1), ('level__lte', 4), ('points__isnull', True)), models.Q(('kind', 'score'), ('level__isnull', True), ('points__gte', -100), ('points__lte', 100)), _connector='OR'), name='override_kind_matches_value')],
            },
        ),
        migrations.RunPython(create_group, delete_group),
    ]
