"""Speaker identity across articles: map a name found in an article onto one
Speaker row, learning its aliases as it goes."""
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from quotes.models import Speaker, SpeakerAlias
from quotes.services.locks import hold_article_write_lock
from quotes.names import name_key, name_words  # noqa: F401 (name_key is part of this service's API)
from quotes.nlp.profile import Profile

def _compatible(full_a: list[str], full_b: list[str]) -> bool:
    """Same surname, and given names that do not contradict each other
    (a missing given name is compatible; "John Smith" and "Jane Smith" are not)."""
    if not full_a or not full_b or full_a[-1] != full_b[-1]:
        return False
    given_a, given_b = full_a[:-1], full_b[:-1]
    if not given_a or not given_b:
        return True
    # Middle initials and extra middle names are allowed: first given names must agree.
    return given_a[0] == given_b[0] or given_a[0][0] == given_b[0][0] and (len(given_a[0]) == 1 or len(given_b[0]) == 1)


def speaker_find(*, name: str, is_group: bool = False) -> Speaker | None:
    key = name_key(name)
    if not key:
        return None
    return _find(key=key, is_group=is_group, aliases=list(SpeakerAlias.objects.filter(key=key).select_related("speaker")))


def _find(*, key: str, is_group: bool, aliases: list[SpeakerAlias]) -> Speaker | None:
    """speaker_find, given the aliases whose key is the name's."""
    speakers = {a.speaker_id: a.speaker for a in aliases if a.speaker.is_group == is_group}
    if len(speakers) == 1 or _namesakes(speakers.values()):
        return _best_known(speakers.values())
    # Among speakers sharing this alias, one called exactly this: a bare
    # surname that two people share ("Lindqvist") was given a speaker of its
    # own the first time; finding no one again would make another each time.
    named = [s for s in speakers.values() if name_key(s.name) == key]
    if named:
        return _best_known(named)
    if is_group:
        return None
    words = key.split()
    # A surname alone, or a fuller/shorter form: compare against speakers
    # sharing the surname, and only accept an unambiguous match.
    same_surname = SpeakerAlias.objects.filter(key__endswith=words[-1], speaker__is_group=False).select_related("speaker")
    matches = {a.speaker_id: a.speaker for a in same_surname if _compatible(words, a.key.split())}
    if len(matches) == 1 or _namesakes(matches.values()):
        return _best_known(matches.values())
    if len(matches) > 1 and len(words) > 1:
        # Prefer the speaker whose given name is spelled out the same way.
        exact = {sid: s for sid, s in matches.items() if name_key(s.name).split()[0] == words[0]}
        if len(exact) == 1:
            return next(iter(exact.values()))
    return None


def _namesakes(speakers) -> bool:
    """Several speakers under one full name: the copies an older race or an
    import left, or namesakes an editor has not told apart yet. Returning
    none of them would add one more copy with every article that names them."""
    keys = {name_key(s.name) for s in speakers}
    return len(speakers) > 1 and len(keys) == 1


def _best_known(speakers) -> Speaker:
    """The most quoted (then the oldest): where the name's quotes already are,
    and where an editor merging the copies would send them."""
    return min(speakers, key=lambda s: (-s.quote_count, s.id))


def speaker_resolve(
    *,
    name: str,
    aliases: tuple[str, ...] = (),
    is_group: bool = False,
    source_kind: str | None = None,
    lock_held: bool = False,
) -> Speaker:
    """The Speaker for a name as resolved in one article, created if new.

    Aliases the article used for the same person are recorded, so later
    articles that use only a surname or a transliteration find them.
    `lock_held`: the caller took the article write lock in this transaction
    already (one round trip per article, not one per name)."""
    name = " ".join(name.split())[:200]
    if not lock_held:
        hold_article_write_lock()   # find-or-create must not race another worker's (services/locks.py)
    rows = _alias_rows([name, *aliases])
    # The name's aliases (to find the speaker) and the other names' (to see
    # which the speaker has already), in one lookup.
    known = list(SpeakerAlias.objects.filter(key__in=list(rows)).select_related("speaker")) if rows else []
    key = name_key(name)
    speaker = _find(key=key, is_group=is_group, aliases=[a for a in known if a.key == key]) if key else None
    if speaker is None:
        speaker = speaker_create(name=name, is_group=is_group, source_kind=source_kind)
    elif len(name_words(name)) > len(name_words(speaker.name)) and not is_group:
        # A fuller form of the name: show that one.
        speaker.name = name
        speaker.save(update_fields=["name"])
    # Those it lacks, in one statement (a lookup and an insert per alias cost
    # a round trip each, for every quote of every article). A concurrent
    # insert of the same alias is no error: the first one stays, as with
    # speaker_alias_add.
    have = {a.key for a in known if a.speaker_id == speaker.id}
    missing = [SpeakerAlias(speaker=speaker, key=k, alias=alias) for k, alias in rows.items() if k not in have]
    if missing:
        SpeakerAlias.objects.bulk_create(missing, ignore_conflicts=True)
    return speaker


def _alias_rows(aliases: list[str]) -> dict[str, str]:
    """key -> alias as stored, the first alias of each key."""
    rows = {}
    for key, alias in map(_alias_form, aliases):
        if key and key not in rows:
            rows[key] = alias
    return rows


def _alias_form(alias: str) -> tuple[str, str]:
    """(key, alias as stored): the one normalisation every alias write uses."""
    alias = " ".join(alias.split())[:300]
    return name_key(alias), alias


def speaker_create(*, name: str, is_group: bool = False, source_kind: str | None = None) -> Speaker:
    """A new speaker under a slug no other speaker has."""
    kind = source_kind or (Speaker.SourceKind.ORGANISATION if is_group else Speaker.SourceKind.PERSON)
    base = slugify(name)[:200] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Speaker.objects.create(name=name, slug=slug, is_group=is_group, source_kind=kind)


def speaker_alias_add(*, speaker: Speaker, alias: str, by_editor: bool = False) -> SpeakerAlias | None:
    key, alias = _alias_form(alias)
    if not key:
        return None
    try:
        with transaction.atomic():
            obj, _ = SpeakerAlias.objects.get_or_create(
                speaker=speaker, key=key, defaults={"alias": alias, "added_by_editor": by_editor}
            )
    except IntegrityError:  # a concurrent insert of the same alias
        obj = SpeakerAlias.objects.get(speaker=speaker, key=key)
    return obj


def speaker_learn_profile(*, speaker: Speaker, profile: Profile) -> list[str]:
    """Fill the speaker's blank profile fields from what an article says
    they are. A field already set (learned from an earlier article, or an
    editor's) is kept; an editor's (`profile_locked`) even when blank. Each
    field is one conditional UPDATE, so an editor saving the profile at the
    same moment is never overwritten. Returns the fields it set."""
    learned = []
    for field in ("role", "organisation", "country"):
        value = getattr(profile, field)[: Speaker._meta.get_field(field).max_length]
        if not value:
            continue
        done = (
            Speaker.objects.filter(id=speaker.id, **{field: ""})
            .exclude(profile_locked__contains=[field])
            .update(**{field: value})
        )
        if done:
            setattr(speaker, field, value)
            learned.append(field)
    return learned
