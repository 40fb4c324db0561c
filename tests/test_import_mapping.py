"""The mapping file: every wrong name is an error with the file, the line and a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from plazo.interpreter.importers import PRODUCTS, MappingError, load_mapping

ROOT = Path(__file__).resolve().parent.parent
HEAD = 'product = "zendesk"\npolicy = "{policy}"\n'


def mapping_error(tmp_path: Path, body: str, product: str = "zendesk") -> MappingError:
    path = tmp_path / "map.toml"
    head = HEAD.replace("zendesk", product).format(policy=ROOT / "policies" / "intcomex.plazo")
    path.write_text(head + body, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(str(path), PRODUCTS[product])
    return caught.value


@pytest.mark.parametrize(("body", "line", "problem", "hint"), [
    ("statuss = {}\n", 3, "unknown key 'statuss'", "did you mean 'statuses'?"),
    ("[statuses]\nopen = \"ignore\"\nsolvd = \"resolved\"\n", 5, "zendesk has no status 'solvd'",
     "did you mean 'solved'?"),
    ("[statuses]\nsolved = \"resolvd\"\n", 4, "policy intcomex has no event 'resolvd'", "did you mean 'resolved'?"),
    ("[statuses]\nhold = \"status:backlog\"\n", 4, "policy intcomex has no status 'backlog'",
     "it declares: none"),
    ("[comments]\nagnet = \"agent_message\"\n", 4, "zendesk has no comment kind 'agnet'", "did you mean 'agent'?"),
    ("[fields.priority]\nto = \"severty\"\n", 4, "policy intcomex has no field 'severty'",
     "did you mean 'severity'?"),
    ("[fields.priorty]\nto = \"severity\"\n", 3, "zendesk has no field 'priorty'", "did you mean 'priority'?"),
    ("[fields.priority]\nto = \"severity\"\nvalues = { urgent = \"a\", high = \"bb\" }\n", 5,
     "unknown value 'bb' for field severity", "did you mean 'b'?"),
    ("[fields.priority]\nto = \"severity\"\nvaluse = {}\n", 5, "unknown key 'valuse' in fields.priority",
     "did you mean 'values'?"),
    ("[fields.group_id]\nevents = { \"2\" = \"escalatd\" }\n", 4, "policy intcomex has no event 'escalatd'",
     "did you mean 'escalated'?"),
    ("[fields.status]\nto = \"severity\"\n", 3, "zendesk's status is mapped in [statuses], not as a field", None),
    ("[records]\nNotifcation = \"acknowledged\"\n", 4, "zendesk has no record 'Notifcation'",
     "did you mean 'Notification'?"),
])
def test_a_wrong_name_is_reported_with_its_line(tmp_path: Path, body: str, line: int, problem: str,
                                                hint: str | None) -> None:
    error = mapping_error(tmp_path, body)
    assert (error.file, error.line, error.problem, error.hint) == (str(tmp_path / "map.toml"), line, problem, hint)


def test_a_mapping_for_another_product_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text(HEAD.format(policy=ROOT / "policies" / "intcomex.plazo"), encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(str(path), PRODUCTS["jira"])
    assert caught.value.line == 1 and caught.value.problem == "this mapping is for 'zendesk', not jira"


def test_a_mapping_needs_its_policy(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('product = "zendesk"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="the mapping must name its policy"):
        load_mapping(str(path), PRODUCTS["zendesk"])


def test_jira_statuses_are_the_workflows_but_its_fields_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text(f'policy = "{ROOT / "policies" / "ikhodi.plazo"}"\n[statuses]\n"Triage" = "ignore"\n'
                    '[fields.customfield_10050]\nto = "category"\n', encoding="utf-8")
    mapping = load_mapping(str(path), PRODUCTS["jira"])
    assert mapping.statuses["Triage"] == () and mapping.fields["customfield_10050"] is not None
    path.write_text(f'policy = "{ROOT / "policies" / "ikhodi.plazo"}"\n[fields.custom_10050]\nto = "category"\n',
                    encoding="utf-8")
    with pytest.raises(MappingError, match="jira has no field 'custom_10050'"):
        load_mapping(str(path), PRODUCTS["jira"])


def test_not_toml_names_the_line(tmp_path: Path) -> None:
    error = mapping_error(tmp_path, "[statuses\n")
    assert error.line == 3 and error.problem.startswith("not TOML")


def test_the_example_mappings_load() -> None:
    for product in PRODUCTS:
        mapping = load_mapping(str(ROOT / "examples" / "imports" / f"{product}.toml"), PRODUCTS[product])
        assert mapping.product.name == product
