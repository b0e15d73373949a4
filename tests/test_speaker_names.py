"""Who a speaker is, by name: a paper or channel known by its own name, the full name a bare
surname stands for, and the words that only open a sentence kept out of names."""
from __future__ import annotations

import pytest

from claims import extract
from claims.rules.attribution import is_person_name


def _claims(text: str):
    return {c.text: c for c in extract(text).claims}


@pytest.mark.parametrize("text, outlet", [
    ("According to the Lakeside Herald, 40 homes were flooded overnight.", "Lakeside Herald"),
    ("Riverside News reported that 300 families had left the valley.", "Riverside News"),
    ("Harbour Daily said 12 boats were lost in the storm.", "Harbour Daily"),
    # A known outlet of two words is no person, so it stays the outlet of what it reports.
    ("Associated Press reported that 300 families had left the valley.", "Associated Press"),
    ("The dam will cost US$3.6 billion, according to Al Jazeera, and take four years.", "Al Jazeera"),
])
def test_a_paper_or_channel_named_by_its_masthead_is_the_outlet(text, outlet):
    figure = next(c for c in extract(text).claims if c.kind.value == "statistic")
    assert figure.outlet == outlet


@pytest.mark.parametrize("text", [
    "American Express said 300 jobs would go by March.",  # a firm, though "express" ends some papers' names
    "The Chief Medical Examiner said 14 bodies had been identified.",
    "Northern Power said 2,000 homes were without electricity.",
])
def test_a_firm_or_an_office_is_no_outlet(text):
    figure = next(c for c in extract(text).claims if c.kind.value == "statistic")
    assert figure.speaker and figure.outlet is None


def test_a_bare_surname_is_the_full_name_the_text_gave_before():
    text = ("Independent candidate Mira Holtby spoke first at the forum. "
            "Holtby said 12 schools in the district would close next year.")
    claim = _claims(text)["12"]
    assert (claim.speaker, claim.speaker_canonical) == ("Holtby", "Mira Holtby")


def test_a_pronoun_after_a_bare_surname_finds_that_person():
    text = ("The debate opened with candidate Mira Holtby and the mayor, Ana Ruiz. "
            "Ruiz said the budget had grown. Holtby said taxes were too high. "
            "She added that 40 clinics had closed since 2019.")
    assert _claims(text)["40"].speaker_canonical == "Mira Holtby"


@pytest.mark.parametrize("text", [
    # A capitalised word right after it: "Dorn Foundation" is another name.
    "The Anna Dorn Foundation met on Monday. Dorn said 40 families had left the town.",
])
def test_a_surname_is_not_glued_to_a_run_of_capitals(text):
    claim = _claims(text)["40"]
    assert claim.speaker_canonical == "Dorn"


@pytest.mark.parametrize("text, person", [
    # A title or a place written in capitals before the name: the given name is the word
    # right before the surname.
    ("Delegates met Port Vale mayor Anna Dorn on Monday. Dorn said 40 families had left the town.", "Anna Dorn"),
    ("Chief Executive of Port Vale Carla Benn spoke. Benn said 40 families had left the town.", "Carla Benn"),
    ("Space Agency Administrator Jim Ostrow spoke. Ostrow said 40 families had left the town.", "Jim Ostrow"),
])
def test_a_surname_after_a_titled_run_of_capitals_is_the_full_name(text, person):
    assert _claims(text)["40"].speaker_canonical == person


def test_a_pronoun_after_a_titled_surname_finds_that_person():
    text = ("Councillor Ana Ruiz opened the session. Chief Executive of Port Vale Carla Benn spoke next. "
            "Benn said the port would reopen. She added that 40 boats had been repaired.")
    assert _claims(text)["40"].speaker_canonical == "Carla Benn"


@pytest.mark.parametrize("text, person", [
    # An age in the apposition, then what says the gender.
    ("Maria Dunne, 39, who has waived her right to anonymity, met officers Nicolas Ferrand and "
     "Paul Oster, 40 and 49, at a pub. She said 12 bottles had been opened.", "Maria Dunne"),
    # A given name that nearly always names a man is no "she".
    ("Councillor Ana Ruiz opened the session and Nicolas Ferrand, 49, spoke after her. "
     "She said 12 bridges needed repair.", "Ana Ruiz"),
])
def test_she_finds_a_woman_the_text_or_her_given_name_says_is_one(text, person):
    assert _claims(text)["12"].speaker_canonical == person


def test_words_that_open_a_sentence_are_no_part_of_a_name():
    text = ("While Ola Brandt waited outside, the council voted. "
            "Brandt said 30 people were hurt in the crush.")
    claim = _claims(text)["30"]
    assert claim.speaker_canonical == "Ola Brandt"


@pytest.mark.parametrize("header, outlet", [
    ("Reuters:", "Reuters"),
    ("BBC News:", "BBC News"),
    ("Key Reforms include:", None),  # a lead-in to a list, no outlet
    ("It goes further:", None),
])
def test_a_line_naming_an_outlet_makes_it_the_channel_of_what_follows(header, outlet):
    text = (f"{header}\nThe port authority said on Monday that 40 ships were waiting to unload their cargo at "
            "the main harbour, and that the delays would last a week.\n")
    figure = next(c for c in extract(text).claims if c.text == "40")
    assert figure.outlet == outlet


def test_a_surname_after_a_linking_word_is_the_full_name():
    text = ("The debate featured nominee Ada Quell and two others. And Quell, the Green candidate, "
            "spoke first. Quell said 40 schools were closing. She noted that 12 had reopened.")
    claims = _claims(text)
    assert claims["40"].speaker_canonical == "Ada Quell"
    assert claims["12 had reopened"].speaker_canonical == "Ada Quell"


@pytest.mark.parametrize("name, person", [
    ("Bashar al-Assad", True), ("Ludwig van Beethoven", True), ("Charles de Gaulle", True),
    ("also CIA", False),  # "also" opens with "al" but is no particle
    ("delegates Smith", False),
])
def test_a_name_particle_is_a_whole_word(name, person):
    assert is_person_name(name) is person


def test_a_pronoun_right_after_a_described_speaker_is_theirs():
    text = ("Defence minister Ana Ruiz said the raid had ended. A local official, who asked not to be "
            "named, told AFP the toll could be higher. “We counted more than 50 bodies,” he said.")
    claim = _claims(text)["more than 50"]
    assert (claim.speaker, claim.speaker_canonical) == ("he", "local official")


def test_a_person_named_after_the_described_speaker_is_the_pronoun_s():
    text = ("A local official told AFP the toll could be higher. Ana Ruiz, the defence minister, then spoke. "
            "“We counted more than 50 bodies,” she said.")
    assert _claims(text)["more than 50"].speaker_canonical == "Ana Ruiz"


def test_a_surname_written_without_its_particle_is_the_same_person():
    text = ("Security analyst Mohamed el-Saidi told Reuters the group was small. "
            "Saidi added that 40 of its fighters came from abroad.")
    claim = _claims(text)["40"]
    assert (claim.speaker, claim.speaker_canonical) == ("Saidi", "Mohamed el-Saidi")


def test_what_is_added_in_a_participle_is_said_by_who_said_the_rest():
    text = "Troops killed 12 militants, the defence ministry said in a statement on Tuesday, adding that two soldiers died."
    claims = _claims(text)
    assert claims["two"].speaker == "the defence ministry"
    assert claims["12"].outlet is None  # "on Tuesday" is when, not through whom


def test_it_is_the_body_named_before_when_it_says_something():
    claims = _claims("The Harbour Company said profits fell. It said 300 jobs would go.")
    assert (claims["300"].speaker, claims["300"].speaker_canonical) == ("It", "Harbour Company")


@pytest.mark.parametrize("text", [
    "The study is short. It suggests that 300 rats learned the task.",  # a finding, not a body speaking
    "The harbour froze. It said 300 jobs would go.",  # no body named before it
])
def test_it_without_a_body_that_speaks_is_no_speaker(text):
    assert _claims(text)["300"].speaker is None


def test_a_person_described_then_named_is_who_he_means():
    text = ("Interior Minister Hedi Marzouk said the number was closer to 2,900. A ministry spokesman, "
            "Yasser Mansour, went further. He told the Tunis Afrique Presse agency (TAP) that no more than "
            "3,000 Tunisians were fighting.")
    claims = _claims(text)
    assert claims["closer to 2,900"].qualifier.value == "approx"
    figure = claims["no more than 3,000"]
    assert (figure.speaker_canonical, figure.role, figure.outlet) == ("Yasser Mansour", "ministry spokesman",
                                                                       "Tunis Afrique Presse")


def test_past_someone_a_pronoun_cannot_be_a_person_of_unknown_gender_is_no_answer():
    text = ("Interior Minister Hedi Marzouk spoke on Monday. A ministry spokesman, Yasser Mansour, went further. "
            "A researcher told me the count leaves out Libya. “You are easily past 6,000,” she said.")
    assert _claims(text)["6,000"].speaker_canonical is None


def test_a_lone_surname_spelt_another_way_is_the_person_named_before():
    text = ("The bureau head, Abdelhak el-Khayam, spoke on Monday. In an interview with AFP in April 2017, "
            "Khiam put the number of fighters abroad at 1,664.")
    claim = _claims(text)["1,664"]
    assert (claim.speaker, claim.speaker_canonical, claim.outlet) == ("Khiam", "Abdelhak el-Khayam", "AFP")


def test_a_paper_in_apposition_is_no_person_and_stays_the_channel():
    text = ("Speaking to the Moroccan daily Al Massae, the bureau head, Abdelhak el-Khayam, said the bureau "
            "had broken up 48 cells.")
    claim = _claims(text)["48"]
    assert (claim.speaker_canonical, claim.outlet) == ("Abdelhak el-Khayam", "Al Massae")


def test_a_discourse_adverb_after_the_speaker_is_no_part_of_it():
    claim = _claims("The interior ministry, by contrast, has given a figure of between 1,200 and 1,400.")
    assert claim["between 1,200 and 1,400"].speaker == "The interior ministry"


def test_a_pronoun_after_a_titled_surname_alone_finds_it():
    text = ("The foreign ministers of Greece and Cyprus, Nikos Dendas and Ana Ruiz, met on Wednesday. "
            "At the opening of a pipeline, Turkish president Erdoğan called for cooperation. "
            "“No project excluding our country can go ahead,” he said, adding that 12 ships would patrol.")
    assert _claims(text)["12"].speaker_canonical == "Erdoğan"


@pytest.mark.parametrize("text", [
    "President Bashar al-Assad spoke first. He said 12 towns had been retaken.",  # a particle: the name goes on
    "The Governor General opened parliament. He said 12 bills would be read.",  # a title, not a surname
])
def test_a_title_before_a_longer_name_or_another_title_is_no_lone_surname(text):
    assert _claims(text)["12"].speaker_canonical not in ("Bashar", "General")
