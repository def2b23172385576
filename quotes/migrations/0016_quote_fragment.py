import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quotes', '0015_quote_outlet_ids'),
    ]

    operations = [
        migrations.CreateModel(
            name='QuoteFragment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fragment', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quotes.quote')),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quotes.quote')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('fragment', 'statement'), name='quote_fragment_unique')],
            },
        ),
        # The stored quotes' pairs, as quotes_fill_fragments makes them.
        migrations.RunSQL(
            """
            INSERT INTO quotes_quotefragment (fragment_id, statement_id)
            WITH q AS (
                SELECT id, speaker_id, plain, first_published AS f, last_published AS l FROM quotes_quote
                WHERE speaker_id IS NOT NULL AND first_published IS NOT NULL AND last_published IS NOT NULL
            ), statement AS (
                SELECT q.*, b FROM q, generate_series((q.f - DATE '2000-01-01') / 14, (q.l - DATE '2000-01-01') / 14) b
            ), fragment AS (
                SELECT q.*, b FROM q,
                    generate_series((q.f - 14 - DATE '2000-01-01') / 14, (q.l + 14 - DATE '2000-01-01') / 14) b
            )
            SELECT DISTINCT fr.id, st.id
            FROM fragment fr JOIN statement st ON st.speaker_id = fr.speaker_id AND st.b = fr.b
            WHERE st.l >= fr.f - 14 AND st.f <= fr.l + 14 AND st.id <> fr.id
              AND length(st.plain) > length(fr.plain) AND strpos(st.plain, fr.plain) > 0
            """,
            migrations.RunSQL.noop,
        ),
        # A table never analysed is planned as holding rows for every quote,
        # and the speaker page's probe into it as costly enough to read the
        # speaker's quotes through the corpus-wide date index instead of
        # their own (a bulk load analyses everything after, generate_corpus).
        migrations.RunSQL("ANALYZE quotes_quotefragment", migrations.RunSQL.noop),
    ]
