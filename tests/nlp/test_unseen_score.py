"""End-to-end F1 on invented articles whose gold was written blind, by
someone who had not read the extractor and never ran it on them.

- Set B (tests/fixtures/unseen): F1 0.887 when added. It was then used for
  error analysis (headline "X on Y:" quotes, "as X put it", reply nouns before
  a colon, title-case titles, verbs of promising, business roles, plural
  possessives inside ‘single’ quotes) and scored 0.957, so it is now a
  regression floor, not a measure of generalisation.
- Set E (tests/fixtures/tuning): written for tuning the attribution sieves;
  a regression set.
- Set D (tests/fixtures/unseen3): blind, written for this round's
  attribution work and scored once before and once after it.
- Set F (tests/fixtures/unseen4): written blind for the ranker round in
  styles no other set has (transcripts, earnings calls, obituaries, columns,
  fact checks); scored once before and once after that round. Since the
  calibration round it trains the confidence table and the ranker's
  confidence model (never the rules): a regression set, no longer blind.
- Set G (tests/fixtures/training): written to train the attribution ranker;
  tuned on, so a regression set.
- Set H (tests/fixtures/unseen5): written blind as training data, scored once
  (0.870) before training on it; kept blind until the calibration round,
  since which it trains the confidence table and the ranker's confidence
  model like F: a regression set, no longer blind.
- Set F's misses were read in stop 24 and rules were fixed on them
  (0.726 -> 0.847): a tuning set since.
- Set K (tests/fixtures/training2): written in stop 24 by someone who had
  not read the extractor, as a tuning set (0.837 before that stop's fixes).
- Set L (tests/fixtures/unseen8): written blind in stop 24, scored once
  before and once after it; never read.
- Set M (tests/fixtures/training3): US political news, written in stop 24
  as a tuning set (0.899 on the code that stop started from, 0.920 with its
  fixes before any were found on M, 0.945 after).
- Set N (tests/fixtures/unseen9): US political news, written blind in stop
  24, scored once before and once after it; never read.
- Set I (tests/fixtures/unseen6): written blind this stop, scored once before
  and once after it; never read.
- Set J (tests/fixtures/unseen7): written blind in stop 23, scored once
  before and once after it; never read.
- Set O (tests/fixtures/unseen10): the seeds' story as other outlets told it,
  written blind in stop 25, scored once before and once after it; never read.
- Set P (tests/fixtures/unseen11): seven beats in outlet styles from outside
  the US mainstream, written blind in stop 25, scored once before and once
  after it; never read.
- Set Q (tests/fixtures/training4): the seeds' story as other outlets told
  it, written in stop 25 as a tuning set (0.702 before that stop's fixes).
- Set R (tests/fixtures/calibration): written blind in stop 25 to fit the
  confidence's calibration on; its misses are never read (0.905 when added).
- Set S (tests/fixtures/training5): seven beats, written blind of the
  extractor in stop 26 as a tuning set (0.818 on the code that stop started
  from, 0.902 after its fixes, found on S and V).
- Set V (tests/fixtures/training6): the seeds' story by twelve invented
  outlets in styles no set had (newsletters, fact checks, transcripts),
  written in stop 26 as a tuning set (0.825 before that stop's fixes, 0.923
  after).
- Set T (tests/fixtures/unseen12): written blind in stop 26; scored once
  before (0.808) and once after (0.813) that stop's work. Never read.
- Sets W and Y (tests/fixtures/training7, training8): US political news,
  written blind of the extractor in stop 27 as tuning sets (0.849 and 0.865
  on the code that stop started from, 0.962 and 0.948 after its fixes).
- Set X (tests/fixtures/unseen13): US political news, written blind in stop
  27; scored once before (0.864) and once after (0.885) that stop's work.
  Never read.
- Set C (tests/fixtures/unseen2): never used for tuning. F1 0.888 on the
  extractor before that round, 0.892 after it: the honest figure.

The floors guard against regressions; raising a score means generalising,
not fitting these texts (add new rows to test_extraction_table instead)."""
import pytest

from tests.nlp.scoring import FIXTURES, end_to_end_f1

SETS = {
    "B": (FIXTURES / "unseen", "u0*.txt", "unseen_quotes.json", 0.92),
    "C": (FIXTURES / "unseen2", "c0*.txt", "c_quotes.json", 0.86),
    # Set E (tests/fixtures/tuning) was written around the attribution
    # failures and tuned on: 0.437 before the sieves, 0.879 after. A regression floor.
    "E": (FIXTURES / "tuning", "e*.txt", "e_quotes.json", 0.85),
    # Set D (tests/fixtures/unseen3, 26 articles in two parts): blind, never
    # tuned on or read. 0.630 before the attribution sieves, 0.773 after;
    # 0.785 and 0.797 after the two rounds since; 0.797 after the calibration
    # round, whose confidence >= 0.9 was right 98.3% of 235 (96.1% of 305 before).
    "D": (FIXTURES / "unseen3", "part*/d*.txt", "part1/d1_quotes.json,{folder}/part2/d2_quotes.json", 0.75),
    # Set F (tests/fixtures/unseen4, 16 articles): never tuned on or read;
    # blind until the calibration round (0.694 before the ranker round, 0.726
    # after, project scorer), since then a confidence training set; its misses
    # were read and fixed on in stop 24 (0.726 -> 0.847): a tuning set.
    "F": (FIXTURES / "unseen4", "f*.txt", "f_quotes.json", 0.82),
    # Set G (tests/fixtures/training): the ranker's training set, and where
    # this round's stage-2 fixes were found: 0.758 before, 0.881 after.
    "G": (FIXTURES / "training", "g*.txt", "g_quotes.json", 0.85),
    # Set H (tests/fixtures/unseen5, 15 articles): scored blind once at 0.870;
    # since the calibration round a confidence training set (never read).
    "H": (FIXTURES / "unseen5", "h*.txt", "h_quotes.json", 0.84),
    # Set I (tests/fixtures/unseen6, 15 articles): blind, 0.887 before the
    # attribution round that wrote it, 0.882 after; 0.882 after the calibration
    # round, whose confidence >= 0.9 was right 96.0% of 124 (89.6% of 154 before).
    "I": (FIXTURES / "unseen6", "i*.txt", "i_quotes.json", 0.85),
    # Set J (tests/fixtures/unseen7, 15 articles, 4 cross-outlet stories):
    # written blind in stop 23; 0.810 before that stop's work and 0.810 after
    # (confidence >= 0.9 right 92.0% of 138 -> 94.4% of 124). Never read.
    "J": (FIXTURES / "unseen7", "j*.txt", "j_quotes.json", 0.78),
    # Set K (tests/fixtures/training2, 15 articles): written in stop 24 as a
    # tuning set; 0.837 before that stop's fixes, 0.931 after. A regression floor.
    "K": (FIXTURES / "training2", "k*.txt", "k_quotes.json", 0.90),
    # Set L (tests/fixtures/unseen8, 15 articles, 4 cross-outlet stories):
    # written blind in stop 24; 0.838 before that stop's work. Never read.
    "L": (FIXTURES / "unseen8", "l*.txt", "l_quotes.json", 0.80),
    # Set M (tests/fixtures/training3, 15 US political articles): a tuning set
    # since stop 24; 0.899 -> 0.945 in that stop. A regression floor.
    "M": (FIXTURES / "training3", "m*.txt", "m_quotes.json", 0.92),
    # Set N (tests/fixtures/unseen9, 15 US political articles): written blind
    # in stop 24; 0.918 before that stop's work. Never read.
    "N": (FIXTURES / "unseen9", "n*.txt", "n_quotes.json", 0.88),
    # Set O (tests/fixtures/unseen10, 12 articles on the seeds' story): written
    # blind in stop 25; 0.766 before that stop's work, 0.783 after. Never read.
    "O": (FIXTURES / "unseen10", "o*.txt", "o_quotes.json", 0.75),
    # Set P (tests/fixtures/unseen11, 14 articles, seven beats): written blind
    # in stop 25; 0.773 before that stop's work, 0.798 after. Never read.
    "P": (FIXTURES / "unseen11", "p*.txt", "p_quotes.json", 0.76),
    # Set Q (tests/fixtures/training4, 12 articles on the seeds' story): a
    # tuning set since stop 25; 0.702 -> 0.892 in that stop. A regression floor.
    "Q": (FIXTURES / "training4", "q*.txt", "q_quotes.json", 0.86),
    # Set R (tests/fixtures/calibration, 14 articles): the calibration's set,
    # never read; 0.905 when added in stop 25.
    "R": (FIXTURES / "calibration", "r*.txt", "r_quotes.json", 0.87),
    # Set S (tests/fixtures/training5, 14 articles, seven beats): a tuning set
    # since stop 26; 0.818 -> 0.902 in that stop. A regression floor.
    "S": (FIXTURES / "training5", "s*.txt", "s_quotes.json", 0.87),
    # Set V (tests/fixtures/training6, 12 articles on the seeds' story): a
    # tuning set since stop 26; 0.825 -> 0.923 in that stop (0.929 after stop 27). A regression floor.
    "V": (FIXTURES / "training6", "v*.txt", "v_quotes.json", 0.87),
    # Set T (tests/fixtures/unseen12, 14 articles, the seeds' story and three
    # other stories): written blind in stop 26; 0.808 before that stop's
    # work, 0.813 after. Never read.
    "T": (FIXTURES / "unseen12", "t*.txt", "t_quotes.json", 0.78),
    # Sets W and Y (tests/fixtures/training7 and training8, 12 US political
    # articles each): tuning sets since stop 27 (0.849 -> 0.962, 0.865 -> 0.948).
    "W": (FIXTURES / "training7", "w*.txt", "w_quotes.json", 0.93),
    "Y": (FIXTURES / "training8", "y*.txt", "y_quotes.json", 0.92),
    # Set X (tests/fixtures/unseen13, 12 US political articles): written blind
    # in stop 27; 0.864 before that stop's work, 0.885 after. Never read.
    "X": (FIXTURES / "unseen13", "x*.txt", "x_quotes.json", 0.85),
}


@pytest.mark.usefixtures("shared")  # skips without ../shared, fails under CI=true
@pytest.mark.parametrize("name", sorted(SETS))
def test_unseen_end_to_end_f1(nlp, tmp_path, name):
    folder, pattern, gold, floor = SETS[name]
    f1, _ = end_to_end_f1(nlp, sorted(folder.glob(pattern)), folder / gold.format(folder=folder), tmp_path)
    # Only the score is shown on failure: printing set C's misses would invite fitting them.
    assert f1 >= floor, f"set {name}: end-to-end F1 {f1:.3f} below the floor {floor}"
