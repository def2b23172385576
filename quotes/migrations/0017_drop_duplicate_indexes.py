"""Drop the single-column indexes the foreign keys made where another index
already serves: the shingle's quote twice (the FK's and "shingle_quote"),
and the appearance's quote and article, which lead "appearance_quote_article"
and "appearance_unique_start". Every posting and printing written updated
them all. Only the indexes go: the state says db_index=False, and the
database drops the three indexes without re-adding (and re-checking over
every row) the foreign keys, which altering the fields would do."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_article_recent_indexes'),
        ('quotes', '0016_quote_fragment'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='appearance',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='appearances', to='articles.article'),
                ),
                migrations.AlterField(
                    model_name='appearance',
                    name='quote',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='appearances', to='quotes.quote'),
                ),
                migrations.AlterField(
                    model_name='quoteshingle',
                    name='quote',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='shingles', to='quotes.quote'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})",
                )
                for name, table, column in (
                    ("quotes_appearance_article_id_96531455", "quotes_appearance", "article_id"),
                    ("quotes_appearance_quote_id_4d567e56", "quotes_appearance", "quote_id"),
                    ("quotes_quoteshingle_quote_id_24cbbcea", "quotes_quoteshingle", "quote_id"),
                )
            ],
        ),
    ]
