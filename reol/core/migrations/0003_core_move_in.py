import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ["apitoken", "event", "notice", "staffrole"]


def relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    StaffChange = apps.get_model("core", "StaffChange")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        StaffChange.objects.filter(model=f"{old}.{model}").update(model=f"{new}.{model}")


def to_core(apps, schema_editor) -> None:
    relabel(apps, "circulation", "core")


def to_circulation(apps, schema_editor) -> None:
    relabel(apps, "core", "circulation")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('catalogue', '0003_item_holdings'),
        ('circulation', '0006_core_move_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0002_memo_generation'),
        ('libraries', '0002_opening_hours'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Taken over from circulation's state (its 0006) with their tables, which circulation's
    # first migrations made: nothing in the database moves. The content types (and with them
    # the permissions and the admin's log) and the staff record's labels follow the models.
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100)),
                        ('digest', models.CharField(max_length=64, unique=True)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('last_used', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'circulation_apitoken',
                    },
                ),
                migrations.CreateModel(
                    name='Notice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('patron_id', models.BigIntegerField(db_index=True)),
                        ('kind', models.CharField(choices=[('ready', 'Ready for pickup'), ('due_soon', 'Due in 3 days'), ('overdue', 'Overdue'), ('renewed', 'Renewed automatically'), ('not_renewed', 'Could not be renewed'), ('reservation_expired', 'Reservation expired')], max_length=20)),
                        ('channel', models.CharField(choices=[('email', 'Email'), ('sms', 'SMS')], max_length=5)),
                        ('key', models.CharField(max_length=100)),
                        ('address', models.CharField(max_length=254)),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sending', 'Being sent'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=8)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('sent', models.DateTimeField(blank=True, null=True)),
                        ('error', models.CharField(blank=True, max_length=300)),
                    ],
                    options={
                        'db_table': 'circulation_notice',
                        'ordering': ['-created', '-id'],
                        'indexes': [models.Index(fields=['status', 'created'], name='circulation_status_d2dc57_idx')],
                        'constraints': [models.UniqueConstraint(fields=('key', 'channel'), name='one_notice_per_key')],
                    },
                ),
                migrations.CreateModel(
                    name='Event',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('time', models.DateTimeField(db_index=True)),
                        ('kind', models.CharField(choices=[('checkout', 'Checkout'), ('checkin', 'Check-in'), ('renewal', 'Renewal'), ('reservation_placed', 'Reservation placed'), ('reservation_allocated', 'Copy allocated'), ('reservation_shelved', 'On the hold shelf'), ('reservation_fulfilled', 'Reservation picked up'), ('reservation_cancelled', 'Reservation cancelled'), ('reservation_expired', 'Reservation expired'), ('transit_sent', 'Sent in transit'), ('transit_received', 'Received from transit'), ('lost', 'Declared lost'), ('found', 'Found'), ('visit', 'Visit'), ('attendance', 'Event attendance'), ('interlibrary', 'Interlibrary loan step')], max_length=24)),
                        ('material_type', models.CharField(blank=True, max_length=12)),
                        ('audience', models.CharField(blank=True, max_length=8)),
                        ('age_group', models.CharField(blank=True, max_length=8)),
                        ('patron_ref', models.UUIDField(blank=True, db_index=True, null=True)),
                        ('detail', models.JSONField(blank=True, default=dict)),
                        ('branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='libraries.branch')),
                        ('item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalogue.item')),
                        ('library', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='libraries.library')),
                        ('loan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='circulation.loan')),
                        ('record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalogue.record')),
                    ],
                    options={
                        'db_table': 'circulation_event',
                        'ordering': ['time', 'id'],
                        'indexes': [models.Index(fields=['library', 'kind', 'time'], name='circulation_library_87ee60_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='StaffRole',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='auth.group')),
                        ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_roles', to='libraries.library')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_roles', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'circulation_staffrole',
                        'constraints': [models.UniqueConstraint(fields=('user', 'library', 'group'), name='role_once')],
                    },
                ),
        ]),
        migrations.RunPython(to_core, to_circulation),
    ]
