from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_upload_original"),
    ]

    operations = [
        migrations.AddField(
            model_name="uploaditem",
            name="encoding",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="uploaditem",
            name="warning",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
    ]
