"""Organizations as records: one per country and folded name."""

import pytest

from forum.errors import ValidationError
from tests.factories import make_organization


def test_two_spellings_of_one_name_in_one_country_are_one_record(ctx):
    first = make_organization("Ministério da Saúde", "BR")
    assert make_organization("  MINISTERIO  da saude ", "BR").id == first.id
    other_country = make_organization("Ministério da Saúde", "PT")
    assert other_country.id != first.id and other_country.slug != first.slug


def test_unknown_type_or_country_names_the_field(ctx):
    with pytest.raises(ValidationError) as error:
        make_organization("Fiocruz", "BR", type="company")
    assert error.value.field == "type"
    with pytest.raises(ValidationError) as error:
        make_organization("Fiocruz", "XX")
    assert error.value.field == "country"
