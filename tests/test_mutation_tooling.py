"""bench/mutation.py and bench/mutmut_config.py: which modules, which tests, which mutants."""

import mutmut

from bench import mutation, mutmut_config

SOURCE = """from x import check, failed, passed

LIMIT = 90


@check(id="NET-002", controls=("cis-aws:6.3",))
def judge(thing):
    if thing.age > LIMIT:
        return failed(f"older than {LIMIT} days")
    if thing.kind == "provider":
        return failed("provider-managed")
    return passed("fresh")
"""


def _classified() -> dict[tuple[int, str], set[str | None]]:
    """(line number, source line) -> reasons the filter gives its mutants."""
    ctx = mutmut.Context(source=SOURCE, filename="judge.py")
    out: dict[tuple[int, str], set[str | None]] = {}
    for mid in mutmut.list_mutations(ctx):
        stack = mutmut_config._replay(SOURCE, "judge.py", mid)
        out.setdefault((mid.line_number + 1, mid.line.strip()), set()).add(
            mutmut_config.why_skip(stack)
        )
    return out


def test_metadata_and_reason_text_are_skipped_verdict_logic_is_run():
    by_line = {line: reasons for (_, line), reasons in _classified().items()}
    assert by_line['@check(id="NET-002", controls=("cis-aws:6.3",))'] == {"check metadata"}
    assert by_line['return failed(f"older than {LIMIT} days")'] == {"reason text"}
    assert by_line['return passed("fresh")'] == {"reason text"}
    # thresholds, comparisons and strings compared with provider values are mutated
    assert by_line["LIMIT = 90"] == {None}
    assert by_line["if thing.age > LIMIT:"] == {None}
    assert None in by_line['if thing.kind == "provider":']


def test_modules_are_the_aws_check_modules_and_the_shared_helpers():
    found = mutation.modules()
    assert found[0] == "checks/_common.py"
    assert "checks/network/security_group.py" in found
    assert "checks/iam/user.py" in found
    # GCP/Azure-only modules are not AWS check modules
    assert "checks/database/cloud_sql.py" not in found
    assert "checks/vault/key_vault.py" not in found


def test_tests_for_a_module_are_the_check_tests_that_import_it():
    assert "tests/checks/iam/test_user.py" in mutation.tests_for("checks/iam/user.py")
    assert all(t.startswith("tests/checks") for t in mutation.tests_for("checks/storage/bucket.py"))
    assert mutation.tests_for("checks/_common.py") == ["tests/checks"]
