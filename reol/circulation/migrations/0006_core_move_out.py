from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('circulation', '0005_guessing_drop_pin_lock'),
    ]

    # Staff roles, API tokens, the event log and the outbox now belong to core (its 0003):
    # they leave circulation's state only; their tables stay where they are, as they are.
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.RemoveField(
                    model_name='event',
                    name='branch',
                ),
                migrations.RemoveField(
                    model_name='event',
                    name='item',
                ),
                migrations.RemoveField(
                    model_name='event',
                    name='library',
                ),
                migrations.RemoveField(
                    model_name='event',
                    name='loan',
                ),
                migrations.RemoveField(
                    model_name='event',
                    name='record',
                ),
                migrations.RemoveField(
                    model_name='notice',
                    name='patron',
                ),
                migrations.RemoveField(
                    model_name='staffrole',
                    name='group',
                ),
                migrations.RemoveField(
                    model_name='staffrole',
                    name='library',
                ),
                migrations.RemoveField(
                    model_name='staffrole',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='ApiToken',
                ),
                migrations.DeleteModel(
                    name='Event',
                ),
                migrations.DeleteModel(
                    name='Notice',
                ),
                migrations.DeleteModel(
                    name='StaffRole',
                ),
        ]),
    ]
