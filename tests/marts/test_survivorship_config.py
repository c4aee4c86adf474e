"""Bad survivorship configuration stops dbt before anything runs, with a sentence that says what to fix.

Each case parses the project (`dbt parse`, no warehouse needed) with var customer_survivorship replaced on
the command line, and checks dbt's error names the mistake. The cases parse in one dbt process
(support.parse_failures).
"""

from __future__ import annotations

import pytest

from tests import support

DEFAULT = {
    "full_name": {"strategies": ["most_recent"]},
    "email": {"strategies": ["most_recent"]},
    "phone": {"strategies": ["most_recent"]},
    "date_of_birth": {"strategies": ["most_recent"]},
    "province_code": {"strategies": ["most_recent"]},
    "gender": {"strategies": ["most_recent"]},
}

CASES = {
    "unknown_attribute": (
        {**DEFAULT, "nickname": {"strategies": ["most_recent"]}},
        "unknown attribute 'nickname'; configure only full_name, email, phone, date_of_birth, province_code, "
        "gender.",
    ),
    "unknown_strategy": (
        {**DEFAULT, "phone": {"strategies": ["most_used"]}},
        "attribute 'phone' has unknown strategy 'most_used'; use source_priority, most_recent, "
        "most_frequent, valid_first, most_complete.",
    ),
    "unknown_source": (
        {
            **DEFAULT,
            "date_of_birth": {"strategies": ["source_priority"], "sources": ["loyalty", "crm_contacts"]},
        },
        "attribute 'date_of_birth' has unknown source 'loyalty'; use identity source tables:",
    ),
    "source_priority_without_sources": (
        {**DEFAULT, "full_name": {"strategies": ["source_priority", "most_recent"]}},
        "attribute 'full_name' uses source_priority but has no sources list; add sources: [...]",
    ),
    "attribute_missing": (
        {key: value for key, value in DEFAULT.items() if key != "gender"},
        "attribute 'gender' is not configured; add gender: {strategies: [most_recent]}",
    ),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    cases = {case: {"customer_survivorship": config} for case, (config, _) in CASES.items()}
    return support.parse_failures(tmp_path_factory.mktemp("survivorship_config"), cases)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_configuration_fails_at_compile_time(case: str, outputs: dict[str, str]) -> None:
    message = CASES[case][1]
    assert message in outputs[case], outputs[case][-2000:]
