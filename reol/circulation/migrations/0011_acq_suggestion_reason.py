from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("circulation", "0010_merge_works"),
    ]

    operations = [
        migrations.AddField(
            model_name="purchasesuggestion",
            name="reason",
            field=models.CharField(blank=True, max_length=500),
        ),
    ]
